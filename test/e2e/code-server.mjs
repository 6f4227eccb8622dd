// Starts code-server (VS Code's server build) and drives it from headless Chromium: the pieces
// the e2e runner and the screenshot script share. See DESIGN.md section 7.
import { spawn } from 'node:child_process';
import { cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { codeServerBin } from './install.mjs';

export const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

// No extension gallery: the tests need none, and this machine reaches no host but the registries.
const OFFLINE_ENV = { ...process.env, EXTENSIONS_GALLERY: JSON.stringify({ serviceUrl: '' }) };

/** Arguments every code-server call shares: its state stays inside `runDir`. */
export function codeServerArgs(runDir, userSettings = {}) {
  mkdirSync(runDir, { recursive: true });
  const config = join(runDir, 'config.yaml');
  writeFileSync(config, 'auth: none\n');
  const user = join(runDir, 'user-data', 'User');
  mkdirSync(user, { recursive: true });
  writeFileSync(join(user, 'settings.json'), JSON.stringify({
    'extensions.autoCheckUpdates': false, 'extensions.autoUpdate': false, 'extensions.ignoreRecommendations': true,
    'telemetry.telemetryLevel': 'off', 'update.mode': 'none', 'workbench.startupEditor': 'none', 'workbench.enableExperiments': false,
    ...userSettings,
  }, null, 2));
  return ['--config', config, '--user-data-dir', join(runDir, 'user-data'), '--extensions-dir', join(runDir, 'extensions')];
}

export function installExtension(runDir, vsix) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [codeServerBin(), ...codeServerArgs(runDir), '--install-extension', vsix], { stdio: ['ignore', 'pipe', 'pipe'], env: OFFLINE_ENV });
    let output = '';
    child.stdout.on('data', (d) => { output += d; });
    child.stderr.on('data', (d) => { output += d; });
    child.on('exit', (code) => (code === 0 ? resolve(output) : reject(new Error(`--install-extension failed (${code}): ${output}`))));
  });
}

/** Starts code-server on a free loopback port; resolves once it listens. */
export async function startCodeServer(runDir, log, userSettings = {}) {
  const port = await freePort();
  const args = [codeServerBin(), ...codeServerArgs(runDir, userSettings), '--auth', 'none', '--bind-addr', `127.0.0.1:${port}`, '--disable-telemetry', '--disable-update-check', '--disable-workspace-trust'];
  // Its own process group, so stopping it also stops the extension hosts it started.
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'], detached: true, env: OFFLINE_ENV });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const stop = async () => {
    try { process.kill(-child.pid, 'SIGTERM'); } catch { /* already gone */ }
    await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 5000))]);
  };
  await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('code-server did not start within 60 s')), 60_000);
    const watch = (chunk) => {
      const text = chunk.toString();
      log(text);
      if (text.includes('HTTP server listening')) { clearTimeout(timer); resolve(); }
    };
    child.stdout.on('data', watch);
    child.stderr.on('data', watch);
    child.on('exit', (code) => { clearTimeout(timer); reject(new Error(`code-server exited early (${code})`)); });
  });
  return { port, host: `127.0.0.1:${port}`, stop };
}

/** The workbench URL for `folder`, optionally with extension development/test paths. */
export function workbenchUrl(host, folder, payload) {
  const query = [`folder=${encodeURIComponent(folder)}`];
  if (payload) query.push(`payload=${encodeURIComponent(JSON.stringify(Object.entries(payload).map(([k, path]) => [k, `vscode-remote://${host}${path}`])))}`);
  return `http://${host}/?${query.join('&')}`;
}

export async function launchBrowser() {
  return chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: CHROMIUM_ARGS });
}

/**
 * The extension as VS Code for the Web sees one with only a `browser` entry, in `dir`: no `main`,
 * no extensionKind, so code-server runs it in the browser's web worker extension host. Copies
 * what the web build needs from `root`, and `extra` files (a test bundle); returns `dir`.
 */
export function webVariant(root, dir, extra = []) {
  const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  delete manifest.main;
  delete manifest.extensionKind;
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'package.json'), JSON.stringify(manifest, null, 2));
  for (const path of ['media', 'schemas', 'examples', 'out/media', 'out/extension/extension-web.js', 'out/server/server-web.js', ...extra]) {
    cpSync(join(root, path), join(dir, path), { recursive: true });
  }
  return dir;
}

