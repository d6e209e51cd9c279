/**
 * `npm run web`: browser mode. Builds the renderer if it is not built yet, starts the engine and the
 * loopback web host, and prints one line with the address and its token. `--port N` (default: a free
 * port), `--open` to open the system browser (through a private redirect page: the token is on no command
 * line, see open-browser.ts). Ctrl+C stops every run and leaves nothing behind.
 */
import { existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { DEFAULT_APP_POOL_SIZE } from '../../engine/supervisor.ts';
import { openAppEngine } from '../../engine/app-engine.ts';
import { startWebHost } from './server.ts';
import { openInBrowser } from './open-browser.ts';
import { PROJECT_ROOT } from '../project-root.ts';

const rendererDir = join(PROJECT_ROOT, 'out', 'renderer');

function parse(argv: string[]): { port: number; open: boolean } | string {
  let port = 0;
  let open = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--open') open = true;
    else if (arg === '--port' || arg.startsWith('--port=')) {
      const v = arg.includes('=') ? arg.slice(7) : argv[++i];
      const n = Number(v);
      if (!v || !/^\d+$/.test(v) || n < 0 || n > 65535)
        return `--port needs a port number, got ${JSON.stringify(v ?? '')}`;
      port = n;
    } else return `unknown option: ${arg}`;
  }
  return { port, open };
}

function buildRenderer(): void {
  process.stderr.write('workbench: building the app (first start only)…\n');
  // The one build of the renderer: the same bundle Electron loads (electron.vite.config.ts).
  const r = spawnSync(
    process.execPath,
    [join(PROJECT_ROOT, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js'), 'build', '--logLevel', 'warn'],
    {
      cwd: PROJECT_ROOT,
      stdio: ['ignore', 'inherit', 'inherit'],
    },
  );
  if (r.status !== 0) throw new Error('the app build failed (see above)');
}

async function main(): Promise<number> {
  const options = parse(process.argv.slice(2));
  if (typeof options === 'string') {
    process.stderr.write(`workbench web: ${options}\nusage: npm run web -- [--port N] [--open]\n`);
    return 2;
  }
  if (!existsSync(`${rendererDir}/index.html`)) buildRenderer();
  // Two warm hosts: an isolated-vm or QuickJS run from the UI then starts in milliseconds (the setting is in
  // the top bar).
  const engine = openAppEngine({ poolSize: DEFAULT_APP_POOL_SIZE });
  const { supervisor, history } = engine;
  if (engine.historyProblem !== undefined)
    process.stderr.write(`workbench: run history unavailable: ${engine.historyProblem}\n`);
  let host: Awaited<ReturnType<typeof startWebHost>>;
  try {
    host = await startWebHost({ supervisor, rootDir: rendererDir, port: options.port, history });
  } catch (error) {
    await engine.dispose();
    const code = (error as { code?: unknown }).code;
    process.stderr.write(
      code === 'EADDRINUSE'
        ? `workbench web: port ${options.port} on 127.0.0.1 is in use; choose another with --port N, or leave --port out for a free one\n`
        : code === 'EACCES'
          ? `workbench web: port ${options.port} may not be used by this user; choose one above 1023\n`
          : `workbench web: cannot listen on 127.0.0.1:${options.port}: ${(error as Error).message}\n`,
    );
    return 1;
  }
  // The tokened URL goes to our own stdout only; --open hands the browser a private page, never the URL itself.
  process.stdout.write(`Workbench ready at ${host.url}\n`);
  const page = options.open ? openInBrowser(host.url) : undefined;
  if (page) process.once('exit', page.close);
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  page?.close();
  // Every run stopped and saved, then the history closed (app-engine.ts); then the server.
  await engine.dispose();
  await host.close();
  return 0;
}

process.exitCode = await main();
