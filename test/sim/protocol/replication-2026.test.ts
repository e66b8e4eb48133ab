// Acceptance: how a running replication job ends on a 2026 FE (starrocks-2026.md F1, F2, F6; ReplicationJob.java
// @6b3e681e), through the real wire: a load into a target partition during the job aborts it at commit with the
// PR #68223 guard's message; the target table dropped during the job aborts it with "Table is deleted"; an FE
// restart (with --data-dir) while the job runs resumes it: same job, same txn, COMMITTED. Copies crawl (16 B/s on
// the target's CNs) until the event under test has happened, then run free.
import type mysql from 'mysql2/promise';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ClusterHandle } from '../../../sim/cluster.js';
import {
  prepareReplicationPair,
  buildReplicationRequest,
  connect,
  control,
  eventually,
  exec,
  query,
  removeTempDirs,
  replicationJobRow,
  rpcStatus,
  scalar,
  serviceId,
  startSim,
  tableLayout,
  tempDir,
  waitForReplicationJob,
  PASSWORD,
} from './helpers.js';

const MIRROR = 'src_builtin_storage_volume';
const CRAWL = 16;

let src: ClusterHandle;
let tgt: ClusterHandle;
let s: mysql.Connection;
let t: mysql.Connection;
let srcServiceId: string;

const TABLE_DDL = (name: string) =>
  `CREATE TABLE rdb.${name} (id BIGINT, dt DATE, amount DECIMAL(12, 2)) DUPLICATE KEY(id)
     PARTITION BY RANGE(dt) (PARTITION p1 VALUES LESS THAN ("2024-02-01"), PARTITION p2 VALUES LESS THAN ("2024-03-01"))
     DISTRIBUTED BY HASH(id) BUCKETS 3`;

const rowsOf = (n: number, from = 0) =>
  Array.from({ length: n }, (_, i) => `(${from + i}, '2024-0${1 + (i % 2)}-${String(1 + (i % 28)).padStart(2, '0')}', ${i}.25)`).join(', ');

const crawl = (on: boolean) => control(tgt.ports.http, 'set_cn_bandwidth', { bytesPerSec: on ? CRAWL : 0 });

/** Sends the job for rdb.<table> while the CNs crawl and waits until the target runs it; returns its id and row. */
async function startCrawlingJob(table: string, jobId: string): Promise<Record<string, string | null>> {
  await crawl(true);
  const req = buildReplicationRequest(await tableLayout(s, 'rdb', table), await tableLayout(t, 'rdb', table), {
    srcServiceId,
    mirrorVolume: MIRROR,
    jobId,
  });
  expect(await rpcStatus(tgt.ports.rpc, req)).toEqual({ code: 0, msgs: [] });
  return eventually(
    () => replicationJobRow(t, jobId),
    (r) => r?.['State'] === 'REPLICATING',
    15_000,
    `${jobId} replicating`,
  ) as Promise<Record<string, string | null>>;
}

beforeAll(async () => {
  const objectStore = tempDir('repl26');
  [src, tgt] = await Promise.all([startSim('src', objectStore), startSim('tgt', objectStore, { dataDir: tempDir('repl26-tgt-data') })]);
  [s, t] = await Promise.all([connect(src.ports.query), connect(tgt.ports.query)]);
  srcServiceId = await serviceId(src.ports.http);
  await prepareReplicationPair(s, t, MIRROR);
  await exec(t, 'CREATE DATABASE pad', 'CREATE TABLE pad.x (k INT) DUPLICATE KEY(k) DISTRIBUTED BY HASH(k) BUCKETS 4');
  for (const c of [s, t])
    await exec(c, 'CREATE DATABASE rdb', TABLE_DDL('written'), TABLE_DDL('dropped'), TABLE_DDL('dropped2'), TABLE_DDL('restarted'));
  for (const table of ['written', 'dropped', 'restarted'])
    await exec(s, `INSERT INTO rdb.${table} VALUES ${rowsOf(40)}`, `INSERT INTO rdb.${table} VALUES ${rowsOf(20, 100)}`);
});

afterAll(async () => {
  await Promise.all([s?.end(), t?.end()]);
  await Promise.all([src?.stop(), tgt?.stop()]);
  removeTempDirs();
});

describe('a running replication job on a 2026 FE', () => {
  it('a load into a target partition during the job aborts it at commit: "Partition <id> data version mismatch for replication"', async () => {
    await startCrawlingJob('written', 'w');
    const p1 = (await tableLayout(t, 'rdb', 'written')).partitions.find((p) => p.name === 'p1')!;
    expect(p1.dataVersion).toBe('1');
    await exec(t, "INSERT INTO rdb.written VALUES (9999, '2024-01-15', 1.00)");
    await crawl(false);
    const row = await waitForReplicationJob(t, 'rdb', 'w');
    // committed: the partition's committed data version now; current: its data version; expected: at admission
    expect(row).toMatchObject({
      State: 'ABORTED',
      Progress: '',
      Error: `Partition ${p1.id} data version mismatch for replication, committed: 2, current: 2, expected: 1`,
    });
    const txn = (await query(t, `SHOW TRANSACTION FROM rdb WHERE ID = ${row['TxnID']}`)).objects[0]!;
    expect(txn).toMatchObject({ TransactionStatus: 'ABORTED', Reason: row['Error'] });
    // all the copying was done and is wasted: nothing of the source reached the target
    expect(await scalar(t, 'SELECT COUNT(*) FROM rdb.written')).toBe('1');
  });

  it('the target table dropped during the job: the job aborts with "Table is deleted"', async () => {
    await startCrawlingJob('dropped', 'd');
    await exec(t, 'DROP TABLE rdb.dropped FORCE');
    const row = await eventually(
      () => replicationJobRow(t, 'd'),
      (r) => r?.['State'] === 'ABORTED',
      15_000,
      'd aborted',
    );
    expect(row).toMatchObject({ Error: 'Table is deleted' });
    await crawl(false);
  });

  it('GET /api/replication?type=cancel_all (admin, HTTP Basic) cancels the running job: "Replication job cancelled"', async () => {
    await exec(s, `INSERT INTO rdb.dropped2 VALUES ${rowsOf(10)}`);
    await startCrawlingJob('dropped2', 'c');
    const url = `http://127.0.0.1:${tgt.ports.http}/api/replication`;
    const anonymous = await fetch(`${url}?type=cancel_all`);
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get('www-authenticate')).toBe('Basic realm=""');
    expect((await replicationJobRow(t, 'c'))?.['State']).toBe('REPLICATING');
    const auth = { authorization: `Basic ${Buffer.from(`root:${PASSWORD}`).toString('base64')}` };
    const show = (await (await fetch(`${url}?type=show`, { headers: auth })).json()) as {
      running: Array<{ jobId: string; state: string; totalTaskNum: number }>;
    };
    expect(show.running).toEqual([expect.objectContaining({ jobId: 'c', state: 'REPLICATING', totalTaskNum: 6 })]);
    const res = await fetch(`${url}?type=cancel_all`, { headers: auth });
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('{"status":"OK","code":"0","msg":"Success","message":"OK"}');
    const row = await eventually(
      () => replicationJobRow(t, 'c'),
      (r) => r?.['State'] === 'ABORTED',
      15_000,
      'c aborted',
    );
    expect(row).toMatchObject({ Error: 'Replication job cancelled' });
    await crawl(false);
  });

  it('an FE restart while the job runs: the new leader re-drives the same job and txn to COMMITTED', async () => {
    const before = await startCrawlingJob('restarted', 'r');
    expect(Number(before['TxnID'])).toBeGreaterThan(0);
    await tgt.restart();
    await t.end().catch(() => undefined);
    t = await connect(tgt.ports.query);
    expect(await replicationJobRow(t, 'r')).toMatchObject({ JobID: 'r', TxnID: before['TxnID'], State: 'REPLICATING', Error: '' });
    await crawl(false);
    const row = await waitForReplicationJob(t, 'rdb', 'r');
    expect(row).toMatchObject({ JobID: 'r', TxnID: before['TxnID'], State: 'COMMITTED', Error: '' });
    expect(await scalar(t, 'SELECT COUNT(*) FROM rdb.restarted')).toBe(await scalar(s, 'SELECT COUNT(*) FROM rdb.restarted'));
    const [sl, tl] = await Promise.all([tableLayout(s, 'rdb', 'restarted'), tableLayout(t, 'rdb', 'restarted')]);
    expect(tl.partitions.map((p) => p.dataVersion)).toEqual(sl.partitions.map((p) => p.visibleVersion));
  });
});
