// End to end through the CLI: stopping and starting srsync again (kill -9, SIGTERM, bin/start.sh / bin/stop.sh)
// continues without redoing finished work, without duplicate or lost data, and recognises the replication jobs
// already running on the target instead of sending them twice. A job that must still be running when srsync stops
// is made so, not hoped for: `small` is synced first, then the target's CNs are slowed to a crawl (16 B/s) before
// `big` is loaded, so its job cannot finish before the stop; the CNs are set free once the next start follows it.
// The source's compaction is off: it would publish a second version ~100 ms after each load, and whether srsync saw
// the load's version first (a second job for the table, after the followed one) would be a matter of timing.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { rows, sql } from '../../harness/sim-pair.js';
import {
  control,
  killAllSrsync,
  progressComplete,
  runSrsync,
  scriptInstall,
  startPair,
  waitForConvergence,
  waitUntil,
  type Pair,
} from '../../harness/e2e-run.js';

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

/** ~10 KB over 4 tablets: minutes of copying at CRAWL bytes/s, a blink unlimited. */
function bigRows(n = 200): string {
  return Array.from({ length: n }, (_, i) => `(${i}, "name-${i}-xxxxxxxxxxxxxxxx", ${i})`).join(', ');
}

const CRAWL = 16;

async function createDb(db: string): Promise<void> {
  await sql(pair.source, [
    `CREATE DATABASE ${db}`,
    `CREATE TABLE ${db}.big (id INT NOT NULL, s VARCHAR(40), v INT) DUPLICATE KEY(id) DISTRIBUTED BY HASH(id) BUCKETS 4`,
    `CREATE TABLE ${db}.small (id INT NOT NULL, v INT) PRIMARY KEY(id) DISTRIBUTED BY HASH(id) BUCKETS 1`,
    `INSERT INTO ${db}.small VALUES (1, 1), (2, 2)`,
  ]);
}

/**
 * Starts srsync on `db`, lets it sync `small` (big is still empty), then crawls the CNs and loads `big`: returns
 * the run and the id of big's job, which is sent and cannot finish until the CNs are set free.
 */
async function runUntilBigJobRuns(db: string, run: string): Promise<{ first: ReturnType<typeof runSrsync>; jobId: string }> {
  await createDb(db);
  const first = runSrsync(pair, run, { include_data_list: db });
  await first.waitForLog(new RegExp(`Replication job \\S+ finished for ${db}\\.small`), 20_000);
  await waitUntil(() => progressComplete(first.infoLog()), 'progress 100 %', 30_000);
  await control(pair.target, 'set_cn_bandwidth', { bytesPerSec: CRAWL });
  await sql(pair.source, [`INSERT INTO ${db}.big VALUES ${bigRows()}`]);
  await first.waitForLog(new RegExp(`Replication job \\S+ sent for ${db}\\.big`), 20_000);
  return { first, jobId: jobIdSent(first.infoLog(), `${db}.big`)! };
}

async function targetJobs(): Promise<Array<Record<string, string | null>>> {
  return rows(pair.target, "SHOW PROC '/replications'");
}

async function targetTableId(db: string, table: string): Promise<string> {
  const t = await rows(pair.target, `SHOW PROC '/dbs/${db}'`);
  return t.find((r) => r['TableName'] === table)!['TableId']!;
}

const jobIdSent = (log: string, table: string) => new RegExp(`Replication job (\\S+) sent for ${table.replace('.', '\\.')}`).exec(log)?.[1];

describe('restart safety through the CLI', () => {
  it('kill -9 while a job runs: the next start follows that job instead of sending it again, and redoes nothing', async () => {
    const { first, jobId } = await runUntilBigJobRuns('k9', 'k9-a');
    await first.stop('SIGKILL');
    // Precondition of the scenario: the job is still running on the target.
    const bigId = await targetTableId('k9', 'big');
    expect((await targetJobs()).find((j) => j['TableID'] === bigId)).toMatchObject({
      JobID: jobId,
      State: expect.stringMatching(/^(INITIALIZING|REPLICATING)$/),
    });

    const second = runSrsync(pair, 'k9-b', { include_data_list: 'k9' });
    await second.waitForLog(new RegExp(`Replication job ${jobId} for k9\\.big is already running on the target; following it`), 20_000);
    await control(pair.target, 'set_cn_bandwidth', { bytesPerSec: 0 });
    const checks = await waitForConvergence(pair.source, pair.target, ['k9'], 30_000);
    expect(checks.map((c) => [c.table, c.targetRows])).toEqual([
      ['k9.big', 200],
      ['k9.small', 2],
    ]);
    await second.waitForLog(new RegExp(`Replication job ${jobId} finished for k9\\.big`), 30_000);
    const offset = second.infoLog().length;
    await waitUntil(() => progressComplete(second.infoLog().slice(offset)), 'progress 100 %', 30_000);
    expect(await second.stop('SIGTERM')).toBe(0);

    const log = second.infoLog();
    // Nothing sent twice, nothing redone: the running job was followed, the finished table left alone.
    expect(log).not.toMatch(/sent for k9\.big/);
    expect(log).not.toMatch(/sent for k9\.small/);
    expect(log).not.toMatch(/deferred by the target/);
    expect((await targetJobs()).find((j) => j['TableID'] === bigId)).toMatchObject({ JobID: jobId, State: 'COMMITTED' });
  }, 120_000);

  it('SIGTERM while a job runs: exits 0 at once, the next start follows the job; a later abort of it is retried', async () => {
    const { first, jobId } = await runUntilBigJobRuns('gs', 'gs-a');
    expect(await first.stop('SIGTERM')).toBe(0);
    expect(first.infoLog()).toMatch(/srsync stopped; 1 replication job\(s\) still running on the target will be recognised at the next start/);

    const second = runSrsync(pair, 'gs-b', { include_data_list: 'gs' });
    await second.waitForLog(new RegExp(`Replication job ${jobId} for gs\\.big is already running on the target; following it`), 20_000);
    // The adopted job is aborted on the target: it is retriable, and the retry is a complete, valid job.
    await control(pair.target, 'abort_replication_jobs', { jobId });
    await control(pair.target, 'set_cn_bandwidth', { bytesPerSec: 0 });
    await second.waitForLog(new RegExp(`Replication job ${jobId} failed for gs\\.big`), 30_000);
    const checks = await waitForConvergence(pair.source, pair.target, ['gs'], 20_000);
    expect(checks.map((c) => [c.table, c.targetRows])).toEqual([
      ['gs.big', 200],
      ['gs.small', 2],
    ]);
    const offset = second.infoLog().length;
    await waitUntil(() => progressComplete(second.infoLog().slice(offset)), 'progress 100 %', 30_000);
    expect(await second.stop('SIGTERM')).toBe(0);
    expect(second.infoLog()).toMatch(/Replication job \S+ sent for gs\.big/);
    expect(second.infoLog()).not.toMatch(/sent for gs\.small/);
    expect(second.warnLog()).not.toMatch(/ERROR/);
  }, 120_000);

  it('bin/start.sh runs in the background and refuses a second start; bin/stop.sh stops gracefully; a restart redoes nothing', async () => {
    await createDb('svc');
    await sql(pair.source, [`INSERT INTO svc.big VALUES ${bigRows()}`]);
    const inst = scriptInstall(pair, 'svc', { include_data_list: 'svc' });
    try {
      const s1 = inst.start();
      expect(s1.code).toBe(0);
      expect(s1.stdout).toMatch(/^srsync started \(pid \d+\)/);
      const again = inst.start();
      expect(again.code).toBe(1);
      expect(again.stderr).toMatch(/srsync is already running/);

      await waitForConvergence(pair.source, pair.target, ['svc'], 20_000);
      await waitUntil(() => progressComplete(inst.infoLog()) && /finished for svc\.big/.test(inst.infoLog()), 'progress 100 %', 30_000);
      const stopped = inst.stop();
      expect(stopped.code).toBe(0);
      expect(stopped.stdout).toMatch(/srsync stopped/);
      expect(inst.infoLog()).toMatch(/srsync exiting with code 0/);
      const firstRunLength = inst.infoLog().length;

      // Start again: everything is in sync, nothing is sent; new loads are synced.
      expect(inst.start().code).toBe(0);
      await waitUntil(() => /Sync table progress/.test(inst.infoLog().slice(firstRunLength)), 'the first progress line of the second run', 30_000);
      await sql(pair.source, [`INSERT INTO svc.small VALUES (3, 3)`]);
      await waitForConvergence(pair.source, pair.target, ['svc'], 20_000);
      await waitUntil(() => /finished for svc\.small/.test(inst.infoLog().slice(firstRunLength)), 'the new load synced', 30_000);
      expect(inst.stop().code).toBe(0);
      const secondRun = inst.infoLog().slice(firstRunLength);
      expect(secondRun).not.toMatch(/sent for svc\.big/);
      expect(secondRun.match(/sent for svc\.small/g)).toHaveLength(1);
      expect(secondRun).toMatch(/srsync exiting with code 0/);
    } finally {
      const pid = inst.pid();
      if (pid) {
        try {
          process.kill(pid, 'SIGKILL');
        } catch {
          // already gone
        }
      }
    }
  }, 120_000);
});
