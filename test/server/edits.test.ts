/** Rapid edits, hostile documents, and how long a keystroke takes to reach the diagnostics. */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { LspSession, ROOT } from './lsp-session';
import { questionCopies } from './question-copies';

const QUESTION = readFileSync(join(ROOT, 'examples', 'question.md'), 'utf8');
// Typed one character per edit: a wrong claim (the sign flipped) and some prose, 200 characters.
const TYPED = `\n\nWith the sign flipped: $\\frac{\\partial L}{\\partial w_2} = -\\sum h\\times {y}'(1-{y}')\\times ({y}'-y)$. `.padEnd(200, 'x');

describe('edits and robustness', () => {
  let session: LspSession;
  before(async () => { session = await LspSession.start(); });
  after(async () => { await session.close(); });

  test('200 rapid edits: one result for the last version, nothing stale after it', async () => {
    assert.equal(TYPED.length, 200);
    const uri = 'file:///edits/rapid.md';
    session.open(uri, QUESTION);
    await session.waitForPublish(uri);
    const since = session.publishes.length;
    for (let k = 1; k <= 200; k++) session.change(uri, k + 1, QUESTION + TYPED.slice(0, k));
    const last = await session.waitForPublish(uri, (p) => p.version === 201, since);
    await new Promise((resolve) => setTimeout(resolve, 800));
    const published = session.publishes.slice(since).filter((p) => p.uri === uri);
    assert.equal(published.at(-1), last, 'no publish after the last version');
    const versions = published.map((p) => p.version!);
    assert.deepEqual(versions, [...versions].sort((a, b) => a - b), 'versions only go up');
    assert.ok(published.length < 10, `debounced: ${published.length} publishes for 200 edits`);
    assert.ok(last.diagnostics.some((d) => d.code === 'sign-error'), 'the final text\'s own finding');

    // The same text opened fresh gives the same diagnostics.
    const fresh = 'file:///edits/fresh.md';
    session.open(fresh, QUESTION + TYPED);
    const reference = await session.waitForPublish(fresh);
    const strip = (ds: typeof last.diagnostics): string[] => ds.map((d) => JSON.stringify({ ...d, relatedInformation: d.relatedInformation?.map((r) => ({ ...r, location: r.location.range })) }));
    assert.deepEqual(strip(last.diagnostics), strip(reference.diagnostics));
  });

  test('hostile documents give diagnostics and the server stays up', async () => {
    const hostile = [
      '$$\\frac{\\partial L}{\\partial $$ \\begin{align} x &= \\frac{{{ \\\\ \\end{align} $\\sum_{',
      `$$ ${'\\frac{'.repeat(3000)} $$`,
      `$$ L = ${'('.repeat(5000)}x${')'.repeat(5000)} $$`,
      '$$ \\frac{\\partial L}{\\partial w} = \\u0000\u0000\uFFFF\uD800 $$',
      '\\begin{align} L &= \\sum_{i=1}^{N} (y_i - w x_i)^2 \\\\ \\frac{\\partial L}{\\partial w} &= \\operatorname{process}(\\text{require("fs")}) \\end{align}',
      '$'.repeat(20_000),
    ];
    for (const [index, text] of hostile.entries()) {
      const uri = `file:///hostile/${index}.md`;
      session.open(uri, text);
      const publish = await session.waitForPublish(uri);
      assert.ok(Array.isArray(publish.diagnostics));
    }
    const parseErrors = session.publishes.find((p) => p.uri === 'file:///hostile/0.md')!.diagnostics;
    assert.ok(parseErrors.some((d) => d.code === 'parse-error'), 'malformed math is reported');
    assert.equal(session.exitCode, undefined, 'the server is still running');
    const report = await session.connection.sendRequest<{ version: number } | null>('gradcheck/report', { uri: 'file:///hostile/0.md' });
    assert.equal(report?.version, 1);
  });

  test('a document that is not open has no report', async () => {
    assert.equal(await session.connection.sendRequest('gradcheck/report', { uri: 'file:///nowhere.md' }), null);
  });

  test('keystroke to diagnostics: the question and a 1,000-claim document', async (t) => {
    for (const [name, text] of [['question', QUESTION], ['1,000 claims', questionCopies(QUESTION, 72)]] as const) {
      const uri = `file:///latency/${name.replace(/\W/g, '')}.md`;
      session.open(uri, text);
      await session.waitForPublish(uri);
      const times: number[] = [];
      for (let version = 2; version <= 6; version++) {
        const since = session.publishes.length;
        const start = performance.now();
        session.change(uri, version, `${text}\n${'x'.repeat(version)}`);
        const publish = await session.waitForPublish(uri, (p) => p.version === version, since);
        times.push(publish.at - start);
      }
      const report = await session.connection.sendRequest<{ claims: unknown[] }>('gradcheck/report', { uri });
      const median = [...times].sort((a, b) => a - b)[2];
      t.diagnostic(`${name} (${report.claims.length} claims): keystroke to diagnostics, median of 5: ${median.toFixed(0)} ms (150 ms of it is the debounce)`);
      assert.ok(median < 3000, `${name}: ${median} ms`);
    }
  });
});
