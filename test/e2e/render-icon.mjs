// `node test/e2e/render-icon.mjs`: draws media/icon.svg into media/icon.png (256×256, transparent
// corners) with headless Chromium, as the Marketplace wants a PNG icon.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { launchBrowser } from './code-server.mjs';
import { ensureE2eTools } from './install.mjs';

const MEDIA = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'media');
const SIZE = 256;

ensureE2eTools();
const browser = await launchBrowser();
try {
  const page = await browser.newPage({ viewport: { width: SIZE, height: SIZE } });
  await page.setContent(`<!doctype html><body style="margin:0">${readFileSync(join(MEDIA, 'icon.svg'), 'utf8')}</body>`);
  await page.screenshot({ path: join(MEDIA, 'icon.png'), omitBackground: true, clip: { x: 0, y: 0, width: SIZE, height: SIZE } });
  console.log(`wrote ${join(MEDIA, 'icon.png')}`);
} finally {
  await browser.close();
}
