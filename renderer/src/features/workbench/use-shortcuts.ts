/**
 * The Workbench page's keyboard shortcuts, anywhere in the window: Ctrl/Cmd+Enter runs, Ctrl/Cmd+. stops the
 * newest running run (the editor has the same two, so they work while it has the focus too).
 */
import { useEffect } from 'react';

export function useShortcuts(actions: { readonly run: () => void; readonly stop: () => void }): void {
  const { run, stop } = actions;
  useEffect(() => {
    const onKey = (e: KeyboardEvent): void => {
      if (!(e.ctrlKey || e.metaKey)) return;
      if (e.key === 'Enter') {
        e.preventDefault();
        run();
      } else if (e.key === '.') {
        e.preventDefault();
        stop();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [run, stop]);
}
