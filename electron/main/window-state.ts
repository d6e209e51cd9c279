/**
 * The window's remembered bounds (window.json in userData), read as untrusted input: anything that is not four
 * whole numbers of a usable size is ignored and the window opens at its default size. Pure: no Electron.
 */
export interface WindowBounds {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

export const MIN_WINDOW = { width: 640, height: 480 } as const;
/** Larger than any display, smaller than anything a bug or a hand edit could make unmanageable. */
const MAX_SIDE = 16_384;
const MAX_OFFSET = 65_536;

export function parseWindowState(text: string): WindowBounds | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  const { x, y, width, height } = value as Record<string, unknown>;
  const whole = (n: unknown, min: number, max: number): n is number =>
    typeof n === 'number' && Number.isInteger(n) && n >= min && n <= max;
  if (!whole(width, MIN_WINDOW.width, MAX_SIDE) || !whole(height, MIN_WINDOW.height, MAX_SIDE)) return undefined;
  if (!whole(x, -MAX_OFFSET, MAX_OFFSET) || !whole(y, -MAX_OFFSET, MAX_OFFSET)) return undefined;
  return { x, y, width, height };
}
