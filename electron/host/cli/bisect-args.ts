/** Parsing `workbench bisect …` arguments. Pure, like args.ts, which dispatches here. */
import { releaseParts } from '../../common/node-release/node-version.ts';
import { BISECT_POLICY_NAMES, type BisectPolicy } from '../../common/node-release/bisect.ts';

export const BISECT_USAGE = `  workbench bisect <probe file|probe id> --driver ID [--policy ${BISECT_POLICY_NAMES.join('|')}] [--from VERSION] [--to VERSION] [--json]`;

export const BISECT_HELP = `  \`bisect\` runs one probe on Node releases the registry serves (installed on demand into the per-user cache) and
  finds by binary search the first release where its verdict class changes, printing each release tested. For a
  probe with \`fixed-in\` it searches one release line (that of --from/--to, else the newest fixed line) and says
  whether the release found is the probe's fixed-in and the security-wg record's first patched release.
  --from/--to are exact releases (e.g. 24.12.0); keep the range near the fix to test few releases. --policy
  read-only is hardened with the run folder readable (for the CVEs of writes through read-only descriptors).
  Exits 0 when a change was found where the record says, 1 otherwise, 2 on bad arguments.`;

export interface BisectCommand {
  readonly kind: 'bisect';
  readonly probe: string;
  readonly driver: string;
  readonly policy: BisectPolicy;
  readonly from?: string;
  readonly to?: string;
  readonly json: boolean;
}

type Result = { ok: true; command: BisectCommand } | { ok: false; error: string };

export function parseBisectArgs(rest: readonly string[]): Result {
  let probe: string | undefined;
  let driver: string | undefined;
  let policy: BisectPolicy = 'hardened';
  let from: string | undefined;
  let to: string | undefined;
  let json = false;
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i]!;
    const eq = arg.indexOf('=');
    const [flag, inline] = arg.startsWith('--') && eq > 0 ? [arg.slice(0, eq), arg.slice(eq + 1)] : [arg, undefined];
    const value = (): string => {
      const v = inline ?? rest[++i];
      return v === undefined || (inline === undefined && v.startsWith('--')) ? '' : v;
    };
    if (flag === '--json') {
      if (inline !== undefined) return { ok: false, error: '--json takes no value' };
      json = true;
    } else if (flag === '--driver') {
      driver = value();
      if (!/^[a-z0-9+-]{1,64}$/.test(driver))
        return {
          ok: false,
          error: `--driver needs a driver id (see workbench drivers), got ${JSON.stringify(driver)}`,
        };
    } else if (flag === '--policy') {
      const v = value();
      if (!BISECT_POLICY_NAMES.includes(v as BisectPolicy))
        return {
          ok: false,
          error: `--policy must be one of ${BISECT_POLICY_NAMES.join(', ')}, got ${JSON.stringify(v)}`,
        };
      policy = v as BisectPolicy;
    } else if (flag === '--from' || flag === '--to') {
      const v = value().replace(/^v/, '');
      if (!releaseParts(v) || !/^\d+\.\d+\.\d+$/.test(v))
        return {
          ok: false,
          error: `${flag} needs an exact release like 24.12.0, got ${JSON.stringify(v.slice(0, 40))}`,
        };
      if (flag === '--from') from = v;
      else to = v;
    } else if (arg.startsWith('-') && arg !== '-') return { ok: false, error: `unknown option for bisect: ${arg}` };
    else if (probe !== undefined) return { ok: false, error: `bisect takes one probe, got ${probe} and ${arg}` };
    else probe = arg;
  }
  if (!probe) return { ok: false, error: 'bisect needs a probe (a file, or the id of a shipped probe)' };
  if (!driver) return { ok: false, error: 'bisect needs --driver ID (e.g. --driver process)' };
  return {
    ok: true,
    command: { kind: 'bisect', probe, driver, policy, ...(from ? { from } : {}), ...(to ? { to } : {}), json },
  };
}
