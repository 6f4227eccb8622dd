/** Settings and inline suppressions shared by the CLI and the language server; no editor API. */
export { checkWithSettings, type ConfiguredCheckOptions, type SettingsProblem } from './check';
export { findRcFile, loadRcFor, readRcFile } from './rc-file';
export { NO_RC_FILE, parseRcText, RC_FILE_NAME, type RcFile } from './rc-text';
export { FINDING_CODES, type GradcheckSettings, mergeSettings, readSettings, type RoleSettings, type SeverityLevel } from './settings';
export { readSuppressions, type Suppressions } from './suppressions';
