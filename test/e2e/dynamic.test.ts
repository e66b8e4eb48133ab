// End to end through the CLI (`bin/srsync.js run`, continuous mode) against two simulated clusters:
// loads keep coming while srsync runs; a schema change, a dropped partition (re-created and re-synced) and a
// dropped table mid-run. After each: COUNT(*) and partition versions equal on both clusters, progress 100 %,
// a clean exit 0 on SIGTERM, and the source is never written by srsync. The source compacts (as StarRocks does),
// right after each load: "in sync" is only checked once its compaction has caught up, so that no VisibleVersion
// can move after the check.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { rows, sql } from '../../harness/sim-pair.js';
import {
  killAllSrsync,
  lastProgress,
  loadLoop,
  progressComplete,
  runSrsync,
  sourceFingerprint,
  startPair,
  waitForConvergence,
  waitForQuietSource,
  waitUntil,
  type Pair,
} from '../../harness/e2e-run.js';

let pair: Pair;

beforeAll(async () => {
  pair = await startPair();
  // Compaction follows every load at the next daemon tick instead of once per partition every 10 s: the source
  // is quiet soon after the last load (waitForQuietSource), not up to 10 s later.
  await sql(pair.source, ['ADMIN SET FRONTEND CONFIG ("lake_compaction_interval_ms_on_success" = "0")']);
}, 60_000);

afterEach(killAllSrsync);

afterAll(async () => {
  await pair?.stop();
});

const count = (log: string, re: RegExp) => (log.match(new RegExp(re.source, 'g')) ?? []).length;

/** Source transactions that are not the test's own loads or the source's own compaction. */
async function foreignSourceTxns(db: string): Promise<string[]> {
  const out: string[] = [];
  for (const state of ['running', 'finished']) {
    for (const r of await rows(pair.source, `SHOW PROC '/transactions/${db}/${state}'`)) {
      if (r['LoadJobSourceType'] !== 'INSERT_STREAMING' && r['LoadJobSourceType'] !== 'LAKE_COMPACTION')
        out.push(`${r['Label']} ${r['LoadJobSourceType']}`);
    }
  }
  return out;
}

async function insertTxnCount(db: string): Promise<number> {
  const r = await rows(pair.source, `SHOW PROC '/transactions/${db}/finished'`);
  return r.filter((x) => x['LoadJobSourceType'] === 'INSERT_STREAMING').length;
}

describe('continuous mode through the CLI', () => {
  it('keeps going while the source keeps loading, catches up once loads stop, exits 0 on SIGTERM', async () => {
    await sql(pair.source, [
      'CREATE DATABASE live',
      `CREATE TABLE live.events (id BIGINT NOT NULL, dt DATE NOT NULL, v INT) DUPLICATE KEY(id)
         PARTITION BY date_trunc('day', dt) DISTRIBUTED BY HASH(id) BUCKETS 2`,
      `CREATE TABLE live.users (id INT NOT NULL, name VARCHAR(20), score INT) PRIMARY KEY(id) DISTRIBUTED BY HASH(id) BUCKETS 2`,
      `CREATE TABLE live.totals (k VARCHAR(10) NOT NULL, region VARCHAR(4) NOT NULL, n BIGINT SUM) AGGREGATE KEY(k, region)
         PARTITION BY LIST(region) (PARTITION p_eu VALUES IN ("eu"), PARTITION p_us VALUES IN ("us")) DISTRIBUTED BY HASH(k) BUCKETS 2`,
      'INSERT INTO live.events VALUES (0, "2024-01-01", 0)',
      'INSERT INTO live.users VALUES (0, "u0", 0)',
    ]);
    let statements = 2;
    const catalogBefore = (await sourceFingerprint(pair.source)).catalog;

    const run = runSrsync(pair, 'live', { include_data_list: 'live' });
    await run.waitForLog(/Replication job \S+ finished for live\.events/, 20_000);

    // Loads keep coming: new days (automatic partitions), primary-key upserts, aggregate sums.
    const loads = loadLoop(pair.source, (i) => {
      statements += 3;
      return [
        `INSERT INTO live.events VALUES (${i + 1}, "2024-01-0${1 + (i % 5)}", ${i}), (${1000 + i}, "2024-02-0${1 + (i % 3)}", ${i})`,
        `INSERT INTO live.users VALUES (${i % 7}, "u${i}", ${i})`,
        `INSERT INTO live.totals VALUES ("k${i % 3}", "${i % 2 ? 'eu' : 'us'}", ${i})`,
      ];
    });
    // While loads continue, srsync keeps finding lagging partitions and syncing them.
    const finishedBefore = count(run.infoLog(), /Replication job \S+ finished/);
    await waitUntil(
      () => count(run.infoLog(), /Replication job \S+ finished/) >= finishedBefore + 6,
      'six more finished jobs during the loads',
      45_000,
      100,
    );
    const rounds = await loads.stop();
    expect(rounds).toBeGreaterThan(1);

    await waitForQuietSource(pair.source, ['live']);
    const checks = await waitForConvergence(pair.source, pair.target, ['live'], 30_000);
    expect(checks.map((c) => c.table).sort()).toEqual(['live.events', 'live.totals', 'live.users']);
    // The progress lines catch up too (reported every second): a 100 % line printed after convergence.
    const offset = run.infoLog().length;
    await waitUntil(() => progressComplete(run.infoLog().slice(offset)), 'progress 100 % after the loads stopped', 30_000);
    const fpAtEnd = await sourceFingerprint(pair.source);

    expect(await run.stop('SIGTERM')).toBe(0);
    const log = run.infoLog();
    expect(log).toMatch(/received SIGTERM; stopping gracefully/);
    expect(log).toMatch(/srsync exiting with code 0/);
    expect(lastProgress(log).table).toMatch(/total table: 3, finished table: 3, unfinished table: 0, expired table: 0/);
    // Each round found the partitions that lagged again and synced them.
    expect(count(log, /Replication job \S+ finished for live\.events/)).toBeGreaterThan(1);
    expect(run.warnLog()).not.toMatch(/ERROR/);

    // The source was never written by srsync: the catalog is as the test left it (automatic partitions do not
    // show in SHOW CREATE TABLE), every txn is one of the test's loads or the source's own compaction, and
    // nothing moved on the source after the run.
    const fpAfter = await sourceFingerprint(pair.source);
    expect(fpAfter.catalog).toEqual(catalogBefore);
    expect(await foreignSourceTxns('live')).toEqual([]);
    expect(await insertTxnCount('live')).toBe(statements);
    expect(fpAfter).toEqual(fpAtEnd);
  }, 120_000);

  it('handles a schema change, a dropped (then re-created) partition and a dropped table mid-run', async () => {
    await sql(pair.source, [
      'CREATE DATABASE ddl',
      `CREATE TABLE ddl.sc (id INT NOT NULL, a VARCHAR(10)) DUPLICATE KEY(id) DISTRIBUTED BY HASH(id) BUCKETS 2`,
      `CREATE TABLE ddl.parts (id INT NOT NULL, dt DATE NOT NULL, v INT) DUPLICATE KEY(id)
         PARTITION BY RANGE(dt) (PARTITION p1 VALUES LESS THAN ("2024-02-01"), PARTITION p2 VALUES LESS THAN ("2024-03-01"))
         DISTRIBUTED BY HASH(id) BUCKETS 2`,
      `CREATE TABLE ddl.gone (id INT NOT NULL) DUPLICATE KEY(id) DISTRIBUTED BY HASH(id) BUCKETS 1`,
      'INSERT INTO ddl.sc VALUES (1, "a"), (2, "b")',
      'INSERT INTO ddl.parts VALUES (1, "2024-01-05", 1), (2, "2024-02-05", 2)',
      'INSERT INTO ddl.gone VALUES (1), (2), (3)',
    ]);
    const run = runSrsync(pair, 'ddl', { include_data_list: 'ddl' });
    await waitForConvergence(pair.source, pair.target, ['ddl'], 20_000);

    // Mid-run DDL on the source, with loads around it.
    await sql(pair.source, [
      'ALTER TABLE ddl.sc ADD COLUMN b INT DEFAULT "7"',
      'INSERT INTO ddl.sc VALUES (3, "c", 3)',
      'ALTER TABLE ddl.parts DROP PARTITION p1',
      'INSERT INTO ddl.parts VALUES (3, "2024-02-06", 3)',
      'DROP TABLE ddl.gone',
    ]);
    await waitUntil(
      async () => {
        const cols = await rows(pair.target, 'SHOW COLUMNS FROM ddl.sc').catch(() => []);
        return cols.some((c) => c['Field'] === 'b');
      },
      'the schema change on the target',
      20_000,
    );
    await waitForConvergence(pair.source, pair.target, ['ddl'], 20_000);
    // Convergence looks at the source's partitions only; the drop of p1 on the target may come after p2's job.
    const parts = await waitUntil(
      async () => {
        const r = await rows(pair.target, 'SHOW PARTITIONS FROM ddl.parts');
        return r.length === 1 && r[0]!['PartitionName'] === 'p2' ? r : null;
      },
      'p1 dropped on the target (p2 only)',
      20_000,
    );

    // Re-sync after a drop: the partition comes back on the source (a new partition id) and is synced again.
    await sql(pair.source, [
      'ALTER TABLE ddl.parts ADD PARTITION p1 VALUES LESS THAN ("2024-02-01")',
      'INSERT INTO ddl.parts VALUES (4, "2024-01-07", 4), (5, "2024-01-08", 5)',
    ]);
    await waitUntil(async () => (await rows(pair.target, 'SHOW PARTITIONS FROM ddl.parts')).length === 2, 'p1 re-created on the target', 20_000);
    const checks = await waitForConvergence(pair.source, pair.target, ['ddl'], 20_000);
    expect(checks.find((c) => c.table === 'ddl.parts')?.targetRows).toBe(4);
    expect(checks.find((c) => c.table === 'ddl.sc')?.targetRows).toBe(3);
    const cols = async (sim: typeof pair.source) =>
      (await rows(sim, 'SHOW COLUMNS FROM ddl.sc')).map((c) => `${c['Field']} ${c['Type']} ${c['Default']}`);
    expect(await cols(pair.target)).toEqual(await cols(pair.source));

    // An inconsistent partition: p2 dropped and re-created on the source at once (a new id and version epoch);
    // the target's p2 no longer matches it and is dropped and re-created, then synced again.
    const p2Before = parts.find((p) => p['PartitionName'] === 'p2')!['PartitionId'];
    await sql(pair.source, [
      'ALTER TABLE ddl.parts DROP PARTITION p2',
      'ALTER TABLE ddl.parts ADD PARTITION p2 VALUES LESS THAN ("2024-03-01")',
      'INSERT INTO ddl.parts VALUES (6, "2024-02-09", 6)',
    ]);
    await waitUntil(
      async () => (await rows(pair.target, 'SHOW PARTITIONS FROM ddl.parts')).find((p) => p['PartitionName'] === 'p2')?.['PartitionId'] !== p2Before,
      'p2 re-created on the target',
      20_000,
    );
    const again = await waitForConvergence(pair.source, pair.target, ['ddl'], 20_000);
    expect(again.find((c) => c.table === 'ddl.parts')?.targetRows).toBe(3);
    expect(run.infoLog()).toMatch(/DDL done on target: ALTER TABLE `ddl`\.`parts` DROP PARTITION `p2`.*\((inconsistent|dropped_on_source)\)/);

    // The dropped table: ddl_job_allow_drop_target_only=false (default) keeps it on the target, untouched.
    expect(Object.values((await rows(pair.target, 'SELECT COUNT(*) FROM ddl.gone'))[0]!)).toEqual(['3']);

    const offset = run.infoLog().length;
    await waitUntil(() => progressComplete(run.infoLog().slice(offset)), 'progress 100 % after the DDL', 30_000);
    expect(await run.stop('SIGTERM')).toBe(0);
    const log = run.infoLog();
    expect(log).toMatch(/DDL done on target: DROP TABLE .*`sc`.*\(schema_change\)/);
    expect(log).toMatch(/DDL done on target: ALTER TABLE `ddl`\.`parts` DROP PARTITION `p1`.*\(dropped_on_source\)/);
    expect(log).not.toMatch(/DROP TABLE .*`gone`/);
    expect(await foreignSourceTxns('ddl')).toEqual([]);
  }, 120_000);
});
