/**
 * The "Host runtime" setting in the top bar: which Node starts hosts (a system Node ≥ 24, or Electron's
 * utilityProcess in the desktop app), with the version in use. Choices that cannot be used here are listed,
 * disabled, with the reason — so a newcomer learns why isolated-vm or child guests are missing.
 */
import { useCallback, useEffect, useState } from 'react';
import type { ApiClient } from '../../../../electron/common/api/client.ts';
import type { HostRuntimeInfo, MethodResults } from '../../../../electron/common/api/types.ts';
import { MAX_POOL_SIZE } from '../../../../electron/common/api/contract.ts';

export function HostRuntimeSelect({
  client,
  onChanged,
}: {
  client: ApiClient;
  /** Driver availability depends on the runtime: the caller reloads it. */
  onChanged: () => void;
}) {
  const [info, setInfo] = useState<MethodResults['info'] | undefined>();
  const [error, setError] = useState<string | undefined>();
  const refresh = useCallback(
    () => void client.call('info', {}).then(setInfo, (e: Error) => setError(e.message)),
    [client],
  );
  useEffect(refresh, [refresh]);
  if (!info) return <span className="mute runtime">{error ?? ''}</span>;
  const selected = info.hostRuntimes.find((r) => r.selected);
  const choose = (kind: HostRuntimeInfo['kind']): void => {
    setError(undefined);
    void client.call('setHostRuntime', { kind }).then(
      () => {
        refresh();
        onChanged();
      },
      (e: Error) => setError(e.message),
    );
  };
  const setPool = (size: number): void => {
    if (!Number.isInteger(size) || size < 0 || size > MAX_POOL_SIZE) return;
    setError(undefined);
    void client.call('setPoolSize', { size }).then(refresh, (e: Error) => setError(e.message));
  };
  return (
    <span className="runtime" title={`Hosts run on ${selected?.path ?? 'no runtime'} · ${info.mode} mode`}>
      <label className="mute">
        {/* Its own words only where there is room: the select is named by its aria-label. */}
        <span className="wide-only">Hosts </span>
        <select
          aria-label="Host runtime"
          value={selected?.kind ?? ''}
          onChange={(e) => choose(e.target.value as HostRuntimeInfo['kind'])}
        >
          {info.hostRuntimes.map((r) => (
            <option
              key={r.kind}
              value={r.kind}
              disabled={!r.available}
              title={`${r.label}: ${r.reason ?? r.path ?? ''}`}
            >
              {shortLabel(r)}
            </option>
          ))}
        </select>
      </label>
      <label
        className="mute"
        title="Hosts started ahead of time, so a run skips starting a process. A host serves another run only after an isolated-vm or QuickJS run that reached nothing; any other host is used once."
      >
        {' '}
        warm{' '}
        <input
          aria-label="Warm hosts"
          type="number"
          min={0}
          max={MAX_POOL_SIZE}
          value={info.pool.size}
          onChange={(e) => setPool(Number(e.target.value))}
        />
      </label>
      {selected?.kind === 'electron-utility' && (
        <span className="mute" title="isolated-vm cannot load in Electron's Node; child guests need a Node binary">
          {' '}
          · limited
        </span>
      )}
      {error && (
        <span className="error" role="status">
          {' '}
          {error}
        </span>
      )}
    </span>
  );
}

/** Short enough for the top bar; the full label, path and reason are in the tooltip. */
function shortLabel(r: HostRuntimeInfo): string {
  if (!r.available) return `${r.label} (unavailable)`;
  return r.kind === 'node' ? `Node ${r.version}` : `Electron utility ${r.version}`;
}
