/**
 * Who may talk to the browser-mode host: pure checks on a request's Host and Origin headers and its token.
 * The server binds to 127.0.0.1 only; these checks stop other web pages (a foreign Origin), DNS rebinding
 * (a foreign Host) and other local users' processes without the token (printed once, at launch).
 */
import { timingSafeEqualStrings } from '../../common/protocol/framed-peer.ts';

export interface AccessRequest {
  readonly host: string | undefined;
  readonly origin: string | undefined;
  /** The request URL's path and query, as the server received it. */
  readonly url: string | undefined;
}

export type AccessDecision =
  { readonly ok: true } | { readonly ok: false; readonly status: 400 | 403; readonly reason: string };

/** The one origin the page is served from. */
export function expectedOrigin(port: number): string {
  return `http://127.0.0.1:${port}`;
}

export function checkHost(req: AccessRequest, port: number): AccessDecision {
  return req.host === `127.0.0.1:${port}`
    ? { ok: true }
    : { ok: false, status: 403, reason: `unexpected Host header ${JSON.stringify(req.host ?? '')}` };
}

/** A WebSocket upgrade: right Host, the page's own Origin, and the launch token in the query. */
export function checkSocket(req: AccessRequest, port: number, token: string): AccessDecision {
  const host = checkHost(req, port);
  if (!host.ok) return host;
  if (req.origin !== expectedOrigin(port)) {
    return { ok: false, status: 403, reason: `unexpected Origin ${JSON.stringify(req.origin ?? '')}` };
  }
  let given: string | null;
  try {
    given = new URL(req.url ?? '', expectedOrigin(port)).searchParams.get('token');
  } catch {
    return { ok: false, status: 400, reason: 'bad request URL' };
  }
  if (given === null || !timingSafeEqualStrings(given, token))
    return { ok: false, status: 403, reason: 'missing or wrong token' };
  return { ok: true };
}

/** Content-Security-Policy of the page: everything from this origin only; Monaco needs workers and inline styles. */
export function pageCsp(port: number): string {
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    "worker-src 'self' blob:",
    `connect-src 'self' ws://127.0.0.1:${port}`,
    "object-src 'none'",
    "base-uri 'none'",
    "frame-ancestors 'none'",
    "form-action 'none'",
  ].join('; ');
}
