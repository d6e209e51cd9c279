/**
 * Driver ids: `boundary` or `boundary+evaluator` (DESIGN.md §1). Parsing is total: every input either
 * becomes a {@link DriverId} or a message saying what is wrong with it.
 */

export const BOUNDARIES = ['host', 'worker', 'process', 'os-sandbox'] as const;
/**
 * `ses`, `vm2` and `vm2-3.9.17` are the ecosystem's sandboxes (issue 15): SES's lockdown() + Compartment, vm2 at
 * its latest pinned version and at one with published escapes (capabilities-ecosystem.ts says what each claims).
 */
export const EVALUATORS = ['plain', 'vm', 'isolated-vm', 'quickjs', 'ses', 'vm2', 'vm2-3.9.17'] as const;

/** Where the guest lives. */
export type Boundary = (typeof BOUNDARIES)[number];
/** How code is evaluated inside the boundary. */
export type Evaluator = (typeof EVALUATORS)[number];

export interface DriverId {
  readonly boundary: Boundary;
  readonly evaluator: Evaluator;
}

/** Short ids from DESIGN.md §1. */
const ALIASES: Readonly<Record<string, string>> = {
  inline: 'host',
  vm: 'host+vm',
  'isolated-vm': 'host+isolated-vm',
  quickjs: 'host+quickjs',
};

export function parseDriverId(input: string): { ok: true; id: DriverId } | { ok: false; reason: string } {
  const trimmed = input.trim();
  const text = (Object.hasOwn(ALIASES, trimmed) ? ALIASES[trimmed] : undefined) ?? trimmed;
  const [boundary, evaluator = 'plain', ...rest] = text.split('+');
  if (rest.length > 0) return { ok: false, reason: `driver "${input}" has more than one "+"` };
  if (!(BOUNDARIES as readonly string[]).includes(boundary ?? '')) {
    return {
      ok: false,
      reason: `unknown boundary "${boundary}" in driver "${input}" (known: ${BOUNDARIES.join(', ')})`,
    };
  }
  if (!(EVALUATORS as readonly string[]).includes(evaluator)) {
    return {
      ok: false,
      reason: `unknown evaluator "${evaluator}" in driver "${input}" (known: ${EVALUATORS.join(', ')})`,
    };
  }
  return { ok: true, id: { boundary: boundary as Boundary, evaluator: evaluator as Evaluator } };
}

/** Canonical text form: `plain` is left out. */
export function formatDriverId(id: DriverId): string {
  return id.evaluator === 'plain' ? id.boundary : `${id.boundary}+${id.evaluator}`;
}
