#!/usr/bin/env node
/**
 * `npm run docs:matrix`: docs/isolation-matrix.md — every shipped probe under every driver on the pinned Node,
 * each cell run twice, then the version axis: the CVE probes under `process` and `worker` with the hardened
 * policy on three Node releases (the first with the Permission Model's early bugs, a 22.x and the pinned one),
 * appended as a section of the same page. Takes about 45 minutes on two cores; `--assemble MAIN VERSIONS`
 * only joins two reports written before.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const OUT = join(root, 'docs', 'isolation-matrix.md');
/** The releases of the version axis: Permission Model bugs open, some closed, all closed (the pinned one). */
export const VERSION_AXIS = ['20.3.0', '22.12.0', '24.21.0'];

function matrix(args, out) {
  const r = spawnSync(
    process.execPath,
    [join(root, 'bin', 'workbench.mjs'), 'matrix', ...args, '--format', 'md', '--out', out],
    {
      stdio: ['ignore', 'inherit', 'inherit'],
    },
  );
  if (r.status !== 0 && !readable(out)) throw new Error(`workbench matrix ${args.join(' ')} failed (${r.status})`);
}

function readable(file) {
  try {
    return readFileSync(file, 'utf8').length > 0;
  } catch {
    return false;
  }
}

/** The version report as a section of the main page: its title dropped, its headings one level down. */
export function assemble(main, versions) {
  const body = versions
    .replace(/^# .*\n+/, '')
    .replace(/^(#{2,5}) /gm, '#$1 ')
    .replace(/^\*\*Legend\*\*[\s\S]*?\n\n/m, '');
  return `${main.trimEnd()}

## Across Node releases

The CVE probes (\`resources/probes/cve\`, each with its security-wg record) under \`process\` and \`worker\`, hardened
policy, on ${VERSION_AXIS.join(', ')}: a column is \`driver@release\`. On a release a probe's record says is still
open, the cell expects any outcome (its \`expect\` lines are for patched releases), so an escape there is the
record confirmed, not a regression. \`workbench bisect\` finds the release where a cell changes.

${body.trim()}
`;
}

const args = process.argv.slice(2);
if (args[0] === '--assemble') {
  writeFileSync(OUT, assemble(readFileSync(args[1], 'utf8'), readFileSync(args[2], 'utf8')));
} else {
  const dir = mkdtempSync(join(tmpdir(), 'wb-docs-matrix-'));
  try {
    matrix(['--repeat', '2'], join(dir, 'main.md'));
    matrix(
      [
        '--node',
        VERSION_AXIS.join(','),
        '--drivers',
        'process,worker',
        '--policy',
        'hardened',
        '--probes',
        join(root, 'resources', 'probes', 'cve'),
      ],
      join(dir, 'versions.md'),
    );
    writeFileSync(
      OUT,
      assemble(readFileSync(join(dir, 'main.md'), 'utf8'), readFileSync(join(dir, 'versions.md'), 'utf8')),
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
process.stdout.write(`wrote ${OUT}\n`);
