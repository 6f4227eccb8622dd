/**
 * Entry point the extension host loads as `extensionTestsPath` (the @vscode/test-electron
 * convention): runs the mocha suites and settles with their outcome.
 */
import Mocha from 'mocha';

export function run(): Promise<void> {
  const mocha = new Mocha({ ui: 'tdd', color: false, timeout: 60_000, reporter: 'spec' });
  // Define suite()/test() globals the way `mocha.addFile` would, then load the bundled suites.
  mocha.suite.emit('pre-require', globalThis, 'editor.e2e', mocha);
  require('./editor.e2e');
  // After the editor suite: it starts from the derivation as written and leaves it so.
  mocha.suite.emit('pre-require', globalThis, 'report-panel.e2e', mocha);
  require('./report-panel.e2e');
  mocha.suite.emit('pre-require', globalThis, 'notebook.e2e', mocha);
  require('./notebook.e2e');
  return new Promise((resolve, reject) => {
    mocha.run((failures) => (failures > 0 ? reject(new Error(`${failures} e2e test(s) failed`)) : resolve()));
  });
}
