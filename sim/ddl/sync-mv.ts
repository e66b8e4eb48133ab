// Synchronous materialized views: CREATE MATERIALIZED VIEW mv AS SELECT ... FROM t [GROUP BY ...] without
// REFRESH / DISTRIBUTED BY / PARTITION BY is an index of t (CreateMaterializedViewStmt.analyze,
// MaterializedViewHandler.processCreateMaterializedView) built by the same job as a rollup (sim/ddl/rollup.ts).
// Column names: a plain column keeps its name; `fn(col)` becomes `mv_<fn>_<col>` (MVUtils.getMVAggColumnName);
// SUM of TINYINT/SMALLINT/INT is BIGINT, of FLOAT is DOUBLE; COUNT(col) is a BIGINT SUM column of
// `CASE WHEN col IS NULL THEN 0 ELSE 1 END`. The statement text is kept as the index's OriginStatement.
import type { Column, Database, KeysType, OlapTable, RollupColumn, RollupIndex } from '../catalog/model.js';
import type { FeState } from '../fe/state.js';
import type { CreateMaterializedViewStmt, DropMaterializedViewStmt, Expr, SelectItem, SyncMvQuery } from '../sql/ast.js';
import { parseSyncMvQuery } from '../sql/parse-view.js';
import { exprToSql as renderExpr } from '../sql/render.js';
import { ddlError, ERR, semanticError } from './errors.js';
import { type DdlHooks, hooksOf } from './hooks.js';
import { javaStringHashMapOrder } from './java.js';
import { checkTableName } from './names.js';
import { resolveDb } from './resolve.js';
import {
  checkDropIndex,
  checkIndexJobTarget,
  dropIndexFromTable,
  hasMaterializedIndex,
  materializeRollup,
  rollupsOf,
  runRollupJob,
  supplementDupKeys,
} from './rollup.js';
import { canBeKey, parseTypeText, typeToString } from './types.js';

/** CreateMaterializedViewStmt.FN_NAME_TO_PATTERN keys. */
const MV_FUNCTIONS = ['sum', 'min', 'max', 'bitmap_union', 'hll_union', 'percentile_union', 'count', 'bitmap_agg'];
const SIMULATED_FUNCTIONS = new Set(['sum', 'min', 'max', 'count']);
const AGGREGATE_FUNCTIONS = new Set([
  ...MV_FUNCTIONS,
  'avg',
  'any_value',
  'approx_count_distinct',
  'ndv',
  'group_concat',
  'array_agg',
  'stddev',
  'variance',
  'percentile_approx',
  'max_by',
  'min_by',
  'bool_or',
  'bool_and',
]);

const unsupported = (what: string) => semanticError(`${what} is not supported by the simulator`);
/** UnsupportedMVException is a SemanticException. */
const mvError = (msg: string) => semanticError(msg);
const sqlOf = (e: Expr) => renderExpr(e, { quoteColumns: true });

/** The sync-MV path of CREATE MATERIALIZED VIEW: no REFRESH, DISTRIBUTED BY or PARTITION BY clause. */
export const isSyncMaterializedView = (stmt: CreateMaterializedViewStmt) => !stmt.refresh && !stmt.distribution && !stmt.partitionBy;

interface MvItem {
  name: string;
  type: string;
  nullable: boolean;
  isKey: boolean;
  aggType: Column['aggType'];
  source: RollupColumn['source'];
  base: Column;
  isAgg: boolean;
}

function baseTableOf(fe: FeState, db: Database, q: SyncMvQuery): OlapTable {
  if (q.from.length !== 1) throw mvError('The materialized view only support one table in from clause.');
  const ref = q.from[0]!;
  const tdb = ref.name.db ?? db.name;
  const t = fe.getTable(tdb, ref.name.name);
  if (tdb !== db.name) {
    throw mvError(`Creating materialized view does not support: MV's db ${db.name} is different from table's db ${tdb}`);
  }
  if (t.kind === 'view') throw semanticError(`Do not support alter non-OLAP table[${t.name}]`);
  if (t.mv) throw mvError('The materialized view only support olap table.');
  return t;
}

function column(table: OlapTable, e: Expr): Column {
  if (e.kind !== 'column') throw unsupported('Expressions in a synchronous materialized view');
  const c = table.columns.find((x) => x.name.toLowerCase() === e.name.toLowerCase());
  if (!c) throw semanticError(`Column '${e.name}' cannot be resolved`);
  return c;
}

/** CreateMaterializedViewStmt.genColumnAndSetIntoStmt → the MV columns and the index of the first aggregate. */
function genColumns(table: OlapTable, items: SelectItem[]): { items: MvItem[]; beginAgg: number } {
  const out: MvItem[] = [];
  const names = new Set<string>();
  let beginAgg = -1;
  const plain: string[] = [];
  items.forEach((it, i) => {
    if (it.kind === 'star') throw mvError('The materialized view currently does not support * in select statement');
    const e = it.expr;
    const isAggCall = e.kind === 'call' && AGGREGATE_FUNCTIONS.has(e.name.toLowerCase());
    let item: MvItem;
    if (isAggCall && e.kind === 'call') {
      const fn = e.name.toLowerCase();
      if (!MV_FUNCTIONS.includes(fn)) {
        throw mvError(
          `Materialized view does not support function:${it.text}, supported functions are: [${javaStringHashMapOrder(MV_FUNCTIONS).join(', ')}]`,
        );
      }
      if (e.distinct) throw mvError(`Materialized view does not support distinct function ${it.text}`);
      if (!SIMULATED_FUNCTIONS.has(fn)) throw unsupported(`${fn} in a synchronous materialized view`);
      if (e.star || e.args.length !== 1) throw mvError(`The function ${fn} must match pattern:${fn}(column)`);
      const base = column(table, e.args[0]!);
      const t = parseTypeText(base.type);
      let type = base.type;
      if (fn === 'sum') {
        if (['TINYINT', 'SMALLINT', 'INT'].includes(t.primitive)) type = 'bigint(20)';
        else if (t.primitive === 'FLOAT') type = 'double';
      }
      if (fn === 'count') type = 'bigint(20)';
      if (
        fn === 'sum' &&
        !['TINYINT', 'SMALLINT', 'INT', 'BIGINT', 'LARGEINT', 'FLOAT', 'DOUBLE'].includes(t.primitive) &&
        !t.primitive.startsWith('DECIMAL')
      ) {
        throw semanticError(`Invalid aggregate function 'SUM' for '${typeToString(t)}'`);
      }
      if (beginAgg === -1) beginAgg = i;
      item = {
        name: `mv_${fn}_${base.name}`,
        type,
        nullable: fn !== 'count',
        isKey: false,
        aggType: fn === 'count' ? 'SUM' : (fn.toUpperCase() as 'SUM' | 'MIN' | 'MAX'),
        source: { column: base.name, fn: fn === 'count' ? 'count' : 'value' },
        base,
        isAgg: true,
      };
    } else {
      if (beginAgg !== -1) throw mvError(`Any single column should be before agg column. Column ${it.text} at wrong location`);
      if (e.kind !== 'column') {
        if (e.kind === 'number' || e.kind === 'string' || e.kind === 'null' || e.kind === 'bool') {
          throw mvError('The materialized view currently does not support const expr in select statement: {}');
        }
        throw unsupported('Expressions in a synchronous materialized view');
      }
      const base = column(table, e);
      item = {
        name: base.name,
        type: base.type,
        nullable: base.nullable,
        isKey: false,
        aggType: null,
        source: { column: base.name, fn: 'value' },
        base,
        isAgg: false,
      };
      plain.push(sqlOf(e));
    }
    if (names.has(item.name)) throw ERR.dupFieldName(item.name);
    names.add(item.name);
    // An index column of the same name must have the same define expression.
    for (const r of rollupsOf(table)) {
      const other = r.columns.find((c) => c.name === item.name);
      if (other && item.isAgg && (other.source.column !== item.source.column || other.source.fn !== item.source.fn)) {
        throw mvError(
          `The mv column ${item.name} has already existed in the table's full schema, old expr: ${other.source.column}, new expr: ${item.source.column}`,
        );
      }
    }
    out.push(item);
  });
  if (beginAgg === 0) {
    throw mvError(
      `Only [${plain.join(', ')}] found in the select list. Please add group by clause and at least one group by column in the select list`,
    );
  }
  return { items: out, beginAgg };
}

/** analyzeOrderByClause / supplyOrderColumn: which columns are keys. */
function assignKeys(q: SyncMvQuery, items: MvItem[], beginAgg: number, keysType: KeysType): void {
  if (q.orderBy.length > 0 && q.groupBy.length === q.orderBy.length) {
    if (q.orderBy.length > items.length)
      throw mvError('The number of columns in order clause must be less then the number of columns in select clause');
    if (beginAgg !== -1 && q.orderBy.length !== beginAgg) throw mvError('The order-by columns must be identical to the group-by columns');
    q.orderBy.forEach((o, i) => {
      if (o.expr.kind !== 'column')
        throw mvError(`The column in order clause must be original column without calculation. Error column: ${sqlOf(o.expr)}`);
      if (items[i]!.name.toLowerCase() !== o.expr.name.toLowerCase()) {
        throw mvError('The order of columns in order by clause must be same as the order of columns in select list');
      }
      items[i]!.isKey = true;
    });
    return;
  }
  if (keysType === 'AGG_KEYS') {
    for (const it of items) {
      if (it.isAgg) break;
      it.isKey = true;
    }
    return;
  }
  if (items.length === 0) throw semanticError('Empty schema');
  const keys = supplementDupKeys(
    items.map((i) => i.type),
    (t) => canBeKey(parseTypeText(t)),
  );
  if (keys === 0) throw semanticError(`Data type of first column cannot be ${typeToString(parseTypeText(items[0]!.type))}`);
  items.forEach((it, i) => (it.isKey = i < keys));
}

/** MaterializedViewHandler.checkAndPrepareMaterializedView(CreateMaterializedViewStmt). */
function checkAgainstBase(db: Database, table: OlapTable, name: string, items: MvItem[], keysType: KeysType): void {
  if (hasMaterializedIndex(table, name)) throw ddlError(`Materialized view[${name}] already exists`);
  for (const t of db.tables.values()) {
    if (t.kind !== 'olap' || t.mv) continue;
    if (t.name === name) throw ddlError(`Table [${name}] already exists, `);
    if (rollupsOf(t).some((r) => r.name === name)) throw ddlError(`Materialized view[${name}] already exists`);
  }
  if (table.keysType === 'AGG_KEYS' || table.keysType === 'UNIQUE_KEYS') {
    if (keysType !== 'AGG_KEYS') throw ddlError('The materialized view of aggregation or unique table must has grouping columns');
    const tableKeys = table.columns.filter((c) => c.isKey).length;
    let keys = 0;
    for (const it of items) {
      if (it.isKey) keys++;
      const baseAgg = it.base.isKey ? null : (it.base.aggType ?? (table.keysType === 'UNIQUE_KEYS' ? 'REPLACE' : null));
      if (it.base.isKey && !it.isKey) throw ddlError(`The column[${it.name}] must be the key of materialized view`);
      if (baseAgg !== it.aggType) {
        throw ddlError(`The aggregation type of column[${it.name}] must be same as the aggregate type of base column in aggregate table`);
      }
      if ((baseAgg === 'REPLACE' || baseAgg === 'REPLACE_IF_NOT_NULL') && tableKeys !== keys) {
        throw ddlError('The materialized view should contain all keys of base table if there is a REPLACE value');
      }
    }
    return;
  }
  const partitionColumns = new Set(table.partitionInfo.columns.map((c) => c.toLowerCase()));
  for (const it of items) {
    if (partitionColumns.has(it.source.column.toLowerCase()) && it.aggType !== null) {
      throw ddlError(`The partition columns ${it.source.column} must be key column in mv`);
    }
  }
}

/**
 * CREATE MATERIALIZED VIEW [IF NOT EXISTS] [db.]mv AS SELECT ... (sync): a new index of the FROM table.
 * Returns the index, or null for IF NOT EXISTS on an existing name.
 */
export function createSyncMaterializedView(
  fe: FeState,
  currentDb: string | null,
  stmt: CreateMaterializedViewStmt,
  hooks: DdlHooks = hooksOf(fe),
): RollupIndex | null {
  const db = resolveDb(fe, stmt.name, currentDb);
  const name = stmt.name.name;
  checkTableName(name);
  if (stmt.orderBy) throw unsupported('ORDER BY before AS in a synchronous materialized view');
  let q: SyncMvQuery;
  try {
    q = parseSyncMvQuery(stmt.query.text);
  } catch {
    throw mvError('Materialized view query statement only support select');
  }
  const table = baseTableOf(fe, db, q);
  if (table.keysType === 'PRIMARY_KEYS') throw unsupported('A synchronous materialized view on a PRIMARY KEY table');
  const { items, beginAgg } = genColumns(table, q.items);
  const hasAggregation = beginAgg !== -1 || q.groupBy.length > 0;
  const keysType: KeysType = q.distinct || hasAggregation ? 'AGG_KEYS' : 'DUP_KEYS';
  if (hasAggregation) {
    const grouped = new Set(q.groupBy.map((g) => (g.kind === 'column' ? g.name.toLowerCase() : sqlOf(g))));
    for (const [i, it] of q.items.entries()) {
      if (it.kind === 'expr' && !items[i]!.isAgg && !grouped.has(items[i]!.source.column.toLowerCase())) {
        throw semanticError(`'${it.text}' must be an aggregate expression or appear in GROUP BY clause`);
      }
    }
  }
  if (q.where) throw unsupported('WHERE in a synchronous materialized view');
  if (q.having) throw mvError(`The having clause is not supported in add materialized view clause, expr:${sqlOf(q.having)}`);
  assignKeys(q, items, beginAgg, keysType);
  if (q.limit) throw mvError(`The limit clause is not supported in add materialized view clause, expr: limit ${q.limit.count}`);
  for (const it of items) {
    if (it.isKey && !canBeKey(parseTypeText(it.type))) {
      throw mvError(`Invalid data type of materialized key column '${it.name}': '${typeToString(parseTypeText(it.type))}'`);
    }
    if (it.source.fn === 'count' && (table.keysType === 'AGG_KEYS' || table.keysType === 'UNIQUE_KEYS')) {
      throw mvError('Aggregate type table do not support count function in materialized view');
    }
  }
  if (
    stmt.ifNotExists &&
    (hasMaterializedIndex(table, name) || [...db.tables.values()].some((t) => t.kind === 'olap' && rollupsOf(t).some((r) => r.name === name)))
  ) {
    return null;
  }
  checkIndexJobTarget(table);
  checkAgainstBase(db, table, name, items, keysType);
  const columns: RollupColumn[] = items.map((it) => {
    const plainBase = it.source.fn === 'value' && it.name === it.base.name;
    return {
      name: it.name,
      type: it.type,
      isKey: it.isKey,
      aggType: it.isKey ? null : it.aggType,
      nullable: it.nullable,
      defaultValue: plainBase ? it.base.defaultValue : null,
      autoIncrement: false,
      comment: plainBase ? it.base.comment : '',
      source: it.source,
    };
  });
  const built = materializeRollup(fe, table, { name, kind: 'mv', keysType, columns, originStmt: stmt.text ?? null });
  return runRollupJob(fe, db, table, built, hooks);
}

/** The table holding a sync MV (an index, not the base index) named `name` in `db` (AlterJobMgr.processDropMaterializedView). */
export function findSyncMvTable(db: Database, name: string): OlapTable | undefined {
  for (const t of db.tables.values()) {
    if (t.kind === 'olap' && (t.name === name || rollupsOf(t).some((r) => r.name === name))) return t;
  }
  return undefined;
}

/** DROP MATERIALIZED VIEW of a sync MV (or a rollup: both are indexes). Returns false when nothing was found. */
export function dropSyncMaterializedView(fe: FeState, db: Database, stmt: DropMaterializedViewStmt, hooks: DdlHooks = hooksOf(fe)): boolean {
  const table = findSyncMvTable(db, stmt.name.name);
  if (!table) return false;
  if (table.state !== 'NORMAL') throw ddlError(`Table[${table.name}]'s state is not NORMAL. Do not allow doing DROP ops`);
  const r = checkDropIndex(table, stmt.name.name);
  dropIndexFromTable(fe, db, table, r, hooks);
  return true;
}
