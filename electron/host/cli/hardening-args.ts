/** Parsing `--harden` (run and matrix). Pure. */
import { HARDENING_FLAGS, type HardeningFlag } from '../../common/run/run-spec.ts';

/**
 * `--harden frozen-intrinsics,disable-proto=delete`: Node's hardening flags for the guest's Node, without their
 * leading dashes; `all` = frozen-intrinsics, disallow-code-generation-from-strings and disable-proto=throw.
 */
export function parseHardening(text: string): HardeningFlag[] | string {
  const out: HardeningFlag[] = [];
  for (const raw of text
    .split(',')
    .map((s) => s.trim().replace(/^--/, ''))
    .filter(Boolean)) {
    if (raw === 'all') out.push('frozen-intrinsics', 'disallow-code-generation-from-strings', 'disable-proto=throw');
    else if ((HARDENING_FLAGS as readonly string[]).includes(raw)) out.push(raw as HardeningFlag);
    else return `--harden: unknown flag "${raw}" (known: ${HARDENING_FLAGS.join(', ')}, all)`;
  }
  return out.length > 0 ? out : '--harden needs at least one flag';
}
