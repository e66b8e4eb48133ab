import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HttpFrontend } from '../../../sim/server/http-frontend.js';

let runMode = 'shared_data';
const calls: Array<{ action: string; params: Record<string, unknown> }> = [];
const fe = new HttpFrontend({
  port: 0,
  routes: {
    runMode: () => runMode,
    serviceId: () => '1018bac0-aeb9-4800-9396-6ee7a48699d8',
    control: async (action, params) => {
      calls.push({ action, params });
      if (action === 'explode') throw new Error('unknown action explode');
      if (action === 'drop_connections') return { dropped: 3 };
      return undefined;
    },
    state: () => ({ databases: 2, jobs: { running: 1 } }),
    health: () => ({ total_backend_num: 3, online_backend_num: 3 }),
  },
});
const bare = new HttpFrontend({ port: 0, routes: { runMode: () => 'shared_data', serviceId: () => 'x' } });
let base = '';
let bareBase = '';

beforeAll(async () => {
  base = `http://127.0.0.1:${await fe.start()}`;
  bareBase = `http://127.0.0.1:${await bare.start()}`;
});
afterAll(async () => {
  await fe.stop();
  await bare.stop();
});

const post = (url: string, body: string) => fetch(url, { method: 'POST', body, headers: { 'Content-Type': 'application/json' } });

describe('GET /service_id', () => {
  it('shared_data: 200 application/json {"service_id": ...}', async () => {
    runMode = 'shared_data';
    const r = await fetch(`${base}/service_id`);
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toBe('application/json');
    expect(await r.text()).toBe('{"service_id": "1018bac0-aeb9-4800-9396-6ee7a48699d8"}');
  });

  it("otherwise: 404 with StarRocks' text", async () => {
    runMode = 'shared_nothing';
    try {
      const r = await fetch(`${base}/service_id?x=1`);
      expect(r.status).toBe(404);
      expect(await r.text()).toBe('Current run mode shared_nothing does not support service id.');
    } finally {
      runMode = 'shared_data';
    }
  });

  it('accepts (and ignores) Basic auth', async () => {
    const r = await fetch(`${base}/service_id`, { headers: { Authorization: `Basic ${Buffer.from('root:pw').toString('base64')}` } });
    expect(r.status).toBe(200);
  });
});

describe('/sim/ control endpoints', () => {
  it('POST /sim/faults hands the action and the other fields to control()', async () => {
    calls.length = 0;
    const r = await post(`${base}/sim/faults`, JSON.stringify({ action: 'fail_rpcs', count: 2, message: 'boom' }));
    expect(r.status).toBe(200);
    expect(await r.json()).toEqual({ ok: true, result: null });
    const d = await post(`${base}/sim/faults`, JSON.stringify({ action: 'drop_connections' }));
    expect(await d.json()).toEqual({ ok: true, result: { dropped: 3 } });
    expect(calls).toEqual([
      { action: 'fail_rpcs', params: { count: 2, message: 'boom' } },
      { action: 'drop_connections', params: {} },
    ]);
  });

  it('answers 400 for a failing action, bad JSON, or a missing action', async () => {
    const a = await post(`${base}/sim/faults`, JSON.stringify({ action: 'explode' }));
    expect([a.status, await a.json()]).toEqual([400, { ok: false, error: 'unknown action explode' }]);
    const b = await post(`${base}/sim/faults`, '{nope');
    expect(b.status).toBe(400);
    expect((await b.json()).error).toMatch(/^body is not JSON/);
    const c = await post(`${base}/sim/faults`, JSON.stringify({ count: 1 }));
    expect([c.status, await c.json()]).toEqual([400, { ok: false, error: 'body needs a string "action"' }]);
    const d = await post(`${base}/sim/faults`, '[1]');
    expect(d.status).toBe(400);
  });

  it('GET /api/health answers when a health callback is given', async () => {
    const r = await fetch(`${base}/api/health`);
    expect([r.status, await r.json()]).toEqual([200, { total_backend_num: 3, online_backend_num: 3 }]);
  });

  it('GET /sim/state returns the summary', async () => {
    const r = await fetch(`${base}/sim/state`);
    expect(r.status).toBe(200);
    expect(await r.json()).toEqual({ databases: 2, jobs: { running: 1 } });
  });

  it('wrong methods get 405, unknown paths 404, missing callbacks 404', async () => {
    expect((await fetch(`${base}/sim/faults`)).status).toBe(405);
    expect((await post(`${base}/service_id`, '')).status).toBe(405);
    expect((await fetch(`${base}/nothing/here`)).status).toBe(404);
    expect((await fetch(`${bareBase}/api/health`)).status).toBe(404);
    expect((await post(`${bareBase}/sim/faults`, JSON.stringify({ action: 'x' }))).status).toBe(404);
    expect((await fetch(`${bareBase}/sim/state`)).status).toBe(404);
  });
});
