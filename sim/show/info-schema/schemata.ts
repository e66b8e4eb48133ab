// information_schema.schemata (SchemataSystemTable): CATALOG_NAME, SCHEMA_NAME, DEFAULT_CHARACTER_SET_NAME,
// DEFAULT_COLLATION_NAME, SQL_PATH.
import type { FeState } from '../../fe/state.js';
import { allDatabaseNames } from '../lookup.js';
import { resultSet, varcharColumns, type InfoSchemaHints, type ResultSet } from '../result-set.js';

export const SCHEMATA_COLUMNS = ['CATALOG_NAME', 'SCHEMA_NAME', 'DEFAULT_CHARACTER_SET_NAME', 'DEFAULT_COLLATION_NAME', 'SQL_PATH'] as const;

export function schemataTable(fe: FeState, hints: InfoSchemaHints = {}): ResultSet {
  const names = allDatabaseNames(fe)
    .filter((n) => !hints.dbNames || hints.dbNames.has(n))
    .sort();
  return resultSet(
    varcharColumns(SCHEMATA_COLUMNS),
    names.map((n) => ['def', n, 'utf8', 'utf8_general_ci', null]),
  );
}
