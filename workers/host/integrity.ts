/**
 * The host-integrity canary: a guest that shares the host's realm (`host`, or `host+vm` through the
 * escape) can change the built-ins every later line of host code runs on — `Object.prototype.x = 1`,
 * a replaced `Array.prototype.includes`. Before the guest runs, `snapshotIntrinsics()` records, for every
 * standard constructor and namespace and its prototype, each own property's descriptor (values, getters
 * and setters by identity, the three flags) and the prototype's own prototype; after the run
 * `compareIntrinsics()` names what changed.
 *
 * Everything here uses references taken when this module loaded, before any guest code ran: a guest that
 * replaces `Reflect.ownKeys` or `Map.prototype.get` does not change what this sees. What it cannot cover
 * (docs/engine.md): a guest in this realm runs before the check and could reach this module's results in
 * ways a snapshot does not foresee, or change things between the check and the host's next use of them.
 */

import { MAX_INTEGRITY_CHANGES } from '../../electron/common/protocol/worker-protocol.ts';

// Captured at load. `uncurry(f)(self, ...args)` calls the original `f` without consulting any prototype.
const uncurry = Function.prototype.bind.bind(Function.prototype.call) as <A extends unknown[], R>(
  fn: (...args: A) => R,
) => (self: unknown, ...args: A) => R;
const ownKeys = Reflect.ownKeys;
const getOwnDescriptor = Reflect.getOwnPropertyDescriptor;
const getPrototypeOf = Reflect.getPrototypeOf;
const defineProperty = Reflect.defineProperty;
const hasOwn = Object.hasOwn;
const is = Object.is;
const toText = String;
const MapCtor = Map;
const mapGet = uncurry(Map.prototype.get as (key: unknown) => unknown);
const mapSet = uncurry(Map.prototype.set as (key: unknown, value: unknown) => Map<unknown, unknown>);
const mapHas = uncurry(Map.prototype.has as (key: unknown) => boolean);
const sliceText = uncurry(String.prototype.slice as (start: number, end?: number) => string);
/** Longest name kept in a report (property names are the guest's choice). */
const MAX_NAME_CHARS = 200;

/** Globals the host itself (re)installs for each run: changing them is the run's own business. */
const RUN_GLOBALS = new Map(
  ['console', 'require', '__filename', '__dirname', 'CANARY_PORT', '__hostSecret'].map((name) => [name, true]),
);

const STANDARD = [
  'Object', 'Function', 'Array', 'String', 'Number', 'Boolean', 'Symbol', 'BigInt', 'Promise', 'RegExp', 'Date',
  'Map', 'Set', 'WeakMap', 'WeakSet', 'WeakRef', 'FinalizationRegistry', 'Error', 'TypeError', 'RangeError',
  'SyntaxError', 'ReferenceError', 'EvalError', 'URIError', 'AggregateError', 'JSON', 'Math', 'Reflect', 'Proxy',
  'ArrayBuffer', 'SharedArrayBuffer', 'DataView', 'Int8Array', 'Uint8Array', 'Uint8ClampedArray', 'Int16Array',
  'Uint16Array', 'Int32Array', 'Uint32Array', 'Float32Array', 'Float64Array', 'BigInt64Array', 'BigUint64Array',
  'Atomics', 'Iterator', 'Intl', 'Buffer', 'process',
]; // prettier-ignore

/** What `compareIntrinsics` needs: opaque to the caller. */
export interface Snapshot {
  readonly objects: Entry[];
  readonly globals: Entry;
}

interface Entry {
  readonly name: string;
  readonly target: object;
  /** Own keys in order, and their descriptors. */
  readonly keys: PropertyKey[];
  readonly descriptors: Map<PropertyKey, PropertyDescriptor>;
  readonly proto: object | null;
  /** Only methods and accessors are compared (an object's own counters and flags change as it is used). */
  readonly methodsOnly: boolean;
}

/** A fresh array filled without [[Set]], so an index setter on Array.prototype is never called. */
function append<T>(list: T[], value: T): void {
  // A null-prototype descriptor: an `Object.prototype.get` the guest added is not read as a field.
  const descriptor = { __proto__: null, value, writable: true, enumerable: true, configurable: true };
  defineProperty(list, list.length, descriptor as PropertyDescriptor);
}

function entry(name: string, target: object, methodsOnly: boolean): Entry {
  const descriptors = new MapCtor<PropertyKey, PropertyDescriptor>();
  const keys = ownKeys(target);
  for (let i = 0; i < keys.length; i++) {
    const d = getOwnDescriptor(target, keys[i]!);
    if (d !== undefined) mapSet(descriptors, keys[i], d);
  }
  return { name, target, keys, descriptors, proto: getPrototypeOf(target), methodsOnly };
}

/** What to watch: the standard globals, their prototypes, and intrinsics reachable only through them. */
function targets(): Array<[string, object, boolean]> {
  const g = globalThis as unknown as Record<string, unknown>;
  const list: Array<[string, object, boolean]> = [];
  const add = (name: string, value: unknown, methodsOnly = false): void => {
    if ((typeof value === 'object' || typeof value === 'function') && value !== null)
      append(list, [name, value, methodsOnly]);
  };
  for (let i = 0; i < STANDARD.length; i++) {
    const name = STANDARD[i]!;
    // Read directly: this runs before the guest (Node defines some globals, Buffer and process, as getters).
    const value = g[name];
    add(name, value, name === 'process');
    if (typeof value === 'function') {
      const proto = getOwnDescriptor(value, 'prototype');
      if (proto !== undefined && hasOwn(proto, 'value')) add(`${name}.prototype`, proto.value);
    }
  }
  const int8 = g.Int8Array as (new () => object) | undefined;
  if (int8) {
    const typedArray = getPrototypeOf(int8);
    add('%TypedArray%', typedArray);
    if (typedArray) add('%TypedArray%.prototype', (typedArray as { prototype?: unknown }).prototype);
  }
  add(
    '%AsyncFunction%.prototype',
    getPrototypeOf(async () => undefined),
  );
  add(
    '%GeneratorFunction%.prototype',
    getPrototypeOf(function* () {}),
  );
  add('%ArrayIteratorPrototype%', getPrototypeOf([][Symbol.iterator]()));
  return list;
}

/** Record the host realm's intrinsics now (before the guest runs). */
export function snapshotIntrinsics(): Snapshot {
  // The globals first: reading a descriptor of one of Node's lazy globals (FormData…) loads its module,
  // which may change other built-ins (measured: process.chdir is replaced) — before they are recorded.
  const globals = entry('globalThis', globalThis, false);
  const objects: Entry[] = [];
  const list = targets();
  for (let i = 0; i < list.length; i++) {
    const t = list[i]!;
    append(objects, entry(t[0], t[1], t[2]));
  }
  return { objects, globals };
}

/** What the guest may have changed, first `MAX_INTEGRITY_CHANGES` named, in a stable order. */
export interface IntegrityReport {
  readonly changes: string[];
  readonly total: number;
}

/**
 * Compare the realm with a snapshot; undefined when nothing changed. Only the snapshot's own objects are
 * looked at (by identity): a global replaced is named once, as a global.
 */
export function compareIntrinsics(before: Snapshot): IntegrityReport | undefined {
  const changes: string[] = [];
  let total = 0;
  const note = (text: string): void => {
    total++;
    if (changes.length < MAX_INTEGRITY_CHANGES)
      append(changes, text.length > MAX_NAME_CHARS ? `${sliceText(text, 0, MAX_NAME_CHARS)}…` : text);
  };
  for (let i = 0; i < before.objects.length; i++) compareEntry(before.objects[i]!, false, note);
  compareEntry(before.globals, true, note);
  return total === 0 ? undefined : { changes, total };
}

function keyName(key: PropertyKey): string {
  return typeof key === 'symbol' ? `[${toText(key)}]` : toText(key);
}

function compareEntry(old: Entry, globals: boolean, note: (text: string) => void): void {
  if (getPrototypeOf(old.target) !== old.proto) note(`${old.name} prototype replaced`);
  const now = entry(old.name, old.target, old.methodsOnly);
  for (let i = 0; i < old.keys.length; i++) {
    const key = old.keys[i]!;
    const was = mapGet(old.descriptors, key) as PropertyDescriptor | undefined;
    if (was === undefined || (globals && mapHas(RUN_GLOBALS, key))) continue;
    if (old.methodsOnly && !isMethodOrAccessor(was)) continue;
    const label = `${old.name}.${keyName(key)}`;
    const d = mapGet(now.descriptors, key) as PropertyDescriptor | undefined;
    if (d === undefined) note(`${label} deleted`);
    else if (hasOwn(was, 'value') !== hasOwn(d, 'value')) note(`${label} redefined`);
    else if (hasOwn(was, 'value') && !is(was.value, d.value)) note(`${label} replaced`);
    else if (!hasOwn(was, 'value') && (was.get !== d.get || was.set !== d.set)) note(`${label} accessor replaced`);
    else if (was.writable !== d.writable || was.enumerable !== d.enumerable || was.configurable !== d.configurable)
      note(`${label} flags changed`);
  }
  // New globals are the guest's own variables (`var x` at the top of a script): only built-ins are watched.
  if (globals) return;
  for (let i = 0; i < now.keys.length; i++) {
    const key = now.keys[i]!;
    if (!mapHas(old.descriptors, key)) note(`${old.name}.${keyName(key)} added`);
  }
}

function isMethodOrAccessor(d: PropertyDescriptor): boolean {
  return !hasOwn(d, 'value') || typeof d.value === 'function';
}
