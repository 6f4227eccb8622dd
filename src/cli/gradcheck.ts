import { readFile } from 'node:fs/promises';
import { text as streamText } from 'node:stream/consumers';
import { dirname, resolve } from 'node:path';
import { checkWithSettings, loadRcFor, mergeSettings, RC_FILE_NAME } from '../config';
import { documentKindOf } from '../core/source/extract';
import { JoinedCells, markdownCells, readNotebook } from '../core/source/notebook';
import { parseArgs, STDIN_PATH, USAGE, type OutputFormat, type RunOptions } from './args';
import type { CheckedFile } from './checked-file';
import { formatJson } from './format-json';
import { checkEach } from './check-each';
import { formatSarif } from './format-sarif';
import { formatText, shouldColor } from './format-text';
import { GRADCHECK } from './tool';

const EXIT_CLEAN = 0;
const EXIT_ERRORS_FOUND = 1;
const EXIT_USAGE_OR_IO = 2;

const STDIN_NAME = '<stdin>';

interface Input {
  name: string;
  text: string;
  /** A notebook's Markdown cells; `text` is then their joined text. */
  cells?: JoinedCells;
}

async function main(argv: readonly string[]): Promise<number> {
  const parsed = parseArgs(argv);
  switch (parsed.action) {
    case 'help':
      process.stdout.write(`${USAGE}\n`);
      return EXIT_CLEAN;
    case 'version':
      process.stdout.write(`${GRADCHECK.version}\n`);
      return EXIT_CLEAN;
    case 'usage-error':
      process.stderr.write(`gradcheck: ${parsed.message}\nTry 'gradcheck --help' for more information.\n`);
      return EXIT_USAGE_OR_IO;
    case 'run':
      return run(parsed.options);
  }
}

async function run(options: RunOptions): Promise<number> {
  // Read everything before checking anything: an unreadable file means no report at all, so
  // a JSON or SARIF consumer never receives results for only part of what it asked for.
  const inputs: Input[] = [];
  const failures: string[] = [];
  for (const path of options.files) {
    try {
      inputs.push(await readInput(path));
    } catch (error) {
      failures.push(describeReadError(path, error));
    }
  }
  if (failures.length > 0) {
    for (const failure of failures) process.stderr.write(`gradcheck: ${failure}\n`);
    return EXIT_USAGE_OR_IO;
  }

  const checked: CheckedFile[] = checkEach(inputs, ({ name, text, cells }) => {
    const rc = loadRcFor(name === STDIN_NAME ? process.cwd() : dirname(resolve(name)));
    const settingsProblems = rc.problems.map((message) => ({ source: rc.path ?? RC_FILE_NAME, message }));
    const settings = mergeSettings(rc.settings, options.settings);
    // Markdown cells are Markdown whatever --kind says.
    const kind = cells ? 'markdown' : options.kind ?? documentKindOf(name);
    return checkWithSettings(text, { fileName: name, kind, settings, settingsProblems });
  }, (name, error) => {
    // The checker promises never to throw; the stack goes to stderr for the bug report.
    process.stderr.write(`gradcheck: internal error while checking ${name}: ${errorText(error)}
`);
  }).map((file, k) => {
    const { cells } = inputs[k];
    return cells ? { ...file, cells } : file;
  });

  process.stdout.write(render(options.format, checked, options.noColor));
  const hasErrors = checked.some(({ report }) => report.diagnostics.some((diagnostic) => diagnostic.severity === 'error'));
  return hasErrors ? EXIT_ERRORS_FOUND : EXIT_CLEAN;
}

function render(format: OutputFormat, checked: readonly CheckedFile[], noColorFlag: boolean): string {
  switch (format) {
    case 'json':
      return formatJson(checked);
    case 'sarif':
      return formatSarif(checked, GRADCHECK);
    case 'text':
      return formatText(checked, shouldColor({ noColorFlag, isTTY: process.stdout.isTTY === true, env: process.env }));
  }
}

async function readInput(path: string): Promise<Input> {
  const text = path === STDIN_PATH ? await streamText(process.stdin) : await readFile(path, 'utf8');
  const name = path === STDIN_PATH ? STDIN_NAME : path;
  // The Markdown cells of a notebook are one derivation: definitions in one, claims in later ones.
  if (/\.ipynb$/i.test(path)) {
    const notebook = readNotebook(text);
    // Like a file that cannot be read: no report, exit status 2, the reason on stderr.
    if (!notebook.ok) throw new Error(notebook.reason);
    const cells = new JoinedCells(markdownCells(notebook.cells));
    return { name, text: cells.text, cells };
  }
  // Editors do not count a byte-order mark as a column; keeping it would shift line 1 by one.
  return { name, text: text.replace(/^\uFEFF/, '') };
}

const READ_ERROR_REASONS = new Map([
  ['ENOENT', 'no such file'],
  ['EISDIR', 'is a directory'],
  ['EACCES', 'permission denied'],
  ['EPERM', 'permission denied'],
]);

function describeReadError(path: string, error: unknown): string {
  const code = error instanceof Error && 'code' in error && typeof error.code === 'string' ? error.code : '';
  const reason = READ_ERROR_REASONS.get(code) ?? (error instanceof Error ? error.message : String(error));
  return `cannot read ${path === STDIN_PATH ? 'standard input' : `'${path}'`}: ${reason}`;
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.stack ?? error.message : String(error);
}

// `gradcheck … | head` closes the pipe early; that is the reader's choice, not a failure.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code !== 'EPIPE') throw error;
});

main(process.argv.slice(2)).then(
  (code) => {
    // exitCode, not process.exit(): exiting at once can cut off output still queued for a pipe.
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`gradcheck: internal error: ${errorText(error)}\n`);
    process.exitCode = EXIT_USAGE_OR_IO;
  },
);
