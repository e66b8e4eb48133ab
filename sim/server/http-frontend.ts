// The simulated FE's HTTP port (http_port).
//
// Endpoint contract
// -----------------
// StarRocks endpoints (../shared/reference/starrocks-fe-interface.md §6.4):
//   GET  /service_id
//        run mode shared_data → 200, Content-Type application/json, body {"service_id": "<id>"}
//        any other run mode   → 404, text `Current run mode <mode> does not support service id.`
//        No authentication, as in StarRocks' MetaService.ServiceIdAction (needPassword() == false)...
//   GET  /api/health   (only if `routes.health` is given) → 200 JSON of whatever it returns.
//   GET  /api/replication?type=cancel_all|show   (only if `routes.replication` is given; always HTTP Basic)
//   ...unless the static FE config `enable_http_auth` is on (PR #73822; `auth` below, start flag
//   --enable-http-auth): then both demand HTTP Basic credentials of a user (root or a created user) and answer
//   401 with `WWW-Authenticate: Basic realm=""` to a request without them or with wrong ones
//   (sim/fidelity/server.md, "enable_http_auth").
//   The simulator control endpoints below are never gated (they are not StarRocks').
//
// Simulator control endpoints (not StarRocks; JSON in, JSON out; delegated to `routes.control`/`routes.state`):
//   POST /sim/faults   body {"action": "<name>", ...params}
//        → 200 {"ok": true, "result": <what control(action, params) resolved to, or null>}
//        → 400 {"ok": false, "error": "<message>"} for a body that is not a JSON object with a string `action`,
//          or when control(...) throws (unknown action, bad params)
//        → 404 {"ok": false, "error": ...} when no control callback was given
//        Actions the integrator is expected to implement (examples; the names are its contract):
//          {"action":"drop_connections"}                       close every MySQL connection now
//          {"action":"drop_next_connections","count":2}        close the next N MySQL connections at accept
//          {"action":"fail_queries","count":1,"code":1064,"message":"..."}
//          {"action":"delay_queries","count":1,"ms":500}
//          {"action":"fail_rpcs","count":2,"message":"..."}    next N Thrift RPCs answer an error status
//          {"action":"delay_rpcs","count":1,"ms":500}
//          {"action":"abort_replication_jobs"}
//          {"action":"fail_cn_copies","count":1}
//          {"action":"restart_fe"}
//          {"action":"clear"}                                  disarm every fault
//   GET  /sim/state    → 200 JSON summary from `routes.state()` (404 if not given)
// Anything else → 404. A wrong method on a known path → 405.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export interface HttpRoutes {
  /** FE config `run_mode`: `shared_data` or `shared_nothing`. */
  runMode: () => string;
  serviceId: () => string;
  control?: (action: string, params: Record<string, unknown>) => Promise<unknown>;
  state?: () => unknown;
  health?: () => unknown;
  /**
   * GET /api/replication (StarRocks' ReplicationAction, sim/replication/http-action.ts) for an authenticated user:
   * like every /api/ RestBaseAction it always demands HTTP Basic credentials, whatever `enable_http_auth` says.
   */
  replication?: (user: string, params: URLSearchParams) => Promise<{ status: number; contentType: string; body: string }>;
}

/** HTTP Basic authentication of the StarRocks endpoints (FE config `enable_http_auth`). */
export interface HttpAuth {
  /** Whether credentials are demanded (read per request; the config is static, fixed at start). */
  enabled: () => boolean;
  /** Whether `user` / `password` log in (the MySQL users' passwords). */
  verify: (user: string, password: string) => boolean;
}

export interface HttpFrontendOptions {
  port: number;
  /** Default 127.0.0.1. */
  host?: string;
  routes: HttpRoutes;
  /** Absent: no authentication anywhere. */
  auth?: HttpAuth;
}

/** The challenge StarRocks' BaseAction sends with a 401 (inherited from Doris' BaseAction). */
export const BASIC_CHALLENGE = 'Basic realm=""';

/** `Authorization: Basic base64(user:password)` → the pair, or null when absent or malformed. */
export function parseBasicAuth(header: string | undefined): { user: string; password: string } | null {
  const m = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(header ?? '');
  if (!m) return null;
  const text = Buffer.from(m[1]!, 'base64').toString('utf8');
  const colon = text.indexOf(':');
  return colon < 0 ? null : { user: text.slice(0, colon), password: text.slice(colon + 1) };
}

const MAX_BODY_BYTES = 1 << 20;

export class HttpFrontend {
  private readonly server: Server;
  private readonly sockets = new Set<Socket>();
  private listening = false;

  constructor(private readonly opts: HttpFrontendOptions) {
    this.server = createServer((req, res) => {
      this.route(req, res).catch((e: unknown) => {
        if (!res.headersSent) sendJson(res, 500, { ok: false, error: errorMessage(e) });
        else res.destroy();
      });
    });
    this.server.on('connection', (s: Socket) => {
      this.sockets.add(s);
      s.on('close', () => this.sockets.delete(s));
    });
  }

  start(): Promise<number> {
    return new Promise((resolve, reject) => {
      const onError = (e: Error) => reject(e);
      this.server.once('error', onError);
      this.server.listen(this.opts.port, this.opts.host ?? '127.0.0.1', () => {
        this.server.off('error', onError);
        this.listening = true;
        resolve((this.server.address() as AddressInfo).port);
      });
    });
  }

  async stop(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    if (!this.listening) return;
    this.listening = false;
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private authorized(req: IncomingMessage): boolean {
    const auth = this.opts.auth;
    if (!auth || !auth.enabled()) return true;
    const creds = parseBasicAuth(req.headers.authorization);
    return creds !== null && auth.verify(creds.user, creds.password);
  }

  private async route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const path = url.pathname;
    const method = req.method ?? 'GET';
    const { routes } = this.opts;
    if ((path === '/service_id' || (path === '/api/health' && routes.health)) && !this.authorized(req)) {
      res.setHeader('WWW-Authenticate', BASIC_CHALLENGE);
      return sendText(res, 401, 'Authentication Failed. Please provide a valid user name and password (HTTP Basic).');
    }
    switch (path) {
      case '/service_id': {
        if (method !== 'GET') return sendText(res, 405, 'Method Not Allowed');
        const mode = routes.runMode();
        if (mode !== 'shared_data') return sendText(res, 404, `Current run mode ${mode} does not support service id.`);
        return sendRaw(res, 200, 'application/json', `{"service_id": ${JSON.stringify(routes.serviceId())}}`);
      }
      case '/api/health':
        if (!routes.health) break;
        if (method !== 'GET') return sendText(res, 405, 'Method Not Allowed');
        return sendJson(res, 200, routes.health() ?? null);
      case '/api/replication': {
        if (!routes.replication) break;
        if (method !== 'GET') return sendText(res, 405, 'Method Not Allowed');
        const creds = parseBasicAuth(req.headers.authorization);
        if (!creds || (this.opts.auth && !this.opts.auth.verify(creds.user, creds.password))) {
          res.setHeader('WWW-Authenticate', BASIC_CHALLENGE);
          return sendText(res, 401, 'Authentication Failed. Please provide a valid user name and password (HTTP Basic).');
        }
        const answer = await routes.replication(creds.user, url.searchParams);
        return sendRaw(res, answer.status, answer.contentType, answer.body);
      }
      case '/sim/state':
        if (!routes.state) return sendJson(res, 404, { ok: false, error: 'no state callback' });
        if (method !== 'GET') return sendJson(res, 405, { ok: false, error: 'use GET' });
        return sendJson(res, 200, (await routes.state()) ?? null);
      case '/sim/faults': {
        if (method !== 'POST') return sendJson(res, 405, { ok: false, error: 'use POST' });
        if (!routes.control) return sendJson(res, 404, { ok: false, error: 'no control callback' });
        const body = parseJsonObject(await readBody(req));
        if (typeof body === 'string') return sendJson(res, 400, { ok: false, error: body });
        const { action, ...params } = body;
        if (typeof action !== 'string' || action === '') {
          return sendJson(res, 400, { ok: false, error: 'body needs a string "action"' });
        }
        let result: unknown;
        try {
          result = await routes.control(action, params);
        } catch (e) {
          return sendJson(res, 400, { ok: false, error: errorMessage(e) });
        }
        return sendJson(res, 200, { ok: true, result: result ?? null });
      }
    }
    return sendText(res, 404, 'Not Found');
  }
}

/** The parsed object, or an error message. */
function parseJsonObject(text: string): Record<string, unknown> | string {
  let v: unknown;
  try {
    v = JSON.parse(text === '' ? '{}' : text);
  } catch (e) {
    return `body is not JSON: ${errorMessage(e)}`;
  }
  if (v === null || typeof v !== 'object' || Array.isArray(v)) return 'body must be a JSON object';
  return v as Record<string, unknown>;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY_BYTES) {
        reject(new Error('request body too large'));
        req.destroy();
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function sendRaw(res: ServerResponse, status: number, contentType: string, body: string): void {
  res.writeHead(status, { 'Content-Type': contentType, 'Content-Length': Buffer.byteLength(body) });
  res.end(body);
}

const sendText = (res: ServerResponse, status: number, body: string) => sendRaw(res, status, 'text/plain; charset=utf-8', body);
const sendJson = (res: ServerResponse, status: number, value: unknown) => sendRaw(res, status, 'application/json', JSON.stringify(value));
const errorMessage = (e: unknown) => (e instanceof Error ? e.message : String(e));
