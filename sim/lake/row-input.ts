// Turning the rows of an INSERT into stored rows: positional or named input → one value per table column
// (defaults, auto-increment), each normalized to its column type. Shape errors are analysis errors (the
// statement never starts); value errors are filtered rows (the load fails in strict mode).
import { randomUUID } from 'node:crypto';
import type { Column, OlapTable } from '../catalog/model.js';
import { analysisError } from '../fe/errors.js';
import { FilteredValue, formatDateTime, normalizeCell, type Row } from './values.js';

export type InputRow = Record<string, unknown> | unknown[];

/** Per-table auto-increment counters (process-local: StarRocks allocates ids from the FE in batches). */
const autoIncrement = new Map<number, number>();

function nowText(now: number): string {
  const d = new Date(now);
  return formatDateTime({ y: d.getFullYear(), mo: d.getMonth() + 1, d: d.getDate(), h: d.getHours(), mi: d.getMinutes(), s: d.getSeconds() });
}

/** Checks the shape of every row and maps each to `column name → raw value` for all table columns. */
export function shapeRows(table: OlapTable, rows: InputRow[], now = Date.now()): Array<Record<string, unknown>> {
  const byLower = new Map(table.columns.map((c) => [c.name.toLowerCase(), c]));
  return rows.map((r) => {
    const out: Record<string, unknown> = {};
    // Generated columns take no input: positional rows fill the ordinary columns only, and the simulator stores
    // NULL for the generated value (it does not evaluate expressions; see sim/fidelity/ddl.md).
    const inputs = table.columns.filter((c) => c.generatedExpr === undefined);
    if (Array.isArray(r)) {
      if (r.length !== inputs.length) throw analysisError("Column count doesn't match value count");
      inputs.forEach((c, i) => (out[c.name] = r[i]));
      for (const c of table.columns) if (!(c.name in out)) out[c.name] = null;
      return out;
    }
    for (const [k, v] of Object.entries(r)) {
      const c = byLower.get(k.toLowerCase());
      if (!c) throw analysisError(`Unknown column '${k}' in '${table.name}'`);
      if (c.generatedExpr !== undefined) throw analysisError(`generated column '${c.name}' can not be specified`);
      out[c.name] = v;
    }
    for (const c of table.columns) if (!(c.name in out)) out[c.name] = c.generatedExpr !== undefined ? null : defaultOf(table, c, now);
    return out;
  });
}

function defaultOf(table: OlapTable, c: Column, now: number): unknown {
  if (c.autoIncrement) {
    const next = (autoIncrement.get(table.id) ?? 0) + 1;
    autoIncrement.set(table.id, next);
    return next;
  }
  if (c.defaultValue === 'CURRENT_TIMESTAMP' || c.defaultValue === 'now()') return nowText(now);
  if (c.defaultExpr === 'uuid()') return randomUUID();
  if (c.defaultExpr === 'uuid_numeric()') return (BigInt(`0x${randomUUID().replace(/-/g, '')}`) >> 1n).toString();
  if (c.defaultValue !== null) return c.defaultValue;
  if (c.nullable) return null;
  throw analysisError(`Column has no default value, column=${c.name}`);
}

/** Normalizes one shaped row; throws FilteredValue for a value StarRocks' strict mode filters. */
export function normalizeRow(table: OlapTable, raw: Record<string, unknown>): Row {
  const row: Row = {};
  for (const c of table.columns) row[c.name] = normalizeCell(c, raw[c.name]);
  return row;
}

export { FilteredValue };
