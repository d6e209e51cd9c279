/**
 * The desktop app's Run menu (Run, Stop, Compare with their accelerators) arrives as `menuCommand` events;
 * in the browser the same shortcuts are handled by the page's own key handler.
 */
import { useEffect, useRef } from 'react';
import type { ApiClient } from '../../../../electron/common/api/client.ts';
import type { MenuCommand } from '../../../../electron/common/api/types.ts';

export function useMenuCommands(client: ApiClient, actions: Record<MenuCommand, () => void>): void {
  // The latest actions, without resubscribing every render.
  const latest = useRef(actions);
  useEffect(() => {
    latest.current = actions;
  });
  useEffect(() => client.subscribe('menuCommand', ({ command }) => latest.current[command]?.()), [client]);
}
