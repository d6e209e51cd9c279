/**
 * The Blast radius page's chart rows: one row per reading time, one column per member (n1…, culprit, and
 * `process` under worker), CPU in % of one core and memory in MB. A member with no value at a time (gone, or
 * a first CPU reading) has no key there, so its line ends where it ended instead of dropping to zero.
 */
import type { BlastSample } from '../../../../electron/common/blast/blast.ts';

export type BlastRow = { readonly t: number } & Readonly<Record<string, number>>;

/** Points kept per experiment: its observation lasts seconds, readings come every SAMPLE_MS (100 ms). */
export const MAX_BLAST_SAMPLES = 2000;

export function blastRows(samples: readonly BlastSample[], measure: 'cpu' | 'memory'): BlastRow[] {
  const rows = new Map<number, Record<string, number>>();
  for (const s of samples) {
    const value = measure === 'cpu' ? s.cpuPercent : s.rssBytes === undefined ? undefined : s.rssBytes / 2 ** 20;
    if (value === undefined) continue;
    let row = rows.get(s.atMs);
    if (!row) rows.set(s.atMs, (row = { t: s.atMs / 1000 }));
    row[s.id] = Math.round(value * 10) / 10;
  }
  return [...rows.values()].sort((a, b) => a.t! - b.t!) as BlastRow[];
}

/** The members that have a value for `measure`, in a stable order: neighbours, then the culprit, then process. */
export function blastMembers(samples: readonly BlastSample[], measure: 'cpu' | 'memory'): string[] {
  const ids = new Set<string>();
  for (const s of samples) if ((measure === 'cpu' ? s.cpuPercent : s.rssBytes) !== undefined) ids.add(s.id);
  const rank = (id: string): number => (id === 'culprit' ? 100 : id === 'process' ? 101 : Number(id.slice(1)));
  return [...ids].sort((a, b) => rank(a) - rank(b));
}
