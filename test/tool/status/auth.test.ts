// Issue 11, item 5: the status endpoint's token, its POST route table, the WARN and the refusal beyond loopback,
// optional TLS, and `srsync status` sending the token of the same conf.
import https from 'node:https';
import http from 'node:http';
import path from 'node:path';
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { configSecrets, describeConfig, redact } from '../../../src/config/index.js';
import { ConfigError } from '../../../src/errors.js';
import { createMemoryLogger } from '../../../src/log/logger.js';
import { isLoopbackHost } from '../../../src/config/status-keys.js';
import { StatusServer, startStatusService, statusCommand, statusDocument, type StatusService } from '../../../src/status/index.js';
import { tokenMatches } from '../../../src/status/server.js';
import { config, confDir, confText, fakeSnapshot } from './helpers.js';

const TOKEN = 'tok-0123456789abcdef-XYZ';
const FIXTURES = path.join(import.meta.dirname, 'fixtures');
const CERT = path.join(FIXTURES, 'status-cert.pem');
const KEY = path.join(FIXTURES, 'status-key.pem');

function errorOf(extra: Record<string, string>): ConfigError {
  try {
    config(extra);
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigError);
    return e as ConfigError;
  }
  throw new Error('expected a ConfigError');
}

interface Answer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

function call(
  port: number,
  route: string,
  o: { method?: string; token?: string; body?: string; tls?: boolean; host?: string } = {},
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = {};
    if (o.token !== undefined) headers['authorization'] = `Bearer ${o.token}`;
    const opts = { host: o.host ?? '127.0.0.1', port, path: route, method: o.method ?? 'GET', agent: false, headers };
    const onRes = (res: http.IncomingMessage) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
    };
    const req = o.tls ? https.request({ ...opts, ca: readFileSync(CERT) }, onRes) : http.request(opts, onRes);
    req.on('error', reject);
    req.end(o.body);
  });
}

describe('status keys in sync.properties', () => {
  it('beyond loopback without a token: refused, one line, exit 2', () => {
    const e = errorOf({ status_http_port: '9108', status_http_host: '0.0.0.0' });
    expect(e.exitCode).toBe(2);
    expect(e.key).toBe('status_http_token');
    expect(e.message).toBe(
      "conf/sync.properties: status_http_host = '0.0.0.0' lets other machines connect, and status_http_token is not set; set status_http_token (clients send Authorization: Bearer <token>) or bind to 127.0.0.1 (line 8)",
    );
    expect(errorOf({ status_http_port: '9108', status_http_host: '10.1.2.3' }).key).toBe('status_http_token');
    expect(errorOf({ status_http_port: '9108', status_http_host: '::' }).key).toBe('status_http_token');
  });

  it('loopback, or the endpoint off, needs no token', () => {
    for (const host of ['127.0.0.1', '127.1.2.3', '::1', 'localhost'])
      expect(config({ status_http_port: '9108', status_http_host: host }).statusHttpHost).toBe(host);
    expect(config({ status_http_host: '0.0.0.0' }).statusHttpPort).toBe(0);
    expect(['0.0.0.0', '::', '10.0.0.1', 'example.com', '::ffff:10.0.0.1'].filter(isLoopbackHost)).toEqual([]);
    expect(isLoopbackHost('::ffff:127.0.0.1')).toBe(true);
  });

  it('a short or spaced token is refused without showing it; TLS needs both files, resolved against conf/', () => {
    const short = errorOf({ status_http_token: 'short-tok' });
    expect(short.message).toMatch(/^conf\/sync\.properties: status_http_token must be at least 16 printable ASCII characters without spaces/);
    expect(short.message).not.toContain('short-tok');
    expect(errorOf({ status_http_token: 'has a space in it 123' }).message).not.toContain('space in it');
    expect(errorOf({ status_http_tls_cert_file: 'c.pem' }).message).toMatch(/status_http_tls_cert_file is set but status_http_tls_key_file is not/);
    const c = config({ status_http_tls_cert_file: 'tls/c.pem', status_http_tls_key_file: '/etc/k.pem' });
    expect(c.statusHttpTlsCertFile).toBe(path.resolve('conf', 'tls/c.pem'));
    expect(c.statusHttpTlsKeyFile).toBe('/etc/k.pem');
  });

  it('the token is a secret: masked in the effective config and /status, registered for log masking', () => {
    const c = config({ status_http_token: TOKEN });
    expect(redact(c)['status_http_token']).toBe('******');
    expect(describeConfig(c).join('\n')).not.toContain(TOKEN);
    expect(configSecrets(c)).toContain(TOKEN);
    expect(JSON.stringify(statusDocument({ version: 'x', pid: 1, startedAt: 0, config: c }, fakeSnapshot(), 0))).not.toContain(TOKEN);
  });
});

describe('tokenMatches', () => {
  it('Bearer <token>, exactly (scheme case-insensitive)', () => {
    expect(tokenMatches(`Bearer ${TOKEN}`, TOKEN)).toBe(true);
    expect(tokenMatches(`bearer ${TOKEN}`, TOKEN)).toBe(true);
    for (const h of [undefined, '', TOKEN, `Basic ${TOKEN}`, `Bearer ${TOKEN}x`, `Bearer ${TOKEN.slice(1)}`, `Bearer  ${TOKEN}`])
      expect(tokenMatches(h, TOKEN), String(h)).toBe(false);
  });
});

describe('the status server with a token and POST routes', () => {
  let server: StatusServer | undefined;
  let service: StatusService | undefined;
  afterEach(async () => {
    await server?.close();
    await service?.close();
    server = service = undefined;
  });
  const routes = { status: () => ({ service: 'srsync', ok: true }), metrics: async () => ({ contentType: 'text/plain', body: 'm 1\n' }) };

  it('with a token, every GET needs it: 401 with WWW-Authenticate otherwise', async () => {
    server = await StatusServer.start(routes, { host: '127.0.0.1', port: 0, token: TOKEN });
    for (const route of ['/status', '/metrics', '/nope']) {
      const none = await call(server.port, route);
      expect(none.status, route).toBe(401);
      expect(none.headers['www-authenticate']).toBe('Bearer realm="srsync"');
      expect(none.body).not.toContain('srsync"');
      expect((await call(server.port, route, { token: 'wrong-token-0123456789' })).status).toBe(401);
    }
    expect((await call(server.port, '/status', { token: TOKEN })).status).toBe(200);
    expect((await call(server.port, '/metrics', { token: TOKEN })).body).toBe('m 1\n');
    expect((await call(server.port, '/nope', { token: TOKEN })).status).toBe(404);
  });

  it('POST routes always need the token: 403 when none is configured, 401 without it, run with it', async () => {
    const calls: string[] = [];
    const actions = new Map([['/test/echo', async (body: string) => (calls.push(body), { echoed: body })]]);
    server = await StatusServer.start(routes, { host: '127.0.0.1', port: 0, actions });
    const open = await call(server.port, '/test/echo', { method: 'POST', body: 'x' });
    expect(open.status).toBe(403);
    expect(open.body).toMatch(/status_http_token/);
    expect((await call(server.port, '/status')).status).toBe(200); // reads stay open on loopback without a token
    await server.close();
    server = await StatusServer.start(routes, { host: '127.0.0.1', port: 0, token: TOKEN, actions });
    expect((await call(server.port, '/test/echo', { method: 'POST', body: 'x' })).status).toBe(401);
    expect((await call(server.port, '/test/echo', { method: 'POST', body: 'x', token: 'nope-nope-nope-nope' })).status).toBe(401);
    expect(calls).toEqual([]);
    const ok = await call(server.port, '/test/echo', { method: 'POST', body: 'pause please', token: TOKEN });
    expect([ok.status, JSON.parse(ok.body)]).toEqual([200, { echoed: 'pause please' }]);
    expect(calls).toEqual(['pause please']);
    expect((await call(server.port, '/test/other', { method: 'POST', token: TOKEN })).status).toBe(404);
    expect((await call(server.port, '/status', { method: 'DELETE', token: TOKEN })).status).toBe(404);
  });

  it('beyond loopback: a WARN line; refused (exit 2) without a token even when the config was built elsewhere', async () => {
    const { logger, lines } = createMemoryLogger();
    const c = config({ status_http_port: '9108', status_http_host: '0.0.0.0', status_http_token: TOKEN });
    service = await startStatusService({ config: c, version: 'x', log: logger, port: 0, defaultMetrics: false });
    const text = lines.join('\n');
    expect(text).toMatch(
      /WARN .*Status endpoint listens on 0\.0\.0\.0:\d+, reachable from other machines: every request needs status_http_token; without TLS/,
    );
    expect(text).not.toContain(TOKEN);
    expect((await call(service.port, '/status')).status).toBe(401);
    expect((await call(service.port, '/status', { token: TOKEN })).status).toBe(200);
    const err = await startStatusService({ config: { ...c, statusHttpToken: '' }, version: 'x', log: logger, port: 0 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConfigError);
    expect((err as ConfigError).exitCode).toBe(2);
  });

  it('TLS: serves HTTPS with the configured certificate; a missing file is a one-line ConfigError', async () => {
    const { logger, lines } = createMemoryLogger();
    const c = config({ status_http_token: TOKEN, status_http_tls_cert_file: CERT, status_http_tls_key_file: KEY });
    service = await startStatusService({ config: c, version: 'x', log: logger, port: 0, defaultMetrics: false });
    expect(service.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    expect(lines.join('\n')).toContain(`Status endpoint listening on ${service.url}`);
    const ok = await call(service.port, '/status', { tls: true, token: TOKEN, host: 'localhost' });
    expect(ok.status).toBe(200);
    await expect(call(service.port, '/status', { token: TOKEN })).rejects.toThrow(); // plain HTTP is not spoken
    const bad = await startStatusService({
      config: { ...c, statusHttpTlsKeyFile: '/nonexistent/key.pem' },
      version: 'x',
      log: logger,
      port: 0,
    }).catch((e: unknown) => e);
    expect(bad).toBeInstanceOf(ConfigError);
    expect((bad as ConfigError).message).toBe("status_http_tls_key_file = '/nonexistent/key.pem': cannot be read (ENOENT)");
  });
});

describe('srsync status with a token and TLS', () => {
  let service: StatusService | undefined;
  afterEach(async () => {
    await service?.close();
    service = undefined;
  });
  const out = () => {
    const o = { stdout: '', stderr: '' };
    return { o, io: { stdout: (t: string) => (o.stdout += t), stderr: (t: string) => (o.stderr += t) } };
  };

  it('sends the token of the same conf; a different token: exit 2 with one line, no token shown', async () => {
    const { logger } = createMemoryLogger();
    service = await startStatusService({
      config: config({ status_http_token: TOKEN }),
      version: '7.7.7',
      log: logger,
      port: 0,
      defaultMetrics: false,
    });
    const good = out();
    expect(
      await statusCommand({ conf: confDir(confText({ status_http_port: String(service.port), status_http_token: TOKEN })), json: true }, {}, good.io),
    ).toBe(0);
    expect(JSON.parse(good.o.stdout)).toMatchObject({ service: 'srsync', version: '7.7.7' });
    const other = 'another-token-0123456789';
    const bad = out();
    expect(await statusCommand({ conf: confDir(confText({ status_http_port: String(service.port), status_http_token: other })) }, {}, bad.io)).toBe(
      2,
    );
    expect(bad.o.stderr).toMatch(
      /^srsync status: http:\/\/127\.0\.0\.1:\d+\/status refused the request \(HTTP 401\): status_http_token in \S+ is not the running srsync's\n$/,
    );
    expect(bad.o.stderr).not.toContain(other);
    const none = out();
    expect(await statusCommand({ conf: confDir(confText({ status_http_port: String(service.port) })) }, {}, none.io)).toBe(2);
  });

  it('over HTTPS, trusting exactly the configured certificate', async () => {
    const { logger } = createMemoryLogger();
    const tls = { status_http_token: TOKEN, status_http_tls_cert_file: CERT, status_http_tls_key_file: KEY };
    service = await startStatusService({ config: config(tls), version: '7.7.7', log: logger, port: 0, defaultMetrics: false });
    const good = out();
    expect(await statusCommand({ conf: confDir(confText({ ...tls, status_http_port: String(service.port) })), json: true }, {}, good.io)).toBe(0);
    // A client whose conf names another certificate does not send its token to this server.
    const pinned = out();
    const otherConf = {
      ...tls,
      status_http_tls_cert_file: path.join(FIXTURES, 'other-cert.pem'),
      status_http_tls_key_file: path.join(FIXTURES, 'other-key.pem'),
    };
    expect(await statusCommand({ conf: confDir(confText({ ...otherConf, status_http_port: String(service.port) })) }, {}, pinned.io)).toBe(1);
    expect(pinned.o.stderr).toMatch(/certificate/);
  });
});
