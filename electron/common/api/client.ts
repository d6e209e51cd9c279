/**
 * The client side of the UI contract, typed from the descriptor: `call(method, args)` returns the method's
 * result type, `subscribe(event, listener)` the event's payload type. Errors come back as
 * {@link ApiError} with the server's `{ code, message }`.
 */
import type { EventName, MethodArgs, MethodName, WireMessage } from './contract.ts';
import type { EventPayloads, MethodResults } from './types.ts';

export class ApiError extends Error {
  readonly code: string;
  constructor(code: string, message: string) {
    super(message);
    this.name = 'ApiError';
    this.code = code;
  }
}

export interface ApiClient {
  call<M extends MethodName>(method: M, args: MethodArgs<M>): Promise<MethodResults[M]>;
  subscribe<E extends EventName>(name: E, listener: (payload: EventPayloads[E]) => void): () => void;
  /** Feed one message received from the server. */
  receive(message: WireMessage): void;
  /** Fail every pending call (the transport closed). */
  close(reason: string): void;
}

export function createClient(send: (message: WireMessage) => void): ApiClient {
  let nextId = 1;
  const pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  const listeners = new Map<EventName, Set<(payload: unknown) => void>>();
  return {
    call(method, args) {
      const id = nextId++;
      return new Promise((resolve, reject) => {
        pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
        send({ kind: 'call', id, method, args });
      });
    },
    subscribe(name, listener) {
      let set = listeners.get(name);
      if (!set) listeners.set(name, (set = new Set()));
      set.add(listener as (payload: unknown) => void);
      return () => set.delete(listener as (payload: unknown) => void);
    },
    receive(message) {
      if (message.kind === 'event') {
        for (const l of listeners.get(message.name) ?? []) l(message.payload);
        return;
      }
      if (message.kind !== 'result') return;
      const p = pending.get(message.id);
      if (!p) return;
      pending.delete(message.id);
      if (message.ok) p.resolve(message.value);
      else p.reject(new ApiError(message.error.code, message.error.message));
    },
    close(reason) {
      for (const p of pending.values()) p.reject(new ApiError('closed', reason));
      pending.clear();
    },
  };
}
