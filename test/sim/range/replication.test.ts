// Replication of range-distributed tables on a 2026 FE (ReplicationMgr.checkTableNormal, TabletReshardJob.init,
// LakeReplicationJob; starrocks-2026.md F7, F8, §1.5): a table in TABLET_RESHARD refuses new jobs with StarRocks'
// message, a table under replication refuses split submissions, tablets are paired by range (a source tablet owning
// another range than its target tablet fails the task, and the job aborts), and every task of a partition goes to one
// anchor CN. Both clusters' daemons are driven by the test.
import type mysql from 'mysql2/promise';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ClusterHandle } from '../../../sim/cluster.js';
import type { TableReplicationRequest } from '../../../idl/thrift.js';
import {
  buildReplicationRequest,
  connect,
  eventually,
  exec,
  prepareReplicationPair,
  query,
  queryError,
  removeTempDirs,
  replicationJobRow,
  rpcStatus,
  scalar,
  serviceId,
  startSim,
  tableLayout,
  tempDir,
} from '../protocol/helpers.js';
import { adminExecute, cut, settle, SLOW_DAEMON, splitScript, topology, type Topology, type TopologyRange } from './helpers.js';

const MIRROR = 'src_builtin_storage_volume';
let src: ClusterHandle;
let tgt: ClusterHandle;
let s: mysql.Connection;
let t: mysql.Connection;
let srcServiceId: string;

const rows = (from: number, n: number) => Array.from({ length: n }, (_, i) => `(${from + i}, 'v${from + i}')`).join(', ');
const rangeKey = (r: TopologyRange) => JSON.stringify(r);

/** The request srsync sends for a range table: partitions and indexes by name, tablets paired by equal range. */
async function rangeRequest(jobId: string, pair?: (tgtTablet: number, i: number, srcTablets: number[]) => number): Promise<TableReplicationRequest> {
  const [sl, tl] = await Promise.all([tableLayout(s, 'd', 'r'), tableLayout(t, 'd', 'r')]);
  const [st, tt]: [Topology, Topology] = await Promise.all([topology(s, 'd', 'r'), topology(t, 'd', 'r')]);
  const req = buildReplicationRequest(
    sl,
    { ...tl, partitions: tl.partitions.map((p) => ({ ...p, indexes: [] })) },
    { srcServiceId, mirrorVolume: MIRROR, jobId },
  );
  for (const tp of tt.partitions) {
    const sp = st.partitions.find((p) => p.partitionName === tp.partitionName)!;
    const info = req.partition_replication_infos![String(tp.physicalPartitionId)]!;
    for (const ti of tp.indexes) {
      const si = sp.indexes.find((i) => i.indexName === ti.indexName)!;
      const srcIds = si.tablets.map((x) => x.tabletId);
      const schemaHash = sl.partitions[0]!.indexes.find((i) => i.name === ti.indexName)!.schemaHash;
      info.index_replication_infos![String(ti.indexMetaId)] = {
        index_id: String(ti.indexMetaId),
        src_schema_hash: schemaHash,
        tablet_replication_infos: Object.fromEntries(
          ti.tablets.map((x, i) => {
            const srcId = pair ? pair(x.tabletId, i, srcIds) : si.tablets.find((y) => rangeKey(y.range) === rangeKey(x.range))!.tabletId;
            return [String(x.tabletId), { tablet_id: String(x.tabletId), src_tablet_id: String(srcId), replica_replication_infos: [] }];
          }),
        ),
      };
    }
  }
  return req;
}

/** Drives the target's daemons until the job is COMMITTED (and visible) or ABORTED. */
async function driveJob(jobId: string): Promise<Record<string, string | null>> {
  return eventually(
    async () => {
      await tgt.replication.tick();
      await tgt.lake.tick();
      return replicationJobRow(t, jobId);
    },
    (r) => r?.['State'] === 'ABORTED' || (r?.['State'] === 'COMMITTED' && tgt.replication.runningJobs().length === 0 && committedVisible()),
    20_000,
    `job ${jobId}`,
  ) as Promise<Record<string, string | null>>;
}

const committedVisible = () =>
  [...tgt.fe.transactions.values()].every((x) => x.sourceType !== 'REPLICATION' || x.status === 'VISIBLE' || x.status === 'ABORTED');

async function splitOn(conn: mysql.Connection, c: ClusterHandle, tabletIndex: number, bound: string): Promise<void> {
  const tablets = (await topology(conn, 'd', 'r')).partitions[0]!.indexes[0]!.tablets;
  const parent = tablets[tabletIndex]!;
  await query(conn, adminExecute(splitScript('d', 'r', { [String(parent.tabletId)]: cut(parent.range, [[bound]]) })));
  await settle(c);
}

const ranges = async (conn: mysql.Connection) => (await topology(conn, 'd', 'r')).partitions[0]!.indexes[0]!.tablets.map((x) => x.range);

beforeAll(async () => {
  const store = tempDir('range-repl');
  [src, tgt] = await Promise.all([
    startSim('src', store, { version: '4.2.0', ...SLOW_DAEMON }),
    startSim('tgt', store, { version: '4.2.0', ...SLOW_DAEMON }),
  ]);
  [s, t] = await Promise.all([connect(src.ports.query), connect(tgt.ports.query)]);
  srcServiceId = await serviceId(src.ports.http);
  await prepareReplicationPair(s, t, MIRROR);
  for (const c of [s, t]) await exec(c, 'CREATE DATABASE d', 'CREATE TABLE d.r (k INT, v VARCHAR(40)) DUPLICATE KEY(k)');
  await exec(s, `INSERT INTO d.r VALUES ${rows(0, 100)}`);
});

afterAll(async () => {
  await Promise.all([s?.end(), t?.end()]);
  await Promise.all([src?.stop(), tgt?.stop()]);
  removeTempDirs();
});

describe('replication of a range-distributed table', () => {
  it('after exact-boundary splits on the target, tablets paired by range replicate; tasks go to one anchor CN', async () => {
    await splitOn(s, src, 0, '50');
    await splitOn(t, tgt, 0, '50');
    expect(await ranges(t)).toEqual(await ranges(s));
    const req = await rangeRequest('aligned');
    expect(await rpcStatus(tgt.ports.rpc, req)).toEqual({ code: 0, msgs: [] });
    await tgt.replication.tick(); // sends the tasks
    const job = tgt.fe.replicationJobs.get('aligned')!;
    const tablets = tgt.fe.getOlapTable('d', 'r').partitions[0]!.physicalPartitions[0]!.indexes[0]!.tablets;
    const anchor = tablets.reduce((a, b) => (a.id < b.id ? a : b)).backendId;
    expect(new Set(tablets.map((x) => x.backendId)).size).toBeGreaterThan(1);
    expect(job.tasks.map((x) => x.backendId)).toEqual(job.tasks.map(() => anchor));
    expect((await driveJob('aligned'))['State']).toBe('COMMITTED');
    expect(await scalar(t, 'SELECT COUNT(*) FROM d.r')).toBe('100');
    expect(await ranges(t)).toEqual(await ranges(s));
  });

  it('a table under replication refuses a split submission; the job still commits', async () => {
    await exec(s, `INSERT INTO d.r VALUES ${rows(100, 10)}`);
    expect(await rpcStatus(tgt.ports.rpc, await rangeRequest('busy'))).toEqual({ code: 0, msgs: [] });
    const parent = (await topology(t, 'd', 'r')).partitions[0]!.indexes[0]!.tablets[1]!;
    const e = await queryError(t, adminExecute(splitScript('d', 'r', { [String(parent.tabletId)]: cut(parent.range, [['80']]) })));
    expect(e.message).toBe('execute script failed: Table r is under replication, tablet reshard is not allowed');
    expect((await driveJob('busy'))['State']).toBe('COMMITTED');
    expect(await scalar(t, 'SELECT COUNT(*) FROM d.r')).toBe('110');
  });

  it('a table in TABLET_RESHARD refuses a new replication job: "Table r state is not NORMAL: TABLET_RESHARD"', async () => {
    await exec(s, `INSERT INTO d.r VALUES ${rows(200, 10)}`);
    const parent = (await topology(t, 'd', 'r')).partitions[0]!.indexes[0]!.tablets[1]!;
    const req = await rangeRequest('during-reshard');
    await query(t, adminExecute(splitScript('d', 'r', { [String(parent.tabletId)]: cut(parent.range, [['80']]) })));
    // The topology read refuses too while the table reshards (validateSupportedTable).
    expect((await queryError(t, adminExecute(`out.append(globalState.getLocalMetastore().getRangeDistributionTopology('d', 'r'))`))).message).toBe(
      'execute script failed: Table d.r is not in NORMAL state: TABLET_RESHARD',
    );
    expect(await rpcStatus(tgt.ports.rpc, req)).toEqual({ code: 6, msgs: ['Table r state is not NORMAL: TABLET_RESHARD'] }); // INTERNAL_ERROR;
    await settle(tgt);
    expect((await ranges(t)).length).toBe(3);
    expect((await ranges(s)).length).toBe(2);
  });

  it('tablets paired by position across different topologies: the source range is refused and the job aborts', async () => {
    const req = await rangeRequest('misaligned', (_t, i, srcIds) => srcIds[Math.min(i, srcIds.length - 1)]!);
    expect(await rpcStatus(tgt.ports.rpc, req)).toEqual({ code: 0, msgs: [] });
    const row = await driveJob('misaligned');
    expect(row['State']).toBe('ABORTED');
    const errors = tgt.fe.replicationJobs
      .get('misaligned')!
      .tasks.map((x) => x.error)
      .filter((x) => x !== '');
    expect(
      errors.some((x) => /^Range \[\(50\), \+∞\) of source tablet \d+ does not match range \[\(50\), \(80\)\) of the target tablet$/.test(x)),
    ).toBe(true);
    expect(await scalar(t, 'SELECT COUNT(*) FROM d.r')).toBe('110');
  });
});
