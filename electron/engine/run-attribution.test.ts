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

function other(id: string, port: number, portSince = 0): RegisteredRun {
  return {
    id,
    scanner: new CanaryScanner([]),
    port,
    portSince,
    connectedTo: () => false,
    processes: () => [],
    touchedBy: () => undefined,
    chargeConnection: () => undefined,
  };
}

/**
 * A run registered in `registry`, with CANARY_PORT 5000, whose trace says it tried the ports `tried` answers
 * for; it is closed (its trace judged) at once, and its breaches collected in `breaches`.
 */
function closeRun(
  id: string,
  registry: RunRegistry,
  tried: (port: number, from?: number, to?: number) => boolean,
  breaches: Breach[],
): void {
  const attribution = new RunAttribution({
    id,
    registry: () => registry,
    scanner: () => new CanaryScanner([]),
    canaries: () => ({ port: 5000, portSince: 0, connections: [] }) as unknown as RunCanaries,
    host: () => ({ ledger: { connectedTo: tried } }) as unknown as HostHandle,
    note: () => undefined,
    noteOnce: () => undefined,
    breach: (b) => breaches.push(b),
    tokenHit: () => undefined,
  });
  attribution.register();
  attribution.close();
}

test('close(): the trace charges attempts on other runs’ ports, never on this run’s own port number', () => {
  const registry = new RunRegistry();
  // An ended run that held 5000 before this run got the same number, and a live run on 6000.
  registry.add(other('ended-run-aaaa', 5000))();
  registry.add(other('live-run-bbbbbb', 6000));
  const breaches: Breach[] = [];
  const tried = new Set([5000, 6000]);
  closeRun('this-run-cccccc', registry, (p) => tried.has(p), breaches);
  assert.deepEqual(
    breaches.map((b) => b.evidence),
    ["connection to run live-run's CANARY_PORT from this run (by the trace)"],
  );
});

test('close(): an attempt on a port number is theft only while another run held it', () => {
  const registry = new RunRegistry();
  // A live run that took 6000 at t = 100, and one that held 7000 and has ended since.
  registry.add(other('live-run-bbbbbb', 6000, 100));
  registry.add(other('ended-run-aaaa', 7000, 0))();
  const ended = performance.now();
  // This run's trace: 6000 tried at t = 50 only (before the live run had it), 7000 tried after that run ended.
  const attempts = [
    { port: 6000, at: 50 },
    { port: 7000, at: ended + 1000 },
  ];
  const tried = (p: number, from = -Infinity, to = Infinity): boolean =>
    attempts.some((a) => a.port === p && a.at >= from && a.at <= to);
  const breaches: Breach[] = [];
  closeRun('this-run-cccccc', registry, tried, breaches);
  assert.equal(breaches.length, 0, breaches.map((b) => b.evidence).join('; '));
  // The same attempts inside the windows are charged, each to the run that held the port.
  attempts[0]!.at = 150;
  attempts[1]!.at = ended - 1;
  closeRun('this-run-dddddd', registry, tried, breaches);
  assert.deepEqual(breaches.map((b) => b.evidence).sort(), [
    "connection to run ended-ru's CANARY_PORT from this run (by the trace)",
    "connection to run live-run's CANARY_PORT from this run (by the trace)",
  ]);
});
