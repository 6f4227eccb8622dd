/**
 * The web build's language server in headless Chromium, started as VS Code for the Web starts
 * it: a web worker from the bundle, LSP messages posted to it. It checks in a nested worker of
 * its own, asks the client for rc files, and publishes what the Node server publishes.
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { test } from 'node:test';
import { chromium, type Page } from 'playwright-core';
import { ROOT } from './lsp-session';

const CHROMIUM = '/usr/bin/chromium';
const skip = existsSync(CHROMIUM) ? false : `no Chromium at ${CHROMIUM} (apt-get install -y chromium): browser test skipped`;

/** Runs `run` in a headless Chromium page of its own origin (a worker cannot be started from about:blank's). */
async function inPage(run: (page: Page) => Promise<void>): Promise<void> {
  const server = createServer((_request, response) => response.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><title>gradcheck</title>'));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox', '--disable-gpu'] });
  try {
    const page = await browser.newPage();
    await page.goto(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
    await run(page);
  } finally {
    await browser.close();
    server.close();
  }
}

interface Published {
  uri: string;
  diagnostics: Array<{ code: string; range: { start: { line: number; character: number } } }>;
}

test('the web worker server checks the question with the rc file the client reads', { skip, timeout: 120_000 }, async () => {
  await inPage(async (page) => {
    const question = readFileSync(join(ROOT, 'examples', 'question.md'), 'utf8');
    const serverSource = readFileSync(join(ROOT, 'out', 'server', 'server-web.js'), 'utf8');
    // Runs in the page (a browser's globals, not this file's Node ones).
    const script = `async ({ serverSource, question }) => {
      const worker = new Worker(URL.createObjectURL(new Blob([serverSource], { type: 'text/javascript' })));
      const asked = [];
      const uri = 'vscode-vfs://github/owner/course/notes/question.md';
      const published = new Promise((resolve) => {
        worker.onmessage = ({ data: { id, method, params } }) => {
          if (method === 'textDocument/publishDiagnostics' && params.uri === uri && params.diagnostics.length > 0) resolve(params);
          if (id === undefined || method === undefined) return;
          asked.push(method);
          // The client's side of the requests the server makes.
          const result = method === 'workspace/configuration' ? [{}]
            : method === 'gradcheck/rcFile' ? { uri: 'vscode-vfs://github/owner/course/.gradcheckrc.json', text: '{ "severity": { "shared-parameter": "off" } }' }
            : null;
          worker.postMessage({ jsonrpc: '2.0', id, result });
        };
      });
      const send = (message) => worker.postMessage({ jsonrpc: '2.0', ...message });
      send({ id: 1, method: 'initialize', params: { processId: null, rootUri: null, capabilities: { workspace: { configuration: true } } } });
      send({ method: 'initialized', params: {} });
      send({ method: 'textDocument/didOpen', params: { textDocument: { uri, languageId: 'markdown', version: 1, text: question } } });
      return { published: await published, asked };
    }`;
    const { published, asked } = await page.evaluate(`(${script})(${JSON.stringify({ serverSource, question })})`) as { published: Published; asked: string[] };
    const { diagnostics } = published;
    // The question's findings but shared-parameter, which the rc file turns off.
    assert.deepEqual(diagnostics.map((d) => d.code).sort(), ['missing-gradient', 'missing-summation', 'missing-summation', 'missing-summation', 'missing-summation']);
    assert.ok(asked.includes('gradcheck/rcFile'), asked.join(', '));
  });
});

test('a check past the time limit is abandoned and reported, and the next one runs in a new worker', { skip, timeout: 120_000 }, async () => {
  await inPage(async (page) => {
    await page.addScriptTag({ content: readFileSync(join(ROOT, 'out', 'test', 'check-runner-page.js'), 'utf8') });
    const question = readFileSync(join(ROOT, 'examples', 'question.md'), 'utf8');
    // A limit of 1 ms: no check of the question (a worker to start, then the check) fits in it.
    const script = `async (text) => {
      const { CheckRunner, webCheckThreads } = globalThis.gradcheckWebChecks;
      const options = { kind: 'markdown', settings: {} };
      const hurried = new CheckRunner(webCheckThreads, 1);
      const stopped = await hurried.check(text, options);
      hurried.dispose();
      const patient = new CheckRunner(webCheckThreads, 10000);
      const checked = await patient.check(text, options);
      patient.dispose();
      return { stopped: stopped.diagnostics.map((d) => d.message), checked: checked.claims.map((c) => c.status) };
    }`;
    const { stopped, checked } = await page.evaluate(`(${script})(${JSON.stringify(question)})`) as { stopped: string[]; checked: string[] };
    assert.deepEqual(stopped, ['gradcheck could not check this document: checking took longer than 0.001 s and was stopped']);
    assert.equal(checked.length, 14);
    assert.equal(checked.filter((s) => s === 'mismatch').length, 4);
  });
});

