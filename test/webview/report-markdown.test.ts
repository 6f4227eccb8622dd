import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Report } from '../../src/core/report';
import { reportMarkdown } from '../../src/webview/report-markdown';
import { QUESTION, reportOf } from './reports';

describe('copy as Markdown', () => {
  const report = reportOf(QUESTION);

  test('a title, the counts, the findings and one table row per claim', () => {
    const markdown = reportMarkdown('question.md', report, false);
    assert.match(markdown, /^# gradcheck report: question\.md\n\n✓ 10 verified · ✗ 4 mismatches · \? 0 unchecked\n/);
    assert.match(markdown, /- ⚠ \*\*shared-parameter\*\* \(line 7\): b is the bias/);
    const rows = markdown.split('\n').filter((l) => /^\| \d+ \|/.test(l));
    assert.equal(rows.length, report.claims.length);
    assert.match(rows[0], /^\| 13 \| ✗ mismatch \(missing-summation\) \| \$\\frac\{\\partial L\}\{\\partial w_\{2\}\} = .*\$ \| L sums over the examples.* \| \$\\sum .*\$ \| 0\.420235 \/ −0\.124204 \|$/);
  });

  test('only mismatches, when the filter is on', () => {
    const markdown = reportMarkdown('question.md', report, true);
    assert.match(markdown, /## Mismatches/);
    assert.equal(markdown.split('\n').filter((l) => /^\| \d+ \|/.test(l)).length, 4);
  });

  test('a | or a line break in a claim does not break the table', () => {
    const odd: Report = { ...report, claims: [{ ...report.claims[0], expression: '|x|\n+ 1', explanation: 'a | b' }] };
    const row = reportMarkdown('q.md', odd, false).split('\n').find((l) => l.startsWith('| 13 |')) ?? '';
    assert.match(row, /\\\|x\\\| \+ 1/);
    assert.match(row, /a \\\| b/);
    assert.equal(row.split(/(?<!\\)\|/).length, 8);
  });
});
