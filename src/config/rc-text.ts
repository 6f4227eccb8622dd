/** A `.gradcheckrc.json` from its text, wherever the text was read (a disk, an editor's file system). */
import { type GradcheckSettings, readSettings } from './settings';

export const RC_FILE_NAME = '.gradcheckrc.json';

export interface RcFile {
  /** Where the file was read (a path or a URI), absent when none was found. */
  path?: string;
  settings: GradcheckSettings;
  problems: string[];
}

export const NO_RC_FILE: RcFile = { settings: {}, problems: [] };

/** Invalid JSON becomes a problem, never an exception. */
export function parseRcText(path: string, text: string): RcFile {
  let json: unknown;
  try {
    json = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    return { path, settings: {}, problems: [`cannot read: ${error instanceof Error ? error.message : String(error)}`] };
  }
  const { settings, problems } = readSettings(json);
  return { path, settings, problems };
}
