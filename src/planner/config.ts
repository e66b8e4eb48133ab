import { parseDataListText } from '../config/data-list.js';
import type { NameMappingEntry } from '../config/data-list.js';
import { keyDefault, type SyncConfig, type SyncConfigField } from '../config/sync-config.js';
// What the planner needs from sync.properties, already parsed and typed (the engine maps the file into it).
// Defaults are the manual's defaults (seed manual, "Configure the Tool" → conf/sync.properties).

/** One include_data_list / exclude_data_list entry: `<db>` or `<db>.<table>` (names exact, case-sensitive). */
export interface DataListEntry {
  db: string;
  table?: string;
}

export interface PlannerConfig {
  /** include_data_list; takes priority over exclude_data_list; empty = everything. */
  includeDataList: DataListEntry[];
  /** exclude_data_list. */
  excludeDataList: DataListEntry[];
  /** target_cluster_storage_volume ('' = keep the source table's volume name). */
  targetClusterStorageVolume: string;
  /** target_cluster_replication_num (-1 = keep the source's). */
  targetClusterReplicationNum: number;
  /** target_cluster_enable_persistent_index (null = keep the source's). */
  targetClusterEnablePersistentIndex: boolean | null;
  /** target_cluster_use_builtin_storage_volume_only. */
  targetClusterUseBuiltinStorageVolumeOnly: boolean;
  /** max_replication_data_size_per_job_in_gb, in bytes. A value <= 0 means no limit. */
  maxReplicationDataSizePerJobBytes: number;
  ddlJobAllowDropTargetOnly: boolean;
  ddlJobAllowDropSchemaChangeTable: boolean;
  ddlJobAllowDropInconsistentPartition: boolean;
  ddlJobAllowDropInconsistentTimePartition: boolean;
  ddlJobAllowDropPartitionTargetOnly: boolean;
  enableBitmapIndexSync: boolean;
  ddlJobAllowDropInconsistentBitmapIndex: boolean;
  ddlJobAllowDropBitmapIndexTargetOnly: boolean;
  enableMaterializedViewSync: boolean;
  ddlJobAllowDropInconsistentMaterializedView: boolean;
  ddlJobAllowDropMaterializedViewTargetOnly: boolean;
  enableViewSync: boolean;
  ddlJobAllowDropInconsistentView: boolean;
  ddlJobAllowDropViewTargetOnly: boolean;
  enableTablePropertySync: boolean;
  /** target_database_mapping (srsync-only): source databases created under another name on the target. */
  targetDatabaseMapping: readonly NameMappingEntry[];
  /** target_table_mapping (srsync-only): source objects created under another name (in their database's target). */
  targetTableMapping: readonly NameMappingEntry[];
}

export const GIB = 1024 ** 3;

/** The keys of sync.properties the planner reads. */
const PLANNER_KEYS = [
  'includeDataList',
  'excludeDataList',
  'targetClusterStorageVolume',
  'targetClusterReplicationNum',
  'targetClusterEnablePersistentIndex',
  'targetClusterUseBuiltinStorageVolumeOnly',
  'maxReplicationDataSizePerJobInGb',
  'ddlJobAllowDropTargetOnly',
  'ddlJobAllowDropSchemaChangeTable',
  'ddlJobAllowDropInconsistentPartition',
  'ddlJobAllowDropInconsistentTimePartition',
  'ddlJobAllowDropPartitionTargetOnly',
  'enableBitmapIndexSync',
  'ddlJobAllowDropInconsistentBitmapIndex',
  'ddlJobAllowDropBitmapIndexTargetOnly',
  'enableMaterializedViewSync',
  'ddlJobAllowDropInconsistentMaterializedView',
  'ddlJobAllowDropMaterializedViewTargetOnly',
  'enableViewSync',
  'ddlJobAllowDropInconsistentView',
  'ddlJobAllowDropViewTargetOnly',
  'enableTablePropertySync',
  'targetDatabaseMapping',
  'targetTableMapping',
] as const satisfies readonly SyncConfigField[];

export type PlannerKeys = Pick<SyncConfig, (typeof PLANNER_KEYS)[number]>;

/** The planner's view of sync.properties (each value under its key's name; the size limit in bytes). */
export function plannerConfigOf(c: PlannerKeys): PlannerConfig {
  const entry = (e: { db: string; table: string | null }): DataListEntry => (e.table ? { db: e.db, table: e.table } : { db: e.db });
  return {
    includeDataList: c.includeDataList.map(entry),
    excludeDataList: c.excludeDataList.map(entry),
    targetClusterStorageVolume: c.targetClusterStorageVolume ?? '',
    targetClusterReplicationNum: c.targetClusterReplicationNum,
    targetClusterEnablePersistentIndex: c.targetClusterEnablePersistentIndex,
    targetClusterUseBuiltinStorageVolumeOnly: c.targetClusterUseBuiltinStorageVolumeOnly,
    maxReplicationDataSizePerJobBytes: c.maxReplicationDataSizePerJobInGb * GIB,
    ddlJobAllowDropTargetOnly: c.ddlJobAllowDropTargetOnly,
    ddlJobAllowDropSchemaChangeTable: c.ddlJobAllowDropSchemaChangeTable,
    ddlJobAllowDropInconsistentPartition: c.ddlJobAllowDropInconsistentPartition,
    ddlJobAllowDropInconsistentTimePartition: c.ddlJobAllowDropInconsistentTimePartition,
    ddlJobAllowDropPartitionTargetOnly: c.ddlJobAllowDropPartitionTargetOnly,
    enableBitmapIndexSync: c.enableBitmapIndexSync,
    ddlJobAllowDropInconsistentBitmapIndex: c.ddlJobAllowDropInconsistentBitmapIndex,
    ddlJobAllowDropBitmapIndexTargetOnly: c.ddlJobAllowDropBitmapIndexTargetOnly,
    enableMaterializedViewSync: c.enableMaterializedViewSync,
    ddlJobAllowDropInconsistentMaterializedView: c.ddlJobAllowDropInconsistentMaterializedView,
    ddlJobAllowDropMaterializedViewTargetOnly: c.ddlJobAllowDropMaterializedViewTargetOnly,
    enableViewSync: c.enableViewSync,
    ddlJobAllowDropInconsistentView: c.ddlJobAllowDropInconsistentView,
    ddlJobAllowDropViewTargetOnly: c.ddlJobAllowDropViewTargetOnly,
    enableTablePropertySync: c.enableTablePropertySync,
    targetDatabaseMapping: c.targetDatabaseMapping,
    targetTableMapping: c.targetTableMapping,
  };
}

/** The manual's defaults (conf/sync.properties as shipped): the key specs' defaults, parsed. */
export const defaultPlannerConfig: Readonly<PlannerConfig> = Object.freeze(
  plannerConfigOf(Object.fromEntries(PLANNER_KEYS.map((f) => [f, keyDefault(f)])) as unknown as PlannerKeys),
);

/** The defaults with some keys overridden (a fresh object; lists are copied). */
export function plannerConfig(overrides: Partial<PlannerConfig> = {}): PlannerConfig {
  return {
    ...defaultPlannerConfig,
    includeDataList: [...defaultPlannerConfig.includeDataList],
    excludeDataList: [...defaultPlannerConfig.excludeDataList],
    ...overrides,
  };
}

/**
 * `db1, db2.tbl2,db3` → entries (manual: "Comma-separated list of database names or table names like <db_name>
 * or <db_name.table_name>"). The first `.` separates db from table; blanks are trimmed, empty items dropped.
 */
export function parseDataList(text: string): DataListEntry[] {
  return parseDataListText(text).map((e) => (e.table === null ? { db: e.db } : { db: e.db, table: e.table }));
}
