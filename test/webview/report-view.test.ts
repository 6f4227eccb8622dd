import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Report } from '../../src/core/report';
import { toHtml } from '../../src/webview/markup';
import { labelParts } from '../../src/webview/graph-label';
import { renderMathToString } from '../../src/webview/math';
import { CLAIM_ROWS_STEP } from '../../src/webview/messages';
import { reportView, type ReportViewInput } from '../../src/webview/report-view';
import { HOSTILE, hostileReport, MISSING_PATH, QUESTION, reportOf } from './reports';

function render(report: Report, options: Partial<ReportViewInput> = {}, fileName = 'question.md'): string {
  return toHtml(reportView({ shown: { type: 'report', uri: 'file:///q.md', fileName, version: 1, report }, onlyMismatches: false, selectedClaim: null, claimRows: CLAIM_ROWS_STEP, ...options }));
}

function count(html: string, pattern: RegExp): number {
  return [...html.matchAll(new RegExp(pattern.source, 'g'))].length;
}

describe('report view', () => {
  const question = reportOf(QUESTION);

  test('one row per claim, with its status badge, rendered math and line', () => {
    const html = render(question);
    assert.equal(count(html, /<tr class="claim /), question.claims.length);
    assert.equal(count(html, /<span class="badge status-mismatch">/), question.claims.filter((c) => c.status === 'mismatch').length);
    assert.equal(count(html, /<span class="badge status-verified">/), question.claims.filter((c) => c.status === 'verified').length);
    assert.match(html, /<span class="katex-display">/);
    assert.match(html, /line 13/);
  });

  test('summary counts and the findings about the document', () => {
    const html = render(question);
    assert.match(html, /10 verified/);
    assert.match(html, /4 mismatches/);
    assert.match(html, /0 unchecked/);
    assert.match(html, /<code>shared-parameter<\/code>/);
    assert.match(html, /<code>missing-gradient<\/code>/);
  });

  test('a mismatch shows the explanation, both sample values, the rendered suggestion and a fix button', () => {
    const first = question.claims[0];
    const diagnostic = question.diagnostics.findIndex((d) => d.claim === 0);
    const html = render(question);
    const row = html.slice(html.indexOf('data-claim="0"'), html.indexOf('data-claim="1"'));
    assert.ok(row.includes('this is one example&#39;s term'));
    assert.ok(row.includes('>Suggested<'));
    assert.match(row, /<dd>0\.420235<\/dd>/);
    assert.match(row, /<dd class="differs">−0\.124204<\/dd>/);
    assert.ok(row.includes(`data-diagnostic="${diagnostic}" data-fix="0"`));
    assert.equal(first.codes[0], 'missing-summation');
    assert.ok(row.includes('<code>missing-summation</code>'));
  });

  test('only mismatches: the filter keeps the mismatched rows and says how many are shown', () => {
    const html = render(question, { onlyMismatches: true });
    assert.equal(count(html, /<tr class="claim /), 4);
    assert.equal(count(html, /<tr class="claim status-verified/), 0);
    assert.match(html, /<caption>4 of 14 claims shown<\/caption>/);
    assert.match(html, /id="only-mismatches" checked=""/);
  });

  test('the filter on a document with no mismatch says so instead of an empty table', () => {
    const verifiedOnly: Report = { ...question, claims: question.claims.filter((c) => c.status === 'verified') };
    const html = render(verifiedOnly, { onlyMismatches: true });
    assert.doesNotMatch(html, /<table/);
    assert.match(html, /No mismatches/);
  });

  test('the selected row is marked and is the one in the tab order', () => {
    const html = render(question, { selectedClaim: 3 });
    assert.match(html, /<tr class="claim status-verified selected" data-claim="3" tabindex="0" aria-current="true"/);
    assert.equal(count(html, /tabindex="0" aria-current/), 1);
    assert.match(render(question), /data-claim="0" tabindex="0"/);
  });

  test('a long report draws the first rows and offers the rest', () => {
    const long: Report = { ...question, claims: Array.from({ length: 250 }, (_, i) => question.claims[i % question.claims.length]) };
    const html = render(long);
    assert.equal(count(html, /<tr class="claim /), CLAIM_ROWS_STEP);
    assert.match(html, /<caption>200 of 250 claims shown<\/caption>/);
    assert.match(html, /<button type="button" id="show-more-claims" class="secondary">Show 50 more<\/button> 50 more claims are not drawn yet\./);
    const all = render(long, { claimRows: 2 * CLAIM_ROWS_STEP });
    assert.equal(count(all, /<tr class="claim /), 250);
    assert.doesNotMatch(all, /show-more-claims/);
  });

  test('no report yet, and nothing to show, are explained', () => {
    assert.match(toHtml(reportView({ shown: null, onlyMismatches: false, selectedClaim: null, claimRows: CLAIM_ROWS_STEP })), /Waiting for the report/);
    assert.match(toHtml(reportView({ shown: { type: 'empty', reason: 'Open a derivation' }, onlyMismatches: false, selectedClaim: null, claimRows: CLAIM_ROWS_STEP })), /Open a derivation/);
  });
});

describe('escaping', () => {
  test('nothing a document writes becomes markup, in text, attributes, math or the graph', () => {
    const html = render(hostileReport(), { selectedClaim: 0 }, HOSTILE);
    assert.doesNotMatch(html, /<img/i);
    assert.doesNotMatch(html, /href="javascript/i);
    assert.doesNotMatch(html, /onerror="/);
    assert.ok(html.includes('&lt;img src=x onerror=&quot;window.__pwned=1&quot;&gt;'));
    // The file name, the explanation, the finding, the related note, the fix title, the graph label.
    assert.ok(count(html, /&lt;img src=x onerror=&quot;window\.__pwned=1&quot;&gt;/) >= 6);
  });

  test('KaTeX runs untrusted: \\href and \\url are not links', () => {
    const html = renderMathToString('\\href{javascript:alert(1)}{x} \\url{https://example.com}', false);
    assert.doesNotMatch(html, /<a /);
    assert.doesNotMatch(html, /href=/);
  });
});

describe('math that KaTeX cannot read', () => {
  test('a parse error shows the source, marked, with the reason as its title, instead of throwing', () => {
    const html = renderMathToString('\\frac{a <b>', true);
    assert.match(html, /^<span class="katex-error" title="KaTeX parse error: [^"]+">\\frac\{a &lt;b&gt;<\/span>$/);
  });

  test('no inline style on the failure: the webview CSP would refuse it', () => {
    assert.doesNotMatch(renderMathToString('\\frac{', false), /style=/);
  });

  test('anything else KaTeX throws is shown the same way', () => {
    const html = renderMathToString(42 as unknown as string, false);
    assert.match(html, /^<span class="katex-error" title="[^"]+">42<\/span>$/);
  });

  test('a claim with broken math still renders its row', () => {
    const question = reportOf(QUESTION);
    const broken: Report = { ...question, claims: [{ ...question.claims[0], expression: '\\frac{' }] };
    const html = render(broken);
    assert.equal(count(html, /<tr class="claim /), 1);
    assert.match(html, /katex-error/);
  });
});

describe('graph', () => {
  test('every symbol is a node and every dependency an edge', () => {
    const question = reportOf(QUESTION);
    const html = render(question);
    assert.equal(count(html, /<g class="node role-/), question.graph.nodes.length);
    assert.equal(count(html, /<path class="edge/), question.graph.edges.length);
    for (const role of ['data', 'parameter', 'intermediate', 'loss']) assert.match(html, new RegExp(`<g class="node role-${role}`));
  });

  test('the selected claim lights up every path from wrt to of and dims the rest', () => {
    const html = render(reportOf(QUESTION), { selectedClaim: 0 });
    assert.match(html, /<svg class="graph has-selection"/);
    const onPath = [...html.matchAll(/<g class="node role-\w+ on-path" data-node="([^"]+)"/g)].map((m) => m[1]).sort();
    assert.deepEqual(onPath, ['L', 'net_2', 'w_2', 'y&#39;']);
  });

  test('the path a missing-path claim leaves out is dashed, edges it shares with a kept path are not', () => {
    const report = reportOf(MISSING_PATH);
    assert.ok(report.claims.some((c) => c.codes.includes('missing-path')), 'fixture has a missing-path claim');
    const html = render(report);
    const dashed = [...html.matchAll(/<path class="edge[^"]*missing" data-from="([^"]+)" data-to="([^"]+)"[^>]*stroke-dasharray/g)].map((m) => `${m[1]}->${m[2]}`).sort();
    assert.deepEqual(dashed, ['b->net_1', 'h->net_2', 'net_1->h']);
    assert.match(html, /path left out of a claim/);
  });

  test('a document with no symbols says so instead of drawing an empty box', () => {
    const html = render({ version: 1, claims: [], diagnostics: [], unread: [], graph: { nodes: [], edges: [] }, blocks: [], examples: 1 });
    assert.doesNotMatch(html, /<svg/);
    assert.match(html, /No computation graph/);
    assert.match(html, /No claimed derivatives found/);
  });
});

describe('findings about the document', () => {
  test('a fix that adds a missing gradient shows the formula it adds, typeset', () => {
    const html = render(reportOf(QUESTION));
    const finding = html.slice(html.indexOf('<code>missing-gradient</code>'), html.indexOf('<code>shared-parameter</code>'));
    assert.match(finding, /The fix adds<\/span><div class="math-scroll"><span class="katex-display">/);
    assert.doesNotMatch(finding, /katex-error/);
  });

  test('a rename fix adds no formula', () => {
    const html = render(reportOf(QUESTION));
    const finding = html.slice(html.indexOf('<code>shared-parameter</code>'));
    assert.doesNotMatch(finding.slice(0, finding.indexOf('</li>')), /The fix adds/);
  });
});

test('graph labels read as names print: ŷ, α, net with a lowered 1, w′', () => {
  assert.deepEqual(labelParts('\\hat{y}'), { base: 'ŷ', primes: '', sub: '' });
  assert.deepEqual(labelParts('\\alpha'), { base: 'α', primes: '', sub: '' });
  assert.deepEqual(labelParts('net_1'), { base: 'net', primes: '', sub: '1' });
  assert.deepEqual(labelParts("w'"), { base: 'w', primes: '′', sub: '' });
  assert.deepEqual(labelParts('\\delta^{(2)}_{j}'), { base: 'δ^(2)', primes: '', sub: 'j' });
});
