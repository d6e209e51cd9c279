/**
 * The policy of DESIGN.md §1 turned into what a Node process understands: Permission Model flags and the
 * environment the guest process starts with. Pure, so the exact command line a guest gets is testable and
 * can be shown to the user.
 */
import { JAIL_PLACEHOLDERS, type Policy } from './run-spec.ts';
import type { NodeFeatures } from '../node-release/node-features.ts';

/** Replace the jail placeholders (`$JAIL`, `${JAIL}`, `<jail>`) at the start of a path. */
export function expandJail(path: string, jailDir: string): string {
  for (const p of JAIL_PLACEHOLDERS) {
    if (path === p) return jailDir;
    if (path.startsWith(`${p}/`) || path.startsWith(`${p}\\`)) return jailDir + path.slice(p.length);
  }
  return path;
}

/**
 * Permission Model flags for a guest process. `bootstrapFiles` are the workbench's own guest bootstrap
 * modules, which the process must read to start; they are granted read access file by file (they hold no
 * secrets, but a guest can read them, and `workbench drivers` says so). `node`: the release the process runs
 * (node-features.ts); its own spelling of the flag, and only the `--allow-*` flags it has (an unknown flag
 * would stop Node from starting). Without it, the current spelling and every flag but `--allow-net`.
 */
export function permissionFlags(
  policy: Policy,
  jailDir: string,
  bootstrapFiles: readonly string[],
  node?: NodeFeatures,
): string[] {
  if (!policy.permission) return [];
  if (node && !node.permissionFlag) return [];
  const flags: string[] = [node?.permissionFlag ?? '--permission'];
  const read = [...policy.fsRead.map((x) => expandJail(x, jailDir)), ...bootstrapFiles];
  const write = policy.fsWrite.map((x) => expandJail(x, jailDir));
  if (node && !node.fsFlagPerPath) {
    // One list per flag on these releases (node-features.ts); a repeated flag would keep only its last path.
    if (read.length) flags.push(`--allow-fs-read=${read.join(',')}`);
    if (write.length) flags.push(`--allow-fs-write=${write.join(',')}`);
  } else {
    for (const p of read) flags.push(`--allow-fs-read=${p}`);
    for (const p of write) flags.push(`--allow-fs-write=${p}`);
  }
  if (policy.childProcess) flags.push('--allow-child-process');
  if (policy.worker) flags.push('--allow-worker');
  if (policy.addons && (node?.allowAddons ?? true)) flags.push('--allow-addons');
  if (policy.wasi && (node?.allowWasi ?? true)) flags.push('--allow-wasi');
  if (policy.network && node?.allowNet) flags.push('--allow-net');
  return flags;
}

/**
 * What a policy means on a release that lacks part of the Permission Model, in one line each (empty when the
 * release has all of what the policy uses). Shown in the run's notes: never a silent difference.
 */
export function policyNotes(policy: Policy, node: NodeFeatures): string[] {
  if (!policy.permission) return [];
  const v = `Node ${node.version}`;
  if (!node.permissionFlag) return [`${v} has no Permission Model: the policy's permission flags are not applied`];
  const notes: string[] = [];
  if (node.permissionFlag === '--experimental-permission')
    notes.push(`${v} spells the Permission Model --experimental-permission (--permission came in 22.13.0 and 23.5.0)`);
  if (!node.allowAddons)
    notes.push(
      `${v} has no --allow-addons (20.12.0, 21.6.0): native addons stay denied under its Permission Model${policy.addons ? ', whatever the policy asks' : ''}`,
    );
  if (!node.allowWasi)
    notes.push(`${v} has no --allow-wasi (20.16.0, 22.3.0): its Permission Model does not restrict WASI`);
  if (node.allowNet && !policy.network)
    notes.push(`${v}'s Permission Model denies the network too (--allow-net, from 25.0.0): not allowed by this policy`);
  return notes;
}

/**
 * Node's hardening flags of the policy, as command-line options (`--frozen-intrinsics`…). Which drivers may
 * take which was checked when the run was accepted (run-request.ts); a Worker takes them in its execArgv.
 */
export function hardeningFlags(policy: Policy): string[] {
  return (policy.hardening ?? []).map((flag) => `--${flag}`);
}

/** The environment a guest process or thread starts with: everything (Node's default) or the allow-list. */
export function guestEnvironment(
  policy: Policy,
  hostEnv: Readonly<Record<string, string | undefined>>,
): Record<string, string> {
  const out: Record<string, string> = {};
  const names = policy.env.mode === 'inherit' ? Object.keys(hostEnv) : policy.env.names;
  for (const name of names) {
    const value = hostEnv[name];
    if (value !== undefined) out[name] = value;
  }
  return out;
}
