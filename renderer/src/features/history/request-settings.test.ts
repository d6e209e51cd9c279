/** Stored requests and lesson steps back in the driver panel, and what the panel cannot show. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { defaultPolicy } from '../../../../electron/common/run-spec.ts';
import { inputSettings, panelSettings } from './request-settings.ts';

const limits = { timeoutMs: 2000, maxOutputBytes: 1024 * 1024 };

test('driver, limits and policy as the panel fields', () => {
  const { settings, notShown } = panelSettings(
    'process+vm',
    { ...limits, memoryMb: 64 },
    {
      ...defaultPolicy(),
      permission: true,
      fsRead: ['$JAIL', '/tmp'],
      childProcess: true,
      env: { mode: 'allow', names: ['PATH', 'HOME'] },
    },
    10,
  );
  assert.deepEqual(settings, {
    boundary: 'process',
    evaluator: 'vm',
    timeoutMs: 2000,
    memoryMb: 64,
    permission: true,
    fsRead: '$JAIL, /tmp',
    fsWrite: '',
    childProcess: true,
    envAllow: 'PATH, HOME',
  });
  assert.deepEqual(notShown, []);
});

test('what the panel has no control for is named', () => {
  const { settings, notShown } = panelSettings(
    'worker',
    { timeoutMs: 100, maxOutputBytes: 10 },
    { ...defaultPolicy(), worker: true, network: true, env: { mode: 'allow', names: [] } },
    50,
  );
  assert.equal(settings.memoryMb, '');
  assert.equal(settings.envAllow, '');
  assert.deepEqual(notShown, [
    'allow worker threads',
    'network on',
    'an empty env allow-list',
    'max output 10 bytes',
    '50 samples/s',
  ]);
});

test("a lesson step's input, normalised as the engine would (aliases, implied Permission Model)", () => {
  const { settings, notShown } = inputSettings({
    code: 'x',
    driver: 'inline',
    limits: { timeoutMs: 3000 },
    policy: { fsRead: ['$JAIL'], envAllow: ['PATH'] },
  });
  assert.equal(settings.boundary, 'host');
  assert.equal(settings.evaluator, 'plain');
  assert.equal(settings.timeoutMs, 3000);
  assert.equal(settings.permission, true);
  assert.equal(settings.fsRead, '$JAIL');
  assert.equal(settings.envAllow, 'PATH');
  assert.deepEqual(notShown, []);
});
