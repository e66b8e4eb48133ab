// SHOW DATABASES, SHOW [FULL] TABLES and SHOW MATERIALIZED VIEWS.
import type { FeState } from '../fe/state.js';
import { likePredicate } from './format.js';
import { allDatabaseNames } from './lookup.js';
import { MV_STATUS_FIELDS, materializedViews, mvStatusRow, syncMaterializedViews, syncMvStatusRow } from './mv-status.js';
import { resultSet, typedColumns, varchar, type ResultSet } from './result-set.js';

const byName = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** SHOW DATABASES [LIKE]: `Database`, sorted, including the system databases. */
export function showDatabases(fe: FeState, likePattern?: string): ResultSet {
  const match = likePredicate(likePattern);
  const names = allDatabaseNames(fe).filter(match).sort(byName);
  return resultSet(
    [varchar('Database')],
    names.map((n) => [n]),
  );
}

/** SHOW [FULL] TABLES [FROM db] [LIKE]: `Tables_in_<db>` (+ `Table_type`: BASE TABLE / VIEW), sorted by name. */
export function showTables(fe: FeState, dbName: string, full = false, likePattern?: string): ResultSet {
  const db = fe.getDb(dbName);
  const match = likePredicate(likePattern);
  const tables = [...db.tables.values()].filter((t) => match(t.name)).sort((a, b) => byName(a.name, b.name));
  const columns = full ? [varchar(`Tables_in_${dbName}`), varchar('Table_type')] : [varchar(`Tables_in_${dbName}`)];
  const rows = tables.map((t) => {
    const type = t.kind === 'view' || t.mv ? 'VIEW' : 'BASE TABLE';
    return full ? [t.name, type] : [t.name];
  });
  return resultSet(columns, rows);
}

/** SHOW MATERIALIZED VIEWS [FROM db] [LIKE]. */
export function showMaterializedViews(fe: FeState, dbName: string, likePattern?: string): ResultSet {
  const db = fe.getDb(dbName);
  const match = likePredicate(likePattern);
  const rows = materializedViews(db)
    .filter((mv) => match(mv.name))
    .map((mv) => mvStatusRow(fe, db, mv));
  // Then the sync MVs / rollups of OLAP and cloud-native tables (ShowExecutor.visitShowMaterializedViewStatement).
  for (const { table, index } of syncMaterializedViews(db, ['OLAP', 'CLOUD_NATIVE'])) {
    if (match(index.name)) rows.push(syncMvStatusRow(db, table, index));
  }
  return resultSet(typedColumns(MV_STATUS_FIELDS.map(([name, , type]) => [name, type] as const)), rows);
}
