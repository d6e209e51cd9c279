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

/** Deepest bracket nesting of a JSON text, ignoring brackets inside strings. */
export function jsonDepth(text: string): number {
  let depth = 0;
  let max = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c)
        i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
      continue;
    }
    if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) {
      depth++;
      if (depth > max) max = depth;
    } else if (c === 0x5d || c === 0x7d) depth--;
  }
  return max;
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
