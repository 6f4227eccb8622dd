// `node test/e2e/screenshot.mjs [out.png]`: the editor with gradcheck's squiggles, the Problems
// panel and the quick fix menu open on a missing sum, in code-server in headless Chromium.
// Default output: docs/editor.png. With `--notebook`: the notebook test/fixtures/notebooks/two-layer.ipynb,
// its wrong claim's cell open for editing with its squiggle and CodeLenses, and the Problems panel
// (default output: docs/notebook.png). With `--preview`: the question beside VS Code's Markdown preview,
// its align environments typeset by gradcheck with a badge beside each row (docs/preview.png).
// With `--walkthrough`: the Getting Started walkthrough (docs/walkthrough.png). With `--web`: the
// question and its report in the web build, which code-server runs in the browser's web worker
// extension host as VS Code for the Web does (docs/web.png); `--web-host` runs any other scene there.
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { launchBrowser, startCodeServer, webVariant, workbenchUrl } from './code-server.mjs';
import { cacheDir, ensureE2eTools } from './install.mjs';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const SCENES = { editor: editorScene, notebook: notebookScene, preview: previewScene, walkthrough: walkthroughScene, web: reportScene };
const scene = Object.keys(SCENES).find((name) => process.argv.includes(`--${name}`)) ?? 'editor';
const [outputArg] = process.argv.slice(2).filter((arg) => !arg.startsWith('--'));
const output = resolve(outputArg ?? join(ROOT, 'docs', `${scene}.png`));

ensureE2eTools();
execFileSync(process.execPath, ['esbuild.mjs'], { cwd: ROOT, stdio: 'inherit' });
mkdirSync(join(cacheDir, 'runs'), { recursive: true });
const runDir = mkdtempSync(join(cacheDir, 'runs', 'screenshot-'));
const workspace = join(runDir, 'workspace');
mkdirSync(workspace, { recursive: true });
copyFileSync(join(ROOT, 'examples', 'question.md'), join(workspace, 'derivation.md'));
copyFileSync(join(ROOT, 'test', 'fixtures', 'notebooks', 'two-layer.ipynb'), join(workspace, 'two-layer.ipynb'));

const server = await startCodeServer(runDir, () => undefined, {
  'editor.minimap.enabled': false, 'editor.fontSize': 15, 'workbench.colorTheme': 'Default Dark Modern', 'window.commandCenter': false, 'workbench.layoutControl.enabled': false,
  'workbench.secondarySideBar.defaultVisibility': 'hidden', 'chat.commandCenter.enabled': false, 'editor.codeLens': true, 'editor.occurrencesHighlight': 'off', 'editor.selectionHighlight': false,
});
const browser = await launchBrowser();
const page = await browser.newPage({ viewport: { width: 1400, height: 860 }, deviceScaleFactor: 1 });
try {
  const inWebHost = scene === 'web' || process.argv.includes('--web-host');
  const extension = inWebHost ? webVariant(ROOT, join(runDir, 'gradcheck-web')) : ROOT;
  await page.goto(workbenchUrl(server.host, workspace, { extensionDevelopmentPath: extension }));
  await page.waitForSelector('.monaco-workbench .part.editor', { timeout: 60_000 });
  await page.waitForTimeout(3000);
  await SCENES[scene](page);
  mkdirSync(dirname(output), { recursive: true });
  await page.screenshot({ path: output });
  console.log(`wrote ${output}`);
} catch (error) {
  await page.screenshot({ path: `${output}.failure.png` }).catch(() => undefined);
  throw error;
} finally {
  await browser.close();
  await server.stop();
  rmSync(runDir, { recursive: true, force: true, maxRetries: 5, retryDelay: 200 });
}

async function editorScene(page) {
  await page.keyboard.press('Control+P');
  await page.keyboard.type('derivation.md');
  await page.click('.quick-input-list .monaco-list-row', { timeout: 20_000 });
  await page.waitForSelector('.monaco-editor .squiggly-warning', { timeout: 60_000 });
  await page.keyboard.press('Control+B'); // the side bar off: room for the long lines
  await page.keyboard.press('Control+Shift+M'); // the Problems panel
  await page.waitForTimeout(800);
  await page.keyboard.press('Control+1'); // back to the editor
  await page.keyboard.press('Control+G');
  await page.keyboard.type('13:60');
  await page.keyboard.press('Enter');
  await page.waitForTimeout(1500);
  await page.keyboard.press('Control+.');
  await page.waitForSelector('.action-widget', { state: 'visible', timeout: 20_000 });
  await page.waitForTimeout(800);
}

async function notebookScene(page) {
  await page.keyboard.press('Control+P');
  await page.keyboard.type('two-layer.ipynb');
  await page.click('.quick-input-list .monaco-list-row', { timeout: 20_000 });
  await page.waitForSelector('.notebook-editor >> visible=true', { timeout: 60_000 });
  // Clicks, not keys: the notebook's rendered cells are a webview that keeps the keyboard.
  await page.click('.activitybar .action-item[aria-selected="true"] .action-label'); // the side bar off: room for the cells
  await page.click('#status\\.problems', { timeout: 60_000 }); // the Problems panel, which names the cell
  const problem = '.markers-panel .monaco-list-row[aria-level="2"]';
  await page.waitForSelector(problem, { timeout: 60_000 });
  await page.waitForTimeout(800);
  // Going to the problem opens its cell for editing, with the squiggle under the wrong right side.
  await page.click(problem);
  await page.keyboard.press('Enter');
  const squiggle = '.notebook-editor .squiggly-error >> visible=true';
  await page.waitForSelector(squiggle, { timeout: 60_000 });
  await page.keyboard.press('End'); // the cursor off the finding, so the squiggle shows unselected
  await page.waitForTimeout(1500);
}

async function runCommand(page, title) {
  await page.keyboard.press('F1');
  await page.keyboard.type(title);
  await page.waitForTimeout(500);
  await page.keyboard.press('Enter');
}

/** Waits for a webview (the preview, the report) to draw `selector`: its page lies in a frame inside the webview's frame. */
async function webviewShows(page, selector, what) {
  const deadline = Date.now() + 60_000;
  for (;;) {
    for (const frame of page.frames()) if (await frame.$(selector).catch(() => null)) return;
    if (Date.now() > deadline) throw new Error(`${what} never showed`);
    await page.waitForTimeout(500);
  }
}

async function openQuestion(page) {
  await page.keyboard.press('Control+P');
  await page.keyboard.type('derivation.md');
  await page.click('.quick-input-list .monaco-list-row', { timeout: 20_000 });
  await page.waitForSelector('.monaco-editor .squiggly-warning', { timeout: 60_000 });
  await page.keyboard.press('Control+B'); // the side bar off: room for what opens beside the editor
}

async function previewScene(page) {
  await openQuestion(page);
  await runCommand(page, 'Markdown: Open Preview to the Side');
  await webviewShows(page, 'table.gradcheck-math', 'a typeset environment in the preview');
  await page.waitForTimeout(1500);
}

async function reportScene(page) {
  await openQuestion(page);
  await page.keyboard.press('Control+Shift+M'); // the Problems panel
  await page.waitForTimeout(800);
  await page.keyboard.press('Control+1');
  await runCommand(page, 'gradcheck: Show Report');
  await webviewShows(page, '.claims tbody tr, table tbody tr', 'the report');
  await page.waitForTimeout(2000);
}

async function walkthroughScene(page) {
  await runCommand(page, 'Welcome: Open Walkthrough...');
  await page.waitForTimeout(800);
  await page.keyboard.type('Check a gradient derivation');
  await page.waitForTimeout(800);
  await page.keyboard.press('Enter');
  await page.waitForSelector('.gettingStartedContainer', { timeout: 60_000 });
  await page.keyboard.press('Control+B'); // the side bar off: room for the step's page beside the steps
  await webviewShows(page, 'text=The example derivation', 'the step\'s page');
  await page.mouse.move(900, 400);
  await page.waitForTimeout(6000);
}

