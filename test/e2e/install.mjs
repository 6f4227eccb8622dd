// Installs what the e2e run needs, on demand, outside the project's dependencies (DESIGN.md
// section 7): Debian packages for Chromium and code-server's native modules, and code-server
// itself in a cache folder. Each step is skipped when its result is already there.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';

export const CODE_SERVER_VERSION = '4.100.3';
const APT_PACKAGES = ['chromium', 'libkrb5-dev', 'pkg-config', 'ripgrep'];
// code-server's @vscode/ripgrep postinstall downloads this tarball unless it is already cached.
const RIPGREP_CACHE = join(tmpdir(), 'vscode-ripgrep-cache-1.15.11');
const RIPGREP_TARBALL = 'ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz';

export const cacheDir = process.env.GRADCHECK_E2E_CACHE ?? join(homedir(), '.cache', 'gradcheck-e2e');

function log(message) {
  process.stderr.write(`[e2e] ${message}\n`);
}

function installed(pkg) {
  try {
    return execFileSync('dpkg-query', ['-W', '-f=${db:Status-Abbrev}', pkg], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).startsWith('ii');
  } catch {
    return false;
  }
}

function ensureAptPackages() {
  const missing = APT_PACKAGES.filter((pkg) => !installed(pkg));
  if (missing.length === 0) return;
  log(`apt-get install ${missing.join(' ')}`);
  const install = () => execFileSync('apt-get', ['install', '-y', '--no-install-recommends', ...missing], { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
  try {
    install();
  } catch {
    // A fresh machine has no package lists yet; fetch them only then.
    execFileSync('apt-get', ['update'], { stdio: 'inherit' });
    install();
  }
}

function ensureRipgrepTarball() {
  const tarball = join(RIPGREP_CACHE, RIPGREP_TARBALL);
  if (existsSync(tarball)) return;
  mkdirSync(RIPGREP_CACHE, { recursive: true });
  execFileSync('tar', ['czf', tarball, '-C', '/usr/bin', 'rg']);
}

export function codeServerBin() {
  return join(cacheDir, 'node_modules', 'code-server', 'out', 'node', 'entry.js');
}

function codeServerInstalled() {
  const manifest = join(cacheDir, 'node_modules', 'code-server', 'package.json');
  // The postinstall script (VS Code's own modules, native builds) ends by making this link.
  const postinstallDone = existsSync(join(cacheDir, 'node_modules', 'code-server', 'lib', 'vscode', 'node_modules.asar'));
  return existsSync(manifest) && JSON.parse(readFileSync(manifest, 'utf8')).version === CODE_SERVER_VERSION && postinstallDone;
}

function ensureCodeServer() {
  if (codeServerInstalled()) return;
  mkdirSync(cacheDir, { recursive: true });
  // npm 11 runs dependencies' install scripts only for packages the project's allowScripts
  // names (and refuses --allow-scripts in a project); older npm ignores the field and runs them.
  writeFileSync(join(cacheDir, 'package.json'), JSON.stringify({
    name: 'gradcheck-e2e-cache',
    private: true,
    allowScripts: { 'code-server': true, argon2: true },
  }, null, 2));
  log(`npm install code-server@${CODE_SERVER_VERSION} in ${cacheDir} (about a minute)`);
  execFileSync('npm', ['install', '--no-audit', '--no-fund', `code-server@${CODE_SERVER_VERSION}`], {
    cwd: cacheDir,
    stdio: 'inherit',
    // node-pty builds with node-gyp as root: both need to be told that is fine.
    env: { ...process.env, npm_config_unsafe_perm: 'true', npm_config_yes: 'true' },
  });
}

export function ensureE2eTools() {
  ensureAptPackages();
  ensureRipgrepTarball();
  ensureCodeServer();
}

if (import.meta.url === `file://${process.argv[1]}`) ensureE2eTools();
