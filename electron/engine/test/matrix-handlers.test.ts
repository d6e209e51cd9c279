/** The probe and matrix methods of the UI contract over real runs: events per cell, cancel, export, one at a time. */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { createMatrixHandlers } from '../matrix-handlers.ts';
import { useIsolatedEngine, waitUntil } from './harness.ts';
import type { EventName } from '../../common/api/contract.ts';
import type { EventPayloads } from '../../common/api/types.ts';
import { WorkbenchError as WorkbenchErrorClass, type WorkbenchError } from '../../common/protocol/errors.ts';
import { installedVersions } from '../node-versions/resolve.ts';
import type { MatrixHandlerOptions } from '../matrix-handlers.ts';

const { supervisor } = useIsolatedEngine();
const probesDir = fileURLToPath(new URL('./fixtures/probes-plain/', import.meta.url));

function setup(extra: MatrixHandlerOptions = {}) {
  const events: Array<{ name: EventName; payload: unknown }> = [];
  let ended: (p: EventPayloads['matrixEnd']) => void = () => undefined;
  const handlers = createMatrixHandlers(
    supervisor,
    () => ({
      emit: (name, payload) => {
        events.push({ name, payload });
        if (name === 'matrixEnd') ended(payload as EventPayloads['matrixEnd']);
      },
    }),
    { probesDir, concurrency: 2, ...extra },
  );
  const end = new Promise<EventPayloads['matrixEnd']>((resolve) => (ended = resolve));
  const progress = (): EventPayloads['matrixProgress'][] =>
    events.filter((e) => e.name === 'matrixProgress').map((e) => e.payload as EventPayloads['matrixProgress']);
  return { handlers, events, end, progress };
}

describe('probes', () => {
  test('listProbes carries no code; getProbe carries code, language and the limits its cells run with', () => {
    const { handlers } = setup();
    const list = handlers.listProbes({});
    assert.deepEqual(
      list.map((p) => p.id),
      ['env-leak', 'kill-own-process', 'never-settles', 'spin', 'sum'],
    );
    for (const p of list) assert.deepEqual(Object.keys(p).sort(), ['category', 'goal', 'id', 'technique', 'title']);
    const spin = handlers.getProbe({ id: 'spin' });
    assert.equal(spin.code.trim(), 'while (true) {}');
    assert.equal(spin.language, 'js');
    assert.equal(spin.file, 'spin.js');
    assert.deepEqual(spin.runLimits, { timeoutMs: 2000, memoryMb: 128 });
    assert.throws(
      () => handlers.getProbe({ id: 'nope' }),
      (e: WorkbenchError) => e.code === 'bad-argument',
    );
  });
});

describe('a matrix from the UI', () => {
  test('each finished cell is an event; the end follows; the report exports in every format', async () => {
    const { handlers, end, progress } = setup();
    const started = await handlers.startMatrix({
      probes: ['sum', 'env-leak'],
      drivers: ['process', 'inline'],
      policy: 'default',
    });
    assert.equal(started.total, 4);
    assert.deepEqual(started.probes, ['env-leak', 'sum'], 'library order');
    assert.deepEqual(started.drivers, ['process', 'host'], 'canonical ids');
    await assert.rejects(
      handlers.startMatrix({ policy: 'default' }),
      (e: WorkbenchError) => e.code === 'unavailable',
      'one at a time',
    );
    assert.throws(
      () => handlers.exportMatrix({ id: started.id, format: 'json' }),
      (e: WorkbenchError) => e.code === 'unavailable',
    );
    const last = await end;
    assert.deepEqual(last, { ...last, matrixId: started.id, cancelled: false, done: 4, total: 4 });
    const cells = progress();
    assert.deepEqual(
      cells.map((p) => p.done),
      [1, 2, 3, 4],
    );
    const verdicts = Object.fromEntries(cells.map((p) => [`${p.cell.probe}@${p.cell.driver}`, p.cell.verdict]));
    assert.deepEqual(verdicts, {
      'env-leak@process': 'escaped',
      'env-leak@host': 'escaped',
      'sum@process': 'contained',
      'sum@host': 'contained',
    });
    const json = handlers.exportMatrix({ id: started.id, format: 'json' });
    assert.equal((JSON.parse(json.text) as { cells: unknown[] }).cells.length, 4);
    assert.match(json.fileName, /^isolation-matrix-default-\d{4}-\d\d-\d\d\.json$/);
    const md = handlers.exportMatrix({ id: started.id, format: 'md' });
    assert.match(md.text, /^# Isolation matrix/);
    assert.equal(md.mime, 'text/markdown');
    const html = handlers.exportMatrix({ id: started.id, format: 'html' });
    assert.match(html.text, /^<!doctype html>/);
    assert.throws(
      () => handlers.exportMatrix({ id: 'matrix-000000000000', format: 'md' }),
      (e: WorkbenchError) => e.code === 'bad-argument',
    );
  });

  test('cancel stops the running cells and starts no more; nothing is left running', async () => {
    const { handlers, end, progress } = setup();
    const started = await handlers.startMatrix({
      probes: ['spin', 'never-settles'],
      drivers: ['worker', 'process'],
      policy: 'default',
    });
    await waitUntil('cells to be running', () => supervisor.runPhases.includes('running'));
    assert.deepEqual(handlers.cancelMatrix({ id: started.id }), { cancelled: true });
    assert.deepEqual(handlers.cancelMatrix({ id: started.id }), { cancelled: false });
    const last = await end;
    assert.equal(last.cancelled, true);
    assert.ok(last.done < last.total, `${last.done} < ${last.total}`);
    assert.equal(supervisor.activeRuns, 0);
    assert.ok(progress().every((p) => p.cell.verdict === 'error' && /cancelled/.test(p.cell.detail)));
    // The cancelled matrix is exportable (what it had), and a new one may start.
    assert.ok(handlers.exportMatrix({ id: started.id, format: 'md' }));
  });

  test('stopAll (the page went away) cancels the matrix', async () => {
    const { handlers, end } = setup();
    await handlers.startMatrix({ probes: ['spin'], drivers: ['worker'], policy: 'hardened' });
    await waitUntil('the cell to be running', () => supervisor.runPhases.includes('running'));
    handlers.stopAll();
    assert.equal((await end).cancelled, true);
    assert.equal(supervisor.activeRuns, 0);
  });

  test('unknown probes and drivers are refused before anything runs', async () => {
    const { handlers } = setup();
    for (const [args, code] of [
      [{ probes: ['nope'], policy: 'default' }, 'bad-argument'],
      [{ drivers: ['worker+nope'], policy: 'default' }, 'bad-driver'],
      [{ probes: [], policy: 'default' }, 'bad-argument'],
    ] as const) {
      await assert.rejects(handlers.startMatrix(args as never), (e: WorkbenchError) => e.code === code);
    }
    assert.equal(supervisor.activeRuns, 0);
  });
});

describe('a matrix over Node releases from the UI', () => {
  // The repository's cache of releases (as node-versions.test.ts): a 22 installed there is used without a download.
  process.env.WORKBENCH_NODE_CACHE ??= fileURLToPath(
    new URL('../../../node_modules/.cache/workbench-node', import.meta.url),
  );

  test('each release installed first; one column group per release, columns driver@release, cells on them', async () => {
    const v22 = installedVersions().find((v) => v.startsWith('22.')) ?? '22';
    const asked: string[] = [];
    const { handlers, end, progress } = setup({
      prepareNode: async (spec) => {
        asked.push(spec);
        return (await supervisor.prepareNode(spec)).version.replace(/^v/, '');
      },
    });
    const pinned = supervisor.runtime.version.replace(/^v/, '');
    const started = await handlers.startMatrix({
      probes: ['sum'],
      drivers: ['worker', 'process'],
      policy: 'default',
      nodes: [v22, pinned],
    });
    assert.deepEqual(asked, [v22, pinned], 'each release prepared, in order');
    const exact22 = started.nodes?.[0] ?? '';
    assert.match(exact22, /^22\.\d+\.\d+$/);
    assert.deepEqual(started.nodes, [exact22, pinned]);
    assert.deepEqual(started.drivers, [
      `worker@${exact22}`,
      `process@${exact22}`,
      `worker@${pinned}`,
      `process@${pinned}`,
    ]);
    assert.equal(started.total, 4);
    const last = await end;
    assert.equal(last.done, 4);
    const cells = progress().map((p) => p.cell);
    assert.deepEqual(cells.map((c) => `${c.driver}:${c.node}:${c.verdict}`).sort(), [
      `process@${exact22}:${exact22}:contained`,
      `process@${pinned}:${pinned}:contained`,
      `worker@${exact22}:${exact22}:contained`,
      `worker@${pinned}:${pinned}:contained`,
    ]);
  });

  test('a release that cannot be installed rejects the start with its message; the next matrix may start', async () => {
    const { handlers, end } = setup({
      prepareNode: (spec) =>
        Promise.reject(
          new WorkbenchErrorClass('unavailable', `Node ${spec} is not installed and the registry cannot be reached`),
        ),
    });
    await assert.rejects(
      handlers.startMatrix({ probes: ['sum'], drivers: ['worker'], policy: 'default', nodes: ['26'] }),
      /Node 26 is not installed/,
    );
    assert.equal(supervisor.activeRuns, 0);
    const started = await handlers.startMatrix({ probes: ['sum'], drivers: ['worker'], policy: 'default' });
    assert.equal(started.nodes, undefined);
    assert.deepEqual(started.drivers, ['worker']);
    await end;
  });

  test('without an installer, a matrix over releases is refused', async () => {
    const { handlers } = setup();
    await assert.rejects(
      handlers.startMatrix({ probes: ['sum'], drivers: ['worker'], policy: 'default', nodes: ['22'] }),
      (e: WorkbenchError) => e.code === 'unavailable',
    );
  });
});
