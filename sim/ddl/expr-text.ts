// Partition expressions printed back the way StarRocks prints them.
import type { Expr } from '../sql/ast.js';
import { exprToSql as renderExpr } from '../sql/render.js';

/** Expressions with back-quoted columns (MaterializedView partition text, generated partition columns). */
export const exprToSql = (e: Expr): string => renderExpr(e, { quoteColumns: true });

/**
 * A table's partition expression as SHOW CREATE TABLE prints it (ExpressionRangePartitionInfo[V2].toSql over the
 * analyzed expression): bare column names, lower-case function names, e.g. `date_trunc('day', dt)`,
 * `from_unixtime_ms(create_time)`, `str2date(create_time, '%Y-%m-%d')`. See sim/fidelity/ddl.md.
 */
export const partitionExprToSql = (e: Expr): string => renderExpr(e, { quoteColumns: false });

/** Column names referenced by an expression, in order of first appearance. */
export function referencedColumns(e: Expr, out: string[] = []): string[] {
  const add = (n: string) => {
    if (!out.some((o) => o.toLowerCase() === n.toLowerCase())) out.push(n);
  };
  switch (e.kind) {
    case 'column':
      add(e.name);
      break;
    case 'call':
      e.args.forEach((a) => referencedColumns(a, out));
      break;
    case 'unary':
      referencedColumns(e.operand, out);
      break;
    case 'binary':
      referencedColumns(e.left, out);
      referencedColumns(e.right, out);
      break;
    case 'in':
      referencedColumns(e.expr, out);
      e.list.forEach((a) => referencedColumns(a, out));
      break;
    case 'like':
      referencedColumns(e.expr, out);
      referencedColumns(e.pattern, out);
      break;
    case 'isNull':
      referencedColumns(e.expr, out);
      break;
    case 'between':
      [e.expr, e.low, e.high].forEach((a) => referencedColumns(a, out));
      break;
    case 'cast':
      referencedColumns(e.expr, out);
      break;
    case 'interval':
      referencedColumns(e.value, out);
      break;
    case 'tuple':
      e.items.forEach((a) => referencedColumns(a, out));
      break;
    case 'paren':
      referencedColumns(e.expr, out);
      break;
    default:
      break;
  }
  return out;
}
