// `npm run test:electron`: the same mocha suites as `npm run test:e2e`, in desktop VS Code
// through @vscode/test-electron (runTests), for machines that can download it. The version is
// pinned in package.json (config.vscodeVersion) and cached in .vscode-test/. CI here uses
// code-server instead (run.mjs): desktop VS Code cannot be downloaded from its network. On a
// Linux machine without a display: `xvfb-run -a npm run test:electron`.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { downloadAndUnzipVSCode, runTests } from '@vscode/test-electron';
import { buildSuites, prepareWorkspace, ROOT } from './prepare.mjs';

// Long enough for a slow download, short enough that a network that drops it fails the run.
const DOWNLOAD_TIMEOUT_MS = 120_000;

const { config } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
const version = config.vscodeVersion;

await buildSuites({ web: false });
let vscodeExecutablePath;
try {
  vscodeExecutablePath = await downloadAndUnzipVSCode({ version, timeout: DOWNLOAD_TIMEOUT_MS });
} catch (error) {
  process.stderr.write(`[electron] could not download VS Code ${version}: ${error instanceof Error ? error.message : String(error)}\n`
    + '[electron] desktop VS Code is needed for this runner; `npm run test:e2e` runs the same suites in code-server without it.\n');
  process.exit(1);
}

const runDir = mkdtempSync(join(tmpdir(), 'gradcheck-electron-'));
const workspace = join(runDir, 'workspace');
prepareWorkspace(workspace, { installed: false, host: 'node' });
let exitCode = 1;
try {
  exitCode = await runTests({
    vscodeExecutablePath,
    extensionDevelopmentPath: ROOT,
    extensionTestsPath: join(ROOT, 'out', 'test', 'e2e', 'index.js'),
    // A profile of its own: no other extension, no trust prompt, no welcome page.
    launchArgs: [workspace, '--user-data-dir', join(runDir, 'user-data'), '--extensions-dir', join(runDir, 'extensions'), '--disable-workspace-trust', '--skip-welcome', '--skip-release-notes'],
  });
} catch (error) {
  process.stderr.write(`[electron] ${error instanceof Error ? error.message : String(error)}\n`);
} finally {
  rmSync(runDir, { recursive: true, force: true, maxRetries: 5, retryDelay: 200 });
}
process.exitCode = exitCode;
