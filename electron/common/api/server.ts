/**
 * The server side of the UI contract, for any transport: one choke point where every call is checked —
 * message shape, method allow-list, argument schema — before a handler sees it. Errors go back as data
 * `{ code, message }`; nothing a renderer sends can throw out of here.
 */
import { check } from '../protocol/schema.ts';
import { toErrorData } from '../protocol/errors.ts';
import {
  callMessage,
  METHODS,
  type EventName,
  type MethodArgs,
  type MethodName,
  type WireMessage,
} from './contract.ts';
import type { EventPayloads, MethodResults } from './types.ts';

export type Handlers = {
  readonly [M in MethodName]: (args: MethodArgs<M>) => MethodResults[M] | Promise<MethodResults[M]>;
};

export interface ApiServer {
  /** Feed one message received from a client (already decoded from the transport). */
  receive(raw: unknown): void;
  /** Push an event to the client. */
  emit<E extends EventName>(name: E, payload: EventPayloads[E]): void;
}

export function serveApi(handlers: Handlers, send: (message: WireMessage) => void): ApiServer {
  const reply = (id: number, code: string, message: string): void =>
    send({ kind: 'result', id, ok: false, error: { code, message } });
  return {
    receive(raw: unknown): void {
      const shape = check(callMessage, raw);
      if (!shape.ok) {
        const id = typeof (raw as { id?: unknown } | null)?.id === 'number' ? (raw as { id: number }).id : -1;
        return reply(id, 'bad-message', shape.reason);
      }
      const { id, method, args } = shape.value;
      if (!Object.hasOwn(METHODS, method)) return reply(id, 'unknown-method', `no method "${method.slice(0, 64)}"`);
      const name = method as MethodName;
      const checked = check(METHODS[name].args as never, args);
      if (!checked.ok) return reply(id, 'bad-argument', `${name}: ${checked.reason}`);
      Promise.resolve()
        .then(() => (handlers[name] as (a: unknown) => unknown)(checked.value))
        .then(
          (value) => send({ kind: 'result', id, ok: true, value }),
          (error: unknown) => {
            const data = toErrorData(error);
            reply(id, data.code, data.message);
          },
        );
    },
    emit(name, payload): void {
      send({ kind: 'event', name, payload });
    },
  };
}
