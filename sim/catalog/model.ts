// The simulated FE's catalog: plain data, mirroring StarRocks' catalog classes
// (Database, OlapTable/LakeTable, Partition, PhysicalPartition, MaterializedIndex, LakeTablet).
// Ids are JS numbers internally (StarRocks ids stay far below 2^53) and printed as decimal strings.

export type KeysType = 'DUP_KEYS' | 'AGG_KEYS' | 'UNIQUE_KEYS' | 'PRIMARY_KEYS';
export type AggType = 'SUM' | 'MAX' | 'MIN' | 'REPLACE' | 'REPLACE_IF_NOT_NULL' | 'HLL_UNION' | 'BITMAP_UNION' | 'PERCENTILE_UNION';
export type TableType = 'CLOUD_NATIVE' | 'OLAP' | 'VIEW' | 'CLOUD_NATIVE_MATERIALIZED_VIEW' | 'MATERIALIZED_VIEW';
/** OlapTableState; TABLET_RESHARD while a tablet split/merge job of a range-distributed table runs (PR #66342). */
export type TableState = 'NORMAL' | 'ROLLUP' | 'SCHEMA_CHANGE' | 'RESTORE' | 'TABLET_RESHARD';
export type PartitionType = 'UNPARTITIONED' | 'RANGE' | 'LIST' | 'EXPR_RANGE' | 'EXPR_RANGE_V2';
export type VersionTxnType = 'TXN_NORMAL' | 'TXN_REPLICATION';

export interface Column {
  name: string;
  /** Normalized upper-case type text as SHOW CREATE TABLE prints it, e.g. `int(11)` is printed `int(11)`: see sim/show. */
  type: string;
  isKey: boolean;
  aggType: AggType | null;
  nullable: boolean;
  /** The default as written (string literal content), `CURRENT_TIMESTAMP`, or null for none. */
  defaultValue: string | null;
  autoIncrement: boolean;
  comment: string;
  /** A function default (`DEFAULT (uuid())`): the call text, e.g. `uuid()` (defaultValue holds the same text). */
  defaultExpr?: string;
  /** A generated column's expression as SHOW CREATE TABLE prints it after `AS` (absent for ordinary columns). */
  generatedExpr?: string;
}

/** An index of the table: BITMAP (the default when absent) or an NGRAMBF bloom filter index. */
export interface BitmapIndex {
  name: string;
  columns: string[];
  comment: string;
  /** IndexDef.IndexType; absent = BITMAP. */
  indexType?: 'BITMAP' | 'NGRAMBF';
  /** Index properties as StarRocks keeps them (NGRAMBF: gram_num, bloom_filter_fpp, case_sensitive). */
  properties?: Record<string, string>;
}

/** Per-table metadata of one materialized index (MaterializedIndexMeta): the base index, a rollup or a sync MV. */
export interface IndexMeta {
  indexId: number;
  name: string;
  schemaVersion: number;
  schemaHash: number;
  shortKeyColumnCount: number;
}

/** How a load fills one column of a rollup / sync MV from a base row (MVColumnItem's define expression). */
export interface IndexColumnSource {
  /** The base column read. */
  column: string;
  /** `value`: the base value as is (SUM/MIN/MAX/REPLACE aggregate it); `count`: 1, or 0 when the value is NULL. */
  fn: 'value' | 'count';
}

export interface RollupColumn extends Column {
  source: IndexColumnSource;
}

/**
 * A rollup (ALTER TABLE ADD ROLLUP) or synchronous materialized view (CREATE MATERIALIZED VIEW without REFRESH /
 * DISTRIBUTED BY / PARTITION BY): an extra materialized index of an OLAP table with its own tablets in every
 * physical partition (same bucket count and bucket routing as the base index).
 */
export interface RollupIndex extends IndexMeta {
  kind: 'rollup' | 'mv';
  /** The index's own keys type (a SUM sync MV over a DUP table is AGG_KEYS). */
  keysType: KeysType;
  columns: RollupColumn[];
  /** OriginStatement: the CREATE MATERIALIZED VIEW text as sent; null for ALTER TABLE ADD ROLLUP. */
  originStmt: string | null;
  createTime: number;
}

/**
 * A tablet's key range in a range-distributed table (TabletRange over Range<Tuple>): a null endpoint is -/+infinity,
 * a null cell inside a finite endpoint is SQL NULL, other cells are canonical strings (Variant.getStringValue).
 */
export interface TabletRange {
  lower: Array<string | null> | null;
  lowerIncluded: boolean;
  upper: Array<string | null> | null;
  upperIncluded: boolean;
}

export interface Tablet {
  id: number;
  /** The CN (compute node) id this tablet's shard is served by. */
  backendId: number;
  /** Range-distributed tables only: the sort-key range this tablet owns (absent = the whole key space). */
  range?: TabletRange;
}

export interface MaterializedIndex {
  id: number;
  /** Tablets in bucket order (= ascending id for normally created partitions). */
  tablets: Tablet[];
  /** Bytes and rows of this index at the visible version (set by the storage layer at each publish). */
  dataSize?: number;
  rowCount?: number;
}

export interface PhysicalPartition {
  id: number;
  /** Id of the logical partition this belongs to. */
  parentId: number;
  visibleVersion: number;
  visibleVersionTime: number; // epoch ms
  nextVersion: number;
  dataVersion: number;
  /** Data version of the latest committed (maybe not yet visible) txn; equals dataVersion when nothing is unpublished. */
  committedDataVersion: number;
  committedVersion: number;
  versionEpoch: number;
  versionTxnType: VersionTxnType;
  compactVersion: number;
  metaSwitchVersion: number;
  /** The base index first, then the rollups / sync MVs in creation order. */
  indexes: MaterializedIndex[];
  /**
   * At the visible version (kept up to date by loads, replication and compaction): bytes of every index,
   * rows of the base index (PhysicalPartition.getDataSize / getRowCount).
   */
  dataSize: number;
  rowCount: number;
  /** Visible version of the last load whose data compaction has not merged yet (compaction bookkeeping). */
  lastCompactedDataVersion: number;
}

export type PartitionBound =
  | { kind: 'none' }
  /** Range [lower, upper): each a list of values, one per partition column; MAXVALUE as null. */
  | { kind: 'range'; lower: Array<string | null>; upper: Array<string | null> }
  /** List: each entry a tuple of values, one per partition column. */
  | { kind: 'list'; values: string[][] };

export interface Partition {
  id: number;
  name: string;
  bound: PartitionBound;
  buckets: number;
  isTemp: boolean;
  physicalPartitions: PhysicalPartition[];
  /** Partition-level properties (e.g. storage_volume is table-level; kept for completeness). */
  dataCacheEnable: boolean;
}

export interface PartitionInfo {
  type: PartitionType;
  /** Partition column names (for expressions: the columns referenced). */
  columns: string[];
  /** For expression partitioning: the expression text as SHOW CREATE TABLE prints it, e.g. `date_trunc('day', dt)`. */
  exprText: string | null;
  /** LIST partitioning created by expression (`PARTITION BY col` / `PARTITION BY (a, b)`): automatic partitions. */
  automatic: boolean;
}

export interface DistributionInfo {
  /** RANGE: RangeDistributionInfo (shared-data, no DISTRIBUTED BY, `enable_range_distribution`); no columns, 1 bucket. */
  type: 'HASH' | 'RANDOM' | 'RANGE';
  columns: string[];
  /** The table's default bucket number; 0 = automatic bucketing. */
  buckets: number;
}

/**
 * A tablet split/merge job of a range-distributed table (TabletReshardJob, PR #66342; sim/range/reshard.ts). Kept on
 * its table so that the image and the journal carry it across FE restarts, as StarRocks journals reshard jobs.
 */
export interface TabletReshardJobInfo {
  jobId: number;
  type: 'SPLIT_TABLET' | 'MERGE_TABLET';
  state: 'PENDING' | 'PREPARING' | 'RUNNING' | 'CLEANING' | 'FINISHED' | 'ABORTING' | 'ABORTED';
  dbId: number;
  tableId: number;
  transactionId: number;
  createdTimeMs: number;
  /** 0 until FINISHED / ABORTED. */
  finishedTimeMs: number;
  errorMessage: string;
  /** SPLIT_TABLET: each parent tablet and its half-open child ranges (covering the parent exactly). */
  splits: Array<{ physicalPartitionId: number; indexId: number; parentTabletId: number; ranges: TabletRange[] }>;
  /** MERGE_TABLET: adjacent tablets (range order) of one index merged into one. */
  merges: Array<{ physicalPartitionId: number; indexId: number; tabletIds: number[] }>;
}

export interface OlapTable {
  kind: 'olap';
  id: number;
  name: string;
  type: 'CLOUD_NATIVE' | 'OLAP';
  state: TableState;
  keysType: KeysType;
  columns: Column[];
  /** Key columns in key order. */
  keyColumns: string[];
  partitionInfo: PartitionInfo;
  distribution: DistributionInfo;
  sortKeys: string[];
  /** Properties as given/normalized (lower-case keys), excluding storage_volume. */
  properties: Record<string, string>;
  storageVolumeId: string;
  bitmapIndexes: BitmapIndex[];
  comment: string;
  baseIndex: IndexMeta;
  /** Rollups and sync MVs in creation order (absent in images written before they were simulated). */
  rollups?: RollupIndex[];
  partitions: Partition[];
  hasDelete: boolean;
  createTime: number;
  /** Set on a table created as an async materialized view. */
  mv: MaterializedViewInfo | null;
  /** Range distribution: the table's tablet reshard jobs, unfinished and history (absent = none). */
  reshardJobs?: TabletReshardJobInfo[];
}

export interface MaterializedViewInfo {
  /** The defining query text (after AS). */
  query: string;
  refreshType: 'ASYNC' | 'MANUAL' | 'INCREMENTAL';
  /** The full REFRESH clause as written, e.g. `REFRESH ASYNC EVERY(INTERVAL 1 DAY)`. */
  refreshClause: string;
  isActive: boolean;
  creator: string;
}

export interface ViewTable {
  kind: 'view';
  id: number;
  name: string;
  /** Column names given in CREATE VIEW v (a, b), or null. */
  columnNames: string[] | null;
  /** The defining query text (after AS). */
  query: string;
  comment: string;
  createTime: number;
}

export type Table = OlapTable | ViewTable;

export interface Database {
  id: number;
  name: string;
  /** Tables, views and MVs by name (insertion order = creation order). */
  tables: Map<string, Table>;
  createTime: number;
  /** Storage volume the db was bound to at CREATE DATABASE (the default then, or PROPERTIES storage_volume);
   *  tables created without a storage_volume property use it (SharedDataStorageVolumeMgr). Absent in shared_nothing. */
  storageVolumeId?: string;
}

export interface StorageVolume {
  id: string;
  name: string;
  type: 'S3' | 'HDFS' | 'AZBLOB' | 'ADLS2' | 'GS';
  /** e.g. `s3://bucket/prefix` */
  locations: string[];
  params: Record<string, string>;
  enabled: boolean;
  comment: string;
  /** Virtual tablet (shard) id per source service id, for replication from another cluster (mirror volumes). */
  virtualTabletIds: Record<string, number>;
}

export interface ComputeNode {
  id: number;
  host: string;
  /** Number of replication worker slots; 0 = 4 × cores as in StarRocks (`replication_threads`). */
  replicationThreads: number;
  /** Optional copy bandwidth limit in bytes/s (0 = unlimited); a simulator knob for benchmarks. */
  bandwidthBytesPerSec: number;
}

export interface Catalog {
  databases: Map<string, Database>;
  storageVolumes: Map<string, StorageVolume>;
  defaultStorageVolume: string;
}

export const SYSTEM_DATABASES = ['information_schema', '_statistics_', 'sys'] as const;
