import type { FindingCode } from '../core/report';
import { repository, version } from '../../package.json';

/** What output formats say about the checker itself. */
export interface ToolInfo {
  name: string;
  version: string;
  informationUri: string;
  /** Where a finding code is explained for people. */
  helpUri: (code: FindingCode) => string;
}

// Each code has a README heading of the same name, so GitHub's heading anchors are stable links.
export const GRADCHECK: ToolInfo = {
  name: 'gradcheck',
  version,
  informationUri: repository.url,
  helpUri: (code) => `${repository.url}/blob/main/README.md#${code}`,
};
