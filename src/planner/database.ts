// Databases (manual: "Databases" are synchronized; ddl_job_allow_drop_target_only "Whether to delete databases or
// tables that exist only on the target cluster", default false). A database is created when an in-scope source
// database is missing and it is selected as a whole (include_data_list empty or naming it, and not excluded) or a
// selected object of it exists on the source (issue 6 item 3b: `include_data_list=hr.nosuchtable` creates nothing).
// A target-only database is dropped as a whole only when all of it is in scope; when only part of it is, its
// in-scope objects are handled one by one.
import type { DatabaseInfo } from '../model/snapshot.js';
import { sortedNames, type DiffResult, type PlanContext } from './context.js';
import { createDatabase, dropDatabase } from './ddl.js';

/** A database whose objects the table/view/MV diffs must look at. `src` undefined = target-only, partly in scope. */
export interface DatabasePair {
  name: string;
  src?: DatabaseInfo;
  tgt?: DatabaseInfo;
}

export function diffDatabases(ctx: PlanContext): DiffResult & { pairs: DatabasePair[] } {
  const out: DiffResult & { pairs: DatabasePair[] } = { actions: [], notes: [], pairs: [] };
  const { source, target, cfg, scope } = ctx;
  for (const name of sortedNames(source.databases, target.databases)) {
    if (!scope.database(name)) continue;
    const src = source.databases.get(name);
    const tgt = target.databases.get(name);
    if (src) {
      if (!tgt && worthCreating(name, src, ctx)) out.actions.push(createDatabase(name, 'missing_on_target'));
      out.pairs.push(tgt ? { name, src, tgt } : { name, src });
      continue;
    }
    if (!tgt) continue;
    if (!cfg.ddlJobAllowDropTargetOnly) {
      out.notes.push({
        object: 'database',
        db: name,
        reason: 'drop_not_allowed',
        configKey: 'ddl_job_allow_drop_target_only',
        message: 'exists only on the target; kept',
      });
    } else if (scope.wholeDatabase(name)) {
      out.actions.push(dropDatabase(name, 'target_only'));
    } else {
      out.notes.push({
        object: 'database',
        db: name,
        reason: 'partial_scope',
        message: 'exists only on the target and is only partly in scope; dropping its in-scope objects one by one',
      });
      out.pairs.push({ name, tgt });
    }
  }
  return out;
}

/** Selected as a whole, or holding a selected table (or a view / MV of a synced kind) on the source. */
function worthCreating(name: string, src: DatabaseInfo, ctx: PlanContext): boolean {
  const { cfg, scope } = ctx;
  const include = cfg.includeDataList;
  const srcName = ctx.sourceDb(name); // include names source databases (rename mapping)
  if (include.length === 0 || include.some((e) => e.db === srcName && e.table === undefined)) return true;
  const any = (objects: ReadonlyMap<string, unknown>) => [...objects.keys()].some((o) => scope.object(name, o));
  return any(src.tables) || (cfg.enableViewSync && any(src.views)) || (cfg.enableMaterializedViewSync && any(src.materializedViews));
}
