// SELECT over a virtual table (a ResultSet): WHERE, ORDER BY, LIMIT, projection; also FROM-less SELECTs.
import type { Expr, OrderByItem, SelectStmt, LimitClause } from '../sql/ast.js';
import { isScannable, type ResultColumn, type ResultSet, type Row, type ScannableResultSet } from '../show/result-set.js';
import { compare, evaluate, isTrue } from './eval.js';
import type { EvalContext, Value } from './eval.js';
import { SimError } from '../fe/errors.js';

export interface ScalarEnv {
  variable(name: string, system: boolean): Value;
  call(name: string, args: Value[], star: boolean): Value | undefined;
}

/**
 * One evaluation context for every row of a result set: `row` is set before each evaluation (no closures per row).
 * Column names resolve case-insensitively to the first column of that name, each distinct spelling once.
 */
class RowContext implements EvalContext {
  row: Row = [];
  private readonly resolved = new Map<string, number | undefined>();

  constructor(
    private readonly index: Map<string, number>,
    private readonly env: ScalarEnv,
  ) {}

  column(name: string): Value | undefined {
    let i = this.resolved.get(name);
    if (i === undefined && !this.resolved.has(name)) {
      i = this.index.get(name.toLowerCase());
      this.resolved.set(name, i);
    }
    return i === undefined ? undefined : (this.row[i] ?? null);
  }

  variable(name: string, system: boolean): Value {
    return this.env.variable(name, system);
  }

  call(name: string, args: Value[], star: boolean): Value | undefined {
    return this.env.call(name, args, star);
  }
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
  const ctx = new RowContext(columnIndex(rs), env);
  let rows = rs.rows;
  if (where) {
    const kept: Row[] = [];
    for (const r of rows) {
      ctx.row = r;
      if (isTrue(evaluate(where, ctx))) kept.push(r);
    }
    rows = kept;
  }
  if (orderBy.length > 0) {
    const keyed = rows.map((r) => {
      ctx.row = r;
      return { r, k: orderBy.map((o) => evaluate(o.expr, ctx)) };
    });
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

/**
 * The input column of each output column when every item is a plain column or `*` (resolved as below), with the
 * output columns; null when an item is an expression or names no column (the general path answers those).
 */
function columnPlan(rs: ResultSet, index: Map<string, number>, items: SelectStmt['items']): { columns: ResultColumn[]; sources: number[] } | null {
  const columns: ResultColumn[] = [];
  const sources: number[] = [];
  for (const item of items) {
    if (item.kind === 'star') {
      rs.columns.forEach((c, i) => {
        columns.push(c);
        sources.push(i);
      });
      continue;
    }
    if (item.expr.kind !== 'column') return null;
    const i = index.get(item.expr.name.toLowerCase());
    if (i === undefined) return null;
    columns.push({ name: item.alias ?? rs.columns[i]!.name, type: rs.columns[i]!.type });
    sources.push(i);
  }
  return { columns, sources };
}

/**
 * SELECT of plain columns (or COUNT(*)) without ORDER BY over a ScannableResultSet, in one pass: each row is
 * filtered and projected as it is produced, so only the selected, projected rows are ever held. The same answer
 * (and the same first error: WHERE is evaluated on the rows in the same order) as filterRows + projection.
 */
function scanSelect(
  rs: ScannableResultSet,
  stmt: SelectStmt,
  env: ScalarEnv,
  index: Map<string, number>,
  plan: ReturnType<typeof columnPlan>,
): ResultSet {
  const ctx = new RowContext(index, env);
  const where = stmt.where;
  let kept: Row[] = [];
  const sources = plan?.sources ?? [];
  const width = sources.length;
  rs.scan((r) => {
    if (where) {
      ctx.row = r;
      if (!isTrue(evaluate(where, ctx))) return;
    }
    if (!plan) {
      kept.push(EMPTY_ROW);
      return;
    }
    const out: Row = new Array<Value>(width);
    for (let j = 0; j < width; j++) out[j] = r[sources[j]!] ?? null;
    kept.push(out);
  });
  if (stmt.limit) kept = kept.slice(stmt.limit.offset, stmt.limit.offset + stmt.limit.count);
  if (!plan) {
    const item = stmt.items[0]! as Extract<SelectStmt['items'][number], { kind: 'expr' }>;
    return { columns: [{ name: item.alias ?? item.text, type: 'BIGINT' }], rows: [[String(kept.length)]] };
  }
  return { columns: plan.columns, rows: kept };
}

const EMPTY_ROW: Row = [];

/** Full SELECT over a virtual table. */
export function selectFrom(rs: ResultSet, stmt: SelectStmt, env: ScalarEnv): ResultSet {
  const countOnly = stmt.items.length === 1 && stmt.items[0]!.kind === 'expr' && isCountStar(stmt.items[0]!.expr);
  if (isScannable(rs) && stmt.orderBy.length === 0) {
    const index = columnIndex(rs);
    const plan = countOnly ? null : columnPlan(rs, index, stmt.items);
    if (countOnly || plan) return scanSelect(rs, stmt, env, index, plan);
  }
  const filtered = filterRows(rs, stmt.where, stmt.orderBy, stmt.limit, env);
  const index = columnIndex(rs);
  if (countOnly) {
    const item = stmt.items[0]! as Extract<SelectStmt['items'][number], { kind: 'expr' }>;
    return { columns: [{ name: item.alias ?? item.text, type: 'BIGINT' }], rows: [[String(filtered.rows.length)]] };
  }
  const columns: ResultColumn[] = [];
  /** Per output column: the input column it copies, or -1 for an expression (evaluated per row). */
  const sources: number[] = [];
  const exprs: Array<Expr | null> = [];
  for (const item of stmt.items) {
    if (item.kind === 'star') {
      rs.columns.forEach((c, i) => {
        columns.push(c);
        sources.push(i);
        exprs.push(null);
      });
      continue;
    }
    const e = item.expr;
    if (e.kind === 'column') {
      const i = index.get(e.name.toLowerCase());
      if (i === undefined) throw new SimError(1054, `Getting analyzing error. Detail message: Column '${e.name}' cannot be resolved.`, '42S22');
      columns.push({ name: item.alias ?? rs.columns[i]!.name, type: rs.columns[i]!.type });
      sources.push(i);
      exprs.push(null);
    } else {
      columns.push({ name: item.alias ?? item.text, type: 'VARCHAR' });
      sources.push(-1);
      exprs.push(e);
    }
  }
  const ctx = new RowContext(index, env);
  const width = sources.length;
  const rows: Row[] = new Array<Row>(filtered.rows.length);
  for (let n = 0; n < filtered.rows.length; n++) {
    const r = filtered.rows[n]!;
    const out: Row = new Array<Value>(width);
    for (let j = 0; j < width; j++) {
      const i = sources[j]!;
      if (i >= 0) out[j] = r[i] ?? null;
      else {
        ctx.row = r;
        out[j] = evaluate(exprs[j]!, ctx);
      }
    }
    rows[n] = out;
  }
  return { columns, rows };
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
