// The restricted SELECT the simulator answers: one table (or none), WHERE, ORDER BY, LIMIT.
// Joins, GROUP BY, HAVING, DISTINCT, set operations and subqueries are syntax errors here.
import type { LimitClause, OrderByItem, SelectItem, SelectStmt, ShowPredicate, TableRef } from './ast.js';
import type { Cursor } from './cursor.js';
import { parseExpr } from './expr.js';
import { parsePartitionNames } from './parse-table.js';

const unsupported = (cur: Cursor, what: string) => cur.fail(`${what} is not supported by the simulator`);

/** After nothing: `SELECT ...` (the caller checks the statement ends afterwards). */
export function parseSelect(cur: Cursor): SelectStmt {
  if (cur.isKw('WITH')) throw unsupported(cur, 'WITH');
  cur.expectKw('SELECT');
  if (cur.isKw('DISTINCT')) throw unsupported(cur, 'SELECT DISTINCT');
  cur.acceptKw('ALL');
  const items: SelectItem[] = [parseSelectItem(cur)];
  while (cur.acceptOp(',')) items.push(parseSelectItem(cur));
  let from: TableRef | null = null;
  if (cur.acceptKw('FROM')) {
    if (!cur.acceptKw('DUAL')) from = parseTableRef(cur);
  }
  if (cur.isOp(',') || cur.isKw('JOIN') || cur.isKw('INNER') || cur.isKw('LEFT') || cur.isKw('RIGHT') || cur.isKw('CROSS') || cur.isKw('FULL')) {
    throw unsupported(cur, 'Joins');
  }
  const where = cur.acceptKw('WHERE') ? parseExpr(cur) : null;
  if (cur.isKws('GROUP', 'BY')) throw unsupported(cur, 'GROUP BY');
  if (cur.isKw('HAVING')) throw unsupported(cur, 'HAVING');
  if (cur.isKw('UNION') || cur.isKw('INTERSECT') || cur.isKw('EXCEPT') || cur.isKw('MINUS')) throw unsupported(cur, 'Set operations');
  const orderBy = parseOrderBy(cur);
  const limit = parseLimit(cur);
  if (cur.isKw('UNION') || cur.isKw('INTO')) throw unsupported(cur, cur.peek().upper);
  return { kind: 'select', items, from, where, orderBy, limit };
}

export function parseSelectItem(cur: Cursor): SelectItem {
  const start = cur.peek().start;
  if (cur.acceptOp('*')) return { kind: 'star', qualifier: null, text: '*' };
  if (cur.isIdent() && cur.isOp('.', 1) && cur.isOp('*', 2)) {
    const qualifier = cur.ident();
    cur.next();
    cur.next();
    return { kind: 'star', qualifier, text: cur.textFrom(start) };
  }
  const expr = parseExpr(cur);
  const text = cur.textFrom(start);
  let alias: string | null = null;
  if (cur.acceptKw('AS')) alias = cur.identOrString();
  else if (cur.isIdent() || cur.isString()) alias = cur.next().value;
  return { kind: 'expr', expr, alias, text };
}

/** `[db.]t [PARTITION (p, ...)] [[AS] alias]` */
export function parseTableRef(cur: Cursor): TableRef {
  if (cur.isOp('(')) throw unsupported(cur, 'Subqueries in FROM');
  const name = cur.qualifiedName();
  if (cur.isOp('(')) throw unsupported(cur, 'Table functions');
  const partitions = parsePartitionNames(cur);
  let alias: string | null = null;
  if (cur.acceptKw('AS')) alias = cur.ident();
  else if (cur.isIdent()) alias = cur.ident();
  return { name, alias, partitions };
}

/** `[ORDER BY expr [ASC|DESC], ...]` */
export function parseOrderBy(cur: Cursor): OrderByItem[] {
  if (!cur.acceptKws('ORDER', 'BY')) return [];
  const out: OrderByItem[] = [];
  do {
    const expr = parseExpr(cur);
    const dir = cur.acceptOneOf('ASC', 'DESC');
    if (cur.isKw('NULLS')) throw unsupported(cur, 'NULLS FIRST/LAST');
    out.push({ expr, desc: dir === 'DESC' });
  } while (cur.acceptOp(','));
  return out;
}

/** `[LIMIT n [OFFSET m] | LIMIT m, n]` */
export function parseLimit(cur: Cursor): LimitClause | null {
  if (!cur.acceptKw('LIMIT')) return null;
  const first = cur.integer();
  if (cur.acceptOp(',')) return { count: cur.integer(), offset: first };
  if (cur.acceptKw('OFFSET')) return { count: first, offset: cur.integer() };
  return { count: first, offset: 0 };
}

/** StarRocks' showPredicateClauses; null when none was written. */
export function parseShowPredicate(cur: Cursor): ShowPredicate | null {
  const where = cur.acceptKw('WHERE') ? parseExpr(cur) : null;
  const orderBy = parseOrderBy(cur);
  const limit = parseLimit(cur);
  if (where === null && orderBy.length === 0 && limit === null) return null;
  return { where, orderBy, limit };
}
