/** Looking a program up on PATH, with the existence check injected (common code has no file system). */
export function findOnPath(
  name: string,
  pathVariable: string | undefined,
  delimiter: string,
  exists: (path: string) => boolean,
): string | undefined {
  for (const dir of (pathVariable ?? '').split(delimiter)) {
    if (!dir) continue;
    const candidate = `${dir.replace(/[\\/]+$/, '')}/${name}`;
    if (exists(candidate)) return candidate;
  }
  return undefined;
}
