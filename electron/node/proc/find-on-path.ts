/** Looking a program up on PATH, as a shell would: the first directory that holds it wins. */
import { existsSync } from 'node:fs';
import { delimiter } from 'node:path';

export function findOnPath(
  name: string,
  pathVariable: string | undefined = process.env.PATH,
  exists: (path: string) => boolean = existsSync,
): string | undefined {
  for (const dir of (pathVariable ?? '').split(delimiter)) {
    if (!dir) continue;
    const candidate = `${dir.replace(/[\\/]+$/, '')}/${name}`;
    if (exists(candidate)) return candidate;
  }
  return undefined;
}
