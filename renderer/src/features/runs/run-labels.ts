/**
 * What the page calls each shown run: its driver, and where several shown runs share a driver, its number
 * among them in the order they started (`worker #1`, `worker #2`), so cards, charts and CSV files say which is which.
 */
export function runLabels(runs: readonly { readonly id: string; readonly driver: string }[]): Map<string, string> {
  // `runs` is newest first; numbers count from the oldest.
  const oldestFirst = [...runs].reverse();
  const total = new Map<string, number>();
  for (const r of oldestFirst) total.set(r.driver, (total.get(r.driver) ?? 0) + 1);
  const seen = new Map<string, number>();
  const labels = new Map<string, string>();
  for (const r of oldestFirst) {
    const n = (seen.get(r.driver) ?? 0) + 1;
    seen.set(r.driver, n);
    labels.set(r.id, total.get(r.driver)! > 1 ? `${r.driver} #${n}` : r.driver);
  }
  return labels;
}
