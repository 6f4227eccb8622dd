/** Quick fixes and fix-all, translated from the fixes core computed; nothing is recomputed here. */
import { type CodeAction, CodeActionKind, type Range as LspRange, type TextEdit as LspTextEdit, type WorkspaceEdit } from 'vscode-languageserver/node';
import type { Fix, Report, TextEdit } from '../core/report';
import { rangesTouch, toLspDiagnostic, toRange } from './convert';

export const FIX_ALL_KIND = `${CodeActionKind.SourceFixAll}.gradcheck`;

export interface TargetDocument {
  uri: string;
  version: number;
  /** Whether the client applies versioned edits; then a fix for an older text is refused. */
  versionedEdits: boolean;
}

function workspaceEdit(target: TargetDocument, edits: TextEdit[]): WorkspaceEdit {
  const lspEdits: LspTextEdit[] = edits.map((e) => ({ range: toRange(e.range), newText: e.newText }));
  return target.versionedEdits
    ? { documentChanges: [{ textDocument: { uri: target.uri, version: target.version }, edits: lspEdits }] }
    : { changes: { [target.uri]: lspEdits } };
}

/** `only` lists kinds by prefix: asking for `source` includes `source.fixAll.gradcheck`. */
function wanted(kind: string, only: string[] | undefined): boolean {
  return only === undefined || only.some((o) => kind === o || kind.startsWith(`${o}.`));
}

function overlaps(a: TextEdit, b: TextEdit): boolean {
  // Two insertions at one point would apply in an order the user never chose.
  if (a.span.start === a.span.end && b.span.start === b.span.end) return a.span.start === b.span.start;
  return a.span.start < b.span.end && b.span.start < a.span.end;
}

/** Every preferred fix, in document order, skipping any fix that would touch one already taken. */
export function combinePreferredFixes(report: Report): { edits: TextEdit[]; fixes: number } {
  const edits: TextEdit[] = [];
  let fixes = 0;
  for (const diagnostic of report.diagnostics) {
    const fix: Fix | undefined = diagnostic.fixes.find((f) => f.preferred);
    if (!fix || fix.edits.some((e) => edits.some((taken) => overlaps(e, taken)))) continue;
    edits.push(...fix.edits);
    fixes++;
  }
  return { edits: edits.sort((a, b) => a.span.start - b.span.start), fixes };
}

export function codeActionsFor(report: Report, target: TargetDocument, range: LspRange, only: string[] | undefined): CodeAction[] {
  const actions: CodeAction[] = [];
  if (wanted(CodeActionKind.QuickFix, only)) {
    for (const diagnostic of report.diagnostics) {
      if (!rangesTouch(toRange(diagnostic.range), range)) continue;
      const lspDiagnostic = toLspDiagnostic(diagnostic, target.uri);
      for (const fix of diagnostic.fixes) {
        actions.push({
          title: fix.title,
          kind: CodeActionKind.QuickFix,
          diagnostics: [lspDiagnostic],
          isPreferred: fix.preferred,
          edit: workspaceEdit(target, fix.edits),
        });
      }
    }
  }
  if (wanted(FIX_ALL_KIND, only)) {
    const all = combinePreferredFixes(report);
    if (all.fixes > 0) {
      actions.push({
        title: `Fix all gradcheck findings that have a preferred fix (${all.fixes})`,
        kind: FIX_ALL_KIND,
        edit: workspaceEdit(target, all.edits),
      });
    }
  }
  return actions;
}
