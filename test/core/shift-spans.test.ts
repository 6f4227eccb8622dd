/**
 * The parse cache moves what an edit moved instead of parsing it again: the equations after an
 * edit read exactly as if they had been parsed where they now are.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { shiftSpans } from '../../src/core/latex/shift-spans';
import { readDerivation } from '../../src/core/model/derivation';

const root = join(__dirname, '..', '..', '..');
const question = readFileSync(join(root, 'examples', 'question.md'), 'utf8');

/** A value as text with every place (`span`, `leftSpan`, a definition's offset `at`) moved back by `by`. */
function placedAt(value: unknown, by: number): string {
  return JSON.stringify(value, (key, v: unknown) => {
    if (key === 'at') return (v as number) - by;
    return /^(span|\w+Span)$/.test(key) ? { ...(v as object), start: (v as { start: number }).start - by, end: (v as { end: number }).end - by } : v;
  });
}

test('a derivation read after text was typed before it is the one read before, moved', () => {
  const before = readDerivation(question, 'markdown');
  for (const typed of ['x', 'Some prose typed first.\n\n']) {
    // The question was read (and its equations cached) at offset 0: these are moved, not parsed.
    const after = readDerivation(typed + question, 'markdown');
    assert.equal(placedAt(after.claims, typed.length), placedAt(before.claims, 0));
    assert.equal(placedAt([...after.definitions.values()], typed.length), placedAt([...before.definitions.values()], 0));
  }
});

test('a shift leaves what it moved as it was', () => {
  const expr = { kind: 'call', fn: 'f', order: 0, args: [{ kind: 'symbol', name: 'x', span: { start: 2, end: 3 } }], span: { start: 0, end: 4 }, fnSpan: { start: 0, end: 1 } };
  const moved = shiftSpans(expr, 10);
  assert.deepEqual(moved, { ...expr, args: [{ ...expr.args[0], span: { start: 12, end: 13 } }], span: { start: 10, end: 14 }, fnSpan: { start: 10, end: 11 } });
  assert.deepEqual(expr.span, { start: 0, end: 4 });
  assert.equal(shiftSpans(expr, 0), expr);
});
