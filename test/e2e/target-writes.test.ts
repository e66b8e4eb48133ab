// End to end through the CLI (continuous mode): the 2026 ways a running job ends on the target (issue 7,
// starrocks-2026.md F1/F6). A load into a target partition while its job runs aborts the job at commit with the
// PR #68223 guard's message; srsync reports "the target was written during migration" once, naming the table and
// the partition, with the fix, retries with back-off, and converges once the writes stopped. A target FE restart
// while a job runs (with --data-dir) resumes the job on the FE: srsync follows it and never sends it twice.
// A job that must still be running when the write or the restart happens is made so (the target's CNs crawl at
// 16 B/s), not hoped for. The source's compaction is off so that each table gets exactly the jobs counted here.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { rows, sql } from '../../harness/sim-pair.js';
import { control, killAllSrsync, progressComplete, runSrsync, startPair, waitForConvergence, waitUntil, type Pair } from '../../harness/e2e-run.js';
import type { SrsyncProcess } from '../../harness/sim-pair.js';

let pair: Pair;
let targetData: string;

beforeAll(async () => {
  targetData = fs.mkdtempSync(path.join(os.tmpdir(), 'srsync-e2e-target-data-'));
  pair = await startPair({ sourceCompaction: false, targetExtra: ['--data-dir', targetData] });
}, 60_000);

afterEach(async () => {
  await killAllSrsync();
  await control(pair.target, 'set_cn_bandwidth', { bytesPerSec: 0 }).catch(() => undefined);
});

afterAll(async () => {
  await pair?.stop();
  fs.rmSync(targetData, { recursive: true, force: true });
});

const CRAWL = 16;

/** ~50 bytes a row: minutes of copying at CRAWL bytes/s, a blink unlimited. */
const bigRows = (from: number, n = 200) => Array.from({ length: n }, (_, i) => `(${from + i}, "name-${from + i}-xxxxxxxxxxxxxxxx", ${i})`).join(', ');

const jobIdSent = (log: string, table: string) => new RegExp(`Replication job (\\S+) sent for ${table.replace('.', '\\.')}`).exec(log)?.[1];

async function targetJobOf(db: string, table: string): Promise<Record<string, string | null> | undefined> {
  const id = (await rows(pair.target, `SHOW PROC '/dbs/${db}'`)).find((r) => r['TableName'] === table)?.['TableId'];
  return (await rows(pair.target, "SHOW PROC '/replications'")).find((j) => j['TableID'] === id);
}

/** Creates `db.t` (two range partitions) on the source, lets srsync sync it, then crawls the target's CNs and loads p1. */
async function runUntilJobRuns(db: string, overrides: Record<string, string> = {}): Promise<{ run: SrsyncProcess; jobId: string }> {
  await sql(pair.source, [
    `CREATE DATABASE ${db}`,
    `CREATE TABLE ${db}.t (id INT NOT NULL, s VARCHAR(40), v INT) DUPLICATE KEY(id) PARTITION BY RANGE(id) (PARTITION p1 VALUES LESS THAN ("1000"), PARTITION p2 VALUES LESS THAN ("2000")) DISTRIBUTED BY HASH(id) BUCKETS 4`,
    `INSERT INTO ${db}.t VALUES ${bigRows(0, 5)}, ${bigRows(1000, 5)}`,
  ]);
  const run = runSrsync(pair, db, { include_data_list: db, ...overrides });
  await run.waitForLog(new RegExp(`Replication job \\S+ finished for ${db}\\.t`), 30_000);
  await waitUntil(() => progressComplete(run.infoLog()), 'progress 100 %', 30_000);
  await control(pair.target, 'set_cn_bandwidth', { bytesPerSec: CRAWL });
  const before = run.infoLog().length;
  await sql(pair.source, [`INSERT INTO ${db}.t VALUES ${bigRows(10)}`]);
  await waitUntil(() => jobIdSent(run.infoLog().slice(before), `${db}.t`), `a job sent for ${db}.t`, 20_000);
  const jobId = jobIdSent(run.infoLog().slice(before), `${db}.t`)!;
  await waitUntil(async () => (await targetJobOf(db, 't'))?.['State'] === 'REPLICATING', 'the job replicating on the target', 20_000);
  return { run, jobId };
}

async function convergeAndStop(run: SrsyncProcess, db: string): Promise<void> {
  await waitForConvergence(pair.source, pair.target, [db], 40_000);
  const offset = run.infoLog().length;
  await waitUntil(() => progressComplete(run.infoLog().slice(offset)), 'progress 100 % after convergence', 40_000);
  expect(await run.stop('SIGTERM')).toBe(0);
}

describe('the target written during migration, and a target FE restart, through the CLI', () => {
  it('a load into the target during a job: the job aborts at commit, srsync reports it once with table and partition, then converges', async () => {
    // No periodic full catalog round while the job runs: its DDL would wait for the job anyway (holdForRunningJobs),
    // and the test reads more simply when the only round after the write is the one the abort asks for.
    const { run, jobId } = await runUntilJobRuns('tw', { meta_job_interval_seconds: '60' });
    // A user loads into the target table's p1 while its job copies (the manual forbids it).
    const p1Id = (await rows(pair.target, 'SHOW PARTITIONS FROM tw.t')).find((r) => r['PartitionName'] === 'p1')?.['PartitionId'];
    await sql(pair.target, ['INSERT INTO tw.t VALUES (7, "written on the target", 7)']);
    await control(pair.target, 'set_cn_bandwidth', { bytesPerSec: 0 });

    // The target's own words (PR #68223, ReplicationJob.commitTransaction), then srsync's ERROR with the fix.
    const report = await waitUntil(
      () =>
        new RegExp(
          `Replication keeps failing for tw\\.t: job ${jobId}: the target was written during migration: partition (p1) of tw\\.t was loaded on the target while its replication job ran, so the target aborted the job at commit ` +
            `\\(target: Partition (\\d+) data version mismatch for replication, committed: \\d+, current: \\d+, expected: \\d+\\); ` +
            'fix: stop loading into the target table during migration .*the next job re-copies the partition',
        ).exec(run.warnLog()),
      'the ERROR naming the written partition',
      30_000,
    );
    // srsync names the partition (p1); the target's own text names its physical id, the one srsync sent for p1.
    expect(report[1]).toBe('p1');
    expect(report[2]).toBe(p1Id);
    expect(run.warnLog()).toMatch(
      new RegExp(`^.* ERROR .*Replication keeps failing for tw\\.t: job ${jobId}: the target was written during migration`, 'm'),
    );

    // Writes stopped: the written partition is re-copied from the source and the table converges.
    await convergeAndStop(run, 'tw');
    expect((await rows(pair.target, 'SELECT COUNT(*) AS n FROM tw.t'))[0]).toMatchObject({ n: '210' });
    // p1 holds the source's 205 rows, not the target's own row on top of them
    expect((await rows(pair.target, 'SELECT COUNT(*) AS n FROM tw.t PARTITION (p1)'))[0]).toMatchObject({ n: '205' });
    // Reported once, never retried hot: one aborted attempt, the re-copy, nothing in between.
    expect(run.warnLog().match(/the target was written during migration/g)).toHaveLength(1);
    expect(run.infoLog().match(/failed for tw\.t/g)).toHaveLength(1);
    expect(run.infoLog().match(/Replication job \S+ sent for tw\.t/g)!.length).toBeLessThanOrEqual(4);
  }, 150_000);

  it('the target FE restarts while a job runs: the FE resumes the job, srsync follows it without sending it again', async () => {
    const { run, jobId } = await runUntilJobRuns('fr');
    await control(pair.target, 'restart_fe');
    // ADMIN SET FRONTEND CONFIG does not survive a restart: the default coming back tells the new FE answers.
    await waitUntil(
      async () => {
        try {
          return (await rows(pair.target, "ADMIN SHOW FRONTEND CONFIG LIKE 'lake_compaction_max_tasks'"))[0]?.['Value'] !== '0';
        } catch {
          return false;
        }
      },
      'the target FE back after the restart',
      30_000,
    );
    // The FE came back with the same job (same id, same txn) still running: the new leader re-drives it.
    expect(await targetJobOf('fr', 't')).toMatchObject({ JobID: jobId, State: 'REPLICATING' });
    // ADMIN SET FRONTEND CONFIG does not survive a restart; fe.conf would hold the manual's settings.
    await sql(pair.target, [
      'ADMIN SET FRONTEND CONFIG ("lake_compaction_max_tasks" = "0")',
      'ADMIN SET FRONTEND CONFIG ("enable_legacy_compatibility_for_replication" = "true")',
    ]);
    await control(pair.target, 'set_cn_bandwidth', { bytesPerSec: 0 });
    await run.waitForLog(new RegExp(`Replication job ${jobId} finished for fr\\.t`), 40_000);
    await convergeAndStop(run, 'fr');
    expect(await targetJobOf('fr', 't')).toMatchObject({ JobID: jobId, State: 'COMMITTED' });
    const log = run.infoLog();
    const sentAfterFirstSync = log.slice(log.indexOf(`Replication job ${jobId} sent for fr.t`));
    expect(sentAfterFirstSync.match(/Replication job \S+ sent for fr\.t/g)).toHaveLength(1);
    expect(log).not.toMatch(/failed for fr\.t/);
    expect(run.warnLog()).not.toMatch(/ ERROR /);
  }, 150_000);
});
