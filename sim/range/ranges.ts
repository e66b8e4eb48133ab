// Key ranges of range-distributed tablets (TabletRange over Range<Tuple>, PR #66342): the range columns of an
// index (MetaUtils.getRangeDistributionColumns: the sort key, else the key columns), tuple order, membership of
// a row, the Range.toString text, and routing a row to the tablet owning its key.
import type { Column, OlapTable, Tablet, TabletRange } from '../catalog/model.js';
import { compareCells, normalizeCell, type Cell, type Row } from '../lake/values.js';

/** Range.all(): (-∞, +∞), both ends excluded. A new range-distributed partition has one tablet owning it. */
export const ALL_RANGE: TabletRange = { lower: null, lowerIncluded: false, upper: null, upperIncluded: false };

export const isRangeTable = (t: OlapTable): boolean => t.distribution.type === 'RANGE';

/** A tablet's range; a tablet of a range table without one (e.g. a rollup's) owns the whole key space. */
export const rangeOf = (t: Tablet): TabletRange => t.range ?? ALL_RANGE;

const byName = (table: OlapTable, name: string): Column => {
  const c = table.columns.find((x) => x.name.toLowerCase() === name.toLowerCase());
  if (!c) throw new Error(`range column ${name} not in table ${table.name}`);
  return c;
};

/** The columns an index's tablets are ranged by: the base index's sort key (ORDER BY, else the keys); a rollup's keys. */
export function rangeColumns(table: OlapTable, indexId: number = table.baseIndex.indexId): Column[] {
  const rollup = table.rollups?.find((r) => r.indexId === indexId);
  if (rollup) return rollup.columns.filter((c) => c.isKey);
  const names = table.sortKeys.length > 0 ? table.sortKeys : table.keyColumns;
  return names.map((n) => byName(table, n));
}

/** A canonical endpoint value (Variant.getStringValue) as a comparable cell; SQL NULL stays null. */
function toCell(col: Column, v: string | null): Cell {
  if (v === null) return null;
  try {
    return normalizeCell({ ...col, nullable: true }, v);
  } catch {
    return v;
  }
}

/** Canonical text of a row cell, as Variant.getStringValue prints it. */
export const cellText = (c: Cell): string | null => (c === null ? null : String(c));

/** Tuple.compareTo: column by column, SQL NULL first. */
export function compareTuples(cols: Column[], a: Cell[], b: Cell[]): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const c = compareCells(cols[i]?.type ?? 'varchar', a[i] ?? null, b[i] ?? null);
    if (c !== 0) return c;
  }
  return 0;
}

export const tupleCells = (cols: Column[], values: Array<string | null>): Cell[] => values.map((v, i) => toCell(cols[i]!, v));

/** The range key of a row for an index: its cells of the range columns. */
export const rowKey = (cols: Column[], row: Row): Cell[] => cols.map((c) => row[c.name] ?? null);

/** Range.contains(tuple). */
export function rangeContains(cols: Column[], r: TabletRange, key: Cell[]): boolean {
  if (r.lower !== null) {
    const c = compareTuples(cols, key, tupleCells(cols, r.lower));
    if (c < 0 || (c === 0 && !r.lowerIncluded)) return false;
  }
  if (r.upper !== null) {
    const c = compareTuples(cols, key, tupleCells(cols, r.upper));
    if (c > 0 || (c === 0 && !r.upperIncluded)) return false;
  }
  return true;
}

/** The tablet whose range holds `key` (ranges of one index are disjoint and cover the key space). */
export function tabletForKey(cols: Column[], tablets: Tablet[], key: Cell[]): Tablet {
  const t = tablets.find((x) => rangeContains(cols, rangeOf(x), key));
  if (!t) throw new Error(`no tablet owns key ${JSON.stringify(key)}`);
  return t;
}

/** Orders ranges by their lower end (-∞ first), as Comparator.comparing(TabletRange::getRange) does for disjoint ranges. */
export function compareRanges(cols: Column[], a: TabletRange, b: TabletRange): number {
  if (a.lower === null || b.lower === null) return a.lower === b.lower ? 0 : a.lower === null ? -1 : 1;
  const c = compareTuples(cols, tupleCells(cols, a.lower), tupleCells(cols, b.lower));
  if (c !== 0) return c;
  return a.lowerIncluded === b.lowerIncluded ? 0 : a.lowerIncluded ? -1 : 1;
}

/** Tablets of an index in range order (ties by id), as getRangeDistributionTopology lists them. */
export const sortByRange = (cols: Column[], tablets: Tablet[]): Tablet[] =>
  [...tablets].sort((a, b) => compareRanges(cols, rangeOf(a), rangeOf(b)) || a.id - b.id);

/** Tuple.toString (inferred): the values in parentheses, comma separated, SQL NULL as NULL. */
const tupleText = (t: Array<string | null>): string => `(${t.map((v) => (v === null ? 'NULL' : v)).join(', ')})`;

/** Range.toString: `(-∞, +∞)`, `(-∞, u)`, `[l, +∞)`, `[l, u)` with the brackets of the inclusion flags. */
export function rangeText(r: TabletRange): string {
  const lo = r.lower === null ? '(-∞' : `${r.lowerIncluded ? '[' : '('}${tupleText(r.lower)}`;
  const hi = r.upper === null ? '+∞)' : `${tupleText(r.upper)}${r.upperIncluded ? ']' : ')'}`;
  return `${lo}, ${hi}`;
}

/** Range.equals: same endpoints (cell by cell, in canonical text) and the same inclusion flags. */
export function sameRange(a: TabletRange, b: TabletRange): boolean {
  const eq = (x: Array<string | null> | null, y: Array<string | null> | null) =>
    x === null || y === null ? x === y : x.length === y.length && x.every((v, i) => v === y[i]);
  return eq(a.lower, b.lower) && eq(a.upper, b.upper) && a.lowerIncluded === b.lowerIncluded && a.upperIncluded === b.upperIncluded;
}
