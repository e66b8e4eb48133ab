// Steering on the status endpoint: /status `steering`, the srsync_paused / srsync_steering_* metrics, and the POST
// actions (token required) that pause, resume and change limits while running.
import http from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { createMemoryLogger } from '../../../src/log/index.js';
import { startStatusService, type StatusService } from '../../../src/status/index.js';
import { runSteering } from '../../../src/steering/run.js';
import { config, samples } from '../status/helpers.js';

const TOKEN = 'steering-unit-token-0123';
let service: StatusService | null = null;
afterEach(async () => {
  await service?.close();
  service = null;
});

function call(port: number, route: string, method: string, body = ''): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: '127.0.0.1',
        port,
        path: route,
        method,
        agent: false,
        headers: { authorization: `Bearer ${TOKEN}`, 'content-length': Buffer.byteLength(body) },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

describe('steering on the status endpoint', () => {
  it('shows the limits in /status and the metrics; POST /pause, /resume and /steering change them', async () => {
    const c = config({ status_http_token: TOKEN, replication_windows: '22:00-06:00', replication_window_time_zone: 'UTC' });
    const { logger, lines } = createMemoryLogger();
    const steer = runSteering({ config: c, log: logger });
    service = await startStatusService({ config: c, version: 'x', log: logger, port: 0, defaultMetrics: false, ...steer.status });
    const status = async () => JSON.parse((await call(service!.port, '/status', 'GET')).body) as { steering: Record<string, unknown> };

    expect((await status()).steering).toMatchObject({
      paused: false,
      limits: { replication_windows: '22:00-06:00', replication_window_time_zone: 'UTC', time_zone: 'UTC', replication_max_bytes_in_flight: 0 },
      bytes_in_flight: 0,
      held: null,
    });
    expect(JSON.parse((await call(service.port, '/pause', 'POST')).body)).toMatchObject({
      ok: true,
      steering: { paused: true, paused_by: 'the status endpoint' },
    });
    let m = samples((await call(service.port, '/metrics', 'GET')).body);
    expect(m.get('srsync_paused')).toBe(1);
    expect(m.get('srsync_steering_limit{limit="max_bytes_in_flight"}')).toBe(0);

    const changed = JSON.parse(
      (await call(service.port, '/steering', 'POST', '{"replication_max_bytes_in_flight": "1MB", "replication_windows": ""}')).body,
    );
    expect(changed).toMatchObject({ ok: true, steering: { limits: { replication_max_bytes_in_flight: 1048576, replication_windows: '' } } });
    expect(lines.join('\n')).toMatch(/Steering changed by the status endpoint: replication_max_bytes_in_flight=1048576, replication_windows=/);
    const refused = JSON.parse((await call(service.port, '/steering', 'POST', '{"meta_job_threads": "8"}')).body);
    expect(refused).toMatchObject({ ok: false, error: expect.stringMatching(/meta_job_threads cannot be changed while srsync runs/) });

    expect(JSON.parse((await call(service.port, '/resume', 'POST')).body)).toMatchObject({ ok: true, steering: { paused: false } });
    m = samples((await call(service.port, '/metrics', 'GET')).body);
    expect(m.get('srsync_paused')).toBe(0);
    expect(m.get('srsync_steering_limit{limit="max_bytes_in_flight"}')).toBe(1048576);
    expect(m.get('srsync_steering_window_open')).toBe(1);
    steer.close();
  });
});
