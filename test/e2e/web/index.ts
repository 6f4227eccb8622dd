/**
 * `extensionTestsPath` in the web worker extension host (`npm run test:e2e -- --only web`): the
 * same suites as index.ts, with mocha's browser build, which runs without Node.
 */
// Defines the global `mocha` (run.mjs bundles it so that it cannot take this bundle's exports).
import 'mocha/mocha.js';
import { SUITES } from '../suites';

export function run(): Promise<void> {
  // The browser build's default reporter draws HTML, which a worker cannot.
  mocha.setup({ ui: 'tdd', timeout: 60_000, color: false, reporter: 'spec' });
  for (const suite of SUITES.filter((s) => s.web)) {
    mocha.suite.emit('pre-require', globalThis, suite.name, mocha);
    suite.load();
  }
  return new Promise((resolve, reject) => {
    mocha.run((failures) => (failures > 0 ? reject(new Error(`${failures} e2e test(s) failed`)) : resolve()));
  });
}
