/** src/config: settings from untrusted JSON, rc files found upward, inline suppressions. */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { checkWithSettings, FINDING_CODES, findRcFile, loadRcFor, mergeSettings, readSettings } from '../../src/config';

const ROOT = join(__dirname, '..', '..', '..');
const QUESTION = readFileSync(join(ROOT, 'examples', 'question.md'), 'utf8');
const codesOf = (text: string, kind: 'markdown' | 'tex' = 'markdown', settings = {}): string[] =>
  checkWithSettings(text, { kind, settings }).diagnostics.map((d) => d.code);

describe('settings', () => {
  test('reads good values and reports bad ones without throwing', () => {
    const { settings, problems } = readSettings({
      samples: 8, tolerance: 1e-6, seed: 0, examples: 2.5, severity: { 'sign-error': 'warning', 'no-such-code': 'off', 'missing-path': 'loud' },
      roles: { params: ['w_1', 'b'], data: 'x y', constants: ['a; params z'], loss: 'L' }, colour: 'red',
    });
    assert.deepEqual(settings, { samples: 8, tolerance: 1e-6, seed: 0, severity: { 'sign-error': 'warning' }, roles: { params: ['w_1', 'b'], data: ['x', 'y'], constants: [], loss: 'L' } });
    assert.deepEqual(problems, [
      "'examples' must be a positive integer; ignored",
      "'severity': unknown finding code 'no-such-code'",
      "'severity.missing-path' must be one of error, warning, information, hint, off",
      "'roles.constants': 'a; params z' is not a symbol name; ignored",
      "unknown setting 'colour'",
    ]);
    assert.deepEqual(readSettings([1, 2]).problems, ['settings must be a JSON object; ignored']);
  });

  test('later layers win, severities merge per code', () => {
    assert.deepEqual(
      mergeSettings({ samples: 5, severity: { 'sign-error': 'hint', 'update-sign': 'off' } }, { samples: 9, severity: { 'sign-error': 'error' } }),
      { samples: 9, severity: { 'sign-error': 'error', 'update-sign': 'off' } },
    );
  });
});

describe('rc files', () => {
  test('the nearest .gradcheckrc.json upward is used; bad JSON is a problem', () => {
    const root = mkdtempSync(join(tmpdir(), 'gradcheck-config-'));
    mkdirSync(join(root, 'a', 'b'), { recursive: true });
    writeFileSync(join(root, '.gradcheckrc.json'), '{ "samples": 3 }');
    assert.equal(findRcFile(join(root, 'a', 'b')), join(root, '.gradcheckrc.json'));
    assert.deepEqual(loadRcFor(join(root, 'a', 'b')).settings, { samples: 3 });
    writeFileSync(join(root, 'a', '.gradcheckrc.json'), '{ samples: 3 }');
    const broken = loadRcFor(join(root, 'a', 'b'));
    assert.equal(broken.path, join(root, 'a', '.gradcheckrc.json'));
    assert.match(broken.problems[0], /^cannot read: /);
  });
});

describe('checkWithSettings', () => {
  const question = codesOf(QUESTION);

  test('the question as the checker sees it', () => {
    assert.deepEqual([...new Set(question)].sort(), ['missing-gradient', 'missing-summation', 'shared-parameter']);
  });

  test('severity off and overrides', () => {
    const report = checkWithSettings(QUESTION, { kind: 'markdown', settings: { severity: { 'missing-summation': 'off', 'shared-parameter': 'error' } } });
    assert.deepEqual(report.diagnostics.map((d) => [d.code, d.severity]), [['missing-gradient', 'warning'], ['shared-parameter', 'error']]);
  });

  test('disable-next-line applies to the next line only, and to the codes it names', () => {
    const lines = QUESTION.split('\n');
    const forward = lines.findIndex((l) => l.startsWith('\\begin{align} net_1'));
    const withComment = (comment: string, at = forward): string => [...lines.slice(0, at), comment, ...lines.slice(at)].join('\n');
    assert.deepEqual(codesOf(withComment('<!-- gradcheck-disable-next-line shared-parameter -->')).sort(), question.filter((c) => c !== 'shared-parameter').sort());
    assert.deepEqual(codesOf(withComment('<!-- gradcheck-disable-next-line -->')).filter((c) => c !== 'missing-summation'), []);
    // Two lines above: not the next line, nothing is suppressed.
    assert.deepEqual(codesOf(withComment('<!-- gradcheck-disable-next-line shared-parameter -->', forward - 1)).sort(), [...question].sort());
  });

  test('disable/enable regions, per code or for every code', () => {
    const all = codesOf(`<!-- gradcheck-disable -->\n${QUESTION}`);
    assert.deepEqual(all, []);
    const sums = codesOf(`<!-- gradcheck-disable missing-summation -->\n${QUESTION}`);
    assert.deepEqual(sums.sort(), ['missing-gradient', 'shared-parameter']);
    const split = QUESTION.indexOf('Putting them together');
    const region = codesOf(`${QUESTION.slice(0, split)}<!-- gradcheck-disable missing-summation -->${QUESTION.slice(split)}`);
    assert.equal(region.filter((c) => c === 'missing-summation').length, 2, 'the two sums above the region still show');
    const closed = codesOf(`<!-- gradcheck-disable missing-summation -->${QUESTION.slice(0, split)}<!-- gradcheck-enable -->${QUESTION.slice(split)}`);
    assert.equal(closed.filter((c) => c === 'missing-summation').length, 2, 'the two sums below the enable show');
  });

  test('an unknown code in a suppression is reported and suppresses nothing', () => {
    const codes = codesOf(`<!-- gradcheck-disable shared-paramter -->\n${QUESTION}`);
    assert.deepEqual(codes.sort(), ['parse-error', ...question].sort());
  });

  test('% comments in .tex', () => {
    const tex = '\\begin{document}\n% gradcheck-disable-next-line sign-error\n$L = \\frac{1}{2}(y - wx)^2$, $\\frac{\\partial L}{\\partial w} = (y - wx)x$\n\\end{document}\n';
    assert.deepEqual(codesOf(tex, 'tex'), []);
    assert.deepEqual(codesOf(tex.replace('% gradcheck-disable-next-line sign-error\n', ''), 'tex'), ['sign-error']);
  });

  test('roles from settings reach the checker, but the document\'s own comment wins', () => {
    // With w a parameter, its gradient must sum over the examples; as data, one example's term is right.
    const text = '$$ L = \\frac{1}{2}\\sum(y - wx)^2 $$\n$$ \\frac{\\partial L}{\\partial w} = -(y - wx)x $$\n';
    const status = (t: string, settings = {}): string[] => checkWithSettings(t, { kind: 'markdown', settings }).claims.map((c) => c.status);
    assert.deepEqual(status(text), ['mismatch']);
    assert.deepEqual(status(text, { roles: { data: ['w', 'x', 'y'] } }), ['verified']);
    assert.deepEqual(status(`<!-- gradcheck: params w -->\n${text}`, { roles: { data: ['w', 'x', 'y'] } }), ['mismatch']);
  });
});

describe('the settings an editor offers', () => {
  const json = (path: string): Record<string, unknown> => JSON.parse(readFileSync(join(ROOT, path), 'utf8')) as Record<string, unknown>;
  const severityKeys = (properties: unknown): string[] => Object.keys((properties as { properties: Record<string, unknown> }).properties).sort();

  test('package.json and the .gradcheckrc.json schema offer a severity for every finding code, and no other', () => {
    const manifest = json('package.json') as { contributes: { configuration: { properties: Record<string, unknown> } } };
    const schema = json('schemas/gradcheckrc.schema.json') as { properties: Record<string, unknown> };
    const codes = [...FINDING_CODES].sort();
    assert.deepEqual(severityKeys(manifest.contributes.configuration.properties['gradcheck.severity']), codes);
    assert.deepEqual(severityKeys(schema.properties.severity), codes);
  });
});
