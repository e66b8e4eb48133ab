// Logical views (manual: enable_view_sync, default false; ddl_job_allow_drop_inconsistent_view, default true;
// ddl_job_allow_drop_view_target_only, default false). Created from the source's SHOW CREATE VIEW text, qualified
// with the target database; created after tables because views may depend on them.
import type { DatabaseInfo, ViewInfo } from '../model/snapshot.js';
import type { DdlAction, PlanNoteDraft } from './actions.js';
import { sortedNames, type DiffResult, type PlanContext } from './context.js';
import { CreateSqlError, rewriteCreateSql } from './create-sql.js';
import { createView, dropView } from './ddl.js';
import { sameDefinition } from './defined-object.js';
import { repairCreateSql } from './show-create-repair.js';

/**
 * CREATE VIEW from the source's SHOW CREATE VIEW text (it carries the column list and the comment, which
 * information_schema.views.VIEW_DEFINITION lacks), qualified with the target database.
 */
export function planCreateView(
  db: string,
  v: ViewInfo,
  reason: 'missing_on_target' | 'inconsistent',
  rewriteRefs: PlanContext['rewriteRefs'] = (text) => text,
): { action: DdlAction } | { note: PlanNoteDraft } {
  const base = { object: 'view' as const, db, name: v.name };
  if (v.createSql.trim() === '') {
    return { note: { ...base, reason: 'missing_create_sql', message: 'no SHOW CREATE VIEW text; read it and plan again' } };
  }
  try {
    const identifiers = [v.name, ...(v.columns ?? [])];
    // References to renamed databases / tables follow the rename mapping (after the repair: its names are known).
    const text = rewriteRefs(repairCreateSql(v.createSql, { identifiers }), db, identifiers);
    return { action: createView(db, v.name, rewriteCreateSql(text, { db, name: v.name }), reason) };
  } catch (e) {
    if (!(e instanceof CreateSqlError)) throw e;
    return { note: { ...base, reason: 'unparsable_create_sql', message: `cannot rewrite its SHOW CREATE VIEW text: ${e.message}` } };
  }
}

export function diffViews(db: string, srcDb: DatabaseInfo | undefined, tgtDb: DatabaseInfo | undefined, ctx: PlanContext): DiffResult {
  const out: DiffResult = { actions: [], notes: [] };
  const { cfg, scope } = ctx;
  if (!cfg.enableViewSync) return out;
  for (const name of sortedNames(srcDb?.views, tgtDb?.views)) {
    if (!scope.object(db, name)) continue;
    const s = srcDb?.views.get(name);
    const t = tgtDb?.views.get(name);
    if (s?.readError !== undefined) {
      // Its SHOW CREATE text could not be read: nothing is planned for it this round (read again next round).
      out.notes.push({ object: 'view', db, name, reason: 'read_failed', message: s.readError });
      continue;
    }
    if (s && !t) {
      const r = planCreateView(db, s, 'missing_on_target', ctx.rewriteRefs);
      if ('action' in r) out.actions.push(r.action);
      else out.notes.push(r.note);
    } else if (!s && t) {
      if (cfg.ddlJobAllowDropViewTargetOnly) out.actions.push(dropView(db, name, 'dropped_on_source'));
      else
        out.notes.push({
          object: 'view',
          db,
          name,
          reason: 'drop_not_allowed',
          configKey: 'ddl_job_allow_drop_view_target_only',
          message: 'exists only on the target; kept',
        });
    } else if (s && t && !sameDefinition({ ...s, createSql: ctx.rewriteRefs(s.createSql, db) }, t)) {
      if (!cfg.ddlJobAllowDropInconsistentView) {
        out.notes.push({
          object: 'view',
          db,
          name,
          reason: 'drop_not_allowed',
          configKey: 'ddl_job_allow_drop_inconsistent_view',
          message: 'differs from the source; kept',
        });
        continue;
      }
      const r = planCreateView(db, s, 'inconsistent', ctx.rewriteRefs);
      if ('note' in r) {
        out.notes.push(r.note);
        continue;
      }
      out.actions.push(dropView(db, name, 'inconsistent'), r.action);
    }
  }
  return out;
}
