/**
 * Never a false "verified": every claim that verifies, in every fixture and every document of
 * the real corpus, is perturbed on its right side (`(E) + 0.37`, `1.7 (E)`) and checked again; no
 * mutant may verify. (The scaled one may only where E is 0 at every sample point.)
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { checkDocument } from '../../src/core/check';
import type { Claim } from '../../src/core/report';
import type { DocumentKind } from '../../src/core/source/extract';
import { checkedText, corpusDocuments, corpusFolder } from '../corpus/documents';

const root = join(__dirname, '..', '..', '..');

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return files(path);
    return /\.(md|tex|ipynb)$/.test(entry.name) ? [path] : [];
  });
}

const MUTANTS = [
  { name: 'shifted', apply: (e: string) => `\\left(${e}\\right) + 0.37`, zeroMayVerify: false },
  { name: 'scaled', apply: (e: string) => `1.7\\left(${e}\\right)`, zeroMayVerify: true },
];

/** Mutants of the verified claims of one document that verified too. */
function verifiedMutants(text: string, kind: DocumentKind): string[] {
  const report = checkDocument(text, { kind });
  const escaped: string[] = [];
  for (const claim of report.claims.filter((c) => c.status === 'verified')) {
    const right = text.slice(claim.rightSpan.start, claim.rightSpan.end);
    for (const mutant of MUTANTS) {
      const mutated = text.slice(0, claim.rightSpan.start) + mutant.apply(right) + text.slice(claim.rightSpan.end);
      const after = checkDocument(mutated, { kind }).claims.find((c: Claim) => c.leftSpan.start === claim.leftSpan.start && c.rightSpan.start === claim.rightSpan.start);
      if (after?.status !== 'verified') continue;
      if (mutant.zeroMayVerify && claim.sample?.reference === 0 && claim.sample.claimed === 0) continue;
      escaped.push(`${claim.range.start.line}:${claim.range.start.column} ${claim.left} = ${right} -> ${mutant.name} still verifies`);
    }
  }
  return escaped;
}

test('no mutant of a verified fixture claim verifies', () => {
  const escaped: string[] = [];
  let documents = 0;
  for (const path of [...files(join(root, 'test', 'fixtures')), join(root, 'examples', 'question-corrected.md')]) {
    const read = checkedText(path, readFileSync(path, 'utf8'));
    if ('reason' in read) continue;
    documents++;
    for (const e of verifiedMutants(read.text, read.kind)) escaped.push(`${path.slice(root.length + 1)}:${e}`);
  }
  assert.ok(documents > 100);
  assert.deepEqual(escaped, []);
});

const folder = corpusFolder();

test('no mutant of a verified claim of the real corpus verifies', { skip: folder ? false : 'no corpus folder (set GRADCHECK_CORPUS)' }, () => {
  const escaped: string[] = [];
  for (const document of corpusDocuments(folder!).documents) {
    for (const e of verifiedMutants(document.text, document.kind)) escaped.push(`${document.file}:${e}`);
  }
  assert.deepEqual(escaped, []);
});
