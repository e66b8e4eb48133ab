// ALTER TABLE: partitions (add/drop), schema changes (columns, sort key, bitmap indexes), properties, rename,
// comment. Schema changes finish instantly (a real FE shows the table in SCHEMA_CHANGE state meanwhile):
// a fast schema evolution (add/drop value column, cloud_native_fast_schema_evolution_v2 = true) bumps the
// schema version only; any other schema change bumps the version and gives a new schema hash.
import type { Column, Database, OlapTable, Partition, PartitionBound } from '../catalog/model.js';
import type { FeState } from '../fe/state.js';
import type { AlterTableClause, AlterTableStmt, ColumnDef, ColumnPosition, CreateIndexStmt, DropIndexStmt, PartitionItem } from '../sql/ast.js';
import { analyzeColumn } from './columns.js';
import { partitionBuckets } from './distribution.js';
import { ddlError, ERR, semanticError } from './errors.js';
import { type DdlHooks, hooksOf } from './hooks.js';
import { analyzeIndexDef, checkNewIndex } from './indexes.js';
import {
  autoListPartition,
  autoRangePartition,
  checkDuplicateNames,
  isShadowPartition,
  listSpecs,
  nullabilityOf,
  type PartitionSpec,
  partitionTypes,
  placeRanges,
  rangeRequests,
} from './partitions.js';
import { announce, checkComputeNodes, newPartition } from './physical.js';
import { alterTableProperties } from './properties.js';
import { hasCommittedTxn, resolveDb } from './resolve.js';
import { addRollups, dropRollups, indexesUsingColumn } from './rollup.js';
import { schemaHash, shortKeyColumnCount } from './schema.js';
import { canBeKey, isDecimalType, isIntegerType, isStringType, parseTypeText } from './types.js';

const eqi = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();

/** The OLAP table an ALTER targets (views and MVs are refused). */
export function alterTarget(fe: FeState, db: Database, name: string): OlapTable {
  const t = db.tables.get(name);
  if (!t) throw ERR.badTable(name);
  if (t.kind !== 'olap' || t.mv) throw semanticError(`Do not support alter non-native table/materialized-view[${name}]`);
  return t;
}

function checkNormal(table: OlapTable): void {
  if (table.state !== 'NORMAL') {
    throw ddlError(`Table[${table.name}]'s state(${table.state}) is not NORMAL. Do not allow doing ALTER ops`);
  }
}

const isFastSchemaEvolution = (t: OlapTable) =>
  t.type === 'CLOUD_NATIVE' ? t.properties['cloud_native_fast_schema_evolution_v2'] !== 'false' : t.properties['fast_schema_evolution'] !== 'false';

/** Runs a schema change to completion: SCHEMA_CHANGE while it runs, NORMAL after, new schema version (and hash). */
function schemaChange(fe: FeState, table: OlapTable, fast: boolean, mutate: () => void): void {
  checkNormal(table);
  table.state = 'SCHEMA_CHANGE';
  try {
    mutate();
  } finally {
    table.state = 'NORMAL';
  }
  const version = table.baseIndex.schemaVersion + 1;
  table.baseIndex = {
    ...table.baseIndex,
    schemaVersion: version,
    schemaHash: fast ? table.baseIndex.schemaHash : schemaHash(version, table.columns, table.properties['bloom_filter_columns'] ?? ''),
    shortKeyColumnCount: shortKeyColumnCount(table.columns, table.sortKeys),
  };
  fe.onChange();
}

// ---------------------------------------------------------------- partitions

const isPartitioned = (t: OlapTable) => t.partitionInfo.type !== 'UNPARTITIONED';

function existingSpecs(table: OlapTable, temp: boolean): PartitionSpec[] {
  return table.partitions.filter((p) => p.isTemp === temp && !isShadowPartition(p.name)).map((p) => ({ name: p.name, bound: p.bound }));
}

/** Creates partitions for `specs` (logical ids first, then physical partitions and tablets) and adds them. */
export function addPartitionsToTable(
  fe: FeState,
  db: Database,
  table: OlapTable,
  specs: PartitionSpec[],
  temp: boolean,
  buckets: number,
  hooks: DdlHooks,
): Partition[] {
  checkComputeNodes(fe);
  const now = Date.now();
  const ids = specs.map(() => fe.allocId());
  const parts = specs.map((s, i) => newPartition(fe, table, { id: ids[i]!, name: s.name, bound: s.bound, buckets, isTemp: temp }, now));
  announce(hooks.onNewPhysicalPartition, db, table, parts);
  table.partitions.push(...parts);
  fe.onChange();
  return parts;
}

/** ALTER TABLE t ADD [TEMPORARY] PARTITION(S) ...; returns the partitions created. */
export function addPartition(
  fe: FeState,
  db: Database,
  table: OlapTable,
  clause: Extract<AlterTableClause, { kind: 'addPartition' }>,
  hooks: DdlHooks = hooksOf(fe),
): Partition[] {
  checkNormal(table);
  if (!isPartitioned(table)) throw ddlError(`Table[${table.name}] is not partitioned`);
  const types = partitionTypes(table);
  const item: PartitionItem = clause.item;
  const temp = clause.temporary;
  const existing = existingSpecs(table, temp);
  const allNames = table.partitions.map((p) => p.name);
  let specs: PartitionSpec[];
  if (table.partitionInfo.type === 'LIST') {
    if (item.kind !== 'list') throw semanticError('Only support adding list partitions to a list partitioned table');
    // test_automatic_partition_list R file (wording and the "Unexpected exception" wrapper).
    if (table.partitionInfo.automatic && item.values.length > 1) {
      throw ddlError('Unexpected exception: Automatically partitioned tables does not support multiple values in the same partition');
    }
    if (allNames.some((n) => eqi(n, item.name))) {
      if (item.ifNotExists) return [];
      throw ERR.samePartitionName(item.name);
    }
    specs = listSpecs([item], types, existing, nullabilityOf(table.partitionInfo.columns, table.columns), true);
  } else {
    if (item.kind === 'list') throw semanticError('Only support adding range partitions to a range partitioned table');
    const requests = rangeRequests([item], types, {
      autoPartitionTable: table.partitionInfo.automatic,
      temp,
      properties: table.properties,
    });
    checkDuplicateNames(requests.map((r) => r.name));
    const fresh = requests.filter((r) => !allNames.some((n) => eqi(n, r.name)));
    if (fresh.length !== requests.length) {
      const dup = requests.find((r) => allNames.some((n) => eqi(n, r.name)))!;
      if (!(item.kind !== 'batch' && item.ifNotExists)) throw ERR.samePartitionName(dup.name);
      if (fresh.length === 0) return [];
    }
    specs = placeRanges(types, existing, fresh);
  }
  const dist = clause.distribution;
  if (dist) {
    const same =
      dist.type === table.distribution.type &&
      dist.columns.length === table.distribution.columns.length &&
      dist.columns.every((c, i) => eqi(c, table.distribution.columns[i]!));
    if (!same) throw ddlError('Cannot assign different distribution type or distribution columns. default is: ' + table.distribution.type);
  }
  return addPartitionsToTable(fe, db, table, specs, temp, partitionBuckets(fe, table.distribution, dist?.buckets), hooks);
}

/** ALTER TABLE t DROP [TEMPORARY] PARTITION [IF EXISTS] p [FORCE]. */
export function dropPartition(
  fe: FeState,
  db: Database,
  table: OlapTable,
  clause: Extract<AlterTableClause, { kind: 'dropPartition' }>,
  hooks: DdlHooks = hooksOf(fe),
): void {
  checkNormal(table);
  if (!isPartitioned(table)) throw ddlError(`Table[${table.name}] is not partitioned`);
  if (isShadowPartition(clause.name)) throw ddlError('Deletion of shadow partitions is not allowed');
  const idx = table.partitions.findIndex((p) => p.isTemp === clause.temporary && eqi(p.name, clause.name));
  if (idx < 0) {
    if (clause.ifExists) return;
    throw ERR.dropPartitionNotExists(clause.name);
  }
  const p = table.partitions[idx]!;
  if (!clause.force && !clause.temporary && hasCommittedTxn(fe, db.id, table.id)) {
    throw ddlError(
      `There are still some transactions in the COMMITTED state waiting to be completed. The partition [${p.name}] cannot be dropped. If you want to forcibly drop(cannot be recovered), please use "DROP PARTITION <partition> FORCE".`,
    );
  }
  table.partitions.splice(idx, 1);
  for (const pp of p.physicalPartitions) hooks.onDropPhysicalPartition(db, table, pp, clause.force || clause.temporary);
  fe.onChange();
}

const listBoundContains = (b: PartitionBound, values: string[]): boolean =>
  b.kind === 'list' && b.values.some((v) => JSON.stringify(v) === JSON.stringify(values));

/**
 * The partition a load needs for one row of an automatic-partitioned table (`PARTITION BY date_trunc(...)`,
 * `PARTITION BY col`): the existing one, or a new partition named as StarRocks names it.
 * `values` are the row's partition-column values (null for NULL).
 */
export function createAutomaticPartition(
  fe: FeState,
  db: Database,
  table: OlapTable,
  values: Array<string | null>,
  hooks: DdlHooks = hooksOf(fe),
): Partition {
  if (!table.partitionInfo.automatic) throw ddlError(`Table ${table.name} is not an automatic partitioned table`);
  const formal = table.partitions.filter((p) => !p.isTemp && !isShadowPartition(p.name));
  let spec: PartitionSpec;
  if (table.partitionInfo.type === 'LIST') {
    spec = autoListPartition(table, values);
    const norm = (spec.bound as { values: string[][] }).values[0]!;
    const hit = formal.find((p) => listBoundContains(p.bound, norm));
    if (hit) return hit;
  } else {
    spec = autoRangePartition(table, values[0] ?? null);
    const hit = formal.find((p) => eqi(p.name, spec.name));
    if (hit) return hit;
    placeRanges(partitionTypes(table), existingSpecs(table, false), [
      { name: spec.name, kind: 'fixed', ...(spec.bound as { lower: string[]; upper: string[] }) },
    ]);
  }
  return addPartitionsToTable(fe, db, table, [spec], false, partitionBuckets(fe, table.distribution), hooks)[0]!;
}

// ---------------------------------------------------------------- columns

/** Rollups / sync MVs read base columns by name; the simulator refuses changing such a column (its own rule). */
function checkNotInIndex(table: OlapTable, column: string): void {
  const users = indexesUsingColumn(table, column);
  if (users.length > 0) throw ddlError(`Column[${column}] is used by materialized index [${users.map((r) => r.name).join(', ')}]`);
}

function findColumn(table: OlapTable, name: string): Column | undefined {
  return table.columns.find((c) => eqi(c.name, name));
}

function insertAt(columns: Column[], col: Column, position: ColumnPosition | null): Column[] {
  const out = [...columns];
  if (position?.kind === 'first') {
    out.unshift(col);
  } else if (position?.kind === 'after') {
    const i = out.findIndex((c) => eqi(c.name, position.column));
    if (i < 0) throw ddlError(`Column[${position.column}] does not exists`);
    out.splice(i + 1, 0, col);
  } else if (col.isKey) {
    const lastKey = out.reduce((acc, c, i) => (c.isKey ? i : acc), -1);
    out.splice(lastKey + 1, 0, col);
  } else {
    out.push(col);
  }
  // Keys must stay a prefix of the schema.
  const firstValue = out.findIndex((c) => !c.isKey);
  if (firstValue >= 0 && out.slice(firstValue).some((c) => c.isKey)) {
    throw ddlError(col.isKey ? `Can not add key column ${col.name} after value column` : `Can not add value column ${col.name} before key column`);
  }
  return out;
}

function newColumnFor(fe: FeState, table: OlapTable, def: ColumnDef): Column {
  if (findColumn(table, def.name)) throw ddlError(`Can not add column which already exists in base table: ${def.name}`);
  const isKey = def.isKey;
  if (isKey && table.keysType === 'PRIMARY_KEYS') throw ddlError('Can not add key column to a primary key table');
  if (!isKey && table.keysType === 'AGG_KEYS' && def.aggType === null) {
    throw ddlError(`Can not add value column ${def.name} without aggregate type to an AGG_KEYS table`);
  }
  if (!isKey && table.keysType !== 'AGG_KEYS' && def.aggType !== null && def.aggType !== 'REPLACE') {
    throw ddlError(`Can not assign aggregation method on column in ${table.keysType} table: ${def.name}`);
  }
  if (def.default === null && def.nullable === false && !def.autoIncrement) {
    throw ddlError(`Can not add column which is NOT NULL and has no default value: ${def.name}`);
  }
  const agg = table.keysType === 'AGG_KEYS' && !isKey ? def.aggType : null;
  const legacy = fe.config.getBool('enable_legacy_compatibility_for_replication');
  return analyzeColumn(def, isKey, agg, def.nullable ?? true, legacy).column;
}

/** ALTER TABLE t ADD COLUMN c type ... [FIRST | AFTER x]. */
export function addColumn(fe: FeState, table: OlapTable, def: ColumnDef, position: ColumnPosition | null = null): void {
  checkNormal(table);
  const col = newColumnFor(fe, table, def);
  const columns = insertAt(table.columns, col, position);
  schemaChange(fe, table, isFastSchemaEvolution(table) && !col.isKey && position === null, () => {
    table.columns = columns;
    table.keyColumns = columns.filter((c) => c.isKey).map((c) => c.name);
  });
}

/** ALTER TABLE t ADD COLUMN (c1 type, c2 type, ...). */
export function addColumns(fe: FeState, table: OlapTable, defs: ColumnDef[]): void {
  checkNormal(table);
  let columns = table.columns;
  let anyKey = false;
  for (const def of defs) {
    const col = newColumnFor(fe, { ...table, columns }, def);
    anyKey ||= col.isKey;
    columns = insertAt(columns, col, null);
  }
  schemaChange(fe, table, isFastSchemaEvolution(table) && !anyKey, () => {
    table.columns = columns;
    table.keyColumns = columns.filter((c) => c.isKey).map((c) => c.name);
  });
}

/** ALTER TABLE t DROP COLUMN c. */
export function dropColumn(fe: FeState, table: OlapTable, name: string): void {
  checkNormal(table);
  const col = findColumn(table, name);
  if (!col) throw ddlError(`Column does not exists: ${name}`);
  if (table.partitionInfo.columns.some((c) => eqi(c, col.name))) throw ddlError(`Can not drop partition column: ${col.name}`);
  if (table.distribution.columns.some((c) => eqi(c, col.name))) throw ddlError(`Distribution column[${col.name}] cannot be dropped`);
  if (table.sortKeys.some((c) => eqi(c, col.name))) throw ddlError(`Sort key column[${col.name}] cannot be dropped`);
  if (col.isKey) {
    if (table.keysType === 'UNIQUE_KEYS') throw ddlError('Can not drop key column in Unique data model table');
    if (table.keysType === 'PRIMARY_KEYS') throw ddlError('Can not drop key column in primary data model table');
    if (table.keysType === 'AGG_KEYS' && table.columns.some((c) => c.aggType === 'REPLACE' || c.aggType === 'REPLACE_IF_NOT_NULL')) {
      throw ddlError('Can not drop key column when table has value column with REPLACE aggregation method');
    }
    if (table.columns.filter((c) => c.isKey).length === 1) throw ddlError('Can not drop all key columns');
  }
  if (table.columns.length === 1) throw ddlError('Can not drop the last column');
  checkNotInIndex(table, col.name);
  schemaChange(fe, table, isFastSchemaEvolution(table) && !col.isKey, () => {
    table.columns = table.columns.filter((c) => c !== col);
    table.keyColumns = table.columns.filter((c) => c.isKey).map((c) => c.name);
    table.bitmapIndexes = table.bitmapIndexes.filter((i) => !i.columns.some((c) => eqi(c, col.name)));
    const bf = table.properties['bloom_filter_columns'];
    if (bf !== undefined) {
      const rest = bf
        .split(',')
        .map((s) => s.trim())
        .filter((s) => s !== '' && !eqi(s, col.name));
      if (rest.length > 0) table.properties = { ...table.properties, bloom_filter_columns: rest.join(', ') };
      else {
        const { bloom_filter_columns: _drop, ...others } = table.properties;
        table.properties = others;
      }
    }
  });
}

/** SchemaChangeHandler's type-change rules (simplified to type families). */
function checkTypeChange(oldType: string, newType: string): void {
  const a = parseTypeText(oldType);
  const b = parseTypeText(newType);
  if (oldType === newType) return;
  const fail = () => ddlError(`Can not change ${a.primitive} to ${b.primitive}`);
  if (isIntegerType(a)) {
    const order = ['TINYINT', 'SMALLINT', 'INT', 'BIGINT', 'LARGEINT'];
    if (isIntegerType(b) && order.indexOf(b.primitive) >= order.indexOf(a.primitive)) return;
    if (isStringType(b) || isDecimalType(b) || b.primitive === 'DOUBLE') return;
    throw fail();
  }
  if (isStringType(a)) {
    if (isStringType(b)) {
      if ((b.length ?? 0) < (a.length ?? 0)) throw ddlError('Cannot shorten string length');
      if (a.primitive === 'VARCHAR' && b.primitive === 'CHAR') throw fail();
      return;
    }
    throw fail();
  }
  if (isDecimalType(a) && isDecimalType(b)) {
    if ((b.scale ?? 0) !== (a.scale ?? 0) || (b.precision ?? 0) < (a.precision ?? 0)) throw fail();
    return;
  }
  if (a.primitive === 'FLOAT' && b.primitive === 'DOUBLE') return;
  if ((a.primitive === 'DATE' && b.primitive === 'DATETIME') || (a.primitive === 'DATETIME' && b.primitive === 'DATE')) return;
  if (a.primitive !== b.primitive) throw fail();
}

/** ALTER TABLE t MODIFY COLUMN c type ... [FIRST | AFTER x]: a full schema change. */
export function modifyColumn(fe: FeState, table: OlapTable, def: ColumnDef, position: ColumnPosition | null = null): void {
  checkNormal(table);
  const old = findColumn(table, def.name);
  if (!old) throw ddlError(`Column[${def.name}] does not exists`);
  checkNotInIndex(table, old.name);
  const isKey = old.isKey;
  const agg = table.keysType === 'AGG_KEYS' && !isKey ? (def.aggType ?? old.aggType) : null;
  if (table.keysType === 'AGG_KEYS' && !isKey && def.aggType !== null && def.aggType !== old.aggType) {
    throw ddlError(`Can not change aggregation type: ${old.aggType ?? 'NONE'} to ${def.aggType}`);
  }
  const legacy = fe.config.getBool('enable_legacy_compatibility_for_replication');
  const nullable = def.nullable ?? (table.keysType === 'PRIMARY_KEYS' && isKey ? false : true);
  if (table.keysType === 'PRIMARY_KEYS' && isKey && nullable) throw ddlError(`primary key column[${old.name}] cannot be nullable`);
  const next = analyzeColumn({ ...def, name: old.name }, isKey, agg, nullable, legacy).column;
  if (isKey && !canBeKey(parseTypeText(next.type))) throw ddlError(`Invalid data type of key column '${old.name}'`);
  if (old.nullable && !next.nullable) throw ddlError(`Can not change from nullable to non-nullable: ${old.name}`);
  const isPartitionCol = table.partitionInfo.columns.some((c) => eqi(c, old.name));
  const isDistCol = table.distribution.columns.some((c) => eqi(c, old.name));
  if ((isPartitionCol || isDistCol) && next.type !== old.type) {
    throw ddlError(`Can not modify ${isPartitionCol ? 'partition' : 'distribution'} column[${old.name}]'s type`);
  }
  checkTypeChange(old.type, next.type);
  let columns = table.columns.map((c) => (c === old ? next : c));
  if (position)
    columns = insertAt(
      columns.filter((c) => c !== next),
      next,
      position,
    );
  schemaChange(fe, table, false, () => {
    table.columns = columns;
    table.keyColumns = columns.filter((c) => c.isKey).map((c) => c.name);
  });
}

/** ALTER TABLE t RENAME COLUMN a TO b. */
export function renameColumn(fe: FeState, table: OlapTable, oldName: string, newName: string): void {
  checkNormal(table);
  const col = findColumn(table, oldName);
  if (!col) throw ddlError(`Column[${oldName}] does not exists`);
  if (findColumn(table, newName)) throw ddlError(`Column[${newName}] already exists`);
  checkNotInIndex(table, col.name);
  const ren = (n: string) => (eqi(n, col.name) ? newName : n);
  schemaChange(fe, table, true, () => {
    table.columns = table.columns.map((c) => (c === col ? { ...c, name: newName } : c));
    table.keyColumns = table.keyColumns.map(ren);
    table.sortKeys = table.sortKeys.map(ren);
    table.partitionInfo = { ...table.partitionInfo, columns: table.partitionInfo.columns.map(ren) };
    table.distribution = { ...table.distribution, columns: table.distribution.columns.map(ren) };
    table.bitmapIndexes = table.bitmapIndexes.map((i) => ({ ...i, columns: i.columns.map(ren) }));
  });
}

/** ALTER TABLE t ORDER BY (a, b): a full schema change of the sort key. */
export function alterSortKey(fe: FeState, table: OlapTable, columns: string[]): void {
  checkNormal(table);
  const resolved = columns.map((n) => {
    const c = findColumn(table, n);
    if (!c) throw ddlError(`Unknown column '${n}' does not exist`);
    return c.name;
  });
  schemaChange(fe, table, false, () => {
    table.sortKeys = resolved;
  });
}

// ---------------------------------------------------------------- bitmap indexes

/** CREATE INDEX / ALTER TABLE ADD INDEX (a schema change job in shared-data). */
export function addBitmapIndex(fe: FeState, table: OlapTable, def: CreateIndexStmt['index']): void {
  checkNormal(table);
  const idx = analyzeIndexDef(def, table.columns, table.keysType);
  checkNewIndex(table.bitmapIndexes, idx);
  schemaChange(fe, table, false, () => {
    table.bitmapIndexes = [...table.bitmapIndexes, idx];
  });
}

/** DROP INDEX / ALTER TABLE DROP INDEX. */
export function dropBitmapIndex(fe: FeState, table: OlapTable, name: string): void {
  checkNormal(table);
  if (!table.bitmapIndexes.some((i) => eqi(i.name, name))) throw ddlError(`index ${name} does not exist`);
  schemaChange(fe, table, false, () => {
    table.bitmapIndexes = table.bitmapIndexes.filter((i) => !eqi(i.name, name));
  });
}

export function createIndex(fe: FeState, currentDb: string | null, stmt: CreateIndexStmt): void {
  const db = resolveDb(fe, stmt.table, currentDb);
  addBitmapIndex(fe, alterTarget(fe, db, stmt.table.name), stmt.index);
}

export function dropIndex(fe: FeState, currentDb: string | null, stmt: DropIndexStmt): void {
  const db = resolveDb(fe, stmt.table, currentDb);
  dropBitmapIndex(fe, alterTarget(fe, db, stmt.table.name), stmt.name);
}

// ---------------------------------------------------------------- properties, rename, comment

/** ALTER TABLE t SET ("k" = "v", ...). */
export function alterTableSet(fe: FeState, table: OlapTable, properties: Record<string, string>): void {
  checkNormal(table);
  const cloudNative = table.type === 'CLOUD_NATIVE';
  const next = alterTableProperties(table.properties, properties, {
    keysType: table.keysType,
    columns: table.columns,
    cloudNative,
    distributionType: table.distribution.type,
    autoBuckets: table.distribution.buckets === 0,
    rangePartitioned: table.partitionInfo.type === 'RANGE' || table.partitionInfo.type === 'EXPR_RANGE_V2',
  });
  const bfChanged = (next['bloom_filter_columns'] ?? '') !== (table.properties['bloom_filter_columns'] ?? '');
  if (bfChanged) {
    schemaChange(fe, table, false, () => {
      table.properties = next;
    });
    return;
  }
  table.properties = next;
  if (properties['datacache.enable'] !== undefined) {
    for (const p of table.partitions) p.dataCacheEnable = next['datacache.enable'] !== 'false';
  }
  fe.onChange();
}

/** ALTER TABLE t RENAME t2 (the base index and the single partition of an unpartitioned table follow). */
export function renameTable(fe: FeState, db: Database, table: OlapTable, newName: string): void {
  checkNormal(table);
  if (db.tables.has(newName)) throw ERR.tableExists(newName);
  const oldName = table.name;
  db.tables.delete(oldName);
  table.name = newName;
  table.baseIndex = { ...table.baseIndex, name: newName };
  if (table.partitionInfo.type === 'UNPARTITIONED') {
    for (const p of table.partitions) if (p.name === oldName) p.name = newName;
  }
  db.tables.set(newName, table);
  fe.onChange();
}

/** ALTER TABLE [db.]t <clause>[, <clause>...]. */
export function alterTable(fe: FeState, currentDb: string | null, stmt: AlterTableStmt, hooks: DdlHooks = hooksOf(fe)): void {
  const db = resolveDb(fe, stmt.name, currentDb);
  const table = alterTarget(fe, db, stmt.name.name);
  for (const c of stmt.clauses) {
    switch (c.kind) {
      case 'addPartition':
        addPartition(fe, db, table, c, hooks);
        break;
      case 'dropPartition':
        dropPartition(fe, db, table, c, hooks);
        break;
      case 'addColumn':
        addColumn(fe, table, c.column, c.position);
        break;
      case 'addColumns':
        addColumns(fe, table, c.columns);
        break;
      case 'dropColumn':
        dropColumn(fe, table, c.name);
        break;
      case 'modifyColumn':
        modifyColumn(fe, table, c.column, c.position);
        break;
      case 'renameColumn':
        renameColumn(fe, table, c.oldName, c.newName);
        break;
      case 'setProperties':
        alterTableSet(fe, table, c.properties);
        break;
      case 'rename':
        renameTable(fe, db, table, c.newName);
        break;
      case 'addIndex':
        addBitmapIndex(fe, table, c.index);
        break;
      case 'dropIndex':
        dropBitmapIndex(fe, table, c.name);
        break;
      case 'setComment':
        table.comment = c.comment;
        fe.onChange();
        break;
      case 'orderBy':
        alterSortKey(fe, table, c.columns);
        break;
      case 'addRollup':
        addRollups(fe, db, table, c, hooks);
        break;
      case 'dropRollup':
        dropRollups(fe, db, table, c, hooks);
        break;
    }
  }
}
