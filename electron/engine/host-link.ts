/**
 * Starting a host together with the one connection it may use: the only way the engine starts one (a run's own
 * host and the warm pool's alike). A plain Node host gets an inherited, already connected socket pair — nothing
 * another process does can sit between it and the supervisor; a runtime with its own launcher (Electron's
 * utilityProcess) connects to a one-shot socket in a private directory instead. Either way the first frame must
 * carry the per-host token.
 */
import { OneShotListener, listenOn } from '../node/transport/one-shot-listener.ts';
import { hostToSupervisor, type HostToSupervisor, type SupervisorToHost } from '../common/protocol/worker-protocol.ts';
import type { IpcDirectory } from './ipc-endpoint.ts';
import { newToken } from './ipc-endpoint.ts';
import { hostEnvironment, spawnHost, type HostHandle } from './host-process.ts';
import type { NodeRuntime } from './node-runtime.ts';
import type { ContainmentLevel } from './containment.ts';

/**
 * How long an inherited channel may take to authenticate, counted from spawn. Runs cut it shorter with their
 * own handshake bound (run.ts `hostHandshakeMs`); a loaded machine starting many contained hosts takes seconds.
 */
export const HOST_AUTH_TIMEOUT_MS = 15_000;

export interface HostLinkOptions {
  readonly runtime: NodeRuntime;
  readonly entry: string;
  readonly cwd: string;
  readonly envToken: string;
  readonly maxMessageBytes: number;
  /** Where a socket goes when the runtime needs one (utilityProcess); unused for an inherited channel. */
  readonly ipcDir: IpcDirectory;
  readonly onMessage: (message: HostToSupervisor) => void;
  readonly onViolation: (reason: string) => void;
  readonly onRejected: (reason: string) => void;
  readonly containment?: ContainmentLevel;
}

export interface HostLink {
  readonly handle: HostHandle;
  readonly listener: OneShotListener<HostToSupervisor, SupervisorToHost>;
}

export function startHost(o: HostLinkOptions): HostLink {
  const token = newToken();
  const env = hostEnvironment(process.env, o.envToken);
  const listenerOptions = {
    token,
    schema: hostToSupervisor,
    maxMessageBytes: o.maxMessageBytes,
    setTimer: (fn: () => void, ms: number) => setTimeout(fn, ms),
    clearTimer: (h: unknown) => clearTimeout(h as NodeJS.Timeout),
    onMessage: o.onMessage,
    onViolation: o.onViolation,
    onClose: () => undefined,
    onRejected: o.onRejected,
  };
  if (o.runtime.launcher) {
    const endpoint = o.ipcDir.endpoint('h');
    const listener = new OneShotListener<HostToSupervisor, SupervisorToHost>({
      ...listenerOptions,
      listen: listenOn(endpoint),
    });
    const handle = spawnHost(o.runtime, {
      entry: o.entry,
      cwd: o.cwd,
      env,
      bootstrap: { endpoint, token, maxMessageBytes: o.maxMessageBytes },
    });
    return { handle, listener };
  }
  const handle = spawnHost(o.runtime, {
    entry: o.entry,
    cwd: o.cwd,
    env,
    ...(o.containment ? { containment: o.containment } : {}),
    bootstrap: { token, maxMessageBytes: o.maxMessageBytes },
  });
  const channel = handle.channel;
  const listener = new OneShotListener<HostToSupervisor, SupervisorToHost>({
    ...listenerOptions,
    // Start-up (containment, Node, the host's imports) counts here: the run's own handshake bound applies.
    authTimeoutMs: HOST_AUTH_TIMEOUT_MS,
    // The channel is the only "connection" there will ever be; it still has to authenticate first.
    listen: (onConnection) => {
      if (channel) onConnection(channel);
      return { close: () => undefined };
    },
  });
  return { handle, listener };
}
