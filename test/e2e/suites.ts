/**
 * The suites both hosts run, in order (the Node runner, index.ts, and the web worker one,
 * web/index.ts): each is loaded after mocha has defined suite()/test() for it.
 */
export interface SuiteFile {
  name: string;
  load: () => void;
  /** Whether the suite makes sense in the web worker extension host. */
  web: boolean;
}

export const SUITES: SuiteFile[] = [
  { name: 'editor.e2e', load: () => require('./editor.e2e'), web: true },
  // After the editor suite: it starts from the derivation as written and leaves it so.
  { name: 'report-panel.e2e', load: () => require('./report-panel.e2e'), web: true },
  { name: 'notebook.e2e', load: () => require('./notebook.e2e'), web: true },
];
