// End to end through the CLI: `srsync run` with status_http_port set serves GET /status and GET /metrics while
// it runs (jobs held in flight by crawling target CNs, so "running" is observed, not raced) and after convergence
// (100 % tables, finished jobs); `srsync status` (the real CLI) summarises it; passwords never appear; after a
// graceful stop nothing answers. Beyond loopback (issue 11, item 5): refused without status_http_token (exit 2,
// nothing contacted); with a token and TLS, a WARN, 401 without the token, and `srsync status` of the same conf
// answers over HTTPS. The source's compaction is off: a second version published after a load would
// make the number of jobs sent a matter of timing.
import net from 'node:net';
import http from 'node:http';
import https from 'node:https';
import fs from 'node:fs';
import path from 'node:path';
import { freePort } from '../../harness/e2e-catalog.js';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { sql } from '../../harness/sim-pair.js';
import { control, killAllSrsync, runSrsync, startPair, waitForConvergence, waitUntil, type Pair } from '../../harness/e2e-run.js';
import type { StatusDocument } from '../../src/status/index.js';
import { runCli } from '../../harness/e2e-catalog.js';

let pair: Pair;

beforeAll(async () => {
  pair = await startPair({ sourceCompaction: false });
}, 60_000);

afterEach(async () => {
  await killAllSrsync();
  await control(pair.target, 'set_cn_bandwidth', { bytesPerSec: 0 });
});

afterAll(async () => {
  await pair?.stop();
});

function get(port: number, route: string): Promise<string> {
  return new Promise((resolve, reject) => {
    http
      .get({ host: '127.0.0.1', port, path: route, agent: false }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => (res.statusCode === 200 ? resolve(Buffer.concat(chunks).toString('utf8')) : reject(new Error(`HTTP ${res.statusCode}`))));
      })
      .on('error', reject);
  });
}

const status = async (port: number) => JSON.parse(await get(port, '/status')) as StatusDocument;

/** `name{labels}` → value. */
async function metrics(port: number): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  for (const line of (await get(port, '/metrics')).split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const i = line.lastIndexOf(' ');
    out.set(line.slice(0, i), Number(line.slice(i + 1)));
  }
  return out;
}

/** ~10 KB per table: a long copy at 16 B/s, a blink unlimited. */
const rowsOf = (n: number) => Array.from({ length: n }, (_, i) => `(${i}, "name-${i}-xxxxxxxxxxxxxxxx")`).join(', ');

describe('status endpoint of srsync run', () => {
  it('shows jobs in flight, then convergence; srsync status summarises it; no password anywhere', async () => {
    await sql(pair.source, [
      'CREATE DATABASE mon',
      'CREATE TABLE mon.a (id INT NOT NULL, s VARCHAR(40)) DUPLICATE KEY(id) DISTRIBUTED BY HASH(id) BUCKETS 2',
      'CREATE TABLE mon.b (id INT NOT NULL, s VARCHAR(40)) PRIMARY KEY(id) DISTRIBUTED BY HASH(id) BUCKETS 2',
      `INSERT INTO mon.a VALUES ${rowsOf(200)}`,
      `INSERT INTO mon.b VALUES ${rowsOf(200)}`,
    ]);
    await control(pair.target, 'set_cn_bandwidth', { bytesPerSec: 16 });
    const port = await freePort();
    const run = runSrsync(pair, 'status', { include_data_list: 'mon', status_http_port: String(port) });
    const conf = path.join(pair.dir, 'status', 'conf');

    // While both jobs crawl: not in sync, each with its job, and the metrics say so.
    const during = await waitUntil(
      async () => {
        const d = await status(port);
        return d.progress &&
          d.tables_not_in_sync.count === 2 &&
          d.tables_not_in_sync.tables.every((t) => /replication job (sent|running)/.test(t.reason))
          ? d
          : null;
      },
      'both tables with a job in flight on /status',
      30_000,
      100,
    );
    expect(during).toMatchObject({
      service: 'srsync',
      phase: 'running',
      one_time_run_mode: false,
      source_fe: `127.0.0.1:${pair.source.queryPort}`,
      target_fe: `127.0.0.1:${pair.target.queryPort}`,
    });
    expect(during.tables_not_in_sync.tables.map((t) => t.table)).toEqual(['mon.a', 'mon.b']);
    expect(during.tables_not_in_sync.tables[0]!.reason).toMatch(/^not synchronized yet; replication job (sent|running)$/);
    expect(during.progress!.table).toMatchObject({ total: 2, finished: 0, unfinished: 2 });
    expect(during.target_lag.tables).toBe(2);
    let m = await metrics(port);
    expect((m.get('srsync_sync_jobs{state="sent"}') ?? 0) + (m.get('srsync_sync_jobs{state="running"}') ?? 0)).toBe(2);
    expect(m.get('srsync_sync_tables{state="unfinished"}')).toBe(2);
    expect(m.get('srsync_replication_jobs_sent_total')).toBe(2);
    expect(m.get('srsync_ddl_statements_total{result="applied"}')).toBeGreaterThanOrEqual(3); // the database and both tables
    expect(m.get('srsync_running')).toBe(1);
    const runningSummary = await runCli(['status', '--conf', conf]);
    expect(runningSummary.code).toBe(0);
    expect(runningSummary.stdout).toMatch(/tables not in sync: 2\n {2}mon\.a: not synchronized yet; replication job (sent|running)\n/);

    // Set free: convergence, and /status and /metrics say 100 %.
    await control(pair.target, 'set_cn_bandwidth', { bytesPerSec: 0 });
    await waitForConvergence(pair.source, pair.target, ['mon'], 30_000);
    const after = await waitUntil(
      async () => {
        const d = await status(port);
        return d.progress?.table.finishedTableRatio === '100.00%' && d.progress.job.progress === '100.00%' && d.tables_not_in_sync.count === 0
          ? d
          : null;
      },
      '100 % on /status',
      30_000,
      100,
    );
    expect(after.progress!.table).toMatchObject({ total: 2, finished: 2, unfinished: 0, expired: 0 });
    expect(after.progress!.job).toMatchObject({ ddlPending: 0, jobPending: 0, sent: 0, running: 0, failed: 0, unknown: 0 });
    expect(after.progress!.job.finished).toBeGreaterThanOrEqual(2);
    expect(after.target_lag).toEqual({ partitions: 0, tables: 0 });
    expect(after.activity.replication_jobs_finished).toBeGreaterThanOrEqual(2);
    m = await metrics(port);
    expect(m.get('srsync_sync_tables{state="finished"}')).toBe(2);
    expect(m.get('srsync_sync_tables{state="total"}')).toBe(2);
    expect(m.get('srsync_replication_jobs_finished_total')).toBeGreaterThanOrEqual(2);
    expect(m.get('srsync_target_lagging_partitions')).toBe(0);
    expect(m.get('srsync_catalog_read_duration_seconds_count{kind="full"}')).toBeGreaterThanOrEqual(1);
    expect([...m.keys()].some((k) => k.startsWith('srsync_info{version="'))).toBe(true);
    expect(m.has('process_cpu_user_seconds_total')).toBe(true);

    // Passwords: masked in the config, absent everywhere.
    const text = (await get(port, '/status')) + (await get(port, '/metrics'));
    expect(after.config['source_cluster_password']).toBe('******');
    expect(after.config['status_http_port']).toBe(String(port));
    for (const pw of [pair.source.password, pair.target.password]) expect(text).not.toContain(pw);

    const summary = await runCli(['status', '--conf', conf]);
    expect(summary.code).toBe(0);
    expect(summary.stdout).toContain(
      'Sync table progress: finishedTableRatio: 100.00%, expiredTableRatio: 0.00%, total table: 2, finished table: 2, unfinished table: 0, expired table: 0',
    );
    expect(summary.stdout).toContain('tables not in sync: 0\n');
    const json = await runCli(['status', '--conf', conf, '--json']);
    expect(json.code).toBe(0);
    expect(JSON.parse(json.stdout)).toMatchObject({ pid: run.child.pid, tables_not_in_sync: { count: 0 } });

    // A graceful stop closes the endpoint.
    expect(await run.stop('SIGTERM')).toBe(0);
    const gone = await runCli(['status', '--conf', conf]);
    expect(gone.code).toBe(1);
    expect(gone.stderr).toMatch(/^srsync status: srsync is not running/);
  }, 120_000);

  it('a status port in use: exit 2 with one clear line, before any cluster is touched', async () => {
    const busy = net.createServer();
    await new Promise<void>((r) => busy.listen(0, '127.0.0.1', r));
    const port = (busy.address() as net.AddressInfo).port;
    try {
      const run = runSrsync(pair, 'busy', { include_data_list: 'mon', status_http_port: String(port) });
      expect(await run.exited).toBe(2);
      const log = run.infoLog();
      expect(log).toContain(`status_http_port = ${port}: 127.0.0.1:${port} is already in use`);
      expect(log).not.toMatch(/Source cluster:|srsync started/);
    } finally {
      busy.close();
    }
  });

  it('beyond loopback (issue 11, item 5): no token is exit 2 with one line; with a token and TLS: WARN, 401 without it, srsync status answers', async () => {
    await sql(pair.source, [
      'CREATE DATABASE IF NOT EXISTS sec',
      'CREATE TABLE IF NOT EXISTS sec.t (id INT NOT NULL) DUPLICATE KEY(id) DISTRIBUTED BY HASH(id) BUCKETS 1',
      'INSERT INTO sec.t VALUES (1), (2)',
    ]);
    const open = runSrsync(pair, 'remote-open', {
      include_data_list: 'sec',
      status_http_port: String(await freePort()),
      status_http_host: '0.0.0.0',
    });
    expect(await open.exited).toBe(2);
    expect(open.infoLog()).toBe(''); // refused while reading the configuration: no log, no cluster touched
    const check = await runCli(['check-config', '--conf', path.join(pair.dir, 'remote-open', 'conf'), '-q']);
    expect(check.code).toBe(2);
    expect(check.stderr.split('\n').filter(Boolean)).toEqual([
      expect.stringMatching(
        /sync\.properties: status_http_host = '0\.0\.0\.0' lets other machines connect, and status_http_token is not set; .* \(line \d+\)$/,
      ),
    ]);

    const token = 'e2e-status-token-0123456789abcdef';
    const fixtures = path.join(import.meta.dirname, '..', 'tool', 'status', 'fixtures');
    const cert = path.join(fixtures, 'status-cert.pem');
    const port = await freePort();
    const run = runSrsync(pair, 'remote-tls', {
      include_data_list: 'sec',
      status_http_port: String(port),
      status_http_host: '0.0.0.0',
      status_http_token: token,
      status_http_tls_cert_file: cert,
      status_http_tls_key_file: path.join(fixtures, 'status-key.pem'),
    });
    await run.waitForLog(/Status endpoint listening on https:\/\/0\.0\.0\.0:\d+/);
    expect(run.warnLog()).toMatch(
      /WARN .*Status endpoint listens on 0\.0\.0\.0:\d+, reachable from other machines: every request needs status_http_token; served over TLS/,
    );
    const ask = (auth?: string) =>
      new Promise<number>((resolve, reject) => {
        https
          .get(
            { host: 'localhost', port, path: '/status', agent: false, ca: fs.readFileSync(cert), headers: auth ? { authorization: auth } : {} },
            (res) => {
              res.resume();
              resolve(res.statusCode ?? 0);
            },
          )
          .on('error', reject);
      });
    expect(await ask()).toBe(401);
    expect(await ask('Bearer not-the-token-0123456789')).toBe(401);
    expect(await ask(`Bearer ${token}`)).toBe(200);
    const summary = await runCli(['status', '--conf', path.join(pair.dir, 'remote-tls', 'conf'), '--json']);
    expect(summary.code, summary.stderr).toBe(0);
    expect(JSON.parse(summary.stdout)).toMatchObject({ service: 'srsync', pid: run.child.pid });
    expect((JSON.parse(summary.stdout) as StatusDocument).config['status_http_token']).toBe('******');
    expect(await run.stop('SIGTERM')).toBe(0);
    for (const text of [run.infoLog(), run.warnLog(), summary.stdout, summary.stderr]) expect(text).not.toContain(token);
  }, 120_000);
});
