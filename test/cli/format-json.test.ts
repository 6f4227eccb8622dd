import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatJson, type JsonOutput } from '../../src/cli/format-json';
import { claim, diagnostic, range, report } from './report-builders';

test('claims and diagnostics follow the contract of DESIGN.md section 5', () => {
  const checked = [{
    file: 'notes/backprop.md',
    report: report(
      [
        claim({
          status: 'mismatch',
          range: range([13, 5], [13, 40]),
          derivative: { of: 'L', wrt: 'w_2' },
          expression: "h \\times {y}'(1-{y}')",
          codes: ['missing-summation'],
          suggestion: "\\sum h \\times {y}'(1-{y}')",
          explanation: 'not part of the contract',
          sample: { reference: 1, claimed: 2 },
        }),
        claim({ status: 'verified', range: range([3, 1], [3, 9]), left: 'h', expression: '\\sigma(net_1)' }),
      ],
      [diagnostic('missing-summation', 'warning', 'the sum over examples is missing', [13, 5], [13, 40])],
    ),
  }];
  assert.deepEqual(JSON.parse(formatJson(checked)), {
    version: 1,
    files: [{
      file: 'notes/backprop.md',
      claims: [
        {
          line: 13,
          column: 5,
          derivative: { of: 'L', wrt: 'w_2' },
          expression: "h \\times {y}'(1-{y}')",
          status: 'mismatch',
          codes: ['missing-summation'],
          suggestion: "\\sum h \\times {y}'(1-{y}')",
        },
        { line: 3, column: 1, expression: '\\sigma(net_1)', status: 'verified', codes: [] },
      ],
      diagnostics: [{
        line: 13, column: 5, endLine: 13, endColumn: 40,
        severity: 'warning', code: 'missing-summation', message: 'the sum over examples is missing',
      }],
      unread: [],
    }],
  });
});

test('absent derivative and suggestion leave no keys behind, not even undefined ones', () => {
  const output = formatJson([{ file: 'a.md', report: report([claim({ status: 'verified' })], []) }]);
  assert.deepEqual(Object.keys((JSON.parse(output) as JsonOutput).files[0].claims[0]), ['line', 'column', 'expression', 'status', 'codes']);
});

test('one JSON object for several files, and an empty file list is still an object', () => {
  const output = formatJson([{ file: 'a.md', report: report([], []) }, { file: 'b.tex', report: report([], []) }]);
  assert.deepEqual(JSON.parse(output), {
    version: 1,
    files: [{ file: 'a.md', claims: [], diagnostics: [], unread: [] }, { file: 'b.tex', claims: [], diagnostics: [], unread: [] }],
  });
  assert.equal(output.trimEnd().split('\n').at(-1), '}');
  assert.deepEqual(JSON.parse(formatJson([])), { version: 1, files: [] });
});
