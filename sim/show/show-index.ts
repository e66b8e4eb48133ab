// SHOW INDEX FROM db.tbl (ShowExecutor.handleShowIndex, reference §6.10): one row per bitmap index;
// `Table` is the analyzed `db.tbl`, `Seq_in_index` is empty and `Column_name` the columns joined by `,`.
import type { FeState } from '../fe/state.js';
import { resultSet, varcharColumns, type ResultSet, type Row } from './result-set.js';

export const SHOW_INDEX_COLUMNS = [
  'Table',
  'Non_unique',
  'Key_name',
  'Seq_in_index',
  'Column_name',
  'Collation',
  'Cardinality',
  'Sub_part',
  'Packed',
  'Null',
  'Index_type',
  'Comment',
] as const;

export function showIndex(fe: FeState, dbName: string, tableName: string): ResultSet {
  const table = fe.getTable(dbName, tableName);
  const rows: Row[] = [];
  if (table.kind === 'olap') {
    for (const idx of table.bitmapIndexes) {
      rows.push([`${dbName}.${tableName}`, '', idx.name, '', idx.columns.join(','), '', '', '', '', '', idx.indexType ?? 'BITMAP', idx.comment]);
    }
  }
  return resultSet(varcharColumns(SHOW_INDEX_COLUMNS), rows);
}
