// `npm run test:e2e`: the mocha suites in test/e2e run inside a real VS Code extension host, that
// of code-server in headless Chromium (DESIGN.md section 7), twice: against this checkout
// (extensionDevelopmentPath) and against the packaged .vsix installed with --install-extension.
// `--only dev` or `--only vsix` runs one of them. Tools are installed on first use (install.mjs).
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { format } from 'node:util';
import * as esbuild from 'esbuild';
import { installExtension, launchBrowser, startCodeServer, workbenchUrl } from './code-server.mjs';
import { cacheDir, ensureE2eTools } from './install.mjs';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const MODE_TIMEOUT_MS = 4 * 60_000;
const only = process.argv.includes('--only') ? process.argv[process.argv.indexOf('--only') + 1] : undefined;
const modes = only ? [only] : ['dev', 'vsix'];

function log(message) {
  process.stdout.write(`[e2e] ${message}\n`);
}

async function build(withVsix) {
  execFileSync(process.execPath, ['esbuild.mjs'], { cwd: ROOT, stdio: 'inherit' });
  await esbuild.build({
    entryPoints: [join(ROOT, 'test/e2e/index.ts')],
    outfile: join(ROOT, 'out/test/e2e/index.js'),
    bundle: true, platform: 'node', target: 'node20', format: 'cjs', sourcemap: true, logLevel: 'warning',
    // The host provides vscode; mocha resolves from this checkout's node_modules.
    external: ['vscode', 'mocha'],
  });
  if (withVsix) execFileSync('npx', ['vsce', 'package', '--no-dependencies', '--out', 'gradcheck.vsix'], { cwd: ROOT, stdio: 'inherit' });
}

async function runMode(mode) {
  const runDir = mkdtempSync(join(cacheDir, 'runs', `${mode}-`));
  const workspace = join(runDir, 'workspace');
  mkdirSync(workspace, { recursive: true });
  // One copy per suite: each edits its own.
  for (const name of ['derivation.md', 'panel.md']) copyFileSync(join(ROOT, 'examples', 'question.md'), join(workspace, name));
  copyFileSync(join(ROOT, 'test', 'fixtures', 'notebooks', 'two-layer.ipynb'), join(workspace, 'two-layer.ipynb'));
  writeFileSync(join(workspace, 'e2e-mode.json'), JSON.stringify({ installed: mode === 'vsix' }));
  if (mode === 'vsix') log((await installExtension(runDir, join(ROOT, 'gradcheck.vsix'))).trim());

  const serverLog = [];
  const server = await startCodeServer(runDir, (text) => serverLog.push(text));
  const browser = await launchBrowser();
  let passed = false;
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    const exitCode = new Promise((resolve) => {
      void page.exposeFunction('codeAutomationExit', (code) => resolve(code));
    });
    // The host forwards its console calls here, format string first (mocha's reporter uses them).
    await page.exposeFunction('codeAutomationLog', (_type, args) => process.stdout.write(`${format(...args)}\n`));
    const developed = mode === 'vsix' ? join(ROOT, 'test', 'e2e', 'host-stub') : ROOT;
    const url = workbenchUrl(server.host, workspace, { extensionDevelopmentPath: developed, extensionTestsPath: join(ROOT, 'out', 'test', 'e2e', 'index.js') });
    log(`${mode}: ${url}`);
    await page.goto(url);
    let timer;
    const timeout = new Promise((resolve) => { timer = setTimeout(() => resolve('timeout'), MODE_TIMEOUT_MS); });
    const code = await Promise.race([exitCode, timeout]);
    // A pending timer would keep the process alive for the rest of the 4 minutes.
    clearTimeout(timer);
    if (code !== 0) {
      const shot = join(runDir, 'failure.png');
      await page.screenshot({ path: shot }).catch(() => undefined);
      log(`${mode}: ${code === 'timeout' ? `no result within ${MODE_TIMEOUT_MS / 1000} s` : `exit code ${code}`}; screenshot ${shot}; code-server log:\n${serverLog.join('')}`);
      return 1;
    }
    passed = true;
    return 0;
  } finally {
    await browser.close();
    await server.stop();
    // A failed run's folder stays for a look (its path is printed above).
    if (passed) rmSync(runDir, { recursive: true, force: true, maxRetries: 5, retryDelay: 200 });
  }
}

ensureE2eTools();
mkdirSync(join(cacheDir, 'runs'), { recursive: true });
const buildStart = Date.now();
await build(modes.includes('vsix'));
log(`built${modes.includes('vsix') ? ' and packaged' : ''} in ${((Date.now() - buildStart) / 1000).toFixed(0)} s`);
let failed = 0;
for (const mode of modes) {
  const start = Date.now();
  const code = await runMode(mode);
  log(`${mode}: ${code === 0 ? 'passed' : 'FAILED'} in ${((Date.now() - start) / 1000).toFixed(0)} s`);
  failed += code === 0 ? 0 : 1;
}
log(`${modes.length - failed} passed, ${failed} failed`);
process.exitCode = failed === 0 ? 0 : 1;
