// The schema each tablet of a physical partition is written with: the base index (the table's columns) or a
// rollup / sync MV (its own columns, keys type and schema hash). Loads project base rows into an index's
// columns (RollupColumn.source) and pre-aggregate them as the CN's memtable does for AGG/UNIQUE indexes.
import type { Column, KeysType, OlapTable, PhysicalPartition, RollupIndex } from '../catalog/model.js';
import { mergeRowsBy } from './merge.js';
import type { Row } from './values.js';

export interface IndexSchema {
  indexId: number;
  schemaHash: number;
  keysType: KeysType;
  keyColumns: string[];
  columns: Column[];
  /** null for the base index. */
  rollup: RollupIndex | null;
}

const rollupsOf = (t: OlapTable): RollupIndex[] => t.rollups ?? [];

export function baseIndexSchema(table: OlapTable): IndexSchema {
  return {
    indexId: table.baseIndex.indexId,
    schemaHash: table.baseIndex.schemaHash,
    keysType: table.keysType,
    keyColumns: table.keyColumns,
    columns: table.columns,
    rollup: null,
  };
}

export function rollupIndexSchema(r: RollupIndex): IndexSchema {
  return {
    indexId: r.indexId,
    schemaHash: r.schemaHash,
    keysType: r.keysType,
    keyColumns: r.columns.filter((c) => c.isKey).map((c) => c.name),
    columns: r.columns,
    rollup: r,
  };
}

/** Every index of the table by id (the base index first). */
export function indexSchemas(table: OlapTable): Map<number, IndexSchema> {
  const out = new Map<number, IndexSchema>([[table.baseIndex.indexId, baseIndexSchema(table)]]);
  for (const r of rollupsOf(table)) out.set(r.indexId, rollupIndexSchema(r));
  return out;
}

/** The schema of every tablet of a physical partition, by tablet id (an unknown index falls back to the base). */
export function tabletSchemas(table: OlapTable, pp: PhysicalPartition): Map<number, IndexSchema> {
  const schemas = indexSchemas(table);
  const base = schemas.get(table.baseIndex.indexId)!;
  const out = new Map<number, IndexSchema>();
  for (const index of pp.indexes) {
    const s = schemas.get(index.id) ?? base;
    for (const t of index.tablets) out.set(t.id, s);
  }
  return out;
}

/** A base row as a row of the index: each column from its source (`count`: 1, or 0 for NULL). */
export function projectRow(schema: IndexSchema, row: Row): Row {
  if (!schema.rollup) return row;
  const out: Row = {};
  for (const c of schema.rollup.columns) {
    const v = row[c.source.column] ?? null;
    out[c.name] = c.source.fn === 'count' ? (v === null ? 0 : 1) : v;
  }
  return out;
}

/** Rows of one load for one tablet of the index: projected, and aggregated by key for rollups of AGG/UNIQUE keys. */
export function rowsForIndex(schema: IndexSchema, rows: Row[]): Row[] {
  if (!schema.rollup) return rows;
  return mergeRowsBy(
    schema,
    rows.map((r) => projectRow(schema, r)),
  );
}
