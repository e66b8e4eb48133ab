// CREATE / DROP MATERIALIZED VIEW. Sync MVs are indexes of their base table (sim/ddl/sync-mv.ts). An async MV is a cloud-native OLAP table with `mv` set (shown as type
// CLOUD_NATIVE_MATERIALIZED_VIEW) with its defining query and refresh scheme. The definition only: no refresh ever runs, so a partitioned MV has
// no partitions and an unpartitioned one a single empty partition. Id order (LocalMetastore.createMaterializedView):
// MV id, base index id, then the single partition's id, physical partition id and tablets.
import type { Column, Database, DistributionInfo, MaterializedViewInfo, OlapTable, PartitionInfo } from '../catalog/model.js';
import type { FeState } from '../fe/state.js';
import type { CreateMaterializedViewStmt, DropMaterializedViewStmt, Expr, SelectItem, SelectStmt } from '../sql/ast.js';
import { parse } from '../sql/parser.js';
import { ERR, semanticError } from './errors.js';
import { exprToSql, referencedColumns } from './expr-text.js';
import { type DdlHooks, hooksOf } from './hooks.js';
import { UNPARTITIONED } from './partitions.js';
import { buildCreatePartitions, checkComputeNodes } from './physical.js';
import { partitionBuckets } from './distribution.js';
import { analyzeTableProperties } from './properties.js';
import { isMaterializedView, resolveDb } from './resolve.js';
import { registerTable, removeTable } from './table.js';
import { schemaHash, shortKeyColumnCount } from './schema.js';
import { volumeForTable } from './storage-volume.js';
import { createSyncMaterializedView, dropSyncMaterializedView, isSyncMaterializedView } from './sync-mv.js';
import { canBeKey, indexSize, isDateType, isDecimalType, isFloatType, isIntegerType, parseTypeText } from './types.js';

/** MV-only property keys (printed as given). */
const MV_KEYS = new Set([
  'partition_refresh_number',
  'partition_ttl_number',
  'auto_refresh_partitions_limit',
  'excluded_trigger_tables',
  'excluded_refresh_tables',
  'force_external_table_query_rewrite',
  'query_rewrite_consistency',
  'mv_rewrite_staleness_second',
  'resource_group',
  'colocate_mv',
  'warehouse',
  'enable_query_rewrite',
  'transparent_mv_rewrite_mode',
  'partition_refresh_strategy',
]);
const isMvKey = (k: string) => MV_KEYS.has(k) || k.startsWith('session.');

interface MvColumn {
  name: string;
  type: string;
  comment?: string;
}

/** Output column type of a select expression (simplified FE type inference). */
function exprType(e: Expr, base: OlapTable | null): string {
  const colType = (name: string) => base?.columns.find((c) => c.name.toLowerCase() === name.toLowerCase())?.type;
  switch (e.kind) {
    case 'column':
      return colType(e.name) ?? 'varchar(65533)';
    case 'number':
      return /[.eE]/.test(e.text) ? 'double' : 'bigint(20)';
    case 'string':
      return 'varchar(65533)';
    case 'paren':
      return exprType(e.expr, base);
    case 'call': {
      const fn = e.name.toLowerCase();
      const arg = e.args[0] ? exprType(e.args[0], base) : 'bigint(20)';
      const t = parseTypeText(arg);
      if (fn === 'count') return 'bigint(20)';
      if (fn === 'sum') return isDecimalType(t) ? `decimal(38, ${t.scale ?? 0})` : isFloatType(t) ? 'double' : 'bigint(20)';
      if (['min', 'max', 'any_value'].includes(fn)) return arg;
      if (fn === 'avg') return 'double';
      if (fn === 'date_trunc' || fn === 'time_slice') return e.args[1] ? exprType(fn === 'date_trunc' ? e.args[1] : e.args[0]!, base) : 'datetime';
      if (fn === 'bitmap_union' || fn === 'to_bitmap') return 'bitmap';
      if (fn === 'hll_union' || fn === 'hll_hash') return 'hll';
      return 'varchar(65533)';
    }
    default:
      return 'varchar(65533)';
  }
}

/** Names of the select list when the parser left the query unparsed (split at top-level commas). */
function namesFromText(query: string): string[] {
  const m = /^\s*select\s+([\s\S]*?)\s+from\s/i.exec(query);
  if (!m) throw semanticError('Materialized view query must be a SELECT statement');
  const items: string[] = [];
  let depth = 0;
  let cur = '';
  for (const ch of m[1]!) {
    if (ch === '(') depth++;
    if (ch === ')') depth--;
    if (ch === ',' && depth === 0) {
      items.push(cur.trim());
      cur = '';
    } else cur += ch;
  }
  if (cur.trim() !== '') items.push(cur.trim());
  return items.map((it) => {
    const alias = /\s+as\s+`?([A-Za-z_][A-Za-z0-9_]*)`?$/i.exec(it) ?? /\)\s+`?([A-Za-z_][A-Za-z0-9_]*)`?$/.exec(it);
    if (alias) return alias[1]!;
    const ident = /^(?:`?[A-Za-z_][A-Za-z0-9_]*`?\.)*`?([A-Za-z_][A-Za-z0-9_]*)`?$/.exec(it);
    return ident ? ident[1]! : it;
  });
}

/** `SELECT <items> FROM <first table>` of a query the parser left unparsed (joins, GROUP BY...), if parsable. */
function simplifiedSelect(query: string): SelectStmt | null {
  const m = /^\s*select\s+([\s\S]*?)\s+from\s+((?:`[^`]+`|[A-Za-z0-9_.])+)/i.exec(query);
  if (!m) return null;
  try {
    const s = parse(`SELECT ${m[1]} FROM ${m[2]}`);
    return s.kind === 'select' ? s : null;
  } catch {
    return null;
  }
}

function mvColumns(fe: FeState, db: Database, stmt: CreateMaterializedViewStmt): MvColumn[] {
  const sel = stmt.query.select ?? simplifiedSelect(stmt.query.text);
  if (!sel) return namesFromText(stmt.query.text).map((name) => ({ name, type: 'varchar(65533)' }));
  let base: OlapTable | null = null;
  if (sel.from) {
    const t = fe.getTable(sel.from.name.db ?? db.name, sel.from.name.name);
    if (t.kind === 'olap') base = t;
  }
  const out: MvColumn[] = [];
  const itemName = (it: Extract<SelectItem, { kind: 'expr' }>) => it.alias ?? (it.expr.kind === 'column' ? it.expr.name : it.text);
  for (const it of sel.items) {
    if (it.kind === 'star') {
      if (!base) throw semanticError('Materialized view query must select from a table');
      for (const c of base.columns) out.push({ name: c.name, type: c.type });
    } else {
      out.push({ name: itemName(it), type: exprType(it.expr, base) });
    }
  }
  // MaterializedViewAnalyzer.genMaterializedViewColumns: a column list renames the output columns, with comments.
  if (stmt.columns) {
    if (stmt.columns.length !== out.length) throw semanticError("View's SELECT and view's field list have different column counts", 1353, 'HY000');
    stmt.columns.forEach((c, i) => {
      out[i] = { ...out[i]!, name: c.name, comment: c.comment ?? '' };
    });
  }
  const seen = new Set<string>();
  for (const c of out) {
    if (seen.has(c.name.toLowerCase())) throw ERR.dupFieldName(c.name);
    seen.add(c.name.toLowerCase());
  }
  return out;
}

/** DUPLICATE KEY inference over the MV's columns (the same short-key rule as tables without a key clause). */
function inferMvKeys(cols: MvColumn[]): number {
  let n = 0;
  let bytes = 0;
  for (const c of cols) {
    const t = parseTypeText(c.type);
    bytes += indexSize(t);
    if (n >= 3 || bytes > 36 || !canBeKey(t)) break;
    n++;
    if (t.primitive === 'VARCHAR') break;
  }
  return Math.max(n, 1);
}

function mvPartitionInfo(stmt: CreateMaterializedViewStmt, columns: Column[]): PartitionInfo {
  if (!stmt.partitionBy) return UNPARTITIONED;
  const exprs = stmt.partitionBy.exprs;
  const names: string[] = [];
  for (const e of exprs) for (const c of referencedColumns(e.expr)) names.push(c);
  const resolved = names.map((n) => {
    const c = columns.find((x) => x.name.toLowerCase() === n.toLowerCase());
    if (!c) throw semanticError(`Materialized view partition exp column:${n} is not found in query statement`);
    return c;
  });
  const first = exprs[0]!.expr;
  const rangeLike =
    exprs.length === 1 && (first.kind === 'call' || resolved.every((c) => isDateType(parseTypeText(c.type)) || isIntegerType(parseTypeText(c.type))));
  return {
    type: rangeLike ? 'EXPR_RANGE' : 'LIST',
    columns: resolved.map((c) => c.name),
    exprText: first.kind === 'call' ? exprToSql(first) : exprs.length === 1 ? `\`${resolved[0]!.name}\`` : null,
    automatic: false,
  };
}

/**
 * CREATE MATERIALIZED VIEW. Without REFRESH, DISTRIBUTED BY and PARTITION BY it is a synchronous MV: an index of the
 * FROM table (sim/ddl/sync-mv.ts), and nothing is returned. Otherwise an async MV: returns the MV, or null for IF NOT
 * EXISTS on an existing name.
 */
export function createMaterializedView(
  fe: FeState,
  currentDb: string | null,
  stmt: CreateMaterializedViewStmt,
  hooks: DdlHooks = hooksOf(fe),
): OlapTable | null {
  if (isSyncMaterializedView(stmt)) {
    createSyncMaterializedView(fe, currentDb, stmt, hooks);
    return null;
  }
  return createAsyncMaterializedView(fe, currentDb, stmt, hooks);
}

/** CREATE MATERIALIZED VIEW (async). Returns the MV, or null for IF NOT EXISTS on an existing name. */
function createAsyncMaterializedView(
  fe: FeState,
  currentDb: string | null,
  stmt: CreateMaterializedViewStmt,
  hooks: DdlHooks = hooksOf(fe),
): OlapTable | null {
  const db = resolveDb(fe, stmt.name, currentDb);
  const name = stmt.name.name;
  if (db.tables.has(name)) {
    if (stmt.ifNotExists) return null;
    throw ERR.tableExists(name);
  }
  const mvCols = mvColumns(fe, db, stmt);
  const nKeys = inferMvKeys(mvCols);
  const columns: Column[] = mvCols.map((c, i) => ({
    name: c.name,
    type: c.type,
    isKey: i < nKeys,
    aggType: null,
    nullable: true,
    defaultValue: null,
    autoIncrement: false,
    comment: c.comment ?? '',
  }));
  const partitionInfo = mvPartitionInfo(stmt, columns);
  let distribution: DistributionInfo = { type: 'RANDOM', columns: [], buckets: 0 };
  if (stmt.distribution) {
    distribution = { type: stmt.distribution.type, columns: [], buckets: stmt.distribution.buckets ?? 0 };
    distribution.columns = stmt.distribution.columns.map((n) => {
      const c = columns.find((x) => x.name.toLowerCase() === n.toLowerCase());
      if (!c) throw semanticError(`Distribution column(${n}) doesn't exist.`);
      return c.name;
    });
  }
  const sortKeys = (stmt.orderBy ?? []).map((n) => {
    const c = columns.find((x) => x.name.toLowerCase() === n.toLowerCase());
    if (!c) throw semanticError(`Sort key column(${n}) doesn't exist.`);
    return c.name;
  });
  const mvProps: Record<string, string> = {};
  const tableProps: Record<string, string> = {};
  for (const [k, v] of Object.entries(stmt.properties)) (isMvKey(k) ? mvProps : tableProps)[k] = v;
  const cloudNative = fe.options.runMode === 'shared_data';
  const refresh = stmt.refresh;
  const info: MaterializedViewInfo = {
    query: stmt.query.text.trim().replace(/;+\s*$/, ''),
    refreshType: refresh?.type ?? (refresh ? 'ASYNC' : 'MANUAL'),
    refreshClause: refresh?.text ?? '',
    isActive: true,
    creator: "'root'@'%'",
  };

  const mvId = fe.allocId();
  const storageVolumeId = cloudNative ? volumeForTable(fe, db, tableProps['storage_volume'] ?? '') : '';
  const indexId = fe.allocId();
  const { properties: analyzed } = analyzeTableProperties(fe, tableProps, {
    keysType: 'DUP_KEYS',
    columns,
    cloudNative,
    distributionType: distribution.type,
    autoBuckets: distribution.buckets === 0,
    rangePartitioned: false,
  });
  // An MV's property map holds what was given plus the lake keys MaterializedView always prints.
  const keep = new Set(['replication_num', 'datacache.enable', 'enable_async_write_back', ...Object.keys(tableProps)]);
  const properties = Object.fromEntries(Object.entries(analyzed).filter(([k]) => keep.has(k)));
  const mv: OlapTable = {
    kind: 'olap',
    id: mvId,
    name,
    // The model keeps the storage type; SHOW derives CLOUD_NATIVE_MATERIALIZED_VIEW from `mv` (sim/show/lookup.ts).
    type: cloudNative ? 'CLOUD_NATIVE' : 'OLAP',
    state: 'NORMAL',
    keysType: 'DUP_KEYS',
    columns,
    keyColumns: columns.filter((c) => c.isKey).map((c) => c.name),
    partitionInfo,
    distribution,
    sortKeys,
    properties: { ...properties, ...mvProps },
    storageVolumeId,
    bitmapIndexes: [],
    comment: stmt.comment ?? '',
    baseIndex: {
      indexId,
      name,
      schemaVersion: 0,
      schemaHash: schemaHash(0, columns),
      shortKeyColumnCount: shortKeyColumnCount(columns, sortKeys),
    },
    partitions: [],
    hasDelete: false,
    createTime: Date.now(),
    mv: info,
  };
  if (partitionInfo.type === 'UNPARTITIONED') {
    const partitionId = fe.allocId();
    checkComputeNodes(fe);
    const buckets = partitionBuckets(fe, distribution);
    mv.partitions = buildCreatePartitions(fe, mv, [{ id: partitionId, name, bound: { kind: 'none' }, buckets, isTemp: false }], mv.createTime);
  }
  registerTable(fe, db, mv, hooks);
  return mv;
}

/** DROP MATERIALIZED VIEW [IF EXISTS] [db.]mv. */
export function dropMaterializedView(fe: FeState, currentDb: string | null, stmt: DropMaterializedViewStmt, hooks: DdlHooks = hooksOf(fe)): void {
  const db = resolveDb(fe, stmt.name, currentDb);
  const t = db.tables.get(stmt.name.name);
  if (!t) {
    if (dropSyncMaterializedView(fe, db, stmt, hooks)) return;
    if (stmt.ifExists) return;
    throw semanticError(`Materialized view ${stmt.name.name} is not found`);
  }
  if (!isMaterializedView(t) || t.kind !== 'olap') throw ERR.wrongObject(db.name, stmt.name.name, 'MATERIALIZED VIEW');
  removeTable(fe, db, t, false, hooks);
}
