// Issue 11 item 4: preflight's GET /service_id goes over the scheme of source_fe_http_scheme (with the CA of
// source_fe_http_ca_file), and warns ONCE when the source password crossed the network in clear.
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CLEAR_TEXT_PASSWORD_WARNING, sourceServiceIdOverHttp } from '../../../src/engine/preflight.js';
import { createMemoryLogger } from '../../../src/log/index.js';
import { ConfigError } from '../../../src/errors.js';

type Handler = (req: http.IncomingMessage, res: http.ServerResponse) => void;
const servers: Array<http.Server | https.Server> = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise<void>((r) => s.close(() => r()))));
});

async function serve(handler: Handler, tls?: { key: Buffer; cert: Buffer }): Promise<number> {
  const server = tls ? https.createServer(tls, handler) : http.createServer(handler);
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  return (server.address() as AddressInfo).port;
}

const BASIC = `Basic ${Buffer.from('root:pw').toString('base64')}`;
const secured: Handler = (req, res) => {
  if (req.headers.authorization === BASIC) {
    res.writeHead(200, { 'Content-Type': 'application/json' });
    return res.end('{"service_id": "svc-1"}');
  }
  res.writeHead(401, { 'WWW-Authenticate': 'Basic realm=""' });
  res.end('Authentication Failed.');
};
const open: Handler = (_q, res) => {
  res.writeHead(200, { 'Content-Type': 'application/json' });
  res.end('{"service_id": "svc-1"}');
};

const fixtures = path.join(import.meta.dirname, '../status/fixtures');
const certFile = path.join(fixtures, 'status-cert.pem');
const tls = { key: readFileSync(path.join(fixtures, 'status-key.pem')), cert: readFileSync(certFile) };
const login = { host: 'ignored', port: 9030, user: 'root', password: 'pw' };
const warns = (lines: string[]) => lines.filter((l) => / WARN /.test(l));

describe('sourceServiceIdOverHttp', () => {
  it('warns once when the FE asked for the password over plain http', async () => {
    const port = await serve(secured);
    const { logger, lines } = createMemoryLogger();
    expect(await sourceServiceIdOverHttp({ host: '127.0.0.1', port }, login, 2000, logger)).toBe('svc-1');
    expect(warns(lines)).toHaveLength(1);
    expect(warns(lines)[0]).toContain(CLEAR_TEXT_PASSWORD_WARNING);
    expect(CLEAR_TEXT_PASSWORD_WARNING).toBe(
      'the source FE asked for credentials (enable_http_auth) over plain HTTP: the source password crossed the network in clear text; set source_fe_http_scheme=https where the FE offers HTTPS',
    );
  });

  it('no warning when the FE does not ask for credentials', async () => {
    const port = await serve(open);
    const { logger, lines } = createMemoryLogger();
    expect(await sourceServiceIdOverHttp({ host: '127.0.0.1', port }, login, 2000, logger)).toBe('svc-1');
    expect(warns(lines)).toEqual([]);
  });

  it('https with source_fe_http_ca_file: credentials sent over TLS, no warning', async () => {
    const port = await serve(secured, tls);
    const { logger, lines } = createMemoryLogger();
    const id = await sourceServiceIdOverHttp(
      { host: '127.0.0.1', port },
      { ...login, sourceFeHttpScheme: 'https', sourceFeHttpCaFile: certFile },
      2000,
      logger,
    );
    expect(id).toBe('svc-1');
    expect(warns(lines)).toEqual([]);
  });

  it('https without the CA: the certificate is refused, a WARN names the https URL, no service id (fallback)', async () => {
    const port = await serve(secured, tls);
    const { logger, lines } = createMemoryLogger();
    expect(
      await sourceServiceIdOverHttp({ host: '127.0.0.1', port }, { ...login, sourceFeHttpScheme: 'https', sourceFeHttpCaFile: null }, 2000, logger),
    ).toBeNull();
    expect(warns(lines)).toHaveLength(1);
    expect(warns(lines)[0]).toContain(`https://127.0.0.1:${port}/service_id`);
    expect(warns(lines)[0]).toMatch(/certificate/);
  });

  it('a CA file that vanished after the config was read is a ConfigError (exit 2)', async () => {
    const { logger } = createMemoryLogger();
    await expect(
      sourceServiceIdOverHttp(
        { host: '127.0.0.1', port: 1 },
        { ...login, sourceFeHttpScheme: 'https', sourceFeHttpCaFile: '/nonexistent/ca.pem' },
        2000,
        logger,
      ),
    ).rejects.toBeInstanceOf(ConfigError);
  });
});
