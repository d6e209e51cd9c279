/**
 * The one vocabulary for matrix verdicts, used by the CLI table, the Markdown and HTML reports and the app's
 * heat-map: each class has one label and one meaning everywhere; a medium picks only its marks (ASCII, emoji,
 * symbols), never its own words.
 */
import type { VerdictClass } from '../matrix/probe-header.ts';

export const VERDICT_ORDER: readonly VerdictClass[] = [
  'contained',
  'limit-enforced',
  'escaped',
  'limit-bypassed',
  'host-crashed',
  'error',
];

export const VERDICT_WORDS: Readonly<Record<VerdictClass, { readonly label: string; readonly meaning: string }>> = {
  contained: { label: 'contained', meaning: 'no breach seen' },
  'limit-enforced': { label: 'limit held', meaning: 'the attacked limit stopped it' },
  escaped: { label: 'escaped', meaning: 'a canary was reached' },
  'limit-bypassed': { label: 'limit bypassed', meaning: 'it got past the limit' },
  'host-crashed': { label: 'host crashed', meaning: 'the host process died' },
  error: { label: 'error', meaning: 'the cell could not be judged' },
};

/** Short ASCII marks: the CLI table's cells and the heat-map's. */
export const VERDICT_MARKS: Readonly<Record<VerdictClass, string>> = {
  contained: 'ok',
  'limit-enforced': 'lim',
  escaped: 'ESC',
  'limit-bypassed': 'BYP',
  'host-crashed': 'CRASH',
  error: 'err',
};

/** `mark label · mark label …` in the one order. */
export function verdictLegend(marks: Readonly<Record<VerdictClass, string>>): string {
  return VERDICT_ORDER.map((v) => `${marks[v]} ${VERDICT_WORDS[v].label}`).join(' · ');
}
