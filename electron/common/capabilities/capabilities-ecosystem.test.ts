import { test } from 'node:test';
import assert from 'node:assert/strict';
import { capabilitiesOf } from './capabilities.ts';
import { hardeningFlagsOf } from './capabilities-ecosystem.ts';
import { normalizeRunRequest } from '../run/run-request.ts';
import { CANARY_NAMES } from '../run/result.ts';

test('third-party evaluators carry their authors’ claim, quoted with its source; the others none', () => {
  for (const e of ['ses', 'vm2', 'vm2-3.9.17'] as const) {
    const a = capabilitiesOf('process', e).authors;
    assert.ok(a && a.claim.includes('“') && /README/.test(a.source), e);
  }
  assert.equal(capabilitiesOf('process', 'isolated-vm').authors, undefined);
  assert.match(capabilitiesOf('worker', 'vm2-3.9.17').authors?.source ?? '', /GHSA-whpj-8f3w-67p5/);
});

test('vm2 3.9.17 claims only what its boundary protects; SES and vm2 3.12.2 protect every canary but under host', () => {
  for (const b of ['host', 'worker', 'process', 'os-sandbox'] as const) {
    for (const name of CANARY_NAMES) {
      assert.equal(
        capabilitiesOf(b, 'vm2-3.9.17').canaries[name].level,
        capabilitiesOf(b, 'plain').canaries[name].level,
        `${b} ${name}`,
      );
    }
  }
  for (const name of CANARY_NAMES) {
    assert.equal(capabilitiesOf('worker', 'ses').canaries[name].level, 'protected', name);
    assert.ok(capabilitiesOf('worker', 'ses').canaries[name].backedBy?.length, `${name} is backed by cells`);
  }
  assert.equal(capabilitiesOf('host', 'vm2').canaries['host-crash'].level, 'exposed');
});

test('hardening: none under host, frozen-intrinsics only under worker, all four in a child', () => {
  assert.deepEqual(hardeningFlagsOf('host'), []);
  assert.deepEqual(hardeningFlagsOf('worker'), ['frozen-intrinsics']);
  assert.equal(hardeningFlagsOf('os-sandbox').length, 4);
  assert.equal(capabilitiesOf('host', 'plain').hardening.enforced, false);
  assert.match(capabilitiesOf('worker', 'plain').hardening.how, /ERR_WORKER_INVALID_EXEC_ARGV/);
});

test('run requests: hardening flags kept once in a fixed order, refused where the driver cannot apply them', () => {
  const r = normalizeRunRequest({
    code: '1',
    driver: 'process',
    policy: { hardening: ['disable-proto=delete', 'frozen-intrinsics', 'frozen-intrinsics'] },
  });
  assert.deepEqual(r.policy.hardening, ['frozen-intrinsics', 'disable-proto=delete']);
  assert.equal(normalizeRunRequest({ code: '1', driver: 'process' }).policy.hardening, undefined);
  assert.throws(
    () => normalizeRunRequest({ code: '1', driver: 'host', policy: { hardening: ['frozen-intrinsics'] } }),
    {
      code: 'bad-argument',
    },
  );
  assert.throws(() => normalizeRunRequest({ code: '1', driver: 'worker', policy: { hardening: ['no-such-flag'] } }), {
    code: 'bad-argument',
  });
});
