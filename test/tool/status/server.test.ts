import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { encryptPassword } from '../../../src/config/index.js';
import { ConfigError } from '../../../src/errors.js';
import { createMemoryLogger } from '../../../src/log/logger.js';
import { formatJobProgress, formatTableProgress } from '../../../src/progress/progress.js';
import { startStatusService, statusDocument, type StatusService } from '../../../src/status/index.js';
import { config, fakeSnapshot, freePort, request, samples, SECRET_KEY, SOURCE_PASSWORD, TARGET_PASSWORD } from './helpers.js';

const ENCRYPTED = encryptPassword(TARGET_PASSWORD, SECRET_KEY);
const secretConfig = () => config({ target_cluster_password: ENCRYPTED, target_cluster_password_secret_key: SECRET_KEY, status_http_port: '9999' });
const SECRETS = [SOURCE_PASSWORD, TARGET_PASSWORD, ENCRYPTED, SECRET_KEY];

describe('the /status document', () => {
  const doc = statusDocument(
    { version: '1.2.3', pid: 42, startedAt: Date.UTC(2026, 0, 2, 3, 0, 0), config: secretConfig() },
    fakeSnapshot(),
    Date.UTC(2026, 0, 2, 3, 4, 5),
  );

  it('has the run facts, the progress as in the log lines, and the config with secrets masked', () => {
    expect(doc).toMatchObject({
      service: 'srsync',
      version: '1.2.3',
      pid: 42,
      start_time: '2026-01-02T03:00:00.000Z',
      uptime_seconds: 245,
      phase: 'running',
      one_time_run_mode: false,
      source_fe: '127.0.0.1:19030',
      target_fe: '127.0.0.1:29030',
      target_lag: { partitions: 9, tables: 4 },
      tables_not_in_sync: { count: 7, shown: 1, tables: [{ table: 'db1.t1', reason: 'not synchronized yet; replication job running' }] },
      activity: {
        ddl_applied: 11,
        ddl_failed: 1,
        replication_jobs_sent: 60,
        replication_jobs_finished: 50,
        replication_jobs_failed: 8,
        replication_jobs_retried: 5,
        backpressure_deferrals: 13,
      },
      catalog_reads: {
        full: { count: 4, failed: 1, last_seconds: 0.25, average_seconds: 0.5 },
        scoped: { count: 10, failed: 0, last_seconds: 0.01, average_seconds: 0.05 },
      },
      warnings: { count: 3, errors: 1, recent: [{ time: '2026-01-02T03:04:00.000Z', level: 'WARN' }] },
    });
    const p = fakeSnapshot().progress!;
    expect(doc.progress).toEqual({
      updated_at: '2026-01-02T03:04:05.000Z',
      job: { progress: '75.75%', total: 66, ddlPending: 1, jobPending: 2, sent: 3, running: 4, finished: 50, failed: 6, unknown: 0 },
      table: { finishedTableRatio: '75.00%', expiredTableRatio: '10.00%', total: 20, finished: 15, unfinished: 5, expired: 2 },
      lines: { job: formatJobProgress(p.job), table: formatTableProgress(p.table) },
    });
    expect(doc.config['status_http_port']).toBe('9999');
    expect(doc.config['status_http_host']).toBe('127.0.0.1');
    expect(doc.config['source_cluster_password']).toBe('******');
    expect(doc.config['target_cluster_password_secret_key']).toBe('******');
    const text = JSON.stringify(doc);
    for (const s of SECRETS) expect(text).not.toContain(s);
  });

  it('progress is null before the first round', () => {
    const d = statusDocument(
      { version: 'x', pid: 1, startedAt: 0, config: secretConfig() },
      { ...fakeSnapshot(), progress: null, progressAt: null, phase: 'starting' },
      0,
    );
    expect(d.progress).toBeNull();
    expect(d.tables_not_in_sync).toEqual({ count: 0, shown: 0, tables: [] });
  });
});

describe('the status HTTP server', () => {
  let service: StatusService | undefined;
  afterEach(async () => {
    await service?.close();
    service = undefined;
  });

  async function start(): Promise<{ service: StatusService; lines: string[] }> {
    const { logger, lines } = createMemoryLogger();
    const cfg = secretConfig();
    service = await startStatusService({ config: cfg, version: '7.7.7', log: logger, port: 0, defaultMetrics: false });
    return { service, lines };
  }

  it('serves /status JSON and /metrics text; says where it listens', async () => {
    const { service, lines } = await start();
    expect(lines.join('\n')).toContain(`Status endpoint listening on http://127.0.0.1:${service.port} (status page at /, GET /status, GET /metrics)`);
    service.observer.phase('running');
    service.observer.replicationJob('sent');
    const st = await request(service.port, '/status');
    expect(st.status).toBe(200);
    expect(st.type).toBe('application/json; charset=utf-8');
    const doc = JSON.parse(st.body) as Record<string, unknown>;
    expect(doc).toMatchObject({
      service: 'srsync',
      version: '7.7.7',
      pid: process.pid,
      phase: 'running',
      progress: null,
      activity: { replication_jobs_sent: 1 },
    });
    const m = await request(service.port, '/metrics?x=1');
    expect(m.status).toBe(200);
    expect(m.type).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(samples(m.body).get('srsync_info{version="7.7.7"}')).toBe(1);
    expect(samples(m.body).get('srsync_replication_jobs_sent_total')).toBe(1);
  });

  it('answers 404 to anything else', async () => {
    const { service } = await start();
    for (const [route, method] of [
      ['/', 'DELETE'],
      ['/page.js/x', 'GET'],
      ['/statuses', 'GET'],
      ['/metrics/x', 'GET'],
      ['/metrics', 'DELETE'],
    ] as const) {
      expect((await request(service.port, route, method)).status, `${method} ${route}`).toBe(404);
    }
    // Writes need status_http_token, always (issue 11, item 5): without one configured they are forbidden.
    expect((await request(service.port, '/status', 'POST')).status).toBe(403);
  });

  it('never shows a password or secret key, not even in a logged warning', async () => {
    const { logger } = createMemoryLogger();
    logger.addSecrets(SOURCE_PASSWORD, TARGET_PASSWORD, SECRET_KEY);
    service = await startStatusService({ config: secretConfig(), version: 'x', log: logger, port: 0 });
    logger.child('sync').warn(`Cannot connect as root/${SOURCE_PASSWORD} (key ${SECRET_KEY})`);
    const both = (await request(service.port, '/status')).body + (await request(service.port, '/metrics')).body;
    expect(both).toContain('Cannot connect as root/******');
    for (const s of SECRETS) expect(both).not.toContain(s);
  });

  it('a port in use is a one-line ConfigError naming status_http_port (exit code 2)', async () => {
    const busy = net.createServer();
    await new Promise<void>((r) => busy.listen(0, '127.0.0.1', r));
    const port = (busy.address() as net.AddressInfo).port;
    try {
      const err = await startStatusService({ config: secretConfig(), version: 'x', log: createMemoryLogger().logger, port }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(ConfigError);
      expect((err as ConfigError).exitCode).toBe(2);
      expect((err as ConfigError).key).toBe('status_http_port');
      expect((err as ConfigError).message).toBe(
        `status_http_port = ${port}: 127.0.0.1:${port} is already in use (another srsync running? choose another port or set 0 to disable)`,
      );
    } finally {
      busy.close();
    }
  });

  it('close() frees the port, also with a keep-alive connection open', async () => {
    const { service: s } = await start();
    const port = s.port;
    const sock = net.connect(port, '127.0.0.1');
    await new Promise((r) => sock.once('connect', r));
    sock.write('GET /status HTTP/1.1\r\nHost: x\r\nConnection: keep-alive\r\n\r\n');
    await new Promise((r) => sock.once('data', r));
    await s.close();
    service = undefined;
    const again = await startStatusService({ config: secretConfig(), version: 'x', log: createMemoryLogger().logger, port, defaultMetrics: false });
    await again.close();
    sock.destroy();
    expect(await freePort()).toBeGreaterThan(0);
  });
});
