/**
 * Every derivation under test/fixtures with a sibling `.expect.json` is checked and compared
 * with its expectations: each claim (in document order) with its line, column, status and codes,
 * and the exact set of diagnostics by code, line and column. A new case is a new pair of files.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { checkDocument } from '../../src/core/check';
import type { FindingCode, Severity } from '../../src/core/report';

interface ExpectedClaim {
  line: number;
  column: number;
  status: 'verified' | 'mismatch' | 'unchecked';
  codes: FindingCode[];
  of?: string;
  wrt?: string;
}

interface ExpectedDiagnostic {
  line: number;
  column: number;
  code: FindingCode;
  severity?: Severity;
}

interface Expectation {
  description: string;
  options?: { examples?: number; samples?: number; seed?: number };
  claims: ExpectedClaim[];
  diagnostics: ExpectedDiagnostic[];
}

const root = join(__dirname, '..', '..', '..', 'test', 'fixtures');

function fixtures(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return fixtures(path);
    return /\.(md|tex)$/.test(entry.name) && entry.name !== 'README.md' ? [path] : [];
  });
}

const all = fixtures(root);

test('the fixture corpus is there', () => {
  assert.ok(all.length >= 2, `found ${all.length} fixtures in ${root}`);
});

for (const file of all) {
  const expectPath = file.replace(/\.(md|tex)$/, '.expect.json');
  const name = file.slice(root.length + 1);
  test(`fixture ${name}`, () => {
    const expected = JSON.parse(readFileSync(expectPath, 'utf8')) as Expectation;
    const report = checkDocument(readFileSync(file, 'utf8'), { fileName: file, ...expected.options });
    const actualClaims = report.claims.map((c) => {
      const claim: ExpectedClaim = { line: c.range.start.line, column: c.range.start.column, status: c.status, codes: c.codes };
      return claim;
    });
    const comparable = expected.claims.map((e, k) => {
      const actual = report.claims[k];
      const got: ExpectedClaim = { ...actualClaims[k] };
      if (actual && e.of !== undefined) got.of = actual.derivative?.of;
      if (actual && e.wrt !== undefined) got.wrt = actual.derivative?.wrt;
      return got;
    });
    assert.deepEqual(comparable, expected.claims, `${name}: claims (${expected.description})`);
    assert.equal(report.claims.length, expected.claims.length, `${name}: number of claims`);
    const key = (d: ExpectedDiagnostic): string => `${d.line}:${d.column} ${d.code}${d.severity ? ` ${d.severity}` : ''}`;
    const actualDiagnostics = report.diagnostics.map((d) => {
      const wanted = expected.diagnostics.find((e) => e.code === d.code && e.line === d.range.start.line && e.column === d.range.start.column);
      return key({ line: d.range.start.line, column: d.range.start.column, code: d.code, severity: wanted?.severity ? d.severity : undefined });
    }).sort();
    assert.deepEqual(actualDiagnostics, expected.diagnostics.map(key).sort(), `${name}: diagnostics`);
  });
}
