// CREATE TABLE / DROP TABLE (CreateTableAnalyzer, OlapTableFactory.createTable, LocalMetastore.dropTable).
// Id order of CREATE TABLE: logical partition ids in definition order (+ the shadow partition of automatic
// partitioning), table id, base index id, then per partition in Java HashMap order of the names: physical
// partition id and its tablet ids in bucket order. Errors StarRocks raises after allocating ids consume them here too.
import type { BitmapIndex, Column, Database, DistributionInfo, KeysType, MaterializedViewInfo, OlapTable, PartitionInfo } from '../catalog/model.js';
import type { FeState } from '../fe/state.js';
import type { CreateTableStmt, DropTableStmt } from '../sql/ast.js';
import { analyzeColumns } from './columns.js';
import { analyzeDistribution, partitionBuckets } from './distribution.js';
import { ddlError, ERR, semanticError } from './errors.js';
import { type DdlHooks, hooksOf } from './hooks.js';
import { analyzeTableIndexes } from './indexes.js';
import { analyzePartitionDesc, type PartitionPlan, type PartitionSpec, partitionTypes, SHADOW_PARTITION_NAME, shadowBound } from './partitions.js';
import { announce, buildCreatePartitions, checkComputeNodes, type LogicalPartitionSpec } from './physical.js';
import { analyzeTableProperties } from './properties.js';
import { hasCommittedTxn, objectToDrop, resolveDb } from './resolve.js';
import { schemaHash, shortKeyColumnCount } from './schema.js';
import { volumeForTable } from './storage-volume.js';
import { checkColumnName, checkNotReservedColumnName, checkTableName } from './names.js';
import { analyzeSortKeys, resolveSortKeys } from './sort-keys.js';
import { analyzeGeneratedColumns } from './generated.js';
import { addRollups } from './rollup.js';
import { expandCreateTableLike } from './create-like.js';

const EXTERNAL_ENGINES = new Set(['mysql', 'elasticsearch', 'hive', 'iceberg', 'hudi', 'jdbc', 'file', 'broker']);

/** Everything needed to put a new OLAP table (or async MV) into the catalog. */
export interface TableBlueprint {
  name: string;
  type: OlapTable['type'];
  keysType: KeysType;
  columns: Column[];
  keyColumns: string[];
  partitionInfo: PartitionInfo;
  distribution: DistributionInfo;
  sortKeys: string[];
  bitmapIndexes: BitmapIndex[];
  comment: string;
  mv: MaterializedViewInfo | null;
  specs: PartitionSpec[];
  shadow: boolean;
}

/** Late checks StarRocks runs after some ids are already allocated (they consume those ids on failure). */
export interface LateChecks {
  afterPartitionIds?: () => void;
  /** Returns the storage volume id (bindTableToStorageVolume). */
  afterTableId?: (tableId: number) => string;
  /** Returns the printed properties. */
  afterIndexId?: () => Record<string, string>;
}

/** Allocates ids and builds the table with its partitions and tablets; does not register it. */
export function materializeTable(fe: FeState, bp: TableBlueprint, late: LateChecks): OlapTable {
  const now = Date.now();
  const partitionIds = bp.specs.map(() => fe.allocId());
  const shadowId = bp.shadow ? fe.allocId() : 0;
  const unpartitionedId = bp.partitionInfo.type === 'UNPARTITIONED' ? fe.allocId() : 0;
  late.afterPartitionIds?.();
  const tableId = fe.allocId();
  const storageVolumeId = late.afterTableId?.(tableId) ?? '';
  const indexId = fe.allocId();
  const properties = late.afterIndexId?.() ?? {};
  const table: OlapTable = {
    kind: 'olap',
    id: tableId,
    name: bp.name,
    type: bp.type,
    state: 'NORMAL',
    keysType: bp.keysType,
    columns: bp.columns,
    keyColumns: bp.keyColumns,
    partitionInfo: bp.partitionInfo,
    distribution: bp.distribution,
    sortKeys: bp.sortKeys,
    properties,
    storageVolumeId,
    bitmapIndexes: bp.bitmapIndexes,
    comment: bp.comment,
    baseIndex: {
      indexId,
      name: bp.name,
      schemaVersion: 0,
      schemaHash: schemaHash(0, bp.columns, properties['bloom_filter_columns'] ?? ''),
      shortKeyColumnCount: shortKeyColumnCount(bp.columns, bp.sortKeys),
    },
    partitions: [],
    hasDelete: false,
    createTime: now,
    mv: bp.mv,
  };
  checkComputeNodes(fe);
  const buckets = partitionBuckets(fe, bp.distribution);
  const logical: LogicalPartitionSpec[] = bp.specs.map((s, i) => ({ id: partitionIds[i]!, name: s.name, bound: s.bound, buckets, isTemp: false }));
  if (bp.shadow) {
    const bound = shadowBound(bp.partitionInfo, partitionTypes({ columns: bp.columns, partitionInfo: bp.partitionInfo }));
    logical.push({ id: shadowId, name: SHADOW_PARTITION_NAME, bound, buckets, isTemp: false });
  }
  if (unpartitionedId) logical.push({ id: unpartitionedId, name: bp.name, bound: { kind: 'none' }, buckets, isTemp: false });
  table.partitions = buildCreatePartitions(fe, table, logical, now);
  return table;
}

/** Registers a materialized table: hooks for its physical partitions (id order), then the db entry. */
export function registerTable(fe: FeState, db: Database, table: OlapTable, hooks: DdlHooks): void {
  announce(hooks.onNewPhysicalPartition, db, table, table.partitions);
  db.tables.set(table.name, table);
  fe.onChange();
}

/**
 * CREATE TABLE. Returns the new table, or null when IF NOT EXISTS found an existing one.
 * `currentDb` is the session's database (for unqualified names).
 */
/** Session state CREATE TABLE reads: the session variable `enable_range_distribution` when it was set. */
export interface CreateTableSession {
  rangeDistribution?: boolean;
}

export function createTable(
  fe: FeState,
  currentDb: string | null,
  stmtIn: CreateTableStmt,
  hooks: DdlHooks = hooksOf(fe),
  session: CreateTableSession = {},
): OlapTable | null {
  const stmt = stmtIn.like ? expandCreateTableLike(fe, currentDb, stmtIn) : stmtIn;
  const db = resolveDb(fe, stmt.name, currentDb);
  const name = stmt.name.name;
  checkTableName(name);
  // ColumnDef.isPartitionColumn: set for the columns of a multi-expression (automatic list) partitioning.
  const partitionColumns = stmt.partition?.kind === 'expr' ? stmt.partition.columns : [];
  for (const c of stmt.columns) {
    checkColumnName(c.name);
    checkNotReservedColumnName(c.name, partitionColumns.includes(c.name));
  }
  if (db.tables.has(name)) {
    if (stmt.ifNotExists) return null;
    throw ERR.tableExists(name);
  }
  const engine = (stmt.engine ?? 'olap').toLowerCase();
  if (engine !== 'olap') {
    if (EXTERNAL_ENGINES.has(engine)) throw semanticError(`Create ${engine} table is not supported by the simulated FE`);
    throw semanticError(`Unknown engine name: ${stmt.engine}`);
  }
  const legacy = fe.config.getBool('enable_legacy_compatibility_for_replication');
  const cols = analyzeColumns(stmt.columns, stmt.keys, legacy);
  analyzeSortKeys(stmt.orderBy, cols.keysType, cols.columns, cols.types, cols.keyColumns);

  // Partition analysis; overlap errors surface only after partition ids are allocated (toPartitionInfo).
  let plan: PartitionPlan;
  let lateRangeError: unknown = null;
  try {
    plan = analyzePartitionDesc(stmt.partition, cols.columns, cols.keysType, stmt.properties);
  } catch (e) {
    if (!(e instanceof Error) || !/is intersected with range/.test(e.message)) throw e;
    lateRangeError = e;
    plan = { info: { type: 'RANGE', columns: [], exprText: null, automatic: false }, specs: [], shadow: false };
  }
  const colocate = stmt.properties['colocate_with'] !== undefined;
  // Range distribution (4.1+, shared-data only): the FE config or the session variable turns it on.
  const rangeEnabled = fe.options.runMode === 'shared_data' && (fe.config.getBool('enable_range_distribution') || session.rangeDistribution === true);
  const distribution = analyzeDistribution(stmt.distribution, cols.keysType, cols.keyColumns, cols.columns, cols.hasReplace, colocate, {
    enabled: rangeEnabled,
    explicitKeys: stmt.keys !== null,
    orderBy: (stmt.orderBy?.length ?? 0) > 0,
  });
  analyzeGeneratedColumns(stmt.columns, cols.columns, cols.types, cols.keysType);
  const bitmapIndexes = analyzeTableIndexes(stmt.indexes, cols.columns, cols.keysType, fe.options.runMode === 'shared_data');
  const sortKeys = resolveSortKeys(stmt.orderBy, cols.columns);
  const cloudNative = fe.options.runMode === 'shared_data';

  const bp: TableBlueprint = {
    name,
    type: cloudNative ? 'CLOUD_NATIVE' : 'OLAP',
    keysType: cols.keysType,
    columns: cols.columns,
    keyColumns: cols.keyColumns,
    partitionInfo: plan.info,
    distribution,
    sortKeys,
    bitmapIndexes,
    comment: stmt.comment ?? '',
    mv: null,
    specs: plan.specs,
    shadow: plan.shadow,
  };
  const storageVolumeKey = stmt.properties['storage_volume'] ?? '';
  const table = materializeTable(fe, bp, {
    afterPartitionIds: () => {
      if (lateRangeError) throw lateRangeError;
    },
    afterTableId: () => (cloudNative ? volumeForTable(fe, db, storageVolumeKey) : ''),
    afterIndexId: () =>
      analyzeTableProperties(fe, stmt.properties, {
        keysType: cols.keysType,
        columns: cols.columns,
        cloudNative,
        distributionType: distribution.type,
        autoBuckets: distribution.buckets === 0,
        rangePartitioned: plan.info.type === 'RANGE' || plan.info.type === 'EXPR_RANGE_V2',
      }).properties,
  });
  registerTable(fe, db, table, hooks);
  if (stmt.rollups) {
    // CREATE TABLE ... ROLLUP (...): the rollups are built right after the table (see sim/fidelity/ddl.md); a
    // rollup StarRocks would refuse leaves no table behind.
    try {
      addRollups(fe, db, table, { kind: 'addRollup', rollups: stmt.rollups }, hooks);
    } catch (e) {
      removeTable(fe, db, table, true, hooks);
      throw e;
    }
  }
  return table;
}

/** Removes a table (or MV) from the catalog and reports its physical partitions as dropped. */
export function removeTable(fe: FeState, db: Database, table: OlapTable, force: boolean, hooks: DdlHooks): void {
  db.tables.delete(table.name);
  for (const p of table.partitions) for (const pp of p.physicalPartitions) hooks.onDropPhysicalPartition(db, table, pp, force);
  fe.onChange();
}

/** DROP TABLE [IF EXISTS] [db.]t [FORCE]. */
export function dropTable(fe: FeState, currentDb: string | null, stmt: DropTableStmt, hooks: DdlHooks = hooksOf(fe)): void {
  const found = objectToDrop(fe, stmt.name, currentDb, stmt.ifExists);
  if (!found) return;
  const { db, t } = found;
  const name = stmt.name.name;
  if (t.kind === 'view') throw ERR.wrongObject(db.name, name, 'TABLE');
  if (!stmt.force && hasCommittedTxn(fe, db.id, t.id)) {
    throw ddlError(
      `There are still some transactions in the COMMITTED state waiting to be completed. The table [${name}] cannot be dropped. If you want to forcibly drop(cannot be recovered), please use "DROP TABLE <table> FORCE".`,
    );
  }
  removeTable(fe, db, t, stmt.force, hooks);
}
