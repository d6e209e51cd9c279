/**
 * A run's own CANARY_PORT number, reused by an ended run before it or a live one after, is not another run's:
 * the trace's record of this run trying that port charges nobody. A port that was another run's is theft.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RunAttribution } from './run-attribution.ts';
import { RunRegistry, type RegisteredRun } from './run-registry.ts';
import { CanaryScanner } from '../common/verdict/canary-scan.ts';
import type { Breach } from '../common/run/result.ts';
import type { RunCanaries } from './canaries.ts';
import type { HostHandle } from './host-process.ts';

function other(id: string, port: number): RegisteredRun {
  return {
    id,
    scanner: new CanaryScanner([]),
    port,
    connectedTo: () => false,
    processes: () => [],
    touchedBy: () => undefined,
    chargeConnection: () => undefined,
  };
}

test('close(): the trace charges attempts on other runs’ ports, never on this run’s own port number', () => {
  const registry = new RunRegistry();
  // An ended run that held 5000 before this run got the same number, and a live run on 6000.
  registry.add(other('ended-run-aaaa', 5000))();
  registry.add(other('live-run-bbbbbb', 6000));
  const breaches: Breach[] = [];
  const canaries = { port: 5000, connections: [] } as unknown as RunCanaries;
  const tried = new Set([5000, 6000]);
  const attribution = new RunAttribution({
    id: 'this-run-cccccc',
    registry: () => registry,
    scanner: () => new CanaryScanner([]),
    canaries: () => canaries,
    host: () => ({ ledger: { connectedTo: (p: number) => tried.has(p) } }) as unknown as HostHandle,
    note: () => undefined,
    noteOnce: () => undefined,
    breach: (b) => breaches.push(b),
    tokenHit: () => undefined,
  });
  attribution.register();
  attribution.close();
  assert.deepEqual(
    breaches.map((b) => b.evidence),
    ["connection to run live-run's CANARY_PORT from this run (by the trace)"],
  );
});
