/**
 * The one result type every front end (CLI, language server, webview) consumes.
 * Offsets are UTF-16 offsets into the checked text; lines and columns are 1-based.
 */

export type Severity = 'error' | 'warning' | 'information' | 'hint';

/** Stable identifiers of findings (DESIGN.md section 4). Messages may change; codes do not. */
export type FindingCode =
  | 'missing-summation'
  | 'sign-error'
  | 'constant-factor'
  | 'missing-path'
  | 'wrong-factor'
  | 'gradient-mismatch'
  | 'shared-parameter'
  | 'missing-gradient'
  | 'update-sign'
  | 'undefined-symbol'
  | 'parse-error'
  | 'unchecked'
  | 'shape-mismatch'
  | 'missing-transpose'
  | 'elementwise-vs-matrix'
  | 'index-mismatch'
  | 'unread';

export interface Span {
  start: number;
  end: number;
}

export interface Position {
  line: number;
  column: number;
}

export interface Range {
  start: Position;
  end: Position;
}

export interface TextEdit {
  span: Span;
  range: Range;
  newText: string;
}

export interface Fix {
  title: string;
  edits: TextEdit[];
  /** The fix a user most likely wants; editors mark it preferred. */
  preferred: boolean;
}

export interface RelatedLocation {
  span: Span;
  range: Range;
  message: string;
}

export interface Diagnostic {
  code: FindingCode;
  severity: Severity;
  message: string;
  span: Span;
  range: Range;
  related: RelatedLocation[];
  fixes: Fix[];
  /** Index into Report.claims when the finding is about one claim. */
  claim?: number;
}

export type ClaimStatus = 'verified' | 'mismatch' | 'unchecked';

/** Reference and claimed values at the first sample point (first example when per example). */
export interface SampleComparison {
  reference: number;
  claimed: number;
}

export interface Claim {
  /** Where the left side starts (the claim's anchor) to where the right side ends. */
  span: Span;
  range: Range;
  leftSpan: Span;
  rightSpan: Span;
  /** Present when the left side is a derivative; names as written, braces dropped. */
  derivative?: { of: string; wrt: string };
  /** The left side and the claimed right side, as written. */
  left: string;
  expression: string;
  status: ClaimStatus;
  codes: FindingCode[];
  /** A corrected right side, LaTeX in the author's notation. */
  suggestion?: string;
  /** Conditions the check assumed, in words (targets sampled one-hot); absent when none. */
  conditions?: string[];
  /** One sentence for people: why the claim holds or fails. */
  explanation: string;
  sample?: SampleComparison;
  /** Index of the math block the claim is in. */
  block: number;
}

export type SymbolRole = 'data' | 'parameter' | 'intermediate' | 'constant' | 'loss';

export interface GraphNode {
  id: string;
  label: string;
  role: SymbolRole;
  span?: Span;
}

export interface GraphEdge {
  from: string;
  to: string;
}

export interface ComputationGraph {
  nodes: GraphNode[];
  edges: GraphEdge[];
}

export interface MathBlockInfo {
  span: Span;
  range: Range;
  display: boolean;
}

/** A formula gradcheck did not read although it is valid LaTeX; the reason is for people. */
export interface UnreadFormula {
  span: Span;
  range: Range;
  reason: string;
}

export interface Report {
  version: 1;
  claims: Claim[];
  diagnostics: Diagnostic[];
  /** Valid LaTeX not read (not a derivation, or notation gradcheck does not know): counted, not flagged. */
  unread: UnreadFormula[];
  graph: ComputationGraph;
  blocks: MathBlockInfo[];
  /** Number of examples the loss ranges over (1 when the loss is a single example's). */
  examples: number;
}
