// What srsync knows of one cluster's catalog at one moment: read by an inspector, consumed by the (pure) planner.
// Ids are decimal strings throughout (StarRocks returns them as strings from SHOW PROC; BIGINT via mysql2 as strings).
// Immutable once read (readonly types): a change (a re-read table, a DDL text read later) produces a new value.

export type KeysType = 'DUP_KEYS' | 'AGG_KEYS' | 'UNIQUE_KEYS' | 'PRIMARY_KEYS';
export type PartitionType = 'UNPARTITIONED' | 'RANGE' | 'LIST' | 'EXPR_RANGE' | 'EXPR_RANGE_V2';
export type VersionTxnType = 'TXN_NORMAL' | 'TXN_REPLICATION';

export interface ClusterSnapshot {
  /** Epoch ms when the read started. */
  readonly takenAt: number;
  /** `<version>-<commit>` from SELECT @@version_comment, e.g. `4.1.0-a1b2c3d`. */
  readonly version: string;
  readonly runMode: 'shared_data' | 'shared_nothing';
  /** StarOS service id (GET /service_id); empty when not known. */
  readonly serviceId: string;
  readonly storageVolumes: ReadonlyMap<string, StorageVolumeInfo>;
  /** Name of the default storage volume. */
  readonly defaultStorageVolume: string;
  /** User databases only (no information_schema, sys, _statistics_). */
  readonly databases: ReadonlyMap<string, DatabaseInfo>;
  /** Users, roles and grants (read only with enable_privilege_sync; src/inspector/privileges.ts). */
  readonly privileges?: PrivilegeSnapshot;
}

/** Users, roles and their grants as SHOW USERS / SHOW CREATE USER / SHOW ROLES / SHOW GRANTS print them. */
export interface PrivilegeSnapshot {
  /**
   * null when the users could not be read as definitions: `usersUnreadable` says why (the login lacks SHOW SECRET,
   * so digests read `<secret>`, or SHOW CREATE USER is refused). Roles are still read.
   */
  readonly users: readonly UserInfo[] | null;
  readonly usersUnreadable?: string;
  readonly roles: readonly RoleInfo[];
}

export interface UserInfo {
  readonly user: string;
  readonly host: string;
  /** `*HEX` mysql_native_password digest (upper-case); '' when the user has no password. Never a plain password. */
  readonly digest: string;
  /** The authentication plugin SHOW CREATE USER names ('' when no IDENTIFIED clause). */
  readonly plugin: string;
  /** DEFAULT ROLE, sorted. */
  readonly defaultRoles: readonly string[];
  /** Granted roles (SHOW GRANTS' role row). */
  readonly roles: readonly string[];
  /** null when SHOW GRANTS FOR this user failed (its privileges are then not known this round). */
  readonly grants: readonly GrantInfo[] | null;
}

export interface RoleInfo {
  readonly name: string;
  readonly builtin: boolean;
  /** Parent roles (SHOW GRANTS FOR ROLE's role row). */
  readonly parents: readonly string[];
  /** null when SHOW GRANTS FOR ROLE failed. */
  readonly grants: readonly GrantInfo[] | null;
}

/** The object of a privilege entry, as SHOW GRANTS names it. */
export type GrantObjectRef =
  | { readonly kind: 'system' }
  /** `ALL TABLES IN DATABASE d` (db), `ALL TABLES IN ALL DATABASES` (inAllDatabases), `ALL DATABASES` (neither). */
  | { readonly kind: 'all'; readonly plural: string; readonly db: string | null; readonly inAllDatabases: boolean }
  | { readonly kind: 'catalog'; readonly name: string }
  | { readonly kind: 'database'; readonly name: string }
  | { readonly kind: 'table'; readonly type: 'TABLE' | 'VIEW' | 'MATERIALIZED VIEW'; readonly db: string; readonly name: string }
  | { readonly kind: 'storage_volume'; readonly name: string }
  /** Anything else (functions, resources, external catalogs...): kept as text, not synced. */
  | { readonly kind: 'other'; readonly text: string };

/** One row of SHOW GRANTS (one privilege entry). */
export interface GrantInfo {
  /** In the order SHOW GRANTS lists them. */
  readonly privileges: readonly string[];
  readonly object: GrantObjectRef;
  /** The object as SHOW GRANTS prints it (`TABLE d.t`): the key grants are compared by. */
  readonly objectText: string;
  /** The Catalog column (null for the built-in `*` objects). */
  readonly catalog: string | null;
  readonly withGrantOption: boolean;
}

export interface StorageVolumeInfo {
  readonly name: string;
  readonly type: string;
  readonly locations: readonly string[];
  readonly isDefault: boolean;
  readonly enabled: boolean;
}

export interface DatabaseInfo {
  readonly id: string;
  readonly name: string;
  readonly tables: ReadonlyMap<string, TableInfo>;
  readonly views: ReadonlyMap<string, ViewInfo>;
  readonly materializedViews: ReadonlyMap<string, MaterializedViewInfo>;
}

export interface ColumnInfo {
  readonly name: string;
  /** Column type as SHOW CREATE TABLE prints it, e.g. `int(11)`, `varchar(65533)`, `decimal(10, 2)`. */
  readonly type: string;
  readonly isKey: boolean;
  /** Aggregation type for AGG_KEYS value columns (`SUM`, `REPLACE`, ...), else null. */
  readonly aggType: string | null;
  readonly nullable: boolean;
  readonly defaultValue: string | null;
  readonly autoIncrement: boolean;
  readonly comment: string;
}

export interface BitmapIndexInfo {
  readonly name: string;
  readonly columns: readonly string[];
  readonly comment: string;
}

export interface MaterializedIndexInfo {
  /** Index (meta) id; the base index is named after the table. */
  readonly id: string;
  readonly name: string;
  readonly schemaHash: number;
  readonly schemaVersion: number;
}

/** One column of a materialized index as `DESC <db>.<table> ALL` prints it (reference sim/fidelity/rollups.md §14). */
export interface IndexColumnInfo {
  readonly name: string;
  /** DESC's Type text, e.g. `int`, `varchar(20)` (compared case- and blank-insensitively). */
  readonly type: string;
  readonly isKey: boolean;
  /**
   * Aggregation of a value column (DESC's Extra): `SUM`, `MAX`, ..., or the implicit `NONE` (DUPLICATE index) /
   * `REPLACE` (UNIQUE index) when Extra shows none; null for key columns.
   */
  readonly aggType: string | null;
  readonly nullable: boolean;
}

/** A rollup or synchronous materialized view: a non-base materialized index of an OLAP / cloud-native table. */
export interface SyncIndexInfo {
  /** Index (meta) id on its own cluster. */
  readonly id: string;
  readonly name: string;
  /**
   * `rollup`: made by ALTER TABLE ADD ROLLUP (StarRocks keeps no statement and prints one built from the columns);
   * `mv`: made by CREATE MATERIALIZED VIEW without REFRESH (the user's statement is kept).
   */
  readonly kind: 'rollup' | 'mv';
  /**
   * SHOW MATERIALIZED VIEWS `text`: the CREATE MATERIALIZED VIEW statement with newlines and tabs removed and
   * spaces collapsed (`mv`), or the statement StarRocks builds from the columns (`rollup`).
   */
  readonly definition: string;
  /** The index's own keys type (DESC ALL IndexKeysType). */
  readonly keysType: KeysType;
  /** In index order (keys first). */
  readonly columns: readonly IndexColumnInfo[];
}

export interface TableInfo {
  readonly id: string;
  readonly dbName: string;
  readonly name: string;
  /** `CLOUD_NATIVE` for shared-data tables. */
  readonly engine: string;
  readonly state: string;
  readonly keysType: KeysType;
  readonly columns: readonly ColumnInfo[];
  readonly keyColumns: readonly string[];
  readonly partitionType: PartitionType;
  readonly partitionColumns: readonly string[];
  /**
   * RANGE: range-distributed (tables_config DISTRIBUTE_TYPE `RANGE`, no DISTRIBUTED BY in SHOW CREATE TABLE, tablets
   * owning key ranges, starrocks-2026.md §1.5): its tablets pair by range, never by position (src/range/).
   */
  readonly distribution: { readonly type: 'HASH' | 'RANDOM' | 'RANGE'; readonly columns: readonly string[]; readonly buckets: number };
  readonly sortKeys: readonly string[];
  /** Table properties as SHOW CREATE TABLE / tables_config print them (includes storage_volume, replication_num). */
  readonly properties: Readonly<Record<string, string>>;
  readonly storageVolume: string;
  readonly bitmapIndexes: readonly BitmapIndexInfo[];
  /** Materialized indexes, base first. */
  readonly indexes: readonly MaterializedIndexInfo[];
  /** IndexNum of SHOW PROC '/dbs/<dbId>': the base index plus rollups and sync MVs (when read). */
  readonly indexNum?: number;
  /**
   * Rollups and sync MVs (the non-base indexes) in index_schema order; [] when the table has only its base index.
   * Undefined when not read (a scoped re-read), or when the reads disagreed (an index appearing or going away).
   */
  readonly syncIndexes?: readonly SyncIndexInfo[];
  /** Logical partitions by name (temporary partitions excluded). */
  readonly partitions: ReadonlyMap<string, PartitionInfo>;
  /** SHOW CREATE TABLE text, as the source printed it. */
  readonly createSql: string;
  /** Sum of partition data sizes, bytes. */
  readonly dataSize: number;
  /**
   * Set when one of this table's own reads failed (its rows in the bulk reads could not be understood; the engine
   * also sets it from a failed SHOW CREATE TABLE / SHOW INDEX, see ClusterInspector.try*): `<what> failed: <message>`.
   * The entry stays (the table is neither created nor dropped as missing) but its other fields may be empty: plan
   * nothing for it this round; it counts as not in sync with this reason. Absent: everything read.
   */
  readonly readError?: string;
}

export type PartitionBound =
  | { readonly kind: 'none' }
  /** Range [lower, upper): one value per partition column, as literal text (e.g. `2024-01-01`). */
  | { readonly kind: 'range'; readonly lower: readonly string[]; readonly upper: readonly string[] }
  /** List: one tuple per value, one value per partition column. */
  | { readonly kind: 'list'; readonly values: ReadonlyArray<readonly string[]> };

export interface PartitionInfo {
  readonly name: string;
  /** The partition's value text as partitions_meta PARTITION_VALUE prints it (range or list), for consistency checks. */
  readonly value: string;
  readonly bound: PartitionBound;
  readonly buckets: number;
  /** Physical partitions, ascending id. */
  readonly physical: readonly PhysicalPartitionInfo[];
}

export interface PhysicalPartitionInfo {
  readonly id: string;
  readonly visibleVersion: number;
  readonly dataVersion: number;
  readonly nextVersion: number;
  readonly versionEpoch: string;
  readonly versionTxnType: VersionTxnType;
  readonly dataSize: number;
  readonly rowCount: number;
}

/** A view or an asynchronous materialized view: an object defined by a query (its data is not migrated). */
export interface DefinedObjectInfo {
  readonly id: string;
  readonly dbName: string;
  readonly name: string;
  /** Full `CREATE [MATERIALIZED] VIEW` text as SHOW CREATE [MATERIALIZED] VIEW prints it. */
  readonly createSql: string;
  readonly definition: string;
  /** Column names (information_schema.columns), when read: they may appear in createSql with unescaped backticks. */
  readonly columns?: readonly string[];
  /** As TableInfo.readError: its SHOW CREATE text could not be read; plan nothing for it this round. */
  readonly readError?: string;
}

export type ViewInfo = DefinedObjectInfo;
export type MaterializedViewInfo = DefinedObjectInfo;

/** Tablets of one physical partition, per materialized index, in bucket order (ascending tablet id). */
export interface PartitionTablets {
  readonly physicalPartitionId: string;
  readonly indexes: ReadonlyArray<{ readonly indexId: string; readonly indexName: string; readonly tabletIds: readonly string[] }>;
}
