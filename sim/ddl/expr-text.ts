// Expressions printed back the way AstToSQLBuilder prints partition expressions (`date_trunc('day', `dt`)`).
import type { Expr } from '../sql/ast.js';

export function exprToSql(e: Expr): string {
  switch (e.kind) {
    case 'number':
      return e.text;
    case 'string':
      return `'${e.value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
    case 'null':
      return 'NULL';
    case 'bool':
      return e.value ? 'TRUE' : 'FALSE';
    case 'column':
      return [...e.qualifier, e.name].map((p) => `\`${p}\``).join('.');
    case 'variable':
      return e.system ? `@@${e.scope ? `${e.scope.toLowerCase()}.` : ''}${e.name}` : `@${e.name}`;
    case 'call':
      return `${e.name.toLowerCase()}(${e.distinct ? 'DISTINCT ' : ''}${e.star ? '*' : e.args.map(exprToSql).join(', ')})`;
    case 'unary':
      return e.op === 'NOT' ? `NOT ${exprToSql(e.operand)}` : `${e.op}${exprToSql(e.operand)}`;
    case 'binary':
      return `${exprToSql(e.left)} ${e.op} ${exprToSql(e.right)}`;
    case 'in':
      return `${exprToSql(e.expr)}${e.not ? ' NOT' : ''} IN (${e.list.map(exprToSql).join(', ')})`;
    case 'like':
      return `${exprToSql(e.expr)}${e.not ? ' NOT' : ''} LIKE ${exprToSql(e.pattern)}`;
    case 'isNull':
      return `${exprToSql(e.expr)} IS${e.not ? ' NOT' : ''} NULL`;
    case 'between':
      return `${exprToSql(e.expr)}${e.not ? ' NOT' : ''} BETWEEN ${exprToSql(e.low)} AND ${exprToSql(e.high)}`;
    case 'cast':
      return `CAST(${exprToSql(e.expr)} AS ${e.type.text})`;
    case 'interval':
      return `INTERVAL ${exprToSql(e.value)} ${e.unit.toLowerCase()}`;
    case 'tuple':
      return `(${e.items.map(exprToSql).join(', ')})`;
    case 'paren':
      return `(${exprToSql(e.expr)})`;
  }
}

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
