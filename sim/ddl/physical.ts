// Creating logical partitions, their physical partition and tablets the way LocalMetastore.createPartition does:
// physical partition id, then for every index of the table (base, rollups, sync MVs; iterated as the
// `HashMap<Long, MaterializedIndex>` keyed by index id) one id per tablet in bucket order (StarOSAgent.createShards
// takes shard ids from GlobalStateMgr.getNextId()). Shard group ids come from StarMgr's own generator and
// consume no FE ids.
import { ALL_RANGE } from '../range/ranges.js';
import type { Database, OlapTable, Partition, PartitionBound, PhysicalPartition, Tablet } from '../catalog/model.js';
import type { FeState } from '../fe/state.js';
import { ddlError } from './errors.js';
import { javaLongHashMapOrder, javaStringHashMapOrder } from './java.js';

/** PhysicalPartition.PARTITION_INIT_VERSION. */
export const PARTITION_INIT_VERSION = 1;

export interface LogicalPartitionSpec {
  id: number;
  name: string;
  bound: PartitionBound;
  buckets: number;
  isTemp: boolean;
}

/** Checks that tablets can be placed (LocalMetastore.buildPartitions). */
export function checkComputeNodes(fe: FeState): void {
  if (fe.cns.length === 0) {
    throw ddlError(fe.options.runMode === 'shared_data' ? 'no alive compute nodes' : 'no alive backends');
  }
}

/** Tablets are spread over the CNs round-robin by tablet id (StarMgr's SPREAD placement, simplified). */
export const backendFor = (fe: FeState, tabletId: number): number => fe.cns[tabletId % fe.cns.length]!.id;

/** `buckets` new tablets (ids in bucket order) of one index of one physical partition. */
export function newTablets(fe: FeState, buckets: number): Tablet[] {
  const tablets: Tablet[] = new Array(buckets);
  for (let i = 0; i < buckets; i++) {
    const tid = fe.allocId();
    tablets[i] = { id: tid, backendId: backendFor(fe, tid) };
  }
  return tablets;
}

/** Index ids of a table in creation order: the base index, then its rollups / sync MVs. */
export const tableIndexIds = (table: OlapTable): number[] => [table.baseIndex.indexId, ...(table.rollups ?? []).map((r) => r.indexId)];

/**
 * A new physical partition with tablets for every index in `indexIds` (creation order, the base index first);
 * tablets are allocated in Java HashMap order of the index ids, the model keeps the indexes in creation order.
 */
export function newPhysicalPartition(
  fe: FeState,
  parentId: number,
  indexId: number,
  buckets: number,
  now: number,
  indexIds: readonly number[] = [indexId],
): PhysicalPartition {
  const id = fe.allocId();
  const tabletsByIndex = new Map<number, Tablet[]>();
  for (const iid of javaLongHashMapOrder(indexIds)) tabletsByIndex.set(iid, newTablets(fe, buckets));
  return {
    id,
    parentId,
    visibleVersion: PARTITION_INIT_VERSION,
    visibleVersionTime: now,
    nextVersion: PARTITION_INIT_VERSION + 1,
    dataVersion: PARTITION_INIT_VERSION,
    committedDataVersion: PARTITION_INIT_VERSION,
    committedVersion: PARTITION_INIT_VERSION,
    // PhysicalPartition.nextVersionEpoch(): a fresh epoch per partition (StarRocks uses the next GTID).
    versionEpoch: nextVersionEpoch(now),
    versionTxnType: 'TXN_NORMAL',
    compactVersion: 0,
    metaSwitchVersion: 0,
    indexes: indexIds.map((iid) => ({ id: iid, tablets: tabletsByIndex.get(iid)! })),
    dataSize: 0,
    rowCount: 0,
    lastCompactedDataVersion: PARTITION_INIT_VERSION,
  };
}

let lastEpoch = 0;
/** GTID-like epochs: milliseconds shifted left, strictly increasing within the process. */
function nextVersionEpoch(now: number): number {
  const e = Math.max(now * 1000, lastEpoch + 1);
  lastEpoch = e;
  return e;
}

export function newPartition(fe: FeState, table: OlapTable, spec: LogicalPartitionSpec, now: number): Partition {
  const p: Partition = {
    id: spec.id,
    name: spec.name,
    bound: spec.bound,
    buckets: spec.buckets,
    isTemp: spec.isTemp,
    physicalPartitions: [newPhysicalPartition(fe, spec.id, table.baseIndex.indexId, spec.buckets, now, tableIndexIds(table))],
    dataCacheEnable: table.properties['datacache.enable'] !== 'false',
  };
  // Range distribution: each index of a new partition has one tablet owning the whole key space (-∞, +∞).
  if (table.distribution.type === 'RANGE') {
    for (const pp of p.physicalPartitions) for (const idx of pp.indexes) for (const t of idx.tablets) t.range = { ...ALL_RANGE };
  }
  return p;
}

/**
 * Builds the partitions of a CREATE TABLE: logical ids were allocated earlier (in definition order); physical
 * partitions and tablets are created in Java HashMap order of the partition names. Returns the partitions in
 * definition order.
 */
export function buildCreatePartitions(fe: FeState, table: OlapTable, specs: LogicalPartitionSpec[], now: number): Partition[] {
  const byName = new Map(specs.map((s) => [s.name, s]));
  const built = new Map<string, Partition>();
  for (const name of javaStringHashMapOrder(specs.map((s) => s.name))) {
    built.set(name, newPartition(fe, table, byName.get(name)!, now));
  }
  return specs.map((s) => built.get(s.name)!);
}

/** Calls the new-partition hook for every physical partition of `partitions`, in id order. */
export function announce(
  onNew: (db: Database, t: OlapTable, pp: PhysicalPartition) => void,
  db: Database,
  table: OlapTable,
  partitions: Partition[],
): void {
  const pps = partitions.flatMap((p) => p.physicalPartitions).sort((a, b) => a.id - b.id);
  for (const pp of pps) onNew(db, table, pp);
}
