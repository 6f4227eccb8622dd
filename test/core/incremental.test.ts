/**
 * A check that reuses what the last check of the same document evaluated (an editor's, after an
 * edit) gives exactly the report of a full check: over every fixture and example, for a seeded
 * sample of single edits (a character typed or deleted, inside the math mostly), and for the
 * text again after the edit is undone.
 */
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { test } from 'node:test';
import { checkDocument, type CheckOptions } from '../../src/core/check';
import { CheckMemory } from '../../src/core/check/check-memory';
import { ClaimKeys } from '../../src/core/check/claim-keys';
import { readDerivation } from '../../src/core/model/derivation';
import { assignRoles } from '../../src/core/model/roles';
import { extractMath } from '../../src/core/source/extract';
import { mulberry32 } from '../../src/core/random';
import { checkedText } from '../corpus/documents';
import { questionCopies } from '../server/question-copies';

const root = join(__dirname, '..', '..', '..');
const EDITS_PER_DOCUMENT = 4;
/** What an author types: signs, digits, letters of names, brackets, a space. */
const TYPED = ['-', '+', '2', 'x', 'w', 'b', '(', ')', ' ', '^', '_'];

function documents(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return documents(path);
    return /\.(md|tex|ipynb)$/.test(entry.name) ? [path] : [];
  });
}

/** One character typed or deleted: inside a math block three times in four, anywhere otherwise. */
function randomEdit(text: string, kind: 'markdown' | 'tex', random: () => number): string {
  const blocks = extractMath(text, kind).blocks;
  const pick = (lo: number, hi: number): number => lo + Math.floor(random() * Math.max(1, hi - lo));
  const block = blocks.length && random() < 0.75 ? blocks[pick(0, blocks.length)] : undefined;
  const at = block ? pick(block.content.start, block.content.end) : pick(0, text.length);
  if (random() < 0.5 && at < text.length) return text.slice(0, at) + text.slice(at + 1);
  return text.slice(0, at) + TYPED[pick(0, TYPED.length)] + text.slice(at);
}

function assertIncrementalIsFull(text: string, options: CheckOptions, memory: CheckMemory, what: string): void {
  const incremental = checkDocument(text, options, memory);
  assert.deepEqual(incremental, checkDocument(text, options), what);
}

const all = [...documents(join(root, 'test', 'fixtures')), ...documents(join(root, 'examples'))];

for (const path of all) {
  const name = relative(root, path);
  test(`incremental checks of ${name} give the full check's report`, () => {
    const read = checkedText(path, readFileSync(path, 'utf8'));
    if ('reason' in read) return;
    const expectPath = path.replace(/\.(md|tex|ipynb)$/, '.expect.json');
    const expected = existsSync(expectPath) ? (JSON.parse(readFileSync(expectPath, 'utf8')) as { options?: CheckOptions }).options : undefined;
    const options: CheckOptions = { fileName: name, kind: read.kind, ...expected };
    const random = mulberry32(name.length * 7919 + name.charCodeAt(name.length - 4));
    const memory = new CheckMemory();
    assertIncrementalIsFull(read.text, options, memory, `${name} as it is`);
    for (let k = 0; k < EDITS_PER_DOCUMENT; k++) {
      const edited = randomEdit(read.text, read.kind, random);
      assertIncrementalIsFull(edited, options, memory, `${name}, edit ${k}`);
      assertIncrementalIsFull(read.text, options, memory, `${name}, edit ${k} undone`);
    }
  });
}

test('a long document (1,008 claims): a claim edited, then a definition', () => {
  const text = questionCopies(readFileSync(join(root, 'examples', 'question.md'), 'utf8'), 72);
  const memory = new CheckMemory();
  assertIncrementalIsFull(text, {}, memory, 'as it is');
  const claim = text.indexOf("=({o_{1}}'-y)") + 1;
  assertIncrementalIsFull(`${text.slice(0, claim)}-${text.slice(claim)}`, {}, memory, 'a minus typed before a right side');
  const definition = text.indexOf('h_{1}=');
  assertIncrementalIsFull(`${text.slice(0, definition + 6)}2${text.slice(definition + 6)}`, {}, memory, 'a definition changed');
});

test('an edited definition changes the keys of the claims that read it, through the definitions between, and no other', () => {
  const keysOf = (text: string): string[] => {
    const derivation = readDerivation(text, 'markdown');
    const keys = new ClaimKeys(derivation, assignRoles(derivation), '');
    return derivation.claims.map((c) => keys.keyOf(c));
  };
  const text = [
    '$$z = w x + b, \\quad a = \\sigma(z), \\quad u = v x, \\quad L = \\frac{1}{2}(a + u - y)^2$$',
    '$$\\frac{\\partial L}{\\partial w} = (a + u - y) a (1 - a) x$$',
    '$$\\frac{\\partial u}{\\partial v} = x$$',
    '$$\\frac{\\partial a}{\\partial z} = a (1 - a)$$',
  ].join('\n\n');
  const before = keysOf(text);
  const after = keysOf(text.replace('z = w x + b', 'z = w x - b'));
  assert.deepEqual(before.map((key, k) => key === after[k]), [false, true, false]);
});
