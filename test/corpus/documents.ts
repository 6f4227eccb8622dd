/**
 * The real-document corpus: test/corpus/sources.json names each document (repository, commit,
 * path, licence). The documents themselves are not in this repository (material of other
 * projects is not committed here): they are read from $GRADCHECK_CORPUS, else ../shared/corpus or
 * ../corpus beside the checkout, laid out as <owner>+<repo>/<path>.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DocumentKind } from '../../src/core/source/extract';
import { JoinedCells, markdownCells, readNotebook } from '../../src/core/source/notebook';

export interface Source {
  repo: string;
  commit: string;
  path: string;
  licence: string;
  kind: 'md' | 'tex' | 'ipynb';
  about: string;
}

/** A document as gradcheck checks it: a notebook is its Markdown cells, one derivation. */
export interface CheckedText {
  text: string;
  kind: DocumentKind;
  cells?: JoinedCells;
}

export interface CorpusDocument extends CheckedText {
  source: Source;
  /** `owner/repo/path`, as findings.json names it. */
  file: string;
}

const repoRoot = join(__dirname, '..', '..', '..');

export const sources = JSON.parse(readFileSync(join(repoRoot, 'test', 'corpus', 'sources.json'), 'utf8')) as Source[];

/** The folder holding the documents, or undefined when this machine has none. */
export function corpusFolder(): string | undefined {
  const candidates = [process.env.GRADCHECK_CORPUS, join(repoRoot, '..', 'shared', 'corpus'), join(repoRoot, '..', 'corpus')];
  return candidates.find((dir): dir is string => dir !== undefined && existsSync(join(dir, sources[0].repo.replace('/', '+'))));
}

/** The text gradcheck checks for a file's contents, or the reason a notebook cannot be read. */
export function checkedText(path: string, raw: string): CheckedText | { reason: string } {
  if (!/\.ipynb$/i.test(path)) return { text: raw, kind: /\.(tex|latex|ltx)$/i.test(path) ? 'tex' : 'markdown' };
  const notebook = readNotebook(raw);
  if (!notebook.ok) return { reason: notebook.reason };
  const cells = new JoinedCells(markdownCells(notebook.cells));
  return { text: cells.text, kind: 'markdown', cells };
}

/** Every document of the manifest found in `folder`; `problems` names those that could not be read. */
export function corpusDocuments(folder: string): { documents: CorpusDocument[]; problems: string[] } {
  const documents: CorpusDocument[] = [];
  const problems: string[] = [];
  for (const source of sources) {
    const file = `${source.repo}/${source.path}`;
    const read = checkedText(source.path, readFileSync(join(folder, source.repo.replace('/', '+'), source.path), 'utf8'));
    if ('reason' in read) problems.push(`${file}: ${read.reason}`);
    else documents.push({ ...read, source, file });
  }
  return { documents, problems };
}
