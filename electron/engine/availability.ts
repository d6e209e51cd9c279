/**
 * Whether each evaluator and the OS sandbox work on this machine, found by trying once per process (the
 * answer does not change while it runs), and said in words a user can act on when they do not.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { bwrapTrialArgs } from '../node/sandbox/bwrap-args.ts';
import { unixSocketFilter } from '../node/sandbox/seccomp-filter.ts';
import { findOnPath } from '../node/proc/find-on-path.ts';
import type { Boundary, Evaluator } from '../common/run/driver-id.ts';
import type { NodeRuntime } from './node-runtime.ts';

export type Availability = { readonly available: true } | { readonly available: false; readonly reason: string };

const YES: Availability = { available: true };
const PROJECT_ROOT = fileURLToPath(new URL('../../', import.meta.url));
const TRIAL_TIMEOUT_MS = 15_000;
const cache = new Map<string, Availability>();

function once(key: string, find: () => Availability): Availability {
  let found = cache.get(key);
  if (!found) cache.set(key, (found = find()));
  return found;
}

function firstLine(text: string): string {
  return (text.split('\n').find((l) => l.trim() && !/^\s+at /.test(l)) ?? '').trim().slice(0, 300);
}

/** The npm packages each pure-JavaScript third-party evaluator loads (issue 15). */
const ECOSYSTEM_PACKAGES: Readonly<Partial<Record<Evaluator, readonly string[]>>> = {
  ses: ['ses'],
  vm2: ['vm2'],
  'vm2-3.9.17': ['vm2-3.9.17'],
};

/**
 * A boundary and an evaluator that cannot go together. SES under `host`: lockdown() freezes the intrinsics of
 * the realm it runs in, for good, and under `host` that realm is the workbench host's own — the one that holds
 * the canaries and runs the driver, and whose built-ins the integrity canary compares after the run (every
 * change lockdown makes would be reported as the guest's). A Compartment needs its realm locked down, so
 * there is no SES under `host` that leaves the host as it was.
 */
export function combinationAvailability(boundary: Boundary, evaluator: Evaluator): Availability {
  if (boundary === 'host' && evaluator === 'ses') {
    return {
      available: false,
      reason:
        "SES's lockdown() would freeze the workbench host's own realm for good (the realm holding the canaries, whose built-ins the integrity check compares after the run); run SES under worker, process or os-sandbox, each a realm of its own",
    };
  }
  return YES;
}

export function evaluatorAvailability(runtime: NodeRuntime, evaluator: Evaluator): Availability {
  if (evaluator === 'plain' || evaluator === 'vm') return YES;
  const packages = ECOSYSTEM_PACKAGES[evaluator];
  if (packages) {
    return once(evaluator, () => {
      const require = createRequire(join(PROJECT_ROOT, 'package.json'));
      try {
        for (const name of packages) require.resolve(name);
        return YES;
      } catch (error) {
        return {
          available: false,
          reason: `the ${evaluator} package is not installed (${firstLine(String(error))}); run npm install`,
        };
      }
    });
  }
  if (evaluator === 'quickjs') {
    return once('quickjs', () => {
      const require = createRequire(join(PROJECT_ROOT, 'package.json'));
      try {
        require.resolve('quickjs-emscripten-core');
        require.resolve('@jitl/quickjs-ng-wasmfile-release-sync');
        return YES;
      } catch (error) {
        return {
          available: false,
          reason: `QuickJS packages are not installed (${firstLine(String(error))}); run npm install`,
        };
      }
    });
  }
  // Inside Electron's utility process there is nothing to try (runtimeLimitation says why).
  if (runtime.kind === 'electron-utility') return { available: false, reason: "not in Electron's own Node" };
  // isolated-vm is a native addon built for one Node ABI: ask the Node that runs the hosts to load it.
  return once(`isolated-vm:${runtime.path}`, () => {
    const r = spawnSync(runtime.path, ['-e', "require('isolated-vm')"], {
      cwd: PROJECT_ROOT,
      encoding: 'utf8',
      timeout: TRIAL_TIMEOUT_MS,
    });
    if (r.status === 0) return YES;
    const why = firstLine(r.stderr || r.error?.message || `exit ${r.status}`);
    return {
      available: false,
      reason: `isolated-vm cannot be loaded by the host Node ${runtime.version} (${why}); it needs a real Node >= 24 with its prebuilt addon (not Electron's own Node)`,
    };
  });
}

const onPath = (name: string): string | undefined => findOnPath(name);

export function boundaryAvailability(boundary: Boundary): Availability {
  if (boundary !== 'os-sandbox') return YES;
  return once('os-sandbox', () => {
    if (process.platform === 'linux') {
      const bwrap = onPath('bwrap');
      if (!bwrap) {
        return {
          available: false,
          reason:
            'bubblewrap is not installed: install it (Debian/Ubuntu: apt-get install bubblewrap; Fedora: dnf install bubblewrap)',
        };
      }
      // The trial loads the real seccomp program (from stdin), so a kernel without seccomp filters says so here.
      const r = spawnSync(bwrap, bwrapTrialArgs(), {
        encoding: 'utf8',
        input: unixSocketFilter(),
        timeout: TRIAL_TIMEOUT_MS,
      });
      if (r.status === 0) return YES;
      const why = firstLine(r.stderr || r.error?.message || `exit ${r.status}`);
      return {
        available: false,
        reason:
          `bubblewrap cannot create its namespaces here (${why}). Unprivileged user namespaces are probably off: ` +
          'enable them (sysctl -w kernel.unprivileged_userns_clone=1, or on Ubuntu 24.04+ kernel.apparmor_restrict_unprivileged_userns=0), or run inside a container that allows them',
      };
    }
    if (process.platform === 'darwin') {
      return existsSync('/usr/bin/sandbox-exec')
        ? YES
        : { available: false, reason: '/usr/bin/sandbox-exec is missing on this Mac' };
    }
    return {
      available: false,
      reason: `no OS sandbox on ${process.platform} in this version: bubblewrap (Linux) and sandbox-exec (macOS) are supported`,
    };
  });
}
