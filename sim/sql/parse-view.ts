// Views and asynchronous materialized views (StarRocks.g4 createViewStatement, alterViewStatement,
// createMaterializedViewStatement, refreshSchemeDesc). Defining queries are kept as their exact text.
import type {
  AlterViewStmt,
  CreateMaterializedViewStmt,
  CreateViewStmt,
  DistributionDesc,
  DropMaterializedViewStmt,
  DropViewStmt,
  ExprWithText,
  Properties,
  QueryText,
  RefreshDesc,
  SelectStmt,
  SyncMvQuery,
  TableRef,
  ViewColumn,
} from './ast.js';
import { Cursor } from './cursor.js';
import { INTERVAL_UNITS, parseExpr, parseExprWithText } from './expr.js';
import { parseLimit, parseOrderBy, parseSelect, parseSelectItem, parseTableRef } from './parse-select.js';
import { parseDistribution, parseOrderByDesc } from './parse-table.js';

/** The rest of the statement after `AS`: exact text (no trailing `;`), plus a parse when it is a simple SELECT. */
export function parseQueryText(cur: Cursor): QueryText {
  const first = cur.peek();
  if (!(cur.isKw('SELECT') || cur.isKw('WITH') || cur.isOp('('))) throw cur.unexpected('SELECT, WITH, (');
  let last = first;
  while (!cur.atEof()) {
    const t = cur.next();
    if (t.type === 'op' && t.value === ';') {
      if (!cur.atEof()) throw cur.fail('Only one statement is supported');
      break;
    }
    last = t;
  }
  const text = cur.sql.slice(first.start, last.end);
  return { text, select: trySelect(text) };
}

function trySelect(text: string): SelectStmt | null {
  try {
    const sub = new Cursor(text);
    const select = parseSelect(sub);
    return sub.atEof() ? select : null;
  } catch {
    return null;
  }
}

/** `( c1 [COMMENT 'x'], c2 )` */
function parseViewColumns(cur: Cursor): ViewColumn[] {
  cur.expectOp('(');
  const out: ViewColumn[] = [];
  do {
    const name = cur.ident();
    out.push({ name, comment: cur.optionalComment() });
  } while (cur.acceptOp(','));
  cur.expectOp(')');
  return out;
}

/** After `CREATE [OR REPLACE]`: `VIEW [IF NOT EXISTS] name [(cols)] [COMMENT 'x'] [SECURITY ...] [PROPERTIES] AS query`. */
export function parseCreateView(cur: Cursor, orReplace: boolean): CreateViewStmt {
  cur.expectKw('VIEW');
  const ifNotExists = cur.acceptIfNotExists();
  const name = cur.qualifiedName();
  const columns = cur.isOp('(') ? parseViewColumns(cur) : null;
  const comment = cur.optionalComment();
  let security: 'NONE' | 'INVOKER' | null = null;
  if (cur.acceptKw('SECURITY')) security = cur.expectOneOf('NONE', 'INVOKER') as 'NONE' | 'INVOKER';
  const properties = cur.optionalProperties();
  cur.expectKw('AS');
  const query = parseQueryText(cur);
  const stmt: CreateViewStmt = { kind: 'createView', orReplace, ifNotExists, name, columns, comment, query };
  if (security !== null) stmt.security = security;
  if (Object.keys(properties).length > 0) stmt.properties = properties;
  return stmt;
}

/** After `ALTER`: `VIEW name [(cols)] AS query`. */
export function parseAlterView(cur: Cursor): AlterViewStmt {
  cur.expectKw('VIEW');
  const name = cur.qualifiedName();
  const columns = cur.isOp('(') ? parseViewColumns(cur) : null;
  if (!cur.isKw('AS')) throw cur.fail('Only ALTER VIEW ... AS <query> is supported by the simulator');
  cur.expectKw('AS');
  return { kind: 'alterView', name, columns, comment: null, query: parseQueryText(cur) };
}

/** After `DROP`: `VIEW [IF EXISTS] name`. */
export function parseDropView(cur: Cursor): DropViewStmt {
  cur.expectKw('VIEW');
  const ifExists = cur.acceptIfExists();
  return { kind: 'dropView', ifExists, name: cur.qualifiedName() };
}

/** After `CREATE`: `MATERIALIZED VIEW [IF NOT EXISTS] name [(cols)] [COMMENT] {PARTITION BY|DISTRIBUTED BY|ORDER BY|REFRESH|PROPERTIES}* AS query`. */
export function parseCreateMaterializedView(cur: Cursor): CreateMaterializedViewStmt {
  cur.expectKw('MATERIALIZED', 'VIEW');
  const ifNotExists = cur.acceptIfNotExists();
  const name = cur.qualifiedName();
  const columns = cur.isOp('(') ? parseViewColumns(cur) : null;
  const comment = cur.optionalComment();
  let partitionBy: CreateMaterializedViewStmt['partitionBy'] = null;
  let distribution: DistributionDesc | null = null;
  let orderBy: string[] | null = null;
  let refresh: RefreshDesc | null = null;
  let properties: Properties = {};
  for (;;) {
    if (cur.isKws('PARTITION', 'BY')) {
      cur.next();
      cur.next();
      partitionBy = parseMvPartition(cur);
    } else if (cur.isKw('DISTRIBUTED')) distribution = parseDistribution(cur);
    else if (cur.isKws('ORDER', 'BY')) orderBy = parseOrderByDesc(cur);
    else if (cur.isKw('REFRESH')) refresh = parseRefresh(cur);
    else if (cur.acceptKw('PROPERTIES')) properties = cur.propertyList();
    else break;
  }
  cur.expectKw('AS');
  const query = parseQueryText(cur);
  const stmt: CreateMaterializedViewStmt = {
    kind: 'createMaterializedView',
    ifNotExists,
    name,
    comment,
    partitionBy,
    distribution,
    orderBy,
    refresh,
    properties,
    query,
  };
  if (columns !== null) stmt.columns = columns;
  return stmt;
}

/** mvPartitionExprs: `expr` or `(expr, ...)`; `text` is everything after PARTITION BY. */
function parseMvPartition(cur: Cursor): { exprs: ExprWithText[]; text: string } {
  const start = cur.peek().start;
  const exprs: ExprWithText[] = [];
  if (cur.acceptOp('(')) {
    do exprs.push(parseExprWithText(cur));
    while (cur.acceptOp(','));
    cur.expectOp(')');
  } else {
    exprs.push(parseExprWithText(cur));
  }
  return { exprs, text: cur.textFrom(start) };
}

/** `REFRESH [IMMEDIATE|DEFERRED] (ASYNC | ASYNC [START('x')] EVERY (INTERVAL n unit) | INCREMENTAL | MANUAL)` */
function parseRefresh(cur: Cursor): RefreshDesc {
  const start = cur.peek().start;
  cur.expectKw('REFRESH');
  const moment = cur.acceptOneOf('IMMEDIATE', 'DEFERRED') as RefreshDesc['moment'];
  const kind = cur.expectOneOf('ASYNC', 'SCHEDULE', 'INCREMENTAL', 'MANUAL');
  let startAt: string | null = null;
  let every: RefreshDesc['every'] = null;
  if (kind === 'ASYNC' || kind === 'SCHEDULE') {
    if (cur.acceptKw('START')) {
      cur.expectOp('(');
      startAt = cur.string();
      cur.expectOp(')');
      if (!cur.isKw('EVERY')) throw cur.unexpected('EVERY');
    }
    if (cur.acceptKw('EVERY')) {
      cur.expectOp('(');
      const everyStart = cur.peek().start;
      cur.expectKw('INTERVAL');
      const value = cur.integer();
      const unit = cur.peek();
      if (unit.type !== 'ident' || !INTERVAL_UNITS.has(unit.upper)) throw cur.unexpected([...INTERVAL_UNITS].join(', '));
      cur.next();
      every = { value, unit: unit.upper, text: cur.textFrom(everyStart) };
      cur.expectOp(')');
    } else if (kind === 'SCHEDULE') {
      throw cur.unexpected('EVERY');
    }
  }
  const type = kind === 'SCHEDULE' ? 'ASYNC' : (kind as 'ASYNC' | 'INCREMENTAL' | 'MANUAL');
  return { text: cur.textFrom(start), moment, type, start: startAt, every };
}

/** After `DROP`: `MATERIALIZED VIEW [IF EXISTS] name [FORCE]`. */
export function parseDropMaterializedView(cur: Cursor): DropMaterializedViewStmt {
  cur.expectKw('MATERIALIZED', 'VIEW');
  const ifExists = cur.acceptIfExists();
  const name = cur.qualifiedName();
  const stmt: DropMaterializedViewStmt = { kind: 'dropMaterializedView', ifExists, name };
  if (cur.acceptKw('FORCE')) stmt.force = true;
  return stmt;
}

/**
 * The defining query of a synchronous MV (`SELECT [DISTINCT] items FROM t [WHERE e] [GROUP BY e, ...] [HAVING e]
 * [ORDER BY ...] [LIMIT n]`), which the general SELECT parser refuses because of GROUP BY. Joins are read as extra
 * FROM tables so that the analyzer can answer with StarRocks' message. Throws SimError 1064 on anything else.
 */
export function parseSyncMvQuery(text: string): SyncMvQuery {
  const cur = new Cursor(text);
  cur.expectKw('SELECT');
  const distinct = cur.acceptKw('DISTINCT');
  if (!distinct) cur.acceptKw('ALL');
  const items = [parseSelectItem(cur)];
  while (cur.acceptOp(',')) items.push(parseSelectItem(cur));
  cur.expectKw('FROM');
  const from: TableRef[] = [parseTableRef(cur)];
  for (;;) {
    if (cur.acceptOp(',')) {
      from.push(parseTableRef(cur));
      continue;
    }
    const join = cur.acceptOneOf('JOIN', 'INNER', 'LEFT', 'RIGHT', 'CROSS', 'FULL');
    if (!join) break;
    if (join !== 'JOIN') {
      cur.acceptKw('OUTER');
      cur.expectKw('JOIN');
    }
    from.push(parseTableRef(cur));
    if (cur.acceptKw('ON')) parseExpr(cur);
  }
  const where = cur.acceptKw('WHERE') ? parseExpr(cur) : null;
  const groupBy: SyncMvQuery['groupBy'] = [];
  if (cur.acceptKws('GROUP', 'BY')) {
    do groupBy.push(parseExpr(cur));
    while (cur.acceptOp(','));
  }
  const having = cur.acceptKw('HAVING') ? parseExpr(cur) : null;
  const orderBy = parseOrderBy(cur);
  const limit = parseLimit(cur);
  cur.expectEnd();
  return { items, distinct, from, where, groupBy, having, orderBy, limit };
}
