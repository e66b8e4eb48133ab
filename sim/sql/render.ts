// Rendering helpers shared by the simulator's areas: identifier quoting and Expr → StarRocks-like SQL text.
import type { Expr } from './ast.js';

/** Backtick-quote an identifier, doubling embedded backticks: a`b → `a``b`. */
export function quoteIdent(name: string): string {
  return '`' + name.replace(/`/g, '``') + '`';
}

/** Inverse of quoteIdent for one identifier's text; bare identifiers are returned unchanged. */
export function unquoteIdent(text: string): string {
  if (text.length >= 2 && text.startsWith('`') && text.endsWith('`')) return text.slice(1, -1).replace(/``/g, '`');
  return text;
}

/** Single-quoted SQL string literal with backslash escapes for `\` and `'`. */
export function quoteString(value: string): string {
  return "'" + value.replace(/\\/g, '\\\\').replace(/'/g, "\\'") + "'";
}

export interface RenderOptions {
  /** Backtick-quote column references (`dt` → `` `dt` ``). Default false. */
  quoteColumns?: boolean;
}

const PRECEDENCE: Record<string, number> = {
  OR: 1,
  AND: 2,
  '=': 4,
  '!=': 4,
  '<>': 4,
  '<': 4,
  '<=': 4,
  '>': 4,
  '>=': 4,
  '<=>': 4,
  '+': 6,
  '-': 6,
  '*': 7,
  '/': 7,
  '%': 7,
  DIV: 7,
};

function precedence(e: Expr): number {
  switch (e.kind) {
    case 'binary':
      return PRECEDENCE[e.op] ?? 9;
    case 'unary':
      return e.op === 'NOT' ? 3 : 8;
    case 'in':
    case 'like':
    case 'isNull':
    case 'between':
      return 4;
    default:
      return 9;
  }
}

/**
 * Render an expression back to StarRocks-like text: function names lower-cased, string literals single-quoted,
 * keywords upper-case, `, ` between arguments. Parentheses written in the source (`paren`) are kept; others are
 * added only where precedence requires.
 */
export function exprToSql(expr: Expr, options: RenderOptions = {}): string {
  const r = (e: Expr) => exprToSql(e, options);
  const sub = (e: Expr, min: number) => (precedence(e) < min ? `(${r(e)})` : r(e));
  switch (expr.kind) {
    case 'number':
      return expr.text;
    case 'string':
      return quoteString(expr.value);
    case 'null':
      return 'NULL';
    case 'bool':
      return expr.value ? 'TRUE' : 'FALSE';
    case 'default':
      return 'DEFAULT';
    case 'column': {
      const parts = [...expr.qualifier, expr.name];
      return parts.map((p) => (options.quoteColumns ? quoteIdent(p) : p)).join('.');
    }
    case 'variable':
      if (!expr.system) return '@' + expr.name;
      return '@@' + (expr.scope ? expr.scope.toLowerCase() + '.' : '') + expr.name;
    case 'call': {
      const args = expr.star ? '*' : (expr.distinct ? 'DISTINCT ' : '') + expr.args.map(r).join(', ');
      return `${expr.name.toLowerCase()}(${args})`;
    }
    case 'unary': {
      if (expr.op === 'NOT') return `NOT ${sub(expr.operand, 3)}`;
      const inner = sub(expr.operand, 8);
      // `- -1` must not become the comment `--1`.
      return /^[-+]/.test(inner) ? `${expr.op}(${inner})` : `${expr.op}${inner}`;
    }
    case 'binary': {
      const p = PRECEDENCE[expr.op] ?? 9;
      return `${sub(expr.left, p)} ${expr.op} ${sub(expr.right, p + 1)}`;
    }
    case 'in':
      return `${sub(expr.expr, 5)} ${expr.not ? 'NOT IN' : 'IN'} (${expr.list.map(r).join(', ')})`;
    case 'like':
      return `${sub(expr.expr, 5)} ${expr.not ? 'NOT LIKE' : 'LIKE'} ${sub(expr.pattern, 5)}`;
    case 'isNull':
      return `${sub(expr.expr, 5)} IS ${expr.not ? 'NOT NULL' : 'NULL'}`;
    case 'between':
      return `${sub(expr.expr, 5)} ${expr.not ? 'NOT BETWEEN' : 'BETWEEN'} ${sub(expr.low, 5)} AND ${sub(expr.high, 5)}`;
    case 'cast':
      return `CAST(${r(expr.expr)} AS ${expr.type.text})`;
    case 'interval':
      return `INTERVAL ${sub(expr.value, 8)} ${expr.unit}`;
    case 'tuple':
      return `(${expr.items.map(r).join(', ')})`;
    case 'paren':
      return `(${r(expr.expr)})`;
  }
}
