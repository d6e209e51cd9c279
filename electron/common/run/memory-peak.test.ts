import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  CHILD_RUNTIME_ALLOWANCE_BYTES,
  WORKER_RUNTIME_ALLOWANCE_BYTES,
  guestMemory,
  memoryAllowanceBytes,
  memoryToleranceBytes,
} from './memory-peak.ts';
import type { Sample } from './result.ts';

const MB = 1024 * 1024;
const workers = [
  { id: 'host', kind: 'host' as const },
  { id: 'thread-1', kind: 'thread' as const },
  { id: 'child-1', kind: 'child' as const },
];

test('worker: a host killed before it reported cannot hide the RSS growth the chart shows (issue 12)', () => {
  // The reproduction: the host's report never came, its heap samples froze at 14 MB, its RSS grew to 500 MB.
  const samples: Sample[] = [
    { worker: 'host', atMs: 0, rssBytes: 86 * MB },
    { worker: 'thread-1', atMs: 100, heapUsedBytes: 11 * MB, externalBytes: 7 * MB },
    { worker: 'host', atMs: 100, rssBytes: 126 * MB },
    { worker: 'thread-1', atMs: 200, heapUsedBytes: 14 * MB, externalBytes: 10 * MB },
    { worker: 'host', atMs: 3000, rssBytes: 500 * MB },
  ];
  const m = guestMemory('worker', samples, workers, undefined);
  assert.equal(m.peakBytes, (500 - 86) * MB);
  assert.equal(m.hostBaselineBytes, 86 * MB);
  // A guest-side report below the samples does not win; one above them does.
  assert.equal(guestMemory('worker', samples, workers, 92 * MB).peakBytes, 414 * MB);
  assert.equal(guestMemory('worker', samples, workers, 600 * MB).peakBytes, 600 * MB);
});

test("worker: the thread's heap + external counts when it is the larger figure", () => {
  const samples: Sample[] = [
    { worker: 'host', atMs: 0, rssBytes: 80 * MB },
    { worker: 'thread-1', atMs: 100, heapUsedBytes: 60 * MB, externalBytes: 40 * MB },
    { worker: 'host', atMs: 100, rssBytes: 150 * MB },
  ];
  assert.equal(guestMemory('worker', samples, workers, 0).peakBytes, 100 * MB);
});

test("host: the host's whole RSS; process: the child's RSS, not the host's", () => {
  const samples: Sample[] = [
    { worker: 'host', atMs: 0, rssBytes: 80 * MB },
    { worker: 'child-1', atMs: 50, rssBytes: 45 * MB },
    { worker: 'host', atMs: 100, rssBytes: 300 * MB },
    { worker: 'child-1', atMs: 100, rssBytes: 900 * MB },
  ];
  assert.equal(guestMemory('host', samples, workers, 10 * MB).peakBytes, 300 * MB);
  assert.equal(guestMemory('process', samples, workers, 200 * MB).peakBytes, 900 * MB);
  assert.equal(guestMemory('os-sandbox', samples, workers, 0).sampledBytes, 900 * MB);
});

test('no samples: the report alone; a nonsense report counts as nothing', () => {
  assert.equal(guestMemory('process', [], workers, 42).peakBytes, 42);
  assert.equal(guestMemory('process', [], workers, Number.NaN).peakBytes, 0);
  assert.equal(guestMemory('process', [], workers, -5).peakBytes, 0);
});

test('allowance per boundary, tolerance grows with the budget', () => {
  assert.equal(memoryAllowanceBytes('host', 'quickjs', 90 * MB), 90 * MB);
  assert.equal(memoryAllowanceBytes('worker', 'plain'), WORKER_RUNTIME_ALLOWANCE_BYTES);
  assert.equal(memoryAllowanceBytes('process', 'isolated-vm'), CHILD_RUNTIME_ALLOWANCE_BYTES['isolated-vm']);
  assert.equal(memoryToleranceBytes(128 * MB), 40 * MB);
  assert.equal(memoryToleranceBytes(0), 8 * MB);
});

test("the supervisor's running RSS maxima count for the guest's own process only", () => {
  // "peak 86 MB" for console.log('hi'): the host's RSS at its first reading, taken as the guest's.
  const samples: Sample[] = [
    { worker: 'host', atMs: 0, rssBytes: 86 * MB },
    { worker: 'thread-1', atMs: 100, heapUsedBytes: 4 * MB, externalBytes: 1 * MB },
    { worker: 'host', atMs: 100, rssBytes: 110 * MB },
  ];
  const outside = { hostBytes: 110 * MB, childBytes: 27 * MB };
  assert.equal(guestMemory('worker', samples, workers, 20 * MB, outside).peakBytes, 24 * MB);
  assert.equal(guestMemory('host', [], workers, 20 * MB, outside).peakBytes, 110 * MB);
  // "peak 89 MB" next to a 27 MB child: the host's RSS, read before the child existed, is not the child's.
  assert.equal(guestMemory('process', [], workers, 20 * MB, outside).peakBytes, 27 * MB);
});
