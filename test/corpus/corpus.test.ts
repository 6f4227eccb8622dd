/**
 * Real documents: lecture notes, textbook chapters, notebooks and papers' sources, correct and
 * published (test/corpus/sources.json names each: repository, commit, path, licence). gradcheck
 * must be quiet on them: no internal error, and no error or warning except the true findings
 * listed in test/corpus/findings.json, each checked by hand. The documents are not in this
 * repository (material of other projects is not committed here): the test reads them from
 * $GRADCHECK_CORPUS, else ../shared/corpus or ../corpus beside the checkout, laid out as
 * <owner>+<repo>/<path>, and says so when there is none.
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { checkDocument } from '../../src/core/check';
import type { Position, Report, Span } from '../../src/core/report';
import { JoinedCells, markdownCells, readNotebook } from '../../src/core/source/notebook';

interface Source {
  repo: string;
  commit: string;
  path: string;
  licence: string;
  kind: 'md' | 'tex' | 'ipynb';
  about: string;
}

interface TrueFinding {
  file: string;
  /** In a notebook: the cell (1-based, all cells counted), as `gradcheck nb.ipynb` names it. */
  cell?: number;
  line: number;
  code: string;
  why: string;
}

const repoRoot = join(__dirname, '..', '..', '..');
const here = join(repoRoot, 'test', 'corpus');
const sources = JSON.parse(readFileSync(join(here, 'sources.json'), 'utf8')) as Source[];
const trueFindings = JSON.parse(readFileSync(join(here, 'findings.json'), 'utf8')) as TrueFinding[];

function corpusFolder(): string | undefined {
  const candidates = [process.env.GRADCHECK_CORPUS, join(repoRoot, '..', 'shared', 'corpus'), join(repoRoot, '..', 'corpus')];
  return candidates.find((dir): dir is string => dir !== undefined && existsSync(join(dir, sources[0].repo.replace('/', '+'))));
}

const folder = corpusFolder();

test('the corpus manifest names at least 60 public documents, each with its commit and licence', () => {
  assert.ok(sources.length >= 60);
  for (const s of sources) {
    assert.match(s.commit, /^[0-9a-f]{40}$/, s.path);
    assert.ok(s.licence && s.repo.includes('/') && s.path, JSON.stringify(s));
  }
  for (const f of trueFindings) assert.ok(f.why.length > 10 && sources.some((s) => `${s.repo}/${s.path}` === f.file), JSON.stringify(f));
});

test('real documents: no internal error, no false error or warning', { skip: folder ? false : 'no corpus folder (set GRADCHECK_CORPUS)' }, () => {
  const counts = { files: 0, verified: 0, mismatch: 0, unchecked: 0, unread: 0, trueFindings: 0 };
  const falseAlarms: string[] = [];
  const internal: string[] = [];
  for (const source of sources) {
    const file = `${source.repo}/${source.path}`;
    const path = join(folder!, source.repo.replace('/', '+'), source.path);
    let text = readFileSync(path, 'utf8');
    // A notebook is read as the CLI reads it: its Markdown cells, one derivation.
    let cells: JoinedCells | undefined;
    if (source.kind === 'ipynb') {
      const notebook = readNotebook(text);
      if (!notebook.ok) {
        internal.push(`${file}: ${notebook.reason}`);
        continue;
      }
      cells = new JoinedCells(markdownCells(notebook.cells));
      text = cells.text;
    }
    const place = (span: Span, start: Position): Position & { cell?: number } => {
      const inCell = cells?.position(span.start);
      return inCell ? { ...inCell, cell: inCell.cell + 1 } : start;
    };
    let report: Report;
    try {
      report = checkDocument(text, { fileName: source.path, kind: source.kind === 'tex' ? 'tex' : 'markdown' });
    } catch (error) {
      internal.push(`${file}: ${error instanceof Error ? error.stack : String(error)}`);
      continue;
    }
    counts.files++;
    for (const c of report.claims) counts[c.status]++;
    counts.unread += report.unread.length;
    for (const d of report.diagnostics) {
      if (d.severity !== 'error' && d.severity !== 'warning') continue;
      const at = place(d.span, d.range.start);
      if (trueFindings.some((f) => f.file === file && f.cell === at.cell && f.line === at.line && f.code === d.code)) counts.trueFindings++;
      else falseAlarms.push(`${file}${at.cell === undefined ? '' : `#cell${at.cell}`}:${at.line}:${at.column} ${d.severity} ${d.code}: ${d.message}`);
    }
  }
  console.log(`corpus: ${counts.files} files; claims ${counts.verified} verified, ${counts.mismatch} mismatch, ${counts.unchecked} unchecked; ${counts.unread} formulas not read; ${counts.trueFindings} true findings; ${falseAlarms.length} false alarms`);
  assert.deepEqual(internal, [], 'internal errors');
  assert.deepEqual(falseAlarms, [], 'errors or warnings not listed as true findings');
});
