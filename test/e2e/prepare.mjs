// What every runner of the test/e2e suites shares (run.mjs in code-server, electron.mjs in
// desktop VS Code): the extension and suite bundles, and the workspace the suites open.
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
/** The line prefix of a number a suite measures (activation, keystroke to diagnostics, ...). */
export const MEASURE = '[gradcheck-e2e measure] ';

// mocha's browser build is a UMD script in an ES module package: bundled as is, its header finds
// the bundle's own `module` and replaces the bundle's exports (the host would then call mocha's
// run instead of the suites' one). Without a `module` in sight it defines the global `mocha`.
const mochaForTheBrowser = {
  name: 'mocha-for-the-browser',
  setup(build) {
    build.onLoad({ filter: /[\\/]mocha[\\/]mocha\.js$/ }, async ({ path }) => ({
      contents: `var module, exports;\n${readFileSync(path, 'utf8')}`,
      loader: 'js',
    }));
  },
};

/**
 * Builds the extension, then the suites: out/test/e2e/index.js for a Node extension host and,
 * with `web`, out/test/e2e/web.js for the web worker one.
 */
export async function buildSuites({ web }) {
  execFileSync(process.execPath, ['esbuild.mjs'], { cwd: ROOT, stdio: 'inherit' });
  await esbuild.build({
    entryPoints: [join(ROOT, 'test/e2e/index.ts')],
    outfile: join(ROOT, 'out/test/e2e/index.js'),
    bundle: true, platform: 'node', target: 'node20', format: 'cjs', sourcemap: true, logLevel: 'warning',
    // The host provides vscode; mocha resolves from this checkout's node_modules.
    external: ['vscode', 'mocha'],
  });
  if (!web) return;
  await esbuild.build({
    entryPoints: [join(ROOT, 'test/e2e/web/index.ts')],
    outfile: join(ROOT, 'out/test/e2e/web.js'),
    bundle: true, platform: 'browser', target: 'es2022', format: 'cjs', sourcemap: 'inline', logLevel: 'warning',
    external: ['vscode'],
    // The web worker host resolves no module but vscode: mocha's browser build and an assert
    // for the browser go into the bundle.
    alias: { 'node:assert/strict': join(ROOT, 'test/e2e/web/assert.ts') },
    plugins: [mochaForTheBrowser],
  });
}

/**
 * The folder the suites open: a copy of the question per suite that edits it, the notebook, and
 * e2e-mode.json, which says whether the extension is the installed .vsix and which host runs it.
 */
export function prepareWorkspace(workspace, { installed, host }) {
  mkdirSync(workspace, { recursive: true });
  for (const name of ['derivation.md', 'panel.md']) copyFileSync(join(ROOT, 'examples', 'question.md'), join(workspace, name));
  copyFileSync(join(ROOT, 'test', 'fixtures', 'notebooks', 'two-layer.ipynb'), join(workspace, 'two-layer.ipynb'));
  writeFileSync(join(workspace, 'e2e-mode.json'), JSON.stringify({ installed, host }));
}
