// The status HTTP(S) server (node:http / node:https): GET /status (JSON), GET /metrics (Prometheus text), and a
// table of POST actions; anything else 404. Authentication (issue 11, item 5): with a token, every request needs
// `Authorization: Bearer <token>` (compared in constant time); POST actions need it always, so without a token
// they are refused (403). Whether a token is required at all is the config's rule (status-keys.ts: beyond loopback).
import { createHash, timingSafeEqual } from 'node:crypto';
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { ConfigError } from '../errors.js';
import { hostPort } from '../util/address.js';

export interface StatusRoutes {
  /** The /status document. */
  status(): unknown;
  /** The /metrics text and its content type. */
  metrics(): Promise<{ contentType: string; body: string }>;
  /** Static files without data (the status page), served on GET/HEAD without the token. */
  assets?: ReadonlyMap<string, { contentType: string; body: string }>;
  /** Headers sent with every asset (the page's Content-Security-Policy). */
  assetHeaders?: Readonly<Record<string, string>>;
}

/** A write action: gets the request body (UTF-8, at most MAX_ACTION_BODY bytes), answers a JSON value. */
export type StatusAction = (body: string) => Promise<unknown>;

export interface ListenOptions {
  host: string;
  port: number;
  /** Told about a server error after it started listening (the run goes on). */
  onError?: (e: Error) => void;
  /** Bearer token every request must carry; empty or absent: GET/HEAD are open and POST is refused. */
  token?: string;
  /** POST routes (path → action); every one requires the token. */
  actions?: ReadonlyMap<string, StatusAction>;
  /** HTTPS instead of HTTP: PEM certificate (chain) and private key. */
  tls?: { cert: Buffer; key: Buffer };
}

/** Largest POST body read. */
export const MAX_ACTION_BODY = 64 * 1024;

const digest = (s: string) => createHash('sha256').update(s, 'utf8').digest();

/** True when the Authorization header is exactly `Bearer <token>` (scheme case-insensitive); constant time in the token. */
export function tokenMatches(authorization: string | undefined, token: string): boolean {
  if (token === '' || authorization === undefined) return false;
  const m = /^Bearer ([\x21-\x7e]+)$/i.exec(authorization);
  // Both sides hashed first: equal lengths for timingSafeEqual, and no early exit on the first differing byte.
  const given = digest(m ? m[1]! : '');
  return timingSafeEqual(given, digest(token)) && m !== null;
}

/** Why listen failed, as one operator line naming the key at fault. */
function listenError(e: NodeJS.ErrnoException, host: string, port: number): ConfigError {
  const where = hostPort(host, port);
  switch (e.code) {
    case 'EADDRINUSE':
      return new ConfigError(
        `status_http_port = ${port}: ${where} is already in use (another srsync running? choose another port or set 0 to disable)`,
        {
          key: 'status_http_port',
        },
      );
    case 'EACCES':
      return new ConfigError(`status_http_port = ${port}: not allowed to listen on ${where} (ports below 1024 need privileges)`, {
        key: 'status_http_port',
      });
    default:
      return new ConfigError(`status_http_host = '${host}': cannot listen on ${where} (${e.code ?? e.message})`, { key: 'status_http_host' });
  }
}

export class StatusServer {
  private constructor(
    private readonly server: http.Server,
    /** The port actually bound (differs from the requested one when that was 0). */
    readonly port: number,
    readonly host: string,
    readonly tls: boolean,
  ) {}

  /** Listens on host:port; a port in use (or any other listen failure, or unusable TLS files) is a ConfigError. */
  static async start(routes: StatusRoutes, o: ListenOptions): Promise<StatusServer> {
    const handler = (req: http.IncomingMessage, res: http.ServerResponse) => void handle(routes, o, req, res);
    let server: http.Server;
    try {
      server = o.tls ? https.createServer({ cert: o.tls.cert, key: o.tls.key }, handler) : http.createServer(handler);
    } catch (e) {
      throw new ConfigError(
        `status_http_tls_cert_file / status_http_tls_key_file: not a usable PEM certificate and private key pair (${(e as Error).message.split('\n')[0]})`,
        { key: 'status_http_tls_cert_file' },
        { cause: e },
      );
    }
    server.keepAliveTimeout = 5_000;
    await new Promise<void>((resolve, reject) => {
      const onError = (e: NodeJS.ErrnoException) => reject(listenError(e, o.host, o.port));
      server.once('error', onError);
      server.listen({ host: o.host, port: o.port }, () => {
        server.off('error', onError);
        resolve();
      });
    });
    server.on('error', (e) => o.onError?.(e));
    const addr = server.address() as AddressInfo;
    return new StatusServer(server, addr.port, o.host, o.tls !== undefined);
  }

  /** `http(s)://host:port`, for log lines. */
  get url(): string {
    return `${this.tls ? 'https' : 'http'}://${hostPort(this.host, this.port)}`;
  }

  /** Stops listening and drops open connections (scrapers keep them alive). */
  async close(): Promise<void> {
    await new Promise<void>((resolve) => {
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
  }
}

function readBody(req: http.IncomingMessage): Promise<string | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_ACTION_BODY) {
        resolve(undefined);
        req.destroy();
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

async function handle(routes: StatusRoutes, o: ListenOptions, req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
  const route = (req.url ?? '/').split('?')[0];
  const send = (code: number, contentType: string, body: string, headers: Record<string, string> = {}) => {
    res.writeHead(code, { 'content-type': contentType, 'cache-control': 'no-store', 'content-length': Buffer.byteLength(body), ...headers });
    res.end(req.method === 'HEAD' ? undefined : body);
  };
  const text = 'text/plain; charset=utf-8';
  const token = o.token ?? '';
  const authorized = tokenMatches(req.headers.authorization, token);
  const unauthorized = () =>
    send(401, text, 'unauthorized: send Authorization: Bearer <status_http_token>\n', { 'www-authenticate': 'Bearer realm="srsync"' });
  try {
    if (req.method === 'POST') {
      if (token === '') return send(403, text, 'forbidden: write actions need status_http_token set in sync.properties\n');
      if (!authorized) return unauthorized();
      const action = o.actions?.get(route ?? '');
      if (!action) return send(404, text, 'not found\n');
      const body = await readBody(req);
      if (body === undefined) return send(413, text, `request body larger than ${MAX_ACTION_BODY} bytes\n`);
      return send(200, 'application/json; charset=utf-8', `${JSON.stringify(await action(body), null, 2)}\n`);
    }
    const asset = req.method === 'GET' || req.method === 'HEAD' ? routes.assets?.get(route ?? '') : undefined;
    if (asset) return send(200, asset.contentType, asset.body, { ...routes.assetHeaders });
    if (token !== '' && !authorized) return unauthorized();
    if (req.method !== 'GET' && req.method !== 'HEAD') return send(404, text, 'not found\n');
    if (route === '/status') return send(200, 'application/json; charset=utf-8', `${JSON.stringify(routes.status(), null, 2)}\n`);
    if (route === '/metrics') {
      const m = await routes.metrics();
      return send(200, m.contentType, m.body);
    }
    return send(404, text, `not found (try ${routes.assets?.has('/') ? '/ (the status page), ' : ''}/status or /metrics)\n`);
  } catch (e) {
    if (!res.headersSent) send(500, text, `internal error: ${e instanceof Error ? e.message : String(e)}\n`);
    else res.destroy();
  }
}
