/**
 * Finding canary tokens in what a guest sent out. A guest that reached a secret usually prints or returns
 * it, sometimes lightly disguised; we look for the token itself and its common encodings (reversed,
 * upper-case, base64, base64url, hex of its bytes). Pure; the supervisor feeds it every frame and the final
 * output.
 */
import type { CanaryName } from '../run/result.ts';

export interface CanaryToken {
  readonly canary: CanaryName;
  readonly token: string;
}

interface Pattern {
  readonly canary: CanaryName;
  readonly needle: string;
  readonly encoding: string;
}

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** Base64 of an ASCII string, without padding (padding depends on what follows, so it is left out). */
export function base64Ascii(text: string): string {
  let out = '';
  for (let i = 0; i < text.length; i += 3) {
    const a = text.charCodeAt(i);
    const b = i + 1 < text.length ? text.charCodeAt(i + 1) : NaN;
    const c = i + 2 < text.length ? text.charCodeAt(i + 2) : NaN;
    const n = (a << 16) | ((b | 0) << 8) | (c | 0);
    out += B64[(n >> 18) & 63]! + B64[(n >> 12) & 63]!;
    if (!Number.isNaN(b)) out += B64[(n >> 6) & 63]!;
    if (!Number.isNaN(c)) out += B64[n & 63]!;
  }
  return out;
}

function hexAscii(text: string): string {
  let out = '';
  for (let i = 0; i < text.length; i++) out += text.charCodeAt(i).toString(16).padStart(2, '0');
  return out;
}

/** Every encoding of every token that counts as the token leaving. */
export function patternsFor(tokens: readonly CanaryToken[]): Pattern[] {
  const out: Pattern[] = [];
  for (const { canary, token } of tokens) {
    out.push(
      { canary, needle: token, encoding: 'plain' },
      { canary, needle: token.toUpperCase(), encoding: 'upper-case' },
      { canary, needle: [...token].reverse().join(''), encoding: 'reversed' },
      { canary, needle: hexAscii(token), encoding: 'hex' },
    );
    // Base64 depends on where the token starts within what was encoded (mod 3): one needle per alignment,
    // without the characters that mix in bytes before or after the token.
    for (const [pad, drop] of [
      [0, 0],
      [1, 2],
      [2, 3],
    ] as const) {
      const b64 = base64Ascii('\0'.repeat(pad) + token).slice(drop, -2);
      out.push({ canary, needle: b64, encoding: 'base64' });
      out.push({ canary, needle: b64.replaceAll('+', '-').replaceAll('/', '_'), encoding: 'base64url' });
    }
  }
  return out;
}

export interface TokenHit {
  readonly canary: CanaryName;
  readonly encoding: string;
}

/** Scan a text for tokens; each canary is reported once, with the first encoding found. */
export class CanaryScanner {
  readonly #patterns: Pattern[];
  readonly #found = new Map<CanaryName, TokenHit>();

  constructor(tokens: readonly CanaryToken[]) {
    this.#patterns = patternsFor(tokens);
  }

  /** New hits in `text` (canaries already found are not repeated). */
  scan(text: string): TokenHit[] {
    const hits: TokenHit[] = [];
    for (const p of this.#patterns) {
      if (this.#found.has(p.canary)) continue;
      if (text.includes(p.needle)) {
        const hit = { canary: p.canary, encoding: p.encoding };
        this.#found.set(p.canary, hit);
        hits.push(hit);
      }
    }
    return hits;
  }

  get hits(): TokenHit[] {
    return [...this.#found.values()];
  }
}
