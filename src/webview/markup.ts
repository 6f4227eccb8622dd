/**
 * A small element tree that every view returns. Two renderers read it: `toHtml` here (tests,
 * static pages) and `toDom` in the webview, which builds nodes with createElement and textContent
 * and so never parses a string as HTML. Tag and attribute names come from our code only; every
 * text and attribute value may come from the document and is escaped (or set as text).
 */
import { escapeHtml } from './escape';
import { renderMathToString } from './math';

export interface MarkupElement {
  tag: string;
  attrs: Record<string, string>;
  children: Markup[];
}

/** LaTeX to be typeset by KaTeX where it is rendered. */
export interface MathMarkup {
  math: string;
  display: boolean;
}

export type Markup = MarkupElement | MathMarkup | string;

type AttrValue = string | number | boolean | undefined | null;
type Child = Markup | Child[] | false | null | undefined;

export function isMath(node: Markup): node is MathMarkup {
  return typeof node === 'object' && 'math' in node;
}

/** `false`, `null` and `undefined` attributes are left out; `true` is a present boolean attribute. */
export function h(tag: string, attrs: Record<string, AttrValue> = {}, ...children: Child[]): MarkupElement {
  const kept: Record<string, string> = {};
  for (const [name, value] of Object.entries(attrs)) {
    if (value === false || value === null || value === undefined) continue;
    kept[name] = value === true ? '' : String(value);
  }
  return { tag, attrs: kept, children: flatten(children) };
}

function flatten(children: Child[]): Markup[] {
  const out: Markup[] = [];
  for (const child of children) {
    if (child === false || child === null || child === undefined) continue;
    if (Array.isArray(child)) out.push(...flatten(child));
    else out.push(child);
  }
  return out;
}

export function math(latex: string, display = false): MathMarkup {
  return { math: latex, display };
}

const VOID_TAGS = new Set(['br', 'hr', 'img', 'input', 'link', 'meta']);

export function toHtml(node: Markup): string {
  if (typeof node === 'string') return escapeHtml(node);
  if (isMath(node)) return renderMathToString(node.math, node.display);
  const attrs = Object.entries(node.attrs).map(([name, value]) => ` ${name}="${escapeHtml(value)}"`).join('');
  if (VOID_TAGS.has(node.tag)) return `<${node.tag}${attrs}>`;
  return `<${node.tag}${attrs}>${node.children.map(toHtml).join('')}</${node.tag}>`;
}
