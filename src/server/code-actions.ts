/** Quick fixes and fix-all, translated from the fixes core computed; nothing is recomputed here. */
import { type CodeAction, CodeActionKind, type Range as LspRange, type TextEdit as LspTextEdit, type WorkspaceEdit } from 'vscode-languageserver/node';
import type { Fix, Report, TextEdit } from '../core/report';
import { rangesTouch, toLspDiagnostic } from './convert';
import type { Placement } from './placement';

export const FIX_ALL_KIND = `${CodeActionKind.SourceFixAll}.gradcheck`;

export interface ActionTarget {
  /** The document the request is about: a text document, or one cell of a notebook. */
  uri: string;
  /** Where the report's spans are shown; a fix may edit other cells of the same notebook. */
  placement: Placement;
  /** Whether the client applies versioned edits; then a fix for an older text is refused. */
  versionedEdits: boolean;
}

function workspaceEdit(target: ActionTarget, edits: TextEdit[]): WorkspaceEdit {
  const byDocument = new Map<string, LspTextEdit[]>();
  for (const edit of edits) {
    const { uri, range } = target.placement.locate(edit.span, edit.range);
    byDocument.set(uri, [...(byDocument.get(uri) ?? []), { range, newText: edit.newText }]);
  }
  if (!target.versionedEdits) return { changes: Object.fromEntries(byDocument) };
  return {
    documentChanges: [...byDocument].map(([uri, lspEdits]) => ({ textDocument: { uri, version: target.placement.versionOf(uri) ?? null }, edits: lspEdits })),
  };
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

export function codeActionsFor(report: Report, target: ActionTarget, range: LspRange, only: string[] | undefined): CodeAction[] {
  const actions: CodeAction[] = [];
  if (wanted(CodeActionKind.QuickFix, only)) {
    for (const diagnostic of report.diagnostics) {
      const shown = target.placement.locate(diagnostic.span, diagnostic.range);
      if (shown.uri !== target.uri || !rangesTouch(shown.range, range)) continue;
      const lspDiagnostic = toLspDiagnostic(diagnostic, target.placement);
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
