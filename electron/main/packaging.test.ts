/**
 * electron-builder.yml, checked without packaging (the Electron binary cannot be downloaded here): it must pass
 * electron-builder's own schema, target the three platforms, flip the fuses DESIGN.md §8 relies on, and
 * unpack what a system Node has to read from outside app.asar (the host/guest bundles, native addons, WASM).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { getConfig, validateConfiguration } from 'app-builder-lib/out/util/config/config.js';
import { DebugLogger } from 'builder-util/out/util.js';

const root = fileURLToPath(new URL('../../', import.meta.url));

async function loadConfig(): Promise<Record<string, unknown>> {
  const config = await getConfig(root, `${root}electron-builder.yml`, null);
  await validateConfiguration(config, new DebugLogger(false));
  return config as unknown as Record<string, unknown>;
}

test('electron-builder.yml passes electron-builder’s schema and builds for Linux, macOS and Windows', async () => {
  const config = await loadConfig();
  const targets = (platform: string): unknown => (config[platform] as { target?: unknown } | undefined)?.target;
  assert.deepEqual(targets('linux'), ['AppImage', 'deb']);
  assert.deepEqual(targets('mac'), ['dmg']);
  assert.deepEqual(targets('win'), ['nsis']);
});

test('the fuses close what the workbench does not use', async () => {
  const fuses = (await loadConfig()).electronFuses as Record<string, boolean>;
  assert.equal(fuses.runAsNode, false);
  assert.equal(fuses.enableNodeOptionsEnvironmentVariable, false);
  assert.equal(fuses.enableNodeCliInspectArguments, false);
  assert.equal(fuses.onlyLoadAppFromAsar, true);
  assert.equal(fuses.enableEmbeddedAsarIntegrityValidation, true);
});

test('hosts, guest bundles, native addons and WASM are unpacked for a system Node to read', async () => {
  const unpack = (await loadConfig()).asarUnpack as string[];
  for (const pattern of ['out/main/**', '**/*.node', '**/*.wasm', 'node_modules/isolated-vm/**'])
    assert.ok(unpack.includes(pattern), pattern);
});
