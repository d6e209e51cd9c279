/**
 * A small runtime schema checker for messages that cross a process or thread boundary. Each schema both
 * validates an unknown value and yields its static type, so a message shape is written once.
 * Unknown object keys are rejected: a peer cannot smuggle fields we never read.
 */
import { FORBIDDEN_KEYS, MAX_JSON_DEPTH } from './safe-json.ts';

export class SchemaError extends Error {
  constructor(path: string, problem: string) {
    super(`${path || 'message'}: ${problem}`);
    this.name = 'SchemaError';
  }
}

export type Schema<T> = (value: unknown, path: string) => T;
export type Infer<S> = S extends Schema<infer T> ? T : never;

/** A string of bounded length; `pattern` (anchor it) restricts it further, e.g. to an id's characters. */
export function str(opts: { max?: number; min?: number; pattern?: RegExp } = {}): Schema<string> {
  const max = opts.max ?? 1 << 20;
  return (v, path) => {
    if (typeof v !== 'string') throw new SchemaError(path, 'expected a string');
    if (v.length > max) throw new SchemaError(path, `string longer than ${max}`);
    if (opts.min !== undefined && v.length < opts.min) throw new SchemaError(path, `string shorter than ${opts.min}`);
    if (opts.pattern && !opts.pattern.test(v)) throw new SchemaError(path, `not a valid id or name`);
    return v;
  };
}

export function num(opts: { min?: number; max?: number; int?: boolean } = {}): Schema<number> {
  return (v, path) => {
    if (typeof v !== 'number' || !Number.isFinite(v)) throw new SchemaError(path, 'expected a finite number');
    if (opts.int && !Number.isInteger(v)) throw new SchemaError(path, 'expected an integer');
    if (opts.min !== undefined && v < opts.min) throw new SchemaError(path, `below ${opts.min}`);
    if (opts.max !== undefined && v > opts.max) throw new SchemaError(path, `above ${opts.max}`);
    return v;
  };
}

export const bool: Schema<boolean> = (v, path) => {
  if (typeof v !== 'boolean') throw new SchemaError(path, 'expected a boolean');
  return v;
};

export function oneOf<const T extends string>(values: readonly T[]): Schema<T> {
  return (v, path) => {
    if (typeof v !== 'string' || !(values as readonly string[]).includes(v)) {
      throw new SchemaError(path, `expected one of ${values.join(', ')}`);
    }
    return v as T;
  };
}

export function arr<T>(item: Schema<T>, opts: { max?: number } = {}): Schema<T[]> {
  const max = opts.max ?? 10_000;
  return (v, path) => {
    if (!Array.isArray(v)) throw new SchemaError(path, 'expected an array');
    if (v.length > max) throw new SchemaError(path, `more than ${max} items`);
    return v.map((x, i) => item(x, `${path}[${i}]`));
  };
}

/**
 * Any plain JSON value: used for guest results. Values that arrive as structured clones (worker threads)
 * have not been through safe-json, so the same rules are applied here: only plain objects, arrays and JSON
 * primitives, nesting at most 64, no forbidden keys.
 */
export const anyJson: Schema<unknown> = (v, path) => {
  const stack: Array<[unknown, number]> = [[v, 0]];
  while (stack.length > 0) {
    const [x, depth] = stack.pop()!;
    if (x === null || typeof x === 'string' || typeof x === 'boolean') continue;
    if (typeof x === 'number') {
      if (!Number.isFinite(x)) throw new SchemaError(path, 'non-finite number');
      continue;
    }
    if (typeof x !== 'object') throw new SchemaError(path, `not JSON (${typeof x})`);
    // A container at depth d is bracket nesting d + 1 (as safe-json's jsonDepth counts it).
    if (depth >= MAX_JSON_DEPTH) throw new SchemaError(path, `nesting deeper than ${MAX_JSON_DEPTH}`);
    if (Array.isArray(x)) {
      for (const item of x) stack.push([item, depth + 1]);
      continue;
    }
    const proto = Object.getPrototypeOf(x) as unknown;
    if (proto !== Object.prototype && proto !== null) throw new SchemaError(path, 'not a plain object');
    for (const key of Object.keys(x)) {
      if (FORBIDDEN_KEYS.has(key)) throw new SchemaError(path, `forbidden key "${key}"`);
      stack.push([(x as Record<string, unknown>)[key], depth + 1]);
    }
  }
  return v;
};

const OPTIONAL = Symbol('optional');
type Optional<T> = Schema<T | undefined> & { [OPTIONAL]: true };

export function optional<T>(schema: Schema<T>): Optional<T> {
  const s = ((v: unknown, path: string) => (v === undefined ? undefined : schema(v, path))) as Optional<T>;
  s[OPTIONAL] = true;
  return s;
}

type Shape = Record<string, Schema<unknown>>;
type OptionalKeys<S extends Shape> = { [K in keyof S]: S[K] extends Optional<unknown> ? K : never }[keyof S];
type ObjOf<S extends Shape> = { -readonly [K in Exclude<keyof S, OptionalKeys<S>>]: Infer<S[K]> } & {
  -readonly [K in OptionalKeys<S>]?: Infer<S[K]>;
};

export function obj<S extends Shape>(shape: S): Schema<ObjOf<S>> {
  const keys = Object.keys(shape);
  return (v, path) => {
    if (v === null || typeof v !== 'object' || Array.isArray(v)) throw new SchemaError(path, 'expected an object');
    const record = v as Record<string, unknown>;
    for (const key of Object.keys(record)) {
      if (!Object.hasOwn(shape, key)) throw new SchemaError(path, `unexpected key "${key}"`);
    }
    const out: Record<string, unknown> = {};
    for (const key of keys) {
      const schema = shape[key] as Schema<unknown>;
      const value = schema(record[key], path ? `${path}.${key}` : key);
      if (value !== undefined) out[key] = value;
    }
    return out as ObjOf<S>;
  };
}

/** A union discriminated by the `t` field; an unknown `t` is rejected by name. */
export function tagged<M extends Record<string, Schema<object>>>(
  variants: M,
): Schema<{ [K in keyof M]: Infer<M[K]> & { t: K } }[keyof M]> {
  return (v, path) => {
    if (v === null || typeof v !== 'object' || Array.isArray(v)) throw new SchemaError(path, 'expected an object');
    const tag = (v as { t?: unknown }).t;
    if (typeof tag !== 'string' || !Object.hasOwn(variants, tag)) {
      throw new SchemaError(path, `unknown message type ${JSON.stringify(tag)?.slice(0, 40)}`);
    }
    const { t: _t, ...rest } = v as Record<string, unknown>;
    const body = (variants[tag] as Schema<object>)(rest, path);
    return { t: tag, ...body } as never;
  };
}

/** Validate without throwing. */
export function check<T>(schema: Schema<T>, value: unknown): { ok: true; value: T } | { ok: false; reason: string } {
  try {
    return { ok: true, value: schema(value, '') };
  } catch (error) {
    return { ok: false, reason: error instanceof Error ? error.message : String(error) };
  }
}
