// Asynchronous materialized views (manual: enable_materialized_view_sync, default false;
// ddl_job_allow_drop_inconsistent_materialized_view, default true; ddl_job_allow_drop_materialized_view_target_only,
// default false; "Materialized view schemas and their building statements (materialized view data is not
// synchronized)"). Created from SHOW CREATE MATERIALIZED VIEW, qualified with the target database, after views.
// When the statement has a storage_volume / replication_num property, the table rules apply to it too.
import type { DatabaseInfo, MaterializedViewInfo } from '../model/snapshot.js';
import type { DdlAction, PlanNoteDraft } from './actions.js';
import { sortedNames, type DiffResult, type PlanContext } from './context.js';
import { CreateSqlError, parseCreate, rewriteCreateSql, type PropertyChanges } from './create-sql.js';
import { createMaterializedView, dropMaterializedView } from './ddl.js';
import { sameDefinition } from './defined-object.js';
import { quoteMvColumnList, repairCreateSql } from './show-create-repair.js';
import { queryBaseTables, queryOfCreateMv, type TableRef } from './mv-base.js';
import { BUILTIN_STORAGE_VOLUME } from './table.js';

/** The base table is on the target, or this run migrates it (in scope on the source and of a synced kind). */
function baseMigrated(ref: TableRef, ctx: PlanContext): boolean {
  const tgt = ctx.target.databases.get(ref.db);
  if (tgt && (tgt.tables.has(ref.name) || tgt.views.has(ref.name) || tgt.materializedViews.has(ref.name))) return true;
  const src = ctx.source.databases.get(ref.db);
  if (!src || !ctx.scope.object(ref.db, ref.name)) return false;
  if (src.tables.has(ref.name)) return true;
  if (src.views.has(ref.name)) return ctx.cfg.enableViewSync;
  if (src.materializedViews.has(ref.name)) return ctx.cfg.enableMaterializedViewSync;
  return false;
}

/**
 * Base tables of an MV that will not exist on the target (the manual's own example: "if base tables are not migrated,
 * the background refresh task will report errors"); CREATE MATERIALIZED VIEW would fail on them every round.
 */
export function missingBaseTables(db: string, mv: MaterializedViewInfo, ctx: PlanContext): TableRef[] {
  // information_schema.materialized_views may hold the whole CREATE statement (getMaterializedViewDdlStmt) or the query.
  const text = mv.definition.trim() !== '' ? mv.definition : ctx.rewriteRefs(mv.createSql, db);
  const query = /^\s*CREATE\b/i.test(text) ? queryOfCreateMv(text) : text;
  return queryBaseTables(query, db).filter((ref) => !baseMigrated(ref, ctx));
}

export function planCreateMaterializedView(
  db: string,
  mv: MaterializedViewInfo,
  ctx: PlanContext,
  reason: 'missing_on_target' | 'inconsistent',
): { action: DdlAction } | { note: PlanNoteDraft } {
  const base = { object: 'materialized_view' as const, db, name: mv.name };
  if (mv.createSql.trim() === '') {
    return { note: { ...base, reason: 'missing_create_sql', message: 'no SHOW CREATE MATERIALIZED VIEW text; read it and plan again' } };
  }
  const { cfg, target } = ctx;
  try {
    const identifiers = [mv.name, ...(mv.columns ?? [])];
    // References to renamed databases / tables follow the rename mapping (after the repair: its names are known).
    const text = ctx.rewriteRefs(repairCreateSql(quoteMvColumnList(mv.createSql, mv.name, mv.columns), { identifiers }), db, identifiers);
    const current = new Map((parseCreate(text).properties?.entries ?? []).map((e) => [e.key, e.value]));
    const changes: PropertyChanges = new Map();
    const srcVolume = current.get('storage_volume');
    if (srcVolume !== undefined) {
      const volume = cfg.targetClusterUseBuiltinStorageVolumeOnly
        ? BUILTIN_STORAGE_VOLUME
        : cfg.targetClusterStorageVolume !== ''
          ? cfg.targetClusterStorageVolume
          : srcVolume;
      if (!target.storageVolumes.has(volume)) {
        return {
          note: { ...base, reason: 'missing_storage_volume', message: `storage volume ${volume} does not exist on the target; cannot create it` },
        };
      }
      changes.set('storage_volume', volume);
    }
    if (cfg.targetClusterReplicationNum !== -1 && current.has('replication_num'))
      changes.set('replication_num', String(cfg.targetClusterReplicationNum));
    const sql = rewriteCreateSql(text, { db, name: mv.name, properties: () => changes });
    return { action: createMaterializedView(db, mv.name, sql, reason) };
  } catch (e) {
    if (!(e instanceof CreateSqlError)) throw e;
    return { note: { ...base, reason: 'unparsable_create_sql', message: `cannot rewrite its SHOW CREATE MATERIALIZED VIEW text: ${e.message}` } };
  }
}

export function diffMaterializedViews(db: string, srcDb: DatabaseInfo | undefined, tgtDb: DatabaseInfo | undefined, ctx: PlanContext): DiffResult {
  const out: DiffResult = { actions: [], notes: [] };
  const { cfg, scope } = ctx;
  if (!cfg.enableMaterializedViewSync) return out;
  for (const name of sortedNames(srcDb?.materializedViews, tgtDb?.materializedViews)) {
    if (!scope.object(db, name)) continue;
    const s = srcDb?.materializedViews.get(name);
    const t = tgtDb?.materializedViews.get(name);
    if (s?.readError !== undefined) {
      // Its SHOW CREATE text could not be read: nothing is planned for it this round (read again next round).
      out.notes.push({ object: 'materialized_view', db, name, reason: 'read_failed', message: s.readError });
      continue;
    }
    if (s && !t) {
      const missing = missingBaseTables(db, s, ctx);
      if (missing.length > 0) {
        const names = missing.map((m) => `${m.db}.${m.name}`).join(', ');
        out.notes.push({
          object: 'materialized_view',
          db,
          name,
          reason: 'mv_base_table_not_migrated',
          message: `not created: its base table${missing.length > 1 ? 's' : ''} ${names} ${missing.length > 1 ? 'are' : 'is'} not migrated (not selected, or not on the source); create the MV on the target once ${missing.length > 1 ? 'they exist' : 'it exists'} there`,
        });
        continue;
      }
      const r = planCreateMaterializedView(db, s, ctx, 'missing_on_target');
      if ('action' in r) out.actions.push(r.action);
      else out.notes.push(r.note);
    } else if (!s && t) {
      if (cfg.ddlJobAllowDropMaterializedViewTargetOnly) out.actions.push(dropMaterializedView(db, name, 'dropped_on_source'));
      else
        out.notes.push({
          object: 'materialized_view',
          db,
          name,
          reason: 'drop_not_allowed',
          configKey: 'ddl_job_allow_drop_materialized_view_target_only',
          message: 'exists only on the target; kept',
        });
    } else if (s && t && !sameDefinition({ ...s, createSql: ctx.rewriteRefs(s.createSql, db) }, t)) {
      if (!cfg.ddlJobAllowDropInconsistentMaterializedView) {
        out.notes.push({
          object: 'materialized_view',
          db,
          name,
          reason: 'drop_not_allowed',
          configKey: 'ddl_job_allow_drop_inconsistent_materialized_view',
          message: 'differs from the source; kept',
        });
        continue;
      }
      const r = planCreateMaterializedView(db, s, ctx, 'inconsistent');
      if ('note' in r) {
        out.notes.push(r.note);
        continue;
      }
      out.actions.push(dropMaterializedView(db, name, 'inconsistent'), r.action);
    }
  }
  return out;
}
