import { DEFAULT_SEVERITY } from '../core/check/finding';
import type { FindingCode, Severity } from '../core/report';

/** A severity override per finding code; `off` hides the code altogether. */
export type SeverityLevel = Severity | 'off';

/** Symbol roles as the `gradcheck:` comment names them (DESIGN.md section 3). */
export interface RoleSettings {
  params?: string[];
  data?: string[];
  constants?: string[];
  loss?: string;
}

/**
 * Everything a user can set outside the document: editor settings, `.gradcheckrc.json` and CLI
 * flags all read into this one shape, so every front end merges them the same way.
 */
export interface GradcheckSettings {
  samples?: number;
  tolerance?: number;
  seed?: number;
  examples?: number;
  severity?: Partial<Record<FindingCode, SeverityLevel>>;
  roles?: RoleSettings;
  /** List formulas not read as hints (they are always counted). */
  showUnread?: boolean;
}

export interface ReadSettings {
  settings: GradcheckSettings;
  /** What was ignored and why, for people; never fatal. */
  problems: string[];
}

export const FINDING_CODES = Object.keys(DEFAULT_SEVERITY) as FindingCode[];
const LEVELS: readonly SeverityLevel[] = ['error', 'warning', 'information', 'hint', 'off'];
const ROLE_LISTS = ['params', 'data', 'constants'] as const;
// Names go into a `gradcheck:` comment, so nothing that could end the comment or the clause.
const SYMBOL_NAME = /^[A-Za-z0-9_^{}'\\]+$/;

export function isFindingCode(word: string): word is FindingCode {
  return (FINDING_CODES as string[]).includes(word);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

type NumberRule = 'positive integer' | 'non-negative integer' | 'positive number';

function fits(value: number, rule: NumberRule): boolean {
  if (rule === 'positive number') return value > 0;
  return Number.isInteger(value) && (rule === 'non-negative integer' ? value >= 0 : value > 0);
}

function readNumber(value: unknown, key: string, rule: NumberRule, problems: string[]): number | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'number' && Number.isFinite(value) && fits(value, rule)) return value;
  problems.push(`'${key}' must be a ${rule}; ignored`);
  return undefined;
}

function readSeverity(value: unknown, problems: string[]): GradcheckSettings['severity'] {
  if (value === undefined || value === null) return undefined;
  if (!isRecord(value)) {
    problems.push(`'severity' must be an object of finding code to level; ignored`);
    return undefined;
  }
  const severity: Partial<Record<FindingCode, SeverityLevel>> = {};
  for (const [code, level] of Object.entries(value)) {
    if (!isFindingCode(code)) problems.push(`'severity': unknown finding code '${code}'`);
    else if (typeof level !== 'string' || !LEVELS.includes(level as SeverityLevel)) problems.push(`'severity.${code}' must be one of ${LEVELS.join(', ')}`);
    else severity[code] = level as SeverityLevel;
  }
  return severity;
}

function readNames(value: unknown, key: string, problems: string[]): string[] | undefined {
  if (value === undefined) return undefined;
  const names = typeof value === 'string' ? value.split(/[\s,]+/).filter(Boolean) : value;
  if (!Array.isArray(names) || !names.every((n): n is string => typeof n === 'string')) {
    problems.push(`'roles.${key}' must be a list of symbol names; ignored`);
    return undefined;
  }
  const good = names.filter((n) => SYMBOL_NAME.test(n));
  for (const bad of names.filter((n) => !SYMBOL_NAME.test(n))) problems.push(`'roles.${key}': '${bad}' is not a symbol name; ignored`);
  return good;
}

function readRoles(value: unknown, problems: string[]): RoleSettings | undefined {
  if (value === undefined || value === null) return undefined;
  if (!isRecord(value)) {
    problems.push(`'roles' must be an object with params, data, constants and loss; ignored`);
    return undefined;
  }
  const roles: RoleSettings = {};
  for (const key of ROLE_LISTS) {
    const names = readNames(value[key], key, problems);
    if (names) roles[key] = names;
  }
  if (value.loss !== undefined) {
    const loss = readNames(value.loss, 'loss', problems);
    if (loss?.length === 1) roles.loss = loss[0];
    else problems.push(`'roles.loss' must be one symbol name; ignored`);
  }
  for (const key of Object.keys(value)) if (key !== 'loss' && !(ROLE_LISTS as readonly string[]).includes(key)) problems.push(`'roles': unknown key '${key}'`);
  return roles;
}

const KNOWN_KEYS = new Set(['$schema', 'samples', 'tolerance', 'seed', 'examples', 'severity', 'roles', 'showUnread']);

function readBoolean(value: unknown, key: string, problems: string[]): boolean | undefined {
  if (value === undefined || value === null || typeof value === 'boolean') return value ?? undefined;
  problems.push(`'${key}' must be true or false; ignored`);
  return undefined;
}

/** Reads settings from untrusted JSON (a config file, an editor's settings); never throws. */
export function readSettings(value: unknown): ReadSettings {
  const problems: string[] = [];
  if (value === undefined || value === null) return { settings: {}, problems };
  if (!isRecord(value)) return { settings: {}, problems: ['settings must be a JSON object; ignored'] };
  const settings: GradcheckSettings = {
    samples: readNumber(value.samples, 'samples', 'positive integer', problems),
    tolerance: readNumber(value.tolerance, 'tolerance', 'positive number', problems),
    seed: readNumber(value.seed, 'seed', 'non-negative integer', problems),
    examples: readNumber(value.examples, 'examples', 'positive integer', problems),
    severity: readSeverity(value.severity, problems),
    roles: readRoles(value.roles, problems),
    showUnread: readBoolean(value.showUnread, 'showUnread', problems),
  };
  for (const key of Object.keys(value)) if (!KNOWN_KEYS.has(key)) problems.push(`unknown setting '${key}'`);
  return { settings: withoutUndefined(settings), problems };
}

function withoutUndefined(settings: GradcheckSettings): GradcheckSettings {
  return Object.fromEntries(Object.entries(settings).filter(([, v]) => v !== undefined)) as GradcheckSettings;
}

/** Later layers win; severities and roles merge key by key, so a file can override one code. */
export function mergeSettings(...layers: GradcheckSettings[]): GradcheckSettings {
  const merged: GradcheckSettings = {};
  for (const layer of layers) {
    const { severity, roles, ...numbers } = withoutUndefined(layer);
    Object.assign(merged, numbers);
    if (severity) merged.severity = { ...merged.severity, ...severity };
    if (roles) merged.roles = { ...merged.roles, ...roles };
  }
  return merged;
}
