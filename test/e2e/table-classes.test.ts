// Issue 6, "every table definition migrates": one case per class of table definition (harness/table-classes.ts),
// created on a source simulator, loaded twice, migrated by `bin/srsync.js run` with one_time_run_mode=true. For every
// table: the same SHOW CREATE TABLE on the target (modulo the documented rewrites, notes/decisions/planner.md),
// equal COUNT(*), and every source partition's VisibleVersion = the target partition's DataVersion.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { prepareForMigration, rows, sql, startSim, writeConf, type SimProcess } from '../../harness/sim-pair.js';
import { comparableCreateTable, ident, literal, runSrsyncOnce, scalar, tempDir, type SrsyncRun } from '../../harness/e2e-catalog.js';
import { DB, LEFT_OUT, LIST_NULL_INT_TABLE, LIST_NULL_TABLE, TABLE_CLASSES, type TableClass } from '../../harness/table-classes.js';

const OTHER_DB = 'not_selected';
const ORPHAN_MV = 'mv_over_unmigrated';

let dir: string;
let source: SimProcess;
let target: SimProcess;
let run: SrsyncRun;
/** Why a class could not even be set up on the source (the simulator refused its CREATE or a load). */
const setupError = new Map<string, string>();

async function showCreate(sim: SimProcess, table: string): Promise<string> {
  const r = (await rows(sim, `SHOW CREATE TABLE ${ident(DB, table)}`))[0];
  return comparableCreateTable(String(r?.['Create Table'] ?? ''));
}

async function partitionVersions(sim: SimProcess, table: string, column: 'VISIBLE_VERSION' | 'DATA_VERSION'): Promise<Record<string, string>> {
  const r = await rows(
    sim,
    `SELECT PARTITION_NAME, ${column} FROM information_schema.partitions_meta WHERE DB_NAME = ${literal(DB)} AND TABLE_NAME = ${literal(table)} AND IS_TEMP = 0`,
  );
  return Object.fromEntries(r.map((x) => [x['PARTITION_NAME']!, String(x[column])]));
}

beforeAll(async () => {
  dir = tempDir('e2e-classes');
  const store = path.join(dir, 'object-store');
  [source, target] = await Promise.all([
    startSim({ name: 'source', objectStore: store, password: 'src', cnCount: 2 }),
    startSim({ name: 'target', objectStore: store, password: 'tgt', cnCount: 2 }),
  ]);
  // No compaction on the source: its VisibleVersion must not move after the run.
  await sql(source, ['ADMIN SET FRONTEND CONFIG ("lake_compaction_max_tasks" = "0")', `CREATE DATABASE ${ident(DB)}`]);
  const setup = async (c: TableClass, statements: string[]) => {
    if (setupError.has(c.table)) return;
    try {
      await sql(source, statements);
    } catch (e) {
      setupError.set(c.table, `${(e as Error).message} (statement: ${statements.join('; ').slice(0, 300)})`);
    }
  };
  for (const c of TABLE_CLASSES) await setup(c, typeof c.create === 'string' ? [c.create] : c.create);
  for (const round of [0, 1]) for (const c of TABLE_CLASSES) await setup(c, c.load(round));
  // The manual's own example: an async MV whose base table is not migrated (its database is not selected).
  await sql(source, [
    `CREATE DATABASE ${ident(OTHER_DB)}`,
    `CREATE TABLE ${ident(OTHER_DB, 'base')} (k INT, v INT) DUPLICATE KEY(k) DISTRIBUTED BY HASH(k) BUCKETS 1`,
    `CREATE MATERIALIZED VIEW ${ident(DB, ORPHAN_MV)} DISTRIBUTED BY HASH(k) BUCKETS 1 REFRESH ASYNC AS SELECT k, sum(v) AS s FROM ${ident(OTHER_DB, 'base')} GROUP BY k`,
  ]);
  await prepareForMigration(source, target);
  const conf = path.join(dir, 'conf');
  writeConf(conf, source, target, {
    one_time_run_mode: 'true',
    report_interval_seconds: '1',
    include_data_list: DB,
    enable_materialized_view_sync: 'true',
  });
  run = await runSrsyncOnce(conf, path.join(dir, 'log'), 60_000);
}, 120_000);

afterAll(async () => {
  await Promise.all([source?.stop(), target?.stop()]);
  if (dir && !process.env['SRSYNC_E2E_KEEP']) fs.rmSync(dir, { recursive: true, force: true });
});

describe('every table definition class migrates (one-time mode)', () => {
  it('the one-time run ends with exit code 0', () => {
    expect(run.code, run.warn.slice(0, 4000)).toBe(0);
  });

  it('an MV whose base table is not migrated is reported once, not created, and does not hold one-time mode open', async () => {
    const lines = run.warn.split('\n').filter((l) => l.includes(ORPHAN_MV));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(new RegExp(`materialized_view ${DB}\\.${ORPHAN_MV}: not created: its base table ${OTHER_DB}\\.base is not migrated`));
    expect(await rows(target, `SHOW DATABASES`)).not.toContainEqual({ Database: OTHER_DB });
    expect(run.code).toBe(0);
  });

  it.each(TABLE_CLASSES.map((c) => [c.what, c] as const))('%s', async (_what, c) => {
    expect(setupError.get(c.table)).toBeUndefined();
    const [src, tgt] = await Promise.all([showCreate(source, c.table), showCreate(target, c.table)]);
    expect(tgt).toBe(src);
    const count = (sim: SimProcess) => scalar(sim, `SELECT COUNT(*) FROM ${ident(DB, c.table)}`);
    const n = await count(source);
    expect(Number(n)).toBeGreaterThan(0);
    expect(await count(target)).toBe(n);
    const [sv, tv] = await Promise.all([partitionVersions(source, c.table, 'VISIBLE_VERSION'), partitionVersions(target, c.table, 'DATA_VERSION')]);
    expect(tv).toEqual(sv);
  });

  it('a second one-time run finds every class in sync: no DDL, exit 0', async () => {
    const again = await runSrsyncOnce(path.join(dir, 'conf'), path.join(dir, 'log2'), 60_000);
    expect(again.code, again.warn.slice(0, 4000)).toBe(0);
    expect(again.info.match(/DDL done on target: .*/g) ?? []).toEqual([]);
  });

  it('automatic partitioning still works on the target after the migration (a load creates its partition)', async () => {
    // Runs after the comparisons above: it writes to the target, as the applications will after the cutover.
    await sql(target, [`INSERT INTO ${ident(DB, 'clicks')} VALUES ('2030-05-06 07:08:09', 1, 'new')`]);
    expect(Object.keys(await partitionVersions(target, 'clicks', 'DATA_VERSION'))).toContain('p20300506');
  });

  // srsync re-renders LIST values from partitions_meta PARTITION_VALUE, where a NULL value reads 'NULL' like the string
  // 'NULL'; it renders NULL unless the column is a NOT NULL string column (notes/decisions/planner.md). Texts, counts
  // and versions would all match with a string partition too (the files are copied): a NULL row loaded on the target
  // after the migration tells. Runs after the comparisons above (it writes to the target).
  it.each([LIST_NULL_TABLE, LIST_NULL_INT_TABLE])(
    'the NULL partition of LIST table %s still takes NULL rows on the target (NULL, not the string NULL)',
    async (table) => {
      await sql(target, [`INSERT INTO ${ident(DB, table)} VALUES (100, NULL)`]);
      expect(await scalar(target, `SELECT COUNT(*) FROM ${ident(DB, table)} PARTITION (p_null)`)).toBe('3');
    },
  );

  // Left out while the simulator refuses them (harness/table-classes.ts LEFT_OUT says why).
  for (const c of LEFT_OUT) it.todo(c.what);
});
