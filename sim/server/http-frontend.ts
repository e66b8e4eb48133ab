// The simulated FE's HTTP port (http_port).
//
// Endpoint contract
// -----------------
// StarRocks endpoints (../shared/reference/starrocks-fe-interface.md §6.4):
//   GET  /service_id
//        run mode shared_data → 200, Content-Type application/json, body {"service_id": "<id>"}
//        any other run mode   → 404, text `Current run mode <mode> does not support service id.`
//        No authentication, as in StarRocks' MetaService.ServiceIdAction (needPassword() == false).
//   GET  /api/health   (only if `routes.health` is given) → 200 JSON of whatever it returns.
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
}

export interface HttpFrontendOptions {
  port: number;
  /** Default 127.0.0.1. */
  host?: string;
  routes: HttpRoutes;
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

  private async route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    const method = req.method ?? 'GET';
    const { routes } = this.opts;
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
