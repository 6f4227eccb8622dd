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
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { checkDocument } from '../../src/core/check';
import type { Position, Report, Span } from '../../src/core/report';
import { corpusDocuments, corpusFolder, sources } from './documents';

interface TrueFinding {
  file: string;
  /** In a notebook: the cell (1-based, all cells counted), as `gradcheck nb.ipynb` names it. */
  cell?: number;
  line: number;
  code: string;
  why: string;
}

const trueFindings = JSON.parse(readFileSync(join(__dirname, '..', '..', '..', 'test', 'corpus', 'findings.json'), 'utf8')) as TrueFinding[];
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
  const { documents, problems: internal } = corpusDocuments(folder!);
  for (const { file, text, kind, cells, source } of documents) {
    const place = (span: Span, start: Position): Position & { cell?: number } => {
      const inCell = cells?.position(span.start);
      return inCell ? { ...inCell, cell: inCell.cell + 1 } : start;
    };
    let report: Report;
    try {
      report = checkDocument(text, { fileName: source.path, kind });
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
