/**
 * `node:assert/strict` for the suites in the web worker extension host, which has no Node: the
 * assertions they use, with the same meaning (strict equality, deep equality of plain data).
 */
export class AssertionError extends Error {
  override name = 'AssertionError';
}

function show(value: unknown): string {
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

function deepEqualValues(a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b) || Object.getPrototypeOf(a) !== Object.getPrototypeOf(b)) return false;
  const keysA = Object.keys(a);
  const keysB = Object.keys(b);
  return keysA.length === keysB.length && keysA.every((k) => deepEqualValues((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}

function fail(message: string | Error = 'Failed'): never {
  throw message instanceof Error ? message : new AssertionError(message);
}

function ok(value: unknown, message?: string | Error): asserts value {
  if (!value) fail(message ?? `expected a truthy value, got ${show(value)}`);
}

function equal<T>(actual: unknown, expected: T, message?: string | Error): asserts actual is T {
  if (!Object.is(actual, expected)) fail(message ?? `expected ${show(expected)}, got ${show(actual)}`);
}

function notEqual(actual: unknown, expected: unknown, message?: string | Error): void {
  if (Object.is(actual, expected)) fail(message ?? `expected anything but ${show(expected)}`);
}

function deepEqual<T>(actual: unknown, expected: T, message?: string | Error): asserts actual is T {
  if (!deepEqualValues(actual, expected)) fail(message ?? `expected ${show(expected)}, got ${show(actual)}`);
}

function match(value: string, pattern: RegExp, message?: string | Error): void {
  if (!pattern.test(value)) fail(message ?? `expected ${show(value)} to match ${pattern}`);
}

const assert = Object.assign(ok, { ok, equal, notEqual, deepEqual, match, fail, AssertionError });
export default assert;
