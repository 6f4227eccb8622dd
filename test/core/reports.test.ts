/**
 * Full reports, not just statuses: every fixture and example gives exactly the report recorded
 * in test/reports (claims, diagnostics with their messages and fixes, sample values to the last
 * bit, the graph). A change meant to be invisible (the engine made faster) must leave them
 * byte for byte; a change meant to be seen rewrites them, and the diff shows what it changed:
 * `GRADCHECK_UPDATE_REPORTS=1 npm test` writes them afresh.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { test } from 'node:test';
import { checkDocument, type CheckOptions } from '../../src/core/check';
import { checkedText } from '../corpus/documents';

const root = join(__dirname, '..', '..', '..');
const recorded = join(root, 'test', 'reports');
const update = process.env.GRADCHECK_UPDATE_REPORTS === '1';

function documents(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return documents(path);
    return /\.(md|tex|ipynb)$/.test(entry.name) ? [path] : [];
  });
}

/** The report of one document as JSON, with the options its expectations name (as the fixture test checks it). */
function reportJson(path: string, name: string): string {
  const read = checkedText(path, readFileSync(path, 'utf8'));
  if ('reason' in read) return `${JSON.stringify({ unreadable: read.reason }, null, 1)}\n`;
  const expectPath = path.replace(/\.(md|tex|ipynb)$/, '.expect.json');
  const options = existsSync(expectPath) ? (JSON.parse(readFileSync(expectPath, 'utf8')) as { options?: CheckOptions }).options : undefined;
  return `${JSON.stringify(checkDocument(read.text, { fileName: name, kind: read.kind, ...options }), null, 1)}\n`;
}

const all = [...documents(join(root, 'test', 'fixtures')), ...documents(join(root, 'examples'))];

test('there are recorded reports to compare with', () => {
  assert.ok(all.length >= 100, `found ${all.length} documents`);
});

for (const path of all) {
  const name = relative(root, path);
  test(`report of ${name}`, () => {
    const file = join(recorded, `${name}.json`);
    const actual = reportJson(path, name);
    if (update) {
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, actual);
      return;
    }
    assert.ok(existsSync(file), `${name}: no recorded report (GRADCHECK_UPDATE_REPORTS=1 writes it)`);
    assert.equal(actual, readFileSync(file, 'utf8'), `${name}: the report differs from test/reports/${name}.json`);
  });
}
