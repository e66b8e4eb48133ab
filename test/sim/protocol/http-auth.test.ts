// enable_http_auth (static FE config, PR #73822): the FE's HTTP endpoints demand Basic credentials and challenge
// with 401 + `WWW-Authenticate: Basic realm=...` otherwise; off (the default), /service_id answers anyone.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ClusterHandle } from '../../../sim/cluster.js';
import { PASSWORD, connect, exec, query, removeTempDirs, startSim, tempDir } from './helpers.js';

const basic = (user: string, pw: string) => `Basic ${Buffer.from(`${user}:${pw}`).toString('base64')}`;
let secured: ClusterHandle;
let open: ClusterHandle;

beforeAll(async () => {
  [secured, open] = await Promise.all([startSim('auth', tempDir('auth'), { enableHttpAuth: true }), startSim('open', tempDir('open'))]);
  const c = await connect(secured.ports.query);
  await exec(c, "CREATE USER 'reader' IDENTIFIED BY 'reader-pw'");
  await c.end();
});
afterAll(async () => {
  await Promise.all([secured?.stop(), open?.stop()]);
  removeTempDirs();
});

const get = (port: number, path: string, auth?: string) => fetch(`http://127.0.0.1:${port}${path}`, auth ? { headers: { Authorization: auth } } : {});

describe('enable_http_auth', () => {
  it('without credentials: 401 with a Basic challenge, no service id', async () => {
    const res = await get(secured.ports.http, '/service_id');
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toMatch(/^Basic realm=/);
    expect(await res.text()).not.toContain('service_id');
  });

  it('wrong password or unknown user: 401 again', async () => {
    expect((await get(secured.ports.http, '/service_id', basic('root', 'nope'))).status).toBe(401);
    expect((await get(secured.ports.http, '/service_id', basic('ghost', PASSWORD))).status).toBe(401);
    expect((await get(secured.ports.http, '/service_id', 'Bearer x')).status).toBe(401);
  });

  it('root or a created user with the right password: the service id', async () => {
    for (const auth of [basic('root', PASSWORD), basic('reader', 'reader-pw')]) {
      const res = await get(secured.ports.http, '/service_id', auth);
      expect(res.status).toBe(200);
      expect((await res.json()) as unknown).toEqual({ service_id: secured.fe.serviceId });
    }
  });

  it('ADMIN SHOW FRONTEND CONFIG shows it on; off by default, and then /service_id needs nothing', async () => {
    const c = await connect(secured.ports.query);
    const r = await query(c, "ADMIN SHOW FRONTEND CONFIG LIKE 'enable_http_auth'");
    // Static (fe.conf only): ADMIN SET refuses it, as for every config that is not mutable.
    const set = await query(c, 'ADMIN SET FRONTEND CONFIG ("enable_http_auth" = "false")').then(
      () => null,
      (e: { errno?: number; message?: string }) => e,
    );
    await c.end();
    expect(r.objects[0]?.['Value']).toBe('true');
    expect(r.objects[0]?.['IsMutable']).toBe('false');
    expect(set).toMatchObject({ errno: 5102, message: "Config 'enable_http_auth' does not exist or is not mutable" });
    const res = await get(open.ports.http, '/service_id');
    expect(res.status).toBe(200);
    expect(res.headers.get('www-authenticate')).toBeNull();
  });

  it('the simulator control endpoints are not gated (not StarRocks endpoints)', async () => {
    expect((await get(secured.ports.http, '/sim/state')).status).toBe(200);
  });
});
