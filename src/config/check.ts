import { checkDocument } from '../core/check';
import { DEFAULT_SEVERITY } from '../core/check/finding';
import type { Diagnostic, Report } from '../core/report';
import { readDirectives } from '../core/model/directives';
import { type DocumentKind, extractMath } from '../core/source/extract';
import { LineIndex } from '../core/source/lines';
import type { GradcheckSettings, RoleSettings } from './settings';
import { readSuppressions } from './suppressions';

export interface SettingsProblem {
  /** Where the setting came from, e.g. the rc file's path or `settings`. */
  source: string;
  message: string;
}

export interface ConfiguredCheckOptions {
  fileName?: string;
  kind: DocumentKind;
  settings: GradcheckSettings;
  /** Problems found while reading the settings; each becomes a diagnostic at the top. */
  settingsProblems?: SettingsProblem[];
}

/**
 * Roles from settings, spelled as the `gradcheck:` comment the checker already reads. It is
 * appended after the text so no offset in the document moves; the document's own comment comes
 * first and would lose to it, so names the document already assigns are left out.
 */
function rolesComment(text: string, roles: RoleSettings | undefined, kind: DocumentKind): string {
  if (!roles) return '';
  const own = readDirectives(extractMath(text, kind).directives);
  const list = (key: string, names: string[] | undefined): string => {
    const left = (names ?? []).filter((name) => !own.roles.has(name.replace(/[{}]/g, '')));
    return left.length > 0 ? `${key} ${left.join(' ')}` : '';
  };
  const clauses = [
    list('params', roles.params),
    list('data', roles.data),
    list('constants', roles.constants),
    roles.loss && !own.loss ? `loss ${roles.loss}` : '',
  ].filter(Boolean);
  if (clauses.length === 0) return '';
  const body = `gradcheck: ${clauses.join('; ')}`;
  return kind === 'tex' ? `\n% ${body}\n` : `\n<!-- ${body} -->\n`;
}

function settingsDiagnostic(problem: SettingsProblem): Diagnostic {
  const at = { line: 1, column: 1 };
  return {
    code: 'parse-error',
    severity: 'warning',
    message: `${problem.source}: ${problem.message}`,
    span: { start: 0, end: 0 },
    range: { start: at, end: at },
    related: [],
    fixes: [],
  };
}

/**
 * Checks a document the way every front end should: settings in, then the document's inline
 * suppressions and the severity overrides applied to what the checker found.
 */
export function checkWithSettings(text: string, options: ConfiguredCheckOptions): Report {
  const { settings, kind } = options;
  const report = checkDocument(text + rolesComment(text, settings.roles, kind), {
    fileName: options.fileName,
    kind,
    samples: settings.samples,
    seed: settings.seed,
    tolerance: settings.tolerance,
    examples: settings.examples,
  });
  const suppressions = readSuppressions(text, kind);
  const lines = new LineIndex(text);
  const found: Diagnostic[] = [
    ...(options.settingsProblems ?? []).map(settingsDiagnostic),
    ...suppressions.problems.map((p) => ({ code: 'parse-error' as const, severity: DEFAULT_SEVERITY['parse-error'], message: p.message, span: p.span, range: lines.range(p.span), related: [], fixes: [] })),
    ...report.diagnostics,
  ];
  const diagnostics: Diagnostic[] = [];
  for (const diagnostic of found) {
    // Anything inside the appended roles comment is the settings' doing, not the document's.
    if (diagnostic.span.start > text.length || suppressions.covers(diagnostic)) continue;
    const level = settings.severity?.[diagnostic.code];
    if (level === 'off') continue;
    diagnostics.push(level ? { ...diagnostic, severity: level } : diagnostic);
  }
  return { ...report, diagnostics };
}
