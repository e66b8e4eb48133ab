// Builds a TTableReplicationRequest exactly as reference §3 says (pure).
// Indexes pair by name, tablets by position (bucket order), with equal counts checked (§7).
import { TRunMode, TTableType } from '../../idl/thrift.js';
import type { IndexReplicationInfo, PartitionReplicationInfo, TableReplicationRequest } from '../../idl/thrift.js';
import type { MaterializedIndexInfo, PartitionTablets } from '../model/snapshot.js';

export interface PartitionPair {
  tgtPhysicalId: string;
  srcPhysicalId: string;
  /** Source VisibleVersion. */
  srcVersion: number;
  srcVersionEpoch: string;
  src: PartitionTablets;
  tgt: PartitionTablets;
  /** Range-distributed tables: target tablet id → source tablet id of the same range (src/range/); never by position. */
  tabletPairs?: ReadonlyMap<string, string>;
}

export interface ReplicationJobSpec {
  jobId: string;
  targetUser: string;
  targetPassword: string;
  tgtDbId: string;
  tgtTableId: string;
  srcDbId: string;
  srcTableId: string;
  srcServiceId: string;
  /** Target-side mirror volume name: `src_<source volume>`. */
  mirrorVolume: string;
  /** Bytes: the sum of the source partitions' data size in this request. */
  srcTableDataSize: number;
  srcIndexes: MaterializedIndexInfo[];
  tgtIndexes: MaterializedIndexInfo[];
  partitions: PartitionPair[];
}

/** The two tables cannot be paired tablet by tablet: the partition must be re-created (or the table). */
export class LayoutMismatchError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'LayoutMismatchError';
  }
}

export function buildReplicationRequest(spec: ReplicationJobSpec): TableReplicationRequest {
  const srcIndexByName = new Map(spec.srcIndexes.map((i) => [i.name, i]));
  const partitionInfos: Record<string, PartitionReplicationInfo> = {};
  for (const p of spec.partitions) {
    const indexInfos: Record<string, IndexReplicationInfo> = {};
    const srcTabletsByIndexName = new Map(p.src.indexes.map((i) => [i.indexName, i]));
    if (p.tgt.indexes.length !== p.src.indexes.length) {
      throw new LayoutMismatchError(`partition ${p.tgtPhysicalId}: target has ${p.tgt.indexes.length} indexes, source ${p.src.indexes.length}`);
    }
    for (const tgtIndex of p.tgt.indexes) {
      // Indexes pair by name; the base index is named after its table, so a renamed table's (rename mapping) pairs
      // with the source's base index (index_schema lists the base index first).
      const baseRenamed = tgtIndex.indexName === spec.tgtIndexes[0]?.name && !srcIndexByName.has(tgtIndex.indexName);
      const srcName = baseRenamed ? (spec.srcIndexes[0]?.name ?? tgtIndex.indexName) : tgtIndex.indexName;
      const srcTablets = srcTabletsByIndexName.get(srcName);
      const srcIndex = srcIndexByName.get(srcName);
      if (!srcTablets || !srcIndex) throw new LayoutMismatchError(`index ${tgtIndex.indexName} is missing on the source`);
      if (srcTablets.tabletIds.length !== tgtIndex.tabletIds.length) {
        throw new LayoutMismatchError(
          `partition ${p.tgtPhysicalId} index ${tgtIndex.indexName}: target has ${tgtIndex.tabletIds.length} tablets, source ${srcTablets.tabletIds.length}`,
        );
      }
      const tablets: IndexReplicationInfo['tablet_replication_infos'] = {};
      tgtIndex.tabletIds.forEach((tabletId, i) => {
        const src = p.tabletPairs ? p.tabletPairs.get(tabletId) : srcTablets.tabletIds[i];
        if (src === undefined)
          throw new LayoutMismatchError(
            `partition ${p.tgtPhysicalId} index ${tgtIndex.indexName}: no source tablet owns the range of target tablet ${tabletId}`,
          );
        tablets[tabletId] = { tablet_id: tabletId, src_tablet_id: src, replica_replication_infos: [] };
      });
      indexInfos[tgtIndex.indexId] = { index_id: tgtIndex.indexId, src_schema_hash: srcIndex.schemaHash, tablet_replication_infos: tablets };
    }
    partitionInfos[p.tgtPhysicalId] = {
      partition_id: p.tgtPhysicalId,
      src_version: String(p.srcVersion),
      index_replication_infos: indexInfos,
      src_version_epoch: p.srcVersionEpoch || '0',
      src_partition_id: p.srcPhysicalId,
    };
  }
  return {
    username: spec.targetUser,
    password: spec.targetPassword,
    database_id: spec.tgtDbId,
    table_id: spec.tgtTableId,
    src_token: '',
    src_table_type: TTableType.OLAP_TABLE,
    src_table_data_size: String(spec.srcTableDataSize),
    partition_replication_infos: partitionInfos,
    job_id: spec.jobId,
    src_cluster_run_mode: TRunMode.SHARED_DATA,
    src_storage_volume_name: spec.mirrorVolume,
    src_service_id: spec.srcServiceId,
    src_database_id: spec.srcDbId,
    src_table_id: spec.srcTableId,
  };
}
