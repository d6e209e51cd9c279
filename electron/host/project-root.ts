/**
 * The checkout's root folder, for the CLI, browser mode and the bench, which find files there (the built
 * renderer, the bench's floor scripts). Found by walking up to the project's package.json rather than by a
 * fixed number of `..`: these modules run from their sources (electron/host/…) and from the Node bundle
 * (out/node, scripts/build-node.mjs), which sit at different depths.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const PACKAGE_NAME = 'sandbox-workbench';

function findRoot(from: string): string {
  for (let dir = from; ; dir = dirname(dir)) {
    try {
      const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name?: unknown };
      if (pkg.name === PACKAGE_NAME) return dir;
    } catch {
      // No package.json here, or not ours: keep going up.
    }
    if (dirname(dir) === dir) throw new Error(`the ${PACKAGE_NAME} checkout was not found above ${from}`);
  }
}

/** The root folder, without a trailing separator. */
export const PROJECT_ROOT = findRoot(dirname(fileURLToPath(import.meta.url)));
