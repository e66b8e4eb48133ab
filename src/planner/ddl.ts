// Renders each DDL action's SQL. Every identifier goes through quoteIdent, every literal through a quote function.
import type { PartitionBound, TableInfo } from '../model/snapshot.js';
import { qualifiedName, quoteIdent, quoteString, quoteStringDouble } from '../sql/quote.js';
import type { ActionReason, DdlAction } from './actions.js';

type Of<K extends DdlAction['kind']> = Extract<DdlAction, { kind: K }>;

export function createDatabase(db: string, reason: ActionReason): Of<'create_database'> {
  return { kind: 'create_database', db, reason, sql: `CREATE DATABASE ${quoteIdent(db)}` };
}

export function dropDatabase(db: string, reason: ActionReason): Of<'drop_database'> {
  return { kind: 'drop_database', db, reason, sql: `DROP DATABASE ${quoteIdent(db)}` };
}

/** `sql` is the rewritten source DDL (create-sql.ts). */
export function createTable(db: string, table: string, sql: string, reason: ActionReason): Of<'create_table'> {
  return { kind: 'create_table', db, table, reason, sql };
}

export function dropTable(db: string, table: string, reason: ActionReason): Of<'drop_table'> {
  return { kind: 'drop_table', db, table, reason, sql: `DROP TABLE ${qualifiedName(db, table)}` };
}

/** `("v1", "v2")`, MAXVALUE unquoted (StarRocks grammar: partitionValue = MAXVALUE | string). */
function valueTuple(values: readonly string[]): string {
  return `(${values.map((v) => (v === 'MAXVALUE' ? 'MAXVALUE' : quoteStringDouble(v))).join(', ')})`;
}

/** What rendering a LIST value needs to know of its partition column (ColumnInfo's `type` and `nullable`). */
export interface PartitionColumnKind {
  readonly type: string;
  readonly nullable: boolean;
}

/** Column types whose LIST values are strings, where 'NULL' may be the string (CHAR, VARCHAR, STRING, VARBINARY). */
const STRING_TYPE = /^\s*(var)?(char|binary)\b|^\s*string\b/i;

/**
 * The kinds of a table's partition columns in order (names matched case-insensitively, as StarRocks does); the
 * column count when one of them is not among the columns.
 */
export function partitionColumnKinds(table: {
  readonly partitionColumns: readonly string[];
  readonly columns: ReadonlyArray<PartitionColumnKind & { readonly name: string }>;
}): PartitionColumnKind[] | number {
  const byName = new Map(table.columns.map((c) => [c.name.toLowerCase(), c]));
  const kinds: PartitionColumnKind[] = [];
  for (const name of table.partitionColumns) {
    const c = byName.get(name.toLowerCase());
    if (!c) return table.partitionColumns.length;
    kinds.push({ type: c.type, nullable: c.nullable });
  }
  return kinds;
}

/**
 * A LIST value as a literal. StarRocks 3.3+ prints a NULL list value as 'NULL' (NullLiteral.getStringValue), the same
 * text as the string 'NULL', in partitions_meta and SHOW CREATE TABLE alike, and refuses a table holding both. So
 * 'NULL' is rendered NULL unless the column is a NOT NULL string column, where NULL cannot be a value: on a non-string
 * column the string would not even parse, on a nullable string column NULL is the value a NULL partition needs (the
 * trade-off is in notes/decisions/planner.md, "LIST values 'NULL'"). Unknown column: NULL.
 */
function listValue(v: string, column: PartitionColumnKind | undefined): string {
  if (v !== 'NULL') return quoteStringDouble(v);
  return column !== undefined && !column.nullable && STRING_TYPE.test(column.type) ? quoteStringDouble(v) : 'NULL';
}

/**
 * The `VALUES ...` part of a partition definition, or null when the bound is unknown. `partitionColumns`: the
 * partition columns' kinds (partitionColumnKinds), or only their count when they are unknown.
 */
export function renderBound(bound: PartitionBound, partitionColumns: number | readonly PartitionColumnKind[]): string | null {
  const kinds = typeof partitionColumns === 'number' ? [] : partitionColumns;
  const count = typeof partitionColumns === 'number' ? partitionColumns : partitionColumns.length;
  switch (bound.kind) {
    case 'range':
      if (bound.lower.length === 0 || bound.upper.length === 0) return null;
      return `VALUES [${valueTuple(bound.lower)}, ${valueTuple(bound.upper)})`;
    case 'list': {
      if (bound.values.length === 0) return null;
      const single = count <= 1 && bound.values.every((t) => t.length === 1);
      if (single) return `VALUES IN (${bound.values.map((t) => listValue(t[0]!, kinds[0])).join(', ')})`;
      return `VALUES IN (${bound.values.map((t) => `(${t.map((v, i) => listValue(v, kinds[i])).join(', ')})`).join(', ')})`;
    }
    case 'none':
      return null;
  }
}

/**
 * `DISTRIBUTED BY HASH(`k`) BUCKETS n` / `DISTRIBUTED BY RANDOM BUCKETS n`; null for a HASH distribution without
 * columns (unknown: `HASH()` is a syntax error, issue 6 item 1).
 */
export function renderDistribution(dist: Pick<TableInfo['distribution'], 'type' | 'columns'>, buckets: number): string | null {
  if (dist.type === 'RANGE' || (dist.type === 'HASH' && dist.columns.length === 0)) return null;
  const by = dist.type === 'RANDOM' ? 'RANDOM' : `HASH(${dist.columns.map(quoteIdent).join(', ')})`;
  return `DISTRIBUTED BY ${by} BUCKETS ${buckets}`;
}

/** A time unit of `ADD PARTITIONS START (..) END (..) EVERY (INTERVAL 1 <unit>)`. */
export type BatchUnit = 'HOUR' | 'DAY' | 'MONTH' | 'YEAR';

/** `START ("a") END ("b") EVERY (INTERVAL 1 DAY)`: one partition of an automatic (EXPR_RANGE) table. */
export function renderBatchRange(start: string, end: string, unit: BatchUnit): string {
  return `START (${quoteStringDouble(start)}) END (${quoteStringDouble(end)}) EVERY (INTERVAL 1 ${unit})`;
}

/**
 * `ALTER TABLE t ADD PARTITIONS START .. END .. EVERY ..`: the only ADD PARTITION StarRocks accepts on an automatic
 * expression-partitioned table (PartitionDescAnalyzer: "Currently, you cannot manually add a single range partition
 * to a table that is automatically partition"). It names the partition itself, as automatic partitioning does.
 */
export function addPartitionBatch(
  db: string,
  table: string,
  name: string,
  batchClause: string,
  distribution: string | null,
  reason: ActionReason,
): Of<'add_partition'> {
  const dist = distribution ? ` ${distribution}` : '';
  return { kind: 'add_partition', db, table, name, reason, sql: `ALTER TABLE ${qualifiedName(db, table)} ADD PARTITIONS ${batchClause}${dist}` };
}

export function addPartition(
  db: string,
  table: string,
  name: string,
  valuesClause: string,
  distribution: string | null,
  reason: ActionReason,
): Of<'add_partition'> {
  const dist = distribution ? ` ${distribution}` : '';
  return {
    kind: 'add_partition',
    db,
    table,
    name,
    reason,
    sql: `ALTER TABLE ${qualifiedName(db, table)} ADD PARTITION ${quoteIdent(name)} ${valuesClause}${dist}`,
  };
}

export function dropPartition(db: string, table: string, name: string, reason: ActionReason): Of<'drop_partition'> {
  return { kind: 'drop_partition', db, table, name, reason, sql: `ALTER TABLE ${qualifiedName(db, table)} DROP PARTITION ${quoteIdent(name)}` };
}

export function createView(db: string, name: string, sql: string, reason: ActionReason): Of<'create_view'> {
  return { kind: 'create_view', db, name, reason, sql };
}

export function dropView(db: string, name: string, reason: ActionReason): Of<'drop_view'> {
  return { kind: 'drop_view', db, name, reason, sql: `DROP VIEW ${qualifiedName(db, name)}` };
}

export function createMaterializedView(db: string, name: string, sql: string, reason: ActionReason): Of<'create_materialized_view'> {
  return { kind: 'create_materialized_view', db, name, reason, sql };
}

export function dropMaterializedView(db: string, name: string, reason: ActionReason): Of<'drop_materialized_view'> {
  return { kind: 'drop_materialized_view', db, name, reason, sql: `DROP MATERIALIZED VIEW ${qualifiedName(db, name)}` };
}

export function createBitmapIndex(
  db: string,
  table: string,
  index: { name: string; columns: readonly string[]; comment: string },
  reason: ActionReason,
): Of<'create_bitmap_index'> {
  const comment = index.comment !== '' ? ` COMMENT ${quoteString(index.comment)}` : '';
  return {
    kind: 'create_bitmap_index',
    db,
    table,
    name: index.name,
    reason,
    sql: `CREATE INDEX ${quoteIdent(index.name)} ON ${qualifiedName(db, table)} (${index.columns.map(quoteIdent).join(', ')}) USING BITMAP${comment}`,
  };
}

export function dropBitmapIndex(db: string, table: string, name: string, reason: ActionReason): Of<'drop_bitmap_index'> {
  return { kind: 'drop_bitmap_index', db, table, name, reason, sql: `DROP INDEX ${quoteIdent(name)} ON ${qualifiedName(db, table)}` };
}

export function alterTableProperty(db: string, table: string, property: string, value: string): Of<'alter_table_properties'> {
  return {
    kind: 'alter_table_properties',
    db,
    table,
    property,
    value,
    reason: 'property_differs',
    sql: `ALTER TABLE ${qualifiedName(db, table)} SET (${quoteStringDouble(property)} = ${quoteStringDouble(value)})`,
  };
}

/**
 * `ALTER TABLE `db`.`t` ADD ROLLUP `r` (`c1`, `c2`)`, with ` DUPLICATE KEY (`c1`)` for a DUPLICATE table (its keys
 * are then the ones given, not the default prefix StarRocks would choose). AGGREGATE / UNIQUE rollups take the
 * key flags and aggregations of the base columns and accept no key clause.
 */
export function addRollup(
  db: string,
  table: string,
  name: string,
  columns: readonly string[],
  duplicateKeys: readonly string[] | null,
  reason: ActionReason,
): Of<'add_rollup'> {
  const keys = duplicateKeys && duplicateKeys.length > 0 ? ` DUPLICATE KEY (${duplicateKeys.map(quoteIdent).join(', ')})` : '';
  return {
    kind: 'add_rollup',
    db,
    table,
    name,
    reason,
    sql: `ALTER TABLE ${qualifiedName(db, table)} ADD ROLLUP ${quoteIdent(name)} (${columns.map(quoteIdent).join(', ')})${keys}`,
  };
}

/** `sql` is the source's CREATE MATERIALIZED VIEW statement (run after USE db). */
export function createSyncMaterializedView(
  db: string,
  table: string,
  name: string,
  sql: string,
  reason: ActionReason,
): Of<'create_sync_materialized_view'> {
  return { kind: 'create_sync_materialized_view', db, table, name, reason, sql };
}

/** Drops a rollup or a sync MV by its index name within its table (never an async MV of the same name). */
export function dropRollup(db: string, table: string, name: string, reason: ActionReason): Of<'drop_rollup'> {
  return { kind: 'drop_rollup', db, table, name, reason, sql: `ALTER TABLE ${qualifiedName(db, table)} DROP ROLLUP ${quoteIdent(name)}` };
}

/** Dynamic partitioning off / back on around partition DDL (StarRocks refuses ADD/DROP PARTITION while it is on). */
export function setDynamicPartition(
  db: string,
  table: string,
  on: boolean,
  reason: ActionReason,
): Of<'pause_dynamic_partition'> | Of<'resume_dynamic_partition'> {
  const sql = `ALTER TABLE ${qualifiedName(db, table)} SET ("dynamic_partition.enable" = "${on ? 'true' : 'false'}")`;
  return on ? { kind: 'resume_dynamic_partition', db, table, reason, sql } : { kind: 'pause_dynamic_partition', db, table, reason, sql };
}
