// End to end through the CLI: steering a running srsync (issue 9, "Steer it").
// * A time window holds jobs back (tables are created, no job is sent) until sync.properties, re-read while srsync
//   runs, moves the window to open a few seconds ahead; then the jobs go and the tables converge.
// * replication_max_bytes_in_flight and replication_bytes_per_second are never exceeded, measured on the target's
//   job list (SHOW PROC '/replications': running jobs' tables, sized by the source's DATA_SIZE), with the target's
//   CNs slowed so that jobs overlap; the status endpoint shows the limits.
// * srsync pause (no status endpoint: the paused file) holds new loads and new tables back, survives a restart of
//   srsync, and srsync resume brings the target in sync; with nothing running, pause exits 1.
// Orderings are asserted (log lines, the target's job list), never durations. The source's compaction is off (a
// second version after each load would make the number of jobs a matter of timing).
import fs from 'node:fs';
import path from 'node:path';
import http from 'node:http';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { rows, sql } from '../../harness/sim-pair.js';
import { control, killAllSrsync, progressComplete, runSrsync, startPair, waitForConvergence, waitUntil, type Pair } from '../../harness/e2e-run.js';
import { freePort, runCli } from '../../harness/e2e-catalog.js';
import type { StatusDocument } from '../../src/status/index.js';

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

const rowsOf = (n: number) => Array.from({ length: n }, (_, i) => `(${i}, "name-${i}-xxxxxxxxxxxxxxxx")`).join(', ');

async function createTables(db: string, tables: string[], n = 200): Promise<void> {
  await sql(pair.source, [
    `CREATE DATABASE ${db}`,
    ...tables.flatMap((t) => [
      `CREATE TABLE ${db}.${t} (id INT NOT NULL, s VARCHAR(40)) DUPLICATE KEY(id) DISTRIBUTED BY HASH(id) BUCKETS 2`,
      `INSERT INTO ${db}.${t} VALUES ${rowsOf(n)}`,
    ]),
  ]);
}

/** `HH:MM:SS` in UTC, `ms` from now. */
const utcClock = (ms: number) => new Date(Date.now() + ms).toISOString().slice(11, 19);

/** Target table id → name, for the tables of `db` on the target. */
async function targetTableIds(db: string): Promise<Map<string, string>> {
  const t = await rows(pair.target, `SHOW PROC '/dbs/${db}'`).catch(() => []);
  return new Map(t.map((r) => [r['TableId']!, r['TableName']!]));
}

/** Source DATA_SIZE per table of `db` (a table's one job carries all its partitions). */
async function sourceSizes(db: string): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  for (const r of await rows(pair.source, `SELECT TABLE_NAME, DATA_SIZE FROM information_schema.partitions_meta WHERE DB_NAME = '${db}'`))
    out.set(r['TABLE_NAME']!, (out.get(r['TABLE_NAME']!) ?? 0) + Number(r['DATA_SIZE']));
  return out;
}

const targetJobs = () => rows(pair.target, "SHOW PROC '/replications'");

function getStatus(port: number, token: string): Promise<StatusDocument> {
  return new Promise((resolve, reject) => {
    http
      .get({ host: '127.0.0.1', port, path: '/status', agent: false, headers: { authorization: `Bearer ${token}` } }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve(JSON.parse(Buffer.concat(chunks).toString('utf8')) as StatusDocument));
      })
      .on('error', reject);
  });
}

describe('steering srsync run', () => {
  it('a time window holds jobs back until it opens; sync.properties is re-read while running', async () => {
    await createTables('win', ['a', 'b']);
    // Closed now: opens in two hours (UTC).
    const run = runSrsync(pair, 'win', {
      include_data_list: 'win',
      replication_windows: `${utcClock(2 * 3600_000).slice(0, 5)}-${utcClock(3 * 3600_000).slice(0, 5)}`,
      replication_window_time_zone: 'UTC',
    });
    await run.waitForLog(/Sync held: outside window until \d\d:\d\d/, 30_000);
    // Held: the tables exist on the target (DDL is not held by windows), no job was sent.
    const ids = await waitUntil(async () => {
      const m = await targetTableIds('win');
      return m.size === 2 ? m : null;
    }, 'both tables created on the target');
    expect([...ids.values()].sort()).toEqual(['a', 'b']);
    expect((await targetJobs()).filter((j) => ids.has(j['TableID']!))).toEqual([]);
    expect(run.infoLog()).not.toMatch(/sent for win\./);

    // The window now opens 3 s ahead: the file is re-read, the jobs wait for it, then go.
    const conf = path.join(pair.dir, 'win', 'conf', 'sync.properties');
    const opens = utcClock(3000);
    fs.writeFileSync(conf, fs.readFileSync(conf, 'utf8').replace(/^replication_windows=.*$/m, `replication_windows=${opens}-${utcClock(3600_000)}`));
    await waitForConvergence(pair.source, pair.target, ['win'], 30_000);
    const log = run.infoLog();
    expect(log).toMatch(new RegExp(`Steering changed by sync.properties: replication_windows=${opens}-`));
    const held = log.indexOf('Sync held: outside window until');
    const firstSent = log.search(/Replication job \S+ sent for win\./);
    expect(held).toBeGreaterThan(0);
    expect(firstSent).toBeGreaterThan(held);
    expect(run.warnLog()).not.toMatch(/take effect at the next start/); // only a steering key changed
    expect(await run.stop('SIGTERM')).toBe(0);
  }, 60_000);

  it('bytes in flight and the byte budget are never exceeded on the target', async () => {
    const tables = ['t0', 't1', 't2', 't3'];
    await createTables('cap', tables);
    const sizes = await sourceSizes('cap');
    const largest = Math.max(...sizes.values());
    const cap = 2 * largest; // two tables at a time at most (four would run at once without it)
    const budget = largest; // about one table per second
    await control(pair.target, 'set_cn_bandwidth', { bytesPerSec: 2048 }); // jobs take seconds: they overlap
    const port = await freePort();
    const token = 'steering-e2e-token-0123';
    const started = Date.now();
    const run = runSrsync(pair, 'cap', {
      include_data_list: 'cap',
      replication_max_bytes_in_flight: String(cap),
      replication_bytes_per_second: String(budget),
      status_http_port: String(port),
      status_http_token: token,
    });
    const seen = new Map<string, number>(); // job id → size, every job listed so far
    const violations: string[] = [];
    let maxInFlight = 0;
    let maxRunning = 0;
    await waitUntil(
      async () => {
        const ids = await targetTableIds('cap');
        const jobs = (await targetJobs()).filter((j) => ids.has(j['TableID']!));
        const observedAt = Date.now();
        const size = (j: Record<string, string | null>) => sizes.get(ids.get(j['TableID']!)!)!;
        const running = jobs.filter((j) => j['State'] !== 'COMMITTED' && j['State'] !== 'ABORTED');
        const inFlight = running.reduce((n, j) => n + size(j), 0);
        if (inFlight > cap) violations.push(`${inFlight} bytes in flight > ${cap}: ${JSON.stringify(running)}`);
        maxInFlight = Math.max(maxInFlight, inFlight);
        maxRunning = Math.max(maxRunning, running.length);
        for (const j of jobs) seen.set(j['JobID']!, size(j));
        // Admitted by now at most: the budget since before srsync started, one second of burst, one job over.
        const admitted = [...seen.values()].reduce((a, b) => a + b, 0);
        const allowed = (budget * (observedAt - started)) / 1000 + budget + largest;
        if (admitted > allowed) violations.push(`${admitted} bytes admitted > ${allowed} allowed after ${observedAt - started} ms`);
        return jobs.length === tables.length && jobs.every((j) => j['State'] === 'COMMITTED');
      },
      'every job of cap committed',
      40_000,
      50,
    );
    expect(violations).toEqual([]);
    expect(maxInFlight).toBeGreaterThan(0);
    expect(maxRunning).toBeLessThanOrEqual(2);
    const doc = await getStatus(port, token);
    expect(doc.steering).toMatchObject({
      paused: false,
      limits: { replication_max_bytes_in_flight: cap, replication_bytes_per_second: budget, replication_windows: '' },
    });
    await control(pair.target, 'set_cn_bandwidth', { bytesPerSec: 0 });
    await waitForConvergence(pair.source, pair.target, ['cap'], 20_000);
    expect(await run.stop('SIGTERM')).toBe(0);
  }, 60_000);

  it('srsync pause survives a restart: no new jobs or DDL while paused; srsync resume brings the target in sync', async () => {
    await createTables('pz', ['a'], 20);
    const first = runSrsync(pair, 'pz', { include_data_list: 'pz' });
    const conf = path.join(pair.dir, 'pz', 'conf');
    await waitForConvergence(pair.source, pair.target, ['pz'], 30_000);
    await waitUntil(() => progressComplete(first.infoLog()), 'progress 100 %', 20_000);

    const paused = await runCli(['pause', '--conf', conf], 20_000);
    expect(paused.stderr).toBe('');
    expect(paused.code).toBe(0);
    expect(paused.stdout).toMatch(/^srsync \(pid \d+\) paused: no new replication jobs or DDL start/);
    expect(fs.existsSync(path.join(pair.dir, 'pz', 'run', 'paused'))).toBe(true);
    const mark = first.infoLog().length;
    await sql(pair.source, [
      `INSERT INTO pz.a VALUES (1000, "new")`,
      'CREATE TABLE pz.b (id INT NOT NULL, s VARCHAR(40)) DUPLICATE KEY(id) DISTRIBUTED BY HASH(id) BUCKETS 1',
      `INSERT INTO pz.b VALUES (1, "b")`,
    ]);
    // srsync saw both (a job queued for a, a table to create for b) and holds them.
    await waitUntil(() => /Sync job progress: .*ddlPending: 1, jobPending: [1-9]/.test(first.infoLog().slice(mark)), 'both held', 20_000);
    expect(first.infoLog()).toMatch(/Sync paused since \S+ \(by srsync pause\): no new replication jobs or DDL/);
    expect(await first.stop('SIGTERM')).toBe(0);

    // Restarted (same log files): still paused; still nothing sent, b not created.
    const infoMark = first.infoLog().length;
    const warnMark = first.warnLog().length;
    const second = runSrsync(pair, 'pz', { include_data_list: 'pz' });
    const secondLog = () => second.infoLog().slice(infoMark);
    await waitUntil(() => /Sync job progress: .*ddlPending: 1, jobPending: [1-9]/.test(secondLog()), 'the restarted run holding both', 30_000);
    expect(second.warnLog().slice(warnMark)).toMatch(/srsync starts paused \(since \S+, by srsync pause; .*paused exists\)/);
    expect(secondLog()).toMatch(/Sync paused since/);
    expect(first.infoLog().slice(mark)).not.toMatch(/sent for pz\./);
    expect(secondLog()).not.toMatch(/sent for pz\./);
    expect((await rows(pair.target, 'SHOW TABLES FROM pz')).map((r) => Object.values(r)[0])).toEqual(['a']);
    expect(Number(Object.values((await rows(pair.target, 'SELECT COUNT(*) FROM pz.a'))[0]!)[0])).toBe(20);

    const resumed = await runCli(['resume', '--conf', conf], 20_000);
    expect(resumed.code).toBe(0);
    expect(resumed.stdout).toMatch(/resumed: replication jobs and DDL start again/);
    const checks = await waitForConvergence(pair.source, pair.target, ['pz'], 30_000);
    expect(checks.map((c) => [c.table, c.targetRows])).toEqual([
      ['pz.a', 21],
      ['pz.b', 1],
    ]);
    expect(fs.existsSync(path.join(pair.dir, 'pz', 'run', 'paused'))).toBe(false);
    expect(await second.stop('SIGTERM')).toBe(0);

    // Nothing running: exit 1, nothing written.
    const none = await runCli(['pause', '--conf', conf], 20_000);
    expect(none.code).toBe(1);
    expect(none.stderr).toMatch(/srsync is not running/);
    expect(fs.existsSync(path.join(pair.dir, 'pz', 'run', 'paused'))).toBe(false);
  }, 90_000);
});
