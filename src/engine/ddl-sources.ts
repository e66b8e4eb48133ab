// Planning with lazily read DDL sources: the bulk snapshot has no SHOW CREATE texts (10,000 round trips);
// the planner names the ones it needs (`missing_create_sql` notes), they are read, and the plan is made again.
import { inParallel } from '../util/parallel.js';
import type { ClusterInspector, ObjectRead } from '../inspector/inspector.js';
import type { ClusterSnapshot, MaterializedViewInfo, TableInfo, ViewInfo } from '../model/snapshot.js';
import type { PlannerConfig } from '../planner/config.js';
import type { Plan } from '../planner/actions.js';
import { missingCreateSql, plan } from '../planner/plan.js';
import { makeNameMapping } from '../planner/name-mapping.js';
import { makeScope } from '../planner/scope.js';
import { withMaterializedViews, withTables, withViews } from './snapshot-edits.js';

type CreateSqlNote = ReturnType<typeof missingCreateSql>[number];

/** The inspector reads a round makes of single objects (ClusterInspector's try* reads: one object's failure is its own). */
export type ObjectReads = Pick<ClusterInspector, 'tryCreateTableSql' | 'tryCreateViewSql' | 'tryCreateMaterializedViewSql' | 'tryBitmapIndexes'>;

/** A read that failed for every object alike (the connection): the round is abandoned, as a bulk read failure is. */
export class TransientReadError extends Error {}

/** The read's value, or `{ readError }` when it failed for this object only; a transient failure abandons the round. */
function valueOr<T>(r: ObjectRead<T>): { value: T } | { readError: string } {
  if (r.ok) return { value: r.value };
  if (r.transient) throw new TransientReadError(r.error);
  return { readError: r.error };
}

/**
 * The source snapshot with the DDL texts these notes name read in (views, MVs, tables). An object whose text cannot
 * be read gets `readError` instead (the planner plans nothing for it and names it in a blocking note); the others
 * go on. A transient failure (connection lost) rejects with TransientReadError.
 */
async function withCreateSql(
  inspector: ObjectReads,
  source: ClusterSnapshot,
  notes: readonly CreateSqlNote[],
  threads: number,
): Promise<ClusterSnapshot> {
  const tables: TableInfo[] = [];
  const views: ViewInfo[] = [];
  const mvs: MaterializedViewInfo[] = [];
  const text = (r: { value: string } | { readError: string }) => ('value' in r ? { createSql: r.value } : { readError: r.readError });
  await inParallel(threads, notes, async (note) => {
    const db = source.databases.get(note.db);
    const name = note.name;
    if (!db) return;
    if (note.object === 'view') {
      const v = db.views.get(name);
      if (v) views.push({ ...v, ...text(valueOr(await inspector.tryCreateViewSql(note.db, name))) });
    } else if (note.object === 'materialized_view') {
      const mv = db.materializedViews.get(name);
      if (mv) mvs.push({ ...mv, ...text(valueOr(await inspector.tryCreateMaterializedViewSql(note.db, name))) });
    } else {
      const t = db.tables.get(name);
      if (t) tables.push({ ...t, ...text(valueOr(await inspector.tryCreateTableSql(note.db, name))) });
    }
  });
  return withMaterializedViews(withViews(withTables(source, tables), views), mvs);
}

/**
 * Bitmap indexes are only in SHOW INDEX: `snap` with them read for the in-scope tables present on both sides (when
 * synced). A table whose SHOW INDEX fails gets `readError` (planned for nothing this round).
 */
async function withBitmapIndexes(side: ObjectReads, snap: ClusterSnapshot, keys: Set<string>, threads: number): Promise<ClusterSnapshot> {
  const tables = [...snap.databases.values()]
    .flatMap((db) => [...db.tables.values()])
    .filter((t) => keys.has(`${t.dbName}.${t.name}`) && t.readError === undefined);
  const read: TableInfo[] = [];
  await inParallel(threads, tables, async (t) => {
    const r = valueOr(await side.tryBitmapIndexes(t.dbName, t.name));
    read.push('value' in r ? { ...t, bitmapIndexes: r.value } : { ...t, readError: r.readError });
  });
  return withTables(snap, read);
}

/**
 * Plans a round. DDL texts the planner asks for are read and the plan made again - except for tables missing on
 * the target altogether (`newTables`): those are left to the caller, which reads and creates them one by one
 * (create-pipeline.ts) instead of reading thousands of texts before the first CREATE. While `newTables` is not
 * empty the plan still names them in `missing_create_sql` notes and has no CREATE for them. Returns the snapshots
 * planned on (the given ones with the texts and bitmap indexes read in, or the objects' read failures as
 * `readError`: planned for nothing, named in `read_failed` notes). Rejects when a read fails transiently.
 */
export async function planRound(
  inspectors: { source: ObjectReads; target: ObjectReads },
  source: ClusterSnapshot,
  target: ClusterSnapshot,
  cfg: PlannerConfig,
  threads: number,
  /** Tables missing on the target whose text is read here anyway (e.g. the pipeline could not create them). */
  readNow: (db: string, table: string) => boolean = () => false,
): Promise<{ plan: Plan; newTables: Array<{ db: string; name: string }>; source: ClusterSnapshot; target: ClusterSnapshot }> {
  if (cfg.enableBitmapIndexSync) {
    const both = new Set<string>();
    const bothOnTarget = new Set<string>(); // rename mapping: the same tables under their target names
    const scope = makeScope(cfg);
    const names = makeNameMapping(cfg);
    for (const db of source.databases.values()) {
      for (const t of db.tables.values()) {
        const tn = names.targetName(db.name, t.name);
        if (!scope.object(db.name, t.name) || !target.databases.get(tn.db)?.tables.has(tn.table)) continue;
        both.add(`${db.name}.${t.name}`);
        bothOnTarget.add(`${tn.db}.${tn.table}`);
      }
    }
    [source, target] = await Promise.all([
      withBitmapIndexes(inspectors.source, source, both, threads),
      withBitmapIndexes(inspectors.target, target, bothOnTarget, threads),
    ]);
  }
  const first = plan(source, target, cfg);
  const missing = missingCreateSql(first);
  if (missing.length === 0) return { plan: first, newTables: [], source, target };
  const onTarget = (db: string, name: string) => {
    const tn = makeNameMapping(cfg).targetName(db, name); // notes name source tables (rename mapping)
    return target.databases.get(tn.db)?.tables.has(tn.table) === true;
  };
  const isNew = (n: (typeof missing)[number]) => n.object === 'table' && !onTarget(n.db, n.name) && !readNow(n.db, n.name);
  const newTables = missing.filter(isNew).map((n) => ({ db: n.db, name: n.name }));
  const rest = missing.filter((n) => !isNew(n));
  if (rest.length === 0) return { plan: first, newTables, source, target };
  const withTexts = await withCreateSql(inspectors.source, source, rest, threads);
  return { plan: plan(withTexts, target, cfg), newTables, source: withTexts, target };
}

/** `db.table` keys of the source tables this run migrates. */
export function tablesInScope(source: ClusterSnapshot, cfg: PlannerConfig): string[] {
  const scope = makeScope(cfg);
  const out: string[] = [];
  for (const db of source.databases.values()) for (const t of db.tables.values()) if (scope.object(db.name, t.name)) out.push(`${db.name}.${t.name}`);
  return out;
}
