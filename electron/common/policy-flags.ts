/**
 * The policy of DESIGN.md §1 turned into what a Node process understands: Permission Model flags and the
 * environment the guest process starts with. Pure, so the exact command line a guest gets is testable and
 * can be shown to the user.
 */
import { JAIL_PLACEHOLDERS, type Policy } from './run-spec.ts';

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
 * secrets, but a guest can read them, and `workbench drivers` says so).
 */
export function permissionFlags(policy: Policy, jailDir: string, bootstrapFiles: readonly string[]): string[] {
  if (!policy.permission) return [];
  const flags = ['--permission'];
  for (const p of [...policy.fsRead.map((x) => expandJail(x, jailDir)), ...bootstrapFiles])
    flags.push(`--allow-fs-read=${p}`);
  for (const p of policy.fsWrite.map((x) => expandJail(x, jailDir))) flags.push(`--allow-fs-write=${p}`);
  if (policy.childProcess) flags.push('--allow-child-process');
  if (policy.worker) flags.push('--allow-worker');
  if (policy.addons) flags.push('--allow-addons');
  if (policy.wasi) flags.push('--allow-wasi');
  return flags;
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
