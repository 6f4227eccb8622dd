/** Settings and inline suppressions shared by the CLI and the language server; no editor API. */
export { checkWithSettings, type ConfiguredCheckOptions, type SettingsProblem } from './check';
export { findRcFile, loadRcFor, RC_FILE_NAME, type RcFile, readRcFile } from './rc-file';
export { FINDING_CODES, type GradcheckSettings, mergeSettings, readSettings, type RoleSettings, type SeverityLevel } from './settings';
export { readSuppressions, type Suppressions } from './suppressions';
