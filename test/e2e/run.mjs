// `npm run test:e2e`: the mocha suites in test/e2e run inside a real VS Code extension host, that
// of code-server in headless Chromium (DESIGN.md section 7), three times: against this checkout
// (extensionDevelopmentPath), against the packaged .vsix installed with --install-extension (both
// in code-server's Node extension host), and against a variant of the extension with only its
// `browser` entry, which code-server runs in the browser's web worker extension host as VS Code
// for the Web would. `--only dev|vsix|web` runs one of them. Tools are installed on first use
// (install.mjs).
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { format } from 'node:util';
import { installExtension, launchBrowser, startCodeServer, webVariant, workbenchUrl } from './code-server.mjs';
import { cacheDir, ensureE2eTools } from './install.mjs';
import { buildSuites, MEASURE, prepareWorkspace, ROOT } from './prepare.mjs';

const MODE_TIMEOUT_MS = 4 * 60_000;
const only = process.argv.includes('--only') ? process.argv[process.argv.indexOf('--only') + 1] : undefined;
const MODES = ['dev', 'vsix', 'web'];
if (only !== undefined && !MODES.includes(only)) {
  process.stderr.write(`--only takes one of ${MODES.join(', ')}\n`);
  process.exit(2);
}
const modes = only ? [only] : MODES;
/** Measure (activation, keystroke to diagnostics, ...) to each mode's value, printed side by side at the end. */
const measures = new Map();

function log(message) {
  process.stdout.write(`[e2e] ${message}\n`);
}

async function build(withVsix) {
  await buildSuites({ web: modes.includes('web') });
  if (withVsix) execFileSync('npx', ['vsce', 'package', '--no-dependencies', '--out', 'gradcheck.vsix'], { cwd: ROOT, stdio: 'inherit' });
}

/** The web variant with the test bundle inside it: the host that runs the tests is the one whose extension holds them. */
function webTestPaths(runDir) {
  const extensionDevelopmentPath = webVariant(ROOT, join(runDir, 'gradcheck-web'), ['out/test/e2e/web.js']);
  return { extensionDevelopmentPath, extensionTestsPath: join(extensionDevelopmentPath, 'out', 'test', 'e2e', 'web.js') };
}

async function runMode(mode) {
  const runDir = mkdtempSync(join(cacheDir, 'runs', `${mode}-`));
  const workspace = join(runDir, 'workspace');
  prepareWorkspace(workspace, { installed: mode === 'vsix', host: mode === 'web' ? 'web' : 'node' });
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
    await page.exposeFunction('codeAutomationLog', (_type, args) => {
      const line = format(...args);
      if (line.startsWith(MEASURE)) {
        const [name, value] = line.slice(MEASURE.length).split(/: (.*)/s);
        if (!measures.has(name)) measures.set(name, new Map());
        measures.get(name).set(mode, value);
      }
      process.stdout.write(`${line}\n`);
    });
    const paths = mode === 'web'
      ? webTestPaths(runDir)
      : { extensionDevelopmentPath: mode === 'vsix' ? join(ROOT, 'test', 'e2e', 'host-stub') : ROOT, extensionTestsPath: join(ROOT, 'out', 'test', 'e2e', 'index.js') };
    const url = workbenchUrl(server.host, workspace, paths);
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
// Each measure in one host beside the others: the web worker's against Node's.
for (const [name, values] of measures) log(`${name}: ${[...values].map(([mode, value]) => `${mode} ${value}`).join(' · ')}`);
log(`${modes.length - failed} passed, ${failed} failed`);
process.exitCode = failed === 0 ? 0 : 1;
