// Generated columns of CREATE TABLE (`col TYPE [NULL] AS expr`): CreateTableAnalyzer's checks, in its order, and the
// expression text SHOW CREATE TABLE prints after `AS`. The simulator infers the expression's type only where it
// is certain (columns, literals, CAST, arithmetic, a table of well-known functions); an expression whose type it
// cannot tell passes the type check (see sim/fidelity/ddl.md).
import type { Column, KeysType } from '../catalog/model.js';
import type { ColumnDef, Expr } from '../sql/ast.js';
import { exprToSql } from '../sql/render.js';
import { semanticError } from './errors.js';
import { analyzeType, type ColType, isDecimalType, isFloatType, isIntegerType, isStringType, typeToString } from './types.js';

/** Aggregate functions (FunctionSet aggregate names the simulator knows); refused inside a generated column. */
const AGGREGATES = new Set([
  'sum',
  'count',
  'min',
  'max',
  'avg',
  'any_value',
  'ndv',
  'approx_count_distinct',
  'hll_union',
  'hll_union_agg',
  'hll_raw_agg',
  'bitmap_union',
  'bitmap_union_count',
  'bitmap_agg',
  'percentile_union',
  'percentile_approx',
  'group_concat',
  'array_agg',
  'variance',
  'var_samp',
  'stddev',
  'stddev_samp',
  'multi_distinct_count',
  'multi_distinct_sum',
  'max_by',
  'min_by',
  'retention',
  'window_funnel',
  'count_if',
]);

const T = (primitive: ColType['primitive'], text: string): ColType => ({ primitive, text });
const INT = T('INT', 'int(11)');
const BIGINT = T('BIGINT', 'bigint(20)');
const DOUBLE = T('DOUBLE', 'double');
const DATE = T('DATE', 'date');
const DATETIME = T('DATETIME', 'datetime');
const BOOLEAN = T('BOOLEAN', 'boolean');
/** A function's VARCHAR result: any string column matches it (ScalarType.matchesType with a wildcard varchar). */
const ANY_VARCHAR: ColType = { primitive: 'VARCHAR', text: 'varchar(65533)', length: -1 };

/** Return types of well-known scalar functions whose result does not depend on the argument types. */
const FUNCTION_TYPES: Record<string, ColType> = {
  array_avg: DOUBLE,
  length: INT,
  char_length: INT,
  character_length: INT,
  array_length: INT,
  cardinality: INT,
  upper: ANY_VARCHAR,
  lower: ANY_VARCHAR,
  ucase: ANY_VARCHAR,
  lcase: ANY_VARCHAR,
  concat: ANY_VARCHAR,
  concat_ws: ANY_VARCHAR,
  substr: ANY_VARCHAR,
  substring: ANY_VARCHAR,
  trim: ANY_VARCHAR,
  ltrim: ANY_VARCHAR,
  rtrim: ANY_VARCHAR,
  left: ANY_VARCHAR,
  right: ANY_VARCHAR,
  reverse: ANY_VARCHAR,
  replace: ANY_VARCHAR,
  lpad: ANY_VARCHAR,
  rpad: ANY_VARCHAR,
  md5: ANY_VARCHAR,
  sha2: ANY_VARCHAR,
  from_unixtime: ANY_VARCHAR,
  date_format: ANY_VARCHAR,
  get_json_string: ANY_VARCHAR,
  json_string: ANY_VARCHAR,
  split_part: ANY_VARCHAR,
  to_date: DATE,
  str2date: DATE,
  date: DATE,
  curdate: DATE,
  current_date: DATE,
  now: DATETIME,
  current_timestamp: DATETIME,
  str_to_date: DATETIME,
  from_unixtime_ms: ANY_VARCHAR,
  get_json_double: DOUBLE,
  get_json_bool: BOOLEAN,
  sqrt: DOUBLE,
  ln: DOUBLE,
  log: DOUBLE,
  log2: DOUBLE,
  log10: DOUBLE,
  exp: DOUBLE,
  pow: DOUBLE,
  power: DOUBLE,
  sin: DOUBLE,
  cos: DOUBLE,
  tan: DOUBLE,
  rand: DOUBLE,
  random: DOUBLE,
  pi: DOUBLE,
  e: DOUBLE,
};

const INT_ORDER: ColType['primitive'][] = ['TINYINT', 'SMALLINT', 'INT', 'BIGINT', 'LARGEINT'];
const INT_TYPES: Record<string, ColType> = {
  TINYINT: T('TINYINT', 'tinyint(4)'),
  SMALLINT: T('SMALLINT', 'smallint(6)'),
  INT,
  BIGINT,
  LARGEINT: T('LARGEINT', 'largeint(40)'),
};

/** The type of an integer literal (IntLiteral: the smallest integer type holding it). */
function integerLiteralType(text: string): ColType | null {
  if (!/^\d+$/.test(text)) return /^[\d.]+$/.test(text) ? null : DOUBLE; // decimal literals: DECIMAL of their digits
  const n = BigInt(text);
  if (n <= 127n) return INT_TYPES['TINYINT']!;
  if (n <= 32767n) return INT_TYPES['SMALLINT']!;
  if (n <= 2147483647n) return INT;
  if (n <= 9223372036854775807n) return BIGINT;
  return INT_TYPES['LARGEINT']!;
}

type Lookup = (name: string) => { column: Column; type: ColType } | undefined;

/** The expression's type where the simulator is sure of it; null when unknown. */
export function inferType(e: Expr, lookup: Lookup): ColType | null {
  switch (e.kind) {
    case 'number':
      return integerLiteralType(e.text);
    case 'string':
      return ANY_VARCHAR;
    case 'bool':
      return BOOLEAN;
    case 'column':
      return lookup(e.name)?.type ?? null;
    case 'paren':
      return inferType(e.expr, lookup);
    case 'cast': {
      try {
        return analyzeType(e.type);
      } catch {
        return null;
      }
    }
    case 'unary':
      return e.op === 'NOT' ? BOOLEAN : inferType(e.operand, lookup);
    case 'in':
    case 'like':
    case 'isNull':
    case 'between':
      return BOOLEAN;
    case 'binary': {
      if (['=', '!=', '<>', '<', '<=', '>', '>=', '<=>', 'AND', 'OR'].includes(e.op)) return BOOLEAN;
      const l = inferType(e.left, lookup);
      const r = inferType(e.right, lookup);
      if (!l || !r) return null;
      if (e.op === '/') return isDecimalType(l) || isDecimalType(r) ? null : DOUBLE;
      if (isFloatType(l) || isFloatType(r)) return DOUBLE;
      if (isIntegerType(l) && isIntegerType(r) && e.op !== 'DIV') {
        return INT_TYPES[INT_ORDER[Math.max(INT_ORDER.indexOf(l.primitive), INT_ORDER.indexOf(r.primitive))]!]!;
      }
      return null;
    }
    case 'call': {
      const name = e.name.toLowerCase();
      if (name === 'date_trunc' && e.args.length === 2) return inferType(e.args[1]!, lookup);
      if (name === 'abs' && e.args.length === 1) return inferType(e.args[0]!, lookup);
      return FUNCTION_TYPES[name] ?? null;
    }
    default:
      return null;
  }
}

/** ScalarType.matchesType for the families the simulator infers (string results match any string column). */
function matchesType(column: ColType, expr: ColType): boolean {
  if (expr.length === -1) return isStringType(column);
  if (isDecimalType(column) && isDecimalType(expr)) return column.precision === expr.precision && column.scale === expr.scale;
  if (isStringType(column) && isStringType(expr)) return column.primitive === expr.primitive && column.length === expr.length;
  return column.primitive === expr.primitive;
}

/** The direct sub-expressions of an expression. */
function children(x: Expr): Expr[] {
  switch (x.kind) {
    case 'call':
      return x.args;
    case 'unary':
      return [x.operand];
    case 'binary':
      return [x.left, x.right];
    case 'in':
      return [x.expr, ...x.list];
    case 'like':
      return [x.expr, x.pattern];
    case 'isNull':
    case 'paren':
    case 'cast':
      return [x.expr];
    case 'between':
      return [x.expr, x.low, x.high];
    case 'interval':
      return [x.value];
    case 'tuple':
      return x.items;
    default:
      return [];
  }
}

/** Every node of an expression, depth first. */
function nodes(e: Expr): Expr[] {
  return [e, ...children(e).flatMap(nodes)];
}

/** Every function name an expression calls (lower-case). */
const calls = (e: Expr): string[] => nodes(e).flatMap((x) => (x.kind === 'call' ? [x.name.toLowerCase()] : []));

/** Column references of an expression, in order (names as written). */
const slots = (e: Expr): string[] => nodes(e).flatMap((x) => (x.kind === 'column' ? [x.name] : []));

/** The text SHOW CREATE TABLE prints after `AS` (outer parentheses dropped, columns back-quoted, names lower-case). */
export function generatedExprSql(e: Expr): string {
  return exprToSql(unqualified(e.kind === 'paren' ? e.expr : e), { quoteColumns: true });
}

/** The expression with `t.c` references reduced to `c` (the stored expression refers to columns by name). */
function unqualified(e: Expr): Expr {
  const u = unqualified;
  switch (e.kind) {
    case 'column':
      return { ...e, qualifier: [] };
    case 'call':
      return { ...e, args: e.args.map(u) };
    case 'unary':
      return { ...e, operand: u(e.operand) };
    case 'binary':
      return { ...e, left: u(e.left), right: u(e.right) };
    case 'in':
      return { ...e, expr: u(e.expr), list: e.list.map(u) };
    case 'like':
      return { ...e, expr: u(e.expr), pattern: u(e.pattern) };
    case 'isNull':
    case 'paren':
    case 'cast':
      return { ...e, expr: u(e.expr) };
    case 'between':
      return { ...e, expr: u(e.expr), low: u(e.low), high: u(e.high) };
    case 'interval':
      return { ...e, value: u(e.value) };
    case 'tuple':
      return { ...e, items: e.items.map(u) };
    default:
      return e;
  }
}

/**
 * CreateTableAnalyzer's generated-column checks on the analyzed columns (same order as `defs`). Sets
 * `generatedExpr` on the generated columns.
 */
export function analyzeGeneratedColumns(defs: ColumnDef[], columns: Column[], types: ColType[], keysType: KeysType): void {
  if (!defs.some((d) => d.generated)) return;
  if (keysType === 'AGG_KEYS') throw semanticError('Generated Column does not support AGG table');
  defs.forEach((d, i) => {
    if (d.generated && columns[i]!.isKey) throw semanticError('Generated Column can not be KEY');
  });
  const byName = new Map(columns.map((c, i) => [c.name, { column: c, type: types[i]!, def: defs[i]! }]));
  const lookup = (n: string) => byName.get(n) ?? [...byName.entries()].find(([k]) => k.toLowerCase() === n.toLowerCase())?.[1];
  let found = false;
  defs.forEach((d, i) => {
    if (found && !d.generated) throw semanticError('All generated columns must be defined after ordinary columns');
    if (!d.generated) return;
    const expr = d.generated.expr;
    for (const s of slots(expr)) {
      if (!lookup(s)) throw semanticError(`Column '${s}' cannot be resolved`);
    }
    if (calls(expr).some((f) => AGGREGATES.has(f))) throw semanticError("Generated Column don't support aggregation function");
    for (const s of slots(expr)) {
      const ref = lookup(s)!;
      if (ref.def.generated) throw semanticError('Expression can not refers to other generated columns');
      if (ref.column.autoIncrement) throw semanticError('Expression can not refers to AUTO_INCREMENT columns');
    }
    const exprType = inferType(expr, lookup);
    const colType = types[i]!;
    if (exprType && !matchesType(colType, exprType)) {
      // The message's typo ("Illege") is StarRocks' own (test_materialized_column R file).
      throw semanticError(
        `Illege expression type for Generated Column Column Type: ${typeToString(colType)}, Expression Type: ${exprType.length === -1 ? 'VARCHAR' : typeToString(exprType)}`,
      );
    }
    columns[i]!.generatedExpr = generatedExprSql(expr);
    found = true;
  });
}
