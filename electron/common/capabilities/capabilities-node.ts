/**
 * What a Node release changes in a boundary's declared capabilities (node-features.ts): the Permission
 * Model's spelling and reach, and from Node 25 its network permission. capabilities.ts applies it before the
 * evaluator's part, so an evaluator that seals the guest still says so.
 */
import type { Enforcement, Protection } from './capabilities.ts';
import type { Boundary } from '../run/driver-id.ts';
import type { NodeFeatures } from '../node-release/node-features.ts';
import { majorOf } from '../node-release/node-version.ts';
import type { CanaryName } from '../run/result.ts';

interface BoundaryPart {
  readonly network: Enforcement;
  readonly permissions: Enforcement;
  readonly canaries: Readonly<Record<CanaryName, Protection>>;
}

/** The boundary's declarations on `node`; unchanged without one and on Node 24 (they were measured on it). */
export function onRelease<C extends BoundaryPart>(boundary: Boundary, base: C, node: NodeFeatures | undefined): C {
  if (!node || majorOf(node.version) === 24) return base;
  const v = `Node ${node.version}`;
  const perProcess = boundary === 'process' || boundary === 'os-sandbox';
  let caps: C = base;
  const network = (enforcement: Enforcement, canary: Protection): void => {
    caps = { ...caps, network: enforcement, canaries: { ...caps.canaries, network: canary } };
  };
  if (boundary === 'os-sandbox') {
    // Its own network namespace decides; the Permission Model's --allow-net only follows the same policy.
  } else if (node.allowNet && perProcess) {
    const how = `${v}'s Permission Model denies the network unless the policy allows it (--allow-net)`;
    network({ enforced: true, how }, { level: 'with-policy', how });
  } else if (node.allowNet) {
    const how = `the Permission Model (with --allow-net on ${v}) is per process: not applied to a guest in the host's`;
    network({ enforced: false, how }, { level: 'exposed', how });
  } else if (!base.network.enforced) {
    const how = `Node has no network permission (--allow-net does not exist in ${v}; it came in 25.0.0)`;
    network({ enforced: false, how }, { level: 'exposed', how });
  }
  if (perProcess) {
    const gaps = [
      node.permissionFlag ? undefined : `${v} has no Permission Model: the policy's flags are not applied`,
      node.permissionFlag === '--experimental-permission' ? `spelled --experimental-permission on ${v}` : undefined,
      node.permissionFlag && !node.allowAddons ? 'no --allow-addons: addons always denied' : undefined,
      node.permissionFlag && !node.allowWasi ? 'no --allow-wasi: WASI not restricted' : undefined,
    ].filter((g): g is string => g !== undefined);
    if (gaps.length > 0)
      caps = {
        ...caps,
        permissions: {
          enforced: caps.permissions.enforced && node.permissionFlag !== undefined,
          how: `${caps.permissions.how} (${gaps.join('; ')})`,
        },
      };
  }
  return caps;
}
