import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseArgs, type ParsedArgs, type RunOptions } from '../../src/cli/args';

function runOptions(argv: string[]): RunOptions {
  const parsed = parseArgs(argv);
  assert.equal(parsed.action, 'run', JSON.stringify(parsed));
  return (parsed as Extract<ParsedArgs, { action: 'run' }>).options;
}

function usageError(argv: string[]): string {
  const parsed = parseArgs(argv);
  assert.equal(parsed.action, 'usage-error', JSON.stringify(parsed));
  return (parsed as Extract<ParsedArgs, { action: 'usage-error' }>).message;
}

test('no arguments reads stdin as text with default settings', () => {
  assert.deepEqual(runOptions([]), { format: 'text', files: ['-'], settings: {}, noColor: false });
});

test('files keep their order and spelling', () => {
  assert.deepEqual(runOptions(['b.md', 'dir/a.tex', '-']).files, ['b.md', 'dir/a.tex', '-']);
});

test('every option, in both --flag value and --flag=value spellings', () => {
  const options = runOptions([
    '--format', 'sarif', '--samples=8', '--seed', '0', '--tolerance=1e-9', '--examples', '3', '--kind=tex', '--no-color', 'x.md',
  ]);
  assert.deepEqual(options, {
    format: 'sarif',
    files: ['x.md'],
    settings: { samples: 8, seed: 0, tolerance: 1e-9, examples: 3 },
    kind: 'tex',
    noColor: true,
  });
});

test('a later value of an option wins', () => {
  assert.equal(runOptions(['--format', 'json', '--format', 'text']).format, 'text');
});

test('after --, arguments that look like flags are files', () => {
  assert.deepEqual(runOptions(['--', '--format', '-x.md']).files, ['--format', '-x.md']);
});

test('--help and --version win over everything else', () => {
  assert.deepEqual(parseArgs(['a.md', '--help']), { action: 'help' });
  assert.deepEqual(parseArgs(['-h']), { action: 'help' });
  assert.deepEqual(parseArgs(['--version', 'a.md']), { action: 'version' });
});

test('unknown options are usage errors', () => {
  assert.match(usageError(['--fromat', 'json']), /unknown option '--fromat'/);
  assert.match(usageError(['-x']), /unknown option '-x'/);
});

test('flags without a value reject one', () => {
  assert.match(usageError(['--no-color=yes']), /'--no-color' takes no value/);
});

test('a missing value is a usage error', () => {
  assert.match(usageError(['--samples']), /'--samples' needs a value/);
});

test('bad numbers are usage errors', () => {
  for (const argv of [
    ['--samples', '0'], ['--samples', '2.5'], ['--samples', ''], ['--samples', '0x10'], ['--samples', '1e3'],
    ['--seed', '-1'], ['--examples', 'many'], ['--samples', '99999999999999999999'],
    ['--tolerance', '0'], ['--tolerance', '-1e-7'], ['--tolerance', 'Infinity'], ['--tolerance', ' 1'], ['--tolerance', '1e999'],
  ]) {
    assert.match(usageError(argv), /invalid value/, argv.join(' '));
  }
});

test('accepted spellings of a tolerance', () => {
  assert.equal(runOptions(['--tolerance', '0.001']).settings.tolerance, 0.001);
  assert.equal(runOptions(['--tolerance', '.5']).settings.tolerance, 0.5);
  assert.equal(runOptions(['--tolerance', '1E-7']).settings.tolerance, 1e-7);
});

test('bad choices name the accepted ones', () => {
  assert.match(usageError(['--format', 'xml']), /expected text, json, sarif/);
  assert.match(usageError(['--kind', 'rst']), /expected markdown, tex/);
});

test('stdin can be named only once', () => {
  assert.match(usageError(['-', 'a.md', '-']), /only once/);
});
