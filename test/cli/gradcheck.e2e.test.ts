import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { version } from '../../package.json';
import type { JsonOutput } from '../../src/cli/format-json';
import type { SarifLog } from '../../src/cli/format-sarif';

// This file runs from out-test/test/cli/; the bundle under test is the one `npm run build` made.
const CLI = resolve(__dirname, '../../../out/cli/gradcheck.js');

const RIGHT = String.raw`A linear unit with a squared error.

$$
\begin{aligned}
z &= w x + b \\
L &= \frac{1}{2}(z - y)^2
\end{aligned}
$$

$$
\begin{aligned}
\frac{\partial L}{\partial w} &= (z - y) x \\
\frac{\partial L}{\partial b} &= z - y
\end{aligned}
$$
`;

const WRONG = RIGHT.replace('&= (z - y) x', '&= (y - z) x');

const dir = mkdtempSync(join(tmpdir(), 'gradcheck-cli-'));
const rightFile = join(dir, 'right.md');
const wrongFile = join(dir, 'wrong.md');
writeFileSync(rightFile, RIGHT);
writeFileSync(wrongFile, WRONG);
test.after(() => rmSync(dir, { recursive: true, force: true }));

function gradcheck(args: string[], input?: string) {
  return spawnSync(process.execPath, [CLI, ...args], { input, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
}

test('a right derivation exits 0', () => {
  const run = gradcheck([rightFile]);
  assert.equal(run.status, 0, run.stdout + run.stderr);
  assert.match(run.stdout, / verified, 0 mismatch, 0 unchecked; 0 errors/);
});

test('a wrong derivation exits 1 and points at the wrong line', () => {
  const run = gradcheck([wrongFile]);
  assert.equal(run.status, 1, run.stdout + run.stderr);
  const errorLines = run.stdout.split('\n').filter((line) => line.includes('  error  '));
  assert.ok(errorLines.some((line) => line.startsWith(`${wrongFile}:12:`)), run.stdout);
});

test('--format json prints one object that names each file and its claims', () => {
  const run = gradcheck(['--format', 'json', rightFile, wrongFile]);
  assert.equal(run.status, 1, run.stderr);
  const output = JSON.parse(run.stdout) as JsonOutput;
  assert.equal(output.version, 1);
  assert.deepEqual(output.files.map((file) => file.file), [rightFile, wrongFile]);
  const gradients = output.files[1].claims
    .filter((claim) => claim.derivative)
    .map((claim) => [claim.derivative?.wrt, claim.status]);
  assert.deepEqual(gradients, [['w', 'mismatch'], ['b', 'verified']]);
});

test('--format sarif prints a SARIF 2.1.0 log', () => {
  const run = gradcheck(['--format=sarif', wrongFile]);
  assert.equal(run.status, 1, run.stderr);
  const log = JSON.parse(run.stdout) as SarifLog;
  assert.equal(log.version, '2.1.0');
  assert.equal(log.runs[0].tool.driver.version, version);
  assert.ok(log.runs[0].results.length > 0);
});

test('stdin is read when no file or - is given, and is named <stdin>', () => {
  for (const args of [[], ['-']]) {
    const run = gradcheck(['--format', 'json', ...args], WRONG);
    assert.equal(run.status, 1, run.stderr);
    assert.equal((JSON.parse(run.stdout) as JsonOutput).files[0].file, '<stdin>');
  }
});

test('usage errors exit 2 with a message on stderr and nothing on stdout', () => {
  for (const args of [['--bogus', rightFile], ['--samples', 'lots', rightFile], ['--format', 'xml', rightFile]]) {
    const run = gradcheck(args);
    assert.equal(run.status, 2, args.join(' '));
    assert.match(run.stderr, /^gradcheck: /);
    assert.equal(run.stdout, '');
  }
});

test('an unreadable file exits 2 and no report is printed', () => {
  const run = gradcheck(['--format', 'json', rightFile, join(dir, 'missing.md')]);
  assert.equal(run.status, 2);
  assert.match(run.stderr, /cannot read '.*missing\.md': no such file/);
  assert.equal(run.stdout, '');
});

test('--help and --version exit 0', () => {
  const help = gradcheck(['--help']);
  assert.equal(help.status, 0);
  assert.match(help.stdout, /^Usage: gradcheck/);
  const shown = gradcheck(['--version']);
  assert.equal(shown.status, 0);
  assert.equal(shown.stdout, `${version}\n`);
});

test('the nearest .gradcheckrc.json applies: severities, roles, and flags win over it', () => {
  const project = mkdtempSync(join(tmpdir(), 'gradcheck-rc-'));
  try {
    mkdirSync(join(project, 'notes'));
    const file = join(project, 'notes', 'wrong.md');
    writeFileSync(file, WRONG);
    writeFileSync(join(project, '.gradcheckrc.json'), JSON.stringify({ severity: { 'sign-error': 'warning' }, roles: { constants: ['b'] } }));
    const run = gradcheck(['--format', 'json', file]);
    assert.equal(run.status, 0, run.stderr);
    const diagnostics = (JSON.parse(run.stdout) as JsonOutput).files[0].diagnostics;
    assert.deepEqual(diagnostics.map((d) => [d.code, d.severity]), [['sign-error', 'warning']]);
  } finally {
    rmSync(project, { recursive: true, force: true });
  }
});

test('inline comments disable a finding on the next line, or in a region', () => {
  const model = '$$z = w x$$\n$$L = (z - y)^2$$\n';
  const wrongClaim = '$$\\frac{\\partial L}{\\partial w} = -2(z - y) x$$\n';
  assert.equal(gradcheck(['-'], model + wrongClaim).status, 1, 'the sign error counts when not disabled');
  const nextLine = `${model}<!-- gradcheck-disable-next-line sign-error -->\n${wrongClaim}`;
  assert.equal(gradcheck(['-'], nextLine).status, 0);
  const otherCode = `${model}<!-- gradcheck-disable-next-line missing-gradient -->\n${wrongClaim}`;
  assert.equal(gradcheck(['-'], otherCode).status, 1, 'only the named code is disabled');
  const region = `${model}<!-- gradcheck-disable sign-error -->\n${wrongClaim}<!-- gradcheck-enable sign-error -->\n${wrongClaim}`;
  assert.equal(gradcheck(['-'], region).status, 1, 'the claim after the region still counts');
});
