// information_schema.materialized_views (MaterializedViewsSystemTable): the 27 [dec31] columns; async MVs, then the
// sync MVs of TableType.OLAP tables (InformationSchemaDataSource.listMaterializedViews).
import type { FeState } from '../../fe/state.js';
import { MV_STATUS_FIELDS, materializedViews, mvStatusRow, syncMaterializedViews, syncMvStatusRow } from '../mv-status.js';
import { resultSet, typedColumns, type InfoSchemaHints, type ResultSet, type Row } from '../result-set.js';
import { hintedDbs, tableAllowed } from './common.js';

export const MATERIALIZED_VIEWS_COLUMNS = typedColumns(MV_STATUS_FIELDS.map(([, name, type]) => [name, type] as const));

export function materializedViewsTable(fe: FeState, hints: InfoSchemaHints = {}): ResultSet {
  const rows: Row[] = [];
  for (const db of hintedDbs(fe, hints)) {
    for (const mv of materializedViews(db)) if (tableAllowed(hints, mv.name)) rows.push(mvStatusRow(fe, db, mv));
    // Sync MVs only of TableType.OLAP tables (cloud-native ones are skipped), filtered by the BASE table's name.
    for (const { table, index } of syncMaterializedViews(db, ['OLAP'])) {
      if (tableAllowed(hints, table.name)) rows.push(syncMvStatusRow(db, table, index));
    }
  }
  return resultSet(MATERIALIZED_VIEWS_COLUMNS, rows);
}
