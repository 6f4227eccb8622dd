import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checkDocument } from '../../src/core/check';
import { checkEach } from '../../src/cli/check-each';
import { formatJson, type JsonOutput } from '../../src/cli/format-json';
import { formatText } from '../../src/cli/format-text';

const inputs = [
  { name: 'a.md', text: '$$z = w x$$ $$\\frac{\\partial z}{\\partial w} = x$$' },
  { name: 'b.md', text: 'the checker fails on this one' },
  { name: 'c.md', text: '$$z = w x$$ $$\\frac{\\partial z}{\\partial w} = 2x$$' },
];

test('a file the checker fails on gets a report of its own, and the other files theirs', () => {
  const failures: string[] = [];
  const checked = checkEach(inputs, ({ name, text }) => {
    if (name === 'b.md') throw new Error('something broke');
    return checkDocument(text);
  }, (name) => failures.push(name));
  assert.deepEqual(failures, ['b.md']);
  const json = JSON.parse(formatJson(checked)) as JsonOutput;
  assert.deepEqual(json.files.map((f) => f.file), ['a.md', 'b.md', 'c.md']);
  assert.deepEqual(json.files.map((f) => f.claims.map((c) => c.status)), [['verified'], [], ['mismatch']]);
  const [internal] = json.files[1].diagnostics;
  assert.deepEqual([json.files[1].diagnostics.length, internal.line, internal.column, internal.severity], [1, 1, 1, 'error']);
  assert.match(internal.message, /^internal error: .*something broke/);
  assert.match(formatText(checked, false), /b\.md:1:1 +error +internal error/);
});
