import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatText, shouldColor } from '../../src/cli/format-text';
import { claim, diagnostic, report } from './report-builders';

const question = {
  file: 'examples/question.md',
  report: report(
    [
      claim({ status: 'verified' }),
      claim({ status: 'mismatch', codes: ['missing-summation'] }),
      claim({ status: 'mismatch', codes: ['sign-error'] }),
      claim({ status: 'unchecked', codes: ['unchecked'] }),
    ],
    [
      diagnostic('shared-parameter', 'warning', 'b is the bias of two layers', [4, 12]),
      diagnostic('sign-error', 'error', 'the sign is wrong', [20, 5]),
      diagnostic('missing-summation', 'warning', 'the sum over examples is missing', [13, 5]),
      diagnostic('unchecked', 'information', 'cannot evaluate \\nabla', [13, 5]),
      diagnostic('gradient-mismatch', 'error', 'differs', [13, 30]),
    ],
  ),
};

test('one line per diagnostic sorted by position, then claim counts and a total', () => {
  assert.equal(formatText([question], false), [
    'examples/question.md:4:12  warning  b is the bias of two layers  [shared-parameter]',
    'examples/question.md:13:5  warning  the sum over examples is missing  [missing-summation]',
    'examples/question.md:13:5  information  cannot evaluate \\nabla  [unchecked]',
    'examples/question.md:13:30  error  differs  [gradient-mismatch]',
    'examples/question.md:20:5  error  the sign is wrong  [sign-error]',
    'examples/question.md: 4 claims: 1 verified, 2 mismatch, 1 unchecked',
    '1 claim verified, 2 mismatch, 1 unchecked; 2 errors, 2 warnings, 1 note in 1 file',
    '',
  ].join('\n'));
});

test('several files are summed; a file without math says so', () => {
  const clean = { file: 'clean.md', report: report([claim({ status: 'verified' }), claim({ status: 'verified' })], []) };
  const prose = { file: 'prose.md', report: report([], []) };
  assert.equal(formatText([clean, prose], false), [
    'clean.md: 2 claims: 2 verified, 0 mismatch, 0 unchecked',
    'prose.md: no claims found',
    '2 claims verified, 0 mismatch, 0 unchecked; 0 errors, 0 warnings in 2 files',
    '',
  ].join('\n'));
});

test('a message that spans lines stays on its diagnostic line', () => {
  const file = { file: 'a.md', report: report([], [diagnostic('parse-error', 'error', 'expected }\n  after \\frac{a', [1, 1])]) };
  assert.equal(formatText([file], false).split('\n')[0], 'a.md:1:1  error  expected } after \\frac{a  [parse-error]');
});

test('colour paints severities and the summary, and nothing else changes', () => {
  const coloured = formatText([question], true);
  assert.match(coloured, /\x1b\[31;1merror\x1b\[0m/);
  assert.equal(coloured.replace(/\x1b\[[\d;]+m/g, ''), formatText([question], false));
});

test('plain output has no escape codes', () => {
  assert.doesNotMatch(formatText([question], false), /\x1b/);
});

test('colour only on a terminal, without NO_COLOR or --no-color', () => {
  assert.equal(shouldColor({ noColorFlag: false, isTTY: true, env: {} }), true);
  assert.equal(shouldColor({ noColorFlag: false, isTTY: false, env: {} }), false);
  assert.equal(shouldColor({ noColorFlag: true, isTTY: true, env: {} }), false);
  assert.equal(shouldColor({ noColorFlag: false, isTTY: true, env: { NO_COLOR: '1' } }), false);
  assert.equal(shouldColor({ noColorFlag: false, isTTY: true, env: { NO_COLOR: '' } }), true);
});
