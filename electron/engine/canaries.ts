/**
 * The canaries of one run (DESIGN.md §6), owned by the supervisor: fresh tokens, the run directory with
 * `canary.txt` and the jail, and the loopback listener whose port the guest sees as `CANARY_PORT`. Breaches
 * are what the supervisor observes here and in the traffic, never what the guest reports.
 */
import { createServer, type Server } from 'node:net';
import { performance } from 'node:perf_hooks';
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { newToken } from './ipc-endpoint.ts';
import { removeTree } from './remove-tree.ts';
import type { CanaryToken } from '../common/verdict/canary-scan.ts';

export interface CanaryConnection {
  readonly remote: string;
  /** The connecting socket's port (the key to find which process holds it). */
  readonly remotePort: number;
  /** Milliseconds since the run started, on the performance clock like every other figure of the run. */
  readonly atMs: number;
}

export class RunCanaries {
  /** Fresh, unless the host was started ahead of the run with its own (a pooled host). */
  readonly envToken: string;
  readonly globalToken = newToken();
  readonly fileToken = newToken();
  readonly runDir: string;
  readonly jailDir: string;
  readonly connections: CanaryConnection[] = [];
  #server: Server | undefined;
  #port = 0;
  #portSince = Infinity;
  #onConnection: ((c: CanaryConnection) => CanaryConnection | false) | undefined;

  constructor(startedAt: number, envToken: string = newToken()) {
    this.envToken = envToken;
    this.runDir = mkdtempSync(join(tmpdir(), 'wb-run-'));
    this.jailDir = join(this.runDir, 'jail');
    mkdirSync(this.jailDir);
    writeFileSync(join(this.runDir, 'canary.txt'), `${this.fileToken}\n`, { mode: 0o600 });
    this.#startedAt = startedAt;
  }

  readonly #startedAt: number;

  get tokens(): CanaryToken[] {
    return [
      { canary: 'env', token: this.envToken },
      { canary: 'global', token: this.globalToken },
      { canary: 'file', token: this.fileToken },
    ];
  }

  get port(): number {
    return this.#port;
  }

  /**
   * Start the loopback listener. Each connection is shown to `onConnection` while the connecting process still
   * holds its end (so it can be identified); what it returns is recorded as this run's network breach (with what
   * was learnt about it), or nothing when it returns false (another run's process made it, charged there).
   */
  async listen(onConnection: (c: CanaryConnection) => CanaryConnection | false): Promise<void> {
    this.#onConnection = onConnection;
    const server = createServer((socket) => {
      const c: CanaryConnection = {
        remote: `${socket.remoteAddress}:${socket.remotePort}`,
        remotePort: socket.remotePort ?? 0,
        atMs: performance.now() - this.#startedAt,
      };
      socket.on('error', () => undefined);
      const kept = this.#onConnection ? this.#onConnection(c) : c;
      if (kept) this.connections.push(kept);
      socket.destroy();
    });
    this.#server = server;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve());
    });
    const address = server.address();
    this.#port = typeof address === 'object' && address ? address.port : 0;
    this.#portSince = performance.now();
  }

  /** When (performance.now) this run's listener took its port: before that, the number was not this run's. */
  get portSince(): number {
    return this.#portSince;
  }

  /** Close the listener and remove the run directory; returns why the directory could not be removed. */
  dispose(): string | undefined {
    this.#server?.close();
    this.#server = undefined;
    return removeTree(this.runDir);
  }
}
