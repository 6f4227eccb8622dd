import { test } from 'node:test';
import assert from 'node:assert/strict';
import { artifactUri, formatSarif, toSarifLog, type SarifLog } from '../../src/cli/format-sarif';
import type { ToolInfo } from '../../src/cli/tool';
import { diagnostic, report } from './report-builders';

const tool: ToolInfo = {
  name: 'gradcheck',
  version: '9.8.7',
  informationUri: 'https://example.test/gradcheck',
  helpUri: (code) => `https://example.test/gradcheck/README.md#${code}`,
};

const checked = [
  {
    file: 'docs/backprop.md',
    report: report([], [
      diagnostic('sign-error', 'error', 'the sign is wrong', [20, 5], [20, 31]),
      diagnostic('shared-parameter', 'warning', 'b is shared', [4, 12]),
    ]),
  },
  {
    file: 'docs\\more.tex',
    report: report([], [
      diagnostic('sign-error', 'error', 'again', [2, 1], [3, 4]),
      diagnostic('unchecked', 'information', 'cannot evaluate', [5, 1]),
      diagnostic('undefined-symbol', 'hint', 'q is never defined', [6, 1]),
    ]),
  },
];

test('a SARIF 2.1.0 log with one run, one rule per code that occurs, one result per diagnostic', () => {
  const log = toSarifLog(checked, tool);
  assert.equal(log.version, '2.1.0');
  assert.equal(log.$schema, 'https://json.schemastore.org/sarif-2.1.0.json');
  assert.equal(log.runs.length, 1);
  const [run] = log.runs;
  assert.deepEqual(
    { name: run.tool.driver.name, version: run.tool.driver.version, informationUri: run.tool.driver.informationUri },
    { name: 'gradcheck', version: '9.8.7', informationUri: 'https://example.test/gradcheck' },
  );
  assert.deepEqual(run.tool.driver.rules.map((rule) => rule.id), ['sign-error', 'shared-parameter', 'unchecked', 'undefined-symbol']);
  assert.equal(run.tool.driver.rules[0].helpUri, 'https://example.test/gradcheck/README.md#sign-error');
  assert.ok(run.tool.driver.rules.every((rule) => rule.shortDescription.text.length > 0));
  assert.equal(run.results.length, 5);
  for (const result of run.results) assert.equal(run.tool.driver.rules[result.ruleIndex].id, result.ruleId);
});

test('a result carries level, message and the exact region', () => {
  const [first, , third] = toSarifLog(checked, tool).runs[0].results;
  assert.deepEqual(first, {
    ruleId: 'sign-error',
    ruleIndex: 0,
    level: 'error',
    message: { text: 'the sign is wrong' },
    locations: [{
      physicalLocation: {
        artifactLocation: { uri: 'docs/backprop.md' },
        region: { startLine: 20, startColumn: 5, endLine: 20, endColumn: 31 },
      },
    }],
  });
  assert.deepEqual(third.locations[0].physicalLocation, {
    artifactLocation: { uri: 'docs/more.tex' },
    region: { startLine: 2, startColumn: 1, endLine: 3, endColumn: 4 },
  });
});

test('information and hint become notes', () => {
  assert.deepEqual(toSarifLog(checked, tool).runs[0].results.map((result) => result.level), ['error', 'warning', 'error', 'note', 'note']);
});

test('no findings still make a valid log with an empty rule list', () => {
  const [run] = (JSON.parse(formatSarif([{ file: 'a.md', report: report([], []) }], tool)) as SarifLog).runs;
  assert.deepEqual(run.tool.driver.rules, []);
  assert.deepEqual(run.results, []);
});

test('artifact URIs are relative with forward slashes, percent-encoded per segment', () => {
  assert.equal(artifactUri('docs/a.md'), 'docs/a.md');
  assert.equal(artifactUri('./docs/a.md'), 'docs/a.md');
  assert.equal(artifactUri('docs\\sub\\a.md'), 'docs/sub/a.md');
  assert.equal(artifactUri('my notes/grad #1.md'), 'my%20notes/grad%20%231.md');
  assert.equal(artifactUri('/home/me/a.md'), 'file:///home/me/a.md');
});
