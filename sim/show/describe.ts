// DESC[RIBE] [db.]t [ALL] (ShowExecutor.visitDescTableStmt, DescribeStmtAnalyzer). Without ALL: the base index's
// IndexSchemaProcNode (Field, Type, Null, Key, Default, Extra). With ALL: every index of the table, the base one
// first and the others in HashMap order of their ids, each column one row (IndexName and IndexKeysType only on an
// index's first row; the index's OWN keys type), an empty row between indexes.
import type { Column, KeysType, OlapTable } from '../catalog/model.js';
import { SimError } from '../fe/errors.js';
import type { FeState } from '../fe/state.js';
import { canonicalTypeName } from './column-types.js';
import { indexIdsForListing, indexNameById, rollupById } from './lookup.js';
import { indexSchemaResult } from './proc.js';
import { resultSet, varcharColumns, type ResultSet, type Row } from './result-set.js';

export const DESC_ALL_COLUMNS = ['IndexName', 'IndexKeysType', 'Field', 'Type', 'Null', 'Key', 'Default', 'Extra'] as const;

/**
 * Extra of one column: the aggregation type (hidden for PRIMARY KEY tables), then BLOOM_FILTER. Value columns of a
 * DUPLICATE-keys index carry the implicit NONE, those of a UNIQUE one REPLACE.
 */
function extraOf(table: OlapTable, keysType: KeysType, c: Column, bf: Set<string>): { extra: string; def: string | null } {
  const extras: string[] = [];
  if (!c.isKey && table.keysType !== 'PRIMARY_KEYS') {
    extras.push(c.aggType ?? (keysType === 'UNIQUE_KEYS' ? 'REPLACE' : 'NONE'));
  }
  if (bf.has(c.name.toLowerCase())) extras.push('BLOOM_FILTER');
  let def = c.defaultValue;
  if (def !== null && /^(current_timestamp|now\(\))$/i.test(def)) {
    extras.push('DEFAULT_GENERATED');
    def = 'CURRENT_TIMESTAMP';
  }
  return { extra: extras.join(','), def };
}

export function describeTable(fe: FeState, dbName: string, tableName: string, all: boolean): ResultSet {
  const t = fe.getTable(dbName, tableName);
  if (!all) {
    if (t.kind !== 'olap')
      throw new SimError(1064, 'Getting analyzing error. Detail message: DESC of a view is not supported by the simulator.', '42000');
    return indexSchemaResult(t);
  }
  if (t.kind !== 'olap') throw new SimError(1286, "Getting analyzing error. Detail message: Unknown storage engine 'VIEW'.", '42000');
  const bf = new Set(
    (t.properties['bloom_filter_columns'] ?? '')
      .split(',')
      .map((s) => s.trim().toLowerCase())
      .filter(Boolean),
  );
  const rows: Row[] = [];
  const ids = indexIdsForListing(t);
  ids.forEach((id, i) => {
    const r = rollupById(t, id);
    const keysType = r?.keysType ?? t.keysType;
    (r?.columns ?? t.columns).forEach((c, j) => {
      const { extra, def } = extraOf(t, keysType, c, bf);
      rows.push([
        j === 0 ? (indexNameById(t, id) ?? '') : '',
        j === 0 ? keysType : '',
        c.name,
        canonicalTypeName(c.type),
        c.nullable ? 'YES' : 'NO',
        String(c.isKey),
        def,
        extra,
      ]);
    });
    if (i !== ids.length - 1) rows.push(DESC_ALL_COLUMNS.map(() => ''));
  });
  return resultSet(varcharColumns(DESC_ALL_COLUMNS), rows);
}
