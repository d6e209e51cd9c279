// The Node that runs the workbench's TypeScript: this one when it is ≥ 24, else the project's pinned
// node@24 (or WORKBENCH_NODE). Shared by the `workbench` and `npm start` launchers.
import { fileURLToPath } from 'node:url';

export const root = fileURLToPath(new URL('..', import.meta.url));
const pinned = `${root}node_modules/node/bin/node${process.platform === 'win32' ? '.exe' : ''}`;
export const node24 =
  process.env.WORKBENCH_NODE || (Number(process.versions.node.split('.')[0]) >= 24 ? process.execPath : pinned);
