/**
 * The probe library by category, with a search over id, title, goal, technique and category. Opening a
 * probe is the app's business (code into the editor, a driver preselected, its explanation shown).
 */
import { useEffect, useMemo, useRef, useState } from 'react';
import type { ProbeListing } from '../../../../electron/common/api/types.ts';
import { PROBE_CATEGORIES } from '../../../../electron/common/matrix/probe-header.ts';

/** The probes per category in the library's category order; empty categories left out. */
export function byCategory<T extends Pick<ProbeListing, 'category'>>(probes: readonly T[]): Array<[string, T[]]> {
  const groups = new Map<string, T[]>(PROBE_CATEGORIES.map((c) => [c, []]));
  for (const p of probes) groups.get(p.category)?.push(p);
  return [...groups].filter(([, list]) => list.length > 0);
}

function matches(p: ProbeListing, words: readonly string[]): boolean {
  const text = `${p.id} ${p.title} ${p.category} ${p.goal} ${p.technique}`.toLowerCase();
  return words.every((w) => text.includes(w));
}

export function ProbeSidebar(props: {
  readonly probes: readonly ProbeListing[];
  readonly openId: string | undefined;
  readonly onOpen: (id: string) => void;
  readonly error?: string;
}) {
  const [query, setQuery] = useState('');
  const list = useRef<HTMLElement>(null);
  // A probe opened from elsewhere (a matrix cell) is scrolled into view — within the list only, so the
  // page itself (and its top bar) stays where it is.
  useEffect(() => {
    const box = list.current;
    const item = box?.querySelector('button.probe.current');
    if (!box || !item) return;
    const boxRect = box.getBoundingClientRect();
    const itemRect = item.getBoundingClientRect();
    const bottom = Math.min(boxRect.bottom, window.innerHeight);
    if (itemRect.top >= boxRect.top && itemRect.bottom <= bottom) return;
    box.scrollTop += itemRect.top - boxRect.top - (bottom - boxRect.top) / 3;
  }, [props.openId]);
  const groups = useMemo(() => {
    const words = query.toLowerCase().split(/\s+/).filter(Boolean);
    return byCategory(props.probes.filter((p) => matches(p, words)));
  }, [props.probes, query]);
  return (
    <section className="sidebar" aria-label="Probes" ref={list}>
      <h2>Probes</h2>
      <input
        type="search"
        aria-label="Search probes"
        placeholder="search probes"
        value={query}
        onChange={(e) => setQuery(e.target.value)}
      />
      {props.error && <p className="error">{props.error}</p>}
      {groups.length === 0 && !props.error && (
        <p className="mute">{props.probes.length === 0 ? 'Loading…' : 'No probe matches.'}</p>
      )}
      {groups.map(([category, list]) => (
        <div key={category} className="probe-group">
          <h3>
            {category} <span className="mute">{list.length}</span>
          </h3>
          <ul>
            {list.map((p) => (
              <li key={p.id}>
                <button
                  className={p.id === props.openId ? 'probe current' : 'probe'}
                  aria-current={p.id === props.openId ? 'true' : undefined}
                  title={`${p.id}\n${p.goal}`}
                  onClick={() => props.onOpen(p.id)}
                >
                  {p.title}
                </button>
              </li>
            ))}
          </ul>
        </div>
      ))}
    </section>
  );
}
