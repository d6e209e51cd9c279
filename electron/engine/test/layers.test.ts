/**
 * The layering of DESIGN.md §3 is enforced by lint. These cases make sure the rules bite: each import
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
  return (result?.messages ?? []).some((m) => m.ruleId === 'no-restricted-imports');
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
    "import { safeParse } from '../common/safe-json.ts';\nimport { readFileSync } from 'node:fs';\nexport const a = [safeParse, readFileSync];\n",
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
    "import { parseDriverId } from '../../electron/common/driver-id.ts';\nexport const a = parseDriverId;\n",
    false,
  ],
  ['workers/host/x.ts', "import { Run } from '../../electron/engine/run.ts';\nexport const a = Run;\n", true],
  [
    'workers/host/x.ts',
    "import { encodeFrame } from '../../electron/common/framing.ts';\nexport const a = encodeFrame;\n",
    false,
  ],
];

for (const [file, source, forbidden] of CASES) {
  const what = source.split('\n')[0];
  test(`${file}: ${what} is ${forbidden ? 'rejected' : 'allowed'}`, async () => {
    assert.equal(await restricted(file, source), forbidden);
  });
}
