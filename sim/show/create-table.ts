// SHOW CREATE TABLE / VIEW / MATERIALIZED VIEW texts (AstToStringBuilder.getDdlStmt, Column.toSql,
// MaterializedView.getMaterializedViewDdlStmt), see ../shared/reference/starrocks-fe-interface.md §6.10.
import { bareColumnsExpr } from './generated-text.js';
import type { BitmapIndex, Column, OlapTable, Table, ViewTable } from '../catalog/model.js';
import { javaStringHashMapOrder } from '../ddl/java.js';
import { analysisError } from '../fe/errors.js';
import type { FeState } from '../fe/state.js';
import { parseType } from './column-types.js';
import { displayComment, escapeJava } from './format.js';
import { partitionClauseSql } from './partition-text.js';
import { printableMap, storageVolumeName, tableProperties } from './properties.js';
import { resultSet, varcharColumns, type ResultSet } from './result-set.js';
import { buildCreateMvSql, syncMaterializedViews } from './sync-mv-text.js';
import { viewColumns } from './view-columns.js';

const ONLY_METRIC_TYPES = new Set(['hll', 'bitmap', 'percentile']);

const KEYS_SQL: Record<OlapTable['keysType'], string> = {
  DUP_KEYS: 'DUPLICATE KEY',
  AGG_KEYS: 'AGGREGATE KEY',
  UNIQUE_KEYS: 'UNIQUE KEY',
  PRIMARY_KEYS: 'PRIMARY KEY',
};

/** Column.toSql (or toSqlWithoutAggregateTypeName for PRIMARY KEY tables). */
export function columnSql(col: Column, table: OlapTable): string {
  const pk = table.keysType === 'PRIMARY_KEYS';
  let sb = `\`${col.name}\` ${col.type} `;
  const metricOnly = ONLY_METRIC_TYPES.has(parseType(col.type).base);
  // Only AGGREGATE tables carry explicit aggregation types; UNIQUE's REPLACE is implicit and not printed.
  if (!pk && table.keysType === 'AGG_KEYS' && !col.isKey && col.aggType) sb += `${col.aggType} `;
  sb += col.nullable ? 'NULL ' : 'NOT NULL ';
  const isNowDefault = col.defaultValue !== null && /^(current_timestamp|now\(\))$/i.test(col.defaultValue);
  if (pk) {
    if (isNowDefault) sb += 'DEFAULT CURRENT_TIMESTAMP ';
    else if (col.defaultExpr !== undefined) sb += `DEFAULT (${col.defaultExpr}) `;
    else {
      if (col.autoIncrement) sb += 'AUTO_INCREMENT ';
      if (col.defaultValue !== null && !metricOnly) sb += `DEFAULT "${escapeJava(col.defaultValue)}" `;
    }
    if (col.generatedExpr !== undefined) sb += `AS ${bareColumnsExpr(col.generatedExpr)} `;
    // toSqlWithoutAggregateTypeName prints the raw comment (no escaping).
    return `${sb}COMMENT "${col.comment}"`;
  }
  if (isNowDefault) sb += 'DEFAULT CURRENT_TIMESTAMP ';
  else if (col.defaultExpr !== undefined) sb += `DEFAULT (${col.defaultExpr}) `;
  else if (col.autoIncrement) sb += 'AUTO_INCREMENT ';
  else if (col.defaultValue !== null && !metricOnly) sb += `DEFAULT "${escapeJava(col.defaultValue)}" `;
  if (col.generatedExpr !== undefined) sb += `AS ${col.generatedExpr} `;
  return `${sb}COMMENT "${displayComment(col.comment)}"`;
}

/** Index.toSql: properties sorted case-insensitively (TreeMap) as PrintableMap prints them, none for BITMAP. */
export function indexSql(idx: BitmapIndex): string {
  const props = Object.entries(idx.properties ?? {}).sort(([a], [b]) =>
    a.toLowerCase() < b.toLowerCase() ? -1 : a.toLowerCase() > b.toLowerCase() ? 1 : 0,
  );
  const propText = props.length > 0 ? `(${props.map(([k, v]) => `"${k}" = "${v}"`).join(', ')})` : '';
  return `INDEX ${idx.name} (${idx.columns.map((c) => `\`${c}\``).join(',')}) USING ${idx.indexType ?? 'BITMAP'}${propText} COMMENT '${idx.comment}'`;
}

/** DistributionInfo.toSql: HASH prints a trailing space after `BUCKETS n`; no BUCKETS part for automatic bucketing. */
export function distributionSql(table: OlapTable): string {
  const d = table.distribution;
  // RangeDistributionInfo.toSql is empty: a range-distributed table prints no DISTRIBUTED BY clause.
  if (d.type === 'RANGE') return '';
  if (d.type === 'RANDOM') return d.buckets > 0 ? `DISTRIBUTED BY RANDOM BUCKETS ${d.buckets}` : 'DISTRIBUTED BY RANDOM';
  const cols = d.columns.map((c) => `\`${c}\``).join(', ');
  return d.buckets > 0 ? `DISTRIBUTED BY HASH(${cols}) BUCKETS ${d.buckets} ` : `DISTRIBUTED BY HASH(${cols})`;
}

/** LakeTable.getComment: "OLAP" when a cloud-native table has no comment. */
export function tableComment(table: OlapTable): string {
  if (table.comment !== '') return table.comment;
  return table.type === 'CLOUD_NATIVE' ? 'OLAP' : '';
}

/** The CREATE TABLE statement of a (cloud-native) OLAP table, ending with `;`. */
export function createTableDdl(fe: FeState, table: OlapTable): string {
  const lines = table.columns.map((c) => `  ${columnSql(c, table)}`);
  for (const idx of table.bitmapIndexes) lines.push(`  ${indexSql(idx)}`);
  let sb = `CREATE TABLE \`${table.name}\` (\n${lines.join(',\n')}\n) ENGINE=OLAP `;
  const keyCols = table.columns.filter((c) => c.isKey).map((c) => `\`${c.name}\``);
  sb += `\n${KEYS_SQL[table.keysType]}(${keyCols.join(', ')})`;
  const comment = tableComment(table);
  if (comment !== '') sb += `\nCOMMENT "${displayComment(comment)}"`;
  const partition = partitionClauseSql(table);
  if (partition !== null) sb += `\n${partition}`;
  const distribution = distributionSql(table);
  if (distribution !== '') sb += `\n${distribution}`;
  if (table.sortKeys.length > 0) sb += `\nORDER BY(${table.sortKeys.map((c) => `\`${c}\``).join(', ')})`;
  sb += `\nPROPERTIES (\n${printableMap(tableProperties(fe, table))}\n)`;
  return `${sb};`;
}

/** The CREATE VIEW statement (AstToStringBuilder.getDdlStmt, view branch). */
export function createViewDdl(fe: FeState, dbName: string, view: ViewTable): string {
  const cols = viewColumns(fe, dbName, view).map((c) => {
    const comment = c.comment ? ` COMMENT "${displayComment(c.comment)}"` : '';
    return `\`${c.name}\`${comment}`;
  });
  let sb = `CREATE VIEW \`${view.name}\` (${cols.join(', ')})`;
  if (view.comment !== '') sb += `\nCOMMENT "${displayComment(view.comment)}"`;
  sb += ' SECURITY NONE';
  return `${sb} AS ${view.query};`;
}

/** The REFRESH clause as stored, normalized to start with `REFRESH`. */
function refreshClause(mv: OlapTable): string {
  const info = mv.mv!;
  const text = info.refreshClause.trim();
  if (text === '') return `REFRESH ${info.refreshType}`;
  return /^refresh\b/i.test(text) ? `REFRESH${text.slice('refresh'.length)}` : `REFRESH ${text}`;
}

/** MaterializedView.getMaterializedViewDdlStmt(simple = true) for a cloud-native MV. */
export function createMaterializedViewDdl(fe: FeState, mv: OlapTable): string {
  const cols = mv.columns.map((c) => `\`${c.name}\`${c.comment ? ` COMMENT "${displayComment(c.comment)}"` : ''}`);
  let sb = `CREATE MATERIALIZED VIEW \`${mv.name}\` (${cols.join(', ')}`;
  for (const idx of mv.bitmapIndexes) sb += `,\n  ${indexSql(idx)}`;
  sb += ')';
  // LakeMaterializedView.getDisplayComment: "MATERIALIZED_VIEW" when the MV has no comment.
  const comment = mv.comment !== '' ? displayComment(mv.comment) : mv.type === 'CLOUD_NATIVE' ? 'MATERIALIZED_VIEW' : '';
  if (comment !== '') sb += `\nCOMMENT "${comment}"`;
  const info = mv.partitionInfo;
  if (info.type !== 'UNPARTITIONED') {
    sb += `\nPARTITION BY (${info.exprText ?? info.columns.map((c) => `\`${c}\``).join(',')})`;
  }
  sb += `\n${distributionSql(mv)}`;
  if (mv.sortKeys.length > 0) sb += `\nORDER BY (${mv.sortKeys.join(',')})`;
  sb += `\n${refreshClause(mv)}`;
  // The MV's TableProperty map (a HashMap: Java iteration order), then LakeMaterializedView's unique properties,
  // bloom_filter_columns and colocate_with (kept outside the map), then the warehouse.
  const stored: Record<string, string> = { replicated_storage: 'true', replication_num: '1', ...mv.properties };
  const outside = new Set([
    'storage_volume',
    'mv_sort_keys',
    'warehouse',
    'datacache.enable',
    'enable_async_write_back',
    'bloom_filter_columns',
    'colocate_with',
  ]);
  const keys = javaStringHashMapOrder(Object.keys(stored).filter((k) => !outside.has(k)));
  const entries: Array<[string, string]> = keys.map((k) => [k, stored[k]!]);
  entries.push(
    ['datacache.enable', mv.properties['datacache.enable'] ?? 'true'],
    ['enable_async_write_back', mv.properties['enable_async_write_back'] ?? 'false'],
    ['storage_volume', storageVolumeName(fe, mv)],
  );
  if (mv.properties['bloom_filter_columns'] !== undefined) entries.push(['bloom_filter_columns', mv.properties['bloom_filter_columns']]);
  if (mv.properties['colocate_with'] !== undefined) entries.push(['colocate_with', mv.properties['colocate_with']]);
  entries.push(['warehouse', 'default_warehouse']);
  sb += `\nPROPERTIES (\n${entries.map(([k, v]) => `"${k}" = "${v}"`).join(',\n')}\n)`;
  return `${sb}\nAS ${mv.mv!.query};`;
}

export const CREATE_TABLE_COLUMNS = ['Table', 'Create Table'] as const;
export const CREATE_VIEW_COLUMNS = ['View', 'Create View', 'character_set_client', 'collation_connection'] as const;
export const CREATE_MV_COLUMNS = ['Materialized View', 'Create Materialized View'] as const;

/** SHOW CREATE TABLE db.tbl: tables answer `Table, Create Table`, views the 4 view columns, MVs their own pair. */
export function showCreateTable(fe: FeState, dbName: string, tableName: string): ResultSet {
  const table = fe.getTable(dbName, tableName);
  return createResult(fe, dbName, table);
}

function createResult(fe: FeState, dbName: string, table: Table): ResultSet {
  if (table.kind === 'view') {
    return resultSet(varcharColumns(CREATE_VIEW_COLUMNS), [[table.name, createViewDdl(fe, dbName, table), 'utf8', 'utf8_general_ci']]);
  }
  if (table.mv) return resultSet(varcharColumns(CREATE_MV_COLUMNS), [[table.name, createMaterializedViewDdl(fe, table)]]);
  return resultSet(varcharColumns(CREATE_TABLE_COLUMNS), [[table.name, createTableDdl(fe, table)]]);
}

/** SHOW CREATE VIEW: StarRocks rejects a non-view. */
export function showCreateView(fe: FeState, dbName: string, viewName: string): ResultSet {
  const table = fe.getTable(dbName, viewName);
  if (table.kind !== 'view') throw analysisError(`The specified table is not a view`);
  return createResult(fe, dbName, table);
}

/**
 * SHOW CREATE MATERIALIZED VIEW: an async MV's DDL. A name that is no table may be a sync MV, searched only in
 * TableType.OLAP tables (ShowExecutor: `tbl.getType() == OLAP`), so a cloud-native table's sync MV is an unknown
 * table; an OLAP table's one answers its OriginStatement (or the built text of a rollup).
 */
export function showCreateMaterializedView(fe: FeState, dbName: string, mvName: string): ResultSet {
  const db = fe.getDb(dbName);
  if (!db.tables.has(mvName)) {
    for (const { table, index } of syncMaterializedViews(db, ['OLAP'])) {
      if (index.name === mvName) {
        return resultSet(varcharColumns(CREATE_MV_COLUMNS), [[mvName, index.originStmt ?? buildCreateMvSql(table, index)]]);
      }
    }
  }
  const table = fe.getTable(dbName, mvName);
  if (table.kind !== 'olap' || !table.mv) throw analysisError(`Table '${mvName}' is not a materialized view`);
  return createResult(fe, dbName, table);
}
