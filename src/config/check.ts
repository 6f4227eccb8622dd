import { checkDocument } from '../core/check';
import type { CheckMemory } from '../core/check/check-memory';
import { DEFAULT_SEVERITY } from '../core/check/finding';
import type { Diagnostic, Report } from '../core/report';
import type { DocumentKind } from '../core/source/extract';
import { LineIndex } from '../core/source/lines';
import type { GradcheckSettings } from './settings';
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
 * suppressions and the severity overrides applied to what the checker found. An editor passes
 * the document's `memory` (see checkDocument).
 */
export function checkWithSettings(text: string, options: ConfiguredCheckOptions, memory?: CheckMemory): Report {
  const { settings, kind } = options;
  const report = checkDocument(text, {
    fileName: options.fileName,
    kind,
    samples: settings.samples,
    seed: settings.seed,
    tolerance: settings.tolerance,
    examples: settings.examples,
    roles: settings.roles,
    showUnread: settings.showUnread,
  }, memory);
  const suppressions = readSuppressions(text, kind);
  const lines = new LineIndex(text);
  const found: Diagnostic[] = [
    ...(options.settingsProblems ?? []).map(settingsDiagnostic),
    ...suppressions.problems.map((p) => ({ code: 'parse-error' as const, severity: DEFAULT_SEVERITY['parse-error'], message: p.message, span: p.span, range: lines.range(p.span), related: [], fixes: [] })),
    ...report.diagnostics,
  ];
  const diagnostics: Diagnostic[] = [];
  for (const diagnostic of found) {
    if (suppressions.covers(diagnostic)) continue;
    const level = settings.severity?.[diagnostic.code];
    if (level === 'off') continue;
    diagnostics.push(level ? { ...diagnostic, severity: level } : diagnostic);
  }
  return { ...report, diagnostics };
}
