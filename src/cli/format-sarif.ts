import { isAbsolute } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Diagnostic, FindingCode, Severity } from '../core/report';
import type { CheckedFile } from './checked-file';
import { type Place, placeOf } from './places';
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
  /** Present when a notebook has results: the notebook, and each cell with results nested in it. */
  artifacts?: SarifArtifact[];
  results: SarifResult[];
}

export interface SarifArtifact {
  location: { uri: string };
  /** Index of the artifact this one lies in (a notebook cell's notebook). */
  parentIndex?: number;
  mimeType?: string;
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
    /** `index` points into the run's artifacts; given for a notebook cell only. */
    artifactLocation: { uri: string; index?: number };
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
  const artifacts = new NotebookArtifacts();
  const results = files.flatMap((checked) => checked.report.diagnostics.map((diagnostic) => {
    const place = placeOf(checked, diagnostic.span, diagnostic.range);
    const location = place.cell === undefined ? { uri: artifactUri(checked.file) } : artifacts.cell(artifactUri(checked.file), place.cell);
    return sarifResult(location, place, diagnostic, indexOfRule(diagnostic.code));
  }));
  return {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [{
      tool: { driver: { name: tool.name, informationUri: tool.informationUri, version: tool.version, rules } },
      columnKind: 'utf16CodeUnits',
      ...(artifacts.list.length > 0 && { artifacts: artifacts.list }),
      results,
    }],
  };
}

/**
 * A notebook cell as a SARIF artifact nested in its notebook (parentIndex): its URI is the
 * notebook's with an RFC 6901 JSON Pointer to the cell's source as fragment
 * (`nb.ipynb#/cells/2/source`, 0-based as JSON Pointers are), and regions count lines and columns
 * of the cell's text, as Jupyter shows it, not of the notebook's JSON.
 */
class NotebookArtifacts {
  readonly list: SarifArtifact[] = [];
  private readonly indices = new Map<string, number>();

  cell(notebookUri: string, cell: number): { uri: string; index: number } {
    const parentIndex = this.indexOf(notebookUri, { location: { uri: notebookUri }, mimeType: 'application/x-ipynb+json' });
    const uri = `${notebookUri}#/cells/${cell - 1}/source`;
    return { uri, index: this.indexOf(uri, { location: { uri }, parentIndex, mimeType: 'text/markdown' }) };
  }

  private indexOf(uri: string, artifact: SarifArtifact): number {
    let index = this.indices.get(uri);
    if (index === undefined) {
      index = this.list.push(artifact) - 1;
      this.indices.set(uri, index);
    }
    return index;
  }
}

export function formatSarif(files: readonly CheckedFile[], tool: ToolInfo): string {
  return `${JSON.stringify(toSarifLog(files, tool), null, 2)}\n`;
}

function sarifResult(artifactLocation: { uri: string; index?: number }, place: Place, diagnostic: Diagnostic, ruleIndex: number): SarifResult {
  const { start, end } = place;
  return {
    ruleId: diagnostic.code,
    ruleIndex,
    level: LEVELS[diagnostic.severity],
    message: { text: diagnostic.message },
    locations: [{
      physicalLocation: {
        artifactLocation,
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
