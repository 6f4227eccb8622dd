import type {
  Claim, ClaimStatus, ComputationGraph, Diagnostic, Fix, FindingCode, GraphNode, MathBlockInfo, Range, Report, Severity,
  Span, SymbolRole, TextEdit, UnreadFormula,
} from '../core/report';
import { isArrayOf, isIndex, isOneOf, isRecord, isString } from './guards';

/**
 * Checks that a value has the shape of a Report before anything renders or edits from it: the
 * webview receives it by message and the extension by request, and a version skew between server
 * and client must show as "no report", not as a broken panel or a wrong edit.
 */
export function isReport(value: unknown): value is Report {
  return isRecord(value) && value.version === 1
    && isArrayOf(value.claims, isClaim)
    && isArrayOf(value.diagnostics, isDiagnostic)
    && isArrayOf(value.unread, isUnread)
    && isGraph(value.graph)
    && isArrayOf(value.blocks, isBlock)
    && isIndex(value.examples);
}

const FINDING_CODES: readonly FindingCode[] = [
  'missing-summation', 'sign-error', 'constant-factor', 'missing-path', 'wrong-factor', 'gradient-mismatch',
  'shared-parameter', 'missing-gradient', 'update-sign', 'undefined-symbol', 'parse-error', 'unchecked',
  'shape-mismatch', 'missing-transpose', 'elementwise-vs-matrix', 'index-mismatch', 'unread',
];
const SEVERITIES: readonly Severity[] = ['error', 'warning', 'information', 'hint'];
const STATUSES: readonly ClaimStatus[] = ['verified', 'mismatch', 'unchecked'];
const ROLES: readonly SymbolRole[] = ['data', 'parameter', 'intermediate', 'constant', 'loss'];

function isSpan(value: unknown): value is Span {
  return isRecord(value) && isIndex(value.start) && isIndex(value.end) && value.start <= value.end;
}

function isUnread(value: unknown): value is UnreadFormula {
  return isRecord(value) && isSpan(value.span) && isRange(value.range) && isString(value.reason);
}

function isPosition(value: unknown): boolean {
  return isRecord(value) && isIndex(value.line) && isIndex(value.column);
}

function isRange(value: unknown): value is Range {
  return isRecord(value) && isPosition(value.start) && isPosition(value.end);
}

function isCode(value: unknown): value is FindingCode {
  return isOneOf(value, FINDING_CODES);
}

/** JSON carries NaN and the infinities as null: a claim undefined at the sample point. */
function isSampleValue(value: unknown): boolean {
  return typeof value === 'number' || value === null;
}

function isClaim(value: unknown): value is Claim {
  if (!isRecord(value)) return false;
  const { derivative, sample } = value;
  return isSpan(value.span) && isRange(value.range) && isSpan(value.leftSpan) && isSpan(value.rightSpan)
    && (derivative === undefined || (isRecord(derivative) && isString(derivative.of) && isString(derivative.wrt)))
    && isString(value.left) && isString(value.expression)
    && isOneOf(value.status, STATUSES)
    && isArrayOf(value.codes, isCode)
    && (value.suggestion === undefined || isString(value.suggestion))
    && isString(value.explanation)
    && (sample === undefined || (isRecord(sample) && isSampleValue(sample.reference) && isSampleValue(sample.claimed)))
    && isIndex(value.block);
}

function isEdit(value: unknown): value is TextEdit {
  return isRecord(value) && isSpan(value.span) && isRange(value.range) && isString(value.newText);
}

function isFix(value: unknown): value is Fix {
  return isRecord(value) && isString(value.title) && isArrayOf(value.edits, isEdit) && typeof value.preferred === 'boolean';
}

function isRelated(value: unknown): boolean {
  return isRecord(value) && isSpan(value.span) && isRange(value.range) && isString(value.message);
}

function isDiagnostic(value: unknown): value is Diagnostic {
  return isRecord(value) && isCode(value.code) && isOneOf(value.severity, SEVERITIES) && isString(value.message)
    && isSpan(value.span) && isRange(value.range)
    && Array.isArray(value.related) && value.related.every(isRelated)
    && isArrayOf(value.fixes, isFix)
    && (value.claim === undefined || isIndex(value.claim));
}

function isNode(value: unknown): value is GraphNode {
  return isRecord(value) && isString(value.id) && isString(value.label) && isOneOf(value.role, ROLES)
    && (value.span === undefined || isSpan(value.span));
}

function isGraph(value: unknown): value is ComputationGraph {
  return isRecord(value) && isArrayOf(value.nodes, isNode)
    && Array.isArray(value.edges) && value.edges.every((e) => isRecord(e) && isString(e.from) && isString(e.to));
}

function isBlock(value: unknown): value is MathBlockInfo {
  return isRecord(value) && isSpan(value.span) && isRange(value.range) && typeof value.display === 'boolean';
}
