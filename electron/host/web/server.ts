/**
 * Browser mode (`npm run web`): the same renderer, served over HTTP on 127.0.0.1 only, talking the same UI
 * contract over a WebSocket. A per-launch token (in the URL it prints) and the page's own Origin are
 * required for the socket; the Host header must be the loopback address (no DNS rebinding). Static files
 * come from the renderer build only, with a strict CSP.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { extname, join, normalize, sep } from 'node:path';
import { WebSocketServer, type WebSocket } from 'ws';
import { serveApi } from '../../common/api/server.ts';
import type { WireMessage } from '../../common/api/contract.ts';
import { createHandlers } from '../../engine/api-handlers.ts';
import type { Supervisor } from '../../engine/supervisor.ts';
import type { HistoryStore } from '../../engine/history/store.ts';
import { checkHost, checkSocket, pageCsp } from './access.ts';

/** Largest message a page may send (a run's code is the biggest thing it sends). */
export const MAX_WS_MESSAGE_BYTES = 2 * 1024 * 1024;

const TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ttf': 'font/ttf',
  '.woff2': 'font/woff2',
  '.wasm': 'application/wasm',
};

export interface WebHost {
  readonly port: number;
  readonly token: string;
  readonly url: string;
  close(): Promise<void>;
}

export interface WebHostOptions {
  readonly supervisor: Supervisor;
  /** Where runs are saved and the history methods read; without it they answer `unavailable`. */
  readonly history?: HistoryStore;
  /** The renderer build to serve (index.html and assets). */
  readonly rootDir: string;
  /** 0 = a free port. */
  readonly port?: number;
  readonly token?: string;
}

export async function startWebHost(options: WebHostOptions): Promise<WebHost> {
  const token = options.token ?? randomBytes(24).toString('base64url');
  const root = normalize(options.rootDir + sep);
  let port = 0;
  const http: Server = createServer((req, res) => void serveStatic(req, res, root, port));
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_WS_MESSAGE_BYTES });
  http.on('upgrade', (req, socket, head) => {
    const decision = checkSocket({ host: req.headers.host, origin: req.headers.origin, url: req.url }, port, token);
    if (!decision.ok || !req.url?.startsWith('/api')) {
      socket.end(`HTTP/1.1 ${decision.ok ? 404 : decision.status} ${decision.ok ? 'Not Found' : 'Forbidden'}\r\n\r\n`);
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => attach(ws, options.supervisor, options.history));
  });
  await new Promise<void>((resolve, reject) => {
    http.once('error', reject);
    http.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const address = http.address();
  port = typeof address === 'object' && address ? address.port : 0;
  return {
    port,
    token,
    url: `http://127.0.0.1:${port}/?token=${token}`,
    close: async () => {
      for (const client of wss.clients) client.terminate();
      wss.close();
      await new Promise<void>((resolve) => http.close(() => resolve()));
    },
  };
}

/** One page connection: its own API server; events of every run go to every connected page. */
function attach(ws: WebSocket, supervisor: Supervisor, history: HistoryStore | undefined): void {
  const send = (message: WireMessage): void => {
    if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(message));
  };
  const handlers = createHandlers(supervisor, () => api, 'browser', history);
  const api = serveApi(handlers, send);
  // A page that goes away takes its runs with it.
  ws.on('close', () => handlers.stopAll());
  ws.on('message', (data, isBinary) => {
    if (isBinary) return void ws.close(1003, 'text frames only');
    let parsed: unknown;
    try {
      parsed = JSON.parse(String(data));
    } catch {
      return void ws.close(1007, 'malformed JSON');
    }
    api.receive(parsed);
  });
}

async function serveStatic(req: IncomingMessage, res: ServerResponse, root: string, port: number): Promise<void> {
  const host = checkHost({ host: req.headers.host, origin: req.headers.origin, url: req.url }, port);
  if (!host.ok) return end(res, host.status, host.reason);
  if (req.method !== 'GET' && req.method !== 'HEAD') return end(res, 405, 'method not allowed');
  let pathname: string;
  try {
    pathname = decodeURIComponent(new URL(req.url ?? '/', 'http://127.0.0.1').pathname);
  } catch {
    return end(res, 400, 'bad request');
  }
  const file = normalize(join(root, pathname === '/' ? 'index.html' : pathname));
  if (!file.startsWith(root)) return end(res, 403, 'outside the renderer build');
  let body: Buffer;
  try {
    body = await readFile(file);
  } catch {
    return end(res, 404, 'not found');
  }
  res.writeHead(200, {
    'content-type': TYPES[extname(file)] ?? 'application/octet-stream',
    'content-security-policy': pageCsp(port),
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
    'cache-control': 'no-store',
  });
  res.end(req.method === 'HEAD' ? undefined : body);
}

function end(res: ServerResponse, status: number, message: string): void {
  res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8' });
  res.end(`${message}\n`);
}
