// What srsync knows of one cluster's catalog at one moment: read by an inspector, consumed by the (pure) planner.
// Ids are decimal strings throughout (StarRocks returns them as strings from SHOW PROC; BIGINT via mysql2 as strings).

export type KeysType = 'DUP_KEYS' | 'AGG_KEYS' | 'UNIQUE_KEYS' | 'PRIMARY_KEYS';
export type PartitionType = 'UNPARTITIONED' | 'RANGE' | 'LIST' | 'EXPR_RANGE' | 'EXPR_RANGE_V2';
export type VersionTxnType = 'TXN_NORMAL' | 'TXN_REPLICATION';

export interface ClusterSnapshot {
  /** Epoch ms when the read started. */
  takenAt: number;
  /** `<version>-<commit>` from SELECT @@version_comment, e.g. `4.1.0-a1b2c3d`. */
  version: string;
  runMode: 'shared_data' | 'shared_nothing';
  /** StarOS service id (GET /service_id); empty when not known. */
  serviceId: string;
  storageVolumes: Map<string, StorageVolumeInfo>;
  /** Name of the default storage volume. */
  defaultStorageVolume: string;
  /** User databases only (no information_schema, sys, _statistics_). */
  databases: Map<string, DatabaseInfo>;
}

export interface StorageVolumeInfo {
  name: string;
  type: string;
  locations: string[];
  isDefault: boolean;
  enabled: boolean;
}

export interface DatabaseInfo {
  id: string;
  name: string;
  tables: Map<string, TableInfo>;
  views: Map<string, ViewInfo>;
  materializedViews: Map<string, MaterializedViewInfo>;
}

export interface ColumnInfo {
  name: string;
  /** Column type as SHOW CREATE TABLE prints it, e.g. `int(11)`, `varchar(65533)`, `decimal(10, 2)`. */
  type: string;
  isKey: boolean;
  /** Aggregation type for AGG_KEYS value columns (`SUM`, `REPLACE`, ...), else null. */
  aggType: string | null;
  nullable: boolean;
  defaultValue: string | null;
  autoIncrement: boolean;
  comment: string;
}

export interface BitmapIndexInfo {
  name: string;
  columns: string[];
  comment: string;
}

export interface MaterializedIndexInfo {
  /** Index (meta) id; the base index is named after the table. */
  id: string;
  name: string;
  schemaHash: number;
  schemaVersion: number;
}

/** One column of a materialized index as `DESC <db>.<table> ALL` prints it (reference sim/fidelity/rollups.md §14). */
export interface IndexColumnInfo {
  name: string;
  /** DESC's Type text, e.g. `int`, `varchar(20)` (compared case- and blank-insensitively). */
  type: string;
  isKey: boolean;
  /**
   * Aggregation of a value column (DESC's Extra): `SUM`, `MAX`, ..., or the implicit `NONE` (DUPLICATE index) /
   * `REPLACE` (UNIQUE index) when Extra shows none; null for key columns.
   */
  aggType: string | null;
  nullable: boolean;
}

/** A rollup or synchronous materialized view: a non-base materialized index of an OLAP / cloud-native table. */
export interface SyncIndexInfo {
  /** Index (meta) id on its own cluster. */
  id: string;
  name: string;
  /**
   * `rollup`: made by ALTER TABLE ADD ROLLUP (StarRocks keeps no statement and prints one built from the columns);
   * `mv`: made by CREATE MATERIALIZED VIEW without REFRESH (the user's statement is kept).
   */
  kind: 'rollup' | 'mv';
  /**
   * SHOW MATERIALIZED VIEWS `text`: the CREATE MATERIALIZED VIEW statement with newlines and tabs removed and
   * spaces collapsed (`mv`), or the statement StarRocks builds from the columns (`rollup`).
   */
  definition: string;
  /** The index's own keys type (DESC ALL IndexKeysType). */
  keysType: KeysType;
  /** In index order (keys first). */
  columns: IndexColumnInfo[];
}

export interface TableInfo {
  id: string;
  dbName: string;
  name: string;
  /** `CLOUD_NATIVE` for shared-data tables. */
  engine: string;
  state: string;
  keysType: KeysType;
  columns: ColumnInfo[];
  keyColumns: string[];
  partitionType: PartitionType;
  partitionColumns: string[];
  distribution: { type: 'HASH' | 'RANDOM'; columns: string[]; buckets: number };
  sortKeys: string[];
  /** Table properties as SHOW CREATE TABLE / tables_config print them (includes storage_volume, replication_num). */
  properties: Record<string, string>;
  storageVolume: string;
  bitmapIndexes: BitmapIndexInfo[];
  /** Materialized indexes, base first. */
  indexes: MaterializedIndexInfo[];
  /** IndexNum of SHOW PROC '/dbs/<dbId>': the base index plus rollups and sync MVs (when read). */
  indexNum?: number;
  /**
   * Rollups and sync MVs (the non-base indexes) in index_schema order; [] when the table has only its base index.
   * Undefined when not read (a scoped re-read), or when the reads disagreed (an index appearing or going away).
   */
  syncIndexes?: SyncIndexInfo[];
  /** Logical partitions by name (temporary partitions excluded). */
  partitions: Map<string, PartitionInfo>;
  /** SHOW CREATE TABLE text, as the source printed it. */
  createSql: string;
  /** Sum of partition data sizes, bytes. */
  dataSize: number;
}

export type PartitionBound =
  | { kind: 'none' }
  /** Range [lower, upper): one value per partition column, as literal text (e.g. `2024-01-01`). */
  | { kind: 'range'; lower: string[]; upper: string[] }
  /** List: one tuple per value, one value per partition column. */
  | { kind: 'list'; values: string[][] };

export interface PartitionInfo {
  name: string;
  /** The partition's value text as partitions_meta PARTITION_VALUE prints it (range or list), for consistency checks. */
  value: string;
  bound: PartitionBound;
  buckets: number;
  /** Physical partitions, ascending id. */
  physical: PhysicalPartitionInfo[];
}

export interface PhysicalPartitionInfo {
  id: string;
  visibleVersion: number;
  dataVersion: number;
  nextVersion: number;
  versionEpoch: string;
  versionTxnType: VersionTxnType;
  dataSize: number;
  rowCount: number;
}

export interface ViewInfo {
  id: string;
  dbName: string;
  name: string;
  /** Full `CREATE VIEW` text as SHOW CREATE VIEW prints it. */
  createSql: string;
  definition: string;
  /** Column names (information_schema.columns), when read: they may appear in createSql with unescaped backticks. */
  columns?: string[];
}

export interface MaterializedViewInfo {
  id: string;
  dbName: string;
  name: string;
  /** Full `CREATE MATERIALIZED VIEW` text as SHOW CREATE MATERIALIZED VIEW prints it. */
  createSql: string;
  definition: string;
  /** Column names (information_schema.columns), when read: they may appear in createSql with unescaped backticks. */
  columns?: string[];
}

/** Tablets of one physical partition, per materialized index, in bucket order (ascending tablet id). */
export interface PartitionTablets {
  physicalPartitionId: string;
  indexes: Array<{ indexId: string; indexName: string; tabletIds: string[] }>;
}
