// information_schema.tables_config (TablesConfigSystemTable + InformationSchemaDataSource.genNormalTableConfigInfo,
// reference §6.6).
import type { Database, OlapTable, Table } from '../../catalog/model.js';
import type { FeState } from '../../fe/state.js';
import { gsonJson } from '../format.js';
import { tableTypeName } from '../lookup.js';
import { mvPropMap, tableProperties } from '../properties.js';
import { resultSet, typedColumns, type InfoSchemaHints, type ResultSet, type Row } from '../result-set.js';
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

export function tablesConfigTable(fe: FeState, hints: InfoSchemaHints = {}): ResultSet {
  const rows: Row[] = [];
  for (const db of hintedDbs(fe, hints)) {
    for (const t of db.tables.values()) if (tableAllowed(hints, t.name)) rows.push(row(fe, db, t));
  }
  return resultSet(TABLES_CONFIG_COLUMNS, rows);
}
