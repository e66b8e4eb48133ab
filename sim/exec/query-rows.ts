// The rows of the restricted query behind `INSERT INTO t SELECT ...` and `CREATE TABLE t AS SELECT ...`: one user
// table (or no FROM), WHERE over its columns, ORDER BY, LIMIT, select items that are `*`, `t.*`, columns or scalar
// expressions the simulator evaluates. Each output field keeps its source column (CTAS takes the column's type from it).
import type { Column, Database, OlapTable } from '../catalog/model.js';
import type { FeState } from '../fe/state.js';
import { SimError } from '../fe/errors.js';
import type { Lake } from '../lake/lake.js';
import type { Cell } from '../lake/values.js';
import { compare, evaluate, isTrue, type EvalContext, type Value } from '../query/eval.js';
import { selectScalars, type ScalarEnv } from '../query/select.js';
import type { SelectStmt } from '../sql/ast.js';

/** Prefix of the hidden columns of expression partitioning, which `SELECT *` does not return. */
const HIDDEN_PREFIX = '__generated_partition_column_';

export interface QueryField {
  name: string;
  /** The source table's column for a plain column reference; null for an expression. */
  column: Column | null;
}

export interface QueryRows {
  fields: QueryField[];
  rows: Value[][];
}

const notSimulated = (what: string) =>
  new SimError(1064, `Getting analyzing error. Detail message: ${what} is not supported by the simulator.`, '42000');

const cellValue = (c: Cell | undefined): Value => (c === null || c === undefined ? null : String(c));

/** The source table of the query (an OLAP table or async MV of the catalog). */
function sourceTable(fe: FeState, currentDb: string | null, stmt: SelectStmt): { db: Database; table: OlapTable } {
  const from = stmt.from!;
  const dbName = from.name.db ?? currentDb;
  if (!dbName) throw new SimError(1046, 'No database selected', '3D000');
  if (dbName.toLowerCase() === 'information_schema') throw notSimulated('Reading information_schema in INSERT / CTAS');
  const t = fe.getTable(dbName, from.name.name);
  if (t.kind !== 'olap') throw notSimulated(`Reading a ${t.kind} in INSERT / CTAS`);
  return { db: fe.getDb(dbName), table: t };
}

/** Runs the query: the output fields and rows (values as the simulator's scalar evaluator sees them: text or NULL). */
export function queryRows(fe: FeState, lake: Lake, env: ScalarEnv, currentDb: string | null, stmt: SelectStmt): QueryRows {
  if (!stmt.from) {
    const rs = selectScalars(stmt, env);
    return { fields: rs.columns.map((c) => ({ name: c.name, column: null })), rows: rs.rows };
  }
  const { db, table } = sourceTable(fe, currentDb, stmt);
  const byLower = new Map(table.columns.map((c) => [c.name.toLowerCase(), c]));
  const visible = table.columns.filter((c) => !c.name.startsWith(HIDDEN_PREFIX));
  const resolve = (name: string): Column => {
    const c = byLower.get(name.toLowerCase());
    if (!c) throw new SimError(1054, `Getting analyzing error. Detail message: Column '${name}' cannot be resolved.`, '42S22');
    return c;
  };
  const ctxOf = (row: Record<string, Cell>): EvalContext => ({
    column: (name) => cellValue(row[resolve(name).name]),
    variable: (n, s) => env.variable(n, s),
    call: (n, a, star) => env.call(n, a, star),
  });
  let rows = lake.scanRows(db, table, stmt.from.partitions ?? undefined);
  if (stmt.where) rows = rows.filter((r) => isTrue(evaluate(stmt.where!, ctxOf(r))));
  if (stmt.orderBy.length > 0) {
    const keyed = rows.map((r) => ({ r, k: stmt.orderBy.map((o) => evaluate(o.expr, ctxOf(r))) }));
    keyed.sort((a, b) => {
      for (let i = 0; i < stmt.orderBy.length; i++) {
        const x = a.k[i] ?? null;
        const y = b.k[i] ?? null;
        const c = x === null ? (y === null ? 0 : -1) : y === null ? 1 : compare(x, y);
        if (c !== 0) return stmt.orderBy[i]!.desc ? -c : c;
      }
      return 0;
    });
    rows = keyed.map((x) => x.r);
  }
  if (stmt.limit) rows = rows.slice(stmt.limit.offset, stmt.limit.offset + stmt.limit.count);

  const fields: QueryField[] = [];
  const getters: Array<(r: Record<string, Cell>) => Value> = [];
  for (const item of stmt.items) {
    if (item.kind === 'star') {
      for (const c of visible) {
        fields.push({ name: c.name, column: c });
        getters.push((r) => cellValue(r[c.name]));
      }
      continue;
    }
    const e = item.expr;
    if (e.kind === 'column') {
      const c = resolve(e.name);
      fields.push({ name: item.alias ?? c.name, column: c });
      getters.push((r) => cellValue(r[c.name]));
      continue;
    }
    if (e.kind === 'call' && ['count', 'sum', 'min', 'max', 'avg'].includes(e.name.toLowerCase())) throw notSimulated('Aggregation in INSERT / CTAS');
    fields.push({ name: item.alias ?? item.text, column: null });
    getters.push((r) => evaluate(e, ctxOf(r)));
  }
  return { fields, rows: rows.map((r) => getters.map((g) => g(r))) };
}
