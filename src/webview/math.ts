import katex, { type KatexOptions } from 'katex';
import { escapeHtml } from './escape';

/**
 * How every formula from a document is typeset. `trust: false` refuses \href, \url,
 * \includegraphics and \html*; `maxSize` and `maxExpand` bound what a hostile macro can allocate.
 *
 * Errors are shown, never thrown, but not by KaTeX's `throwOnError: false`: its error element
 * carries an inline `style` attribute, which the webview's CSP (no 'unsafe-inline') refuses and
 * reports. So KaTeX throws, and mathFailure draws the same element (source, marked, the error as
 * its title) with the colour from the stylesheet.
 */
export function katexOptions(displayMode: boolean): KatexOptions {
  return { displayMode, trust: false, throwOnError: true, strict: 'ignore', maxSize: 20, maxExpand: 500, output: 'htmlAndMathml' };
}

export interface MathFailure {
  className: 'katex-error';
  text: string;
  title: string;
}

export function mathFailure(latex: string, error: unknown): MathFailure {
  const reason = error instanceof Error ? error.message : String(error);
  return { className: 'katex-error', text: String(latex), title: reason };
}

export function renderMathToString(latex: string, display: boolean): string {
  try {
    return katex.renderToString(latex, katexOptions(display));
  } catch (error) {
    const failure = mathFailure(latex, error);
    return `<span class="${failure.className}" title="${escapeHtml(failure.title)}">${escapeHtml(failure.text)}</span>`;
  }
}
