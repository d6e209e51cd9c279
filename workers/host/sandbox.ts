/**
 * The `os-sandbox` boundary: the same child Node as `process`, started inside the operating system's
 * sandbox — bubblewrap on Linux, sandbox-exec on macOS (generated profile, untested here), nothing on
 * Windows. Returns how to wrap the child's command line, or why there is no sandbox.
 *
 * The guest reaches its host over a descriptor it inherits already connected, never by a path, so neither
 * sandbox lets it make a Unix socket connection of its own (on Linux a seccomp program makes
 * `socket(AF_UNIX)` fail; see electron/node/sandbox/seccomp-filter.ts).
 */
import { existsSync, realpathSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SANDBOX_TMP_DEFAULT_MB, bwrapArgs } from '../../electron/node/sandbox/bwrap-args.ts';
import { unixSocketFilter } from '../../electron/node/sandbox/seccomp-filter.ts';
import { findOnPath } from '../../electron/node/proc/find-on-path.ts';
import { SANDBOX_EXEC, sandboxExecArgv, sandboxExecProfile } from '../../electron/node/sandbox/sandbox-exec-profile.ts';
import type { RunSpec } from '../../electron/common/protocol/worker-protocol.ts';

/** How to start the sandboxed child. */
export interface SandboxCommand {
  readonly command: string;
  readonly args: string[];
  /**
   * Bytes the launcher must be given on descriptor `fd` of the spawned process, then end of file (bubblewrap
   * reads its seccomp program from there). The caller makes that descriptor a pipe.
   */
  readonly input?: { readonly fd: number; readonly bytes: Uint8Array };
}

export interface SandboxLauncher {
  readonly name: 'bubblewrap' | 'sandbox-exec';
  /**
   * The full command line that runs `node args…` inside the sandbox. `freeFd` is the lowest descriptor the
   * caller does not use itself, where an `input` may go.
   */
  wrap(node: string, args: readonly string[], freeFd: number): SandboxCommand;
}

const PROJECT_ROOT = fileURLToPath(new URL('../../', import.meta.url)).replace(/\/$/, '');

export function osSandbox(spec: RunSpec): SandboxLauncher | string {
  // The Node binary and the workbench code stay readable inside the sandbox, whatever else is hidden.
  const readPaths = [dirname(realpathSync(process.execPath)), PROJECT_ROOT];
  if (process.platform === 'linux') {
    const bwrap = findOnPath('bwrap');
    if (!bwrap) return 'bubblewrap (bwrap) is not installed: apt-get install bubblewrap';
    return {
      name: 'bubblewrap',
      wrap: (node, args, freeFd) => ({
        command: bwrap,
        args: [
          ...bwrapArgs({
            jailDir: spec.jailDir,
            runDir: spec.runDir,
            seccompFd: freeFd,
            readPaths,
            network: spec.policy.network,
            tmpMb: spec.limits.memoryMb ?? SANDBOX_TMP_DEFAULT_MB,
          }),
          '--',
          node,
          ...args,
        ],
        input: { fd: freeFd, bytes: unixSocketFilter() },
      }),
    };
  }
  if (process.platform === 'darwin') {
    if (!existsSync(SANDBOX_EXEC)) return `${SANDBOX_EXEC} is missing`;
    return {
      name: 'sandbox-exec',
      wrap: (node, args) => {
        const real = (p: string): string => realpathSync.native(p);
        const profile = sandboxExecProfile({
          network: spec.policy.network,
          paths: {
            jailDir: real(spec.jailDir),
            runDir: real(spec.runDir),
            execPath: real(node),
            readPaths: readPaths.map(real),
          },
        });
        const [command, ...rest] = sandboxExecArgv(profile, real(node), args);
        return { command: command!, args: rest };
      },
    };
  }
  return `no OS sandbox for ${process.platform} in this version (bubblewrap on Linux, sandbox-exec on macOS)`;
}
