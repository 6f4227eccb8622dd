/**
 * Documents to fuzz: the fixtures and examples of this repository and, when GRADCHECK_CORPUS
 * names a folder, every Markdown, LaTeX and notebook file under it (notebooks by their Markdown
 * cells, as the editor and the CLI check them).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { DocumentKind } from '../../src/core/source/extract';
import { checkedText } from '../corpus/documents';

export interface FuzzDocument {
  name: string;
  text: string;
  kind: DocumentKind;
}

const ROOT = join(__dirname, '..', '..', '..');

function walk(dir: string, accept: RegExp): string[] {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return [];
  }
  return entries.flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'node_modules' || entry.name.startsWith('.') ? [] : walk(path, accept);
    return entry.isFile() && accept.test(entry.name) ? [path] : [];
  }).sort();
}

/** Huge files are cut: the fuzzer looks for crashes and hangs, not for the size limits. */
const MAX_LENGTH = 200_000;

function load(path: string, base: string): FuzzDocument | undefined {
  if (statSync(path).size > 20 * MAX_LENGTH) return undefined;
  const read = checkedText(path, readFileSync(path, 'utf8'));
  if ('reason' in read || !/[$\\]/.test(read.text)) return undefined;
  return { name: relative(base, path), text: read.text.slice(0, MAX_LENGTH), kind: read.kind };
}

export function fixtureDocuments(): FuzzDocument[] {
  const paths = [...walk(join(ROOT, 'test', 'fixtures'), /\.(md|tex)$/), ...walk(join(ROOT, 'examples'), /\.md$/)];
  return paths.flatMap((p) => load(p, ROOT) ?? []);
}

export function corpusDocuments(dir: string | undefined): FuzzDocument[] {
  if (!dir) return [];
  return walk(dir, /\.(md|markdown|tex|ipynb)$/i).flatMap((p) => load(p, dir) ?? []);
}
