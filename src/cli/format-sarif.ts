import { isAbsolute } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Diagnostic, FindingCode, Severity } from '../core/report';
import type { CheckedFile } from './checked-file';
import { RULE_SUMMARIES } from './rules';
import type { ToolInfo } from './tool';

/** The subset of SARIF 2.1.0 that gradcheck writes and GitHub code scanning reads. */
export interface SarifLog {
  $schema: string;
  version: '2.1.0';
  runs: SarifRun[];
}

export interface SarifRun {
  tool: { driver: SarifDriver };
  /** Our columns count UTF-16 code units, as editors do; SARIF must be told which unit it is. */
  columnKind: 'utf16CodeUnits';
  results: SarifResult[];
}

export interface SarifDriver {
  name: string;
  informationUri: string;
  version: string;
  rules: SarifRule[];
}

export interface SarifRule {
  id: FindingCode;
  shortDescription: { text: string };
  helpUri: string;
}

export type SarifLevel = 'error' | 'warning' | 'note';

export interface SarifResult {
  ruleId: FindingCode;
  ruleIndex: number;
  level: SarifLevel;
  message: { text: string };
  locations: SarifLocation[];
}

export interface SarifLocation {
  physicalLocation: {
    artifactLocation: { uri: string };
    region: { startLine: number; startColumn: number; endLine: number; endColumn: number };
  };
}

const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';

const LEVELS: Record<Severity, SarifLevel> = { error: 'error', warning: 'warning', information: 'note', hint: 'note' };

export function toSarifLog(files: readonly CheckedFile[], tool: ToolInfo): SarifLog {
  const rules: SarifRule[] = [];
  const ruleIndex = new Map<FindingCode, number>();
  const indexOfRule = (code: FindingCode): number => {
    let index = ruleIndex.get(code);
    if (index === undefined) {
      index = rules.push({ id: code, shortDescription: { text: RULE_SUMMARIES[code] }, helpUri: tool.helpUri(code) }) - 1;
      ruleIndex.set(code, index);
    }
    return index;
  };
  const results = files.flatMap(({ file, report }) =>
    report.diagnostics.map((diagnostic) => sarifResult(artifactUri(file), diagnostic, indexOfRule(diagnostic.code))));
  return {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [{
      tool: { driver: { name: tool.name, informationUri: tool.informationUri, version: tool.version, rules } },
      columnKind: 'utf16CodeUnits',
      results,
    }],
  };
}

export function formatSarif(files: readonly CheckedFile[], tool: ToolInfo): string {
  return `${JSON.stringify(toSarifLog(files, tool), null, 2)}\n`;
}

function sarifResult(uri: string, diagnostic: Diagnostic, ruleIndex: number): SarifResult {
  const { start, end } = diagnostic.range;
  return {
    ruleId: diagnostic.code,
    ruleIndex,
    level: LEVELS[diagnostic.severity],
    message: { text: diagnostic.message },
    locations: [{
      physicalLocation: {
        artifactLocation: { uri },
        region: { startLine: start.line, startColumn: start.column, endLine: end.line, endColumn: end.column },
      },
    }],
  };
}

/**
 * Code scanning resolves a relative URI against the repository root, so a path given relative to
 * the checkout stays relative (forward slashes, each segment percent-encoded); an absolute path
 * becomes a file: URI, the only absolute form SARIF allows for local files.
 */
export function artifactUri(file: string): string {
  if (isAbsolute(file)) return pathToFileURL(file).href;
  return file.replace(/\\/g, '/').replace(/^(\.\/)+/, '').split('/').map(encodeURIComponent).join('/');
}
