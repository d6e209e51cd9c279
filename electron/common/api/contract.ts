/**
 * The UI contract (DESIGN.md §4): one descriptor of the methods the renderer may call and the events it
 * may subscribe to. The client type is derived from it; the server validates every call's arguments with
 * the same schemas. Transports (Electron IPC, WebSocket, in-memory) only move `WireMessage`s.
 */
import { anyJson, num, obj, oneOf, str, type Infer, type Schema } from '../schema.ts';
import { runRequestInput } from '../run-request.ts';

const SMALL = str({ max: 256 });

/** A method: its argument schema. Results are produced by our own engine, so they are typed, not checked. */
interface MethodSpec<A> {
  readonly args: Schema<A>;
}
const method = <A>(args: Schema<A>): MethodSpec<A> => ({ args });

export const METHODS = {
  listDrivers: method(obj({})),
  startRun: method(runRequestInput),
  stopRun: method(obj({ id: SMALL })),
  getRun: method(obj({ id: SMALL })),
  info: method(obj({})),
} as const;

export type MethodName = keyof typeof METHODS;
export type MethodArgs<M extends MethodName> = Infer<(typeof METHODS)[M]['args']>;

export const EVENTS = ['runOutput', 'runSamples', 'runWorker', 'runBreach', 'runEnd'] as const;
export type EventName = (typeof EVENTS)[number];

/** Messages on any transport. */
export type WireMessage =
  | { readonly kind: 'call'; readonly id: number; readonly method: string; readonly args: unknown }
  | { readonly kind: 'result'; readonly id: number; readonly ok: true; readonly value: unknown }
  | {
      readonly kind: 'result';
      readonly id: number;
      readonly ok: false;
      readonly error: { code: string; message: string };
    }
  | { readonly kind: 'event'; readonly name: EventName; readonly payload: unknown };

/** Shape check of an incoming call (the server side's first gate). */
export const callMessage = obj({
  kind: oneOf(['call'] as const),
  id: num({ min: 0, int: true }),
  method: SMALL,
  args: anyJson,
});
