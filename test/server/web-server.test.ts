/**
 * What the web worker server does differently from the Node one: rc files come from the client
 * (keyed by folder URI, whatever the scheme), and its bundle starts without Node.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { Worker } from 'node:worker_threads';
import { folderUriOf } from '../../src/server/browser/rc-files';
import { SettingsStore } from '../../src/server/settings';
import { ROOT } from './lsp-session';

test('the folder an rc file is looked up from, for the schemes a web editor opens', () => {
  assert.equal(folderUriOf('vscode-vfs://github/owner/repo/notes/backprop.md'), 'vscode-vfs://github/owner/repo/notes/');
  assert.equal(folderUriOf('vscode-remote://127.0.0.1:8080/home/me/q.md'), 'vscode-remote://127.0.0.1:8080/home/me/');
  assert.equal(folderUriOf('file:///q.md'), 'file:///');
  assert.equal(folderUriOf('file:///a/b%20c/q.md?x#y'), 'file:///a/b%20c/');
  assert.equal(folderUriOf('untitled:Untitled-1'), undefined);
  assert.equal(folderUriOf('vscode-notebook-cell:/a/nb.ipynb#W1sZmlsZQ%3D%3D'), undefined);
});

test('one rc lookup per folder until rc files change, and a failed lookup is no rc file', async () => {
  const asked: string[] = [];
  const store = new SettingsStore(() => Promise.resolve({ samples: 3 }), {
    folderOf: folderUriOf,
    load: (folder) => {
      asked.push(folder);
      return folder.includes('broken') ? Promise.reject(new Error('no answer')) : Promise.resolve({ path: `${folder}.gradcheckrc.json`, settings: { samples: 9 }, problems: ['unknown setting \'x\''] });
    },
  });
  const a = await store.forDocument('vscode-vfs://github/o/r/a.md');
  await store.forDocument('vscode-vfs://github/o/r/b.md');
  assert.equal(a.check.samples, 9, 'the rc file wins over the editor');
  assert.deepEqual(a.problems, [{ source: 'vscode-vfs://github/o/r/.gradcheckrc.json', message: 'unknown setting \'x\'' }]);
  assert.deepEqual(asked, ['vscode-vfs://github/o/r/']);
  assert.equal((await store.forDocument('vscode-vfs://github/o/broken/a.md')).check.samples, 3);
  store.forgetRcFiles();
  await store.forDocument('vscode-vfs://github/o/r/a.md');
  assert.equal(asked.length, 3);
});

test('the web bundles load with no Node module and no `process`', async () => {
  // Evaluated as the web worker extension host loads an extension (CommonJS whose require knows
  // only vscode) and as a web worker runs a script, with no process: each must load.
  for (const bundle of ['out/extension/extension-web.js', 'out/server/server-web.js']) {
    const outcome = await new Promise<string>((resolve) => {
      const worker = new Worker(`
        const { parentPort, workerData } = require('node:worker_threads');
        const self = { postMessage() {}, addEventListener() {}, removeEventListener() {} };
        // Any member of vscode is a class (the client extends some at load time).
        const vscode = new Proxy({}, { get: () => class {} });
        const hostRequire = (name) => { if (name === 'vscode') return vscode; throw new Error('Cannot load module ' + name); };
        const module = { exports: {} };
        try {
          new Function('self', 'process', 'require', 'module', 'exports', workerData)(self, undefined, hostRequire, module, module.exports);
          parentPort.postMessage('loaded');
        } catch (error) {
          parentPort.postMessage(String((error && error.stack) || error));
        }`, { eval: true, workerData: readFileSync(join(ROOT, bundle), 'utf8') });
      worker.once('message', (message: string) => {
        void worker.terminate();
        resolve(message);
      });
    });
    assert.equal(outcome, 'loaded', bundle);
  }
});
