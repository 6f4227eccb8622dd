// Bundles each entry point into one file under out/: the CLI, the bench, and the editor's client,
// language server and its check worker, for Node and for the web (the .vsix ships these bundles,
// not node_modules).
import { copyFileSync, mkdirSync, readdirSync } from 'node:fs';
import * as esbuild from 'esbuild';
import { checkWorkerSource } from './esbuild-check-worker.mjs';

const watch = process.argv.includes('--watch');
const common = { bundle: true, platform: 'node', target: 'node20', format: 'cjs', sourcemap: true, logLevel: 'warning' };
// A web worker: no Node built-ins (esbuild refuses to bundle one), no `process`.
const web = { platform: 'browser', target: 'es2022', minify: true };

const entries = [
  { entryPoints: ['src/cli/gradcheck.ts'], outfile: 'out/cli/gradcheck.js', banner: { js: '#!/usr/bin/env node' } },
  { entryPoints: ['bench/bench.ts'], outfile: 'out/bench/bench.js' },
  { entryPoints: ['src/extension/extension.ts'], outfile: 'out/extension/extension.js', external: ['vscode'], minify: true },
  { entryPoints: ['src/server/server.ts'], outfile: 'out/server/server.js', minify: true },
  { entryPoints: ['src/server/check-worker.ts'], outfile: 'out/server/check-worker.js', minify: true },
  // VS Code for the Web: the extension in the web worker extension host (CommonJS, as that host
  // loads it), its language server in a web worker of its own.
  { entryPoints: ['src/extension/browser/extension.ts'], outfile: 'out/extension/extension-web.js', external: ['vscode'], ...web },
  { entryPoints: ['src/server/browser/server.ts'], outfile: 'out/server/server-web.js', format: 'iife', plugins: [checkWorkerSource], ...web },
  // For the test of the browser's check worker and its time limit (test/server/web-worker.test.ts).
  { entryPoints: ['test/server/browser/check-runner-page.ts'], outfile: 'out/test/check-runner-page.js', format: 'iife', plugins: [checkWorkerSource], ...web },
  // The report webview's script runs in the webview, a browser page, not in Node.
  { entryPoints: ['src/webview/browser/main.ts'], outfile: 'out/media/report.js', platform: 'browser', format: 'iife', target: 'es2022', minify: true },
];

// KaTeX's stylesheet and fonts for the webview, served from the extension (node_modules is not
// shipped); woff2 is the first format the stylesheet names, so the browser never asks for others.
function copyKatexAssets() {
  const from = 'node_modules/katex/dist';
  mkdirSync('out/media/katex/fonts', { recursive: true });
  copyFileSync(`${from}/katex.min.css`, 'out/media/katex/katex.min.css');
  for (const font of readdirSync(`${from}/fonts`).filter((f) => f.endsWith('.woff2'))) {
    copyFileSync(`${from}/fonts/${font}`, `out/media/katex/fonts/${font}`);
  }
}
copyKatexAssets();

for (const entry of entries) {
  const options = { ...common, ...entry };
  if (watch) await (await esbuild.context(options)).watch();
  else await esbuild.build(options);
}
