import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Claim } from '../../src/core/report';
import { checkDocument } from '../../src/core/check';
import { readDisplayEnvironment } from '../../src/extension/display-environments';
import { badgesHtml, gradcheckMarkdownIt, type MarkdownIt, PREVIEW_CHECK_LIMIT, withBadges } from '../../src/extension/preview-badges';
import { documentText, HOSTILE, HOSTILE_DOC, hostileReport, QUESTION, reportOf } from './reports';

interface Renderer extends MarkdownIt {
  render(src: string): string;
  parse(src: string, env: object): unknown[];
}

// markdown-it ships no types; the plugin declares the part it needs, the test the part it calls.
const markdownIt = require('markdown-it') as (options?: { html?: boolean }) => Renderer;

// The preview as it was before typesetting, and as it is by default.
const PLAIN = { typeset: false };
const TYPESET = { typeset: true };

const badges = (html: string, status: string): number => [...html.matchAll(new RegExp(`class="gradcheck-badge gradcheck-${status}"`, 'g'))].length;

describe('Markdown preview badges', () => {
  test('the question: a badge per claim, after the block it is in, the finding as its title', () => {
    const html = gradcheckMarkdownIt(markdownIt(), PLAIN).render(documentText(QUESTION));
    const report = reportOf(QUESTION);
    assert.equal(badges(html, 'mismatch'), report.claims.filter((c) => c.status === 'mismatch').length);
    assert.equal(badges(html, 'verified'), report.claims.filter((c) => c.status === 'verified').length);
    // The chain rule block (line 13) holds two mismatches, and its paragraph ends with them.
    assert.match(html, /\\end\{align\} <span class="gradcheck-badges"><span class="gradcheck-badge gradcheck-mismatch" title="gradcheck: ∂L\/∂w_2 mismatch\nL sums over the examples[^"]*\nSuggested: \\sum [^"]*" aria-label="mismatch">✗<\/span>/);
    assert.doesNotMatch(html, /<p[^>]*>[^]*?<p class="gradcheck-badges">[^]*?<\/p>\s*<\/p>/);
  });

  test('a math fence gets its badges after the fence', () => {
    const html = gradcheckMarkdownIt(markdownIt(), PLAIN).render('$$ L = 3 w $$\n\n```math\n\\frac{\\partial L}{\\partial w} = 2\n```\n');
    assert.match(html, /<\/code><\/pre>\n<p class="gradcheck-badges"><span class="gradcheck-badge gradcheck-mismatch" title="[^"]+"/);
  });

  test('a document the checker cannot fully read renders as without the plugin, plus its badges', () => {
    const text = documentText(HOSTILE_DOC) + '\n$$ \\frac{ \\left( $$\n\n\\begin{align} x &= \n\n';
    const plain = markdownIt({ html: true }).render(text);
    const withPlugin = gradcheckMarkdownIt(markdownIt({ html: true }), PLAIN).render(text);
    assert.equal(withPlugin.replace(/ ?<span class="gradcheck-badges">.*?<\/span><\/span>/gs, ''), plain);
    assert.equal([...withPlugin.matchAll(/<img/g)].length, [...plain.matchAll(/<img/g)].length, 'badges add no markup of the document');
  });

  test('a checker that throws costs the badges, not the preview', () => {
    const text = documentText(QUESTION);
    const html = withBadges(markdownIt(), () => { throw new Error('checker bug'); }).render(text);
    assert.equal(html, markdownIt().render(text));
  });

  test('tokenizing (outline, folding, links) never runs the checker; rendering runs it once per text', () => {
    let checks = 0;
    const md = withBadges(markdownIt(), (text) => { checks++; return checkDocument(text, { kind: 'markdown' }); });
    const text = documentText(QUESTION);
    md.parse(text, {});
    md.parse(text, {});
    assert.equal(checks, 0);
    md.render(text);
    md.render(text);
    assert.equal(checks, 1, 'one check for all the blocks of a rendering, none for the same text again');
    md.render(`${text}\nmore`);
    assert.equal(checks, 2);
  });

  test('the tokens carry no copy of the document: VS Code sends them to its Markdown server on every edit', () => {
    const long = documentText(QUESTION).repeat(40);
    const size = (md: Renderer): number => JSON.stringify(md.parse(long, {})).length;
    const plain = size(markdownIt());
    // A mark token per math block, each a few hundred characters of JSON at most.
    assert.ok(size(gradcheckMarkdownIt(markdownIt(), PLAIN)) < plain * 1.5, `${size(gradcheckMarkdownIt(markdownIt(), PLAIN))} vs ${plain} characters of tokens`);
  });

  test('a document too long to check in the editor gets a note instead of badges, and no check', () => {
    let checks = 0;
    const md = withBadges(markdownIt(), (text) => { checks++; return checkDocument(text, { kind: 'markdown' }); });
    const question = documentText(QUESTION);
    const html = md.render(question.repeat(Math.ceil(PREVIEW_CHECK_LIMIT / question.length) + 1));
    assert.equal(checks, 0);
    assert.equal([...html.matchAll(/class="gradcheck-note"/g)].length, 1);
    assert.equal(badges(html, 'verified') + badges(html, 'mismatch'), 0);
  });

  test('badge titles and labels are escaped', () => {
    const claim: Claim = hostileReport().claims[0];
    const html = badgesHtml([claim], true);
    assert.doesNotMatch(html, /<img/);
    assert.ok(html.includes(`title="gradcheck: ∂${HOSTILE.replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;')}/∂w mismatch`));
  });
});

describe('bare display environments typeset in the preview', () => {
  const rowsOf = (html: string): string[] => [...html.matchAll(/<tr>(.*?)<\/tr>/gs)].map((m) => m[1]);

  test('the question: every align typeset, each badge beside the row of its claim', () => {
    const text = documentText(QUESTION);
    const html = gradcheckMarkdownIt(markdownIt(), TYPESET).render(text);
    assert.equal([...html.matchAll(/<table class="gradcheck-math code-line"/g)].length, 5);
    assert.doesNotMatch(html, /\\begin\{align\}/, 'no environment left as text');
    assert.match(html, /class="katex"/);
    const report = reportOf(QUESTION);
    assert.equal(badges(html, 'mismatch'), report.claims.filter((c) => c.status === 'mismatch').length);
    assert.equal(badges(html, 'verified'), report.claims.filter((c) => c.status === 'verified').length);
    // "Putting them together": two rows, each the one claim on it, a missing sum.
    const rows = rowsOf(html.slice(html.indexOf('Putting them together')));
    assert.equal(badges(rows[0], 'mismatch'), 1);
    assert.equal(badges(rows[1], 'mismatch'), 1);
    assert.match(rows[0], /title="gradcheck: ∂L\/∂w_2 mismatch/);
    assert.match(rows[1], /title="gradcheck: ∂L\/∂w_\{1\} mismatch|title="gradcheck: ∂L\/∂w_1 mismatch/);
    // The forward pass: four rows, right- then left-aligned cells, no claim.
    const forward = rowsOf(html.slice(html.indexOf('Forward pass'), html.indexOf('with ')));
    assert.equal(forward.length, 4);
    assert.match(forward[0], /^<td class="gradcheck-cell gradcheck-right">.*<\/td><td class="gradcheck-cell gradcheck-left">.*<\/td><td class="gradcheck-row-badges"><\/td>$/s);
  });

  test('typesetting off leaves the environments to other extensions, badges after the block', () => {
    const html = gradcheckMarkdownIt(markdownIt(), PLAIN).render(documentText(QUESTION));
    assert.doesNotMatch(html, /gradcheck-math/);
    assert.match(html, /\\end\{align\} <span class="gradcheck-badges">/);
  });

  test('an environment may interrupt a paragraph; one in a block quote or with text after it stays text', () => {
    const md = gradcheckMarkdownIt(markdownIt(), TYPESET);
    assert.match(md.render('Forward pass:\n\\begin{align}\nz &= wx \\\\\nL &= z^2\n\\end{align}\n'), /<p>Forward pass:<\/p>\n<table class="gradcheck-math code-line" data-line="1"/);
    assert.doesNotMatch(md.render('> \\begin{align}\n> z &= wx\n> \\end{align}\n'), /gradcheck-math/);
    assert.doesNotMatch(md.render('\\begin{equation} z = wx \\end{equation} where w is a weight\n'), /gradcheck-math/);
  });

  test('LaTeX KaTeX cannot set is shown as written, with its badges', () => {
    const html = gradcheckMarkdownIt(markdownIt(), TYPESET).render('$$ L = 3 w $$\n\n\\begin{align} \\frac{\\partial L}{\\partial w} &= \\frac{2}{ \\end{align}\n');
    assert.doesNotMatch(html, /gradcheck-math/);
    assert.match(html, /<p>\\begin\{align\} \\frac/);
  });

  test('rows split at top-level \\\\ and &, never inside braces or a nested environment', () => {
    const source = '\\begin{align} f &= \\begin{cases} 1 & x > 0 \\\\ 0 & x \\le 0 \\end{cases} \\\\ g &= {a \\\\ b} \\label{g} \\\\ \\end{align}';
    const environment = readDisplayEnvironment(source, 0);
    assert.ok(environment);
    assert.equal(environment.columns, 'aligned');
    assert.deepEqual(environment.rows.map((r) => r.cells.map((c) => c.trim())), [
      ['f', '= \\begin{cases} 1 & x > 0 \\\\ 0 & x \\le 0 \\end{cases}'],
      ['g', '= {a \\\\ b} \\label{g}'],
    ]);
    assert.equal(source.slice(environment.span.start, environment.span.end), source);
  });

  test('equation around aligned: the inner rows are the rows; an unclosed environment is not one', () => {
    const source = '\\begin{equation}\\begin{aligned} a &= b \\\\ c &= d \\end{aligned}\\end{equation}';
    const environment = readDisplayEnvironment(source, 0);
    assert.deepEqual(environment?.rows.map((r) => r.cells.map((c) => c.trim())), [['a', '= b'], ['c', '= d']]);
    assert.equal(readDisplayEnvironment(source.slice(0, -14), 0), undefined);
    assert.equal(readDisplayEnvironment('\\begin{bmatrix} a \\end{bmatrix}', 0), undefined);
    const gather = readDisplayEnvironment('\\begin{gather} a = b \\\\[4pt] c = d \\end{gather}', 0);
    assert.deepEqual(gather?.rows.map((r) => r.cells.map((c) => c.trim())), [['a = b'], ['c = d']], 'a row\'s extra space is not typeset');
  });
});

