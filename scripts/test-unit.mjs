// `npm run test:unit`: the unit, engine and end-to-end tests, with hosts and guest bootstraps from the Node
// bundle (out/node, rebuilt here first when the sources changed) — what the CLI and browser mode run, and
// without each host stripping TypeScript afresh. Tests started by hand (`node --test file`) use the sources.
import { spawn } from 'node:child_process';
import { freshBundle, buildNodeBundle } from '../bin/node-bundle.mjs';

const PATTERNS = ['electron/**/*.test.ts', 'workers/**/*.test.ts', 'renderer/**/*.test.ts', 'scripts/**/*.test.*'];

const bundle = freshBundle() ?? (await buildNodeBundle());
const child = spawn(
  process.execPath,
  ['--test', '--test-concurrency=2', '--test-timeout=120000', ...process.argv.slice(2), ...PATTERNS],
  { stdio: 'inherit', env: { ...process.env, WORKBENCH_HOST_BUNDLE: bundle } },
);
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
