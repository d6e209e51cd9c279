/**
 * The layering of DESIGN.md §3 (with the Node-only layer, docs/engine.md "Layers") is enforced by lint. These cases make sure the rules bite: each import
 * below crosses a layer the wrong way and must be reported; each allowed one must not be.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const eslint = new ESLint({ cwd: root });

async function restricted(file: string, source: string): Promise<boolean> {
  const [result] = await eslint.lintText(source, { filePath: `${root}${file}` });
  return (result?.messages ?? []).some(
    (m) =>
      m.ruleId === 'no-restricted-imports' ||
      (m.ruleId === 'no-restricted-syntax' && m.message.endsWith('(dynamic import)')),
  );
}

const CASES: Array<[file: string, source: string, forbidden: boolean]> = [
  ['electron/common/x.ts', "import { readFileSync } from 'node:fs';\nexport const a = readFileSync;\n", true],
  ['electron/common/x.ts', "import { readFileSync } from 'fs';\nexport const a = readFileSync;\n", true],
  ['electron/common/x.ts', "import { Run } from '../engine/run.ts';\nexport const a = Run;\n", true],
  ['electron/common/x.ts', "import { safeParse } from './safe-json.ts';\nexport const a = safeParse;\n", false],
  ['electron/engine/x.ts', "import { app } from 'electron';\nexport const a = app;\n", true],
  ['electron/engine/x.ts', "import { a } from '../../workers/host/main.ts';\nexport const b = a;\n", true],
  ['electron/engine/x.ts', "import { a } from '../host/cli/args.ts';\nexport const b = a;\n", true],
  [
    'electron/engine/x.ts',
    "import { safeParse } from '../common/protocol/safe-json.ts';\nimport { readFileSync } from 'node:fs';\nexport const a = [safeParse, readFileSync];\n",
    false,
  ],
  [
    'electron/host/x.ts',
    "import { Supervisor } from '../engine/supervisor.ts';\nexport const a = Supervisor;\n",
    false,
  ],
  ['electron/host/x.ts', "import { a } from '../main/index.ts';\nexport const b = a;\n", true],
  ['electron/preload/x.ts', "import { readFileSync } from 'node:fs';\nexport const a = readFileSync;\n", true],
  [
    'electron/preload/x.ts',
    "import { Supervisor } from '../engine/supervisor.ts';\nexport const a = Supervisor;\n",
    true,
  ],
  [
    'renderer/src/x.ts',
    "import { Supervisor } from '../../electron/engine/supervisor.ts';\nexport const a = Supervisor;\n",
    true,
  ],
  ['renderer/src/x.ts', "import { readFileSync } from 'node:fs';\nexport const a = readFileSync;\n", true],
  [
    'renderer/src/x.ts',
    "import { parseDriverId } from '../../electron/common/run/driver-id.ts';\nexport const a = parseDriverId;\n",
    false,
  ],
  ['workers/host/x.ts', "import { Run } from '../../electron/engine/run.ts';\nexport const a = Run;\n", true],
  // At any depth, and through import() too.
  ['electron/engine/history/x.ts', "import { a } from '../../host/cli/args.ts';\nexport const b = a;\n", true],
  ['electron/engine/history/x.ts', "import { a } from '../../main/index.ts';\nexport const b = a;\n", true],
  ['electron/engine/test/fixtures/x.ts', "import { a } from '../../../preload/index.ts';\nexport const b = a;\n", true],
  [
    'electron/engine/history/x.ts',
    "import { safeParse } from '../../common/protocol/safe-json.ts';\nexport const a = safeParse;\n",
    false,
  ],
  ['electron/engine/history/x.ts', "export const a = () => import('../../host/cli/args.ts');\n", true],
  ['electron/engine/x.ts', "export const a = () => import('../../workers/host/main.ts');\n", true],
  ['electron/common/matrix/x.ts', "export const a = () => import('node:fs');\n", true],
  ['renderer/src/features/x/y.ts', "export const a = () => import('../../../../electron/engine/run.ts');\n", true],
  ['electron/engine/x.ts', "export const a = () => import('../common/protocol/safe-json.ts');\n", false],
  // A test host is a spawned process: it may load the real host it wraps; other engine tests may not.
  ['electron/engine/test/fixtures/odd-host.ts', "await import('../../../../workers/host/main.ts');\n", false],
  ['electron/engine/test/x.test.ts', "import { a } from '../../../workers/host/main.ts';\nexport const b = a;\n", true],
  ['electron/common/x.ts', 'export enum E { A }\n', false],
  [
    'workers/host/x.ts',
    "import { encodeFrame } from '../../electron/common/protocol/framing.ts';\nexport const a = encodeFrame;\n",
    false,
  ],
  // The Node-only layer: Node's built-ins and common below it; engine, host and workers above may use it;
  // common, the renderer and the preload may not.
  ['electron/node/proc/x.ts', "import { readFileSync } from 'node:fs';\nexport const a = readFileSync;\n", false],
  [
    'electron/node/proc/x.ts',
    "import { safeParse } from '../../common/protocol/safe-json.ts';\nexport const a = safeParse;\n",
    false,
  ],
  ['electron/node/proc/x.ts', "import { Run } from '../../engine/run.ts';\nexport const a = Run;\n", true],
  ['electron/node/proc/x.ts', "export const a = () => import('../../host/cli/args.ts');\n", true],
  ['electron/node/x.ts', "import { a } from '../../workers/host/main.ts';\nexport const b = a;\n", true],
  ['electron/node/x.ts', "import { app } from 'electron';\nexport const a = app;\n", true],
  [
    'electron/engine/x.ts',
    "import { listenOn } from '../node/transport/one-shot-listener.ts';\nexport const a = listenOn;\n",
    false,
  ],
  [
    'electron/engine/history/x.ts',
    "import { findOnPath } from '../../node/proc/find-on-path.ts';\nexport const a = findOnPath;\n",
    false,
  ],
  [
    'electron/host/cli/x.ts',
    "import { findOnPath } from '../../node/proc/find-on-path.ts';\nexport const a = findOnPath;\n",
    false,
  ],
  [
    'electron/common/run/x.ts',
    "import { findOnPath } from '../../node/proc/find-on-path.ts';\nexport const a = findOnPath;\n",
    true,
  ],
  ['electron/common/x.ts', "export const a = () => import('../node/proc/find-on-path.ts');\n", true],
  [
    'renderer/src/features/x/y.ts',
    "import { findOnPath } from '../../../../electron/node/proc/find-on-path.ts';\nexport const a = findOnPath;\n",
    true,
  ],
  [
    'electron/preload/x.ts',
    "import { findOnPath } from '../node/proc/find-on-path.ts';\nexport const a = findOnPath;\n",
    true,
  ],
];

for (const [file, source, forbidden] of CASES) {
  const what = source.split('\n')[0];
  test(`${file}: ${what} is ${forbidden ? 'rejected' : 'allowed'}`, async () => {
    assert.equal(await restricted(file, source), forbidden);
  });
}

// Each layer sets no-restricted-syntax for its dynamic imports; the project-wide ban on enums must survive that.
test('enums are still refused inside a layer', async () => {
  const [result] = await eslint.lintText('export enum E {\n  A,\n}\n', { filePath: `${root}electron/common/x.ts` });
  assert.ok(
    (result?.messages ?? []).some((m) => m.ruleId === 'no-restricted-syntax' && /enums/.test(m.message)),
    JSON.stringify(result?.messages),
  );
});
