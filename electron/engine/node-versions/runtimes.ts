/**
 * The Node releases one supervisor runs hosts on besides its default: a spec (`22`, `22.12.0`) is resolved
 * and installed once (`prepare`, async: it may download), then runs asking for it find it synchronously
 * (`get`). A spec that resolves to the default runtime's own release uses the default runtime. Never
 * another release than the one asked for.
 */
import { WorkbenchError } from '../../common/protocol/errors.ts';
import { MIN_HOST_NODE, nodeFeatures } from '../../common/node-release/node-features.ts';
import { normalizeVersion, parseNodeSpec } from '../../common/node-release/node-version.ts';
import type { NodeRuntime } from '../node-runtime.ts';
import { installedNode } from './cache.ts';
import { ensureNode } from './install.ts';
import type { EnsureOptions } from './options.ts';
import { resolveNodeVersion } from './resolve.ts';

export class NodeRuntimes {
  readonly #bySpec = new Map<string, NodeRuntime>();
  readonly #options: EnsureOptions;

  constructor(options: EnsureOptions = {}) {
    this.#options = options;
  }

  /** Resolve and install `spec` (no-op when done before); `fallback` is the default runtime. */
  async prepare(
    spec: string,
    fallback: () => NodeRuntime | undefined,
    onProgress?: EnsureOptions['onProgress'],
  ): Promise<NodeRuntime> {
    const key = canonical(spec);
    const known = this.#bySpec.get(key);
    if (known) return known;
    const version = await resolveNodeVersion(key, { ...this.#options, offlineCached: true });
    supported(version);
    const current = fallback();
    const runtime =
      current && current.kind !== 'electron-utility' && normalizeVersion(current.version) === version
        ? current
        : await ensureNode(version, { ...this.#options, ...(onProgress ? { onProgress } : {}) });
    this.#bySpec.set(key, runtime);
    return runtime;
  }

  /** The runtime of a prepared spec, or of an exact version installed before; throws saying what to do. */
  get(spec: string, fallback: () => NodeRuntime | undefined): NodeRuntime {
    const key = canonical(spec);
    const known = this.#bySpec.get(key);
    if (known) return known;
    const parsed = parseNodeSpec(key);
    if (typeof parsed !== 'string' && parsed.exact) {
      const current = fallback();
      if (current && current.kind !== 'electron-utility' && normalizeVersion(current.version) === key) return current;
      supported(key);
      const installed = installedNode(key, this.#options);
      if (installed) {
        this.#bySpec.set(key, installed);
        return installed;
      }
    }
    throw new WorkbenchError(
      'unavailable',
      `Node ${spec} is not installed yet: install it first (workbench run --node ${spec} installs it; the API's prepareNode does)`,
    );
  }
}

function canonical(spec: string): string {
  const parsed = parseNodeSpec(spec);
  if (typeof parsed === 'string') throw new WorkbenchError('bad-argument', parsed);
  return parsed.parts.join('.');
}

function supported(version: string): void {
  if (!nodeFeatures(version).hostSupported)
    throw new WorkbenchError(
      'unavailable',
      `Node ${version} is older than the oldest release the workbench's host runs on (${MIN_HOST_NODE}: the Permission Model and the worker APIs its drivers use)`,
    );
}
