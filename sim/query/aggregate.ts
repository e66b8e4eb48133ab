// GROUP-less aggregate SELECTs over a user table's rows (the rows a query sees, from the segment files):
// `SELECT COUNT(*), COUNT(e), SUM(e) FROM t [PARTITION (...)] [WHERE ...]`, one result row. Column values are seen
// in their StarRocks text form (render.ts), so `murmur_hash3_32(CAST(c AS STRING))` hashes what StarRocks hashes.
// SUM of integers is exact and wraps at 64 bits (StarRocks: SUM(INT/BIGINT) returns BIGINT, overflow is not
// checked); SUM of no non-NULL value is NULL; COUNT(e) counts non-NULL values.
import type { Column } from '../catalog/model.js';
import { SimError } from '../fe/errors.js';
import type { Row } from '../lake/values.js';
import type { Expr, SelectStmt } from '../sql/ast.js';
import type { ResultColumn, ResultSet } from '../show/result-set.js';
import { evaluate, isTrue, type EvalContext, type Value } from './eval.js';
import { renderCell } from './render.js';
import type { ScalarEnv } from './select.js';

const AGGREGATES = new Set(['count', 'sum']);

const isAggregateCall = (e: Expr): e is Extract<Expr, { kind: 'call' }> => e.kind === 'call' && AGGREGATES.has(e.name.toLowerCase());

/** True when every select item is COUNT(...) or SUM(...) (the aggregate SELECTs this module answers). */
export function isAggregateSelect(stmt: SelectStmt): boolean {
  return stmt.items.length > 0 && stmt.items.every((i) => i.kind === 'expr' && isAggregateCall(i.expr));
}

/** The evaluation context of one stored row: columns by case-insensitive name, in their text form. */
export function rowContext(columns: readonly Column[], row: Row, env: ScalarEnv): EvalContext {
  const byLower = new Map(columns.map((c) => [c.name.toLowerCase(), c]));
  return {
    column: (name) => {
      const c = byLower.get(name.toLowerCase());
      return c ? renderCell(c.type, row[c.name]) : undefined;
    },
    variable: (n, s) => env.variable(n, s),
    call: (n, a, star) => env.call(n, a, star),
  };
}

const INTEGER = /^[-+]?\d+$/;

/** SUM over the non-NULL values: NULL when there are none; integers exact with 64-bit wrap-around. */
export function sumValues(values: readonly Value[]): Value {
  const present = values.filter((v): v is string => v !== null);
  if (present.length === 0) return null;
  if (present.every((v) => INTEGER.test(v.trim()))) {
    let s = 0n;
    for (const v of present) s = BigInt.asIntN(64, s + BigInt(v.trim()));
    return s.toString();
  }
  const n = present.reduce((acc, v) => acc + Number(v), 0);
  if (!Number.isFinite(n)) throw new SimError(1064, 'Getting analyzing error. Detail message: SUM over non-numeric values.', '42000');
  return String(n);
}

/** One aggregate item over the rows. */
function aggregate(e: Extract<Expr, { kind: 'call' }>, ctxs: readonly EvalContext[]): { value: Value; type: ResultColumn['type'] } {
  const name = e.name.toLowerCase();
  if (e.distinct)
    throw new SimError(
      1064,
      `Getting analyzing error. Detail message: ${name.toUpperCase()}(DISTINCT ...) is not supported by the simulator.`,
      '42000',
    );
  if (name === 'count') {
    if (e.star) return { value: String(ctxs.length), type: 'BIGINT' };
    if (e.args.length !== 1)
      throw new SimError(1064, 'Getting analyzing error. Detail message: No matching function with signature: count().', '42000');
    return { value: String(ctxs.filter((c) => evaluate(e.args[0]!, c) !== null).length), type: 'BIGINT' };
  }
  if (e.args.length !== 1) throw new SimError(1064, 'Getting analyzing error. Detail message: No matching function with signature: sum().', '42000');
  return { value: sumValues(ctxs.map((c) => evaluate(e.args[0]!, c))), type: 'BIGINT' };
}

/** Answers an aggregate SELECT (isAggregateSelect) over `rows` of a table with `columns`. */
export function aggregateRows(stmt: SelectStmt, columns: readonly Column[], rows: readonly Row[], env: ScalarEnv): ResultSet {
  let ctxs = rows.map((r) => rowContext(columns, r, env));
  if (stmt.where) ctxs = ctxs.filter((c) => isTrue(evaluate(stmt.where!, c)));
  const out: ResultColumn[] = [];
  const row: Value[] = [];
  for (const item of stmt.items) {
    if (item.kind !== 'expr' || !isAggregateCall(item.expr))
      throw new SimError(1064, 'Getting analyzing error. Detail message: only COUNT and SUM items are supported by the simulator.', '42000');
    const { value, type } = aggregate(item.expr, ctxs);
    out.push({ name: item.alias ?? item.text, type });
    row.push(value);
  }
  const rowsOut = stmt.limit ? [row].slice(stmt.limit.offset, stmt.limit.offset + stmt.limit.count) : [row];
  return { columns: out, rows: rowsOut };
}
