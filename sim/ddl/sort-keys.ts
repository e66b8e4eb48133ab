// ORDER BY sort keys of CREATE TABLE: CreateTableAnalyzer.analyzeSortKeys (after the keys are analyzed) and the
// duplicate check OlapTableFactory makes when it builds the sort key list (a DdlException: raw message).
import type { Column, KeysType } from '../catalog/model.js';
import { KEYS_SQL } from './columns.js';
import { ddlError, semanticError } from './errors.js';
import { type ColType, isDateType, isIntegerType } from './types.js';

/** Types a PRIMARY KEY table's sort key column may have (boolean, integers, largeint, varchar, date, datetime). */
const pkSortable = (t: ColType) => t.primitive === 'BOOLEAN' || isIntegerType(t) || t.primitive === 'VARCHAR' || isDateType(t);

/**
 * The analyzer part. PRIMARY/AGGREGATE/UNIQUE tables look sort columns up by exact name (`columnNames.indexOf`);
 * DUPLICATE tables are not checked here (the factory resolves names case-insensitively).
 */
export function analyzeSortKeys(orderBy: string[] | null, keysType: KeysType, columns: Column[], types: ColType[], keyColumns: string[]): void {
  if (!orderBy) return;
  if (keysType === 'DUP_KEYS') return;
  const names = columns.map((c) => c.name);
  const idx = (n: string) => {
    const i = names.indexOf(n);
    if (i < 0) throw semanticError(`Unknown column '${n}' does not exist`);
    return i;
  };
  if (keysType === 'PRIMARY_KEYS') {
    for (const n of orderBy) {
      const i = idx(n);
      if (!pkSortable(types[i]!)) throw semanticError(`sort key column[${columns[i]!.name}] type not supported: ${columns[i]!.type}`);
    }
    return;
  }
  const sortSet = new Set(orderBy.map(idx));
  const keySet = new Set(keyColumns.map(idx));
  if (sortSet.size !== keySet.size || [...sortSet].some((i) => !keySet.has(i))) {
    throw semanticError(`The sort columns of ${KEYS_SQL[keysType]} table must be same with key columns`);
  }
}

/** OlapTableFactory: sort key names resolved to the schema's columns (case-insensitive), no column twice. */
export function resolveSortKeys(orderBy: string[] | null, columns: Column[]): string[] {
  if (!orderBy) return [];
  const out: string[] = [];
  for (const n of orderBy) {
    const col = columns.find((c) => c.name.toLowerCase() === n.toLowerCase());
    if (!col) throw semanticError(`Unknown column '${n}' does not exist`);
    if (out.includes(col.name)) throw ddlError(`Duplicate sort key column ${n} is not allowed.`);
    out.push(col.name);
  }
  return out;
}
