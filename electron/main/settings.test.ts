/** The desktop app's settings file and the packaged host path (pure enough to test without Electron). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join, sep } from 'node:path';
import { tmpdir } from 'node:os';
import { builtHostEntry, readSettings, writeSettings } from './settings.ts';

test('settings survive a round trip; a missing, corrupt or odd file reads as no settings', () => {
  const dir = mkdtempSync(join(tmpdir(), 'wb-settings-'));
  try {
    const file = join(dir, 'settings.json');
    assert.deepEqual(readSettings(file), {});
    writeSettings(file, { hostRuntime: 'electron-utility', poolSize: 3 });
    assert.deepEqual(readSettings(file), { hostRuntime: 'electron-utility', poolSize: 3 });
    for (const bad of [
      '{',
      'null',
      '[1]',
      '{"hostRuntime":42}',
      '{"poolSize":"2"}',
      '{"poolSize":1.5}',
      '{"__proto__":{"hostRuntime":"x"}}',
    ]) {
      writeFileSync(file, bad);
      assert.deepEqual(readSettings(file), {}, bad);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('packaged, hosts start from app.asar.unpacked; from the checkout, from out/main', () => {
  const packaged = ['', 'opt', 'Workbench', 'resources', 'app.asar', 'out', 'main'].join(sep);
  assert.equal(
    builtHostEntry(packaged),
    ['', 'opt', 'Workbench', 'resources', 'app.asar.unpacked', 'out', 'main', 'host.js'].join(sep),
  );
  const checkout = ['', 'work', 'main', 'out', 'main'].join(sep);
  assert.equal(builtHostEntry(checkout), join(checkout, 'host.js'));
});
