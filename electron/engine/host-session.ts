/**
 * One host's whole life, whoever uses it: its process (spawned contained, host-link.ts), its authentication,
 * its one connection, its socket directory, and where its traffic goes. A run makes one for itself or takes a
 * warm one from the pool (host-pool.ts, a cache of these); either way it binds itself to the session, and the
 * session forwards frames, output and the exit to whatever is bound at the time. Killing the host and removing
 * its directory happen here and only here.
 */
import type { FramedConnection } from '../common/protocol/framed-peer.ts';
import type { OneShotListener } from '../node/transport/one-shot-listener.ts';
import type { HostToSupervisor, SupervisorToHost } from '../common/protocol/worker-protocol.ts';
import type { ContainmentLevel } from './containment.ts';
import { startHost } from './host-link.ts';
import type { HostHandle } from './host-process.ts';
import { IpcDirectory } from './ipc-endpoint.ts';
import type { NodeRuntime } from './node-runtime.ts';

export type HostConnection = FramedConnection<HostToSupervisor, SupervisorToHost>;

/** Where a host's traffic goes while something (a run) holds it. */
export interface HostBinding {
  /** Every authenticated frame, `auth` included. */
  onMessage(message: HostToSupervisor): void;
  onViolation(reason: string): void;
  /** A connection attempt that was refused (wrong token, a second connection). */
  onRejected?(reason: string): void;
  onOutput(stream: 'stdout' | 'stderr', text: string): void;
  /** `how`: "code N" or "signal S" when known. */
  onExit(how: string | undefined): void;
  onError?(error: Error): void;
}

export interface HostSessionOptions {
  readonly runtime: NodeRuntime;
  readonly entry: string;
  /** The host's working directory (a run's directory, or the pool's home for a host not yet used). */
  readonly cwd: string;
  readonly envToken: string;
  readonly maxMessageBytes: number;
  readonly containment?: ContainmentLevel;
  /** Bound from the start: a run's own host. A pool's host is bound when a run takes it. */
  readonly binding?: HostBinding;
}

export class HostSession {
  readonly handle: HostHandle;
  /** The env canary the process was started with (an environment cannot change from outside). */
  readonly envToken: string;
  /** Resolves with the authenticated connection, or undefined once the host can no longer connect. */
  readonly connected: Promise<HostConnection | undefined>;
  readonly #ipcDir = new IpcDirectory();
  readonly #listener: OneShotListener<HostToSupervisor, SupervisorToHost>;
  #binding: HostBinding | undefined;
  #connection: HostConnection | undefined;
  #exited = false;
  #exitHow: string | undefined;
  #killed = false;
  #disposed = false;

  constructor(o: HostSessionOptions) {
    this.envToken = o.envToken;
    this.#binding = o.binding;
    const { handle, listener } = startHost({
      runtime: o.runtime,
      entry: o.entry,
      cwd: o.cwd,
      envToken: o.envToken,
      maxMessageBytes: o.maxMessageBytes,
      ipcDir: this.#ipcDir,
      ...(o.containment ? { containment: o.containment } : {}),
      onMessage: (m) => this.#binding?.onMessage(m),
      onViolation: (reason) => {
        if (this.#binding) this.#binding.onViolation(reason);
        else this.kill();
      },
      onRejected: (reason) => this.#binding?.onRejected?.(reason),
    });
    this.handle = handle;
    this.#listener = listener;
    handle.stdout?.on('data', (chunk: Buffer) => this.#binding?.onOutput('stdout', chunk.toString()));
    handle.stderr?.on('data', (chunk: Buffer) => this.#binding?.onOutput('stderr', chunk.toString()));
    const gone = new Promise<undefined>((resolve) => {
      handle.onExit((how) => {
        this.#exited = true;
        this.#exitHow = how;
        resolve(undefined);
        this.#binding?.onExit(how);
      });
      handle.onError((error) => {
        resolve(undefined);
        this.#binding?.onError?.(error);
      });
    });
    this.connected = Promise.race([listener.connected, gone]).then((connection) => {
      this.#connection = connection;
      // Nothing else may connect once the host is in (an inherited channel has nothing to close).
      listener.close();
      return connection;
    });
  }

  /** The host's socket directory (a child driver's sockets go there). */
  get ipcPath(): string {
    return this.#ipcDir.path;
  }

  get connection(): HostConnection | undefined {
    return this.#connection;
  }

  /** The process is gone (it exited or was killed and reaped). */
  get exited(): boolean {
    return this.#exited;
  }

  get exitHow(): string | undefined {
    return this.#exitHow;
  }

  /** The supervisor killed this host (as opposed to it leaving on its own). */
  get killed(): boolean {
    return this.#killed;
  }

  /** Send the host's traffic to `binding` from now on (undefined: an idle pooled host, nobody listens). */
  bind(binding: HostBinding | undefined): void {
    this.#binding = binding;
  }

  /** Kill the host and everything it started; tolerant of it being gone already. */
  kill(): void {
    this.#killed = true;
    this.#listener.close();
    this.handle.kill();
  }

  /**
   * Kill the host if alive, wait for it to be gone, close the connection and remove the socket directory.
   * Returns a problem to report (a directory that could not be removed), if any.
   */
  async dispose(drainMs: number): Promise<string | undefined> {
    if (this.#disposed) return undefined;
    this.#disposed = true;
    this.#binding = undefined;
    this.kill();
    await this.handle.closed(drainMs);
    this.#connection?.close();
    return this.#ipcDir.dispose();
  }
}
