// The cutover check, pure: two catalog snapshots + the migration's config (+ optional row counts) → a verdict per
// selected object. It judges with the planner's own rules so that `srsync verify` and `srsync run` never disagree
// on what "in sync" means: the scope (makeScope), the schema check (schemaDifferences), the partition pairing and
// consistency (matchPartitions / partitionInconsistency) and lag (laggingPartitions: source VisibleVersion > target
// DataVersion, reference §4.3: after replication target DataVersion = src_version).
import type { ClusterSnapshot, DatabaseInfo } from '../model/snapshot.js';
import type { PlannerConfig } from '../planner/config.js';
import { sortedNames } from '../planner/context.js';
import { sameDefinition } from '../planner/defined-object.js';
import type { DefinedObject } from '../planner/defined-object.js';
import { matchPartitions } from '../planner/partition.js';
import { laggingPartitions } from '../planner/replication.js';
import { makeNameMapping, type NameMappingConfig } from '../planner/name-mapping.js';
import { makeScope } from '../planner/scope.js';
import { targetNamed } from '../planner/target-names.js';
import { schemaDifferences } from '../planner/table.js';
import { syncIndexDifferences } from '../planner/sync-index.js';

/** Worst problem first: a table has one status, the first of these that applies. */
export type TableStatus = 'missing' | 'schema_differs' | 'partitions_differ' | 'lagging' | 'rows_differ' | 'rows_unavailable' | 'in_sync';

export interface LaggingPartition {
  name: string;
  sourcePhysicalId: string;
  targetPhysicalId: string;
  /** Source VisibleVersion. */
  sourceVersion: number;
  /** Target DataVersion. */
  targetDataVersion: number;
}

export interface InconsistentPartition {
  name: string;
  cause: string;
  detail: string;
}

/** COUNT(*) on both sides; null with `error` when a side could not be counted. */
export interface RowCount {
  source: number | null;
  target: number | null;
  error?: string;
}

export interface TableVerdict {
  db: string;
  table: string;
  status: TableStatus;
  /** Non-empty when status is schema_differs (the planner's schemaDifferences and syncIndexDifferences: rollups / sync MVs). */
  schemaDifferences: string[];
  /** Partitions on the source only. */
  missingPartitions: string[];
  /** Partitions on the target only. */
  extraPartitions: string[];
  inconsistentPartitions: InconsistentPartition[];
  laggingPartitions: LaggingPartition[];
  /** Present when row counts were taken for this table. */
  rows?: RowCount;
  /** Rename mapping: the target table's names when they differ from `db` / `table` (the source's). */
  targetDb?: string;
  targetTable?: string;
}

export type DefinedObjectKind = 'view' | 'materialized_view';

/**
 * Per defined-object kind: where a database keeps them and whether their sync is on (a kind missing here does not
 * compile). Checked in this order.
 */
const DEFINED_OBJECTS: {
  readonly [K in DefinedObjectKind]: { members(d: DatabaseInfo): ReadonlyMap<string, DefinedObject>; enabled(cfg: VerifyConfig): boolean };
} = {
  view: { members: (d) => d.views, enabled: (cfg) => cfg.enableViewSync },
  materialized_view: { members: (d) => d.materializedViews, enabled: (cfg) => cfg.enableMaterializedViewSync },
};
const DEFINED_OBJECT_KINDS = Object.keys(DEFINED_OBJECTS) as DefinedObjectKind[];
export type DefinedObjectStatus = 'missing' | 'differs' | 'present';

export interface DefinedObjectVerdict {
  kind: DefinedObjectKind;
  db: string;
  name: string;
  status: DefinedObjectStatus;
  /** Rename mapping: the target object's names when they differ from `db` / `name` (the source's). */
  targetDb?: string;
  targetName?: string;
}

/**
 * Every figure counts the tables with that problem, whatever their (worst-problem) status: a table whose partitions
 * differ and that also lags counts in both `partitionsDiffer` and `lagging`, a lagging table whose row counts differ
 * in `rowsDiffer` too. `inSync` + the tables with any problem = `tablesChecked`; the figures may add up to more.
 */
export interface VerifySummary {
  tablesChecked: number;
  inSync: number;
  missing: number;
  /** Tables whose schema (or rollups / sync MVs) differs; their partitions and rows are not compared. */
  schemaDiffers: number;
  /** Tables with partitions missing, only on the target, or inconsistent. */
  partitionsDiffer: number;
  /** Tables with at least one partition behind the source. */
  lagging: number;
  /** Tables counted on both sides (--rows) with different counts. */
  rowsDiffer: number;
  /** Tables whose COUNT(*) failed on a side (--rows). */
  rowsUnavailable: number;
  /** Databases with in-scope source objects that do not exist on the target. */
  databasesMissing: number;
  /** null when enable_view_sync is off (views are not part of the migration). */
  views: { checked: number; missing: number; differ: number } | null;
  /** null when enable_materialized_view_sync is off. */
  materializedViews: { checked: number; missing: number; differ: number } | null;
}

export interface VerifyReport {
  /** True when every selected object is in sync: the exit code is 0. */
  ok: boolean;
  summary: VerifySummary;
  /** Every selected source table, in (db, table) name order. */
  tables: TableVerdict[];
  /** Views / MVs when their sync is enabled, in (db, name) order. */
  definedObjects: DefinedObjectVerdict[];
  /** In-scope databases missing on the target. */
  databasesMissing: string[];
  /** In-scope tables only on the target: informational (the migration keeps them unless told to drop them). */
  targetOnlyTables: Array<{ db: string; table: string }>;
  /** Whether row counts were part of the check (--rows). */
  rowsCounted: boolean;
}

/** Key of a table in a RowCounts map. */
export function tableId(db: string, table: string): string {
  return `${db}\u0000${table}`;
}

export type RowCounts = ReadonlyMap<string, RowCount>;

export type VerifyConfig = Pick<PlannerConfig, 'includeDataList' | 'excludeDataList' | 'enableViewSync' | 'enableMaterializedViewSync'> &
  Partial<NameMappingConfig>;

/** Which target databases a verify reads: those whose source (rename mapping) is selected. */
export function targetDatabaseFilter(cfg: VerifyConfig): (db: string) => boolean {
  const names = makeNameMapping({ targetDatabaseMapping: cfg.targetDatabaseMapping ?? [], targetTableMapping: cfg.targetTableMapping ?? [] });
  const scope = makeScope(cfg);
  return (db) => scope.database(names.sourceOf(db).db);
}

/** A source table (its names) and, when renamed, its target names. */
export interface TablePair {
  db: string;
  table: string;
  targetDb?: string;
  targetTable?: string;
}

/** Rename mapping: a verdict made in target names, under the source's names with the target's beside them. */
function inSourceNames<V extends { db: string }>(v: V, name: string, back: ReturnType<typeof targetNamed>['sourceOf'], field: 'table' | 'name'): V {
  const s = back(v.db, name);
  if (s.db === v.db && s.table === name) return v;
  return field === 'table'
    ? { ...v, db: s.db, table: s.table, targetDb: v.db, targetTable: name }
    : { ...v, db: s.db, name: s.table, targetDb: v.db, targetName: name };
}

function rowsUnavailable(r: RowCount | undefined): boolean {
  return r !== undefined && (r.source === null || r.target === null);
}

function rowsDiffer(r: RowCount | undefined): boolean {
  return r !== undefined && r.source !== null && r.target !== null && r.source !== r.target;
}

function verdictOf(db: string, name: string, srcDb: DatabaseInfo, tgtDb: DatabaseInfo | undefined, rows: RowCounts | undefined): TableVerdict {
  const s = srcDb.tables.get(name)!;
  const t = tgtDb?.tables.get(name);
  const v: TableVerdict = {
    db,
    table: name,
    status: 'in_sync',
    schemaDifferences: [],
    missingPartitions: [],
    extraPartitions: [],
    inconsistentPartitions: [],
    laggingPartitions: [],
  };
  if (!t) return { ...v, status: 'missing' };
  const r = rows?.get(tableId(db, name));
  if (r) v.rows = r;
  v.schemaDifferences = [...schemaDifferences(s, t), ...syncIndexDifferences(s, t)];
  if (v.schemaDifferences.length > 0) return { ...v, status: 'schema_differs' };
  const m = matchPartitions(s, t);
  v.missingPartitions = m.sourceOnly;
  v.extraPartitions = m.targetOnly;
  v.inconsistentPartitions = m.inconsistent.map(({ name: p, cause, detail }) => ({ name: p, cause, detail }));
  v.laggingPartitions = laggingPartitions(m.pairs).map((p) => ({
    name: p.name,
    sourcePhysicalId: p.srcPhysicalId,
    targetPhysicalId: p.tgtPhysicalId,
    sourceVersion: p.srcVersion,
    targetDataVersion: p.tgtDataVersion,
  }));
  if (v.missingPartitions.length + v.extraPartitions.length + v.inconsistentPartitions.length > 0) v.status = 'partitions_differ';
  else if (v.laggingPartitions.length > 0) v.status = 'lagging';
  else if (rowsDiffer(r)) v.status = 'rows_differ';
  else if (rowsUnavailable(r)) v.status = 'rows_unavailable';
  return v;
}

function definedObjects(
  kind: DefinedObjectKind,
  db: string,
  srcDb: DatabaseInfo,
  tgtDb: DatabaseInfo | undefined,
  inScope: (db: string, name: string) => boolean,
): DefinedObjectVerdict[] {
  const pick = (d: DatabaseInfo | undefined) => (d ? DEFINED_OBJECTS[kind].members(d) : undefined);
  const out: DefinedObjectVerdict[] = [];
  const src = pick(srcDb)!;
  for (const name of sortedNames(src)) {
    if (!inScope(db, name)) continue;
    const t = pick(tgtDb)?.get(name);
    const status: DefinedObjectStatus = !t ? 'missing' : sameDefinition(src.get(name)!, t) ? 'present' : 'differs';
    out.push({ kind, db, name, status });
  }
  return out;
}

/** Source tables present on both sides in scope: the ones `--rows` counts. */
export function tablesOnBothSides(source: ClusterSnapshot, target: ClusterSnapshot, cfg: VerifyConfig): TablePair[] {
  const { renamed, scope, sourceOf } = targetNamed(source, cfg);
  const out: TablePair[] = [];
  for (const db of sortedNames(renamed.snapshot.databases)) {
    const srcDb = renamed.snapshot.databases.get(db)!;
    const tgtDb = target.databases.get(db);
    for (const table of sortedNames(srcDb.tables)) {
      if (!scope.object(db, table) || !tgtDb?.tables.has(table)) continue;
      const s = sourceOf(db, table);
      out.push(s.db === db && s.table === table ? { db, table } : { db: s.db, table: s.table!, targetDb: db, targetTable: table });
    }
  }
  return out;
}

/**
 * The verdict for every in-scope source table (and view / MV when their sync is on). Row counts, when given,
 * are compared for tables that are otherwise in sync; a table without an entry is judged on versions alone.
 */
export function compareClusters(original: ClusterSnapshot, target: ClusterSnapshot, cfg: VerifyConfig, rows?: RowCounts): VerifyReport {
  // Rename mapping: compared in target names (as the planner pairs them), reported under the source's names.
  const named = targetNamed(original, cfg);
  const { scope } = named;
  const source = named.renamed.snapshot;
  const sourceKey = (db: string, table: string) => {
    const s = named.sourceOf(db, table);
    return tableId(s.db, s.table ?? table);
  };
  const sourceRows =
    rows && !named.names.identity
      ? new Map(
          [...named.renamed.snapshot.databases.values()].flatMap((d) =>
            [...d.tables.keys()].flatMap((t) => {
              const r = rows.get(sourceKey(d.name, t));
              return r ? [[tableId(d.name, t), r] as const] : [];
            }),
          ),
        )
      : rows;
  const tables: TableVerdict[] = [];
  const objects: DefinedObjectVerdict[] = [];
  const databasesMissing: string[] = [];
  const targetOnlyTables: Array<{ db: string; table: string }> = [];
  for (const db of sortedNames(source.databases, target.databases)) {
    if (!scope.database(db)) continue;
    const srcDb = source.databases.get(db);
    const tgtDb = target.databases.get(db);
    if (!srcDb) {
      for (const table of sortedNames(tgtDb?.tables)) if (scope.object(db, table)) targetOnlyTables.push({ db, table });
      continue;
    }
    if (!tgtDb) databasesMissing.push(db);
    for (const name of sortedNames(srcDb.tables, tgtDb?.tables)) {
      if (!scope.object(db, name)) continue;
      if (srcDb.tables.has(name)) tables.push(inSourceNames(verdictOf(db, name, srcDb, tgtDb, sourceRows), name, named.sourceOf, 'table'));
      else targetOnlyTables.push({ db, table: name });
    }
    for (const kind of DEFINED_OBJECT_KINDS)
      if (DEFINED_OBJECTS[kind].enabled(cfg))
        objects.push(...definedObjects(kind, db, srcDb, tgtDb, scope.object).map((o) => inSourceNames(o, o.name, named.sourceOf, 'name')));
  }
  const count = (has: (t: TableVerdict) => boolean) => tables.filter(has).length;
  const objectSummary = (kind: DefinedObjectKind) => {
    if (!DEFINED_OBJECTS[kind].enabled(cfg)) return null;
    const of = objects.filter((o) => o.kind === kind);
    return { checked: of.length, missing: of.filter((o) => o.status === 'missing').length, differ: of.filter((o) => o.status === 'differs').length };
  };
  const summary: VerifySummary = {
    tablesChecked: tables.length,
    inSync: count((t) => t.status === 'in_sync'),
    missing: count((t) => t.status === 'missing'),
    schemaDiffers: count((t) => t.schemaDifferences.length > 0),
    partitionsDiffer: count((t) => t.missingPartitions.length + t.extraPartitions.length + t.inconsistentPartitions.length > 0),
    lagging: count((t) => t.laggingPartitions.length > 0),
    rowsDiffer: count((t) => rowsDiffer(t.rows)),
    rowsUnavailable: count((t) => rowsUnavailable(t.rows)),
    databasesMissing: databasesMissing.length,
    views: objectSummary('view'),
    materializedViews: objectSummary('materialized_view'),
  };
  const ok = summary.inSync === summary.tablesChecked && databasesMissing.length === 0 && objects.every((o) => o.status === 'present');
  return { ok, summary, tables, definedObjects: objects, databasesMissing, targetOnlyTables, rowsCounted: rows !== undefined };
}
