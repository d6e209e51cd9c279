/**
 * The snapshot of the nodejs/security-wg `vuln/core` records shipped in resources/security-wg/core.json
 * (see the README there for its source commit and date): read once, looked up by CVE id.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export interface CoreRecord {
  /** The record's number (`vuln/core/<id>.json`). */
  readonly id: number;
  readonly cve: readonly string[];
  /** semver ranges (electron/common/node-release/semver-range.ts reads them). */
  readonly vulnerable: string;
  readonly patched: string;
  readonly title?: string;
  readonly overview: string;
  readonly reference: string;
}

export interface CoreSnapshot {
  readonly source: {
    readonly repository: string;
    readonly path: string;
    readonly commit: string;
    readonly date: string;
  };
  readonly records: readonly CoreRecord[];
}

export const CORE_RECORDS_FILE = fileURLToPath(new URL('../../resources/security-wg/core.json', import.meta.url));

let cached: CoreSnapshot | undefined;

export function coreSnapshot(): CoreSnapshot {
  return (cached ??= JSON.parse(readFileSync(CORE_RECORDS_FILE, 'utf8')) as CoreSnapshot);
}

/** The record naming a CVE id, or undefined. */
export function coreRecordFor(cve: string): CoreRecord | undefined {
  return coreSnapshot().records.find((r) => r.cve.includes(cve));
}
