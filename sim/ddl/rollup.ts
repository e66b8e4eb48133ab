// Rollups and the index job they share with synchronous MVs (MaterializedViewHandler, LakeTableRollupBuilder,
// LakeRollupJob). ALTER TABLE t ADD ROLLUP / DROP ROLLUP. Id order of one rollup: job id, index id, then per
// partition (`OlapTable.getPartitions()`: HashMap order of the logical partition ids) per physical partition the
// tablet ids in bucket order (shard groups come from StarMgr and consume no FE id). The job is asynchronous in
// StarRocks (table state ROLLUP while it runs); the simulator runs it to the end inside the statement: the CNs
// build the new tablets from the base tablets at the visible version and every physical partition publishes one
// new version (VisibleVersion + 1, DataVersion unchanged), as LakeRollupJob.visualiseRollupIndex does.
import type { Column, Database, KeysType, MaterializedIndex, OlapTable, PhysicalPartition, RollupColumn, RollupIndex } from '../catalog/model.js';
import type { FeState } from '../fe/state.js';
import type { AlterTableClause, RollupItem } from '../sql/ast.js';
import { ddlError, ERR } from './errors.js';
import { type DdlHooks, hooksOf } from './hooks.js';
import { javaLongHashMapOrder } from './java.js';
import { checkTableName } from './names.js';
import { newTablets } from './physical.js';
import { schemaHash, shortKeyColumnCount } from './schema.js';
import { indexSize, isComplexType, isFloatType, parseTypeText, typeToString } from './types.js';

const SHORTKEY_MAX_COLUMN_COUNT = 3;
const SHORTKEY_MAXSIZE_BYTES = 36;

/** What a new rollup / sync MV index is made of (before ids are allocated). */
export interface RollupPlan {
  name: string;
  kind: RollupIndex['kind'];
  keysType: KeysType;
  columns: RollupColumn[];
  originStmt: string | null;
}

export const rollupsOf = (table: OlapTable): RollupIndex[] => table.rollups ?? [];

/** OlapTable.hasMaterializedIndex: the base index (named after the table) or a rollup / sync MV of that name. */
export const hasMaterializedIndex = (table: OlapTable, name: string): boolean =>
  name === (table.baseIndex.name || table.name) || rollupsOf(table).some((r) => r.name === name);

export const findRollup = (table: OlapTable, name: string): RollupIndex | undefined => rollupsOf(table).find((r) => r.name === name);

/** Checks every ADD ROLLUP / CREATE MATERIALIZED VIEW runs first (MaterializedViewHandler.process and processCreateMaterializedView). */
export function checkIndexJobTarget(table: OlapTable): void {
  if (table.partitions.some((p) => p.isTemp)) throw ddlError('Can not alter table when there are temp partitions in table');
  if (table.state !== 'NORMAL') {
    throw ddlError(`Table[${table.name}]'s state(${table.state}) is not NORMAL. Do not allow doing ALTER ops`);
  }
}

const copyColumn = (c: Column, isKey: boolean, aggType: Column['aggType']): RollupColumn => ({
  ...c,
  isKey,
  aggType,
  source: { column: c.name, fn: 'value' },
});

/**
 * The duplicate-key supplement of MaterializedViewHandler / CreateMaterializedViewStmt.supplyOrderColumn: the
 * leading columns become keys while they fit the short key (3 columns, 36 bytes; a VARCHAR ends it; a CHAR first
 * column is a key even when too long); the rest are values. Returns the number of key columns.
 */
export function supplementDupKeys(types: string[], canKey: (type: string) => boolean): number {
  let i = 0;
  let bytes = 0;
  for (; i < types.length; i++) {
    const t = parseTypeText(types[i]!);
    bytes += indexSize(t);
    if (i + 1 > SHORTKEY_MAX_COLUMN_COUNT || bytes > SHORTKEY_MAXSIZE_BYTES) {
      if (i === 0 && (t.primitive === 'CHAR' || t.primitive === 'VARCHAR')) i++;
      break;
    }
    if (!canKey(types[i]!)) break;
    if (t.primitive === 'VARCHAR') {
      i++;
      break;
    }
  }
  return i;
}

/** MaterializedViewHandler.checkAndPrepareMaterializedView(AddRollupClause): the rollup's schema. */
export function rollupColumns(table: OlapTable, item: RollupItem): RollupColumn[] {
  if (hasMaterializedIndex(table, item.name)) throw ddlError(`Rollup index[${item.name}] already exists`);
  const base = new Map(table.columns.map((c) => [c.name.toLowerCase(), c]));
  const seen = new Set<string>();
  for (const n of item.columns) {
    if (seen.has(n.toLowerCase())) throw ERR.dupFieldName(n);
    seen.add(n.toLowerCase());
  }
  const keysType = table.keysType;
  if (keysType === 'AGG_KEYS' || keysType === 'UNIQUE_KEYS') {
    const out: RollupColumn[] = [];
    let meetValue = false;
    let keys = 0;
    let meetReplace = false;
    for (const n of item.columns) {
      const c = base.get(n.toLowerCase());
      if (!c) throw ddlError(`Column[${n}] does not exist`);
      if (c.isKey && meetValue) throw ddlError('Invalid column order. value should be after key');
      if (c.isKey) keys++;
      else {
        meetValue = true;
        if (keysType === 'UNIQUE_KEYS' || c.aggType === 'REPLACE' || c.aggType === 'REPLACE_IF_NOT_NULL') meetReplace = true;
      }
      // UNIQUE value columns aggregate as REPLACE.
      out.push(copyColumn(c, c.isKey, c.isKey ? null : (c.aggType ?? (keysType === 'UNIQUE_KEYS' ? 'REPLACE' : null))));
    }
    if (keys === 0) throw ddlError('No key column is found');
    const tableKeys = table.columns.filter((c) => c.isKey).length;
    if ((keysType === 'UNIQUE_KEYS' || meetReplace) && keys !== tableKeys) {
      throw ddlError(
        keysType === 'UNIQUE_KEYS'
          ? 'Rollup should contains all unique keys in basetable'
          : 'Rollup should contains all keys if there is a REPLACE value',
      );
    }
    return out;
  }
  // DUP_KEYS
  if (!item.dupKeys || item.dupKeys.length === 0) {
    const cols = item.columns.map((n) => {
      const c = base.get(n.toLowerCase());
      if (!c) throw ddlError(`Column[${n}] does not exist in base index`);
      return c;
    });
    if (cols.length === 0) throw ddlError('Empty rollup schema');
    const keys = supplementDupKeys(
      cols.map((c) => c.type),
      (t) => {
        const ct = parseTypeText(t);
        return !isFloatType(ct) && !isComplexType(ct);
      },
    );
    if (keys === 0) throw ddlError(`Data type of first column cannot be ${typeToString(parseTypeText(cols[0]!.type))}`);
    return cols.map((c, i) => copyColumn(c, i < keys, null));
  }
  const dupKeys = item.dupKeys;
  if (dupKeys.length > item.columns.length) throw ddlError('Num of duplicate keys should less than or equal to num of rollup columns.');
  const out: RollupColumn[] = [];
  let meetValue = false;
  item.columns.forEach((n, i) => {
    const isKey = i < dupKeys.length;
    if (isKey && n.toLowerCase() !== dupKeys[i]!.toLowerCase()) throw ddlError('Duplicate keys should be the prefix of rollup columns');
    const c = base.get(n.toLowerCase());
    if (!c) throw ddlError(`Column[${n}] does not exist`);
    if (isKey && meetValue) throw ddlError(`Invalid column order. key should before all values: ${n}`);
    if (!isKey) meetValue = true;
    out.push(copyColumn(c, isKey, null));
  });
  return out;
}

/**
 * Allocates the job id, the index id and the tablets of a new index in every physical partition (same bucket
 * count as the base index). Returns the index meta and its per-partition indexes; nothing is attached yet.
 */
export function materializeRollup(
  fe: FeState,
  table: OlapTable,
  plan: RollupPlan,
): { rollup: RollupIndex; indexes: Map<PhysicalPartition, MaterializedIndex> } {
  fe.allocId(); // the alter job id (jobs are not simulated beyond the statement)
  const indexId = fe.allocId();
  const rollup: RollupIndex = {
    indexId,
    name: plan.name,
    // LakeTableRollupBuilder: "mvSchemaVersion will keep same with the src MaterializedIndex"; the hash uses version 0.
    schemaVersion: table.baseIndex.schemaVersion,
    schemaHash: schemaHash(0, plan.columns, table.properties['bloom_filter_columns'] ?? ''),
    shortKeyColumnCount: shortKeyColumnCount(plan.columns, []),
    kind: plan.kind,
    keysType: plan.keysType,
    columns: plan.columns,
    originStmt: plan.originStmt,
    createTime: Date.now(),
  };
  const indexes = new Map<PhysicalPartition, MaterializedIndex>();
  const byId = new Map(table.partitions.map((p) => [p.id, p]));
  for (const pid of javaLongHashMapOrder(table.partitions.map((p) => p.id))) {
    for (const pp of byId.get(pid)!.physicalPartitions) {
      const buckets = pp.indexes[0]?.tablets.length ?? 0;
      indexes.set(pp, { id: indexId, tablets: newTablets(fe, buckets) });
    }
  }
  return { rollup, indexes };
}

/**
 * Runs the index job to the end: the index joins the catalog (state ROLLUP meanwhile), the storage layer builds
 * its tablets and writes one new version of every tablet per physical partition, then that version becomes
 * visible. A failing build cancels the job: the index is removed again and the error is reported.
 */
export function runRollupJob(
  fe: FeState,
  db: Database,
  table: OlapTable,
  built: { rollup: RollupIndex; indexes: Map<PhysicalPartition, MaterializedIndex> },
  hooks: DdlHooks,
): RollupIndex {
  const { rollup, indexes } = built;
  for (const pp of indexes.keys()) {
    // The job waits for earlier transactions (watershed) before publishing; the simulator cannot wait.
    if (pp.committedVersion !== pp.visibleVersion) {
      throw ddlError(`Partition ${pp.id} of table ${table.name} has committed transactions not yet visible; retry the ALTER later`);
    }
  }
  // A load begun before the job has routed its rows to the indexes it saw; it would publish without the new index's
  // tablets (StarRocks waits for it before building: isPreviousTransactionsFinished). Compaction is harmless.
  for (const t of fe.transactions.values()) {
    if ((t.status === 'PREPARE' || t.status === 'PREPARED') && t.sourceType !== 'LAKE_COMPACTION' && t.tableIds.includes(table.id)) {
      throw ddlError(`Table ${table.name} has transaction ${t.id} not yet finished; retry the ALTER later`);
    }
  }
  const watershedTxnId = fe.allocTxnId();
  table.rollups = [...rollupsOf(table), rollup];
  for (const [pp, index] of indexes) pp.indexes.push(index);
  table.state = 'ROLLUP';
  const commitVersions = new Map([...indexes.keys()].map((pp) => [pp.id, pp.nextVersion]));
  try {
    hooks.onBuildRollupIndex(db, table, rollup, commitVersions, watershedTxnId);
  } catch (e) {
    table.rollups = rollupsOf(table).filter((r) => r !== rollup);
    for (const [pp, index] of indexes) pp.indexes = pp.indexes.filter((i) => i !== index);
    table.state = 'NORMAL';
    fe.onChange();
    throw ddlError(`rollup task failed after try three times: ${e instanceof Error ? e.message : String(e)}`);
  }
  const now = Date.now();
  for (const pp of indexes.keys()) {
    // LakeRollupJob: commitVersion = nextVersion; updateNextVersion; visualiseRollupIndex sets the visible version.
    const v = commitVersions.get(pp.id)!;
    pp.nextVersion = v + 1;
    pp.committedVersion = v;
    pp.visibleVersion = v;
    pp.visibleVersionTime = now;
  }
  table.state = 'NORMAL';
  fe.onChange();
  return rollup;
}

/** ALTER TABLE t ADD ROLLUP r1 (...) [, r2 (...)] (MaterializedViewHandler.processBatchAddRollup). */
export function addRollups(
  fe: FeState,
  db: Database,
  table: OlapTable,
  clause: Extract<AlterTableClause, { kind: 'addRollup' }>,
  hooks: DdlHooks = hooksOf(fe),
): RollupIndex[] {
  checkIndexJobTarget(table);
  if (table.keysType === 'PRIMARY_KEYS') throw ddlError(`Do not support add rollup on primary key table[${table.name}]`);
  const jobs: Array<ReturnType<typeof materializeRollup>> = [];
  for (const item of clause.rollups) {
    checkTableName(item.name);
    if (item.name.toLowerCase() === table.name.toLowerCase()) throw ddlError(`Rollup name should be different with base table:${table.name}`);
    const baseName = item.fromRollup ?? table.name;
    if (baseName !== (table.baseIndex.name || table.name) && !findRollup(table, baseName)) {
      throw ddlError(`Base index[${baseName}] does not exist`);
    }
    if (jobs.some((j) => j.rollup.name === item.name)) throw ddlError(`Rollup index[${item.name}] already exists`);
    const columns = rollupColumns(table, item);
    jobs.push(materializeRollup(fe, table, { name: item.name, kind: 'rollup', keysType: table.keysType, columns, originStmt: null }));
  }
  return jobs.map((j) => runRollupJob(fe, db, table, j, hooks));
}

/** MaterializedViewHandler.checkDropMaterializedView. */
export function checkDropIndex(table: OlapTable, name: string): RollupIndex {
  if (table.state !== 'NORMAL') throw ddlError(table.state);
  if (name === table.name) throw ddlError('Cannot drop base index by using DROP ROLLUP or DROP MATERIALIZED VIEW.');
  const r = findRollup(table, name);
  if (!r) throw ddlError(`Materialized view [${name}] does not exist in table [${table.name}]`);
  return r;
}

/** Removes an index from the catalog (MaterializedViewHandler.dropMaterializedView); its shards are deleted. */
export function dropIndexFromTable(fe: FeState, db: Database, table: OlapTable, rollup: RollupIndex, hooks: DdlHooks): void {
  const removed: Array<{ pp: PhysicalPartition; index: MaterializedIndex }> = [];
  for (const p of table.partitions) {
    for (const pp of p.physicalPartitions) {
      const index = pp.indexes.find((i) => i.id === rollup.indexId);
      if (!index) continue;
      pp.indexes = pp.indexes.filter((i) => i !== index);
      removed.push({ pp, index });
    }
  }
  table.rollups = rollupsOf(table).filter((r) => r !== rollup);
  hooks.onDropRollupIndex(db, table, rollup, removed);
  fe.onChange();
}

/** ALTER TABLE t DROP ROLLUP r1 [, r2] (processBatchDropRollup: every name is checked before any is dropped). */
export function dropRollups(
  fe: FeState,
  db: Database,
  table: OlapTable,
  clause: Extract<AlterTableClause, { kind: 'dropRollup' }>,
  hooks: DdlHooks = hooksOf(fe),
): void {
  if (table.partitions.some((p) => p.isTemp)) throw ddlError('Can not alter table when there are temp partitions in table');
  const targets = clause.names.map((n) => checkDropIndex(table, n));
  for (const r of new Set(targets)) dropIndexFromTable(fe, db, table, r, hooks);
}

/** The columns a schema change may not touch while an index reads them (the simulator's own rule). */
export function indexesUsingColumn(table: OlapTable, column: string): RollupIndex[] {
  return rollupsOf(table).filter((r) => r.columns.some((c) => c.source.column.toLowerCase() === column.toLowerCase()));
}
