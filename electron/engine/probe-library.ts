/**
 * Loading probes from a folder (the shipped library or any folder of user scripts, with or without
 * headers): every .js/.mjs/.cjs/.ts file below it, sorted by path, parsed for its header.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, extname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseProbe, type ProbeMeta } from '../common/matrix/probe-header.ts';
import { WorkbenchError } from '../common/protocol/errors.ts';
import type { Language } from '../common/run/run-spec.ts';

export const SHIPPED_PROBES_DIR = fileURLToPath(new URL('../../resources/probes/', import.meta.url));
const EXTENSIONS = new Set(['.js', '.mjs', '.cjs', '.ts']);
const MAX_PROBES = 2000;

export interface Probe {
  readonly meta: ProbeMeta;
  /** Path relative to the folder it was loaded from. */
  readonly file: string;
  readonly code: string;
  readonly language: Language;
}

export function loadProbes(dir: string = SHIPPED_PROBES_DIR): Probe[] {
  let root: ReturnType<typeof statSync>;
  try {
    root = statSync(dir);
  } catch {
    throw new WorkbenchError('bad-argument', `probe folder not found: ${dir}`);
  }
  if (!root.isDirectory()) throw new WorkbenchError('bad-argument', `not a folder: ${dir}`);
  const files: string[] = [];
  const walk = (d: string): void => {
    for (const name of readdirSync(d).sort()) {
      if (name.startsWith('.') || name === 'node_modules') continue;
      const path = join(d, name);
      const st = statSync(path);
      if (st.isDirectory()) walk(path);
      else if (EXTENSIONS.has(extname(name)) && files.length < MAX_PROBES) files.push(path);
    }
  };
  walk(dir);
  const seen = new Map<string, number>();
  return files.map((path) => {
    const code = readFileSync(path, 'utf8');
    const file = relative(dir, path);
    const parsed = parseProbe(code, basename(path, extname(path)));
    // Two files with one id would share matrix rows: the later one gets its path as id.
    const n = (seen.get(parsed.id) ?? 0) + 1;
    seen.set(parsed.id, n);
    const meta =
      n === 1 ? parsed : { ...parsed, id: file, warnings: [...parsed.warnings, `duplicate id "${parsed.id}"`] };
    return { meta, file, code, language: extname(path) === '.ts' ? 'ts' : 'js' };
  });
}
