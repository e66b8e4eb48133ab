// End to end through the CLI (continuous mode) with faults injected into the target (POST /sim/faults): the
// target FE restarting mid-job, failed and dropped RPCs, aborted jobs, failed CN copies, the target's
// replication_max_parallel_* refusals (back-pressure) and "No data need to replicate" (in sync). The run
// converges every time: COUNT(*) and partition versions equal, progress 100 %, exit 0 on SIGTERM.
// The source's compaction is off: each load would publish a second version ~100 ms later, and a job for it could
// be the one a fault armed for the table under test hits (or the one an assertion counts).
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { sql } from '../../harness/sim-pair.js';
import { control, killAllSrsync, progressComplete, runSrsync, startPair, waitForConvergence, waitUntil, type Pair } from '../../harness/e2e-run.js';
import type { SrsyncProcess } from '../../harness/sim-pair.js';

let pair: Pair;

beforeAll(async () => {
  pair = await startPair({ sourceCompaction: false });
}, 60_000);

afterEach(async () => {
  await killAllSrsync();
  await control(pair.target, 'clear_faults').catch(() => undefined);
  await control(pair.target, 'set_cn_bandwidth', { bytesPerSec: 0 }).catch(() => undefined);
});

afterAll(async () => {
  await pair?.stop();
});

/** Copies crawl at 16 B/s: a job that must still be running when a fault hits is made so, not hoped for. */
const CRAWL = 16;

/** ~50 bytes a row. */
const bigRows = (from: number, n = 200) => Array.from({ length: n }, (_, i) => `(${from + i}, "name-${from + i}-xxxxxxxxxxxxxxxx", ${i})`).join(', ');

async function tables(db: string, names: string[], buckets = 2): Promise<void> {
  await sql(pair.source, [
    `CREATE DATABASE ${db}`,
    ...names.map(
      (n) => `CREATE TABLE ${db}.${n} (id INT NOT NULL, s VARCHAR(40), v INT) DUPLICATE KEY(id) DISTRIBUTED BY HASH(id) BUCKETS ${buckets}`,
    ),
    ...names.map((n) => `INSERT INTO ${db}.${n} VALUES ${bigRows(0, 20)}`),
  ]);
}

/** Waits for convergence and a 100 % progress line printed after it, then stops srsync with SIGTERM (exit 0). */
async function convergeAndStop(run: SrsyncProcess, db: string): Promise<void> {
  await waitForConvergence(pair.source, pair.target, [db], 30_000);
  const offset = run.infoLog().length;
  await waitUntil(() => progressComplete(run.infoLog().slice(offset)), 'progress 100 % after convergence', 30_000);
  expect(await run.stop('SIGTERM')).toBe(0);
  expect(run.infoLog()).toMatch(/srsync exiting with code 0/);
  expect(run.warnLog()).not.toMatch(/ ERROR /);
}

describe('faults on the target through the CLI', () => {
  it('survives the target FE restarting while a job runs', async () => {
    await tables('fe', ['small']);
    await sql(pair.source, [
      'CREATE TABLE fe.big (id INT NOT NULL, s VARCHAR(40), v INT) DUPLICATE KEY(id) DISTRIBUTED BY HASH(id) BUCKETS 4',
      `INSERT INTO fe.big VALUES ${bigRows(0, 60)}`,
    ]);
    await control(pair.target, 'set_cn_bandwidth', { bytesPerSec: CRAWL });
    const run = runSrsync(pair, 'fe', { include_data_list: 'fe' });
    await run.waitForLog(/Replication job \S+ sent for fe\.big/, 20_000);
    await control(pair.target, 'restart_fe');
    // The FE comes back on the same ports and resumes its running jobs (the 2026 ReplicationJob re-drives them after
    // a leader change; sim/fidelity/replication.md): srsync keeps following the job, nothing fails.
    // ADMIN SET FRONTEND CONFIG does not survive a restart; fe.conf would hold the manual's settings.
    await waitUntil(
      async () => {
        await sql(pair.target, [
          'ADMIN SET FRONTEND CONFIG ("lake_compaction_max_tasks" = "0")',
          'ADMIN SET FRONTEND CONFIG ("enable_legacy_compatibility_for_replication" = "true")',
        ]);
        await control(pair.target, 'set_cn_bandwidth', { bytesPerSec: 0 });
        return true;
      },
      'the target FE back',
      15_000,
    );
    await convergeAndStop(run, 'fe');
    expect(run.infoLog()).not.toMatch(/failed for fe\.big/);
    expect(run.infoLog().match(/Replication job \S+ sent for fe\.big/g)).toHaveLength(1);
  }, 120_000);

  it('retries failed and dropped RPCs, aborted jobs and failed CN copies until in sync', async () => {
    await tables('rpc', ['a', 'b', 'c']);
    await control(pair.target, 'fail_rpcs', { count: 3, message: 'forward request to fe master failed' });
    const run = runSrsync(pair, 'rpc', { include_data_list: 'rpc' });
    await waitForConvergence(pair.source, pair.target, ['rpc'], 20_000);
    expect(run.warnLog()).toMatch(/failed for rpc\.\w \(attempt [12]\/3\): forward request to fe master failed; retrying/);

    // Dropped connections (no answer) and CN copy failures (the job aborts at commit with unfinished tablets).
    await control(pair.target, 'drop_rpcs', { count: 1 });
    await sql(pair.source, [`INSERT INTO rpc.a VALUES ${bigRows(100, 5)}`]);
    await waitUntil(() => /failed for rpc\.a \(attempt 1\/3\): request not delivered/.test(run.warnLog()), 'a dropped RPC', 15_000);
    await waitForConvergence(pair.source, pair.target, ['rpc'], 20_000);
    await control(pair.target, 'fail_cn_copies', { count: 1 });
    await sql(pair.source, [`INSERT INTO rpc.b VALUES ${bigRows(100, 5)}`]);
    await waitUntil(() => /failed for rpc\.b \(attempt 1\/3\): table 'b" has unfinished tablets/.test(run.warnLog()), 'a failed CN copy', 15_000);
    await waitForConvergence(pair.source, pair.target, ['rpc'], 20_000);

    // A running job aborted on the target.
    await control(pair.target, 'set_cn_bandwidth', { bytesPerSec: CRAWL });
    await sql(pair.source, [`INSERT INTO rpc.c VALUES ${bigRows(100)}`]);
    await waitUntil(
      async () => ((await control(pair.target, 'abort_replication_jobs')) as { aborted: number }).aborted > 0,
      'a running job to abort',
      15_000,
      100,
    );
    await control(pair.target, 'set_cn_bandwidth', { bytesPerSec: 0 });
    // Error: the abort reason, or "Transaction not found" when the job had not begun its txn yet (reference §5).
    await waitUntil(
      () => /failed for rpc\.c \(attempt 1\/3\): (Replication job cancelled|Transaction not found); retrying/.test(run.warnLog()),
      'the abort noticed',
      15_000,
    );
    await convergeAndStop(run, 'rpc');
  }, 120_000);

  it('treats replication_max_parallel_table_count refusals as back-pressure, not failures', async () => {
    const names = ['t1', 't2', 't3', 't4'];
    await sql(pair.source, [
      'CREATE DATABASE bp',
      ...names.map((n) => `CREATE TABLE bp.${n} (id INT NOT NULL, s VARCHAR(40), v INT) DUPLICATE KEY(id) DISTRIBUTED BY HASH(id) BUCKETS 4`),
    ]);
    // srsync reads the limit (100) at start and again every metadata round; with a long metadata interval the
    // target lowers it behind srsync's back, so srsync learns it from refusals.
    const run = runSrsync(pair, 'bp', { include_data_list: 'bp', meta_job_interval_seconds: '120' });
    await run.waitForLog(/Sync table progress: .*total table: 4, finished table: 4/, 20_000);
    await sql(pair.target, ['ADMIN SET FRONTEND CONFIG ("replication_max_parallel_table_count" = "1")']);
    await control(pair.target, 'set_cn_bandwidth', { bytesPerSec: CRAWL });
    try {
      await sql(
        pair.source,
        names.map((n) => `INSERT INTO bp.${n} VALUES ${bigRows(0)}`),
      );
      await run.waitForLog(/deferred by the target: The replication jobs exceeds the replication_max_parallel_table_count: 1/, 20_000);
      await control(pair.target, 'set_cn_bandwidth', { bytesPerSec: 0 });
      await convergeAndStop(run, 'bp');
      expect(run.warnLog()).not.toMatch(/failed for bp\./);
      for (const n of names) expect(run.infoLog()).toMatch(new RegExp(`Replication job \\S+ finished for bp\\.${n}`));
    } finally {
      await sql(pair.target, ['ADMIN SET FRONTEND CONFIG ("replication_max_parallel_table_count" = "100")']);
    }
  }, 120_000);

  it('treats "No data need to replicate" as in sync', async () => {
    await tables('nd', ['t']);
    // The first request is answered 1.5 s after srsync gave up waiting (5 s); the retry, sent then, is handled
    // 3 s later (2 s before srsync would give up on it too), i.e. after the first job was admitted (both delays
    // are timers of one FE process: the earlier deadline fires first). It is answered "No data need to
    // replicate" once the first job has copied everything (until then "already running", i.e. deferred).
    await control(pair.target, 'delay_rpcs', { count: 1, ms: 6500 });
    await control(pair.target, 'delay_rpcs', { count: 1, ms: 3000 });
    const run = runSrsync(pair, 'nd', { include_data_list: 'nd', jdbc_socket_timeout_ms: '1000' });
    await run.waitForLog(/Replication of nd\.t: the target answered "No data need to replicate"; the table is in sync/, 20_000);
    await convergeAndStop(run, 'nd');
    expect(run.warnLog()).toMatch(/failed for nd\.t \(attempt 1\/3\): request not delivered: rpc to \S+ timed out/);
    expect(run.warnLog().match(/failed for nd\.t/g)).toHaveLength(1);
  }, 120_000);
});
