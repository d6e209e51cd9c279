/**
 * The app's build (electron.vite.config.ts) ships the host and guest bootstraps as bundles in out/main, next
 * to the main process bundle, and the packaged app starts those — not the TypeScript sources. Run them here
 * on the pinned Node: every boundary, with and without a jail-only Permission Model policy (the child is then
 * granted the bundle folder and the evaluator's packages only), so a build that breaks a driver fails here.
 */
import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { run, useIsolatedEngine } from './harness.ts';
import { Supervisor } from '../supervisor.ts';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const builtHost = `${root}out/main/host.js`;

useIsolatedEngine();
let supervisor: Supervisor;

before(() => {
  if (!existsSync(builtHost)) {
    const r = spawnSync(process.execPath, [`${root}node_modules/electron-vite/bin/electron-vite.js`, 'build'], {
      cwd: root,
      stdio: 'inherit',
    });
    assert.equal(r.status, 0, 'electron-vite build');
  }
  supervisor = new Supervisor({ hostEntry: builtHost });
});

const DRIVERS = ['host', 'worker+vm', 'process', 'process+quickjs', 'process+isolated-vm', 'os-sandbox'];

describe('the built host and guest bundles', () => {
  for (const driver of DRIVERS) {
    test(`${driver}: 1+1 with and without the Permission Model`, async () => {
      for (const policy of [{}, { permission: true }]) {
        const r = await run(supervisor, { code: 'console.log("hi"); 1 + 1', driver, policy });
        assert.equal(r.status, 'ok', `${driver} ${JSON.stringify(policy)}: ${r.error?.message} ${r.notes.join('; ')}`);
        assert.equal(r.result, 2);
        assert.match(r.stdout, /hi/);
      }
    });
  }

  test('a guest under the Permission Model still cannot read outside its grants', async () => {
    const r = await run(supervisor, {
      code: "require('fs').readFileSync('/etc/hostname', 'utf8')",
      driver: 'process',
      policy: { permission: true },
    });
    assert.equal(r.status, 'denied', r.error?.message);
  });

  test('the built host still holds the canaries: reading the env under process is a breach', async () => {
    const r = await run(supervisor, { code: 'process.env.WORKBENCH_CANARY', driver: 'process' });
    assert.ok(
      r.verdict.breaches.some((b) => b.canary === 'env'),
      JSON.stringify(r.verdict),
    );
  });
});
