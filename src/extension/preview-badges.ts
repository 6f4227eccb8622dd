/**
 * Badges in VS Code's Markdown preview: a ✓, ✗ or ? after each checked equation, the finding as
 * its title. A markdown-it plugin (contributes.markdown.markdownItPlugins); the extension's
 * activate returns `{ extendMarkdownIt }`, which calls gradcheckMarkdownIt. Bare display
 * environments (`\begin{align}` with no `$$`, which Markdown leaves as text) are typeset too,
 * unless the setting turns it off, with each row's badges beside the row.
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
import { type DisplayEnvironment, readDisplayEnvironment } from './display-environments';

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

interface BlockState {
  src: string;
  /** Per line: where it starts (after a container's markers), its indentation, where it ends. */
  bMarks: number[];
  tShift: number[];
  sCount: number[];
  eMarks: number[];
  blkIndent: number;
  line: number;
  push(type: string, tag: string, nesting: number): MarkdownToken;
}

type BlockRule = (state: BlockState, startLine: number, endLine: number, silent: boolean) => boolean;

type RenderRule = (tokens: MarkdownToken[], index: number, options: unknown, env: unknown, self: unknown) => string;

export interface MarkdownIt {
  core: { ruler: { push(name: string, rule: (state: CoreState) => void): void } };
  block: { ruler: { before(beforeName: string, name: string, rule: BlockRule, options?: { alt: string[] }): void } };
  renderer: { rules: Record<string, RenderRule | undefined> };
}

export interface PreviewOptions {
  /** Typeset bare display environments (off for people whose math extension does it). */
  typeset: boolean;
}

/**
 * Past this size the in-process check would hold up the editor on every preview update (the
 * language server checks big documents in a worker); the report panel still shows them.
 */
export const PREVIEW_CHECK_LIMIT = 30_000;

const MARK = 'gradcheck_badges';
const ENVIRONMENT = 'gradcheck_display_environment';

/** A leaf block that holds math: its badges go at its end (inline) or after it. */
interface Mark {
  /** 0-based source lines [from, to) of the block, as markdown-it maps them. */
  lines: [number, number];
  inline: boolean;
}

function isMark(meta: unknown): meta is Mark {
  return typeof meta === 'object' && meta !== null && Array.isArray((meta as Mark).lines);
}

function isEnvironment(meta: unknown): meta is DisplayEnvironment {
  return typeof meta === 'object' && meta !== null && Array.isArray((meta as DisplayEnvironment).rows);
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
  // A typeset environment puts its badges beside its rows itself.
  if (!token.block || !token.map || token.type === 'inline' || token.type === ENVIRONMENT) return undefined;
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
  if (marks.length > 0 || state.tokens.some((t) => t.type === ENVIRONMENT)) sources.set(state.tokens, state.src);
  // From the end, so earlier insertions do not shift the indices still to come.
  for (const { index, level, mark } of marks.reverse()) {
    const token = new state.Token(MARK, '', 0);
    token.block = true;
    token.level = level;
    token.meta = mark;
    state.tokens.splice(index, 0, token);
  }
}

// An environment cannot hold a blank line (LaTeX refuses one), so none is looked for past it.
const BLANK_LINE = /\n[ \t]*\n/g;

/**
 * A block that starts with `\begin{align}` (or another of TYPESET_ENVIRONMENTS) and ends with its
 * `\end{...}` at the end of a line; it may interrupt a paragraph, as a fence does. Inside a
 * container whose lines carry markers (a block quote) it is left to the paragraph.
 */
const displayEnvironment: BlockRule = (state, startLine, endLine, silent) => {
  if (state.sCount[startLine] - state.blkIndent >= 4) return false;
  const start = state.bMarks[startLine] + state.tShift[startLine];
  if (!state.src.startsWith('\\begin{', start)) return false;
  BLANK_LINE.lastIndex = start;
  const limit = Math.min(BLANK_LINE.exec(state.src)?.index ?? state.src.length, state.eMarks[endLine - 1]);
  const environment = readDisplayEnvironment(state.src, start, limit);
  if (!environment) return false;
  let last = startLine;
  while (state.eMarks[last] < environment.span.end) last++;
  for (let line = startLine + 1; line <= last; line++) if (state.src[state.bMarks[line] - 1] !== '\n') return false;
  if (state.src.slice(environment.span.end, state.eMarks[last]).trim() !== '') return false;
  if (silent) return true;
  const token = state.push(ENVIRONMENT, 'table', 0);
  token.block = true;
  token.map = [startLine, last + 1];
  token.content = state.src.slice(start, environment.span.end);
  token.meta = environment;
  state.line = last + 1;
  return true;
};

/** Each row's badges: a claim goes to the row it starts in. */
function rowBadges(environment: DisplayEnvironment, claims: Claim[]): string[] {
  const byRow = environment.rows.map((): Claim[] => []);
  for (const claim of claims) {
    const { start } = claim.span;
    if (start < environment.span.start || start >= environment.span.end) continue;
    const before = environment.rows.filter((r) => r.span.start <= start).length;
    byRow[Math.max(before - 1, 0)]?.push(claim);
  }
  return byRow.map((rowClaims) => badgesHtml(rowClaims, true));
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

/** Adds the badges, checking each rendered document with `check`, and typesets if asked. */
export function withBadges<T extends MarkdownIt>(md: T, check: (text: string) => Report, options: PreviewOptions = { typeset: false }): T {
  const reportOf = checkOnce(check);
  /** The claims of the rendered document, or a note for the first block of one too long to check. */
  const claimsFor = (tokens: MarkdownToken[], index: number): { claims: Claim[]; note: string } => {
    const src = sources.get(tokens);
    if (src === undefined) return { claims: [], note: '' };
    if (src.length > PREVIEW_CHECK_LIMIT) return { claims: [], note: tokens.findIndex((t) => t.type === MARK || t.type === ENVIRONMENT) === index ? TOO_LONG : '' };
    return { claims: reportOf(src)?.claims ?? [], note: '' };
  };
  if (options.typeset) md.block.ruler.before('paragraph', ENVIRONMENT, displayEnvironment, { alt: ['paragraph'] });
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
      if (!isMark(mark)) return '';
      const { claims, note } = claimsFor(tokens, index);
      const [from, to] = mark.lines;
      return note + badgesHtml(claims.filter((c) => c.range.start.line - 1 >= from && c.range.start.line - 1 < to), mark.inline);
    } catch {
      return '';
    }
  };
  md.renderer.rules[ENVIRONMENT] = (tokens, index) => {
    const token = tokens[index];
    let badges: string[] = [];
    let note = '';
    try {
      const found = claimsFor(tokens, index);
      note = found.note;
      if (isEnvironment(token.meta)) badges = rowBadges(token.meta, found.claims);
      // Loaded on the first environment, like the checker: KaTeX is most of its weight.
      const { typesetEnvironment } = require('./preview-math') as typeof import('./preview-math');
      if (isEnvironment(token.meta)) return note + typesetEnvironment(token.meta, badges, token.map?.[0] ?? 0);
    } catch {
      // KaTeX could not set a row: the source as written, its badges after it.
    }
    return `${note}<p>${escapeHtml(token.content)}${badges.join('')}</p>\n`;
  };
  return md;
}

/** The plugin VS Code's preview loads; the preview only renders Markdown. */
export function gradcheckMarkdownIt<T extends MarkdownIt>(md: T, options: PreviewOptions): T {
  return withBadges(md, (text) => {
    // Loaded on the first rendering, not at activation: the checker and mathjs are most of the
    // extension's code, and a window that never opens a preview should not pay for them.
    const { checkDocument } = require('../core/check') as typeof import('../core/check');
    return checkDocument(text, { kind: 'markdown' });
  }, options);
}
