/** The driver panel's settings and their conversions: to a run input, back from stored requests and lesson steps, from a preset. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { defaultPolicy } from '../../../../electron/common/run/run-spec.ts';
import {
  DEFAULT_SETTINGS,
  driverId,
  inputSettings,
  panelSettings,
  policySettings,
  toRunInput,
} from './run-settings.ts';

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
      hardening: ['frozen-intrinsics'],
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
    hardening: ['frozen-intrinsics'],
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

test('settings to a run input and back: what the panel shows comes back the same', () => {
  const settings = {
    ...DEFAULT_SETTINGS,
    boundary: 'process',
    evaluator: 'vm',
    memoryMb: 64 as const,
    fsRead: '$JAIL, /etc/hosts',
    envAllow: 'PATH',
  };
  const input = toRunInput('1', 'js', settings);
  assert.equal(input.driver, 'process+vm');
  assert.deepEqual(input.limits, { timeoutMs: 5000, memoryMb: 64 });
  // A read path turns the Permission Model on.
  assert.deepEqual(input.policy, {
    permission: true,
    fsRead: ['$JAIL', '/etc/hosts'],
    fsWrite: [],
    childProcess: false,
    envAllow: ['PATH'],
  });
  const back = inputSettings(input);
  assert.deepEqual(back.settings, { ...settings, permission: true });
  assert.deepEqual(back.notShown, []);
  assert.deepEqual(toRunInput('1', 'ts', DEFAULT_SETTINGS).policy, {}, 'nothing set, no policy');
  assert.equal(driverId({ boundary: 'worker', evaluator: 'plain' }), 'worker');
});

test('a matrix preset as panel settings', () => {
  assert.deepEqual(policySettings({ permission: true, fsRead: ['$JAIL'], envAllow: ['PATH'] }), {
    permission: true,
    fsRead: '$JAIL',
    fsWrite: '',
    childProcess: false,
    envAllow: 'PATH',
  });
});

test('hardening flags: sent only where the boundary can take them, and back from a stored request', () => {
  const chosen = {
    ...DEFAULT_SETTINGS,
    hardening: ['frozen-intrinsics', 'disallow-code-generation-from-strings'] as const,
  };
  const settings = { ...chosen, hardening: [...chosen.hardening] };
  assert.deepEqual(toRunInput('1', 'js', { ...settings, boundary: 'process' }).policy, {
    hardening: ['frozen-intrinsics', 'disallow-code-generation-from-strings'],
  });
  // A worker takes only --frozen-intrinsics (the panel shows the other unchecked and disabled).
  assert.deepEqual(toRunInput('1', 'js', { ...settings, boundary: 'worker' }).policy, {
    hardening: ['frozen-intrinsics'],
  });
  assert.deepEqual(toRunInput('1', 'js', { ...settings, boundary: 'host' }).policy, {});
  const back = inputSettings(toRunInput('1', 'js', { ...settings, boundary: 'process' }));
  assert.deepEqual(back.settings.hardening, ['frozen-intrinsics', 'disallow-code-generation-from-strings']);
});
