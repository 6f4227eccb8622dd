// Bundles each entry point into one file under out/: the CLI, the bench, and the editor's client,
// language server and its check worker (the .vsix ships these bundles, not node_modules).
import * as esbuild from 'esbuild';

const watch = process.argv.includes('--watch');
const common = { bundle: true, platform: 'node', target: 'node20', format: 'cjs', sourcemap: true, logLevel: 'warning' };
const entries = [
  { entryPoints: ['src/cli/gradcheck.ts'], outfile: 'out/cli/gradcheck.js', banner: { js: '#!/usr/bin/env node' } },
  { entryPoints: ['bench/bench.ts'], outfile: 'out/bench/bench.js' },
  { entryPoints: ['src/extension/extension.ts'], outfile: 'out/extension/extension.js', external: ['vscode'], minify: true },
  { entryPoints: ['src/server/server.ts'], outfile: 'out/server/server.js', minify: true },
  { entryPoints: ['src/server/check-worker.ts'], outfile: 'out/server/check-worker.js', minify: true },
];

for (const entry of entries) {
  const options = { ...common, ...entry };
  if (watch) await (await esbuild.context(options)).watch();
  else await esbuild.build(options);
}
