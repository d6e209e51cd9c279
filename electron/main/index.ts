/**
 * Electron main: wires features only — the window, the menu, security defaults, and the UI contract over
 * one sender-checked IPC channel to the supervisor. Hosts run on a real Node ≥ 24 when one is found
 * (WORKBENCH_NODE, the pinned node@24, `node` on PATH: isolated-vm and child guests need it), otherwise in
 * Electron's utilityProcess; the choice is the "Host runtime" setting, remembered in settings.json.
 */
import { app, BrowserWindow, ipcMain, Menu, session, shell } from 'electron';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { DEFAULT_APP_POOL_SIZE, type RuntimeChoice } from '../engine/supervisor.ts';
import { openAppEngine, type AppEngine } from '../engine/app-engine.ts';
import { findNodeRuntime } from '../engine/node-runtime.ts';
import type { MenuCommand } from '../common/api/types.ts';
import { utilityRuntime } from './utility-launcher.ts';
import { builtHostEntry, readSettings, writeSettings } from './settings.ts';
import { createHandlers } from '../engine/api-handlers.ts';
import { serveApi, type ApiServer } from '../common/api/server.ts';
import type { WireMessage } from '../common/api/contract.ts';
import { CALL_CHANNEL, EVENT_CHANNEL } from '../common/api/channels.ts';
import { isTrustedSender } from './sender-check.ts';
import { parseWindowState } from './window-state.ts';

const rendererIndex = join(import.meta.dirname, '../renderer/index.html');
const appUrl = pathToFileURL(rendererIndex).href;
const stateFile = (): string => join(app.getPath('userData'), 'window.json');
const CSP =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; font-src 'self' data:; worker-src 'self' blob:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'";

let mainWindow: BrowserWindow | undefined;
const settingsFile = (): string => join(app.getPath('userData'), 'settings.json');
const runtimes: RuntimeChoice[] = [
  { kind: 'node', label: 'System Node ≥ 24', resolve: findNodeRuntime },
  { kind: 'electron-utility', label: "Electron's utility process", resolve: utilityRuntime },
];
/** Opened in whenReady (app-engine.ts): the supervisor needs the app's paths, and nothing runs before the UI. */
let engine: AppEngine | undefined;

function setupSecurity(): void {
  session.defaultSession.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
  session.defaultSession.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [CSP] } });
  });
  app.on('web-contents-created', (_event, contents) => {
    contents.on('will-navigate', (event) => event.preventDefault());
    // Links (probe references) open in the system browser; no window is ever opened in the app.
    contents.setWindowOpenHandler(({ url }) => {
      const protocol = URL.canParse(url) ? new URL(url).protocol : '';
      if (protocol === 'https:' || protocol === 'http:') void shell.openExternal(url);
      return { action: 'deny' };
    });
  });
}

function setupIpc(): void {
  const send = (message: WireMessage): void => mainWindow?.webContents.send(EVENT_CHANNEL, message);
  const { supervisor, history } = engine!;
  const base = createHandlers(supervisor, () => api, 'electron', history);
  const api: ApiServer = serveApi(
    {
      ...base,
      // The choice outlives the app: remembered once the supervisor has accepted it.
      setPoolSize: async (args) => {
        const pool = await base.setPoolSize(args);
        writeSettings(settingsFile(), { ...readSettings(settingsFile()), poolSize: args.size });
        return pool;
      },
      setHostRuntime: async (args) => {
        const chosen = await base.setHostRuntime(args);
        writeSettings(settingsFile(), { ...readSettings(settingsFile()), hostRuntime: args.kind });
        return chosen;
      },
    },
    send,
  );
  commandSink = (command) => api.emit('menuCommand', { command });
  ipcMain.on(CALL_CHANNEL, (event, message: unknown) => {
    const trusted = isTrustedSender(
      { senderId: event.sender.id, frameUrl: event.senderFrame?.url, isMainFrame: event.senderFrame?.parent === null },
      mainWindow?.webContents.id,
      appUrl,
    );
    if (!trusted) return;
    api.receive(message);
  });
}

let commandSink: ((command: MenuCommand) => void) | undefined;

function setupMenu(): void {
  const isMac = process.platform === 'darwin';
  const command = (c: MenuCommand) => () => commandSink?.(c);
  Menu.setApplicationMenu(
    Menu.buildFromTemplate([
      ...(isMac ? [{ role: 'appMenu' as const }] : []),
      { role: 'fileMenu' },
      { role: 'editMenu' },
      {
        label: 'Run',
        submenu: [
          { label: 'Run', accelerator: 'CmdOrCtrl+Enter', click: command('run') },
          { label: 'Stop', accelerator: 'CmdOrCtrl+.', click: command('stop') },
          { label: 'Compare drivers', accelerator: 'CmdOrCtrl+Shift+Enter', click: command('compare') },
        ],
      },
      { role: 'viewMenu' },
      { role: 'windowMenu' },
      {
        role: 'help',
        submenu: [
          { label: 'README', click: () => openDoc('README.md') },
          { label: 'Isolation matrix', click: () => openDoc('docs/isolation-matrix.md') },
          { label: 'How the engine works', click: () => openDoc('docs/engine.md') },
        ],
      },
    ]),
  );
}

/**
 * The project's own pages, opened in the system's viewer: packaged, they are extra resources next to app.asar
 * (electron-builder.yml), which a viewer can read; from a checkout, the files themselves.
 */
function openDoc(relative: string): void {
  const packaged = join(process.resourcesPath, relative);
  const path = app.isPackaged ? packaged : join(import.meta.dirname, '..', '..', relative);
  if (existsSync(path)) void shell.openPath(path);
}

function createWindow(): void {
  let bounds;
  try {
    bounds = parseWindowState(readFileSync(stateFile(), 'utf8'));
  } catch {
    bounds = undefined;
  }
  mainWindow = new BrowserWindow({
    width: bounds?.width ?? 1280,
    height: bounds?.height ?? 800,
    ...(bounds ? { x: bounds.x, y: bounds.y } : {}),
    backgroundColor: '#111418',
    webPreferences: {
      preload: join(import.meta.dirname, '../preload/index.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
    },
  });
  mainWindow.on('close', () => {
    if (mainWindow) writeFileSync(stateFile(), JSON.stringify(mainWindow.getBounds()));
  });
  mainWindow.on('closed', () => (mainWindow = undefined));
  void mainWindow.loadFile(rendererIndex);
}

app.whenReady().then(() => {
  // The remembered warm-pool size and host runtime (if it can still be used; otherwise the first usable one).
  const settings = readSettings(settingsFile());
  engine = openAppEngine({
    runtimes,
    hostEntry: builtHostEntry(import.meta.dirname),
    poolSize: settings.poolSize ?? DEFAULT_APP_POOL_SIZE,
  });
  if (engine.historyProblem !== undefined) console.error(`run history unavailable: ${engine.historyProblem}`);
  const saved = settings.hostRuntime;
  if (saved) {
    try {
      engine.supervisor.selectRuntime(saved);
    } catch {
      // e.g. the system Node was uninstalled: the first usable one is used, and the top bar shows which
    }
  }
  setupSecurity();
  setupIpc();
  setupMenu();
  createWindow();
});
app.on('window-all-closed', () => app.quit());
// Quitting waits for every run to be stopped — no host left behind — and recorded before the history closes.
let quitting = false;
app.on('before-quit', (event) => {
  if (quitting || !engine) return;
  quitting = true;
  event.preventDefault();
  void engine.dispose().finally(() => app.quit());
});
