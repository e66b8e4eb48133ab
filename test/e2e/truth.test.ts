// End to end through the CLI: the engine tells the truth and never loops hot (issue 6, items 2, 5, 7, 9 and the
// permanent-failure rule). A src_ volume at the wrong location makes jobs COMMIT with nothing copied: srsync
// reports them failed with the diagnosis, never 100 %, and one-time mode exits non-zero with the table's reason.
// A missing src_ volume created mid-run is noticed within seconds (not at the 180 s full read). A DDL statement
// that always fails is reported once and retried with back-off: the statements the target received are counted
// through a proxy in front of its query port.
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { freePort } from '../../harness/e2e-catalog.js';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { rows, sql, startSrsync, writeConf } from '../../harness/sim-pair.js';
import { control, killAllSrsync, lastProgress, runSrsync, startPair, waitForConvergence, waitUntil, type Pair } from '../../harness/e2e-run.js';
import { startQueryCounter } from './query-counter.js';

let pair: Pair;
let location = '';
const MIRROR = 'src_builtin_storage_volume';

beforeAll(async () => {
  pair = await startPair({ sourceCompaction: false });
  const desc = (await rows(pair.source, 'DESC STORAGE VOLUME builtin_storage_volume'))[0]!;
  location = String(desc['Location']).split(', ')[0]!;
}, 60_000);

afterEach(async () => {
  await killAllSrsync();
  await mirrorAt(location);
});

afterAll(async () => {
  await pair?.stop();
});

/** (Re-)creates the target's src_ mirror volume at `loc`; null drops it. */
async function mirrorAt(loc: string | null): Promise<void> {
  await sql(pair.target, [`DROP STORAGE VOLUME IF EXISTS ${MIRROR}`]);
  if (loc === null) return;
  await sql(pair.target, [
    `CREATE STORAGE VOLUME ${MIRROR} TYPE = S3 LOCATIONS = ("${loc}") PROPERTIES ("enabled" = "true", "aws.s3.region" = "us-east-1", "aws.s3.endpoint" = "http://127.0.0.1", "aws.s3.use_aws_sdk_default_behavior" = "false", "aws.s3.use_instance_profile" = "false", "aws.s3.access_key" = "ak", "aws.s3.secret_key" = "sk", "aws.s3.enable_partitioned_prefix" = "false")`,
  ]);
}

async function loadedTable(db: string, table = 't'): Promise<void> {
  await sql(pair.source, [
    `CREATE DATABASE IF NOT EXISTS ${db}`,
    `CREATE TABLE ${db}.${table} (id INT NOT NULL, v INT) DUPLICATE KEY(id) DISTRIBUTED BY HASH(id) BUCKETS 2`,
    `INSERT INTO ${db}.${table} VALUES (1, 1), (2, 2), (3, 3)`,
  ]);
}

/** GET /status of a running srsync: the tables not in sync with their reasons. */
function notInSync(port: number): Promise<Array<{ table: string; reason: string }>> {
  return new Promise((resolve, reject) => {
    http
      .get({ host: '127.0.0.1', port, path: '/status', agent: false }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          try {
            resolve(
              (JSON.parse(Buffer.concat(chunks).toString('utf8')) as { tables_not_in_sync: { tables: Array<{ table: string; reason: string }> } })
                .tables_not_in_sync.tables,
            );
          } catch (e) {
            reject(e);
          }
        });
      })
      .on('error', reject);
  });
}

const progressLines = (log: string) => log.match(/Sync job progress: .*/g) ?? [];

describe('the engine tells the truth', () => {
  it('a src_ volume at the wrong location: jobs fail with the diagnosis, never 100 %, one-time mode exits non-zero with the reason', async () => {
    await loadedTable('wl');
    await mirrorAt(`${location}/elsewhere`);
    const run = runSrsync(pair, 'wrong-location', { include_data_list: 'wl', one_time_run_mode: 'true', report_interval_seconds: '1' });
    const code = await Promise.race([run.exited, new Promise((r) => setTimeout(() => r('timeout'), 90_000))]);
    expect(code, run.warnLog()).toBe(4);
    const warn = run.warnLog();
    // Reported once, with the diagnosis and the fix; the later retries are INFO lines.
    expect(warn.match(/Replication keeps failing for wl\.t/g)).toHaveLength(1);
    expect(warn).toMatch(
      /Replication keeps failing for wl\.t: job \S+: the job committed but partition\(s\) \S+ of wl\.t did not reach the source version.*check that src_builtin_storage_volume on the target has the source volume's exact location/,
    );
    expect(warn).toMatch(
      /fix: src_builtin_storage_volume on the target has location \S+\/elsewhere, the source volume builtin_storage_volume has \S+: re-create src_builtin_storage_volume with the source's location/,
    );
    expect(warn).toMatch(
      /ERROR \[sync\] Not synchronized: replication of wl\.t .*did not reach the source version.*fix: src_builtin_storage_volume on the target has location/,
    );
    const info = run.infoLog();
    expect(info).not.toMatch(/Replication job \S+ finished for wl\.t/);
    const lines = progressLines(info);
    expect(lines.length).toBeGreaterThan(0);
    for (const l of lines) expect(l).not.toMatch(/^Sync job progress: 100\.00%/);
    expect(lines.some((l) => /failed: 1/.test(l))).toBe(true);
    expect(info).toMatch(/Sync table progress: .*finished table: 0/);
    const target = await rows(pair.target, 'SELECT COUNT(*) AS n FROM wl.t');
    expect(target[0]!['n']).toBe('0');
  }, 120_000);

  it('a missing src_ volume created mid-run is noticed within seconds, not at the next full catalog read', async () => {
    await loadedTable('mv2');
    await mirrorAt(null);
    const run = runSrsync(pair, 'missing-mirror', { include_data_list: 'mv2', meta_job_interval_seconds: '180', report_interval_seconds: '1' });
    await waitUntil(
      () => /storage volume src_builtin_storage_volume is missing on the target/.test(run.warnLog()),
      'the missing volume reported',
      20_000,
    );
    const offset = run.infoLog().length;
    await waitUntil(() => progressLines(run.infoLog().slice(offset)).length > 0, 'a progress line', 10_000);
    // The very first progress line already has the true figures (nothing is printed before the first catalog read).
    expect(progressLines(run.infoLog())[0]).not.toMatch(/^Sync job progress: 100\.00%/);
    expect(lastProgress(run.infoLog()).job).not.toMatch(/^Sync job progress: 100\.00%/);
    expect(lastProgress(run.infoLog()).job).toMatch(/jobPending: 1/);
    await mirrorAt(location);
    // The 180 s full read is far away: only the condition watch (every few seconds) can notice the fix.
    await waitForConvergence(pair.source, pair.target, ['mv2'], 12_000);
    expect(run.infoLog()).toMatch(/Storage volumes or FE settings changed on the clusters/);
    // The manual's settings are re-checked every few seconds too: compaction switched back on is warned about.
    await sql(pair.target, ['ADMIN SET FRONTEND CONFIG ("lake_compaction_max_tasks" = "-1")']);
    try {
      await waitUntil(() => /Target lake_compaction_max_tasks is -1; the manual requires 0/.test(run.warnLog()), 'the compaction warning', 15_000);
    } finally {
      await sql(pair.target, ['ADMIN SET FRONTEND CONFIG ("lake_compaction_max_tasks" = "0")']);
    }
    expect(await run.stop('SIGTERM')).toBe(0);
  }, 120_000);

  it('a DDL statement that always fails is reported once and retried with back-off, not in a hot loop, and does not make srsync re-read the catalog', async () => {
    // A target-only partition (kept: ddl_job_allow_drop_partition_target_only=false) overlaps the source's p2, so
    // the target refuses ADD PARTITION p2 every time.
    const range = (parts: string) => `(k INT NOT NULL, v INT) DUPLICATE KEY(k) PARTITION BY RANGE(k) (${parts}) DISTRIBUTED BY HASH(k) BUCKETS 1`;
    await sql(pair.source, [
      'CREATE DATABASE rp',
      `CREATE TABLE rp.t ${range('PARTITION p1 VALUES [("0"), ("10")), PARTITION p2 VALUES [("10"), ("20"))')}`,
      'INSERT INTO rp.t VALUES (1, 1), (11, 11)',
    ]);
    await sql(pair.target, [
      'CREATE DATABASE rp',
      `CREATE TABLE rp.t ${range('PARTITION p1 VALUES [("0"), ("10")), PARTITION px VALUES [("10"), ("30"))')}`,
    ]);
    const counter = await startQueryCounter(pair.target.queryPort);
    const statusPort = await freePort();
    try {
      const conf = path.join(pair.dir, 'ddl-backoff', 'conf');
      writeConf(conf, pair.source, pair.target, {
        one_time_run_mode: 'false',
        // The full catalog read is 180 s away: every statement in the window below is the engine's own doing.
        meta_job_interval_seconds: '180',
        report_interval_seconds: '1',
        include_data_list: 'rp',
        ddl_job_allow_drop_partition_target_only: 'false',
        target_fe_query_port: String(counter.port),
        status_http_port: String(statusPort),
      });
      const run = startSrsync(conf, path.join(pair.dir, 'ddl-backoff', 'log'));
      try {
        const adds = () => counter.statements.filter((s) => /^ALTER TABLE .*ADD PARTITION/is.test(s.sql.trim()));
        await waitUntil(() => adds().length > 0, 'the first ADD PARTITION', 20_000);
        const first = adds()[0]!.at;
        // A hot loop would send the statement (and re-read the catalog) about twice a second.
        await waitUntil(() => Date.now() - first >= 12_000, 'a 12 s window', 15_000, 500);
        const inWindow = adds().filter((s) => s.at - first < 12_000).length;
        expect(
          inWindow,
          adds()
            .map((s) => s.at - first)
            .join(', '),
        ).toBeGreaterThanOrEqual(2); // retried (5 s later)
        expect(inWindow).toBeLessThanOrEqual(4); // back-off: 0, 5, 15 s ...
        // A full catalog read of the target starts with SHOW PROC '/dbs'. Before: about twice a second (~24 here);
        // now: the retries of the failing statement's round and nothing else.
        const reads = counter.statements.filter((s) => s.at >= first && s.at - first < 12_000 && s.sql === "SHOW PROC '/dbs'").length;
        expect(reads).toBeLessThanOrEqual(4);
        const warn = run.warnLog();
        expect(warn.match(/DDL keeps failing on the target: add partition rp\.t/g), warn).toHaveLength(1);
        expect(warn).toMatch(/DDL keeps failing on the target: add partition rp\.t .*is intersected with range.*fix: /);
        expect(lastProgress(run.infoLog()).job).not.toMatch(/^Sync job progress: 100\.00%/);
        expect(lastProgress(run.infoLog()).job).toMatch(/ddlPending: 1/);
        // The status endpoint says the DDL failed, with the target's message (not "waiting for DDL").
        const reasons = await waitUntil(
          async () => {
            const t = (await notInSync(statusPort)).find((x) => x.table === 'rp.t');
            return t && /^DDL failed/.test(t.reason) ? t.reason : null;
          },
          'the DDL failure on /status',
          10_000,
        );
        expect(reasons).toMatch(/^DDL failed \(\d+×\): add partition rp\.t \(ALTER TABLE .*\): .*is intersected with range/);
        expect(await run.stop('SIGTERM')).toBe(0);
      } finally {
        await run.stop('SIGKILL').catch(() => undefined);
      }
    } finally {
      await counter.close();
    }
    expect(fs.existsSync(path.join(pair.dir, 'ddl-backoff', 'log', 'sync.INFO.log'))).toBe(true);
  }, 120_000);

  it('SIGTERM during a one-time run that has not finished exits non-zero, naming what is not in sync', async () => {
    await loadedTable('st');
    await control(pair.target, 'set_cn_bandwidth', { bytesPerSec: 16 });
    try {
      const run = runSrsync(pair, 'one-time-stopped', { include_data_list: 'st', one_time_run_mode: 'true' });
      await run.waitForLog(/Replication job \S+ sent for st\.t/, 20_000);
      expect(await run.stop('SIGTERM')).toBe(4);
      expect(run.warnLog()).toMatch(
        /ERROR \[sync\] Not synchronized \(one-time run stopped\): st\.t: not synchronized yet; replication job (sent|running)/,
      );
    } finally {
      await control(pair.target, 'set_cn_bandwidth', { bytesPerSec: 0 });
    }
  }, 120_000);
});
