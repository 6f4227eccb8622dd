/**
 * Never drop a file: a part of the check that throws costs that part alone, and a definition
 * that reads itself is a finding, never a stack overflow.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { checkDocument } from '../../src/core/check';
import { diagnoseClaim } from '../../src/core/check/diagnose';
import { DOCUMENT_CHECKS } from '../../src/core/check/findings';
import { INTERNAL_PROBLEM } from '../../src/core/check/internal-problem';
import { GraphError, ReferenceGraph } from '../../src/core/engine/graph';
import type { Expr } from '../../src/core/latex/ast';
import { cyclesOf } from '../../src/core/model/cycles';
import { readDerivation } from '../../src/core/model/derivation';
import { assignRoles } from '../../src/core/model/roles';

const question = readFileSync(join(__dirname, '..', '..', '..', 'examples', 'question.md'), 'utf8');

test('a claim whose diagnosis throws is unchecked with the reason; every other claim is reported as before', () => {
  const before = checkDocument(question);
  const broken = before.claims.findIndex((c) => c.status === 'mismatch');
  assert.ok(broken >= 0);
  const after = checkDocument(question, {
    standIns: {
      diagnose: (claim, status, ctx) => {
        if (claim.model.leftSpan.start === before.claims[broken].leftSpan.start) throw new Error('a hypothesis failed');
        return diagnoseClaim(claim, status, ctx);
      },
    },
  });
  assert.equal(after.claims.length, before.claims.length);
  after.claims.forEach((claim, k) => {
    if (k === broken) return;
    assert.deepEqual({ status: claim.status, codes: claim.codes, suggestion: claim.suggestion }, { status: before.claims[k].status, codes: before.claims[k].codes, suggestion: before.claims[k].suggestion });
  });
  const claim = after.claims[broken];
  assert.equal(claim.status, 'unchecked');
  assert.deepEqual(claim.derivative, before.claims[broken].derivative);
  assert.match(claim.explanation, new RegExp(`${INTERNAL_PROBLEM} \\(a hypothesis failed\\)`));
  const about = after.diagnostics.filter((d) => d.claim === broken);
  assert.deepEqual(about.map((d) => [d.code, d.severity]), [['unchecked', 'hint']]);
  const others = (r: typeof before): string[] => r.diagnostics.filter((d) => d.claim !== broken).map((d) => `${d.code} ${d.range.start.line}:${d.range.start.column}`);
  assert.deepEqual(others(after), others(before));
});

test('a document-level check that throws loses its own findings only, and says so quietly', () => {
  const before = checkDocument(question);
  const after = checkDocument(question, {
    standIns: { documentChecks: [{ name: 'a broken check', find: () => { throw new Error('boom'); } }, ...DOCUMENT_CHECKS] },
  });
  const added = after.diagnostics.filter((d) => d.message.includes(INTERNAL_PROBLEM));
  assert.deepEqual(added.map((d) => [d.code, d.severity, d.range.start.line, d.range.start.column]), [['unchecked', 'hint', 1, 1]]);
  assert.match(added[0].message, /a broken check \(boom\)/);
  const rest = (r: typeof before): string[] => r.diagnostics.filter((d) => !added.includes(d)).map((d) => `${d.code} ${d.range.start.line}:${d.range.start.column} ${d.message}`);
  assert.deepEqual(rest(after), rest(before));
  assert.deepEqual(after.claims, before.claims);
});

test('a function defined through itself is reported where it is defined, naming the cycle', () => {
  const report = checkDocument('$$z = w x, \\quad h = \\sigma(z), \\quad L = (h - y)^2$$\n\n$$\\sigma = 1 - \\sigma(z)^2$$\n\n$$\\frac{\\partial L}{\\partial w} = 2(h - y) x$$');
  const finding = report.diagnostics.find((d) => d.range.start.line === 3);
  assert.equal(finding?.code, 'unchecked');
  assert.match(finding.message, /σ is defined in terms of itself \(σ → σ\)/);
  assert.equal(report.claims.length, 1);
});

test('values defined through each other are reported, each naming the cycle', () => {
  const report = checkDocument('$$a = b + 1, \\quad b = 2a$$\n\n$$\\frac{\\partial a}{\\partial b} = 1$$');
  const messages = report.diagnostics.map((d) => d.message);
  assert.ok(messages.some((m) => /^a cannot be computed: .*\((a → b → a|b → a → b)\)$/.test(m)), messages.join('\n'));
  assert.ok(messages.some((m) => /^b cannot be computed: .*\((a → b → a|b → a → b)\)$/.test(m)), messages.join('\n'));
  assert.equal(report.claims[0].status, 'unchecked');
});

test('the engine stops at a function that calls itself even when the model hands it one', () => {
  const derivation = readDerivation('$$f(u) = u + 1$$ $$h = f(w)$$', 'markdown');
  const span = { start: 0, end: 0 };
  const u: Expr = { kind: 'symbol', name: 'u', span };
  const body: Expr = { kind: 'add', terms: [{ kind: 'call', fn: 'f', order: 0, args: [u], span, fnSpan: span }, { kind: 'number', value: 1, span }], signs: [1, 1], span };
  derivation.functions.set('f', { name: 'f', dummies: ['u'], body, span });
  const graph = new ReferenceGraph(derivation, assignRoles(derivation), 1);
  assert.throws(() => graph.symbol('h'), (error: unknown) => error instanceof GraphError && /f is defined in terms of itself \(f → f\)/.test(error.message));
});

test('cycles are found by strongly connected part, a name that reads itself included', () => {
  const edges: Record<string, string[]> = { a: ['b'], b: ['a', 'c'], c: [], d: ['d'], e: ['a'] };
  assert.deepEqual(cyclesOf(Object.keys(edges), (n) => edges[n]).map((c) => [...c].sort()), [['a', 'b'], ['d']]);
});

test('a chain of 20,000 definitions is searched for cycles without exhausting the stack', () => {
  const next = (n: string): string[] => (Number(n) < 20_000 ? [String(Number(n) + 1)] : ['0']);
  const names = Array.from({ length: 20_001 }, (_, k) => String(k));
  assert.equal(cyclesOf(names, next)[0].length, 20_001);
});

test('chains built in a loop (x^x^..., a/b/..., signs, outer products) are not read when too deep, never a stack overflow', () => {
  for (const [open, close] of [['-', ''], ['+', ''], ['x^', ''], ['a/', ''], ['a \\otimes ', ''], ['- (', ')'], ['{', '}^T']]) {
    for (const n of [300, 20_000]) {
      const text = `$$z = w x, \\quad L = ${open.repeat(n)}z${close.repeat(n)}$$ $$\\frac{\\partial z}{\\partial w} = x$$`;
      const report = checkDocument(text);
      assert.ok(!report.diagnostics.some((d) => d.message.includes(INTERNAL_PROBLEM)), `${open} × ${n}`);
      assert.equal(report.claims[0]?.status, 'verified', `${open} × ${n}: the rest is checked`);
      // Too deep for gradcheck: a parse error where KaTeX gives out too, else counted as not read.
      const tooDeep = (message: string): boolean => /nested too deeply|KaTeX cannot read/.test(message);
      if (open !== '+') assert.ok(report.diagnostics.some((d) => d.code === 'parse-error' && tooDeep(d.message)) || report.unread.some((u) => tooDeep(u.reason)), `${open} × ${n}`);
    }
  }
});
