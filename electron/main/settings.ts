/**
 * The desktop app's own small state: settings.json in userData (the host runtime choice), and where the
 * built host bundle is. Packaged, out/main sits inside app.asar, which a system Node cannot read: the build
 * unpacks it (electron-builder.yml asarUnpack) and hosts are started from app.asar.unpacked.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join, sep } from 'node:path';

export interface AppSettings {
  readonly hostRuntime?: string;
  readonly poolSize?: number;
}

export function readSettings(file: string): AppSettings {
  try {
    const parsed: unknown = JSON.parse(readFileSync(file, 'utf8'));
    if (typeof parsed !== 'object' || parsed === null) return {};
    const { hostRuntime, poolSize } = parsed as Record<string, unknown>;
    return {
      ...(typeof hostRuntime === 'string' ? { hostRuntime } : {}),
      ...(Number.isInteger(poolSize) ? { poolSize: poolSize as number } : {}),
    };
  } catch {
    return {};
  }
}

export function writeSettings(file: string, settings: AppSettings): void {
  writeFileSync(file, `${JSON.stringify(settings, null, 2)}\n`);
}

/** The host bundle next to the main bundle, outside the asar archive when packaged. */
export function builtHostEntry(mainDir: string): string {
  return join(mainDir, 'host.js').replace(`${sep}app.asar${sep}`, `${sep}app.asar.unpacked${sep}`);
}
