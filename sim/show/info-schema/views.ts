// information_schema.views (ViewsSystemTable, reference §6.10).
import type { FeState } from '../../fe/state.js';
import { resultSet, varcharColumns, type InfoSchemaHints, type ResultSet, type Row } from '../result-set.js';
import { hintedDbs, tableAllowed } from './common.js';

export const VIEWS_COLUMNS = [
  'TABLE_CATALOG',
  'TABLE_SCHEMA',
  'TABLE_NAME',
  'VIEW_DEFINITION',
  'CHECK_OPTION',
  'IS_UPDATABLE',
  'DEFINER',
  'SECURITY_TYPE',
  'CHARACTER_SET_CLIENT',
  'COLLATION_CONNECTION',
] as const;

export function viewsTable(fe: FeState, hints: InfoSchemaHints = {}): ResultSet {
  const rows: Row[] = [];
  for (const db of hintedDbs(fe, hints)) {
    for (const t of db.tables.values()) {
      if (t.kind !== 'view' || !tableAllowed(hints, t.name)) continue;
      rows.push(['def', db.name, t.name, t.query, 'NONE', 'NO', '', '', 'utf8', 'utf8_general_ci']);
    }
  }
  return resultSet(varcharColumns(VIEWS_COLUMNS), rows);
}
