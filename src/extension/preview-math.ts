/**
 * Typesets a bare display environment for the Markdown preview with KaTeX, with the options the
 * report uses, row by row in a table so that each row's badges sit beside it: align's cells
 * alternate right- and left-aligned as LaTeX sets them, gather and equation are centered.
 * Loaded on the first rendering that needs it (KaTeX is most of its weight).
 */
import katex from 'katex';
import { escapeHtml } from '../webview/escape';
import { katexOptions } from '../webview/math';
import type { DisplayEnvironment } from './display-environments';

// Numbering and labels are LaTeX's cross-references, which KaTeX does not set inside a row.
const NOT_TYPESET = /\\(?:label|tag\*?)\s*\{[^{}]*\}|\\(?:nonumber|notag)(?![a-zA-Z])/g;

function typesetCell(latex: string, column: number, columns: DisplayEnvironment['columns']): string {
  // The right half of an align pair starts with `{}`, as amsmath's does, so `= b` spaces as a relation.
  const lead = columns === 'aligned' && column % 2 === 1 ? '{}' : '';
  return katex.renderToString(`\\displaystyle ${lead}${latex.replace(NOT_TYPESET, '')}`, katexOptions(false));
}

/**
 * The environment as HTML, `badges[i]` beside row i. Throws when KaTeX cannot typeset a row:
 * the caller then shows the source as it was.
 */
export function typesetEnvironment(environment: DisplayEnvironment, badges: string[], line: number): string {
  const width = Math.max(1, ...environment.rows.map((row) => row.cells.length));
  const rows = environment.rows.map((row, r) => {
    const cells = Array.from({ length: width }, (_, c) => {
      const side = environment.columns === 'centered' ? 'center' : c % 2 === 0 ? 'right' : 'left';
      const latex = row.cells[c];
      return `<td class="gradcheck-cell gradcheck-${side}">${latex === undefined ? '' : typesetCell(latex, c, environment.columns)}</td>`;
    });
    return `<tr>${cells.join('')}<td class="gradcheck-row-badges">${badges[r] ?? ''}</td></tr>`;
  });
  // code-line and data-line: the preview's scroll sync finds the block by its source line.
  return `<table class="gradcheck-math code-line" data-line="${line}" aria-label="${escapeHtml(environment.name)}"><tbody>${rows.join('')}</tbody></table>\n`;
}
