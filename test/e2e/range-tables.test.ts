// End to end through the CLI (one-time mode) with range-distributed tables (issue 7, starrocks-2026.md §1.5): the
// source creates range tables (enable_range_distribution) and splits them on its own (a small
// tablet_reshard_target_size); the target knows nothing of range distribution (4.1 default: off) and is prepared as
// the docs say (huge target size, merge off). srsync creates the target tables range-distributed (session
// variable), splits the target's tablets at the source's boundaries (held jobs, exact-boundary splits) and pairs
// tablets by range: at the end rows, versions and the topology of both sides are equal. A table whose target has a
// boundary the source lacks (a merge would be needed) is refused with its reason: exit 4, that table named.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import path from 'node:path';
import { rows, sql, verify, writeConf, type SimProcess } from '../../harness/sim-pair.js';
import { CONTINUOUS, killAllSrsync, runSrsync, startPair, waitUntil, type Pair } from '../../harness/e2e-run.js';
import { runCli } from '../../harness/e2e-catalog.js';
import { adminExecuteSql, splitScript, topologyScript } from '../../src/range/scripts.js';
import { parseTopology, structurallyEqual, type RangeTopology } from '../../src/range/topology.js';

let pair: Pair;

const topology = async (sim: SimProcess, db: string, table: string): Promise<RangeTopology> =>
  parseTopology((await rows(sim, adminExecuteSql(topologyScript(db, table)))).map((r) => r['result']).join('\n'));
const tabletCount = (t: RangeTopology) => t.partitions.reduce((n, p) => n + p.indexes.reduce((m, i) => m + i.tablets.length, 0), 0);
const values = (from: number, n: number) =>
  Array.from({ length: n }, (_, i) => `(${from + i}, 'value-${from + i}-padding-padding-padding')`).join(', ');

async function noReshardRunning(sim: SimProcess): Promise<boolean> {
  const jobs = await rows(sim, 'SELECT JOB_STATE FROM information_schema.tablet_reshard_jobs');
  return jobs.every((j) => j['JOB_STATE'] === 'FINISHED' || j['JOB_STATE'] === 'ABORTED');
}

beforeAll(async () => {
  pair = await startPair({ sourceCompaction: false });
  await sql(pair.source, [
    'ADMIN SET FRONTEND CONFIG ("enable_range_distribution" = "true")',
    'ADMIN SET FRONTEND CONFIG ("tablet_reshard_target_size" = "4000")',
  ]);
  // The docs' preparation of the target (srsync check asks for it): its tablets never split on their own.
  await sql(pair.target, ['ADMIN SET FRONTEND CONFIG ("tablet_reshard_target_size" = "9223372036854775807")']);
}, 60_000);

afterEach(killAllSrsync);

afterAll(async () => {
  await pair?.stop();
});

describe('range-distributed tables', () => {
  it('split on the source, aligned on the target by exact splits, paired by range; a merge-needing table refused (exit 4)', async () => {
    await sql(pair.source, [
      'CREATE DATABASE rg',
      `CREATE TABLE rg.r (k INT NOT NULL, v VARCHAR(64)) DUPLICATE KEY(k)
         PARTITION BY RANGE(k) (PARTITION p1 VALUES LESS THAN ("1000"), PARTITION p2 VALUES LESS THAN ("2000"))`,
      'CREATE TABLE rg.u (k INT NOT NULL, v VARCHAR(64)) UNIQUE KEY(k)',
      'CREATE TABLE rg.h (k INT NOT NULL, v VARCHAR(64)) DUPLICATE KEY(k) DISTRIBUTED BY HASH(k) BUCKETS 2',
      `INSERT INTO rg.r VALUES ${values(0, 150)}, ${values(1000, 120)}`,
      `INSERT INTO rg.u VALUES ${values(0, 150)}`,
      `INSERT INTO rg.h VALUES ${values(0, 20)}`,
      'CREATE DATABASE rm',
      'CREATE TABLE rm.m (k INT NOT NULL, v VARCHAR(64)) DUPLICATE KEY(k)',
      `INSERT INTO rm.m VALUES ${values(0, 10)}`,
    ]);
    expect(
      (await rows(pair.source, "SELECT DISTRIBUTE_TYPE FROM information_schema.tables_config WHERE TABLE_NAME = 'r'"))[0]?.['DISTRIBUTE_TYPE'],
    ).toBe('RANGE');
    // The source splits its tablets on its own.
    await waitUntil(
      async () => tabletCount(await topology(pair.source, 'rg', 'r')) > 2 && (await noReshardRunning(pair.source)),
      'the source to split rg.r',
      15_000,
      100,
    );
    await waitUntil(
      async () => tabletCount(await topology(pair.source, 'rg', 'u')) > 1 && (await noReshardRunning(pair.source)),
      'the source to split rg.u',
      15_000,
      100,
    );

    // rm.m on the target already, with a boundary the source does not have: only a merge could align it.
    await sql(pair.target, ['CREATE DATABASE rm']);
    const conn = ['SET enable_range_distribution = true', 'CREATE TABLE rm.m (k INT NOT NULL, v VARCHAR(64)) DUPLICATE KEY(k)'];
    await sql(pair.target, conn);
    const tablet = (await topology(pair.target, 'rm', 'm')).partitions[0]!.indexes[0]!.tablets[0]!;
    await sql(pair.target, [
      adminExecuteSql(
        splitScript('rm', 'm', {
          [tablet.tabletId]: [
            { lowerBound: null, lowerIncluded: false, upperBound: ['5'], upperIncluded: false },
            { lowerBound: ['5'], lowerIncluded: true, upperBound: null, upperIncluded: false },
          ],
        }),
      ),
    ]);
    await waitUntil(() => noReshardRunning(pair.target), 'the target split of rm.m', 10_000, 100);

    // srsync check sees the range tables: an unprepared target key with its fix, and the merge-needing table.
    const conf = path.join(pair.dir, 'range', 'conf');
    writeConf(conf, pair.source, pair.target, { ...CONTINUOUS, one_time_run_mode: 'true', include_data_list: 'rg,rm' });
    await sql(pair.target, ['ADMIN SET FRONTEND CONFIG ("tablet_reshard_target_size" = "10737418240")']); // the default
    const check = await runCli(['check', '--conf', conf]);
    await sql(pair.target, ['ADMIN SET FRONTEND CONFIG ("tablet_reshard_target_size" = "9223372036854775807")']);
    expect(check.code, check.stdout).toBe(1);
    const errors = check.stdout.split('\n').filter((l) => l.startsWith('ERROR'));
    expect(errors).toEqual([
      expect.stringMatching(
        /^ERROR target FE \S+ tablet_reshard_target_size: is 10737418240; .*3 selected table\(s\) are range-distributed .*\| fix: ADMIN SET FRONTEND CONFIG \("tablet_reshard_target_size" = "9223372036854775807"\);/,
      ),
      expect.stringMatching(
        /^ERROR rm\.m: range-distributed table cannot be aligned on the target: partition m index m: the target has tablet boundary \(5\)/,
      ),
    ]);

    const run = runSrsync(pair, 'range');
    const code = await run.exited;
    const log = run.infoLog();
    expect(code, log.slice(-4000)).toBe(4);

    // The merge-needing table is named with its reason; nothing else is.
    const notSynced = log.match(/Not synchronized: .*/g) ?? [];
    expect(notSynced).toEqual([
      expect.stringMatching(
        /^Not synchronized: table rm\.m: range-distributed table rm\.m cannot be aligned: partition m index m: the target has tablet boundary \(5\) that the source does not have .*merge/,
      ),
    ]);

    // The range tables were created range-distributed on the target (never RANDOM), split there by srsync, and
    // their tablets paired by range: rows, versions and topology equal.
    for (const t of ['r', 'u']) {
      expect(
        (
          await rows(pair.target, `SELECT DISTRIBUTE_TYPE FROM information_schema.tables_config WHERE TABLE_SCHEMA = 'rg' AND TABLE_NAME = '${t}'`)
        )[0]?.['DISTRIBUTE_TYPE'],
      ).toBe('RANGE');
      const [s, g] = await Promise.all([topology(pair.source, 'rg', t), topology(pair.target, 'rg', t)]);
      expect(structurallyEqual(s, g), `${t}: ${JSON.stringify(g)}`).toBe(true);
    }
    expect(log).toMatch(/Range table rg\.r: replication held; split job \d+ submitted on the target/);
    const checks = await verify(pair.source, pair.target, ['rg']);
    expect(checks.map((c) => [c.table, c.sourceRows, c.targetRows, c.versionsMatch]).sort()).toEqual([
      ['rg.h', 20, 20, true],
      ['rg.r', 270, 270, true],
      ['rg.u', 150, 150, true],
    ]);
    // The refused table was not replicated into.
    expect(Number((await rows(pair.target, 'SELECT COUNT(*) AS n FROM rm.m'))[0]?.['n'])).toBe(0);
  });

  it('continuous mode: loads make the source split again mid-run; the target follows split by split', async () => {
    const run = runSrsync(pair, 'range-continuous', { include_data_list: 'rg' });
    await run.waitForLog(/Sync job progress/, 20_000);
    const before = tabletCount(await topology(pair.source, 'rg', 'r'));
    await sql(pair.source, [`INSERT INTO rg.r VALUES ${values(150, 200)}`, `INSERT INTO rg.r VALUES ${values(1120, 150)}`]);
    await waitUntil(async () => tabletCount(await topology(pair.source, 'rg', 'r')) > before, 'the source to split rg.r again', 15_000, 100);
    await waitUntil(
      async () => {
        if (!(await noReshardRunning(pair.source)) || !(await noReshardRunning(pair.target))) return false;
        const [s, g] = await Promise.all([topology(pair.source, 'rg', 'r'), topology(pair.target, 'rg', 'r')]);
        const checks = await verify(pair.source, pair.target, ['rg']);
        return structurallyEqual(s, g) && checks.every((c) => c.sourceRows === c.targetRows && c.versionsMatch);
      },
      'the target to follow the source split by split',
      20_000,
      200,
    );
    expect((run.infoLog().match(/Range table rg\.r: replication held; split job \d+ submitted/g) ?? []).length).toBeGreaterThan(0);
    expect(Number((await rows(pair.target, 'SELECT COUNT(*) AS n FROM rg.r'))[0]?.['n'])).toBe(620);
    expect(await run.stop()).toBe(0);
  });
});
