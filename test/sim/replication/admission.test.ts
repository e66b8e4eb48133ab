import { afterEach, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import { TStatusCode, type TableReplicationRequest } from '../../../idl/thrift.js';
import { CloseWithoutReply } from '../../../sim/thrift/faults.js';
import { ThriftFrontend } from '../../../sim/thrift/server.js';
import { addTargetTable, buildRequest, callStartTableReplication, makeWorld, MIRROR, physical, runToEnd, type World } from './fixture.js';

const worlds: World[] = [];
afterEach(async () => {
  for (const w of worlds.splice(0)) {
    await w.mgr.shutdown();
    fs.rmSync(w.root, { recursive: true, force: true });
  }
});

function world(spec: Parameters<typeof makeWorld>[0] = {}): World {
  const w = makeWorld(spec);
  worlds.push(w);
  return w;
}

async function rejectMessage(w: World, req: TableReplicationRequest): Promise<string | null | undefined> {
  const res = await w.mgr.startTableReplication(req);
  expect(res.status?.status_code).toBe(TStatusCode.INTERNAL_ERROR);
  return res.status?.error_msgs?.[0];
}

const firstPartition = (req: TableReplicationRequest) => Object.values(req.partition_replication_infos!)[0]!;
const firstIndex = (req: TableReplicationRequest) => Object.values(firstPartition(req).index_replication_infos!)[0]!;
const firstTablet = (req: TableReplicationRequest) => Object.values(firstIndex(req).tablet_replication_infos!)[0]!;

describe('startTableReplication admission (reference §4.1)', () => {
  it('accepts a well-formed request with OK and no messages, and registers an INITIALIZING job', async () => {
    const w = world();
    const req = buildRequest(w, { jobId: 'job-ok' });
    expect(await w.mgr.startTableReplication(req)).toEqual({ status: { status_code: TStatusCode.OK } });
    const job = w.tgt.fe.replicationJobs.get('job-ok')!;
    expect(job.state).toBe('INITIALIZING');
    expect(job.tasks).toHaveLength(6);
    expect(job.partitions.map((p) => p.srcVersion)).toEqual([3, 3]);
    expect(job.partitions.map((p) => p.baseDataVersion)).toEqual([1, 1]);
    expect(job.srcDbId).toBe(w.src.db.id);
    expect(job.replicationDataSize).toBe(Number(req.src_table_data_size));
  });

  it('generates a UUID when job_id is empty', async () => {
    const w = world();
    await w.mgr.startTableReplication({ ...buildRequest(w), job_id: '' });
    const [job] = [...w.tgt.fe.replicationJobs.values()];
    expect(job!.jobId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
  });

  it('1: unknown database or table', async () => {
    const w = world();
    expect(await rejectMessage(w, { ...buildRequest(w), database_id: '999' })).toBe('Database 999 does not exist');
    expect(await rejectMessage(w, { ...buildRequest(w), table_id: '999' })).toBe('OLAP table 999 does not exist');
    const { database_id: _d, table_id: _t, ...unset } = buildRequest(w);
    expect(await rejectMessage(w, unset)).toBe('Database 0 does not exist');
  });

  it('2: closed leader admission', async () => {
    const w = world();
    w.mgr.closeAdmission();
    expect(await rejectMessage(w, buildRequest(w))).toBe('Leader work admission is closed');
    w.mgr.openAdmission();
    expect((await w.mgr.startTableReplication(buildRequest(w))).status?.status_code).toBe(TStatusCode.OK);
  });

  it('3: table state not NORMAL', async () => {
    const w = world();
    w.tgt.table.state = 'SCHEMA_CHANGE';
    expect(await rejectMessage(w, buildRequest(w))).toBe('Table t1 state is not NORMAL: SCHEMA_CHANGE');
  });

  it('4: a job already running for the table, or an active REPLICATION txn on it', async () => {
    const w = world();
    expect((await w.mgr.startTableReplication(buildRequest(w))).status?.status_code).toBe(TStatusCode.OK);
    expect(await rejectMessage(w, buildRequest(w))).toBe(`Replication job of table ${w.tgt.table.id} is already running`);

    const w2 = world();
    w2.txns.begin(w2.tgt.db.id, 'REPLICATION_x', 'REPLICATION', [w2.tgt.table.id], 60_000);
    expect(await rejectMessage(w2, buildRequest(w2))).toBe(`Replication job of table ${w2.tgt.table.id} is already running`);
  });

  it('src_table_type other than OLAP_TABLE: an exception without message, the connection closes without reply', async () => {
    const w = world();
    await expect(w.mgr.startTableReplication({ ...buildRequest(w), src_table_type: 21 })).rejects.toBeInstanceOf(CloseWithoutReply);
    const { src_table_type: _x, ...unset } = buildRequest(w);
    await expect(w.mgr.startTableReplication(unset)).rejects.toBeInstanceOf(CloseWithoutReply);
    expect(w.tgt.table.hasDelete).toBe(false); // the type check runs before initTableInfo
    const server = new ThriftFrontend(w.mgr, { port: 0 });
    const port = await server.start();
    try {
      expect(await callStartTableReplication(port, unset)).toEqual({ kind: 'closed' });
    } finally {
      await server.stop();
    }
  });

  it('6: per-partition checks with their exact messages', async () => {
    const w = world();
    const pp = physical(w.tgt.table)[0]!;
    const bad = (mutate: (r: TableReplicationRequest) => void) => {
      const r = buildRequest(w);
      mutate(r);
      return rejectMessage(w, r);
    };
    expect(await bad((r) => (firstPartition(r).src_partition_id = undefined))).toBe('Source cluster partition id: 0 is invalid');
    expect(await bad((r) => (firstPartition(r).src_partition_id = '-5'))).toBe('Source cluster partition id: -5 is invalid');
    expect(await bad((r) => (firstPartition(r).partition_id = '424242'))).toBe('Partition 424242 in table t1 in database db1 not found');
    expect(await bad((r) => (firstPartition(r).src_version = '0'))).toBe('Target data version: 1 is larger than source data version: 0');
    expect(await bad((r) => (firstIndex(r).index_id = '777'))).toBe(`Index 777 in partition ${pp.id} in table t1 not found`);
    expect(await bad((r) => (firstTablet(r).tablet_id = '888'))).toBe(`Tablet 888 in index ${pp.indexes[0]!.id} in table t1 not found`);

    pp.committedDataVersion = pp.dataVersion + 1;
    expect(await bad(() => {})).toBe(`Partition ${pp.id} in table t1 in database db1 publish version not finished`);
    pp.committedDataVersion = pp.dataVersion;
  });

  it('6/7: a partition already at src_version is skipped; all skipped is "No data need to replicate"', async () => {
    const w = world();
    const req = buildRequest(w);
    for (const p of Object.values(req.partition_replication_infos!)) p.src_version = '1';
    expect(await rejectMessage(w, req)).toBe('No data need to replicate');
    // a skipped partition is not looked into: a bogus index there does not matter
    const req2 = buildRequest(w, { jobId: 'j2' });
    firstPartition(req2).src_version = '1';
    firstIndex(req2).index_id = '777';
    expect((await w.mgr.startTableReplication(req2)).status?.status_code).toBe(TStatusCode.OK);
    expect(w.tgt.fe.replicationJobs.get('j2')!.partitions).toHaveLength(1);
  });

  it('null maps and lists fail like a Java NullPointerException (JDK 17 message)', async () => {
    const w = world();
    expect(await rejectMessage(w, { ...buildRequest(w), partition_replication_infos: null })).toBe(
      'Cannot invoke "java.util.Map.values()" because "request.partition_replication_infos" is null',
    );
    const r1 = buildRequest(w);
    firstPartition(r1).index_replication_infos = null;
    expect(await rejectMessage(w, r1)).toBe('Cannot invoke "java.util.Map.values()" because "tPartitionInfo.index_replication_infos" is null');
    const r2 = buildRequest(w);
    firstIndex(r2).tablet_replication_infos = null;
    expect(await rejectMessage(w, r2)).toBe('Cannot invoke "java.util.Map.values()" because "tIndexInfo.tablet_replication_infos" is null');
    const r3 = buildRequest(w);
    firstTablet(r3).replica_replication_infos = null;
    expect(await rejectMessage(w, r3)).toBe('Cannot invoke "java.util.List.size()" because "tTabletInfo.replica_replication_infos" is null');
  });

  it('a target tablet with no CN divides by zero', async () => {
    const w = world();
    physical(w.tgt.table)[0]!.indexes[0]!.tablets[0]!.backendId = 4242;
    expect(await rejectMessage(w, buildRequest(w))).toBe('/ by zero');
  });

  it('9: hasDelete is set even when a later check rejects the request', async () => {
    const w = world();
    expect(w.tgt.table.hasDelete).toBe(false);
    const req = buildRequest(w);
    firstPartition(req).partition_id = '424242';
    await rejectMessage(w, req);
    expect(w.tgt.table.hasDelete).toBe(true);
  });

  it('8: lake checks: source ids, mirror volume, service id; one virtual tablet per mirror volume', async () => {
    const w = world();
    await expect(w.mgr.startTableReplication({ ...buildRequest(w), src_database_id: '0' })).rejects.toBeInstanceOf(CloseWithoutReply);
    await expect(w.mgr.startTableReplication({ ...buildRequest(w), src_table_id: undefined })).rejects.toBeInstanceOf(CloseWithoutReply);
    expect(await rejectMessage(w, { ...buildRequest(w), src_storage_volume_name: 'src_nope' })).toBe(
      'Unknown src storage volume while creating virtual tablet: src_nope',
    );
    expect(await rejectMessage(w, { ...buildRequest(w), src_storage_volume_name: undefined })).toBe(
      'Unknown src storage volume while creating virtual tablet: null',
    );
    expect(await rejectMessage(w, { ...buildRequest(w), src_service_id: undefined })).toBe(
      `Failed to allocate file path for source table: ${w.src.table.id}`,
    );
    const mirror = w.tgt.fe.catalog.storageVolumes.get(MIRROR)!;
    expect(mirror.virtualTabletIds).toEqual({});
    expect((await w.mgr.startTableReplication(buildRequest(w, { jobId: 'a' }))).status?.status_code).toBe(TStatusCode.OK);
    const vt = mirror.virtualTabletIds[w.src.fe.serviceId]!;
    expect(vt).toBeGreaterThan(0);
    expect(w.tgt.fe.replicationJobs.get('a')!.virtualTabletId).toBe(vt);
    // a second table, another service id: the volume's virtual tablet (and its root) is reused
    const other = addTargetTable(w, 't2');
    const res = await w.mgr.startTableReplication({ ...buildRequest(other, { jobId: 'b' }), src_service_id: 'another-service' });
    expect(res.status?.status_code).toBe(TStatusCode.OK);
    expect(w.tgt.fe.replicationJobs.get('b')!.virtualTabletId).toBe(vt);
    expect(Object.keys(mirror.virtualTabletIds)).toEqual([w.src.fe.serviceId]);
  });

  it('5: parallelism limits count the already running jobs with >=', async () => {
    const w = world();
    const t2 = addTargetTable(w, 't2');
    const t3 = addTargetTable(w, 't3');
    const cfg = w.tgt.fe.config;

    cfg.set('replication_max_parallel_table_count', '1');
    expect((await w.mgr.startTableReplication(buildRequest(w, { jobId: 'j1' }))).status?.status_code).toBe(TStatusCode.OK);
    expect(await rejectMessage(w, buildRequest(t2))).toBe('The replication jobs exceeds the replication_max_parallel_table_count: 1');
    cfg.set('replication_max_parallel_table_count', '100');

    cfg.set('replication_max_parallel_replica_count', '6');
    expect(await rejectMessage(w, buildRequest(t2))).toBe(
      'The replicating replica count in all running replication jobs 6 exceeds replication_max_parallel_replica_count: 6',
    );
    cfg.set('replication_max_parallel_replica_count', '7');
    cfg.set('replication_max_parallel_data_size_mb', '2');
    expect(
      (await w.mgr.startTableReplication({ ...buildRequest(t2, { jobId: 'j2' }), src_table_data_size: String(2 * 1048576 + 5) })).status?.status_code,
    ).toBe(TStatusCode.OK);
    cfg.set('replication_max_parallel_replica_count', '10240');
    const j1 = w.tgt.fe.replicationJobs.get('j1')!.replicationDataSize;
    const mb = Math.trunc((j1 + 2 * 1048576 + 5) / 1048576);
    expect(mb).toBe(2);
    expect(await rejectMessage(w, buildRequest(t3))).toBe(
      'The replicating data size in all running replication jobs 2(MB) exceeds replication_max_parallel_data_size_mb: 2',
    );
  });

  it('replicationDataSize = src_table_data_size − the target table data size', async () => {
    const w = world();
    physical(w.tgt.table)[0]!.dataSize = 1000;
    await w.mgr.startTableReplication({ ...buildRequest(w, { jobId: 'j' }), src_table_data_size: '5000' });
    expect(w.tgt.fe.replicationJobs.get('j')!.replicationDataSize).toBe(4000);
  });

  it('a finished job no longer blocks the table; the new job replaces it', async () => {
    const w = world();
    await w.mgr.startTableReplication(buildRequest(w, { jobId: 'first' }));
    w.mgr.abortJob('first');
    await w.mgr.tick();
    expect(w.tgt.fe.replicationJobs.get('first')!.state).toBe('ABORTED');
    expect((await w.mgr.startTableReplication(buildRequest(w, { jobId: 'second' }))).status?.status_code).toBe(TStatusCode.OK);
    expect([...w.tgt.fe.replicationJobs.keys()]).toEqual(['second']);
    await runToEnd(w, 'second');
    expect(w.tgt.fe.replicationJobs.get('second')!.state).toBe('COMMITTED');
  });
});
