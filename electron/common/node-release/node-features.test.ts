import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { acceptsExperimentalPermission, nodeProcessFlags, nodeFeatures, type NodeFeatures } from './node-features.ts';
import { permissionFlags, policyNotes } from '../run/policy-flags.ts';
import { capabilitiesOf } from '../capabilities/capabilities.ts';
import { defaultPolicy, type Policy } from '../run/run-spec.ts';

type Row = [
  version: string,
  permission: NodeFeatures['permissionFlag'],
  addons: boolean,
  wasi: boolean,
  net: boolean,
  sigusr1: boolean,
  warning: boolean,
  strip: boolean,
  isolatedVm: boolean,
];

// Measured on the registry's linux-x64 binaries: `node <flag> -e 0` (and `stripTypeScriptTypes` in node:module),
// each boundary checked against the release before it.
const TABLE: Row[] = [
  ['18.20.4', undefined, false, false, false, false, false, false, false],
  ['20.0.0', '--experimental-permission', false, false, false, false, false, false, false],
  ['20.10.0', '--experimental-permission', false, false, false, false, false, false, false],
  ['20.11.0', '--experimental-permission', false, false, false, false, true, false, false],
  ['20.11.1', '--experimental-permission', false, false, false, false, true, false, false],
  ['20.12.0', '--experimental-permission', true, false, false, false, true, false, false],
  ['20.15.1', '--experimental-permission', true, false, false, false, true, false, false],
  ['20.16.0', '--experimental-permission', true, true, false, false, true, false, false],
  ['20.20.2', '--experimental-permission', true, true, false, false, true, false, false],
  ['21.5.0', '--experimental-permission', false, false, false, false, true, false, false],
  ['21.6.0', '--experimental-permission', true, false, false, false, true, false, false],
  ['21.7.3', '--experimental-permission', true, false, false, false, true, false, false],
  ['22.0.0', '--experimental-permission', true, false, false, false, true, false, false],
  ['22.2.0', '--experimental-permission', true, false, false, false, true, false, false],
  ['22.3.0', '--experimental-permission', true, true, false, false, true, false, false],
  ['22.12.0', '--experimental-permission', true, true, false, false, true, false, false],
  ['22.13.0', '--permission', true, true, false, false, true, true, false],
  ['22.14.0', '--permission', true, true, false, true, true, true, false],
  ['v22.23.5', '--permission', true, true, false, true, true, true, false],
  ['23.1.0', '--experimental-permission', true, true, false, false, true, false, false],
  ['23.2.0', '--experimental-permission', true, true, false, false, true, true, false],
  ['23.4.0', '--experimental-permission', true, true, false, false, true, true, false],
  ['23.5.0', '--permission', true, true, false, false, true, true, false],
  ['23.6.1', '--permission', true, true, false, false, true, true, false],
  ['23.7.0', '--permission', true, true, false, true, true, true, false],
  ['24.0.0', '--permission', true, true, false, true, true, true, true],
  ['v24.21.0', '--permission', true, true, false, true, true, true, true],
  ['25.0.0', '--permission', true, true, true, true, true, true, false],
  ['25.9.0', '--permission', true, true, true, true, true, true, false],
  ['26.12.1', '--permission', true, true, true, true, true, true, true],
];

describe('nodeFeatures: the measured table', () => {
  for (const [version, permission, addons, wasi, net, sigusr1, warning, strip, isolatedVm] of TABLE) {
    test(version, () => {
      const f = nodeFeatures(version);
      assert.deepEqual(
        [
          f.permissionFlag,
          f.allowAddons,
          f.allowWasi,
          f.allowNet,
          f.disableSigusr1,
          f.disableWarning,
          f.stripTypes,
          f.isolatedVmPrebuild,
        ],
        [permission, addons, wasi, net, sigusr1, warning, strip, isolatedVm],
      );
      assert.equal(f.version, version.replace(/^v/, ''));
      assert.equal(f.hostSupported, !version.startsWith('18.'));
    });
  }
  test('one --allow-fs flag per path from 20.7.0 (measured: 20.6.1 kept only the last of two)', () => {
    for (const [v, perPath] of [
      ['20.0.0', false],
      ['20.6.1', false],
      ['20.7.0', true],
      ['21.0.0', true],
      ['24.21.0', true],
    ] as const)
      assert.equal(nodeFeatures(v).fsFlagPerPath, perPath, v);
  });

  test('--experimental-permission is accepted from 20.0.0 until 24.0.0 dropped it', () => {
    assert.equal(acceptsExperimentalPermission('19.9.0'), false);
    assert.equal(acceptsExperimentalPermission('20.0.0'), true);
    assert.equal(acceptsExperimentalPermission('23.11.1'), true);
    assert.equal(acceptsExperimentalPermission('24.0.0'), false);
  });

  test('not a release: nothing', () => {
    const f = nodeFeatures('banana');
    assert.equal(f.permissionFlag, undefined);
    assert.equal(f.hostSupported, false);
  });
});

describe('nodeProcessFlags', () => {
  test('only the flags the release accepts', () => {
    assert.deepEqual(nodeProcessFlags(nodeFeatures('20.0.0')), []);
    assert.deepEqual(nodeProcessFlags(nodeFeatures('20.11.0')), ['--disable-warning=ExperimentalWarning']);
    assert.deepEqual(nodeProcessFlags(nodeFeatures('22.14.0')), [
      '--disable-sigusr1',
      '--disable-warning=ExperimentalWarning',
    ]);
  });
});

describe('permissionFlags per release', () => {
  const everything: Policy = {
    ...defaultPolicy(),
    permission: true,
    fsRead: ['/r'],
    childProcess: true,
    worker: true,
    addons: true,
    wasi: true,
    network: true,
  };
  const table: Array<[string | undefined, string[]]> = [
    [
      undefined,
      [
        '--permission',
        '--allow-fs-read=/r',
        '--allow-child-process',
        '--allow-worker',
        '--allow-addons',
        '--allow-wasi',
      ],
    ],
    ['20.11.0', ['--experimental-permission', '--allow-fs-read=/r', '--allow-child-process', '--allow-worker']],
    [
      '20.16.0',
      [
        '--experimental-permission',
        '--allow-fs-read=/r',
        '--allow-child-process',
        '--allow-worker',
        '--allow-addons',
        '--allow-wasi',
      ],
    ],
    [
      '22.12.0',
      [
        '--experimental-permission',
        '--allow-fs-read=/r',
        '--allow-child-process',
        '--allow-worker',
        '--allow-addons',
        '--allow-wasi',
      ],
    ],
    [
      '22.13.0',
      [
        '--permission',
        '--allow-fs-read=/r',
        '--allow-child-process',
        '--allow-worker',
        '--allow-addons',
        '--allow-wasi',
      ],
    ],
    [
      '24.21.0',
      [
        '--permission',
        '--allow-fs-read=/r',
        '--allow-child-process',
        '--allow-worker',
        '--allow-addons',
        '--allow-wasi',
      ],
    ],
    [
      '25.0.0',
      [
        '--permission',
        '--allow-fs-read=/r',
        '--allow-child-process',
        '--allow-worker',
        '--allow-addons',
        '--allow-wasi',
        '--allow-net',
      ],
    ],
    ['18.20.4', []],
  ];
  for (const [version, flags] of table) {
    test(`${version ?? 'no release given'}`, () =>
      assert.deepEqual(permissionFlags(everything, '/jail', [], version ? nodeFeatures(version) : undefined), flags));
  }
  test('no --allow-net on Node 25 unless the policy allows the network', () => {
    assert.ok(
      !permissionFlags({ ...everything, network: false }, '/j', [], nodeFeatures('25.9.0')).includes('--allow-net'),
    );
  });
  test('a policy without the Permission Model gets no flag on any release', () => {
    for (const version of ['20.0.0', '22.12.0', '26.12.1'])
      assert.deepEqual(permissionFlags(defaultPolicy(), '/j', [], nodeFeatures(version)), []);
  });
  test('notes name what a release lacks, and nothing on one that has it all', () => {
    assert.deepEqual(policyNotes({ ...everything, network: true }, nodeFeatures('24.21.0')), []);
    const old = policyNotes(everything, nodeFeatures('20.11.0')).join('\n');
    assert.match(old, /--experimental-permission/);
    assert.match(old, /no --allow-addons.*whatever the policy asks/);
    assert.match(old, /no --allow-wasi/);
    assert.match(
      policyNotes({ ...everything, network: false }, nodeFeatures('25.0.0')).join('\n'),
      /denies the network/,
    );
  });
});

describe('capabilitiesOf per release', () => {
  test('naming Node 24 declares what the default (pinned Node 24) does', () => {
    for (const [b, e] of [
      ['process', 'plain'],
      ['worker', 'plain'],
      ['os-sandbox', 'vm'],
      ['host', 'quickjs'],
    ] as const) {
      const named = capabilitiesOf(b, e, nodeFeatures('24.21.0'));
      const pinned = capabilitiesOf(b, e);
      for (const limit of ['timeout', 'memory', 'output', 'permissions', 'env', 'network'] as const)
        assert.equal(named[limit].enforced, pinned[limit].enforced, `${b}+${e} ${limit}`);
      assert.deepEqual(
        Object.values(named.canaries).map((c) => c.level),
        Object.values(pinned.canaries).map((c) => c.level),
      );
      assert.equal(named.permissions.how, pinned.permissions.how);
    }
  });
  test('Node 25+: the process guest loses the network under the Permission Model; threads and inline do not', () => {
    const process25 = capabilitiesOf('process', 'plain', nodeFeatures('25.9.0'));
    assert.equal(process25.network.enforced, true);
    assert.equal(process25.canaries.network.level, 'with-policy');
    assert.equal(capabilitiesOf('process', 'plain').canaries.network.level, 'exposed');
    assert.equal(capabilitiesOf('worker', 'plain', nodeFeatures('25.9.0')).canaries.network.level, 'exposed');
    assert.equal(capabilitiesOf('host', 'plain', nodeFeatures('26.12.1')).network.enforced, false);
    // An evaluator that seals the guest still says so.
    assert.equal(capabilitiesOf('process', 'quickjs', nodeFeatures('25.9.0')).canaries.network.level, 'protected');
  });
  test('Node 20/22: the Permission Model says how it is spelled and what it lacks', () => {
    const p = capabilitiesOf('process', 'plain', nodeFeatures('20.11.0')).permissions;
    assert.equal(p.enforced, true);
    assert.match(p.how, /--experimental-permission on Node 20\.11\.0/);
    assert.match(p.how, /no --allow-addons/);
    assert.match(
      capabilitiesOf('process', 'plain', nodeFeatures('22.12.0')).network.how,
      /does not exist in Node 22\.12\.0/,
    );
    assert.doesNotMatch(capabilitiesOf('process', 'plain', nodeFeatures('22.13.0')).permissions.how, /experimental/);
  });
});
