import katex from 'katex';
import { isMath, type Markup } from '../markup';
import { katexOptions, mathFailure } from '../math';

const SVG_NS = 'http://www.w3.org/2000/svg';

/**
 * Up to this many formulas a drawing typesets them all at once (a few milliseconds each); past
 * it, a formula is typeset when it scrolls near the view, so a thousand-claim document stays live.
 */
const EAGER_FORMULAS = 200;

interface Formula {
  latex: string;
  display: boolean;
}

const keyOf = (f: Formula): string => `${f.display ? 'D' : 'I'}${f.latex}`;

/**
 * Typesets the formulas of each drawing, reusing the elements typeset for the last one: the panel
 * redraws on every edit, and most formulas are unchanged. KaTeX builds its DOM itself and sets
 * sizes through the CSSOM, which the page's CSP allows (it refuses inline style attributes).
 */
export class MathTypesetter {
  private done = new Map<string, HTMLElement[]>();
  private kept = new Map<string, HTMLElement[]>();
  private readonly waiting = new WeakMap<Element, Formula>();
  private readonly observer: IntersectionObserver;
  private lazy = false;

  constructor(private readonly doc: Document) {
    this.observer = new IntersectionObserver((entries) => {
      for (const entry of entries) if (entry.isIntersecting) this.typesetWaiting(entry.target);
    }, { rootMargin: '400px 0px' });
  }

  /** Before a drawing: `formulas` is how many it holds. */
  begin(formulas: number): void {
    this.observer.disconnect();
    this.lazy = formulas > EAGER_FORMULAS;
    this.kept = new Map();
  }

  /** After a drawing: typeset elements it did not reuse are let go. */
  finish(): void {
    this.done = this.kept;
  }

  element(formula: Formula): HTMLElement {
    const key = keyOf(formula);
    const reused = this.done.get(key)?.pop();
    if (reused) {
      this.keep(key, reused);
      return reused;
    }
    const host = this.doc.createElement(formula.display ? 'div' : 'span');
    host.className = 'math';
    if (this.lazy) {
      host.classList.add('pending');
      host.textContent = formula.latex;
      this.waiting.set(host, formula);
      this.observer.observe(host);
    } else {
      this.typeset(host, formula);
      this.keep(key, host);
    }
    return host;
  }

  private keep(key: string, host: HTMLElement): void {
    this.kept.set(key, [...(this.kept.get(key) ?? []), host]);
  }

  private typesetWaiting(host: Element): void {
    const formula = this.waiting.get(host);
    this.observer.unobserve(host);
    if (!formula || !(host instanceof HTMLElement)) return;
    this.waiting.delete(host);
    this.typeset(host, formula);
    host.classList.remove('pending');
    // Typeset after its drawing finished: the next drawing may reuse it.
    const key = keyOf(formula);
    this.done.set(key, [...(this.done.get(key) ?? []), host]);
  }

  /** A formula KaTeX cannot read shows as its source, marked, with the reason as its title. */
  private typeset(host: HTMLElement, formula: Formula): void {
    try {
      katex.render(formula.latex, host, katexOptions(formula.display));
    } catch (error) {
      const failure = mathFailure(formula.latex, error);
      const marked = this.doc.createElement('span');
      marked.className = failure.className;
      marked.title = failure.title;
      marked.textContent = failure.text;
      host.replaceChildren(marked);
    }
  }
}

export function countFormulas(node: Markup): number {
  if (typeof node === 'string') return 0;
  if (isMath(node)) return 1;
  return node.children.reduce((sum, child) => sum + countFormulas(child), 0);
}

/** Builds real nodes from the tree: text is always set as text, never parsed as HTML. */
export function toDom(node: Markup, doc: Document, math: MathTypesetter, inSvg = false): Node {
  if (typeof node === 'string') return doc.createTextNode(node);
  if (isMath(node)) return math.element({ latex: node.math, display: node.display });
  const svg = inSvg || node.tag === 'svg';
  const element = svg ? doc.createElementNS(SVG_NS, node.tag) : doc.createElement(node.tag);
  for (const [name, value] of Object.entries(node.attrs)) {
    // The namespace is the element's own; as an attribute it would be redundant.
    if (name !== 'xmlns') element.setAttribute(name, value);
  }
  for (const child of node.children) element.appendChild(toDom(child, doc, math, svg));
  return element;
}
