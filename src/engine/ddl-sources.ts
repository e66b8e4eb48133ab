// Planning with lazily read DDL sources: the bulk snapshot has no SHOW CREATE texts (10,000 round trips);
// the planner names the ones it needs (`missing_create_sql` notes), they are read, and the plan is made again.
import { inParallel } from '../util/parallel.js';
import type { ClusterInspector } from '../inspector/inspector.js';
import type { ClusterSnapshot } from '../model/snapshot.js';
import type { PlannerConfig } from '../planner/config.js';
import type { Plan } from '../planner/actions.js';
import { missingCreateSql, plan } from '../planner/plan.js';
import { makeScope } from '../planner/scope.js';

async function readCreateSql(inspector: ClusterInspector, source: ClusterSnapshot, note: ReturnType<typeof missingCreateSql>[number]): Promise<void> {
  const db = source.databases.get(note.db);
  const name = note.name;
  if (!db) return;
  if (note.object === 'view') {
    const v = db.views.get(name);
    if (v) v.createSql = await inspector.createViewSql(note.db, name);
  } else if (note.object === 'materialized_view') {
    const mv = db.materializedViews.get(name);
    if (mv) mv.createSql = await inspector.createMaterializedViewSql(note.db, name);
  } else {
    const t = db.tables.get(name);
    if (t) t.createSql = await inspector.createTableSql(note.db, name);
  }
}

/** Bitmap indexes are only in SHOW INDEX: read them for in-scope tables present on both sides (when synced). */
async function readBitmapIndexes(side: ClusterInspector, snap: ClusterSnapshot, keys: Set<string>, threads: number): Promise<void> {
  const tables = [...snap.databases.values()].flatMap((db) => [...db.tables.values()]).filter((t) => keys.has(`${t.dbName}.${t.name}`));
  await inParallel(threads, tables, async (t) => {
    t.bitmapIndexes = await side.bitmapIndexes(t.dbName, t.name);
  });
}

/**
 * Plans a round. DDL texts the planner asks for are read and the plan made again - except for tables missing on
 * the target altogether (`newTables`): those are left to the caller, which reads and creates them one by one
 * (create-pipeline.ts) instead of reading thousands of texts before the first CREATE. While `newTables` is not
 * empty the plan still names them in `missing_create_sql` notes and has no CREATE for them.
 */
export async function planRound(
  inspectors: { source: ClusterInspector; target: ClusterInspector },
  source: ClusterSnapshot,
  target: ClusterSnapshot,
  cfg: PlannerConfig,
  threads: number,
  /** Tables missing on the target whose text is read here anyway (e.g. the pipeline could not create them). */
  readNow: (db: string, table: string) => boolean = () => false,
): Promise<{ plan: Plan; newTables: Array<{ db: string; name: string }> }> {
  if (cfg.enableBitmapIndexSync) {
    const both = new Set<string>();
    const scope = makeScope(cfg);
    for (const db of source.databases.values()) {
      for (const t of db.tables.values()) if (scope.object(db.name, t.name) && target.databases.get(db.name)?.tables.has(t.name)) both.add(`${db.name}.${t.name}`);
    }
    await Promise.all([readBitmapIndexes(inspectors.source, source, both, threads), readBitmapIndexes(inspectors.target, target, both, threads)]);
  }
  const first = plan(source, target, cfg);
  const missing = missingCreateSql(first);
  if (missing.length === 0) return { plan: first, newTables: [] };
  const isNew = (n: (typeof missing)[number]) => n.object === 'table' && !target.databases.get(n.db)?.tables.has(n.name) && !readNow(n.db, n.name);
  const newTables = missing.filter(isNew).map((n) => ({ db: n.db, name: n.name }));
  const rest = missing.filter((n) => !isNew(n));
  if (rest.length === 0) return { plan: first, newTables };
  await inParallel(threads, rest, (n) => readCreateSql(inspectors.source, source, n));
  return { plan: plan(source, target, cfg), newTables };
}

/** `db.table` keys of the source tables this run migrates. */
export function tablesInScope(source: ClusterSnapshot, cfg: PlannerConfig): string[] {
  const scope = makeScope(cfg);
  const out: string[] = [];
  for (const db of source.databases.values()) for (const t of db.tables.values()) if (scope.object(db.name, t.name)) out.push(`${db.name}.${t.name}`);
  return out;
}
