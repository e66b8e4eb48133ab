// CREATE / ALTER / DROP / TRUNCATE TABLE and index statements, following StarRocks.g4
// (createTableStatement, columnDesc, indexDesc, partitionDesc, distributionDesc, alterClause).
import type {
  AggType,
  AlterTableClause,
  AlterTableStmt,
  BatchRangePartitionItem,
  ColumnDef,
  ColumnDefault,
  ColumnPosition,
  CreateIndexStmt,
  CreateTableStmt,
  DistributionDesc,
  DropIndexStmt,
  DropTableStmt,
  Expr,
  ExprWithText,
  IndexDef,
  KeysDesc,
  KeysType,
  ListPartitionItem,
  PartitionDesc,
  PartitionItem,
  PartitionValue,
  QualifiedName,
  RangePartitionItem,
  RollupItem,
  TruncateTableStmt,
} from './ast.js';
import { SimError } from '../fe/errors.js';
import type { Cursor } from './cursor.js';
import { INTERVAL_UNITS, parseExprWithText, parseType } from './expr.js';
import { parseSelect } from './parse-select.js';

const AGG_TYPES: ReadonlySet<string> = new Set<AggType>([
  'SUM',
  'MAX',
  'MIN',
  'REPLACE',
  'REPLACE_IF_NOT_NULL',
  'HLL_UNION',
  'BITMAP_UNION',
  'PERCENTILE_UNION',
]);

const KEYS: Record<string, KeysType> = {
  DUPLICATE: 'DUP_KEYS',
  AGGREGATE: 'AGG_KEYS',
  UNIQUE: 'UNIQUE_KEYS',
  PRIMARY: 'PRIMARY_KEYS',
};

// ------------------------------------------------------------------ columns and indexes

/** `name type [KEY] [agg] [NULL|NOT NULL] [DEFAULT ...|AUTO_INCREMENT] [COMMENT 'x']` (grammar order). */
export function parseColumnDef(cur: Cursor): ColumnDef {
  const start = cur.peek().start;
  const name = cur.ident();
  const type = parseType(cur);
  // charsetName: CHAR SET x | CHARSET x | CHARACTER SET x
  let charset: string | undefined;
  if (cur.acceptKw('CHARSET') || cur.acceptKws('CHAR', 'SET') || cur.acceptKws('CHARACTER', 'SET')) charset = cur.ident();
  const isKey = cur.acceptKw('KEY');
  let aggType: AggType | null = null;
  const t = cur.peek();
  if (t.type === 'ident' && AGG_TYPES.has(t.upper)) {
    cur.next();
    aggType = t.upper as AggType;
  }
  let nullable: boolean | null = null;
  if (cur.acceptKws('NOT', 'NULL')) nullable = false;
  else if (cur.acceptKw('NULL')) nullable = true;
  let autoIncrement = false;
  let def: ColumnDefault | null = null;
  let generated: ExprWithText | undefined;
  if (cur.acceptKw('AUTO_INCREMENT')) {
    // AstBuilder.getColumnDef: an explicit NULL is refused at the column name's position; otherwise NOT NULL.
    if (nullable === true) throw cur.failAt(`AUTO_INCREMENT column ${name} must be NOT NULL`, start);
    autoIncrement = true;
    nullable = false;
  } else if (cur.acceptKw('DEFAULT')) def = parseDefault(cur);
  else if (cur.acceptKw('AS')) {
    // generatedColumnDesc: AstBuilder refuses NOT NULL and KEY with position-less ParsingExceptions.
    if (nullable === false) throw cur.failAt('Generated Column must be nullable column', null);
    if (isKey) throw cur.failAt('Generated Column can not be KEY', null);
    generated = parseExprWithText(cur);
  }
  const comment = cur.optionalComment();
  const col: ColumnDef = { name, type, isKey, aggType, nullable, autoIncrement, default: def, comment, text: cur.textFrom(start) };
  if (generated) col.generated = generated;
  if (charset !== undefined) col.charset = charset;
  col.pos = cur.spanFrom(start);
  return col;
}

function parseDefault(cur: Cursor): ColumnDefault {
  const start = cur.peek().start;
  const t = cur.peek();
  if (t.type === 'string') {
    cur.next();
    return { kind: 'literal', value: t.value, text: t.text };
  }
  if (cur.acceptKw('NULL')) return { kind: 'literal', value: null, text: 'NULL' };
  if (cur.acceptKw('CURRENT_TIMESTAMP')) {
    if (cur.acceptOp('(')) {
      if (!cur.isOp(')')) cur.integer();
      cur.expectOp(')');
    }
    return { kind: 'currentTimestamp', text: cur.textFrom(start) };
  }
  if (cur.acceptOp('(')) {
    const inner = parseExprWithText(cur);
    cur.expectOp(')');
    return { kind: 'expr', expr: inner.expr, text: inner.text };
  }
  const { expr, text } = parseExprWithText(cur);
  const literal = numericLiteralText(expr);
  if (literal !== null) return { kind: 'literal', value: literal, text };
  return { kind: 'expr', expr, text };
}

/** `10` → "10", `-1.5` → "-1.5"; null for anything else. */
function numericLiteralText(e: Expr): string | null {
  if (e.kind === 'number') return e.text;
  if (e.kind === 'unary' && (e.op === '-' || e.op === '+') && e.operand.kind === 'number') {
    return (e.op === '-' ? '-' : '') + e.operand.text;
  }
  return null;
}

/** After `INDEX` / `ADD INDEX`: `name (cols) [USING BITMAP [("k"="v")]] [COMMENT 'x']`. */
function parseIndexBody(cur: Cursor): IndexDef {
  const name = cur.ident();
  const columns = cur.identList();
  let using: string | null = null;
  let properties: IndexDef['properties'];
  if (cur.acceptKw('USING')) {
    using = cur.expectOneOf('BITMAP', 'GIN', 'NGRAMBF', 'VECTOR');
    if (cur.isOp('(')) properties = cur.propertyList();
  }
  const comment = cur.optionalComment();
  const def: IndexDef = { name, columns, using, comment };
  if (properties) def.properties = properties;
  return def;
}

// ------------------------------------------------------------------ CREATE TABLE

/** After `CREATE`: `TABLE [IF NOT EXISTS] name (...) ...`. */
export function parseCreateTable(cur: Cursor): CreateTableStmt {
  if (cur.isKw('TEMPORARY') || cur.isKw('EXTERNAL')) throw cur.fail(`CREATE ${cur.peek().upper} TABLE is not supported by the simulator`);
  cur.expectKw('TABLE');
  const ifNotExists = cur.acceptIfNotExists();
  const name = cur.qualifiedName();
  if (!cur.isOp('(') || isIdentList(cur)) {
    const other = parseCreateTableLikeOrAs(cur, ifNotExists, name);
    if (other) return other;
    if (!cur.isOp('(')) throw cur.unexpected("'('");
  }
  cur.expectOp('(');
  const columns: ColumnDef[] = [];
  const indexes: IndexDef[] = [];
  do {
    const indexStart = cur.peek().start;
    if (cur.acceptKw('INDEX')) indexes.push({ ...parseIndexBody(cur), pos: cur.spanFrom(indexStart) });
    else if (indexes.length > 0) throw cur.unexpected('INDEX');
    else columns.push(parseColumnDef(cur));
    // StarRocks reports a stray token after a column or index definition at its position, expecting `,` or `)`.
    if (!cur.isOp(',') && !cur.isOp(')')) throw cur.unexpected("',', ')'");
  } while (cur.acceptOp(','));
  cur.expectOp(')');
  if (columns.length === 0) throw cur.unexpected('a column definition');

  let engine: string | null = null;
  if (cur.acceptKw('ENGINE')) {
    cur.expectOp('=');
    engine = cur.ident().toLowerCase();
  }
  if (cur.isKw('DEFAULT') || cur.isKw('CHARSET') || cur.isKws('CHAR', 'SET') || cur.isKws('CHARACTER', 'SET')) {
    throw cur.fail('Table character sets are not supported by the simulator');
  }
  const keys = parseKeysDesc(cur);
  const comment = cur.optionalComment();
  const partition = cur.isKws('PARTITION', 'BY') ? parsePartitionDesc(cur) : null;
  const distribution = cur.isKw('DISTRIBUTED') ? parseDistribution(cur) : null;
  const orderBy = cur.isKws('ORDER', 'BY') ? parseOrderByDesc(cur) : null;
  let rollups: RollupItem[] | undefined;
  if (cur.acceptKw('ROLLUP')) {
    // rollupDesc: ROLLUP '(' rollupItem (',' rollupItem)* ')'
    cur.expectOp('(');
    rollups = [parseRollupItem(cur)];
    while (cur.acceptOp(',')) rollups.push(parseRollupItem(cur));
    cur.expectOp(')');
  }
  const properties = cur.optionalProperties();
  const stmt: CreateTableStmt = {
    kind: 'createTable',
    ifNotExists,
    name,
    columns,
    indexes,
    engine,
    keys,
    comment,
    partition,
    distribution,
    orderBy,
    properties,
  };
  if (rollups) stmt.rollups = rollups;
  return stmt;
}

/**
 * After the name, when no column definitions follow: createTableLikeStatement (`[partitionDesc] [distributionDesc]
 * [properties] LIKE qualifiedName`) or createTableAsSelectStatement (`[(c1, c2)] [keyDesc] [comment] [partitionDesc]
 * [distributionDesc] [orderByDesc] [properties] AS queryStatement`); null (position restored) when neither.
 */
function parseCreateTableLikeOrAs(cur: Cursor, ifNotExists: boolean, name: QualifiedName): CreateTableStmt | null {
  const save = cur.pos;
  const ctasColumnNames = cur.isOp('(') ? cur.identList() : null;
  const keys = parseKeysDesc(cur);
  const comment = cur.optionalComment();
  const partition = cur.isKws('PARTITION', 'BY') ? parsePartitionDesc(cur) : null;
  const distribution = cur.isKw('DISTRIBUTED') ? parseDistribution(cur) : null;
  const orderBy = cur.isKws('ORDER', 'BY') ? parseOrderByDesc(cur) : null;
  const properties = cur.optionalProperties();
  const base: CreateTableStmt = {
    kind: 'createTable',
    ifNotExists,
    name,
    columns: [],
    indexes: [],
    engine: null,
    keys,
    comment,
    partition,
    distribution,
    orderBy,
    properties,
  };
  if (cur.acceptKw('AS')) {
    if (!cur.isKw('SELECT') && !cur.isKw('WITH')) throw cur.unexpected('SELECT');
    const stmt: CreateTableStmt = { ...base, asSelect: parseSelect(cur) };
    if (ctasColumnNames) stmt.ctasColumnNames = ctasColumnNames;
    return stmt;
  }
  if (!ctasColumnNames && !keys && comment === null && !orderBy && cur.acceptKw('LIKE')) return { ...base, like: cur.qualifiedName() };
  cur.pos = save;
  return null;
}

function parseKeysDesc(cur: Cursor): KeysDesc | null {
  const t = cur.peek();
  if (t.type !== 'ident' || !(t.upper in KEYS) || !cur.isKw('KEY', 1)) return null;
  cur.next();
  cur.next();
  return { keysType: KEYS[t.upper]!, columns: cur.identList() };
}

/** `ORDER BY (c1, c2)` */
export function parseOrderByDesc(cur: Cursor): string[] {
  cur.expectKw('ORDER', 'BY');
  return cur.identList();
}

/** `DISTRIBUTED BY HASH (cols) [BUCKETS n]` | `DISTRIBUTED BY RANDOM [BUCKETS n]` */
export function parseDistribution(cur: Cursor): DistributionDesc {
  const start = cur.peek().start;
  cur.expectKw('DISTRIBUTED', 'BY');
  const type = cur.expectOneOf('HASH', 'RANDOM') as 'HASH' | 'RANDOM';
  const columns = type === 'HASH' ? cur.identList() : [];
  const buckets = cur.acceptKw('BUCKETS') ? cur.integer() : null;
  return { type, columns, buckets, text: cur.textFrom(start), pos: nodePosition(cur, start) };
}

// ------------------------------------------------------------------ partitions

/** `PARTITION BY ...` of CREATE TABLE. */
export function parsePartitionDesc(cur: Cursor): PartitionDesc {
  const start = cur.peek().start;
  cur.expectKw('PARTITION', 'BY');
  if (cur.acceptKw('RANGE')) {
    if (isIdentList(cur)) {
      const columns = cur.identList();
      const items = parseRangeItems(cur);
      return { kind: 'range', columns, expr: null, items, text: cur.textFrom(start) };
    }
    cur.expectOp('(');
    const exprStart = cur.peek().start;
    const expr: ExprWithText = { ...parseExprWithText(cur), pos: nodePosition(cur, exprStart) };
    cur.expectOp(')');
    if (expr.expr.kind !== 'call') throw cur.fail('RANGE partitioning takes column names or one function call');
    const items = parseRangeItems(cur);
    return { kind: 'range', columns: referencedColumns([expr.expr]), expr, items, text: cur.textFrom(start) };
  }
  const list = cur.acceptKw('LIST');
  if (list || isIdentList(cur)) {
    const exprs = identListWithText(cur);
    const columns = exprs.map((e) => (e.expr.kind === 'column' ? e.expr.name : ''));
    if (cur.isOp('(')) {
      const items = parseListItems(cur);
      return { kind: 'list', columns, items, text: cur.textFrom(start) };
    }
    return { kind: 'expr', exprs, columns, items: [], text: cur.textFrom(start) };
  }
  // functionCall [ (range items) ] | partitionExpr (, partitionExpr)* | ( partitionExpr, ... )
  const parenthesized = cur.acceptOp('(');
  const exprs: ExprWithText[] = [parsePartitionExpr(cur)];
  while (cur.acceptOp(',')) exprs.push(parsePartitionExpr(cur));
  if (parenthesized) cur.expectOp(')');
  for (const e of exprs) checkPartitionFunction(e);
  let items: PartitionItem[] = [];
  if (!parenthesized && exprs.length === 1 && exprs[0]!.expr.kind === 'call' && cur.isOp('(')) items = parseRangeItems(cur);
  return { kind: 'expr', exprs, columns: referencedColumns(exprs.map((e) => e.expr)), items, text: cur.textFrom(start) };
}

/** `( ident, ... )` ahead, without consuming? */
function isIdentList(cur: Cursor): boolean {
  if (!cur.isOp('(')) return false;
  let i = 1;
  for (;;) {
    if (!cur.isIdent(i)) return false;
    if (cur.isOp(')', i + 1)) return true;
    if (!cur.isOp(',', i + 1)) return false;
    i += 2;
  }
}

/**
 * DATE_TRUNC units a table can be partitioned by (AnalyzerUtils.DATE_TRUNC_SUPPORTED_PARTITION_FORMAT: hour, day,
 * month, year; `minute` only for time_slice, TIME_SLICE_SUPPORTED_PARTITION_FORMAT).
 */
const DATE_TRUNC_PARTITION_UNITS: ReadonlySet<string> = new Set(['hour', 'day', 'month', 'year']);

/**
 * AstBuilder's check of a `date_trunc` partition expression: another unit is a ParsingException over the
 * expression (`Unsupported expr '<expr>' in PARTITION BY clause`).
 */
function checkPartitionFunction(e: ExprWithText): void {
  const x = e.expr;
  if (x.kind !== 'call' || x.name.toLowerCase() !== 'date_trunc') return;
  const unit = x.args[0];
  if (unit?.kind !== 'string' || DATE_TRUNC_PARTITION_UNITS.has(unit.value.toLowerCase())) return;
  throw new SimError(1064, `Getting syntax error ${e.pos ?? ''}. Detail message: Unsupported expr '${e.text}' in PARTITION BY clause.`, '42000');
}

/** StarRocks' NodePosition text of the tokens from `start` to the last consumed one (0-based columns). */
function nodePosition(cur: Cursor, start: number): string {
  const lastStart = cur.pos > 0 ? cur.tokens[cur.pos - 1]!.start : start;
  const at = (offset: number) => {
    const before = cur.sql.slice(0, offset);
    return `line ${before.split('\n').length}, column ${offset - (before.lastIndexOf('\n') + 1)}`;
  };
  return `from ${at(start)} to ${at(lastStart)}`;
}

/** StarRocks' partitionExpr: an identifier or a function call. */
function parsePartitionExpr(cur: Cursor): ExprWithText {
  const start = cur.peek().start;
  const e: ExprWithText = { ...parseExprWithText(cur) };
  e.pos = nodePosition(cur, start);
  // primaryExpression: a column, a function call or a CAST (mixed expression partitioning, 3.4+ docs).
  if (e.expr.kind !== 'column' && e.expr.kind !== 'call' && e.expr.kind !== 'cast') {
    throw cur.fail('Partition expressions must be a column, a function call or a CAST');
  }
  if (e.expr.kind === 'column' && e.expr.qualifier.length > 0) throw cur.fail('Partition columns must not be qualified');
  return e;
}

/** `( ident, ... )` keeping each identifier's source text. */
function identListWithText(cur: Cursor): ExprWithText[] {
  cur.expectOp('(');
  const out: ExprWithText[] = [];
  do {
    const t = cur.peek();
    out.push({ expr: { kind: 'column', qualifier: [], name: cur.ident() }, text: t.text });
  } while (cur.acceptOp(','));
  cur.expectOp(')');
  return out;
}

/** Column names an expression references, in first-seen order. */
export function referencedColumns(exprs: Expr[]): string[] {
  const out: string[] = [];
  const visit = (e: Expr): void => {
    switch (e.kind) {
      case 'column':
        if (!out.includes(e.name)) out.push(e.name);
        return;
      case 'call':
        e.args.forEach(visit);
        return;
      case 'unary':
        visit(e.operand);
        return;
      case 'binary':
        visit(e.left);
        visit(e.right);
        return;
      case 'in':
        visit(e.expr);
        e.list.forEach(visit);
        return;
      case 'like':
        visit(e.expr);
        visit(e.pattern);
        return;
      case 'isNull':
        visit(e.expr);
        return;
      case 'between':
        visit(e.expr);
        visit(e.low);
        visit(e.high);
        return;
      case 'cast':
        visit(e.expr);
        return;
      case 'interval':
        visit(e.value);
        return;
      case 'tuple':
        e.items.forEach(visit);
        return;
      case 'paren':
        visit(e.expr);
        return;
      default:
        return;
    }
  };
  exprs.forEach(visit);
  return out;
}

function parseRangeItems(cur: Cursor): RangePartitionItem[] {
  cur.expectOp('(');
  const items: RangePartitionItem[] = [];
  if (cur.acceptOp(')')) return items;
  do items.push(parseRangeItem(cur));
  while (cur.acceptOp(','));
  cur.expectOp(')');
  return items;
}

function parseListItems(cur: Cursor): ListPartitionItem[] {
  cur.expectOp('(');
  const items: ListPartitionItem[] = [];
  if (cur.acceptOp(')')) return items;
  do items.push(parseListItem(cur));
  while (cur.acceptOp(','));
  cur.expectOp(')');
  return items;
}

/** singleRangePartition | multiRangePartition */
function parseRangeItem(cur: Cursor): RangePartitionItem {
  if (cur.isKw('START')) return parseBatchItem(cur);
  const item = parsePartitionItem(cur);
  if (item.kind === 'list') throw cur.fail('VALUES IN is not allowed in RANGE partitioning');
  return item;
}

function parseListItem(cur: Cursor): ListPartitionItem {
  const item = parsePartitionItem(cur);
  if (item.kind !== 'list') throw cur.fail('LIST partitioning takes VALUES IN');
  return item;
}

/** `PARTITION [IF NOT EXISTS] p VALUES (LESS THAN ... | [(...), (...)) | IN (...)) [("k"="v")]` */
function parsePartitionItem(cur: Cursor): LessThanOrFixedOrList {
  const start = cur.peek().start;
  cur.expectKw('PARTITION');
  const ifNotExists = cur.acceptIfNotExists();
  const name = cur.ident();
  cur.expectKw('VALUES');
  const props = () => (cur.isOp('(') ? cur.propertyList() : {});
  if (cur.acceptKws('LESS', 'THAN')) {
    if (cur.acceptKw('MAXVALUE')) {
      const properties = props();
      return { kind: 'lessThan', name, ifNotExists, upper: [], isMaxValue: true, properties, text: cur.textFrom(start) };
    }
    const upper = parseRangeValues(cur);
    const properties = props();
    return { kind: 'lessThan', name, ifNotExists, upper, isMaxValue: false, properties, text: cur.textFrom(start) };
  }
  if (cur.acceptOp('[')) {
    const lower = parseRangeValues(cur);
    cur.expectOp(',');
    const upper = parseRangeValues(cur);
    cur.expectOp(')');
    const properties = props();
    return { kind: 'fixedRange', name, ifNotExists, lower, upper, properties, text: cur.textFrom(start) };
  }
  if (cur.acceptKw('IN')) {
    cur.expectOp('(');
    let values: PartitionValue[][];
    if (cur.isOp('(')) {
      values = [parseListTuple(cur)];
      while (cur.acceptOp(',')) values.push(parseListTuple(cur));
    } else {
      values = [[parseListValue(cur)]];
      while (cur.acceptOp(',')) values.push([parseListValue(cur)]);
    }
    cur.expectOp(')');
    const properties = props();
    return { kind: 'list', name, ifNotExists, values, properties, text: cur.textFrom(start) };
  }
  throw cur.unexpected("LESS THAN, '[', IN");
}

type LessThanOrFixedOrList = Exclude<PartitionItem, BatchRangePartitionItem>;

/** `( "v" | MAXVALUE, ... )` */
function parseRangeValues(cur: Cursor): PartitionValue[] {
  cur.expectOp('(');
  const out: PartitionValue[] = [];
  do {
    if (cur.acceptKw('MAXVALUE')) out.push(null);
    else out.push(cur.string());
  } while (cur.acceptOp(','));
  cur.expectOp(')');
  return out;
}

function parseListTuple(cur: Cursor): PartitionValue[] {
  cur.expectOp('(');
  const out = [parseListValue(cur)];
  while (cur.acceptOp(',')) out.push(parseListValue(cur));
  cur.expectOp(')');
  return out;
}

function parseListValue(cur: Cursor): PartitionValue {
  if (cur.acceptKw('NULL')) return null;
  return cur.string();
}

/** `START ("a") END ("b") EVERY (INTERVAL n unit | n)` */
function parseBatchItem(cur: Cursor): BatchRangePartitionItem {
  const start = cur.peek().start;
  cur.expectKw('START');
  cur.expectOp('(');
  const s = cur.string();
  cur.expectOp(')');
  cur.expectKw('END');
  cur.expectOp('(');
  const e = cur.string();
  cur.expectOp(')');
  cur.expectKw('EVERY');
  cur.expectOp('(');
  const everyStart = cur.peek().start;
  let every: BatchRangePartitionItem['every'];
  if (cur.acceptKw('INTERVAL')) {
    const value = cur.integer();
    const unit = cur.peek();
    if (unit.type !== 'ident' || !INTERVAL_UNITS.has(unit.upper)) throw cur.unexpected([...INTERVAL_UNITS].join(', '));
    cur.next();
    every = { value, unit: unit.upper, text: cur.textFrom(everyStart) };
  } else {
    every = { value: cur.integer(), unit: null, text: '' };
    every.text = cur.textFrom(everyStart);
  }
  cur.expectOp(')');
  return { kind: 'batch', start: [s], end: [e], every, text: cur.textFrom(start) };
}

// ------------------------------------------------------------------ DROP / TRUNCATE / ALTER

/** After `DROP`: `TABLE [IF EXISTS] name [FORCE]`. */
export function parseDropTable(cur: Cursor): DropTableStmt {
  if (cur.isKw('TEMPORARY')) throw cur.fail('DROP TEMPORARY TABLE is not supported by the simulator');
  cur.expectKw('TABLE');
  const ifExists = cur.acceptIfExists();
  const name = cur.qualifiedName();
  const force = cur.acceptKw('FORCE');
  return { kind: 'dropTable', ifExists, name, force };
}

/** After `TRUNCATE`: `TABLE name [PARTITION (p, ...)]`. */
export function parseTruncateTable(cur: Cursor): TruncateTableStmt {
  cur.expectKw('TABLE');
  const name = cur.qualifiedName();
  const partitions = parsePartitionNames(cur);
  return { kind: 'truncateTable', name, partitions };
}

/** StarRocks' partitionNames: `PARTITION (p1, p2)` / `PARTITIONS (...)` / `PARTITION p1, p2`; null when absent. */
export function parsePartitionNames(cur: Cursor): string[] | null {
  if (cur.isKw('TEMPORARY') && (cur.isKw('PARTITION', 1) || cur.isKw('PARTITIONS', 1))) {
    throw cur.fail('Temporary partitions are not supported here by the simulator');
  }
  if (!cur.acceptKw('PARTITION') && !cur.acceptKw('PARTITIONS')) return null;
  const out: string[] = [];
  if (cur.acceptOp('(')) {
    do out.push(cur.identOrString());
    while (cur.acceptOp(','));
    cur.expectOp(')');
    return out;
  }
  do out.push(cur.identOrString());
  while (cur.acceptOp(','));
  return out;
}

/** After `ALTER`: `TABLE name clause [, clause ...]`. */
export function parseAlterTable(cur: Cursor): AlterTableStmt {
  cur.expectKw('TABLE');
  const name = cur.qualifiedName();
  const clauses: AlterTableClause[] = [parseAlterClause(cur)];
  while (cur.acceptOp(',')) clauses.push(parseAlterClause(cur));
  return { kind: 'alterTable', name, clauses };
}

/** A column definition of ALTER TABLE ADD/MODIFY COLUMN: generated columns are not simulated there (yet). */
function parseAlterColumnDef(cur: Cursor): ColumnDef {
  const col = parseColumnDef(cur);
  if (col.generated) {
    throw cur.fail('Generated columns in ALTER TABLE are not supported by the simulator');
  }
  return col;
}

function parsePosition(cur: Cursor): ColumnPosition | null {
  if (cur.acceptKw('FIRST')) return { kind: 'first' };
  if (cur.acceptKw('AFTER')) return { kind: 'after', column: cur.ident() };
  return null;
}

function parseAlterClause(cur: Cursor): AlterTableClause {
  if (cur.acceptKw('ADD')) {
    const temporary = cur.acceptKw('TEMPORARY');
    if (cur.isKw('PARTITION') && !cur.isKw('COLUMN', 1)) {
      const item = parsePartitionItem(cur);
      return finishAddPartition(cur, temporary, item);
    }
    if (cur.acceptKw('PARTITIONS')) return finishAddPartition(cur, temporary, parseBatchItem(cur));
    if (temporary) throw cur.unexpected('PARTITION, PARTITIONS');
    if (cur.acceptKw('COLUMN')) {
      if (cur.acceptOp('(')) {
        const columns = [parseAlterColumnDef(cur)];
        while (cur.acceptOp(',')) columns.push(parseAlterColumnDef(cur));
        cur.expectOp(')');
        const rollup = cur.acceptOneOf('TO', 'IN') ? cur.ident() : null;
        return { kind: 'addColumns', columns, rollup, properties: cur.optionalProperties() };
      }
      const column = parseAlterColumnDef(cur);
      const position = parsePosition(cur);
      const rollup = cur.acceptOneOf('TO', 'IN') ? cur.ident() : null;
      return { kind: 'addColumn', column, position, rollup, properties: cur.optionalProperties() };
    }
    if (cur.acceptKw('INDEX')) return { kind: 'addIndex', index: parseIndexBody(cur) };
    if (cur.acceptKw('ROLLUP')) {
      const rollups = [parseRollupItem(cur)];
      // `ADD ROLLUP r1 (...), r2 (...)`: a comma followed by `name (` continues the list, anything else is the next clause.
      while (cur.isOp(',') && cur.isIdent(1) && cur.isOp('(', 2)) {
        cur.next();
        rollups.push(parseRollupItem(cur));
      }
      return { kind: 'addRollup', rollups };
    }
    throw cur.unexpected('PARTITION, PARTITIONS, COLUMN, INDEX, ROLLUP');
  }
  if (cur.acceptKw('DROP')) {
    const temporary = cur.acceptKw('TEMPORARY');
    if (cur.acceptKw('PARTITION')) {
      if (cur.isKw('COLUMN')) throw cur.fail('DROP PARTITION COLUMN is not supported by the simulator');
      const ifExists = cur.acceptIfExists();
      const name = cur.ident();
      const force = cur.acceptKw('FORCE');
      return { kind: 'dropPartition', temporary, ifExists, name, force };
    }
    if (temporary) throw cur.unexpected('PARTITION');
    if (cur.acceptKw('COLUMN')) {
      const name = cur.ident();
      const rollup = cur.acceptKw('FROM') ? cur.ident() : null;
      return { kind: 'dropColumn', name, rollup, properties: cur.optionalProperties() };
    }
    if (cur.acceptKw('INDEX')) return { kind: 'dropIndex', name: cur.ident() };
    if (cur.acceptKw('ROLLUP')) {
      const names = [cur.ident()];
      while (
        cur.isOp(',') &&
        cur.isIdent(1) &&
        !cur.isKw('ADD', 1) &&
        !cur.isKw('DROP', 1) &&
        !cur.isKw('MODIFY', 1) &&
        !cur.isKw('SET', 1) &&
        !cur.isKw('RENAME', 1) &&
        !cur.isKw('COMMENT', 1) &&
        !cur.isKw('ORDER', 1)
      ) {
        cur.next();
        names.push(cur.ident());
      }
      return { kind: 'dropRollup', names };
    }
    throw cur.unexpected('PARTITION, COLUMN, INDEX, ROLLUP');
  }
  if (cur.acceptKw('MODIFY')) {
    cur.expectKw('COLUMN');
    const column = parseAlterColumnDef(cur);
    const position = parsePosition(cur);
    const rollup = cur.acceptKw('FROM') ? cur.ident() : null;
    return { kind: 'modifyColumn', column, position, rollup, properties: cur.optionalProperties() };
  }
  if (cur.acceptKw('SET')) return { kind: 'setProperties', properties: cur.propertyList() };
  if (cur.acceptKw('RENAME')) {
    if (cur.acceptKw('COLUMN')) {
      const oldName = cur.ident();
      cur.expectKw('TO');
      return { kind: 'renameColumn', oldName, newName: cur.ident() };
    }
    if (cur.isKw('PARTITION') || cur.isKw('ROLLUP')) throw cur.fail(`RENAME ${cur.peek().upper} is not supported by the simulator`);
    return { kind: 'rename', newName: cur.ident() };
  }
  if (cur.acceptKw('COMMENT')) {
    cur.expectOp('=');
    return { kind: 'setComment', comment: cur.string() };
  }
  if (cur.isKws('ORDER', 'BY')) return { kind: 'orderBy', columns: parseOrderByDesc(cur) };
  throw cur.unexpected('ADD, DROP, MODIFY, SET, RENAME, COMMENT, ORDER BY');
}

/** rollupItem: `name (c1, c2) [DUPLICATE KEY (c1)] [FROM base] [PROPERTIES (...)]`. */
function parseRollupItem(cur: Cursor): RollupItem {
  const name = cur.ident();
  const columns = cur.identList();
  const dupKeys = cur.acceptKws('DUPLICATE', 'KEY') ? cur.identList() : null;
  const fromRollup = cur.acceptKw('FROM') ? cur.ident() : null;
  return { name, columns, dupKeys, fromRollup, properties: cur.optionalProperties() };
}

function finishAddPartition(cur: Cursor, temporary: boolean, item: PartitionItem): AlterTableClause {
  const distribution = cur.isKw('DISTRIBUTED') ? parseDistribution(cur) : null;
  const properties = cur.optionalProperties();
  return { kind: 'addPartition', temporary, item, distribution, properties };
}

// ------------------------------------------------------------------ CREATE / DROP INDEX

/** After `CREATE`: `INDEX name ON table (cols) [USING BITMAP] [COMMENT 'x']`. */
export function parseCreateIndex(cur: Cursor): CreateIndexStmt {
  cur.expectKw('INDEX');
  const name = cur.ident();
  cur.expectKw('ON');
  const table = cur.qualifiedName();
  const columns = cur.identList();
  let using: string | null = null;
  let properties: IndexDef['properties'];
  if (cur.acceptKw('USING')) {
    using = cur.expectOneOf('BITMAP', 'GIN', 'NGRAMBF', 'VECTOR');
    if (cur.isOp('(')) properties = cur.propertyList();
  }
  const comment = cur.optionalComment();
  const index: IndexDef = { name, columns, using, comment };
  if (properties) index.properties = properties;
  return { kind: 'createIndex', table, index };
}

/** After `DROP`: `INDEX name ON table`. */
export function parseDropIndex(cur: Cursor): DropIndexStmt {
  cur.expectKw('INDEX');
  const name = cur.ident();
  cur.expectKw('ON');
  return { kind: 'dropIndex', name, table: cur.qualifiedName() };
}
