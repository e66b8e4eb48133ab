// Acceptance: a replication request built by hand from what SQL and HTTP show (reference §3), sent over the Thrift
// client to a second simulated cluster sharing the object store; the versions of §4.3 afterwards; every admission
// error of §4.1 that a client can provoke; and a replication that fails because the source vacuumed the metadata
// version it needs.
import type mysql from 'mysql2/promise';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ClusterHandle } from '../../../sim/cluster.js';
import { TTableType, type TableReplicationRequest } from '../../../idl/thrift.js';
import {
  prepareReplicationPair,
  buildReplicationRequest,
  connect,
  control,
  eventually,
  exec,
  listFiles,
  objectPath,
  query,
  removeTempDirs,
  rpcStatus,
  scalar,
  serviceId,
  startSim,
  startTableReplication,
  tableLayout,
  tempDir,
  hex16,
  replicationJobRow,
  waitForReplicationJob,
  type TableLayout,
} from './helpers.js';

const MIRROR = 'src_builtin_storage_volume';
const INTERNAL_ERROR = 6;

let objectStore: string;
let src: ClusterHandle;
let tgt: ClusterHandle;
let s: mysql.Connection;
let t: mysql.Connection;
let srcServiceId: string;
let jobSeq = 0;

const TABLE_DDL = (name: string) =>
  `CREATE TABLE rdb.${name} (id BIGINT, dt DATE, amount DECIMAL(12, 2)) DUPLICATE KEY(id)
     PARTITION BY RANGE(dt) (PARTITION p1 VALUES LESS THAN ("2024-02-01"), PARTITION p2 VALUES LESS THAN ("2024-03-01"))
     DISTRIBUTED BY HASH(id) BUCKETS 3 PROPERTIES ("file_bundling" = "false")`; // per-tablet metadata files (bundles: bundle.test.ts)

async function loadSource(table: string, rows: number, from = 0): Promise<void> {
  const values = Array.from({ length: rows }, (_, i) => `(${from + i}, '2024-0${1 + (i % 2)}-${String(1 + (i % 28)).padStart(2, '0')}', ${i}.25)`);
  await exec(s, `INSERT INTO rdb.${table} VALUES ${values.join(', ')}`);
}

async function request(table: string, opts: { jobId?: string } = {}): Promise<TableReplicationRequest> {
  const [sl, tl] = await Promise.all([tableLayout(s, 'rdb', table), tableLayout(t, 'rdb', table)]);
  return buildReplicationRequest(sl, tl, { srcServiceId, mirrorVolume: MIRROR, jobId: opts.jobId ?? `job-${++jobSeq}` });
}

const jobRow = (jobId: string) => replicationJobRow(t, jobId);

/** Waits until the job is ABORTED, or COMMITTED with its txn VISIBLE. */
const waitForJob = (jobId: string) => waitForReplicationJob(t, 'rdb', jobId);

const clone = (r: TableReplicationRequest): TableReplicationRequest => structuredClone(r);
const firstPartition = (r: TableReplicationRequest) => Object.values(r.partition_replication_infos!)[0]!;
const firstIndex = (r: TableReplicationRequest) => Object.values(firstPartition(r).index_replication_infos!)[0]!;

beforeAll(async () => {
  objectStore = tempDir('repl');
  [src, tgt] = await Promise.all([startSim('src', objectStore), startSim('tgt', objectStore)]);
  [s, t] = await Promise.all([connect(src.ports.query), connect(tgt.ports.query)]);
  srcServiceId = await serviceId(src.ports.http);

  // the manual's preparations
  await prepareReplicationPair(s, t, MIRROR);
  // ids on the two sides must differ: the target allocates some first
  await exec(t, 'CREATE DATABASE pad', 'CREATE TABLE pad.x (k INT) DUPLICATE KEY(k) DISTRIBUTED BY HASH(k) BUCKETS 4');

  for (const c of [s, t]) {
    await exec(
      c,
      'CREATE DATABASE rdb',
      TABLE_DDL('sales'),
      TABLE_DDL('other'),
      TABLE_DDL('third'),
      TABLE_DDL('incr'),
      'CREATE VIEW rdb.v AS SELECT id FROM rdb.sales',
    );
  }
  for (const table of ['sales', 'other', 'third', 'incr']) {
    await loadSource(table, 12);
    await loadSource(table, 8, 100);
  }
  // let the source compact once, so that its VisibleVersion differs from its DataVersion (reference §3)
  await exec(s, 'ADMIN SET FRONTEND CONFIG ("lake_compaction_max_tasks" = "-1")');
  await eventually(
    async () => (await query(s, "SELECT VISIBLE_VERSION, DATA_VERSION FROM information_schema.partitions_meta WHERE DB_NAME = 'rdb'")).rows,
    (rows) => rows.length === 8 && rows.every((r) => r[0] === '4' && r[1] === '3'),
    15_000,
    'source compaction',
  );
  await exec(s, 'ADMIN SET FRONTEND CONFIG ("lake_compaction_max_tasks" = "0")');
});

afterAll(async () => {
  await Promise.all([s?.end(), t?.end()]);
  await Promise.all([src?.stop(), tgt?.stop()]);
  removeTempDirs();
});

describe('a hand-built replication request', () => {
  let srcLayout: TableLayout;
  let before: TableLayout;
  let jobId: string;

  it('is admitted (OK, no messages), runs to COMMITTED, and the txn becomes VISIBLE', async () => {
    srcLayout = await tableLayout(s, 'rdb', 'sales');
    before = await tableLayout(t, 'rdb', 'sales');
    expect(before.dbId).not.toBe(srcLayout.dbId);
    expect(srcLayout.partitions.map((p) => [p.visibleVersion, p.dataVersion])).toEqual([
      ['4', '3'],
      ['4', '3'],
    ]);
    const req = await request('sales');
    jobId = req.job_id!;
    const o = await startTableReplication(tgt.ports.rpc, req);
    expect(o.kind).toBe('reply');
    expect(o.kind === 'reply' && o.res.status).toMatchObject({ status_code: 0 });
    expect(o.kind === 'reply' && (o.res.status!.error_msgs ?? [])).toEqual([]);
    const row = await waitForJob(jobId);
    expect(row).toMatchObject({ JobID: jobId, DatabaseID: before.dbId, TableID: before.tableId, State: 'COMMITTED', Progress: '', Error: '' });
    for (const k of ['CreatedTime', 'FinishedTime']) expect(row[k]).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/);
    expect(Number(row['TxnID'])).toBeGreaterThan(0);
    const txn = (await query(t, `SHOW TRANSACTION FROM rdb WHERE ID = ${row['TxnID']}`)).objects[0]!;
    expect(txn).toMatchObject({
      Label: `REPLICATION_${before.dbId}_${before.tableId}_${jobId}`,
      LoadJobSourceType: 'REPLICATION',
      TransactionStatus: 'VISIBLE',
    });
  });

  it('leaves COUNT(*) equal on both sides, per table and per partition', async () => {
    const count = async (c: mysql.Connection, part?: string) => scalar(c, `SELECT COUNT(*) FROM rdb.sales${part ? ` PARTITION (${part})` : ''}`);
    expect(await count(s)).toBe('20');
    expect(await count(t)).toBe('20');
    for (const p of ['p1', 'p2']) expect(await count(t, p)).toBe(await count(s, p));
  });

  it('sets the target versions of §4.3: DataVersion = VisibleVersion = source VisibleVersion, source epoch, TXN_REPLICATION', async () => {
    const parts = (await query(t, 'SHOW PARTITIONS FROM rdb.sales')).objects;
    expect(parts.map((p) => p['PartitionId'])).toEqual(before.partitions.map((p) => p.id));
    parts.forEach((p, i) => {
      const sp = srcLayout.partitions[i]!;
      expect({
        VisibleVersion: p['VisibleVersion'],
        NextVersion: p['NextVersion'],
        DataVersion: p['DataVersion'],
        VersionEpoch: p['VersionEpoch'],
        VersionTxnType: p['VersionTxnType'],
      }).toEqual({
        VisibleVersion: sp.visibleVersion,
        NextVersion: String(Number(sp.visibleVersion) + 1),
        DataVersion: sp.visibleVersion,
        VersionEpoch: sp.versionEpoch,
        VersionTxnType: 'TXN_REPLICATION',
      });
    });
    // the copies sit under the target's own partition paths, metadata at the new version
    const meta = await query(
      t,
      "SELECT PARTITION_ID, STORAGE_PATH FROM information_schema.partitions_meta WHERE DB_NAME = 'rdb' AND TABLE_NAME = 'sales'",
    );
    const tgtSid = await serviceId(tgt.ports.http);
    for (const [pid, uri] of meta.rows) {
      expect(uri).toBe(`s3://tgt-bucket/${tgtSid}/db${before.dbId}/${before.tableId}/${pid}`);
      const dir = objectPath(objectStore, uri!);
      const tablets = before.partitions.find((p) => p.id === pid)!.indexes[0]!.tablets;
      for (const tablet of tablets) expect(listFiles(`${dir}/meta`)).toContain(`${hex16(tablet)}_${hex16(4)}.meta`);
      expect(listFiles(`${dir}/data`).length).toBeGreaterThan(0);
    }
  });

  it('the same request again is refused with "No data need to replicate"', async () => {
    expect(await rpcStatus(tgt.ports.rpc, await request('sales'))).toEqual({ code: INTERNAL_ERROR, msgs: ['No data need to replicate'] });
  });

  it('a normal load on the target afterwards sets TXN_NORMAL and a new epoch; an older source version is then refused', async () => {
    const stale = await request('sales');
    await exec(t, "INSERT INTO rdb.sales VALUES (999, '2024-01-15', 1.00)");
    const p1 = (await query(t, 'SHOW PARTITIONS FROM rdb.sales')).objects[0]!;
    expect([p1['VisibleVersion'], p1['DataVersion'], p1['VersionTxnType']]).toEqual(['5', '5', 'TXN_NORMAL']);
    expect(p1['VersionEpoch']).not.toBe(srcLayout.partitions[0]!.versionEpoch);
    expect(await rpcStatus(tgt.ports.rpc, stale)).toEqual({
      code: INTERNAL_ERROR,
      msgs: ['Target data version: 5 is larger than source data version: 4'],
    });
  });
});

describe('an incremental replication onto a target whose compaction moved VisibleVersion', () => {
  it('sets VisibleVersion = old VisibleVersion + (src_version - old DataVersion) and DataVersion = src_version', async () => {
    const first = await request('incr');
    expect(await rpcStatus(tgt.ports.rpc, first)).toEqual({ code: 0, msgs: [] });
    expect((await waitForJob(first.job_id!))['State']).toBe('COMMITTED');
    // compaction on the target (against the manual's advice) bumps VisibleVersion only
    await exec(t, 'ADMIN SET FRONTEND CONFIG ("lake_compaction_max_tasks" = "-1")');
    try {
      await eventually(
        async () => (await query(t, 'SHOW PARTITIONS FROM rdb.incr')).objects.map((p) => [p['VisibleVersion'], p['DataVersion']]),
        (v) => v.every((x) => x[0] === '5' && x[1] === '4'),
        15_000,
        'target compaction',
      );
    } finally {
      await exec(t, 'ADMIN SET FRONTEND CONFIG ("lake_compaction_max_tasks" = "0")');
    }
    await loadSource('incr', 4, 500); // source: VisibleVersion 5, DataVersion 4 in both partitions
    const second = await request('incr');
    expect(Object.values(second.partition_replication_infos!).map((p) => p.src_version)).toEqual(['5', '5']);
    expect(await rpcStatus(tgt.ports.rpc, second)).toEqual({ code: 0, msgs: [] });
    expect((await waitForJob(second.job_id!))['State']).toBe('COMMITTED');
    const parts = (await query(t, 'SHOW PARTITIONS FROM rdb.incr')).objects;
    expect(parts.map((p) => [p['VisibleVersion'], p['NextVersion'], p['DataVersion'], p['VersionTxnType']])).toEqual([
      ['6', '7', '5', 'TXN_REPLICATION'],
      ['6', '7', '5', 'TXN_REPLICATION'],
    ]);
    expect(await scalar(t, 'SELECT COUNT(*) FROM rdb.incr')).toBe(await scalar(s, 'SELECT COUNT(*) FROM rdb.incr'));
    expect(await scalar(t, 'SELECT COUNT(*) FROM rdb.incr')).toBe('24');
  });
});

describe('admission errors of §4.1', () => {
  let base: TableReplicationRequest;
  let tgtOther: TableLayout;

  beforeAll(async () => {
    base = await request('other');
    tgtOther = await tableLayout(t, 'rdb', 'other');
  });

  const refused = async (mutate: (r: TableReplicationRequest) => void) => {
    const r = clone(base);
    r.job_id = `job-${++jobSeq}`;
    mutate(r);
    return rpcStatus(tgt.ports.rpc, r);
  };

  it('unknown target database or table, or a target that is not an OLAP table', async () => {
    expect(await refused((r) => (r.database_id = '999999'))).toEqual({ code: INTERNAL_ERROR, msgs: ['Database 999999 does not exist'] });
    expect(await refused((r) => (r.table_id = '999999'))).toEqual({ code: INTERNAL_ERROR, msgs: ['OLAP table 999999 does not exist'] });
    const viewId = (await query(t, `SHOW PROC '/dbs/${tgtOther.dbId}'`)).objects.find((x) => x['TableName'] === 'v')!['TableId']!;
    expect(await refused((r) => (r.table_id = viewId))).toEqual({ code: INTERNAL_ERROR, msgs: [`OLAP table ${viewId} does not exist`] });
  });

  it('per-partition checks: source partition id, target partition, index and tablet', async () => {
    expect(await refused((r) => (firstPartition(r).src_partition_id = '0'))).toEqual({
      code: INTERNAL_ERROR,
      msgs: ['Source cluster partition id: 0 is invalid'],
    });
    expect(await refused((r) => (firstPartition(r).src_partition_id = '-3'))).toEqual({
      code: INTERNAL_ERROR,
      msgs: ['Source cluster partition id: -3 is invalid'],
    });
    expect(await refused((r) => (firstPartition(r).partition_id = '424242'))).toEqual({
      code: INTERNAL_ERROR,
      msgs: ['Partition 424242 in table other in database rdb not found'],
    });
    const pid = tgtOther.partitions[0]!.id;
    const iid = tgtOther.partitions[0]!.indexes[0]!.id;
    expect(await refused((r) => (firstIndex(r).index_id = '777'))).toEqual({
      code: INTERNAL_ERROR,
      msgs: [`Index 777 in partition ${pid} in table other not found`],
    });
    expect(
      await refused((r) => {
        const tablet = Object.values(firstIndex(r).tablet_replication_infos!)[0]!;
        tablet.tablet_id = '888';
      }),
    ).toEqual({ code: INTERNAL_ERROR, msgs: [`Tablet 888 in index ${iid} in table other not found`] });
  });

  it('the mirror volume must exist', async () => {
    expect(await refused((r) => (r.src_storage_volume_name = 'src_nosuch'))).toEqual({
      code: INTERNAL_ERROR,
      msgs: ['Unknown src storage volume while creating virtual tablet: src_nosuch'],
    });
  });

  it('the source service id is needed to allocate the source table path', async () => {
    expect(await refused((r) => delete r.src_service_id)).toEqual({
      code: INTERNAL_ERROR,
      msgs: [`Failed to allocate file path for source table: ${base.src_table_id}`],
    });
  });

  it('checks without a message (src_table_type, source ids) close the connection without a reply', async () => {
    const noType = clone(base);
    noType.src_table_type = TTableType.VIEW;
    expect((await startTableReplication(tgt.ports.rpc, noType)).kind).toBe('closed');
    const noIds = clone(base);
    noIds.src_database_id = '0';
    expect((await startTableReplication(tgt.ports.rpc, noIds)).kind).toBe('closed');
    // the FE still serves the next call
    expect((await refused((r) => (r.database_id = '999999'))).msgs).toEqual(['Database 999999 does not exist']);
  });

  it('a missing partition map is an INTERNAL_ERROR (NullPointerException text)', async () => {
    const r = await refused((x) => (x.partition_replication_infos = null));
    expect(r.code).toBe(INTERNAL_ERROR);
    expect(r.msgs[0]).toMatch(/partition_replication_infos" is null$/);
  });

  it('closed leader admission is checked before the request body; the target db before src_table_type', async () => {
    await control(tgt.ports.http, 'close_admission');
    try {
      expect(await refused(() => {})).toEqual({ code: INTERNAL_ERROR, msgs: ['Leader work admission is closed'] });
      expect(await refused((r) => (firstPartition(r).partition_id = '424242'))).toEqual({
        code: INTERNAL_ERROR,
        msgs: ['Leader work admission is closed'],
      });
    } finally {
      await control(tgt.ports.http, 'open_admission');
    }
    expect(await refused((r) => ((r.database_id = '999999'), (r.src_table_type = TTableType.VIEW)))).toEqual({
      code: INTERNAL_ERROR,
      msgs: ['Database 999999 does not exist'],
    });
  });

  it('while a job runs: one job per table, and the three parallelism limits', async () => {
    await control(tgt.ports.http, 'set_cn_bandwidth', { bytesPerSec: 1 }); // the copies crawl: the job stays REPLICATING
    const running = clone(base);
    running.job_id = `job-${++jobSeq}`;
    try {
      expect(await rpcStatus(tgt.ports.rpc, running)).toEqual({ code: 0, msgs: [] });
      const row = await eventually(
        () => jobRow(running.job_id!),
        (r) => r?.['State'] === 'REPLICATING',
        10_000,
        'REPLICATING',
      );
      expect(row!['Progress']).toBe('0/6');
      expect(await refused(() => {})).toEqual({ code: INTERNAL_ERROR, msgs: [`Replication job of table ${tgtOther.tableId} is already running`] });

      const third = await request('third');
      const limit = async (key: string, value: string) => {
        await exec(t, `ADMIN SET FRONTEND CONFIG ("${key}" = "${value}")`);
        try {
          return await rpcStatus(tgt.ports.rpc, { ...third, job_id: `job-${++jobSeq}` });
        } finally {
          await exec(
            t,
            `ADMIN SET FRONTEND CONFIG ("${key}" = "${{ replication_max_parallel_table_count: '100', replication_max_parallel_replica_count: '10240', replication_max_parallel_data_size_mb: '1048576' }[key]}")`,
          );
        }
      };
      expect(await limit('replication_max_parallel_table_count', '1')).toEqual({
        code: INTERNAL_ERROR,
        msgs: ['The replication jobs exceeds the replication_max_parallel_table_count: 1'],
      });
      expect(await limit('replication_max_parallel_replica_count', '6')).toEqual({
        code: INTERNAL_ERROR,
        msgs: ['The replicating replica count in all running replication jobs 6 exceeds replication_max_parallel_replica_count: 6'],
      });
      expect(await limit('replication_max_parallel_data_size_mb', '0')).toEqual({
        code: INTERNAL_ERROR,
        msgs: ['The replicating data size in all running replication jobs 0(MB) exceeds replication_max_parallel_data_size_mb: 0'],
      });
      // below the limits the second table is admitted next to the first
      expect(await limit('replication_max_parallel_table_count', '2')).toEqual({ code: 0, msgs: [] });
    } finally {
      await control(tgt.ports.http, 'abort_replication_jobs');
      await control(tgt.ports.http, 'set_cn_bandwidth', { bytesPerSec: 0 });
    }
    const aborted = await waitForJob(running.job_id);
    expect(aborted['State']).toBe('ABORTED');
    expect(aborted['Error']).not.toBe('');
    expect((await query(t, 'SHOW PARTITIONS FROM rdb.other')).objects.map((p) => p['DataVersion'])).toEqual(['1', '1']);
  });

  it('after the abort, a new attempt copies the table', async () => {
    const r = await request('other');
    expect(await rpcStatus(tgt.ports.rpc, r)).toEqual({ code: 0, msgs: [] });
    expect((await waitForJob(r.job_id!))['State']).toBe('COMMITTED');
    expect(await scalar(t, 'SELECT COUNT(*) FROM rdb.other')).toBe(await scalar(s, 'SELECT COUNT(*) FROM rdb.other'));
    expect(
      (await query(t, 'SHOW PARTITIONS FROM rdb.other')).objects.map((p) => [p['VisibleVersion'], p['DataVersion'], p['VersionTxnType']]),
    ).toEqual([
      ['4', '4', 'TXN_REPLICATION'],
      ['4', '4', 'TXN_REPLICATION'],
    ]);
  });
});

describe('vacuum on the source', () => {
  it('with a small grace period, the partition whose requested version was vacuumed is not replicated', async () => {
    // The naptime is applied when a partition is vacuumed (nextVacuumTime = now + naptime), so it is set before
    // the partition has anything to vacuum; the grace period still protects every version until it drops.
    await exec(s, 'ADMIN SET FRONTEND CONFIG ("lake_autovacuum_partition_naptime_seconds" = "0")');
    for (const c of [s, t]) await exec(c, TABLE_DDL('vac'));
    await loadSource('vac', 6);
    await loadSource('vac', 6, 50);
    const stale = await request('vac');
    expect(Object.values(stale.partition_replication_infos!).map((p) => p.src_version)).toEqual(['3', '3']);
    await exec(
      s,
      'ADMIN SET FRONTEND CONFIG ("lake_autovacuum_grace_period_minutes" = "0")',
      "INSERT INTO rdb.vac VALUES (80, '2024-01-20', 1.00)", // p1 moves to version 4: its version 3 becomes garbage
    );
    const [p1Dir, p2Dir] = (
      await query(s, "SELECT STORAGE_PATH FROM information_schema.partitions_meta WHERE DB_NAME = 'rdb' AND TABLE_NAME = 'vac'")
    ).rows.map((r) => objectPath(objectStore, r[0]!));
    await eventually(
      async () => listFiles(`${p1Dir}/meta`),
      (f) => f.length === 3 && f.every((x) => x.endsWith(`_${hex16(4)}.meta`)),
      15_000,
      'source vacuum',
    );
    expect(listFiles(`${p2Dir}/meta`).filter((f) => f.endsWith(`_${hex16(3)}.meta`))).toHaveLength(3); // p2's visible version stays

    expect(await rpcStatus(tgt.ports.rpc, stale)).toEqual({ code: 0, msgs: [] }); // admission does not read files
    const row = await waitForJob(stale.job_id!);
    // every task of p1 failed (metadata not found), so p1 is not a dirty partition and is not committed; p2 is
    // (LakeTableTxnStateListener.preCommit checks only partitions with a finished tablet): the job commits.
    expect(row['State']).toBe('COMMITTED');
    const parts = (await query(t, 'SHOW PARTITIONS FROM rdb.vac')).objects;
    expect(parts.map((p) => [p['PartitionName'], p['VisibleVersion'], p['DataVersion'], p['VersionTxnType']])).toEqual([
      ['p1', '1', '1', 'TXN_NORMAL'],
      ['p2', '3', '3', 'TXN_REPLICATION'],
    ]);
    expect(await scalar(t, 'SELECT COUNT(*) FROM rdb.vac PARTITION (p1)')).toBe('0');
    expect(await scalar(t, 'SELECT COUNT(*) FROM rdb.vac PARTITION (p2)')).toBe(await scalar(s, 'SELECT COUNT(*) FROM rdb.vac PARTITION (p2)'));
  });
});
