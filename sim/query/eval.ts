// Expression evaluation for the simulated FE's small query engine: WHERE / ORDER BY / projections over
// virtual tables (information_schema, SHOW PARTITIONS ... WHERE), and FROM-less SELECTs.
// Values are strings or null (as every result set carries them); comparisons follow MySQL's rule of comparing
// numerically when both sides look numeric, else as strings. StarRocks compares strings byte-wise
// (case-sensitive), and so does its LIKE.
import type { Expr } from '../sql/ast.js';
import { SimError } from '../fe/errors.js';

export type Value = string | null;

export interface EvalContext {
  /** Column lookup by (case-insensitive) name; undefined = unknown column. */
  column(name: string, qualifier: string[]): Value | undefined;
  variable(name: string, system: boolean): Value;
  call(name: string, args: Value[], star: boolean): Value | undefined;
}

const NUMERIC = /^\s*[-+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?\s*$/;
const isNumeric = (v: string) => {
  // A letter or `_` cannot start a number (nor is it white space): most names are answered without the regex.
  const c = v.charCodeAt(0);
  if ((c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95) return false;
  return NUMERIC.test(v);
};
const truthy = (v: Value) => v !== null && v !== '' && v !== '0' && v.toLowerCase() !== 'false' && !(isNumeric(v) && Number(v) === 0);
const bool = (b: boolean | null): Value => (b === null ? null : b ? '1' : '0');

export function compare(a: string, b: string): number {
  if (isNumeric(a) && isNumeric(b)) {
    const x = Number(a);
    const y = Number(b);
    return x < y ? -1 : x > y ? 1 : 0;
  }
  return a < b ? -1 : a > b ? 1 : 0;
}

/** LIKE: `%` any run, `_` one char, `\` escapes; case-sensitive unless `ignoreCase`. */
export function likeToRegExp(pattern: string, ignoreCase = false): RegExp {
  let re = '';
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i]!;
    if (ch === '\\' && i + 1 < pattern.length) re += escapeRe(pattern[++i]!);
    else if (ch === '%') re += '[\\s\\S]*';
    else if (ch === '_') re += '[\\s\\S]';
    else re += escapeRe(ch);
  }
  return new RegExp(`^${re}$`, ignoreCase ? 'i' : '');
}
const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

export function evaluate(e: Expr, ctx: EvalContext): Value {
  switch (e.kind) {
    case 'number':
      return e.text;
    case 'string':
      return e.value;
    case 'null':
      return null;
    case 'bool':
      return e.value ? '1' : '0';
    case 'paren':
      return evaluate(e.expr, ctx);
    case 'column': {
      const v = ctx.column(e.name, e.qualifier);
      if (v === undefined)
        throw new SimError(
          1054,
          `Getting analyzing error. Detail message: Column '${[...e.qualifier, e.name].join('.')}' cannot be resolved.`,
          '42S22',
        );
      return v;
    }
    case 'variable':
      return ctx.variable(e.name, e.system);
    case 'call': {
      const args = e.args.map((a) => evaluate(a, ctx));
      const v = ctx.call(e.name.toLowerCase(), args, e.star);
      if (v === undefined)
        throw new SimError(
          1064,
          `Getting analyzing error. Detail message: No matching function with signature: ${e.name}(${args.map(() => 'varchar').join(', ')}).`,
          '42000',
        );
      return v;
    }
    case 'unary': {
      const v = evaluate(e.operand, ctx);
      if (e.op === 'NOT') return v === null ? null : bool(!truthy(v));
      if (v === null) return null;
      return e.op === '-' ? String(-Number(v)) : v;
    }
    case 'binary':
      return binary(e.op, e.left, e.right, ctx);
    case 'in': {
      const v = evaluate(e.expr, ctx);
      if (v === null) return null;
      const hit = e.list.some((x) => {
        const w = evaluate(x, ctx);
        return w !== null && compare(v, w) === 0;
      });
      return bool(e.not ? !hit : hit);
    }
    case 'like': {
      const v = evaluate(e.expr, ctx);
      const p = evaluate(e.pattern, ctx);
      if (v === null || p === null) return null;
      const hit = likeToRegExp(p).test(v);
      return bool(e.not ? !hit : hit);
    }
    case 'isNull': {
      const v = evaluate(e.expr, ctx);
      return bool(e.not ? v !== null : v === null);
    }
    case 'between': {
      const v = evaluate(e.expr, ctx);
      const lo = evaluate(e.low, ctx);
      const hi = evaluate(e.high, ctx);
      if (v === null || lo === null || hi === null) return null;
      const hit = compare(v, lo) >= 0 && compare(v, hi) <= 0;
      return bool(e.not ? !hit : hit);
    }
    case 'cast':
      return evaluate(e.expr, ctx);
    default:
      throw new SimError(1064, 'Getting analyzing error. Detail message: unsupported expression in this context.', '42000');
  }
}

function binary(op: string, l: Expr, r: Expr, ctx: EvalContext): Value {
  if (op === 'AND') {
    const a = evaluate(l, ctx);
    if (a !== null && !truthy(a)) return '0';
    const b = evaluate(r, ctx);
    if (b !== null && !truthy(b)) return '0';
    return a === null || b === null ? null : '1';
  }
  if (op === 'OR') {
    const a = evaluate(l, ctx);
    if (a !== null && truthy(a)) return '1';
    const b = evaluate(r, ctx);
    if (b !== null && truthy(b)) return '1';
    return a === null || b === null ? null : '0';
  }
  const a = evaluate(l, ctx);
  const b = evaluate(r, ctx);
  if (op === '<=>') return bool(a === null || b === null ? a === b : compare(a, b) === 0);
  if (a === null || b === null) return null;
  switch (op) {
    case '=':
      return bool(compare(a, b) === 0);
    case '!=':
    case '<>':
      return bool(compare(a, b) !== 0);
    case '<':
      return bool(compare(a, b) < 0);
    case '<=':
      return bool(compare(a, b) <= 0);
    case '>':
      return bool(compare(a, b) > 0);
    case '>=':
      return bool(compare(a, b) >= 0);
    case '+':
      return String(Number(a) + Number(b));
    case '-':
      return String(Number(a) - Number(b));
    case '*':
      return String(Number(a) * Number(b));
    case '/':
      return Number(b) === 0 ? null : String(Number(a) / Number(b));
    case '%':
      return Number(b) === 0 ? null : String(Number(a) % Number(b));
    case 'DIV':
      return Number(b) === 0 ? null : String(Math.trunc(Number(a) / Number(b)));
  }
  throw new SimError(1064, `unsupported operator ${op}`);
}

export function isTrue(v: Value): boolean {
  return v !== null && truthy(v);
}

/** Equality constraints `col = 'x'` / `col IN (...)` reachable through ANDs: used to push filters down. */
export function equalityConstraints(e: Expr | null, column: string): Set<string> | null {
  if (!e) return null;
  if (e.kind === 'paren') return equalityConstraints(e.expr, column);
  if (e.kind === 'binary' && e.op === 'AND') {
    const a = equalityConstraints(e.left, column);
    const b = equalityConstraints(e.right, column);
    if (a && b) return new Set([...a].filter((x) => b.has(x)));
    return a ?? b;
  }
  const isCol = (x: Expr) => x.kind === 'column' && x.name.toLowerCase() === column.toLowerCase(); // column names are case-insensitive
  const lit = (x: Expr) => (x.kind === 'string' ? x.value : x.kind === 'number' ? x.text : null);
  if (e.kind === 'binary' && e.op === '=') {
    if (isCol(e.left) && lit(e.right) !== null) return new Set([lit(e.right)!]);
    if (isCol(e.right) && lit(e.left) !== null) return new Set([lit(e.left)!]);
  }
  if (e.kind === 'in' && !e.not && isCol(e.expr) && e.list.every((x) => lit(x) !== null)) return new Set(e.list.map((x) => lit(x)!));
  return null;
}
