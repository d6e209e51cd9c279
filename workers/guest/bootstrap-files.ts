/**
 * Files the guest bootstraps consist of, computed here (never imported across the process boundary) and
 * handed to the host that spawns them.
 */
import { fileURLToPath } from 'node:url';

const here = (name: string): string => fileURLToPath(new URL(name, import.meta.url));

export const THREAD_ENTRY = here('./thread-entry.ts');
export const CHILD_ENTRY = here('./child-entry.ts');

/**
 * Modules the child bootstrap imports at run time. Under the Permission Model the child gets read access
 * to exactly these (the entry file itself is always readable). A test runs the child with a jail-only
 * policy, so a new import that is not listed here fails it.
 */
export const CHILD_BOOTSTRAP_MODULES: readonly string[] = [
  here('./runtime.ts'),
  here('../../electron/common/framing.ts'),
  here('../../electron/common/safe-json.ts'),
];
