// Merge-on-read for keyed tables: rows with the same key (in load order) collapse into one, as a read of a
// UNIQUE/PRIMARY/AGGREGATE table (or their compaction) does. DUPLICATE tables keep every row.
import type { Column, KeysType, OlapTable } from '../catalog/model.js';
import { addCells, compareCells, tupleKey, type Cell, type Row } from './values.js';

function aggregate(col: Column, acc: Cell, next: Cell): Cell {
  switch (col.aggType) {
    case 'SUM':
      return addCells(col.type, acc, next);
    case 'MAX':
      if (acc === null) return next;
      return next !== null && compareCells(col.type, next, acc) > 0 ? next : acc;
    case 'MIN':
      if (acc === null) return next;
      return next !== null && compareCells(col.type, next, acc) < 0 ? next : acc;
    case 'REPLACE_IF_NOT_NULL':
      return next === null ? acc : next;
    default:
      // REPLACE and the sketch types (HLL_UNION, BITMAP_UNION, PERCENTILE_UNION: not simulated) keep the newest.
      return next;
  }
}

/** What merging needs of an index's schema (an OlapTable is one: its base index). */
export interface MergeSchema {
  keysType: KeysType;
  keyColumns: string[];
  columns: Column[];
}

/** Rows of one tablet of the base index in load order → the rows a query sees. */
export function mergeRows(table: OlapTable, rows: Row[]): Row[] {
  return mergeRowsBy(table, rows);
}

/** Rows of one tablet in load order → merged by the index's keys (DUPLICATE keeps every row). */
export function mergeRowsBy(table: MergeSchema, rows: Row[]): Row[] {
  if (table.keysType === 'DUP_KEYS') return rows;
  const keyCols = table.keyColumns;
  const byKey = new Map<string, Row>();
  const valueCols = table.columns.filter((c) => !keyCols.includes(c.name));
  for (const row of rows) {
    const k = tupleKey(keyCols.map((c) => row[c] ?? null));
    const prev = byKey.get(k);
    if (!prev || table.keysType !== 'AGG_KEYS') {
      // UNIQUE / PRIMARY: the newest row replaces the whole row. Re-insert to keep newest-last order stable.
      if (prev) byKey.delete(k);
      byKey.set(k, { ...row });
      continue;
    }
    for (const c of valueCols) prev[c.name] = aggregate(c, prev[c.name] ?? null, row[c.name] ?? null);
  }
  return [...byKey.values()];
}
