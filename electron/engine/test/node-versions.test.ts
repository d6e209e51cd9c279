/**
 * Runs on other Node releases, for real: Node 22 and Node 20 installed from the npm registry into the
 * repository's cache (node_modules/.cache/workbench-node, so only the first run downloads), a guest run on
 * each under worker and process must see exactly that release, and a matrix over 22, the pinned 24 and 20
 * gives one column group per release.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { useIsolatedEngine } from './harness.ts';
import { runMatrix } from '../matrix.ts';

process.env.WORKBENCH_NODE_CACHE ??= fileURLToPath(
  new URL('../../../node_modules/.cache/workbench-node', import.meta.url),
);
const { supervisor } = useIsolatedEngine();

const RELEASES = ['22', '20'];

for (const spec of RELEASES) {
  test(`Node ${spec}: the guest runs on exactly that release under worker and process`, async () => {
    const runtime = await supervisor.prepareNode(spec);
    const version = runtime.version.replace(/^v/, '');
    assert.equal(version.split('.')[0], spec);
    for (const driver of ['worker', 'process']) {
      const result = await supervisor.startRun({ code: 'process.version', driver, node: spec }).result;
      assert.equal(result.status, 'ok', `${driver}: ${result.error?.message ?? result.notes.join('; ')}`);
      assert.equal(result.result, `v${version}`, driver);
      assert.equal(result.node, version, driver);
    }
    // Never another release: isolated-vm has no prebuild for 20 or 22, and says so instead of running elsewhere.
    assert.throws(
      () => supervisor.startRun({ code: '1', driver: 'process+isolated-vm', node: spec }),
      new RegExp(`no prebuilt addon for Node ${version.replace(/\./g, '\\.')}`),
    );
  });
}

test('a run without --node records the pinned default release', async () => {
  const result = await supervisor.startRun({ code: 'process.version', driver: 'worker' }).result;
  assert.equal(result.result, supervisor.runtime.version);
  assert.equal(result.node, supervisor.runtime.version.replace(/^v/, ''));
});

test('a matrix over three releases: one column group each, each cell on its release', async () => {
  const nodes: string[] = [];
  for (const spec of ['22', supervisor.runtime.version, '20'])
    nodes.push((await supervisor.prepareNode(spec)).version.replace(/^v/, ''));
  const report = await runMatrix(supervisor, {
    probes: ['env-process-env'],
    drivers: ['worker', 'process'],
    nodes,
    concurrency: 2,
  });
  assert.deepEqual(report.nodes, nodes);
  assert.deepEqual(
    report.drivers,
    nodes.flatMap((n) => [`worker@${n}`, `process@${n}`]),
  );
  assert.equal(report.cells.length, 6);
  for (const cell of report.cells) {
    assert.equal(cell.driver.split('@')[1], cell.node);
    assert.equal(cell.status, 'ok', `${cell.driver}: ${cell.detail}`);
    // The probe reads process.env, where the host's env canary is: escaped on every release.
    assert.equal(cell.verdict, 'escaped', `${cell.driver}: ${cell.detail}`);
  }
});

test('a child guest under the Permission Model starts on a release without ES module syntax detection (20.11.0)', async () => {
  // Before 22.7 (and 20.19) Node tells ES modules from CommonJS only by package.json or .mjs; the guest may read
  // only its bootstrap folder, so that folder carries its own package.json (bin/node-bundle.mjs).
  await supervisor.prepareNode('20.11.0');
  const result = await supervisor.startRun({
    code: 'process.version',
    driver: 'process',
    node: '20.11.0',
    policy: { permission: true },
  }).result;
  assert.equal(result.status, 'ok', `${result.stderr.slice(0, 400)} ${result.notes.join('; ')}`);
  assert.equal(result.result, 'v20.11.0');
});

test('a CVE probe across releases: escaped where the record says it is open, contained where patched, and only there expected so', async () => {
  const nodes = ['20.3.0', supervisor.runtime.version.replace(/^v/, '')];
  for (const n of nodes) await supervisor.prepareNode(n);
  const report = await runMatrix(supervisor, {
    probes: ['cve-2023-30584-path-traversal'],
    drivers: ['process'],
    nodes,
    policy: 'hardened',
    concurrency: 2,
  });
  const [open, patched] = nodes.map((n) => report.cells.find((c) => c.node === n)!);
  assert.equal(open!.verdict, 'escaped', open!.detail);
  assert.equal(open!.expected, 'any', 'a vulnerable release is not held to the patched expectation');
  assert.notEqual(open!.comparison, 'worse');
  assert.equal(patched!.verdict, 'contained', patched!.detail);
  assert.equal(patched!.expected, 'contained');
});
