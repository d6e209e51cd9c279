/**
 * A small tar reader for npm package tarballs (ustar, with pax and GNU long-name headers): regular files
 * and folders only, each path kept inside the destination (no absolute path, no `..`, no link of any kind —
 * a tarball that has one is refused). Streams: a file's bytes go to disk as they arrive.
 */
import { mkdir, open, type FileHandle } from 'node:fs/promises';
import { dirname, join, resolve, sep } from 'node:path';

const BLOCK = 512;

export class TarError extends Error {
  override name = 'TarError';
}

interface Entry {
  readonly path: string;
  readonly type: string;
  readonly size: number;
  readonly mode: number;
}

function text(block: Buffer, start: number, length: number): string {
  const slice = block.subarray(start, start + length);
  const end = slice.indexOf(0);
  return slice.subarray(0, end < 0 ? slice.length : end).toString('utf8');
}

function octal(block: Buffer, start: number, length: number): number {
  // Base-256 (high bit set) is for sizes past 8 GB: no npm package has one.
  if ((block[start] ?? 0) & 0x80) throw new TarError('tar entry too large (base-256 size)');
  const digits = text(block, start, length).trim();
  if (digits === '') return 0;
  if (!/^[0-7]+$/.test(digits)) throw new TarError(`bad number in a tar header: ${JSON.stringify(digits)}`);
  return Number.parseInt(digits, 8);
}

function checksumOk(block: Buffer): boolean {
  let sum = 0;
  for (let i = 0; i < BLOCK; i++) sum += i >= 148 && i < 156 ? 32 : block[i]!;
  return sum === octal(block, 148, 8);
}

/** `path=…` from a pax extended header's records. */
function paxPath(data: Buffer): string | undefined {
  let at = 0;
  let path: string | undefined;
  while (at < data.length) {
    const space = data.indexOf(32, at);
    if (space < 0) break;
    const length = Number(data.subarray(at, space).toString('ascii'));
    if (!Number.isInteger(length) || length <= 0) throw new TarError('bad pax header');
    const record = data.subarray(space + 1, at + length - 1).toString('utf8');
    const eq = record.indexOf('=');
    if (record.slice(0, eq) === 'path') path = record.slice(eq + 1);
    at += length;
  }
  return path;
}

/** Reads exactly `n` bytes at a time from a stream of chunks. */
class Reader {
  readonly #it: AsyncIterator<Buffer>;
  #buffer: Buffer = Buffer.alloc(0);
  #done = false;
  constructor(source: AsyncIterable<Buffer>) {
    this.#it = source[Symbol.asyncIterator]();
  }
  /** Exactly `n` bytes, fewer only at the end of the stream (file contents are streamed with `some`). */
  async read(n: number): Promise<Buffer> {
    while (this.#buffer.length < n && !this.#done) {
      const next = await this.#it.next();
      if (next.done) this.#done = true;
      else this.#buffer = this.#buffer.length ? Buffer.concat([this.#buffer, next.value]) : next.value;
    }
    const out = this.#buffer.subarray(0, n);
    this.#buffer = this.#buffer.subarray(out.length);
    return out;
  }
  /** Whatever is buffered, at most `n` bytes, reading once more if nothing is. */
  async some(n: number): Promise<Buffer> {
    if (this.#buffer.length === 0 && !this.#done) {
      const next = await this.#it.next();
      if (next.done) this.#done = true;
      else this.#buffer = next.value;
    }
    const out = this.#buffer.subarray(0, n);
    this.#buffer = this.#buffer.subarray(out.length);
    return out;
  }
}

/**
 * Extract the entries under `prefix` (npm's `package/`) into `dest`, the prefix removed. Returns the files
 * written, relative to `dest`.
 */
export async function extractTar(source: AsyncIterable<Buffer>, dest: string, prefix = 'package/'): Promise<string[]> {
  const root = resolve(dest);
  const reader = new Reader(source);
  const written: string[] = [];
  let longPath: string | undefined;
  for (;;) {
    const header = await reader.read(BLOCK);
    if (header.length < BLOCK) throw new TarError('the tarball ends in the middle of a header');
    if (header.every((b) => b === 0)) return written;
    if (!checksumOk(header)) throw new TarError('a tar header has a bad checksum');
    const name = text(header, 0, 100);
    const ustarPrefix = text(header, 257, 6).startsWith('ustar') ? text(header, 345, 155) : '';
    const entry: Entry = {
      path: longPath ?? (ustarPrefix ? `${ustarPrefix}/${name}` : name),
      type: String.fromCharCode(header[156] || 48),
      size: octal(header, 124, 12),
      mode: octal(header, 100, 8),
    };
    longPath = undefined;
    const padded = Math.ceil(entry.size / BLOCK) * BLOCK;
    if (entry.type === 'x' || entry.type === 'L') {
      const data = await reader.read(padded);
      if (data.length < padded) throw new TarError('the tarball ends inside an extended header');
      longPath = entry.type === 'L' ? text(data, 0, entry.size) : paxPath(data.subarray(0, entry.size));
      continue;
    }
    if (entry.type === 'g') {
      await reader.read(padded);
      continue;
    }
    if (entry.type !== '0' && entry.type !== '5' && entry.type !== '7')
      throw new TarError(
        `the tarball has a ${entry.type === '1' || entry.type === '2' ? 'link' : `type-${entry.type}`} entry (${entry.path}): refused`,
      );
    const target = safeTarget(root, entry.path, prefix);
    if (entry.type === '5') {
      if (target) await mkdir(target, { recursive: true });
      await reader.read(padded);
      continue;
    }
    let file: FileHandle | undefined;
    if (target) {
      await mkdir(dirname(target), { recursive: true });
      // Executable bits are kept (bin/node); nothing else of the mode is.
      file = await open(target, 'wx', entry.mode & 0o111 ? 0o755 : 0o644);
      written.push(target.slice(root.length + 1));
    }
    try {
      let left = entry.size;
      while (left > 0) {
        const chunk = await reader.some(Math.min(left, 1 << 20));
        if (chunk.length === 0) throw new TarError(`the tarball ends inside ${entry.path}`);
        if (file) await file.write(chunk);
        left -= chunk.length;
      }
    } finally {
      await file?.close();
    }
    const padding = padded - entry.size;
    if (padding && (await reader.read(padding)).length < padding) throw new TarError('the tarball ends in padding');
  }
}

/** Where an entry goes, or undefined when it is outside `prefix`; throws for a path that would leave `root`. */
function safeTarget(root: string, path: string, prefix: string): string | undefined {
  const normal = path.replace(/\\/g, '/').replace(/^\.\//, '');
  if (!normal.startsWith(prefix)) return undefined;
  const rest = normal.slice(prefix.length).replace(/\/+$/, '');
  if (rest === '') return undefined;
  if (rest.startsWith('/') || /^[a-zA-Z]:/.test(rest) || rest.split('/').some((p) => p === '..' || p === ''))
    throw new TarError(`the tarball has an unsafe path: ${JSON.stringify(path)}`);
  const target = join(root, ...rest.split('/'));
  if (!target.startsWith(root + sep)) throw new TarError(`the tarball has an unsafe path: ${JSON.stringify(path)}`);
  return target;
}
