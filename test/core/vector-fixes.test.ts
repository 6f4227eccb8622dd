/**
 * Every fix offered on a vector or matrix derivation is right: applied to the document, the
 * claims it repairs verify (a transposed product reordered, a missing transpose added, a sum over
 * the examples or over an index written, a sign or a factor of N corrected).
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { checkDocument } from '../../src/core/check';

const root = join(__dirname, '..', '..', '..', 'test', 'fixtures', 'vectors');

function documents(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return documents(path);
    return /\.(md|tex)$/.test(entry.name) ? [path] : [];
  });
}

test('the fixes offered on vector derivations make their claims verify', () => {
  let applied = 0;
  for (const file of documents(root)) {
    const text = readFileSync(file, 'utf8');
    const report = checkDocument(text, { fileName: file });
    const edits = report.diagnostics
      .filter((d) => d.claim !== undefined)
      .flatMap((d) => d.fixes.find((f) => f.preferred)?.edits ?? [])
      .sort((a, b) => b.span.start - a.span.start);
    if (edits.length === 0) continue;
    let fixed = text;
    for (const e of edits) fixed = fixed.slice(0, e.span.start) + e.newText + fixed.slice(e.span.end);
    const after = checkDocument(fixed, { fileName: file });
    const stillWrong = after.claims.filter((c) => c.status !== 'verified');
    const withoutFix = report.claims.filter((c) => c.status === 'mismatch' && !report.diagnostics.some((d) => d.claim === report.claims.indexOf(c) && d.fixes.length));
    assert.equal(stillWrong.length, withoutFix.length, `${file}: after the fixes, ${stillWrong.map((c) => `${c.left} = ${c.expression} (${c.codes})`).join('; ')}`);
    applied += edits.length;
  }
  assert.ok(applied >= 25, `${applied} fixes applied`);
});
