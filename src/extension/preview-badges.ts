/**
 * Badges in VS Code's Markdown preview: a ✓, ✗ or ? after each checked equation, the finding as
 * its title. A markdown-it plugin (contributes.markdown.markdownItPlugins); the extension's
 * activate returns `{ extendMarkdownIt: gradcheckMarkdownIt }`.
 *
 * markdown-it renders synchronously, so the checker runs in-process, and only when HTML is
 * rendered: VS Code also tokenizes every Markdown document with this instance (outline, folding,
 * links) on each edit, and that must stay cheap. Parsing only marks the blocks that hold math;
 * the renderer checks the text once per rendering and fills the marks in. Whatever the document
 * holds, the preview renders: a failure anywhere here costs the badges, never the page.
 */
import type { Claim, Report } from '../core/report';
import { escapeHtml } from '../webview/escape';
import { STATUS_TEXT } from '../webview/report-text';

/** The parts of markdown-it this plugin touches (markdown-it ships no types of its own). */
export interface MarkdownToken {
  type: string;
  map: [number, number] | null;
  nesting: number;
  level: number;
  block: boolean;
  content: string;
  info: string;
  meta: unknown;
}

interface CoreState {
  src: string;
  tokens: MarkdownToken[];
  Token: new (type: string, tag: string, nesting: number) => MarkdownToken;
}

type RenderRule = (tokens: MarkdownToken[], index: number, options: unknown, env: unknown, self: unknown) => string;

export interface MarkdownIt {
  core: { ruler: { push(name: string, rule: (state: CoreState) => void): void } };
  renderer: { rules: Record<string, RenderRule | undefined> };
}

/**
 * Past this size the in-process check would hold up the editor on every preview update (the
 * language server checks big documents in a worker); the report panel still shows them.
 */
export const PREVIEW_CHECK_LIMIT = 30_000;

const MARK = 'gradcheck_badges';

/** A leaf block that holds math: its badges go at its end (inline) or after it. */
interface Mark {
  /** 0-based source lines [from, to) of the block, as markdown-it maps them. */
  lines: [number, number];
  inline: boolean;
}

function isMark(meta: unknown): meta is Mark {
  return typeof meta === 'object' && meta !== null && Array.isArray((meta as Mark).lines);
}

/** The finding, as the title of a badge: what was checked, why it holds or fails, the fix. */
export function badgeTitle(claim: Claim): string {
  const subject = claim.derivative ? `∂${claim.derivative.of}/∂${claim.derivative.wrt}` : claim.left;
  const lines = [`gradcheck: ${subject} ${STATUS_TEXT[claim.status].label}`, claim.explanation];
  if (claim.suggestion !== undefined) lines.push(`Suggested: ${claim.suggestion}`);
  return lines.join('\n');
}

export function badgesHtml(claims: Claim[], inline: boolean): string {
  if (claims.length === 0) return '';
  const badges = claims.map((claim) => {
    const { icon, label } = STATUS_TEXT[claim.status];
    return `<span class="gradcheck-badge gradcheck-${claim.status}" title="${escapeHtml(badgeTitle(claim))}" aria-label="${escapeHtml(label)}">${icon}</span>`;
  }).join('');
  return inline ? ` <span class="gradcheck-badges">${badges}</span>` : `<p class="gradcheck-badges">${badges}</p>\n`;
}

const TOO_LONG = `<p class="gradcheck-note">gradcheck: no badges in the preview for documents over ${PREVIEW_CHECK_LIMIT.toLocaleString('en')} characters; run “gradcheck: Show Report”.</p>\n`;

// Every math delimiter the checker reads begins with `$` or `\` (\(, \[, \begin), or is a math fence.
const MAY_HOLD_MATH = /[$\\]/;

/** Where a leaf block's mark goes: before a paragraph's close, after a fence or a math block. */
function markAfter(tokens: MarkdownToken[], at: number): { index: number; inline: boolean } | undefined {
  const token = tokens[at];
  if (!token.block || !token.map || token.type === 'inline') return undefined;
  if (token.nesting === 0) return MAY_HOLD_MATH.test(token.content) || token.info.trim() === 'math' ? { index: at + 1, inline: false } : undefined;
  // A paragraph or a heading: open, its inline content, close.
  const [content, close] = [tokens[at + 1], tokens[at + 2]];
  if (token.nesting !== 1 || content?.type !== 'inline' || close?.nesting !== -1 || !MAY_HOLD_MATH.test(content.content)) return undefined;
  return { index: at + 2, inline: true };
}

/**
 * The text each token stream was parsed from, for the renderer. Not on the tokens themselves:
 * VS Code sends the tokens of every edit to its Markdown language server, and a copy of the
 * document on each mark made that message as long as the document times the number of blocks.
 */
const sources = new WeakMap<MarkdownToken[], string>();

export function markMathBlocks(state: CoreState): void {
  const marks: Array<{ index: number; mark: Mark; level: number }> = [];
  state.tokens.forEach((token, at) => {
    const place = markAfter(state.tokens, at);
    if (place && token.map) marks.push({ index: place.index, level: token.level, mark: { lines: token.map, inline: place.inline } });
  });
  if (marks.length > 0) sources.set(state.tokens, state.src);
  // From the end, so earlier insertions do not shift the indices still to come.
  for (const { index, level, mark } of marks.reverse()) {
    const token = new state.Token(MARK, '', 0);
    token.block = true;
    token.level = level;
    token.meta = mark;
    state.tokens.splice(index, 0, token);
  }
}

/** Checks each text once, however many marks (and renderings of the same text) ask for it. */
function checkOnce(check: (text: string) => Report): (text: string) => Report | undefined {
  let last: { text: string; report?: Report } | undefined;
  return (text) => {
    if (last?.text !== text) {
      // Set before checking: a checker that throws is not asked again for the same text.
      last = { text };
      last.report = check(text);
    }
    return last.report;
  };
}

/** Adds the badges, checking each rendered document with `check`. */
export function withBadges<T extends MarkdownIt>(md: T, check: (text: string) => Report): T {
  const reportOf = checkOnce(check);
  md.core.ruler.push(MARK, (state) => {
    try {
      markMathBlocks(state);
    } catch {
      // No marks, no badges; the document renders as it would without the plugin.
    }
  });
  md.renderer.rules[MARK] = (tokens, index) => {
    try {
      const mark = tokens[index].meta;
      const src = sources.get(tokens);
      if (!isMark(mark) || src === undefined) return '';
      if (src.length > PREVIEW_CHECK_LIMIT) return tokens.findIndex((t) => t.type === MARK) === index ? TOO_LONG : '';
      const report = reportOf(src);
      if (!report) return '';
      const [from, to] = mark.lines;
      return badgesHtml(report.claims.filter((c) => c.range.start.line - 1 >= from && c.range.start.line - 1 < to), mark.inline);
    } catch {
      return '';
    }
  };
  return md;
}

/** The plugin VS Code's preview loads; the preview only renders Markdown. */
export function gradcheckMarkdownIt<T extends MarkdownIt>(md: T): T {
  return withBadges(md, (text) => {
    // Loaded on the first rendering, not at activation: the checker and mathjs are most of the
    // extension's code, and a window that never opens a preview should not pay for them.
    const { checkDocument } = require('../core/check') as typeof import('../core/check');
    return checkDocument(text, { kind: 'markdown' });
  });
}
