/**
 * Entry point the extension host loads as `extensionTestsPath` (the @vscode/test-electron
 * convention): runs the mocha suites and settles with their outcome.
 */
import Mocha from 'mocha';
import { SUITES } from './suites';

export function run(): Promise<void> {
  const mocha = new Mocha({ ui: 'tdd', color: false, timeout: 60_000, reporter: 'spec' });
  for (const suite of SUITES) {
    // Define suite()/test() globals the way `mocha.addFile` would, then load the bundled suite.
    mocha.suite.emit('pre-require', globalThis, suite.name, mocha);
    suite.load();
  }
  return new Promise((resolve, reject) => {
    mocha.run((failures) => (failures > 0 ? reject(new Error(`${failures} e2e test(s) failed`)) : resolve()));
  });
}
