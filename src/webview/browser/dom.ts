import katex from 'katex';
import { isMath, type Markup } from '../markup';
import { katexOptions, mathFailure } from '../math';

const SVG_NS = 'http://www.w3.org/2000/svg';

/**
 * KaTeX builds its DOM itself and sets sizes through the CSSOM, which the page's CSP allows
 * (it forbids inline style attributes). A formula KaTeX cannot read shows as its source.
 */
function mathNode(latex: string, display: boolean, doc: Document): Node {
  const host = doc.createElement(display ? 'div' : 'span');
  host.className = 'math';
  try {
    katex.render(latex, host, katexOptions(display));
  } catch (error) {
    const failure = mathFailure(latex, error);
    const marked = doc.createElement('span');
    marked.className = failure.className;
    marked.title = failure.title;
    marked.textContent = failure.text;
    host.replaceChildren(marked);
  }
  return host;
}

/** Builds real nodes from the tree: text is always set as text, never parsed as HTML. */
export function toDom(node: Markup, doc: Document, inSvg = false): Node {
  if (typeof node === 'string') return doc.createTextNode(node);
  if (isMath(node)) return mathNode(node.math, node.display, doc);
  const svg = inSvg || node.tag === 'svg';
  const element = svg ? doc.createElementNS(SVG_NS, node.tag) : doc.createElement(node.tag);
  for (const [name, value] of Object.entries(node.attrs)) {
    // The namespace is the element's own; as an attribute it would be redundant.
    if (name !== 'xmlns') element.setAttribute(name, value);
  }
  for (const child of node.children) element.appendChild(toDom(child, doc, svg));
  return element;
}
