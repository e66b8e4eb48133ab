// information_schema.tables (TablesSystemTable + InformationSchemaDataSource.generateTablesInfoResponse):
// TABLE_TYPE from Table.getMysqlType (BASE TABLE / VIEW for views and MVs / SYSTEM VIEW), ENGINE from
// Table.getEngine (StarRocks for OLAP tables and MVs, NULL for views, MEMORY for system tables).
import type { Database, Table } from '../../catalog/model.js';
import type { FeState } from '../../fe/state.js';
import { tableComment } from '../create-table.js';
import { VIRTUAL_SYSTEM_DBS, tableDataSize, tableRowCount } from '../lookup.js';
import { resultSet, typedColumns, type InfoSchemaHints, type ResultSet, type Row } from '../result-set.js';
import { systemTablesOf } from '../system-tables.js';
import { epochCell, hintedDbs, tableAllowed } from './common.js';

export const TABLES_TABLE_COLUMNS = typedColumns([
  ['TABLE_CATALOG', 'VARCHAR'],
  ['TABLE_SCHEMA', 'VARCHAR'],
  ['TABLE_NAME', 'VARCHAR'],
  ['TABLE_TYPE', 'VARCHAR'],
  ['ENGINE', 'VARCHAR'],
  ['VERSION', 'BIGINT'],
  ['ROW_FORMAT', 'VARCHAR'],
  ['TABLE_ROWS', 'BIGINT'],
  ['AVG_ROW_LENGTH', 'BIGINT'],
  ['DATA_LENGTH', 'BIGINT'],
  ['MAX_DATA_LENGTH', 'BIGINT'],
  ['INDEX_LENGTH', 'BIGINT'],
  ['DATA_FREE', 'BIGINT'],
  ['AUTO_INCREMENT', 'BIGINT'],
  ['CREATE_TIME', 'DATETIME'],
  ['UPDATE_TIME', 'DATETIME'],
  ['CHECK_TIME', 'DATETIME'],
  ['TABLE_COLLATION', 'VARCHAR'],
  ['CHECKSUM', 'BIGINT'],
  ['CREATE_OPTIONS', 'VARCHAR'],
  ['TABLE_COMMENT', 'VARCHAR'],
]);

function catalogTableRow(db: Database, t: Table): Row {
  const base = (type: string, engine: string | null): Row => [
    'def',
    db.name,
    t.name,
    type,
    engine,
    null,
    null,
    null,
    null,
    null,
    null,
    null,
    null,
    null,
    epochCell(t.createTime),
    null,
    null,
    'utf8_general_ci',
    null,
    null,
    '',
  ];
  if (t.kind === 'view') {
    const row = base('VIEW', null);
    row[20] = t.comment;
    return row;
  }
  const row = base(t.mv ? 'VIEW' : 'BASE TABLE', 'StarRocks');
  const rows = tableRowCount(t);
  const bytes = tableDataSize(t);
  let updated = 0;
  for (const p of t.partitions) for (const pp of p.physicalPartitions) updated = Math.max(updated, pp.visibleVersionTime);
  row[7] = String(rows);
  row[8] = String(rows === 0 ? 0 : Math.floor(bytes / rows));
  row[9] = String(bytes);
  row[15] = epochCell(updated);
  row[20] = t.mv ? t.comment : tableComment(t);
  return row;
}

export function tablesTable(fe: FeState, hints: InfoSchemaHints = {}): ResultSet {
  const rows: Row[] = [];
  for (const db of hintedDbs(fe, hints)) {
    for (const t of db.tables.values()) if (tableAllowed(hints, t.name)) rows.push(catalogTableRow(db, t));
  }
  for (const s of VIRTUAL_SYSTEM_DBS) {
    if (hints.dbNames && !hints.dbNames.has(s.name)) continue;
    for (const name of systemTablesOf(s.name) ?? []) {
      if (!tableAllowed(hints, name)) continue;
      rows.push([
        'def',
        s.name,
        name,
        'SYSTEM VIEW',
        'MEMORY',
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        'utf8_general_ci',
        null,
        null,
        '',
      ]);
    }
  }
  return resultSet(TABLES_TABLE_COLUMNS, rows);
}
