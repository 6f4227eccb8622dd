// The esbuild plugin that gives the web server its check worker as text (see
// src/server/browser/check-worker-source.d.ts): esbuild.mjs bundles the server with it, and the
// test of the web check worker bundles its page script with it.
import * as esbuild from 'esbuild';

export const checkWorkerSource = {
  name: 'check-worker-source',
  setup(build) {
    build.onResolve({ filter: /^gradcheck:check-worker-source$/ }, ({ path }) => ({ path, namespace: 'check-worker-source' }));
    build.onLoad({ filter: /.*/, namespace: 'check-worker-source' }, async () => {
      const worker = await esbuild.build({
        entryPoints: [new URL('src/server/browser/check-worker.ts', import.meta.url).pathname],
        bundle: true, platform: 'browser', target: 'es2022', format: 'iife', minify: true, write: false, metafile: true, logLevel: 'warning',
      });
      return { contents: worker.outputFiles[0].text, loader: 'text', watchFiles: Object.keys(worker.metafile.inputs) };
    });
  },
};
