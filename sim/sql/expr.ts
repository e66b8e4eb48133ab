// Expressions and types, with StarRocks' precedence (StarRocks.g4 `expression` ... `primaryExpression`):
// OR < AND < NOT < IS NULL / comparison < IN, BETWEEN, LIKE < | < & < + - < * / % DIV MOD < unary.
// Only the subset the simulator understands is accepted; the rest is a syntax error (1064).
import type { BinaryOp, Expr, ExprWithText, ScalarTypeName, StructField, TypeDef } from './ast.js';
import type { Cursor } from './cursor.js';

const COMPARISON_OPS = new Set(['=', '!=', '<>', '<', '<=', '>', '>=', '<=>']);

/** Reserved words StarRocks still accepts as function names (informationFunction / specialFunction / specialDateTime). */
const KEYWORD_FUNCTIONS = new Set([
  'DATABASE',
  'SCHEMA',
  'CHAR',
  'IF',
  'LEFT',
  'RIGHT',
  'LIKE',
  'MOD',
  'REGEXP',
  'REPLACE',
  'RLIKE',
  'CURRENT_DATE',
  'CURRENT_TIME',
  'CURRENT_TIMESTAMP',
  'CURRENT_USER',
  'CURRENT_ROLE',
  'CURRENT_GROUP',
  'LOCALTIME',
  'LOCALTIMESTAMP',
]);

/** Special date/time and information functions that may be written without parentheses. */
const NIL_ADIC_FUNCTIONS = new Set([
  'CURRENT_DATE',
  'CURRENT_TIME',
  'CURRENT_TIMESTAMP',
  'CURRENT_USER',
  'CURRENT_ROLE',
  'CURRENT_GROUP',
  'LOCALTIME',
  'LOCALTIMESTAMP',
]);

export const INTERVAL_UNITS = new Set(['YEAR', 'MONTH', 'WEEK', 'DAY', 'HOUR', 'MINUTE', 'SECOND', 'QUARTER', 'MILLISECOND', 'MICROSECOND']);

export function parseExpr(cur: Cursor): Expr {
  return parseOr(cur);
}

/** Parse an expression and keep its exact source text. */
export function parseExprWithText(cur: Cursor, parse: (c: Cursor) => Expr = parseExpr): ExprWithText {
  const start = cur.peek().start;
  const expr = parse(cur);
  return { expr, text: cur.textFrom(start) };
}

/** `( expr, ... )` */
export function parseExprList(cur: Cursor): Expr[] {
  cur.expectOp('(');
  const out = [parseExpr(cur)];
  while (cur.acceptOp(',')) out.push(parseExpr(cur));
  cur.expectOp(')');
  return out;
}

function parseOr(cur: Cursor): Expr {
  let left = parseAnd(cur);
  while (cur.acceptKw('OR') || cur.acceptOp('||')) left = { kind: 'binary', op: 'OR', left, right: parseAnd(cur) };
  return left;
}

function parseAnd(cur: Cursor): Expr {
  let left = parseNot(cur);
  while (cur.acceptKw('AND') || cur.acceptOp('&&')) left = { kind: 'binary', op: 'AND', left, right: parseNot(cur) };
  return left;
}

function parseNot(cur: Cursor): Expr {
  if (cur.acceptKw('NOT')) return { kind: 'unary', op: 'NOT', operand: parseNot(cur) };
  return parseBoolean(cur);
}

function parseBoolean(cur: Cursor): Expr {
  let left = parsePredicate(cur);
  for (;;) {
    if (cur.acceptKw('IS')) {
      const not = cur.acceptKw('NOT');
      cur.expectKw('NULL');
      left = { kind: 'isNull', expr: left, not };
      continue;
    }
    const t = cur.peek();
    if (t.type === 'op' && COMPARISON_OPS.has(t.value)) {
      cur.next();
      if (cur.isKw('SELECT') || (cur.isOp('(') && cur.isKw('SELECT', 1))) throw cur.fail('Subqueries are not supported by the simulator');
      left = { kind: 'binary', op: t.value as BinaryOp, left, right: parsePredicate(cur) };
      continue;
    }
    return left;
  }
}

function parsePredicate(cur: Cursor): Expr {
  const value = parseValue(cur);
  const not = cur.isKw('NOT') && (cur.isKw('IN', 1) || cur.isKw('BETWEEN', 1) || cur.isKw('LIKE', 1));
  if (not) cur.next();
  if (cur.acceptKw('IN')) {
    if (cur.isOp('(') && cur.isKw('SELECT', 1)) throw cur.fail('Subqueries are not supported by the simulator');
    return { kind: 'in', expr: value, list: parseExprList(cur), not };
  }
  if (cur.acceptKw('BETWEEN')) {
    const low = parseValue(cur);
    cur.expectKw('AND');
    const high = parsePredicate(cur);
    return { kind: 'between', expr: value, low, high, not };
  }
  if (cur.acceptKw('LIKE')) return { kind: 'like', expr: value, pattern: parseValue(cur), not };
  if (cur.isKw('RLIKE') || cur.isKw('REGEXP')) throw cur.fail(`${cur.peek().upper} is not supported by the simulator`);
  return value;
}

/** Arithmetic: `+ -` below `* / % DIV MOD`. Bit operators are not supported. */
function parseValue(cur: Cursor): Expr {
  let left = parseMultiplicative(cur);
  for (;;) {
    if (cur.acceptOp('+')) left = { kind: 'binary', op: '+', left, right: parseMultiplicative(cur) };
    else if (cur.acceptOp('-')) left = { kind: 'binary', op: '-', left, right: parseMultiplicative(cur) };
    else break;
  }
  if (cur.isOp('&') || cur.isOp('|') || cur.isOp('^')) throw cur.fail(`Bit operator '${cur.peek().text}' is not supported by the simulator`);
  return left;
}

function parseMultiplicative(cur: Cursor): Expr {
  let left = parseUnary(cur);
  for (;;) {
    let op: BinaryOp | null = null;
    if (cur.acceptOp('*')) op = '*';
    else if (cur.acceptOp('/')) op = '/';
    else if (cur.acceptOp('%') || cur.acceptKw('MOD')) op = '%';
    else if (cur.acceptKw('DIV')) op = 'DIV';
    if (op === null) return left;
    left = { kind: 'binary', op, left, right: parseUnary(cur) };
  }
}

function parseUnary(cur: Cursor): Expr {
  if (cur.acceptOp('-')) return { kind: 'unary', op: '-', operand: parseUnary(cur) };
  if (cur.acceptOp('+')) return { kind: 'unary', op: '+', operand: parseUnary(cur) };
  if (cur.acceptOp('!')) return { kind: 'unary', op: 'NOT', operand: parseUnary(cur) };
  return parsePrimary(cur);
}

function parsePrimary(cur: Cursor): Expr {
  const t = cur.peek();
  if (t.type === 'number') {
    cur.next();
    return { kind: 'number', text: t.value };
  }
  if (t.type === 'string') {
    cur.next();
    return { kind: 'string', value: t.value };
  }
  if (t.type === 'op') {
    if (t.value === '@') return parseVariable(cur);
    if (t.value === '(') {
      cur.next();
      if (cur.isKw('SELECT') || cur.isKw('WITH')) throw cur.fail('Subqueries are not supported by the simulator');
      const first = parseExpr(cur);
      if (cur.acceptOp(',')) {
        const items = [first, parseExpr(cur)];
        while (cur.acceptOp(',')) items.push(parseExpr(cur));
        cur.expectOp(')');
        return { kind: 'tuple', items };
      }
      cur.expectOp(')');
      return { kind: 'paren', expr: first };
    }
    if (t.value === '[') return parseArrayLiteral(cur);
    throw cur.unexpected('an expression');
  }
  if (t.type === 'ident') {
    switch (t.upper) {
      case 'NULL':
        cur.next();
        return { kind: 'null' };
      case 'TRUE':
      case 'FALSE':
        cur.next();
        return { kind: 'bool', value: t.upper === 'TRUE' };
      case 'CAST':
        if (cur.isOp('(', 1)) return parseCast(cur);
        break;
      case 'INTERVAL': {
        const n = cur.peek(1);
        if (n.type === 'number' || n.type === 'string' || (n.type === 'op' && (n.value === '(' || n.value === '-'))) return parseInterval(cur);
        break;
      }
      case 'MAP':
        if (cur.isOp('{', 1)) return parseMapLiteral(cur);
        break;
      case 'CASE':
      case 'EXISTS':
      case 'CONVERT':
        throw cur.fail(`${t.upper} expressions are not supported by the simulator`);
      case 'DEFAULT':
        throw cur.unexpected('an expression');
    }
    if (cur.isOp('(', 1) && (cur.isIdent() || KEYWORD_FUNCTIONS.has(t.upper))) return parseCall(cur);
    if (NIL_ADIC_FUNCTIONS.has(t.upper)) {
      cur.next();
      return { kind: 'call', name: t.value, args: [], star: false, distinct: false };
    }
  }
  if (t.type === 'qident' && cur.isOp('(', 1)) return parseCall(cur);
  return parseColumnRef(cur);
}

/**
 * `[e1, e2, ...]` (StarRocks' arrayExpr). The simulator has no array values: the literal becomes the string of its
 * elements' texts (`[1,2]`, nested arrays alike), which is what an ARRAY column stores (sim/lake/values.ts 'other').
 */
function parseArrayLiteral(cur: Cursor): Expr {
  const items: string[] = [];
  cur.expectOp('[');
  if (!cur.acceptOp(']')) {
    do {
      items.push(collectionItemText(parseExprWithText(cur)));
    } while (cur.acceptOp(','));
    cur.expectOp(']');
  }
  return { kind: 'string', value: `[${items.join(',')}]` };
}

/** An element's text inside a collection literal: strings double-quoted, nested collections as already rendered. */
function collectionItemText(e: ExprWithText): string {
  if (e.expr.kind !== 'string') return e.text;
  return e.text.startsWith('[') || /^map\s*\{/i.test(e.text) ? e.expr.value : JSON.stringify(e.expr.value);
}

/** `map{k1:v1, ...}` (StarRocks' mapExpression), kept as the string `{k1:v1,...}` like array literals. */
function parseMapLiteral(cur: Cursor): Expr {
  const items: string[] = [];
  const text = collectionItemText;
  cur.next();
  cur.expectOp('{');
  if (!cur.acceptOp('}')) {
    do {
      const k = parseExprWithText(cur);
      cur.expectOp(':');
      items.push(`${text(k)}:${text(parseExprWithText(cur))}`);
    } while (cur.acceptOp(','));
    cur.expectOp('}');
  }
  return { kind: 'string', value: `{${items.join(',')}}` };
}

function parseColumnRef(cur: Cursor): Expr {
  const parts = [cur.ident()];
  while (cur.isOp('.') && cur.isIdent(1)) {
    cur.next();
    parts.push(cur.ident());
  }
  const name = parts.pop()!;
  return { kind: 'column', qualifier: parts, name };
}

function parseVariable(cur: Cursor): Expr {
  cur.expectOp('@');
  if (cur.acceptOp('@')) {
    let scope: 'SESSION' | 'GLOBAL' | null = null;
    if (cur.isOp('.', 1) && (cur.isKw('SESSION') || cur.isKw('GLOBAL') || cur.isKw('LOCAL') || cur.isKw('VERBOSE'))) {
      const s = cur.next().upper;
      cur.next();
      scope = s === 'GLOBAL' ? 'GLOBAL' : 'SESSION';
    }
    return { kind: 'variable', system: true, scope, name: cur.ident() };
  }
  return { kind: 'variable', system: false, scope: null, name: cur.identOrString() };
}

function parseCall(cur: Cursor): Expr {
  const nameTok = cur.next();
  const name = nameTok.value;
  cur.expectOp('(');
  if (cur.acceptOp('*')) {
    if (nameTok.type !== 'ident' || nameTok.upper !== 'COUNT') throw cur.unexpected('an expression');
    cur.expectOp(')');
    return { kind: 'call', name, args: [], star: true, distinct: false };
  }
  const distinct = cur.acceptKw('DISTINCT');
  if (!distinct) cur.acceptKw('ALL');
  const args: Expr[] = [];
  if (!cur.isOp(')')) {
    args.push(parseExpr(cur));
    while (cur.acceptOp(',')) args.push(parseExpr(cur));
  }
  cur.expectOp(')');
  if (cur.isKw('OVER')) throw cur.fail('Window functions are not supported by the simulator');
  return { kind: 'call', name, args, star: false, distinct };
}

function parseCast(cur: Cursor): Expr {
  cur.expectKw('CAST');
  cur.expectOp('(');
  const expr = parseExpr(cur);
  cur.expectKw('AS');
  const type = parseType(cur);
  cur.expectOp(')');
  return { kind: 'cast', expr, type };
}

/** `INTERVAL <expr> <unit>` */
export function parseInterval(cur: Cursor): Expr {
  cur.expectKw('INTERVAL');
  const value = parseValue(cur);
  const unit = cur.peek();
  if (unit.type !== 'ident' || !INTERVAL_UNITS.has(unit.upper)) throw cur.unexpected([...INTERVAL_UNITS].join(', '));
  cur.next();
  return { kind: 'interval', value, unit: unit.upper };
}

// ------------------------------------------------------------------ types

const INTEGER_TYPES: Record<string, ScalarTypeName> = {
  TINYINT: 'TINYINT',
  SMALLINT: 'SMALLINT',
  INT: 'INT',
  INTEGER: 'INT',
  BIGINT: 'BIGINT',
  LARGEINT: 'LARGEINT',
};
const LENGTH_TYPES: Record<string, ScalarTypeName> = {
  CHAR: 'CHAR',
  VARCHAR: 'VARCHAR',
  BINARY: 'BINARY',
  VARBINARY: 'VARBINARY',
};
const PLAIN_TYPES: Record<string, ScalarTypeName> = {
  BOOLEAN: 'BOOLEAN',
  FLOAT: 'FLOAT',
  DOUBLE: 'DOUBLE',
  DATE: 'DATE',
  DATETIME: 'DATETIME',
  TIME: 'TIME',
  STRING: 'STRING',
  TEXT: 'STRING',
  BITMAP: 'BITMAP',
  HLL: 'HLL',
  PERCENTILE: 'PERCENTILE',
  JSON: 'JSON',
};
const DECIMAL_TYPES: Record<string, ScalarTypeName> = {
  DECIMAL: 'DECIMAL',
  NUMERIC: 'DECIMAL',
  NUMBER: 'DECIMAL',
  DECIMALV2: 'DECIMALV2',
  DECIMAL32: 'DECIMAL32',
  DECIMAL64: 'DECIMAL64',
  DECIMAL128: 'DECIMAL128',
  DECIMAL256: 'DECIMAL256',
};

/** Is the current token the start of a type (used where a type is optional)? */
export function isTypeStart(cur: Cursor): boolean {
  const t = cur.peek();
  if (t.type !== 'ident') return false;
  return (
    t.upper in INTEGER_TYPES ||
    t.upper in LENGTH_TYPES ||
    t.upper in PLAIN_TYPES ||
    t.upper in DECIMAL_TYPES ||
    t.upper === 'ARRAY' ||
    t.upper === 'MAP' ||
    t.upper === 'STRUCT'
  );
}

export function parseType(cur: Cursor): TypeDef {
  const start = cur.peek().start;
  const t = cur.peek();
  if (t.type !== 'ident') throw cur.unexpected('a type');
  const u = t.upper;
  const text = () => cur.textFrom(start);
  if (u === 'ARRAY') {
    cur.next();
    cur.expectOp('<');
    const element = parseType(cur);
    cur.expectOp('>');
    return { kind: 'array', element, text: text() };
  }
  if (u === 'MAP') {
    cur.next();
    cur.expectOp('<');
    const key = parseType(cur);
    cur.expectOp(',');
    const value = parseType(cur);
    cur.expectOp('>');
    return { kind: 'map', key, value, text: text() };
  }
  if (u === 'STRUCT') {
    cur.next();
    cur.expectOp('<');
    const fields: StructField[] = [];
    do {
      const name = cur.ident();
      fields.push({ name, type: parseType(cur), comment: null });
    } while (cur.acceptOp(','));
    cur.expectOp('>');
    return { kind: 'struct', fields, text: text() };
  }
  const intName = INTEGER_TYPES[u];
  const lenName = LENGTH_TYPES[u];
  const plainName = PLAIN_TYPES[u];
  const decName = DECIMAL_TYPES[u];
  cur.next();
  if (intName || lenName) {
    const args: number[] = [];
    if (cur.acceptOp('(')) {
      args.push(cur.integer());
      cur.expectOp(')');
    }
    return { kind: 'scalar', name: (intName ?? lenName)!, args, text: text() };
  }
  if (decName) {
    const args: number[] = [];
    if (cur.acceptOp('(')) {
      args.push(cur.integer());
      if (cur.acceptOp(',')) args.push(cur.integer());
      cur.expectOp(')');
    }
    return { kind: 'scalar', name: decName, args, text: text() };
  }
  if (plainName) return { kind: 'scalar', name: plainName, args: [], text: text() };
  cur.pos--;
  throw cur.unexpected('a type');
}
