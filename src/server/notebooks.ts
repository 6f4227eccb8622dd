/**
 * Open Jupyter notebooks, seen as one derivation each: their Markdown cells in order (LSP 3.17
 * notebook sync). A snapshot fixes the cells' texts when it is taken, so a report, its placement
 * and the versions its edits are for always belong together.
 */
import { NotebookCellKind, type NotebookDocuments } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { type CellSnapshot, NotebookPlacement } from './placement';

/** The notebooks the server asks the client to sync: Jupyter's, with their Markdown cells. */
export const NOTEBOOK_SELECTOR = [{ notebook: { notebookType: 'jupyter-notebook' }, cells: [{ language: 'markdown' }] }];

export interface NotebookSnapshot {
  uri: string;
  /** Goes up with every change to the notebook or any of its cells, as a document's version does. */
  version: number;
  cells: CellSnapshot[];
  placement: NotebookPlacement;
}

export class NotebookStore {
  /** The revision of each open notebook; one counter for all, so a reopened notebook never reuses one. */
  private readonly revisions = new Map<string, number>();
  private readonly snapshots = new Map<string, NotebookSnapshot>();
  private nextRevision = 1;

  constructor(private readonly notebooks: NotebookDocuments<TextDocument>) {}

  /** The notebook (or one of its cells) changed: later snapshots read it again. */
  changed(uri: string): void {
    this.revisions.set(uri, this.nextRevision++);
    this.snapshots.delete(uri);
  }

  closed(uri: string): void {
    this.revisions.delete(uri);
    this.snapshots.delete(uri);
  }

  /** The notebook a cell belongs to, when the cell came through notebook sync. */
  notebookOf(cellUri: string): string | undefined {
    const uri = this.notebooks.findNotebookDocumentForCell(cellUri)?.uri;
    return uri !== undefined && this.revisions.has(uri) ? uri : undefined;
  }

  get(uri: string): NotebookSnapshot | undefined {
    const version = this.revisions.get(uri);
    const notebook = this.notebooks.getNotebookDocument(uri);
    if (version === undefined || !notebook) return undefined;
    const known = this.snapshots.get(uri);
    if (known) return known;
    const cells: CellSnapshot[] = [];
    for (const cell of notebook.cells) {
      const document = this.notebooks.getCellTextDocument(cell);
      // A client may sync more cells than the selector names; only Markdown is a derivation.
      if (cell.kind !== NotebookCellKind.Markup || document?.languageId !== 'markdown') continue;
      cells.push({ uri: document.uri, version: document.version, text: document.getText() });
    }
    const snapshot = { uri, version, cells, placement: new NotebookPlacement(cells) };
    this.snapshots.set(uri, snapshot);
    return snapshot;
  }

  all(): NotebookSnapshot[] {
    return [...this.revisions.keys()].flatMap((uri) => this.get(uri) ?? []);
  }
}
