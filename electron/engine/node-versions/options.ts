/** Options and progress events shared by the node-versions modules (see index.ts for the API). */

export interface NodeVersionsOptions {
  /** Registry base URL; default: env `npm_config_registry`, else `npm config get registry`, else npmjs. */
  readonly registry?: string;
  /** Where versions are installed; default {@link nodeCacheDir}. */
  readonly cacheDir?: string;
  /** The platform package to use (`node-${platform}-${arch}`); default this machine's. */
  readonly platform?: string;
  readonly arch?: string;
  /** The fetch to use (tests); default the global one. */
  readonly fetch?: typeof fetch;
}

export interface EnsureOptions extends NodeVersionsOptions {
  /** Called as the install goes on; never called when the version is installed already. */
  readonly onProgress?: (event: InstallProgress) => void;
  readonly signal?: AbortSignal;
}

/** Where an install is. `download` events repeat as bytes arrive (`totalBytes` when the registry says). */
export type InstallProgress =
  | { readonly phase: 'metadata'; readonly version: string; readonly url: string }
  | {
      readonly phase: 'download';
      readonly version: string;
      readonly url: string;
      readonly receivedBytes: number;
      readonly totalBytes?: number;
    }
  | { readonly phase: 'verify' | 'extract' | 'check' | 'done'; readonly version: string };
