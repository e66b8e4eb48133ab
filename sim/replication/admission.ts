// Admission of a startTableReplication request (reference §4.1): ReplicationMgr.addReplicationJob [idx] and the
// ReplicationJob / LakeReplicationJob constructors. Each check throws an AdmissionError carrying the exact Java
// exception message (or null for a Preconditions check without one). Side effects that StarRocks has even on a
// rejected request (hasDelete flag, mirror-volume virtual tablet) are applied here, in the same order.
import { randomUUID } from 'node:crypto';
import type { Database, MaterializedIndex, OlapTable, PhysicalPartition, StorageVolume } from '../catalog/model.js';
import type { FeConfig } from '../fe/config.js';
import { FeState, type ReplicationJob, type ReplicationPartitionPlan, type ReplicationTask } from '../fe/state.js';
import { TRunMode, TTableType, type TableReplicationRequest } from '../../idl/thrift.js';

/** A rejected request. `javaMessage` null = an exception without a message (the reply then cannot be written). */
export class AdmissionError extends Error {
  constructor(readonly javaMessage: string | null) {
    super(javaMessage ?? '(exception without message)');
    this.name = 'AdmissionError';
  }
}

const reject = (message: string | null): never => {
  throw new AdmissionError(message);
};

/** JDK 17 helpful NullPointerException text, as `e.getMessage()` returns it for a null map or list in the request. */
const npe = (method: 'java.util.Map.values()' | 'java.util.List.size()', expr: string): never =>
  reject(`Cannot invoke "${method}" because "${expr}" is null`);

/** A Thrift optional i64 as Java reads it: unset = 0 (primitive default). */
export const javaLong = (v: string | undefined): number => (v === undefined || v === '' ? 0 : Number(v));

export const FINAL_STATES = new Set(['COMMITTED', 'ABORTED']);
export const isRunningJob = (j: ReplicationJob) => !FINAL_STATES.has(j.state);
/** A lake job has a mirror-volume virtual tablet; the shared-nothing job (wrong run mode) has none. */
export const isLakeJob = (j: ReplicationJob) => j.virtualTabletId > 0;

export interface AdmissionContext {
  /** GlobalStateMgr.isLeader() && isLeaderWorkAdmissionOpen(). */
  admissionOpen: boolean;
  /** Jobs not yet COMMITTED/ABORTED (ReplicationMgr.runningJobs). */
  runningJobs: ReplicationJob[];
  /** DatabaseTransactionMgr.hasActiveTransaction(tableId, REPLICATION). */
  hasActiveReplicationTxn(dbId: number, tableId: number): boolean;
  now: number;
}

/** ReplicationMgr.getTargetTable [idx]. */
export function getTargetTable(fe: FeState, dbId: number, tableId: number): { db: Database; table: OlapTable } {
  const db = fe.findDbById(dbId);
  if (!db) reject(`Database ${dbId} does not exist`);
  const table = fe.findTableById(db!, tableId);
  if (!table || table.kind !== 'olap') reject(`OLAP table ${tableId} does not exist`);
  return { db: db!, table: table as OlapTable };
}

/** Items 2, 3 and the running/active-txn part of 4, as checked under the table lock (both times). */
function checkTableAdmissible(fe: FeState, table: OlapTable, dbId: number, ctx: AdmissionContext): void {
  if (!ctx.admissionOpen) reject('Leader work admission is closed');
  if (table.state !== 'NORMAL') reject(`Table ${table.name} state is not NORMAL: ${table.state}`);
  if (ctx.runningJobs.some((j) => j.tableId === table.id) || ctx.hasActiveReplicationTxn(dbId, table.id)) {
    reject(`Replication job of table ${table.id} is already running`);
  }
}

/**
 * Steps 1–4 and the job constructor (src_table_type, initTableInfo, "No data need to replicate", the lake
 * steps). Returns the new job in state INITIALIZING with its tasks PENDING; it is not registered yet.
 */
export function createReplicationJob(fe: FeState, req: TableReplicationRequest, ctx: AdmissionContext): ReplicationJob {
  const dbId = javaLong(req.database_id);
  const tableId = javaLong(req.table_id);
  const { db, table } = getTargetTable(fe, dbId, tableId);
  checkTableAdmissible(fe, table, dbId, ctx);

  // ReplicationJob(TTableReplicationRequest)
  if (req.src_table_type !== TTableType.OLAP_TABLE) reject(null); // Preconditions.checkState without a message
  const lake = req.src_cluster_run_mode === TRunMode.SHARED_DATA;
  const { plans, tasks } = initTableInfo(fe, db, table, req, lake);
  const targetDataSize = tableDataSize(table);
  if (plans.length === 0) reject('No data need to replicate');

  // LakeReplicationJob(TTableReplicationRequest)
  let virtualTabletId = -1;
  const srcDbId = javaLong(req.src_database_id);
  const srcTableId = javaLong(req.src_table_id);
  if (lake) {
    if (!(srcDbId > 0 && srcTableId > 0)) reject(null); // arrow Preconditions.checkArgument without a message
    const name = req.src_storage_volume_name;
    const volume = name === undefined ? undefined : fe.catalog.storageVolumes.get(name);
    if (!volume) return reject(`Unknown src storage volume while creating virtual tablet: ${name ?? 'null'}`);
    // [idx] buildSrcTableFilePathInfo: the source table path needs the service id.
    if (!req.src_service_id) reject(`Failed to allocate file path for source table: ${srcTableId}`);
    virtualTabletId = getOrCreateVirtualTabletId(fe, volume, req.src_service_id!);
  }

  return {
    jobId: req.job_id ? req.job_id : randomUUID(),
    dbId,
    tableId,
    txnId: -1,
    createdTime: ctx.now,
    finishedTime: -1,
    state: 'INITIALIZING',
    error: '',
    srcDbId,
    srcTableId,
    srcServiceId: req.src_service_id ?? '',
    srcStorageVolumeName: req.src_storage_volume_name ?? '',
    virtualTabletId,
    srcTableDataSize: javaLong(req.src_table_data_size),
    replicationDataSize: javaLong(req.src_table_data_size) - targetDataSize,
    partitions: plans,
    tasks,
  };
}

/** Second pass under the table lock: 1–4 again (ignoring the job under construction), then 5. */
export function checkBeforeRegister(fe: FeState, job: ReplicationJob, ctx: AdmissionContext): void {
  const { table } = getTargetTable(fe, job.dbId, job.tableId);
  checkTableAdmissible(fe, table, job.dbId, ctx);
  checkParallelismLimits(fe.config, ctx.runningJobs);
}

/** ReplicationMgr.checkParallelismLimits: against the already running jobs, with `>=`. */
export function checkParallelismLimits(config: FeConfig, running: ReplicationJob[]): void {
  const maxTables = config.getInt('replication_max_parallel_table_count');
  if (running.length >= maxTables) reject(`The replication jobs exceeds the replication_max_parallel_table_count: ${maxTables}`);
  const maxReplicas = config.getInt('replication_max_parallel_replica_count');
  const replicas = running.reduce((n, j) => n + j.tasks.length, 0);
  if (replicas >= maxReplicas) {
    reject(
      `The replicating replica count in all running replication jobs ${replicas} exceeds replication_max_parallel_replica_count: ${maxReplicas}`,
    );
  }
  const maxMb = config.getInt('replication_max_parallel_data_size_mb');
  const mb = Math.trunc(running.reduce((n, j) => n + j.replicationDataSize, 0) / 1048576); // Java long division
  if (mb >= maxMb) {
    reject(`The replicating data size in all running replication jobs ${mb}(MB) exceeds replication_max_parallel_data_size_mb: ${maxMb}`);
  }
}

/** OlapTable.getDataSize(): the sum over physical partitions. */
export const tableDataSize = (t: OlapTable) => FeState.physicalPartitions(t).reduce((n, p) => n + p.dataSize, 0);

/** ReplicationJob.initTableInfo [dec31]: per partition, index and tablet of the request. */
function initTableInfo(
  fe: FeState,
  db: Database,
  table: OlapTable,
  req: TableReplicationRequest,
  lake: boolean,
): { plans: ReplicationPartitionPlan[]; tasks: ReplicationTask[] } {
  // Tables replicated by the migration tool get hasDelete (edit-logged), before any partition is looked at.
  if (!table.hasDelete) {
    table.hasDelete = true;
    fe.onChange();
  }
  const infos = req.partition_replication_infos;
  if (infos === null || infos === undefined) return npe('java.util.Map.values()', 'request.partition_replication_infos');

  // Java keys its maps by the target ids (last one wins), in HashMap order; we keep insertion order.
  const plans = new Map<number, { plan: ReplicationPartitionPlan; tasks: Map<number, ReplicationTask[]> }>();
  const byId = new Map(FeState.physicalPartitions(table).map((p) => [p.id, p]));
  for (const tp of Object.values(infos)) {
    const srcPartitionId = javaLong(tp.src_partition_id);
    if (lake && !(srcPartitionId > 0)) reject(`Source cluster partition id: ${srcPartitionId} is invalid`);
    const partitionId = javaLong(tp.partition_id);
    const pp = byId.get(partitionId);
    if (!pp) return reject(`Partition ${partitionId} in table ${table.name} in database ${db.name} not found`);
    if (pp.committedDataVersion !== pp.dataVersion) {
      reject(`Partition ${partitionId} in table ${table.name} in database ${db.name} publish version not finished`);
    }
    const srcVersion = javaLong(tp.src_version);
    if (pp.dataVersion > srcVersion) reject(`Target data version: ${pp.dataVersion} is larger than source data version: ${srcVersion}`);
    if (pp.dataVersion === srcVersion) continue;
    const tasksByIndex = initPartitionInfo(fe, table, pp, tp.index_replication_infos, { srcPartitionId, srcVersion });
    plans.set(pp.id, {
      plan: {
        physicalPartitionId: pp.id,
        srcPartitionId,
        srcVersion,
        srcVersionEpoch: javaLong(tp.src_version_epoch),
        baseDataVersion: pp.dataVersion,
      },
      tasks: tasksByIndex,
    });
  }
  const all = [...plans.values()];
  return { plans: all.map((p) => p.plan), tasks: all.flatMap((p) => [...p.tasks.values()].flat()) };
}

function initPartitionInfo(
  fe: FeState,
  table: OlapTable,
  pp: PhysicalPartition,
  indexInfos: NonNullable<TableReplicationRequest['partition_replication_infos']>[string]['index_replication_infos'],
  src: { srcPartitionId: number; srcVersion: number },
): Map<number, ReplicationTask[]> {
  if (indexInfos === null || indexInfos === undefined) return npe('java.util.Map.values()', 'tPartitionInfo.index_replication_infos');
  const out = new Map<number, ReplicationTask[]>();
  for (const ti of Object.values(indexInfos)) {
    const indexId = javaLong(ti.index_id);
    const index = pp.indexes.find((i) => i.id === indexId);
    if (!index) return reject(`Index ${indexId} in partition ${pp.id} in table ${table.name} not found`);
    const tabletInfos = ti.tablet_replication_infos;
    if (tabletInfos === null || tabletInfos === undefined) return npe('java.util.Map.values()', 'tIndexInfo.tablet_replication_infos');
    const tasks = new Map<number, ReplicationTask>();
    for (const tt of Object.values(tabletInfos)) {
      const tabletId = javaLong(tt.tablet_id);
      const tablet = findTablet(index, tabletId);
      if (!tablet) return reject(`Tablet ${tabletId} in index ${indexId} in table ${table.name} not found`);
      if (tt.replica_replication_infos === null || tt.replica_replication_infos === undefined) {
        return npe('java.util.List.size()', 'tTabletInfo.replica_replication_infos');
      }
      // `replica_replication_infos.size() / tablet.getAllReplicas().size()`: a lake tablet with no CN divides by 0.
      if (!fe.cns.some((cn) => cn.id === tablet.backendId)) reject('/ by zero');
      tasks.set(tabletId, {
        tabletId,
        srcTabletId: javaLong(tt.src_tablet_id),
        physicalPartitionId: pp.id,
        srcPartitionId: src.srcPartitionId,
        indexId,
        srcSchemaHash: ti.src_schema_hash ?? 0,
        srcVersion: src.srcVersion,
        backendId: tablet.backendId,
        state: 'PENDING',
        error: '',
        result: null,
      });
    }
    out.set(indexId, [...tasks.values()]);
  }
  return out;
}

const findTablet = (index: MaterializedIndex, id: number) => index.tablets.find((t) => t.id === id);

/**
 * SharedDataStorageVolumeMgr.getOrCreateVirtualTabletId: one virtual tablet per mirror volume, created with the
 * service id of the first request and reused for every later one whatever its service id (the shard's root
 * directory is `<location>/<first service id>`). Stored on the volume (`virtualTabletIds`, one entry).
 */
export function getOrCreateVirtualTabletId(fe: FeState, volume: StorageVolume, serviceId: string): number {
  const existing = virtualTablet(volume);
  if (existing) return existing.tabletId;
  const id = fe.allocId();
  volume.virtualTabletIds[serviceId] = id;
  fe.onChange();
  return id;
}

/** The mirror volume's virtual tablet and the service id its root directory was created with. */
export function virtualTablet(volume: StorageVolume): { serviceId: string; tabletId: number } | null {
  const first = Object.entries(volume.virtualTabletIds)[0];
  return first ? { serviceId: first[0], tabletId: first[1] } : null;
}
