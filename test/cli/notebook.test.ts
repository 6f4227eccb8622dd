/** `gradcheck nb.ipynb`: the Markdown cells checked as one derivation, positions given per cell. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { JsonOutput } from '../../src/cli/format-json';
import type { SarifLog } from '../../src/cli/format-sarif';
import { formatText } from '../../src/cli/format-text';
import { placeOf } from '../../src/cli/places';
import { JoinedCells } from '../../src/core/source/notebook';
import { diagnostic, report } from './report-builders';

const CLI = resolve(__dirname, '../../../out/cli/gradcheck.js');
const ROOT = resolve(__dirname, '../../..');
const NOTEBOOK = 'test/fixtures/notebooks/two-layer.ipynb';

function gradcheck(args: string[]) {
  return spawnSync(process.execPath, [CLI, ...args], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
}

test('text: the wrong claim is named by its cell, counting code cells, and its line and column in the cell', () => {
  const run = gradcheck([NOTEBOOK]);
  assert.equal(run.status, 1, run.stderr);
  assert.deepEqual(run.stdout.split('\n').filter((line) => line.includes('  error  ')).map((line) => line.split('  ')[0]), [`${NOTEBOOK}#cell5:10:35`]);
  // Line 10, column 35 of cell 5 is where the wrong right side starts.
  const cell5 = (JSON.parse(readFileSync(join(ROOT, NOTEBOOK), 'utf8')) as { cells: Array<{ source: string[] }> }).cells[4].source.join('');
  assert.ok(cell5.split('\n')[9].slice(34).startsWith('(y - \\hat{y})'), cell5);
  assert.match(run.stdout, /4 claims: 3 verified, 1 mismatch, 0 unchecked/);
});

test('json: an additive "cell" on claims and diagnostics, lines and columns within the cell', () => {
  const run = gradcheck(['--format', 'json', NOTEBOOK]);
  assert.equal(run.status, 1, run.stderr);
  const [file] = (JSON.parse(run.stdout) as JsonOutput).files;
  assert.equal(file.file, NOTEBOOK);
  assert.deepEqual(file.claims.map((c) => [c.cell, c.line, c.column, c.derivative?.wrt, c.status]), [
    [3, 4, 1, 'w_2', 'verified'],
    [3, 8, 1, 'b_2', 'verified'],
    [5, 6, 1, 'w_1', 'verified'],
    [5, 10, 1, 'b_1', 'mismatch'],
  ]);
  assert.deepEqual(file.diagnostics.map((d) => [d.cell, d.line, d.column, d.endLine, d.endColumn, d.code]), [[5, 10, 35, 10, 65, 'sign-error']]);
});

test('json: a Markdown file has no "cell" field', () => {
  const run = gradcheck(['--format', 'json', 'examples/question.md']);
  const [file] = (JSON.parse(run.stdout) as JsonOutput).files;
  assert.ok(file.claims.length > 0 && file.diagnostics.length > 0);
  assert.ok([...file.claims, ...file.diagnostics].every((item) => !('cell' in item)));
});

test('sarif: the cell is an artifact nested in the notebook, addressed by a JSON Pointer', () => {
  const run = gradcheck(['--format', 'sarif', NOTEBOOK]);
  assert.equal(run.status, 1, run.stderr);
  const [sarifRun] = (JSON.parse(run.stdout) as SarifLog).runs;
  assert.deepEqual(sarifRun.artifacts, [
    { location: { uri: NOTEBOOK }, mimeType: 'application/x-ipynb+json' },
    { location: { uri: `${NOTEBOOK}#/cells/4/source` }, parentIndex: 0, mimeType: 'text/markdown' },
  ]);
  assert.deepEqual(sarifRun.results.map((r) => r.locations[0].physicalLocation), [
    { artifactLocation: { uri: `${NOTEBOOK}#/cells/4/source`, index: 1 }, region: { startLine: 10, startColumn: 35, endLine: 10, endColumn: 65 } },
  ]);
  const plain = (JSON.parse(gradcheck(['--format', 'sarif', 'examples/question.md']).stdout) as SarifLog).runs[0];
  assert.equal(plain.artifacts, undefined, 'no artifacts list without a notebook');
});

test('a notebook that cannot be read exits 2 with the reason, and no report', () => {
  const dir = mkdtempSync(join(tmpdir(), 'gradcheck-nb-'));
  try {
    const cases: Array<[string, RegExp]> = [
      ['{"cells": [', /cannot read '.*bad-0\.ipynb': not a Jupyter notebook: the JSON does not parse/],
      ['{"nbformat": 3, "worksheets": []}', /cannot read '.*bad-1\.ipynb': nbformat 3 notebooks are not read/],
      ['{"cells": [{"cell_type": "markdown", "source": 7}]}', /cannot read '.*bad-2\.ipynb': cell 1: "source" is neither/],
    ];
    for (const [index, [json, reason]] of cases.entries()) {
      const path = join(dir, `bad-${index}.ipynb`);
      writeFileSync(path, json);
      const run = gradcheck(['--format', 'json', path, NOTEBOOK]);
      assert.equal(run.status, 2, json);
      assert.match(run.stderr, reason);
      assert.equal(run.stdout, '');
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('places: sorted by cell, then line; a span that ran past its cell would stop at the cell\'s end', () => {
  const cells = new JoinedCells([{ cell: 0, text: 'one\n$$a$$' }, { cell: 3, text: '$$b$$\nc' }]);
  const inCell4 = cells.joinedOffset(3, 2)!;
  const inCell1 = cells.joinedOffset(0, 6)!;
  const checked = {
    file: 'nb.ipynb',
    cells,
    report: report([], [
      { ...diagnostic('sign-error', 'error', 'later cell', [1, 1]), span: { start: inCell4, end: inCell4 + 1 } },
      { ...diagnostic('sign-error', 'error', 'first cell', [1, 1]), span: { start: inCell1, end: inCell4 } },
    ]),
  };
  assert.deepEqual(placeOf(checked, checked.report.diagnostics[1].span, checked.report.diagnostics[1].range), { cell: 1, start: { line: 2, column: 3 }, end: { line: 2, column: 6 } });
  assert.deepEqual(formatText([checked], false).split('\n').slice(0, 2), [
    'nb.ipynb#cell1:2:3  error  first cell  [sign-error]',
    'nb.ipynb#cell4:1:3  error  later cell  [sign-error]',
  ]);
});
