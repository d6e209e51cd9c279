// Builds the Node side of the workbench — the CLI, browser mode's web host, the host and the guest
// bootstraps — into one flat folder of JavaScript (out/node), so nothing strips TypeScript at run time:
// measured, every host, thread and child spent tens of milliseconds doing it afresh. The Electron app has
// its own build of the same entries (electron.vite.config.ts, out/main); this one is for the checkout.
// Run by `npm run build`; the launchers rebuild it when the sources changed (bin/node-bundle.mjs).
import { buildNodeBundle } from '../bin/node-bundle.mjs';

const started = performance.now();
const folder = await buildNodeBundle();
process.stdout.write(`node bundle: ${folder} (${Math.round(performance.now() - started)} ms)\n`);
