// information_schema.tables_config (TablesConfigSystemTable + InformationSchemaDataSource.genNormalTableConfigInfo,
// reference §6.6).
import type { Database, OlapTable, Table } from '../../catalog/model.js';
import type { FeState } from '../../fe/state.js';
import { gsonJson } from '../format.js';
import { tableTypeName } from '../lookup.js';
import { mvPropMap, tableProperties } from '../properties.js';
import {
  resultSet,
  scannableResultSet,
  typedColumns,
  type InfoSchemaHints,
  type ResultSet,
  type Row,
  type ScannableResultSet,
} from '../result-set.js';
import { hintedDbs, tableAllowed } from './common.js';

export const TABLES_CONFIG_COLUMNS = typedColumns([
  ['TABLE_SCHEMA', 'VARCHAR'],
  ['TABLE_NAME', 'VARCHAR'],
  ['TABLE_ENGINE', 'VARCHAR'],
  ['TABLE_MODEL', 'VARCHAR'],
  ['PRIMARY_KEY', 'VARCHAR'],
  ['PARTITION_KEY', 'VARCHAR'],
  ['DISTRIBUTE_KEY', 'VARCHAR'],
  ['DISTRIBUTE_TYPE', 'VARCHAR'],
  ['DISTRIBUTE_BUCKET', 'INT'],
  ['SORT_KEY', 'VARCHAR'],
  ['PROPERTIES', 'VARCHAR'],
  ['TABLE_ID', 'BIGINT'],
]);

const quoted = (names: readonly string[]) => names.map((n) => `\`${n}\``).join(', ');

function olapRow(fe: FeState, db: Database, t: OlapTable): Row {
  const keys = t.columns.filter((c) => c.isKey).map((c) => c.name);
  const isRange = ['RANGE', 'EXPR_RANGE', 'EXPR_RANGE_V2'].includes(t.partitionInfo.type);
  const props = t.mv ? mvPropMap(fe, t) : Object.fromEntries(tableProperties(fe, t));
  return [
    db.name,
    t.name,
    tableTypeName(t),
    t.keysType,
    t.keysType === 'PRIMARY_KEYS' || t.keysType === 'UNIQUE_KEYS' ? quoted(keys) : '',
    isRange ? quoted(t.partitionInfo.columns) : '',
    t.distribution.type === 'HASH' ? quoted(t.distribution.columns) : '',
    // RangeDistributionInfo: type RANGE, getBucketNum() = 1.
    t.distribution.type === 'RANGE' ? 'RANGE' : 'HASH',
    t.distribution.type === 'RANGE' ? '1' : String(t.distribution.buckets),
    t.sortKeys.length > 0 ? quoted(t.sortKeys) : quoted(keys),
    gsonJson(props),
    String(t.id),
  ];
}

function row(fe: FeState, db: Database, t: Table): Row {
  if (t.kind === 'olap') return olapRow(fe, db, t);
  return [db.name, t.name, 'VIEW', '', '', '', '', '', '0', '', '', String(t.id)];
}

/** Visits the rows of tables_config the hints allow, in catalog order. */
function scanTablesConfig(fe: FeState, hints: InfoSchemaHints, visit: (row: Row) => void): void {
  for (const db of hintedDbs(fe, hints)) {
    for (const t of db.tables.values()) if (tableAllowed(hints, t.name)) visit(row(fe, db, t));
  }
}

/** The whole table at once (a plain result set: its rows are collected by the scan below). */
export function tablesConfigTable(fe: FeState, hints: InfoSchemaHints = {}): ResultSet {
  return resultSet(TABLES_CONFIG_COLUMNS, tablesConfigScan(fe, hints).rows);
}

/** tables_config for a SELECT: its rows produced while the SELECT reads them (see ScannableResultSet). */
export function tablesConfigScan(fe: FeState, hints: InfoSchemaHints = {}): ScannableResultSet {
  return scannableResultSet(TABLES_CONFIG_COLUMNS, (visit) => scanTablesConfig(fe, hints, visit));
}
