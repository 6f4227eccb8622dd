/**
 * The built webview page in headless Chromium, loaded the way VS Code loads it: the page from
 * reportPageHtml with its CSP, the bundled script and the stylesheets from one origin, a stub of
 * acquireVsCodeApi, and the report posted as a message. Also takes the README's screenshots.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { type Browser, chromium, type Page } from 'playwright-core';
import type { Report } from '../../src/core/report';
import { CLAIM_ROWS_STEP, type HostMessage, type ViewState, type WebviewMessage } from '../../src/webview/messages';
import { reportPageHtml } from '../../src/webview/report-page';
import { HOSTILE, hostileReport, MISSING_PATH, QUESTION, REPO, reportOf } from './reports';
import { DARK_PLUS, LIGHT_PLUS, type WebviewTheme } from './themes';

const CHROMIUM = '/usr/bin/chromium';
const SCRIPT = join(REPO, 'out', 'media', 'report.js');
const skip = existsSync(CHROMIUM) ? false : `no Chromium at ${CHROMIUM} (apt-get install -y chromium): browser test skipped`;

const TYPES: Record<string, string> = { '.js': 'text/javascript', '.css': 'text/css', '.woff2': 'font/woff2' };
// Only what the extension's localResourceRoots allow is served.
const SERVED = ['media/', 'out/media/'];

function serve(nonce: string): Promise<{ server: Server; origin: string }> {
  const server = createServer((request, response) => {
    const path = normalize(decodeURIComponent(new URL(request.url ?? '/', 'http://x').pathname)).replace(/^\/+/, '');
    if (path === '' || path === '.') {
      const origin = `http://${request.headers.host}`;
      response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      response.end(reportPageHtml({
        cspSource: origin,
        nonce,
        scriptUri: `${origin}/out/media/report.js`,
        styleUri: `${origin}/media/report.css`,
        katexStyleUri: `${origin}/out/media/katex/katex.min.css`,
      }));
      return;
    }
    const file = join(REPO, path);
    if (!SERVED.some((root) => path.startsWith(root)) || !existsSync(file)) {
      response.writeHead(404).end();
      return;
    }
    response.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' });
    response.end(readFileSync(file));
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({ server, origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}` })));
}

/** acquireVsCodeApi as VS Code gives it, recording what the page posts and saves. */
function vscodeStub(initialState: ViewState | undefined): string {
  return `
    window.__posted = [];
    window.__violations = [];
    let saved = ${JSON.stringify(initialState ?? null)};
    window.__state = () => saved;
    document.addEventListener('securitypolicyviolation', (e) => window.__violations.push(e.violatedDirective + ' ' + e.blockedURI));
    window.acquireVsCodeApi = () => ({
      postMessage: (message) => window.__posted.push(message),
      getState: () => saved,
      setState: (state) => { saved = state; },
    });`;
}

const questionMessage = (): HostMessage => ({ type: 'report', uri: 'file:///work/question.md', fileName: 'question.md', version: 7, report: reportOf(QUESTION) });

describe('report webview in Chromium', { skip }, () => {
  let browser: Browser;
  let server: Server;
  let origin: string;
  const nonce = 'dGVzdC1ub25jZS0xMjM0NQ==';

  before(async () => {
    assert.ok(existsSync(SCRIPT), `${SCRIPT} is missing: run npm run build`);
    ({ server, origin } = await serve(nonce));
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    });
  });

  after(async () => {
    await browser?.close();
    server?.close();
  });

  async function open(theme: WebviewTheme = DARK_PLUS, initialState?: ViewState, width = 900): Promise<Page> {
    const page = await browser.newPage({ viewport: { width, height: 900 }, deviceScaleFactor: 1 });
    await page.addInitScript(vscodeStub(initialState));
    await page.goto(origin);
    await page.evaluate(`(() => {
      const theme = ${JSON.stringify(theme)};
      for (const [name, value] of Object.entries(theme.variables)) document.documentElement.style.setProperty(name, value);
      document.body.className = theme.bodyClass;
    })()`);
    return page;
  }

  async function send(page: Page, message: HostMessage): Promise<void> {
    await page.evaluate(`window.postMessage(${JSON.stringify(message)}, '*')`);
  }

  const posted = (page: Page): Promise<WebviewMessage[]> => page.evaluate('window.__posted') as Promise<WebviewMessage[]>;
  const violations = (page: Page): Promise<string[]> => page.evaluate('window.__violations') as Promise<string[]>;

  test('the question: a row and a badge per claim, typeset math, the graph, and no CSP violation', async () => {
    const page = await open();
    const message = questionMessage();
    const report = (message as { report: Report }).report;
    await send(page, message);
    await page.locator('tr.claim').first().waitFor();
    assert.deepEqual(await posted(page), [{ type: 'ready' }]);
    assert.equal(await page.locator('tr.claim').count(), report.claims.length);
    assert.equal(await page.locator('tr.claim .badge.status-mismatch').count(), 4);
    assert.equal(await page.locator('tr.claim .badge.status-verified').count(), 10);
    assert.equal(await page.locator('tr.claim .katex').count() >= report.claims.length, true);
    // KaTeX sizes its boxes through the CSSOM: they must survive a CSP without 'unsafe-inline'.
    assert.ok(await page.locator('tr.claim .katex .vlist[style*="height"]').count() > 0);
    assert.equal(await page.locator('svg.graph g.node').count(), report.graph.nodes.length);
    assert.equal(await page.locator('svg.graph path.edge').count(), report.graph.edges.length);
    assert.equal(await page.locator('svg.graph g.node.role-loss').count(), 1);
    assert.ok(await page.evaluate('document.fonts.check("15px KaTeX_Math")'));
    assert.deepEqual(await violations(page), []);
    await page.close();
  });

  test('a click on a row selects it, lights its path and asks the editor to reveal the claim', async () => {
    const page = await open();
    await send(page, questionMessage());
    await page.locator('tr.claim[data-claim="4"] td.why').click();
    const messages = await posted(page);
    assert.deepEqual(messages.at(-1), { type: 'reveal', uri: 'file:///work/question.md', version: 7, target: { kind: 'claim', index: 4 } });
    assert.equal(await page.locator('tr.claim.selected').getAttribute('data-claim'), '4');
    // Claim 4 is d y'/d net_2: one edge.
    assert.deepEqual(await page.locator('svg.graph g.node.on-path').evaluateAll((nodes) => nodes.map((n) => n.getAttribute('data-node'))), ['net_2', "y'"]);
    assert.equal(await page.locator('svg.graph path.edge.on-path').count(), 1);
    await page.close();
  });

  test('keyboard: arrows move through the rows, Enter reveals, the fix and copy buttons post', async () => {
    const page = await open();
    await send(page, questionMessage());
    await page.locator('tr.claim[data-claim="0"]').focus();
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    assert.equal(await page.evaluate('document.activeElement.dataset.claim'), '2');
    assert.equal(await page.locator('tr.claim.selected').getAttribute('data-claim'), '2');
    await page.keyboard.press('Enter');
    assert.deepEqual((await posted(page)).at(-1), { type: 'reveal', uri: 'file:///work/question.md', version: 7, target: { kind: 'claim', index: 2 } });
    await page.keyboard.press('End');
    assert.equal(await page.evaluate('document.activeElement.dataset.claim'), '13');

    await page.locator('tr.claim[data-claim="0"] button.apply-fix').click();
    const report = reportOf(QUESTION);
    assert.deepEqual((await posted(page)).at(-1), { type: 'applyFix', uri: 'file:///work/question.md', version: 7, diagnostic: report.diagnostics.findIndex((d) => d.claim === 0), fix: 0 });
    await page.locator('#copy-markdown').click();
    assert.deepEqual((await posted(page)).at(-1), { type: 'copyMarkdown', uri: 'file:///work/question.md', version: 7, onlyMismatches: false });
    await page.locator('li.finding').first().press('Enter');
    assert.deepEqual(((await posted(page)).at(-1) as { target: unknown }).target, { kind: 'finding', index: report.diagnostics.findIndex((d) => d.claim === undefined) });
    await page.close();
  });

  test('the filter shows only mismatches and is kept in the saved state', async () => {
    const page = await open();
    await send(page, questionMessage());
    await page.locator('#only-mismatches').check();
    assert.equal(await page.locator('tr.claim').count(), 4);
    assert.equal(await page.locator('tr.claim .badge.status-verified').count(), 0);
    const state = await page.evaluate('window.__state()') as ViewState;
    assert.equal(state.onlyMismatches, true);
    assert.equal(state.last?.uri, 'file:///work/question.md');
    await page.close();
  });

  test('a reloaded panel draws its saved report before the extension answers', async () => {
    const last = questionMessage();
    assert.equal(last.type, 'report');
    const page = await open(DARK_PLUS, { onlyMismatches: true, selectedClaim: 1, claimRows: CLAIM_ROWS_STEP, last: last.type === 'report' ? last : null });
    await page.locator('tr.claim').first().waitFor();
    assert.equal(await page.locator('tr.claim').count(), 4);
    assert.equal(await page.locator('tr.claim.selected').getAttribute('data-claim'), '1');
    await page.close();
  });

  test('a hostile report runs nothing and a malformed message is ignored', async () => {
    const page = await open();
    await send(page, { type: 'report', uri: 'file:///h.md', fileName: HOSTILE, version: 1, report: hostileReport() });
    await page.locator('tr.claim').first().waitFor();
    await page.evaluate(`window.postMessage({ type: 'report', uri: 'file:///h.md', fileName: 'x', version: 2, report: { version: 1, claims: [{ left: '<img src=x onerror="window.__pwned=2">' }] } }, '*')`);
    await page.waitForTimeout(50);
    assert.equal(await page.locator('img').count(), 0);
    assert.equal(await page.locator('a').count(), 0);
    assert.equal(await page.evaluate('window.__pwned ?? null'), null);
    assert.equal(await page.locator('h1').textContent(), HOSTILE);
    assert.deepEqual(await violations(page), []);
    await page.close();
  });

  test('the path a missing-path claim leaves out is drawn dashed', async () => {
    const page = await open();
    await send(page, { type: 'report', uri: 'file:///m.md', fileName: 'missing-path.md', version: 1, report: reportOf(MISSING_PATH) });
    await page.locator('svg.graph').waitFor();
    const dashed = page.locator('svg.graph path.edge.missing');
    assert.equal(await dashed.count(), 3);
    assert.notEqual(await page.evaluate('getComputedStyle(document.querySelector("svg.graph path.edge.missing")).strokeDasharray'), 'none');
    await page.close();
  });

  test('an unrolled sequence draws its steps, and the path through the later steps a claim leaves out dashed', async () => {
    const page = await open();
    const report = reportOf('test/fixtures/literature/sequences/d2l-bptt-drops-future.md');
    await send(page, { type: 'report', uri: 'file:///b.md', fileName: 'd2l-bptt-drops-future.md', version: 1, report });
    await page.locator('svg.graph').waitFor();
    const labels = await page.locator('svg.graph text').allTextContents();
    for (const step of ['h_1', 'h_2', 'h_3', 'h_4']) assert.ok(labels.some((l) => l.replace(/\s/g, '').includes(step.replace('_', ''))) || labels.includes(step), `${step} in ${labels.join(', ')}`);
    assert.ok(await page.locator('svg.graph path.edge.missing').count() > 0);
    await page.close();
  });

  for (const [name, theme] of [['dark', DARK_PLUS], ['light', LIGHT_PLUS]] as const) {
    test(`screenshot in ${name === 'dark' ? 'Dark+' : 'Light+'}: docs/report-${name}.png`, async () => {
      const page = await open(theme);
      await send(page, questionMessage());
      await page.locator('tr.claim[data-claim="0"]').click();
      await page.evaluate('document.activeElement.blur()');
      await page.evaluate('document.fonts.ready');
      mkdirSync(join(REPO, 'docs'), { recursive: true });
      await page.screenshot({ path: join(REPO, 'docs', `report-${name}.png`), fullPage: true });
      assert.deepEqual(await violations(page), []);
      await page.close();
    });
  }
});
