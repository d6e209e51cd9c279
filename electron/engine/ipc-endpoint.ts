/**
 * Where a host and the supervisor meet: a Unix socket in a fresh private directory (mode 0700) with an
 * unpredictable name, or a randomly named pipe on Windows. The path limits of `sun_path` (108 bytes on Linux,
 * 104 on macOS and the BSDs, both including the terminating NUL) are checked here, with an error that says
 * how to fix it, instead of letting `listen()` fail with EINVAL later.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, chmodSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WorkbenchError } from '../common/protocol/errors.ts';
import { removeTree } from './remove-tree.ts';

/** Usable bytes of `sun_path` (without the NUL terminator) per platform. */
export function maxSocketPathBytes(platform: NodeJS.Platform = process.platform): number {
  return platform === 'linux' ? 107 : 103;
}

export function checkSocketPath(path: string, platform: NodeJS.Platform = process.platform): void {
  if (platform === 'win32') return;
  const bytes = Buffer.byteLength(path);
  const max = maxSocketPathBytes(platform);
  if (bytes > max) {
    throw new WorkbenchError(
      'path-too-long',
      `socket path is ${bytes} bytes, over the ${max}-byte limit of this OS: ${path}. ` +
        'Set TMPDIR (or the workbench temp directory) to a shorter path.',
    );
  }
}

/** A private directory that holds one run's sockets. Owned by the run; `dispose()` removes it. */
export class IpcDirectory {
  readonly path: string;
  #disposed = false;

  constructor(parent: string = tmpdir()) {
    this.path = mkdtempSync(join(parent, 'wb-ipc-'));
    chmodSync(this.path, 0o700);
    const mode = statSync(this.path).mode & 0o777;
    if (process.platform !== 'win32' && mode !== 0o700) {
      rmSync(this.path, { recursive: true, force: true });
      throw new WorkbenchError('internal', `could not make ${this.path} private (mode ${mode.toString(8)})`);
    }
  }

  /** A fresh, unguessable endpoint name for one listener. */
  endpoint(prefix: string): string {
    const name = `${prefix}-${randomBytes(12).toString('hex')}`;
    if (process.platform === 'win32') return `\\\\.\\pipe\\sandbox-workbench-${name}`;
    const path = join(this.path, `${name}.sock`);
    checkSocketPath(path);
    return path;
  }

  /** Remove the directory and any socket left in it; returns why it could not be removed. */
  dispose(): string | undefined {
    if (this.#disposed) return undefined;
    this.#disposed = true;
    return removeTree(this.path);
  }
}

/** A fresh random token for authenticating one connection or naming one canary. */
export function newToken(): string {
  return randomBytes(16).toString('hex');
}
