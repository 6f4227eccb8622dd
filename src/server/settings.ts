/**
 * Settings per document: the editor's `gradcheck.*` settings, then the nearest
 * `.gradcheckrc.json` (a project's file wins over one user's editor), cached until either changes.
 */
// Not the config index: that pulls in the checker, which only the worker needs.
import type { SettingsProblem } from '../config/check';
import { NO_RC_FILE, type RcFile } from '../config/rc-text';
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

/** Where rc files come from: the disk in Node, the editor's file system in the browser. */
export interface RcFiles {
  /** The folder whose rc file applies to a document; undefined when none can (an untitled document). */
  folderOf(uri: string): string | undefined;
  /** The nearest rc file in `folder` or above it; never rejects. */
  load(folder: string): Promise<RcFile>;
}

export class SettingsStore {
  private readonly editor = new Map<string, Promise<DocumentSettings>>();
  private readonly rcFiles = new Map<string, Promise<RcFile>>();

  /** `fetchSection` asks the editor for the `gradcheck` section as it applies to one document. */
  constructor(private readonly fetchSection: (uri: string) => Promise<unknown>, private readonly rcSource: RcFiles) {}

  async forDocument(uri: string): Promise<DocumentSettings> {
    let editor = this.editor.get(uri);
    if (!editor) {
      editor = this.fetchSection(uri).then(readEditorSettings, () => readEditorSettings(undefined));
      this.editor.set(uri, editor);
    }
    const [fromEditor, rc] = await Promise.all([editor, this.rcFor(uri)]);
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

  private rcFor(uri: string): Promise<RcFile> {
    const folder = this.rcSource.folderOf(uri);
    if (folder === undefined) return Promise.resolve(NO_RC_FILE);
    let rc = this.rcFiles.get(folder);
    if (!rc) {
      rc = this.rcSource.load(folder).catch(() => NO_RC_FILE);
      this.rcFiles.set(folder, rc);
    }
    return rc;
  }
}
