/**
 * The Node releases a run can choose (listNodeReleases), and the installs under way (`nodeInstall` events):
 * a first use of a release downloads it, and the app shows how far instead of waiting silently.
 */
import { useCallback, useEffect, useState } from 'react';
import type { ApiClient } from '../../../../electron/common/api/client.ts';
import type { EventPayloads, NodeReleases } from '../../../../electron/common/api/types.ts';

export type NodeInstall = EventPayloads['nodeInstall'];

export interface NodeReleasesState {
  /** Absent until the first answer. */
  readonly releases?: NodeReleases;
  readonly error?: string;
  /** Installs going on, by the spec asked for; a finished one leaves (a failed one is said by the caller's error). */
  readonly installs: readonly NodeInstall[];
}

export function useNodeReleases(client: ApiClient): NodeReleasesState {
  const [releases, setReleases] = useState<NodeReleases | undefined>();
  const [error, setError] = useState<string | undefined>();
  const [installs, setInstalls] = useState<ReadonlyMap<string, NodeInstall>>(new Map());
  const reload = useCallback(
    () =>
      void client.call('listNodeReleases', {}).then(
        (r) => {
          setReleases(r);
          setError(undefined);
        },
        (e: Error) => setError(e.message),
      ),
    [client],
  );
  useEffect(reload, [reload]);
  useEffect(
    () =>
      client.subscribe('nodeInstall', (event) => {
        setInstalls((current) => {
          const next = new Map(current);
          if (event.phase === 'done' || event.phase === 'failed') next.delete(event.spec);
          else next.set(event.spec, event);
          return next;
        });
        // A release just installed is offered as installed from now on.
        if (event.phase === 'done') reload();
      }),
    [client, reload],
  );
  return { ...(releases ? { releases } : {}), ...(error ? { error } : {}), installs: [...installs.values()] };
}

const MB = 1024 * 1024;

/** One line for an install under way: `Downloading Node 22.23.5: 12.3 of 48.0 MB`. */
export function installText(i: NodeInstall): string {
  const name = `Node ${i.version ?? i.spec}`;
  switch (i.phase) {
    case 'metadata':
      return `Installing ${name}: asking the registry`;
    case 'download': {
      const got = ((i.receivedBytes ?? 0) / MB).toFixed(1);
      return `Downloading ${name}: ${got}${i.totalBytes ? ` of ${(i.totalBytes / MB).toFixed(1)}` : ''} MB`;
    }
    case 'verify':
      return `Installing ${name}: checking its sha512 integrity`;
    case 'extract':
      return `Installing ${name}: unpacking`;
    case 'check':
      return `Installing ${name}: checking that it runs`;
    default:
      return `${name}: ${i.phase}`;
  }
}
