/**
 * Badges in VS Code's Markdown preview: a ✓, ✗ or ? after each checked equation, the finding as
 * its title. A markdown-it plugin (contributes.markdown.markdownItPlugins); the extension's
 * activate returns `{ extendMarkdownIt: gradcheckMarkdownIt }`. It runs the checker in-process,
 * since markdown-it renders synchronously. Whatever the document holds, the preview renders: a
 * failure anywhere here costs the badges, never the page.
 */
import { checkDocument } from '../core/check';
import type { Claim, Report } from '../core/report';
import { STATUS_TEXT } from '../webview/report-text';
import { escapeHtml } from '../webview/escape';

/** The parts of markdown-it this plugin touches (markdown-it ships no types of its own). */
export interface MarkdownToken {
  type: string;
  map: [number, number] | null;
  nesting: number;
  level: number;
  block: boolean;
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

const BADGES = 'gradcheck_badges';

interface BadgesMeta {
  claims: Claim[];
  /** Inside a paragraph (inline math) rather than after a block of display math. */
  inline: boolean;
}

function isBadgesMeta(meta: unknown): meta is BadgesMeta {
  return typeof meta === 'object' && meta !== null && Array.isArray((meta as BadgesMeta).claims);
}

/** The finding, as the title of a badge: what was checked, why it holds or fails, the fix. */
export function badgeTitle(claim: Claim): string {
  const subject = claim.derivative ? `∂${claim.derivative.of}/∂${claim.derivative.wrt}` : claim.left;
  const lines = [`gradcheck: ${subject} ${STATUS_TEXT[claim.status].label}`, claim.explanation];
  if (claim.suggestion !== undefined) lines.push(`Suggested: ${claim.suggestion}`);
  return lines.join('\n');
}

export function badgesHtml(claims: Claim[], inline: boolean): string {
  const badges = claims.map((claim) => {
    const { icon, label } = STATUS_TEXT[claim.status];
    return `<span class="gradcheck-badge gradcheck-${claim.status}" title="${escapeHtml(badgeTitle(claim))}" aria-label="${escapeHtml(label)}">${icon}</span>`;
  }).join('');
  return inline ? ` <span class="gradcheck-badges">${badges}</span>` : `<p class="gradcheck-badges">${badges}</p>\n`;
}

/** Where a block's badges go: before the close of a paragraph-like block, after a leaf block. */
function insertionPoint(tokens: MarkdownToken[], at: number): number {
  const open = tokens[at];
  if (open.nesting !== 1) return at + 1;
  for (let i = at + 1; i < tokens.length; i++) {
    if (tokens[i].nesting === -1 && tokens[i].level === open.level) return i;
  }
  return at + 1;
}

/**
 * Each claim goes to the innermost block whose source lines hold the claim's first line. A claim
 * no block holds (in front matter, in an HTML comment) gets no badge.
 */
export function addBadges(state: CoreState, report: Report): void {
  const byBlock = new Map<number, Claim[]>();
  for (const claim of report.claims) {
    const line = claim.range.start.line - 1;
    let best = -1;
    state.tokens.forEach((token, i) => {
      // A paragraph's inline content shares its lines; the badges belong to the paragraph.
      if (!token.block || !token.map || token.nesting === -1 || token.type === 'inline') return;
      if (line >= token.map[0] && line < token.map[1] && (best < 0 || token.level >= state.tokens[best].level)) best = i;
    });
    if (best >= 0) byBlock.set(best, [...(byBlock.get(best) ?? []), claim]);
  }
  // From the end, so earlier insertions do not shift the indices still to come.
  for (const [at, claims] of [...byBlock].sort((a, b) => b[0] - a[0])) {
    const token = state.tokens[at];
    const badges = new state.Token(BADGES, '', 0);
    badges.block = true;
    badges.level = token.level + (token.nesting === 1 ? 1 : 0);
    badges.meta = { claims, inline: token.nesting === 1 } satisfies BadgesMeta;
    state.tokens.splice(insertionPoint(state.tokens, at), 0, badges);
  }
}

/** Adds the badges, checking each rendered document with `check`. */
export function withBadges<T extends MarkdownIt>(md: T, check: (text: string) => Report): T {
  md.core.ruler.push(BADGES, (state) => {
    try {
      addBadges(state, check(state.src));
    } catch {
      // The checker never throws by contract; if it ever does, the preview goes on without badges.
    }
  });
  md.renderer.rules[BADGES] = (tokens, index) => {
    try {
      const meta = tokens[index].meta;
      return isBadgesMeta(meta) ? badgesHtml(meta.claims, meta.inline) : '';
    } catch {
      return '';
    }
  };
  return md;
}

/** The plugin VS Code's preview loads; the preview only renders Markdown. */
export function gradcheckMarkdownIt<T extends MarkdownIt>(md: T): T {
  return withBadges(md, (text) => checkDocument(text, { kind: 'markdown' }));
}
