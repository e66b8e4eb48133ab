// A table kept with a target-only partition: ddl_job_allow_drop_partition_target_only=false and a partition dropped on
// the source after it was migrated. Expected (issue 6, "progress tells the truth" / "no endless retry"): the table is
// reported as not in sync with the reason "target-only partitions kept (ddl_job_allow_drop_partition_target_only=false)"
// (one blocking note per table), one-time mode ends with exit 4 and that reason, and it never hangs.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { prepareForMigration, sql, startSim, writeConf, type SimProcess } from '../../harness/sim-pair.js';
import { ident, lastProgressLines, progressFields, runSrsyncOnce, scalar, tempDir, type SrsyncRun } from '../../harness/e2e-catalog.js';

const DB = 'keep';
const TABLE = 'daily';
const REASON = 'target-only partitions kept (ddl_job_allow_drop_partition_target_only=false)';

let dir: string;
let source: SimProcess;
let target: SimProcess;
let first: SrsyncRun;
let second: SrsyncRun;

beforeAll(async () => {
  dir = tempDir('e2e-target-only');
  const store = path.join(dir, 'object-store');
  [source, target] = await Promise.all([
    startSim({ name: 'source', objectStore: store, password: 'src', cnCount: 1 }),
    startSim({ name: 'target', objectStore: store, password: 'tgt', cnCount: 1 }),
  ]);
  await sql(source, [
    'ADMIN SET FRONTEND CONFIG ("lake_compaction_max_tasks" = "0")',
    `CREATE DATABASE ${ident(DB)}`,
    `CREATE TABLE ${ident(DB, TABLE)} (dt DATE NOT NULL, v INT) DUPLICATE KEY(dt)
       PARTITION BY RANGE(dt) (PARTITION p1 VALUES [("2024-01-01"), ("2024-01-02")), PARTITION p2 VALUES [("2024-01-02"), ("2024-01-03")))
       DISTRIBUTED BY HASH(v) BUCKETS 1`,
    `INSERT INTO ${ident(DB, TABLE)} VALUES ('2024-01-01', 1), ('2024-01-02', 2)`,
  ]);
  await prepareForMigration(source, target);
  const conf = path.join(dir, 'conf');
  writeConf(conf, source, target, {
    one_time_run_mode: 'true',
    report_interval_seconds: '1',
    include_data_list: DB,
    ddl_job_allow_drop_partition_target_only: 'false',
  });
  first = await runSrsyncOnce(conf, path.join(dir, 'log1'), 60_000);
  // The partition is dropped on the source after the migration: it now exists only on the target.
  await sql(source, [`ALTER TABLE ${ident(DB, TABLE)} DROP PARTITION p2 FORCE`]);
  second = await runSrsyncOnce(conf, path.join(dir, 'log2'), 60_000);
}, 150_000);

afterAll(async () => {
  await Promise.all([source?.stop(), target?.stop()]);
  if (dir && !process.env['SRSYNC_E2E_KEEP']) fs.rmSync(dir, { recursive: true, force: true });
});

describe('a table kept with a target-only partition (ddl_job_allow_drop_partition_target_only=false)', () => {
  it('the first run migrates the table (exit 0)', () => {
    expect(first.code, `${first.stderr.slice(0, 2000)}\n${first.warn.slice(0, 2000)}`).toBe(0);
  });

  it('the second one-time run ends by itself (no hang) and the partition is kept on the target', async () => {
    expect(second.code).not.toBeNull();
    expect(await scalar(target, `SELECT COUNT(*) FROM ${ident(DB, TABLE)} PARTITION (p2)`)).toBe('1');
  });

  it('the progress lines count the table as not in sync (0 %, unfinished table 1)', () => {
    const { job, table } = lastProgressLines(second.info);
    expect(job, second.info.slice(-3000)).toBeDefined();
    expect(progressFields(job!)['percent']).toBe('0.00%');
    expect(progressFields(table!)['unfinished table']).toBe('1');
  });

  it('the kept partition is logged once, as a WARN naming the partition', () => {
    const lines = second.warn.split('\n').filter((l) => l.includes(`${DB}.${TABLE}.p2`));
    expect(lines, second.warn).toHaveLength(1);
    expect(lines[0]).toMatch(/WARN .*partition keep\.daily\.p2: exists only on the target; kept/);
  });

  // The target holds rows the source no longer has: the table is not in sync (notes/decisions/planner.md). The reason
  // is written once per place: the plan note (WARN), the verdict (`Not synchronized:` ERROR), the run's end (the
  // ERROR srsync logs when it stops with exit 4) and the one-line summary on stderr - never repeated by later rounds.
  it('one-time mode ends with exit 4 and the reason, once in each place', () => {
    expect(second.code).toBe(4);
    const withReason = second.warn.split('\n').filter((l) => l.includes(REASON));
    const count = (re: RegExp) => withReason.filter((l) => re.test(l)).length;
    expect(
      count(/ WARN \[sync\] table keep\.daily: target-only partitions kept \(ddl_job_allow_drop_partition_target_only=false\)$/),
      second.warn,
    ).toBe(1);
    expect(count(/ ERROR \[sync\] Not synchronized: table keep\.daily: target-only partitions kept/), second.warn).toBe(1);
    expect(
      count(/ ERROR \[main\] srsync stopped by an error \(exit code 4\): 1 object\(s\) not synchronized: table keep\.daily: target-only/),
      second.warn,
    ).toBe(1);
    expect(withReason, withReason.join('\n')).toHaveLength(3);
    expect(second.stderr.split(REASON).length - 1, second.stderr).toBe(1);
    expect(second.info).not.toMatch(/every selected table is in sync/);
  });
});
