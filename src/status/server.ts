// The status HTTP server (node:http): GET /status (JSON), GET /metrics (Prometheus text), anything else 404.
// It only reads: each request renders what `render` returns at that moment.
import { hostPort } from '../util/address.js';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { ConfigError } from '../errors.js';

export interface StatusRoutes {
  /** The /status document. */
  status(): unknown;
  /** The /metrics text and its content type. */
  metrics(): Promise<{ contentType: string; body: string }>;
}

export interface ListenOptions {
  host: string;
  port: number;
  /** Told about a server error after it started listening (the run goes on). */
  onError?: (e: Error) => void;
}

/** Why listen failed, as one operator line naming the key at fault. */
function listenError(e: NodeJS.ErrnoException, host: string, port: number): ConfigError {
  const where = hostPort(host, port);
  switch (e.code) {
    case 'EADDRINUSE':
      return new ConfigError(`status_http_port = ${port}: ${where} is already in use (another srsync running? choose another port or set 0 to disable)`, {
        key: 'status_http_port',
      });
    case 'EACCES':
      return new ConfigError(`status_http_port = ${port}: not allowed to listen on ${where} (ports below 1024 need privileges)`, { key: 'status_http_port' });
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
  ) {}

  /** Listens on host:port; a port in use (or any other listen failure) is a ConfigError. */
  static async start(routes: StatusRoutes, o: ListenOptions): Promise<StatusServer> {
    const server = http.createServer((req, res) => void handle(routes, req, res));
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
    return new StatusServer(server, addr.port, o.host);
  }

  /** `http://host:port`, for log lines. */
  get url(): string {
    return `http://${hostPort(this.host, this.port)}`;
  }

  /** Stops listening and drops open connections (scrapers keep them alive). */
  async close(): Promise<void> {
    await new Promise<void>((resolve) => {
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
  }
}

async function handle(routes: StatusRoutes, req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
  const route = (req.url ?? '/').split('?')[0];
  const send = (code: number, contentType: string, body: string) => {
    res.writeHead(code, { 'content-type': contentType, 'cache-control': 'no-store', 'content-length': Buffer.byteLength(body) });
    res.end(req.method === 'HEAD' ? undefined : body);
  };
  try {
    if (req.method !== 'GET' && req.method !== 'HEAD') return send(404, 'text/plain; charset=utf-8', 'not found\n');
    if (route === '/status') return send(200, 'application/json; charset=utf-8', `${JSON.stringify(routes.status(), null, 2)}\n`);
    if (route === '/metrics') {
      const m = await routes.metrics();
      return send(200, m.contentType, m.body);
    }
    return send(404, 'text/plain; charset=utf-8', 'not found (try /status or /metrics)\n');
  } catch (e) {
    if (!res.headersSent) send(500, 'text/plain; charset=utf-8', `internal error: ${e instanceof Error ? e.message : String(e)}\n`);
    else res.destroy();
  }
}
