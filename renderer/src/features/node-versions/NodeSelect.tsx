/**
 * Which Node release a run uses. The default (the release hosts run on when a run names none) is labelled as
 * such; a release not installed yet says the first run downloads it. Value '' is the default.
 */
import type { NodeReleases } from '../../../../electron/common/api/types.ts';

export function nodeOptionLabel(r: NodeReleases['releases'][number], downloadMb: number): string {
  if (r.isDefault) return `Node ${r.version} (default)`;
  return r.installed ? `Node ${r.version}` : `Node ${r.version} — downloads ~${downloadMb} MB`;
}

export function NodeSelect(props: {
  readonly label: string;
  readonly releases: NodeReleases | undefined;
  readonly value: string;
  readonly onChange: (version: string) => void;
  readonly disabled?: boolean;
  readonly className?: string;
}) {
  const { releases, value } = props;
  const list = releases?.releases ?? [];
  // A chosen release the list no longer has (another cache, a stored setting) is still shown as chosen.
  const missing = value !== '' && !list.some((r) => r.version === value);
  const offline = releases && !releases.registry.reachable;
  return (
    <select
      aria-label={props.label}
      className={props.className}
      value={value}
      disabled={props.disabled}
      title={
        offline
          ? `Installed releases only: the registry could not be reached (${releases.registry.problem ?? releases.registry.url})`
          : 'The Node release hosts and child guests run on. A release not installed yet is downloaded on first use.'
      }
      onChange={(e) => props.onChange(e.target.value)}
    >
      <option value="">
        {releases?.defaultVersion ? `Node ${releases.defaultVersion} (default)` : 'default Node'}
      </option>
      {list
        .filter((r) => !r.isDefault)
        .map((r) => (
          <option
            key={r.version}
            value={r.version}
            title={r.isolatedVm ? '' : 'isolated-vm has no prebuilt addon for this release: unavailable on it'}
          >
            {nodeOptionLabel(r, releases?.downloadMb ?? 50)}
          </option>
        ))}
      {missing && <option value={value}>Node {value}</option>}
    </select>
  );
}
