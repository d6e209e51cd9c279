/**
 * Electron main: wires features only — the window, the menu, security defaults, and the UI contract over
 * one sender-checked IPC channel to the supervisor. Hosts run on a real Node ≥ 24 (the pinned node@24 or
 * WORKBENCH_NODE), because isolated-vm cannot load inside Electron's own Node.
 */
import { app, BrowserWindow, ipcMain, Menu, session, shell } from 'electron';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Supervisor } from '../engine/supervisor.ts';
import { createHandlers } from '../engine/api-handlers.ts';
import { serveApi, type ApiServer } from '../common/api/server.ts';
import type { WireMessage } from '../common/api/contract.ts';
import { isTrustedSender } from './sender-check.ts';

const CALL_CHANNEL = 'workbench:call';
const EVENT_CHANNEL = 'workbench:event';
const rendererIndex = join(import.meta.dirname, '../renderer/index.html');
const appUrl = pathToFileURL(rendererIndex).href;
const stateFile = (): string => join(app.getPath('userData'), 'window.json');
const CSP =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; font-src 'self' data:; worker-src 'self' blob:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'";

let mainWindow: BrowserWindow | undefined;
const supervisor = new Supervisor();

function setupSecurity(): void {
  session.defaultSession.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
  session.defaultSession.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [CSP] } });
  });
  app.on('web-contents-created', (_event, contents) => {
    contents.on('will-navigate', (event) => event.preventDefault());
    contents.setWindowOpenHandler(({ url }) => {
      if (url.startsWith('https://')) void shell.openExternal(url);
      return { action: 'deny' };
    });
  });
}

function setupIpc(): void {
  const send = (message: WireMessage): void => mainWindow?.webContents.send(EVENT_CHANNEL, message);
  const api: ApiServer = serveApi(
    createHandlers(supervisor, () => api, 'electron'),
    send,
  );
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

function setupMenu(): void {
  const isMac = process.platform === 'darwin';
  Menu.setApplicationMenu(
    Menu.buildFromTemplate([
      ...(isMac ? [{ role: 'appMenu' as const }] : []),
      { role: 'fileMenu' },
      { role: 'editMenu' },
      { role: 'viewMenu' },
      { role: 'windowMenu' },
      {
        role: 'help',
        submenu: [{ label: 'Project README', click: () => void shell.openExternal('https://github.com/') }],
      },
    ]),
  );
}

function createWindow(): void {
  let bounds: Electron.Rectangle | undefined;
  try {
    bounds = JSON.parse(readFileSync(stateFile(), 'utf8')) as Electron.Rectangle;
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
  setupSecurity();
  setupIpc();
  setupMenu();
  createWindow();
});
app.on('window-all-closed', () => app.quit());
app.on('before-quit', () => void supervisor.dispose());
