// SELECT over a virtual table (a ResultSet): WHERE, ORDER BY, LIMIT, projection; also FROM-less SELECTs.
import type { Expr, OrderByItem, SelectStmt, LimitClause } from '../sql/ast.js';
import type { ResultColumn, ResultSet, Row } from '../show/result-set.js';
import { compare, evaluate, isTrue } from './eval.js';
import type { EvalContext, Value } from './eval.js';
import { SimError } from '../fe/errors.js';

export interface ScalarEnv {
  variable(name: string, system: boolean): Value;
  call(name: string, args: Value[], star: boolean): Value | undefined;
}

function rowContext(rs: ResultSet, index: Map<string, number>, row: Row, env: ScalarEnv): EvalContext {
  return {
    column: (name) => {
      const i = index.get(name.toLowerCase());
      return i === undefined ? undefined : (row[i] ?? null);
    },
    variable: (n, s) => env.variable(n, s),
    call: (n, a, star) => env.call(n, a, star),
  };
}

function columnIndex(rs: ResultSet): Map<string, number> {
  const m = new Map<string, number>();
  rs.columns.forEach((c, i) => {
    const k = c.name.toLowerCase();
    if (!m.has(k)) m.set(k, i);
  });
  return m;
}

/** Keeps the rows matching `where`, sorted and limited (columns unchanged). Used by SHOW ... WHERE too. */
export function filterRows(rs: ResultSet, where: Expr | null, orderBy: OrderByItem[], limit: LimitClause | null, env: ScalarEnv): ResultSet {
  const index = columnIndex(rs);
  let rows = rs.rows;
  if (where) rows = rows.filter((r) => isTrue(evaluate(where, rowContext(rs, index, r, env))));
  if (orderBy.length > 0) {
    const keyed = rows.map((r) => ({ r, k: orderBy.map((o) => evaluate(o.expr, rowContext(rs, index, r, env))) }));
    keyed.sort((a, b) => {
      for (let i = 0; i < orderBy.length; i++) {
        const x = a.k[i] ?? null;
        const y = b.k[i] ?? null;
        const c = x === null ? (y === null ? 0 : -1) : y === null ? 1 : compare(x, y);
        if (c !== 0) return orderBy[i]!.desc ? -c : c;
      }
      return 0;
    });
    rows = keyed.map((x) => x.r);
  }
  if (limit) rows = rows.slice(limit.offset, limit.offset + limit.count);
  return { columns: rs.columns, rows };
}

/** Full SELECT over a virtual table. */
export function selectFrom(rs: ResultSet, stmt: SelectStmt, env: ScalarEnv): ResultSet {
  const filtered = filterRows(rs, stmt.where, stmt.orderBy, stmt.limit, env);
  const index = columnIndex(rs);
  const countOnly = stmt.items.length === 1 && stmt.items[0]!.kind === 'expr' && isCountStar(stmt.items[0]!.expr);
  if (countOnly) {
    const item = stmt.items[0]! as Extract<SelectStmt['items'][number], { kind: 'expr' }>;
    return { columns: [{ name: item.alias ?? item.text, type: 'BIGINT' }], rows: [[String(filtered.rows.length)]] };
  }
  const columns: ResultColumn[] = [];
  const getters: Array<(r: Row) => Value> = [];
  for (const item of stmt.items) {
    if (item.kind === 'star') {
      rs.columns.forEach((c, i) => {
        columns.push(c);
        getters.push((r) => r[i] ?? null);
      });
      continue;
    }
    const e = item.expr;
    if (e.kind === 'column') {
      const i = index.get(e.name.toLowerCase());
      if (i === undefined) throw new SimError(1054, `Getting analyzing error. Detail message: Column '${e.name}' cannot be resolved.`, '42S22');
      columns.push({ name: item.alias ?? rs.columns[i]!.name, type: rs.columns[i]!.type });
      getters.push((r) => r[i] ?? null);
    } else {
      columns.push({ name: item.alias ?? item.text, type: 'VARCHAR' });
      getters.push((r) => evaluate(e, rowContext(rs, index, r, env)));
    }
  }
  return { columns, rows: filtered.rows.map((r) => getters.map((g) => g(r))) };
}

/** SELECT without FROM: one row of evaluated items. */
export function selectScalars(stmt: SelectStmt, env: ScalarEnv): ResultSet {
  const ctx: EvalContext = {
    column: () => undefined,
    variable: (n, s) => env.variable(n, s),
    call: (n, a, star) => env.call(n, a, star),
  };
  const columns: ResultColumn[] = [];
  const row: Row = [];
  for (const item of stmt.items) {
    if (item.kind === 'star') throw new SimError(1064, 'Getting analyzing error. Detail message: No tables used.', '42000');
    columns.push({ name: item.alias ?? item.text, type: item.expr.kind === 'number' ? 'BIGINT' : 'VARCHAR' });
    row.push(evaluate(item.expr, ctx));
  }
  const rows = stmt.where && !isTrue(evaluate(stmt.where, ctx)) ? [] : [row];
  return { columns, rows: stmt.limit ? rows.slice(stmt.limit.offset, stmt.limit.offset + stmt.limit.count) : rows };
}

export function isCountStar(e: Expr): boolean {
  return e.kind === 'call' && e.name.toLowerCase() === 'count' && (e.star || (e.args.length === 1 && e.args[0]!.kind === 'number'));
}
