/**
 * Parsing of JSON that arrives from a process we do not trust. Three checks happen before any object is
 * handed to the rest of the program: nesting depth (scanned on the raw text, so a 1e6-deep array cannot blow
 * the parser's stack), forbidden keys that would matter to prototype-based code, and plain JSON validity.
 */

/** Deepest allowed nesting of arrays/objects in one message. */
export const MAX_JSON_DEPTH = 64;

/** Keys that are never accepted anywhere in a message. */
export const FORBIDDEN_KEYS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);

export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

export type SafeParseResult =
  { readonly ok: true; readonly value: JsonValue } | { readonly ok: false; readonly reason: string };

// The next character that matters outside a string (a quote or a bracket), and inside one (a quote or a
// backslash). Jumping between them with the regex engine instead of reading every character in JavaScript:
// a frame is mostly string content (console text), which this skips natively (measured: 64 KiB output frames
// spent more supervisor CPU here than anywhere else).
const OUTSIDE = /["[\]{}]/g;
const INSIDE = /["\\]/g;

/** Deepest bracket nesting of a JSON text, ignoring brackets inside strings. */
export function jsonDepth(text: string): number {
  let depth = 0;
  let max = 0;
  let i = 0;
  for (;;) {
    OUTSIDE.lastIndex = i;
    const m = OUTSIDE.exec(text);
    if (m === null) return max;
    const c = text.charCodeAt(m.index);
    i = m.index + 1;
    if (c === 0x22) {
      // In a string: to its closing quote, stepping over escaped characters.
      for (;;) {
        INSIDE.lastIndex = i;
        const q = INSIDE.exec(text);
        if (q === null) return max;
        i = q.index + 1;
        if (text.charCodeAt(q.index) === 0x5c) i++;
        else break;
      }
    } else if (c === 0x5b || c === 0x7b) {
      depth++;
      if (depth > max) max = depth;
    } else depth--;
  }
}

/** First forbidden key found in a parsed value, or undefined. Iterative to bound stack use. */
export function findForbiddenKey(value: JsonValue): string | undefined {
  const stack: JsonValue[] = [value];
  while (stack.length > 0) {
    const v = stack.pop();
    if (v === null || typeof v !== 'object') continue;
    if (Array.isArray(v)) {
      for (const item of v) stack.push(item);
      continue;
    }
    for (const key of Object.keys(v)) {
      if (FORBIDDEN_KEYS.has(key)) return key;
      stack.push(v[key] as JsonValue);
    }
  }
  return undefined;
}

/** Parse untrusted JSON text; never throws. */
export function safeParse(text: string, maxDepth: number = MAX_JSON_DEPTH): SafeParseResult {
  const depth = jsonDepth(text);
  if (depth > maxDepth) return { ok: false, reason: `nesting depth ${depth} exceeds ${maxDepth}` };
  let value: JsonValue;
  try {
    value = JSON.parse(text) as JsonValue;
  } catch (error) {
    return { ok: false, reason: `malformed JSON: ${(error as Error).message}` };
  }
  const bad = findForbiddenKey(value);
  if (bad !== undefined) return { ok: false, reason: `forbidden key "${bad}"` };
  return { ok: true, value };
}
