/**
 * Settings per document: the editor's `gradcheck.*` settings, then the nearest
 * `.gradcheckrc.json` (a project's file wins over one user's editor), cached until either changes.
 */
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
// Not the config index: that pulls in the checker, which only the worker needs.
import type { SettingsProblem } from '../config/check';
import { loadRcFor, type RcFile } from '../config/rc-file';
import { type GradcheckSettings, mergeSettings, readSettings } from '../config/settings';

export const DEFAULT_LANGUAGES = ['markdown', 'latex', 'tex'];

export interface DocumentSettings {
  enabledLanguages: string[];
  codeLens: boolean;
  check: GradcheckSettings;
  problems: SettingsProblem[];
}

/** Reads the `gradcheck` section as an editor sends it; anything malformed falls back to defaults. */
export function readEditorSettings(section: unknown): DocumentSettings {
  const value = typeof section === 'object' && section !== null ? (section as Record<string, unknown>) : {};
  const languages = value.enabledLanguages;
  const { settings, problems } = readSettings({ samples: value.samples, tolerance: value.tolerance, seed: value.seed, examples: value.examples, severity: value.severity, showUnread: value.showUnread });
  return {
    enabledLanguages: Array.isArray(languages) && languages.every((l) => typeof l === 'string') ? languages : DEFAULT_LANGUAGES,
    codeLens: value.codeLens !== false,
    check: settings,
    problems: problems.map((message) => ({ source: 'gradcheck settings', message })),
  };
}

/** The folder whose rc file applies: a file's folder, or a notebook's for its cells. */
export function directoryOf(uri: string): string | undefined {
  try {
    const url = new URL(uri);
    if (url.protocol !== 'file:' && url.protocol !== 'vscode-notebook-cell:') return undefined;
    url.protocol = 'file:';
    url.hash = '';
    return dirname(fileURLToPath(url));
  } catch {
    return undefined;
  }
}

export class SettingsStore {
  private readonly editor = new Map<string, Promise<DocumentSettings>>();
  private readonly rcFiles = new Map<string, RcFile>();

  /** `fetchSection` asks the editor for the `gradcheck` section as it applies to one document. */
  constructor(private readonly fetchSection: (uri: string) => Promise<unknown>) {}

  async forDocument(uri: string): Promise<DocumentSettings> {
    let editor = this.editor.get(uri);
    if (!editor) {
      editor = this.fetchSection(uri).then(readEditorSettings, () => readEditorSettings(undefined));
      this.editor.set(uri, editor);
    }
    const fromEditor = await editor;
    const rc = this.rcFor(uri);
    return {
      enabledLanguages: fromEditor.enabledLanguages,
      codeLens: fromEditor.codeLens,
      check: mergeSettings(fromEditor.check, rc.settings),
      problems: [...fromEditor.problems, ...rc.problems.map((message) => ({ source: rc.path ?? '.gradcheckrc.json', message }))],
    };
  }

  forgetEditorSettings(): void {
    this.editor.clear();
  }

  forgetRcFiles(): void {
    this.rcFiles.clear();
  }

  forgetDocument(uri: string): void {
    this.editor.delete(uri);
  }

  private rcFor(uri: string): RcFile {
    const directory = directoryOf(uri);
    if (directory === undefined) return { settings: {}, problems: [] };
    let rc = this.rcFiles.get(directory);
    if (!rc) {
      rc = loadRcFor(directory);
      this.rcFiles.set(directory, rc);
    }
    return rc;
  }
}
