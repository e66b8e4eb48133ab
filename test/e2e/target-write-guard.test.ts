// End to end through the CLI: the target-write guard of `srsync run` (issue 8). A table is synchronized (its target
// partitions read TXN_REPLICATION), then a user INSERTs into the target table (the partition turns TXN_NORMAL, as
// in StarRocks: reference §4.3). With full rounds a minute apart, srsync's poll of the target (written partitions in
// partitions_meta) asks for a catalog read at once, which reports it: one ERROR line naming db.table and the
// partition with the fix, a `target_write` entry in /status, srsync_target_writes_total on /metrics; srsync then
// re-copies the partition from the source (ddl_job_allow_drop_inconsistent_partition defaults to true) and
// reports nothing more for it.
import http from 'node:http';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../harness/e2e-catalog.js';
import { rows, sql } from '../../harness/sim-pair.js';
import { control, killAllSrsync, progressComplete, runSrsync, startPair, waitForConvergence, waitUntil, type Pair } from '../../harness/e2e-run.js';
import type { StatusDocument } from '../../src/status/index.js';

let pair: Pair;

beforeAll(async () => {
  pair = await startPair({ sourceCompaction: false });
}, 60_000);

afterEach(async () => {
  await killAllSrsync();
  await control(pair.target, 'set_cn_bandwidth', { bytesPerSec: 0 }).catch(() => undefined);
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

const txnTypes = async (sim: Pair['target']) =>
  Object.fromEntries((await rows(sim, 'SHOW PARTITIONS FROM gw.t')).map((r) => [r['PartitionName'], r['VersionTxnType']]));

describe('the target-write guard of srsync run', () => {
  it('an INSERT into the target during a run: one ERROR naming table and partition, in /status and /metrics, then re-copied', async () => {
    await sql(pair.source, [
      'CREATE DATABASE gw',
      'CREATE TABLE gw.t (id INT NOT NULL, s VARCHAR(40)) DUPLICATE KEY(id) PARTITION BY RANGE(id) (PARTITION p1 VALUES LESS THAN ("100"), PARTITION p2 VALUES LESS THAN ("200")) DISTRIBUTED BY HASH(id) BUCKETS 2',
      'INSERT INTO gw.t VALUES (1, "a"), (2, "b"), (150, "c")',
    ]);
    const port = await freePort();
    const run = runSrsync(pair, 'guard', { include_data_list: 'gw', status_http_port: String(port), meta_job_interval_seconds: '60' });
    await waitForConvergence(pair.source, pair.target, ['gw'], 45_000);
    await waitUntil(() => progressComplete(run.infoLog()), 'progress 100 %', 20_000);
    // Replication publishes TXN_REPLICATION (reference §4.3).
    expect(await txnTypes(pair.target)).toEqual({ p1: 'TXN_REPLICATION', p2: 'TXN_REPLICATION' });
    expect(run.warnLog()).not.toMatch(/Target written outside replication/);

    // The manual forbids it: a user loads into the target's p1 while srsync runs. A load publishes TXN_NORMAL.
    await sql(pair.target, ['INSERT INTO gw.t VALUES (7, "written on the target")']);
    expect((await txnTypes(pair.target))['p1']).toBe('TXN_NORMAL');

    const line = await waitUntil(
      () => /^.* ERROR .*Target written outside replication: gw\.t partition p1 .*$/m.exec(run.warnLog())?.[0],
      'the ERROR naming the written partition',
      15_000,
    );
    expect(line).toMatch(/VersionTxnType is TXN_NORMAL at data version \d+ after srsync replicated it at data version \d+/);
    expect(line).toMatch(/fix: stop loading into the target during migration .*copies it again from the source/);
    expect(run.infoLog()).toMatch(/1 target partition\(s\) written outside replication; reading the catalogs now/);

    const doc = JSON.parse(await get(port, '/status')) as StatusDocument;
    expect(doc.target_writes).toMatchObject({ count: 1, by_detection: { version_txn_type: 1, commit_guard: 0 } });
    expect(doc.target_writes!.recent).toMatchObject([{ kind: 'target_write', table: 'gw.t', partition: 'p1', detected_by: 'version_txn_type' }]);
    expect(doc.target_writes!.recent[0]!.message).toMatch(/^Target written outside replication: gw\.t partition p1 /);
    const metrics = await get(port, '/metrics');
    expect(metrics).toMatch(/^srsync_target_writes_total\{detected_by="version_txn_type"\} 1$/m);
    expect(metrics).toMatch(/^srsync_target_writes_total\{detected_by="commit_guard"\} 0$/m);

    // srsync replaces p1 with the source's copy; the written row is gone, and the write is reported only once.
    await waitUntil(async () => (await txnTypes(pair.target))['p1'] === 'TXN_REPLICATION', 'p1 re-copied', 20_000);
    await waitForConvergence(pair.source, pair.target, ['gw'], 45_000);
    const offset = run.infoLog().length;
    await waitUntil(() => progressComplete(run.infoLog().slice(offset)), 'progress 100 % after the re-copy', 20_000);
    expect((await rows(pair.target, 'SELECT COUNT(*) AS n FROM gw.t'))[0]).toMatchObject({ n: '3' });
    expect(run.warnLog().match(/Target written outside replication/g)).toHaveLength(1);
    expect((JSON.parse(await get(port, '/status')) as StatusDocument).target_writes?.count).toBe(1);
    expect(await run.stop('SIGTERM')).toBe(0);
  }, 90_000);

  it('a load while a job copies: the commit-time guard and the catalog signal are one write, reported once in /status', async () => {
    await sql(pair.source, [
      'CREATE DATABASE cg',
      'CREATE TABLE cg.t (id INT NOT NULL, s VARCHAR(40)) DUPLICATE KEY(id) PARTITION BY RANGE(id) (PARTITION p1 VALUES LESS THAN ("1000")) DISTRIBUTED BY HASH(id) BUCKETS 2',
      'INSERT INTO cg.t VALUES (1, "a")',
    ]);
    const port = await freePort();
    const run = runSrsync(pair, 'commit-guard', { include_data_list: 'cg', status_http_port: String(port), meta_job_interval_seconds: '60' });
    await waitForConvergence(pair.source, pair.target, ['cg'], 45_000);
    await waitUntil(() => progressComplete(run.infoLog()), 'progress 100 %', 20_000);
    // The next job crawls (16 B/s on the target's CNs) so that the target load lands while it copies.
    await control(pair.target, 'set_cn_bandwidth', { bytesPerSec: 16 });
    const rowsText = Array.from({ length: 100 }, (_, i) => `(${10 + i}, "row-${i}-xxxxxxxxxxxxxxxxxxxxxxxx")`).join(', ');
    await sql(pair.source, [`INSERT INTO cg.t VALUES ${rowsText}`]);
    await waitUntil(
      async () => (await rows(pair.target, "SHOW PROC '/replications'")).some((j) => j['State'] === 'REPLICATING'),
      'the job replicating on the target',
      20_000,
    );
    await sql(pair.target, ['INSERT INTO cg.t VALUES (7, "written on the target")']);
    await control(pair.target, 'set_cn_bandwidth', { bytesPerSec: 0 });
    await run.waitForLog(/Replication job \S+ failed for cg\.t/, 20_000);
    await waitUntil(() => /the target was written during migration: partition p1 of cg\.t/.test(run.warnLog()), 'the commit guard ERROR', 20_000);
    await waitForConvergence(pair.source, pair.target, ['cg'], 30_000);
    // Whichever signal came first, the write is one entry.
    const doc = JSON.parse(await get(port, '/status')) as StatusDocument;
    expect(doc.target_writes).toMatchObject({ count: 1, recent: [{ kind: 'target_write', table: 'cg.t', partition: 'p1' }] });
    const by = doc.target_writes!.by_detection;
    expect(by.version_txn_type + by.commit_guard).toBe(1);
    expect(await get(port, '/metrics')).toMatch(/^srsync_target_writes_total\{detected_by="commit_guard"\} [01]$/m);
    expect(await run.stop('SIGTERM')).toBe(0);
  }, 90_000);
});
