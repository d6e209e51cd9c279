/**
 * Claims shared by every evaluator that gives its guest no Node APIs (isolated-vm, QuickJS, SES, vm2): the
 * permission, env and network rows, and the six canaries the guest has no API to reach. Each evaluator words
 * why with its own `sealed` (what it lacks, and why it lacks it); the rest of its claims are its own.
 */
import type { CanaryName } from '../run/result.ts';
import type { Caps, Protection } from './capabilities.ts';

type SealedRows = Pick<Caps, 'permissions' | 'env' | 'network'> & {
  readonly canaries: Record<Exclude<CanaryName, 'host-crash' | 'integrity'>, Protection>;
};

/** `realm`: what the guest has no reference to, in the words of this evaluator ("the host realm"). */
export function sealedGuest(base: Caps, sealed: (what: string) => Protection, realm: string): SealedRows {
  return {
    permissions: { enforced: true, how: `the guest has no Node APIs to permit (around it: ${base.permissions.how})` },
    env: { enforced: true, how: `the guest has no process object (around it: ${base.env.how})` },
    network: { enforced: true, how: 'the guest has no network API' },
    canaries: {
      env: sealed('process object'),
      global: sealed(`reference to ${realm}`),
      file: sealed('file system API'),
      network: sealed('network API'),
      'fs-write': sealed('file system API'),
      'child-process': sealed('process API'),
    },
  };
}
