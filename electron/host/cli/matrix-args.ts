/** Parsing `workbench matrix …` arguments. Pure, like args.ts, which dispatches here. */
import { MATRIX_MAX_REPEAT } from '../../common/matrix/repetitions.ts';
import type { HardeningFlag } from '../../common/run/run-spec.ts';
import { parseHardening } from './hardening-args.ts';
import { parseNodeSpec } from '../../common/node-release/node-version.ts';

export const MATRIX_USAGE = `  workbench matrix [--probes DIR] [--drivers ID,ID...] [--policy default|hardened] [--harden FLAG,...]
                   [--format table|json|md|html] [--out FILE] [--concurrency N] [--repeat N] [--strict]
                   [--node VERSION,VERSION...]`;

export const MATRIX_FORMATS = ['table', 'json', 'md', 'html'] as const;

export interface MatrixCommand {
  readonly kind: 'matrix';
  readonly probesDir?: string;
  readonly drivers?: readonly string[];
  /** Node releases (specs: `22`, `22.12.0`): one column group per release. */
  readonly nodes?: readonly string[];
  readonly policy: 'default' | 'hardened';
  /** Node's hardening flags added to every cell's policy. */
  readonly hardening?: readonly HardeningFlag[];
  readonly format: (typeof MATRIX_FORMATS)[number];
  readonly out?: string;
  readonly concurrency?: number;
  /** Runs per cell, 1–5. */
  readonly repeat: number;
  readonly strict: boolean;
}

export function parseMatrixArgs(
  rest: readonly string[],
): { ok: true; command: MatrixCommand } | { ok: false; error: string } {
  const c: { -readonly [K in keyof MatrixCommand]: MatrixCommand[K] } = {
    kind: 'matrix',
    policy: 'default',
    format: 'table',
    repeat: 1,
    strict: false,
  };
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i]!;
    const eq = arg.startsWith('--') ? arg.indexOf('=') : -1;
    const flag = eq > 0 ? arg.slice(0, eq) : arg;
    const inline = eq > 0 ? arg.slice(eq + 1) : undefined;
    const value = (): string | undefined => {
      const v = inline ?? rest[++i];
      return v === undefined || (inline === undefined && v.startsWith('--')) ? undefined : v;
    };
    if (flag === '--strict') {
      if (inline !== undefined) return { ok: false, error: '--strict takes no value' };
      c.strict = true;
      continue;
    }
    if (
      ![
        '--probes',
        '--drivers',
        '--policy',
        '--harden',
        '--format',
        '--out',
        '--concurrency',
        '--repeat',
        '--node',
      ].includes(flag)
    ) {
      return { ok: false, error: `unknown option for matrix: ${arg}` };
    }
    const v = value();
    if (v === undefined || v === '') return { ok: false, error: `${flag} needs a value` };
    switch (flag) {
      case '--probes':
        c.probesDir = v;
        break;
      case '--drivers':
        // Each driver once: `--drivers worker,worker` is one column.
        c.drivers = [
          ...new Set(
            v
              .split(',')
              .map((s) => s.trim())
              .filter(Boolean),
          ),
        ];
        if (c.drivers.length === 0) return { ok: false, error: '--drivers needs at least one driver id' };
        break;
      case '--policy':
        if (v !== 'default' && v !== 'hardened')
          return { ok: false, error: `--policy must be default or hardened, got "${v}"` };
        c.policy = v;
        break;
      case '--harden': {
        const flags = parseHardening(v);
        if (typeof flags === 'string') return { ok: false, error: flags };
        c.hardening = [...new Set([...(c.hardening ?? []), ...flags])];
        break;
      }
      case '--format':
        if (!(MATRIX_FORMATS as readonly string[]).includes(v))
          return { ok: false, error: `--format must be one of ${MATRIX_FORMATS.join(', ')}` };
        c.format = v as MatrixCommand['format'];
        break;
      case '--out':
        c.out = v;
        break;
      case '--node': {
        const specs = [
          ...new Set(
            v
              .split(',')
              .map((s) => s.trim())
              .filter(Boolean),
          ),
        ];
        for (const spec of specs) {
          const parsed = parseNodeSpec(spec);
          if (typeof parsed === 'string') return { ok: false, error: `--node: ${parsed}` };
        }
        if (specs.length === 0) return { ok: false, error: '--node needs at least one version' };
        c.nodes = specs;
        break;
      }
      case '--concurrency': {
        const n = Number(v);
        if (!/^\d+$/.test(v) || n < 1 || n > 32)
          return { ok: false, error: `--concurrency needs a whole number from 1 to 32, got "${v}"` };
        c.concurrency = n;
        break;
      }
      case '--repeat': {
        const n = Number(v);
        if (!/^\d+$/.test(v) || n < 1 || n > MATRIX_MAX_REPEAT)
          return { ok: false, error: `--repeat needs a whole number from 1 to ${MATRIX_MAX_REPEAT}, got "${v}"` };
        c.repeat = n;
        break;
      }
    }
  }
  return { ok: true, command: c };
}
