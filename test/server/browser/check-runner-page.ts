/**
 * Page script for test/server/web-worker.test.ts (bundled by esbuild.mjs): the check runner
 * with the browser's check worker, on the page's globals, so the test can give it a time limit.
 */
import { webCheckThreads } from '../../../src/server/browser/check-thread';
import { CheckRunner } from '../../../src/server/check-runner';

Object.assign(globalThis, { gradcheckWebChecks: { CheckRunner, webCheckThreads } });
