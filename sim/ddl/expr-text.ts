// Expressions printed back the way AstToSQLBuilder prints partition expressions (`date_trunc('day', `dt`)`).
import type { Expr } from '../sql/ast.js';
import { exprToSql as renderExpr } from '../sql/render.js';

/** Partition expressions as SHOW CREATE TABLE prints them: quoted columns, lower-case function names. */
export const exprToSql = (e: Expr): string => renderExpr(e, { quoteColumns: true });

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
