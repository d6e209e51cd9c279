/**
 * When the trace has not named a contained host yet, the supervisor finds it in the process tree: the first Node
 * process under the wrapper that runs the host's entry. The wrappers carry the same entry in their arguments.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { hostInTree } from '../host-process.ts';

const ENTRY = '/app/out/node/host.js';
// strace (100) → unshare (101) → sh, the namespace's init (102) → node host (103) → a guest's `node host.js` (104)
const TREE: Record<number, number[]> = { 100: [101], 101: [102], 102: [103], 103: [104, 105] };
const ARGV: Record<number, string[]> = {
  101: ['unshare', '--user', '--pid', '--', '/bin/sh', '-c', '"$0" "$@"', '/usr/bin/node', ENTRY],
  102: ['/bin/sh', '-c', '"$0" "$@"; exit $?', '/usr/bin/node', ENTRY],
  103: ['/usr/bin/node', '--disable-sigusr1', ENTRY],
  104: ['/usr/bin/node', ENTRY],
  105: ['/bin/sleep', '30'],
};
const children = (pid: number): number[] => TREE[pid] ?? [];
const argv = (pid: number): string[] => ARGV[pid] ?? [];

test('the host is the first Node process naming the entry: not a wrapper, not what its guest started', () => {
  assert.equal(hostInTree(100, ENTRY, children, argv), 103);
});

test('a Node release binary counts as Node; no process naming the entry means none', () => {
  const release: Record<number, string[]> = {
    ...ARGV,
    103: ['/home/u/.cache/sandbox-workbench/node/22.23.5/bin/node', ENTRY],
  };
  assert.equal(
    hostInTree(100, ENTRY, children, (pid) => release[pid] ?? []),
    103,
  );
  assert.equal(hostInTree(100, '/elsewhere/host.js', children, argv), undefined);
  // Before the host has started (only the wrappers exist), nothing is taken for it.
  assert.equal(
    hostInTree(100, ENTRY, (pid) => (pid === 102 ? [] : children(pid)), argv),
    undefined,
  );
});
