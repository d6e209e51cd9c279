/**
 * Top-level navigation between the app's pages. Pages are data: add one (History, Lessons…) by adding an
 * entry to the list the app passes in; the current one is marked with aria-current.
 */

export interface NavPage<P extends string> {
  readonly id: P;
  readonly label: string;
  /** Tooltip: what the page is for. */
  readonly hint?: string;
}

export function Nav<P extends string>(props: {
  readonly pages: readonly NavPage<P>[];
  readonly current: P;
  readonly onChange: (page: P) => void;
}) {
  return (
    <nav className="nav" aria-label="Pages">
      {props.pages.map((p) => (
        <button
          key={p.id}
          className={p.id === props.current ? 'current' : undefined}
          aria-current={p.id === props.current ? 'page' : undefined}
          title={p.hint}
          onClick={() => props.onChange(p.id)}
        >
          {p.label}
        </button>
      ))}
    </nav>
  );
}
