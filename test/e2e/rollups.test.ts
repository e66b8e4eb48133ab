// End to end through the CLI (continuous mode) between two simulated clusters: tables with a rollup and with a
// synchronous MV (written on several lines, as SHOW MATERIALIZED VIEWS then prints it glued) are created on the
// target from SHOW CREATE TABLE (which shows neither), get their indexes added one at a time, and only then are
// replicated; loads go on before and during the run; a rollup added on the source mid-run appears on the target and
// the data keeps syncing. At the end both sides list the same indexes (index_schema, DESC ALL), COUNT(*) and
// partition versions match and the progress lines say 100 %.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { rows, sql, type SimProcess } from '../../harness/sim-pair.js';
import {
  killAllSrsync,
  loadLoop,
  progressComplete,
  runSrsync,
  startPair,
  waitForConvergence,
  waitForQuietSource,
  waitUntil,
  type Pair,
} from '../../harness/e2e-run.js';

let pair: Pair;

beforeAll(async () => {
  pair = await startPair();
  await sql(pair.source, ['ADMIN SET FRONTEND CONFIG ("lake_compaction_interval_ms_on_success" = "0")']);
}, 60_000);

afterEach(killAllSrsync);

afterAll(async () => {
  await pair?.stop();
});

/** Index names of a table, base first, then sorted (SHOW PROC index_schema; ids looked up by name). */
async function indexNames(sim: SimProcess, db: string, table: string): Promise<string[]> {
  const dbId = (await rows(sim, "SHOW PROC '/dbs'")).find((r) => r['DbName'] === db)?.['DbId'];
  const tableId = (await rows(sim, `SHOW PROC '/dbs/${dbId}'`)).find((r) => r['TableName'] === table)?.['TableId'];
  if (!dbId || !tableId) return [];
  const [base, ...rest] = (await rows(sim, `SHOW PROC '/dbs/${dbId}/${tableId}/index_schema'`)).map((r) => r['IndexName']!);
  return [base!, ...rest.sort()]; // the others in HashMap order of their ids, which differ between the clusters
}

/** DESC ALL, one line per row; index order after the base is HashMap order of ids, so indexes are sorted by name. */
async function descAll(sim: SimProcess, table: string): Promise<string[]> {
  const blocks: string[][] = [];
  for (const r of await rows(sim, `DESC ${table} ALL`)) {
    if (r['IndexName']) blocks.push([]);
    if (r['Field'])
      blocks[blocks.length - 1]!.push([r['IndexName'], r['IndexKeysType'], r['Field'], r['Type'], r['Null'], r['Key'], r['Extra']].join(' '));
  }
  const [base, ...rest] = blocks;
  return [...(base ?? []), ...rest.sort((a, b) => (a[0]! < b[0]! ? -1 : 1)).flat()];
}

/** SHOW MATERIALIZED VIEWS texts of the sync indexes by name, blanks removed (the target's has its glued words split). */
async function syncTexts(sim: SimProcess, db: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const r of await rows(sim, `SHOW MATERIALIZED VIEWS FROM ${db}`))
    if (r['refresh_type'] === 'ROLLUP') out[r['name']!] = r['text']!.replace(/\s+/g, '');
  return out;
}

/** Retries a source ALTER that the simulator refuses while a load's txn is committed but not yet visible. */
async function alterSource(statement: string): Promise<void> {
  await waitUntil(
    async () => {
      await sql(pair.source, [statement]);
      return true;
    },
    statement,
    10_000,
    50,
  );
}

describe('rollups and synchronous materialized views', () => {
  it('creates them on the target before replicating, follows one added mid-run, and converges', async () => {
    await sql(pair.source, [
      'CREATE DATABASE rl',
      `CREATE TABLE rl.dup (k1 INT NOT NULL, k2 INT NOT NULL, v BIGINT, s VARCHAR(20)) DUPLICATE KEY(k1, k2)
         PARTITION BY RANGE(k1) (PARTITION p1 VALUES LESS THAN ("100"), PARTITION p2 VALUES LESS THAN ("200"))
         DISTRIBUTED BY HASH(k1) BUCKETS 2`,
      `CREATE TABLE rl.events (id BIGINT NOT NULL, k VARCHAR(10) NOT NULL, v INT) DUPLICATE KEY(id) DISTRIBUTED BY HASH(id) BUCKETS 2`,
      'INSERT INTO rl.dup VALUES (1, 10, 5, "a"), (150, 20, 7, "b")',
      'INSERT INTO rl.events VALUES (1, "x", 3), (2, "y", 4)',
      'ALTER TABLE rl.dup ADD ROLLUP r_k2 (k2, v) DUPLICATE KEY (k2)',
      'USE rl',
      'CREATE MATERIALIZED VIEW mv_k AS\nSELECT k, SUM(v)\nFROM events\nGROUP BY k',
      'INSERT INTO rl.dup VALUES (2, 11, 1, "c")',
      'INSERT INTO rl.events VALUES (3, "x", 5)',
    ]);
    // As StarRocks prints it: the newlines are gone, words glued (srsync splits them again to run it).
    expect((await rows(pair.source, 'SHOW MATERIALIZED VIEWS FROM rl')).find((r) => r['name'] === 'mv_k')?.['text']).toBe(
      'CREATE MATERIALIZED VIEW mv_k ASSELECT k, SUM(v)FROM eventsGROUP BY k',
    );

    const run = runSrsync(pair, 'rl', { include_data_list: 'rl' });
    const loads = loadLoop(pair.source, (i) => [
      `INSERT INTO rl.dup VALUES (${3 + (i % 90)}, ${i % 5}, ${i}, "l${i}"), (${100 + (i % 90)}, ${i % 3}, 1, "m")`,
      `INSERT INTO rl.events VALUES (${10 + i}, "${['x', 'y', 'z'][i % 3]}", ${i})`,
    ]);
    const finished = (t: string) => (run.infoLog().match(new RegExp(`Replication job \\S+ finished for rl\\.${t}`, 'g')) ?? []).length;
    await waitUntil(() => finished('dup') > 0 && finished('events') > 0, 'first jobs of both tables', 15_000, 100);
    expect(await indexNames(pair.target, 'rl', 'dup')).toEqual(['dup', 'r_k2']);
    expect(await indexNames(pair.target, 'rl', 'events')).toEqual(['events', 'mv_k']);
    // Indexes first, then replication: no job was sent for a table before its indexes were there.
    const log = run.infoLog();
    const firstJob = (t: string) => log.search(new RegExp(`Replication job \\S+ sent for rl\\.${t}`));
    const indexDdl = (re: RegExp) => log.search(re);
    expect(
      indexDdl(/DDL done on target: ALTER TABLE `rl`\.`dup` ADD ROLLUP `r_k2` \(`k2`, `v`\) DUPLICATE KEY \(`k2`\) \(missing_on_target\)/),
    ).toBeGreaterThan(-1);
    expect(
      indexDdl(/DDL done on target: CREATE MATERIALIZED VIEW mv_k AS SELECT k, SUM\(v\)FROM events GROUP BY k \(missing_on_target\)/),
    ).toBeGreaterThan(-1);
    expect(firstJob('dup')).toBeGreaterThan(indexDdl(/ADD ROLLUP `r_k2`/));
    expect(firstJob('events')).toBeGreaterThan(indexDdl(/CREATE MATERIALIZED VIEW mv_k/));

    // Mid-run, with the loads going on (the tables followed by scoped re-plans by now): a second rollup on the source.
    await waitUntil(() => finished('dup') >= 3, 'loads followed for a while', 15_000, 100);
    await alterSource('ALTER TABLE rl.dup ADD ROLLUP r_s (k1, s) DUPLICATE KEY (k1)');
    await waitUntil(async () => (await indexNames(pair.target, 'rl', 'dup')).includes('r_s'), 'r_s on the target', 15_000);
    const finishedBefore = finished('dup');
    await waitUntil(() => finished('dup') > finishedBefore, 'rl.dup replicated after r_s', 15_000, 100);
    await loads.stop();

    await waitForQuietSource(pair.source, ['rl']);
    const checks = await waitForConvergence(pair.source, pair.target, ['rl'], 15_000);
    expect(checks.map((c) => c.table).sort()).toEqual(['rl.dup', 'rl.events']);
    for (const t of ['dup', 'events']) {
      expect(await indexNames(pair.target, 'rl', t)).toEqual(await indexNames(pair.source, 'rl', t));
      expect(await descAll(pair.target, `rl.${t}`)).toEqual(await descAll(pair.source, `rl.${t}`));
    }
    expect(await syncTexts(pair.target, 'rl')).toEqual(await syncTexts(pair.source, 'rl'));
    const offset = run.infoLog().length;
    await waitUntil(() => progressComplete(run.infoLog().slice(offset)), 'progress 100 %', 15_000);
    expect(await run.stop('SIGTERM')).toBe(0);
  }, 60_000);

  it('one-time mode: two rollups of an AGGREGATE table added one per round, a COUNT sync MV, a target-only rollup dropped', async () => {
    await sql(pair.source, [
      'CREATE DATABASE rl1',
      `CREATE TABLE rl1.agg (dt DATE NOT NULL, city VARCHAR(20) NOT NULL, total BIGINT SUM, hits BIGINT MAX) AGGREGATE KEY(dt, city)
         DISTRIBUTED BY HASH(city) BUCKETS 2`,
      'ALTER TABLE rl1.agg ADD ROLLUP r_city (city, total)',
      'ALTER TABLE rl1.agg ADD ROLLUP r_dt (dt, hits)',
      `CREATE TABLE rl1.clicks (id BIGINT NOT NULL, page VARCHAR(20) NOT NULL, ms INT) DUPLICATE KEY(id) DISTRIBUTED BY HASH(id) BUCKETS 1`,
      'USE rl1',
      'CREATE MATERIALIZED VIEW mv_pages AS SELECT page, COUNT(ms) FROM clicks GROUP BY page',
      'INSERT INTO rl1.agg VALUES ("2024-01-01", "Oslo", 5, 1), ("2024-01-01", "Oslo", 2, 9), ("2024-01-02", "Lima", 1, 3)',
      'INSERT INTO rl1.clicks VALUES (1, "/a", 10), (2, "/a", NULL), (3, "/b", 7)',
    ]);
    // The target already has the table (empty, same schema) with a rollup the source does not have.
    await sql(pair.target, [
      'CREATE DATABASE rl1',
      `CREATE TABLE rl1.agg (dt DATE NOT NULL, city VARCHAR(20) NOT NULL, total BIGINT SUM, hits BIGINT MAX) AGGREGATE KEY(dt, city)
         DISTRIBUTED BY HASH(city) BUCKETS 2`,
      'ALTER TABLE rl1.agg ADD ROLLUP r_old (city, hits)',
    ]);
    const run = runSrsync(pair, 'rl1', { include_data_list: 'rl1', one_time_run_mode: 'true' });
    expect(await run.exited).toBe(0);
    const log = run.infoLog();
    expect(log).toMatch(/DDL done on target: ALTER TABLE `rl1`\.`agg` DROP ROLLUP `r_old` \(dropped_on_source\)/);
    expect(log).toMatch(/DDL done on target: ALTER TABLE `rl1`\.`agg` ADD ROLLUP `r_city` \(`city`, `total`\) \(missing_on_target\)/);
    expect(log).toMatch(/DDL done on target: ALTER TABLE `rl1`\.`agg` ADD ROLLUP `r_dt` \(`dt`, `hits`\) \(missing_on_target\)/);
    expect(log).toMatch(/DDL done on target: CREATE MATERIALIZED VIEW mv_pages AS SELECT page, COUNT\(ms\) FROM clicks GROUP BY page/);
    expect(log).toMatch(/One-time synchronization finished: every selected table is in sync/);
    const checks = await waitForConvergence(pair.source, pair.target, ['rl1'], 5_000);
    expect(checks.map((c) => `${c.table} ${c.targetRows}`).sort()).toEqual(['rl1.agg 2', 'rl1.clicks 3']);
    for (const t of ['agg', 'clicks']) {
      expect(await indexNames(pair.target, 'rl1', t)).toEqual(await indexNames(pair.source, 'rl1', t));
      expect(await descAll(pair.target, `rl1.${t}`)).toEqual(await descAll(pair.source, `rl1.${t}`));
    }
    expect(await indexNames(pair.target, 'rl1', 'agg')).toEqual(['agg', 'r_city', 'r_dt']);
    expect(progressComplete(log)).toBe(true);
  }, 60_000);
});
