// Issue 11 item 4: GET /service_id sends the source password only where the FE asks for it (a 401 with a Basic
// challenge, enable_http_auth), and can go over HTTPS.
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { fetchServiceId } from '../../../src/cluster/fe-http-client.js';

interface Seen {
  auth: string | undefined;
}
type Handler = (req: http.IncomingMessage, res: http.ServerResponse) => void;

const servers: Array<http.Server | https.Server> = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise<void>((r) => s.close(() => r()))));
});

async function serve(handler: Handler, tls?: { key: Buffer; cert: Buffer }): Promise<{ port: number; seen: Seen[] }> {
  const seen: Seen[] = [];
  const h: Handler = (req, res) => {
    seen.push({ auth: req.headers.authorization });
    handler(req, res);
  };
  const server = tls ? https.createServer(tls, h) : http.createServer(h);
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  return { port: (server.address() as AddressInfo).port, seen };
}

const BASIC = `Basic ${Buffer.from('root:s3cret:x').toString('base64')}`;
const ok = (res: http.ServerResponse) => {
  res.writeHead(200, { 'Content-Type': 'application/json' });
  res.end('{"service_id": "abc-123"}');
};
/** enable_http_auth: 401 + challenge unless the right Basic credentials come. */
const secured: Handler = (req, res) => {
  if (req.headers.authorization === BASIC) return ok(res);
  res.writeHead(401, { 'WWW-Authenticate': 'Basic realm=""' });
  res.end('Authentication Failed.');
};
const ep = (port: number) => ({ host: '127.0.0.1', port, user: 'root', password: 's3cret:x' });

describe('fetchServiceId', () => {
  it('sends no credentials to an FE that does not ask for them', async () => {
    const { port, seen } = await serve((_q, res) => ok(res));
    expect(await fetchServiceId(ep(port), 2000)).toBe('abc-123');
    expect(seen).toEqual([{ auth: undefined }]);
  });

  it('answers a Basic challenge with the credentials, once', async () => {
    const { port, seen } = await serve(secured);
    const sent: boolean[] = [];
    expect(await fetchServiceId(ep(port), 2000, { onCredentialsSent: (inClear) => sent.push(inClear) })).toBe('abc-123');
    expect(seen).toEqual([{ auth: undefined }, { auth: BASIC }]);
    expect(sent).toEqual([true]);
  });

  it('a 401 without a Basic challenge gets no credentials; wrong credentials are not retried', async () => {
    const noChallenge = await serve((_q, res) => {
      res.writeHead(401, { 'WWW-Authenticate': 'Bearer realm="x"' });
      res.end();
    });
    expect(await fetchServiceId(ep(noChallenge.port), 2000)).toBeNull();
    expect(noChallenge.seen).toEqual([{ auth: undefined }]);
    const { port, seen } = await serve(secured);
    expect(await fetchServiceId({ ...ep(port), password: 'wrong' }, 2000)).toBeNull();
    expect(seen).toHaveLength(2);
  });

  it('404 (shared-nothing or an older FE): null, nothing sent', async () => {
    const { port, seen } = await serve((_q, res) => {
      res.writeHead(404);
      res.end('Current run mode shared_nothing does not support service id.');
    });
    expect(await fetchServiceId(ep(port), 2000)).toBeNull();
    expect(seen).toEqual([{ auth: undefined }]);
  });

  it('over HTTPS (scheme https), credentials after the challenge, not reported as in clear', async () => {
    // A certificate for 127.0.0.1 committed with the status endpoint's tests.
    const fixtures = path.join(import.meta.dirname, '../status/fixtures');
    const tls = { key: readFileSync(path.join(fixtures, 'status-key.pem')), cert: readFileSync(path.join(fixtures, 'status-cert.pem')) };
    const { port, seen } = await serve(secured, tls);
    const sent: boolean[] = [];
    await expect(fetchServiceId({ ...ep(port), scheme: 'https' }, 2000)).rejects.toThrow(/certificate/);
    expect(await fetchServiceId({ ...ep(port), scheme: 'https', ca: tls.cert }, 2000, { onCredentialsSent: (c) => sent.push(c) })).toBe('abc-123');
    expect(seen.at(-1)).toEqual({ auth: BASIC });
    expect(sent).toEqual([false]);
  });
});
