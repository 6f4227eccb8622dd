import { readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { NO_RC_FILE, parseRcText, RC_FILE_NAME, type RcFile } from './rc-text';

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

/** The nearest `.gradcheckrc.json` in `directory` or above it, as linters find their config. */
export function findRcFile(directory: string): string | undefined {
  for (let dir = directory; ; dir = dirname(dir)) {
    const candidate = join(dir, RC_FILE_NAME);
    if (isFile(candidate)) return candidate;
    if (dirname(dir) === dir) return undefined;
  }
}

/** Reads one rc file; unreadable or invalid JSON becomes a problem, never an exception. */
export function readRcFile(path: string): RcFile {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    return { path, settings: {}, problems: [`cannot read: ${error instanceof Error ? error.message : String(error)}`] };
  }
  return parseRcText(path, text);
}

/** The settings that apply to documents in `directory`: the nearest rc file, or none. */
export function loadRcFor(directory: string): RcFile {
  const path = findRcFile(directory);
  return path ? readRcFile(path) : NO_RC_FILE;
}
