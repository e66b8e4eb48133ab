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
import { repairCreateSql } from './show-create-repair.js';
import { BUILTIN_STORAGE_VOLUME } from './table.js';

export function planCreateMaterializedView(
  db: string,
  mv: MaterializedViewInfo,
  ctx: PlanContext,
  reason: 'missing_on_target' | 'inconsistent',
): { action: DdlAction } | { note: PlanNoteDraft } {
  const base = { object: 'materialized_view' as const, db, name: mv.name };
  if (mv.createSql.trim() === '') {
    return { note: { ...base, reason: 'missing_create_sql', message: `no SHOW CREATE MATERIALIZED VIEW text for ${db}.${mv.name}; read it and plan again` } };
  }
  const { cfg, target } = ctx;
  try {
    const text = repairCreateSql(mv.createSql, { identifiers: [mv.name, ...(mv.columns ?? [])] });
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
        return { note: { ...base, reason: 'missing_storage_volume', message: `storage volume ${volume} does not exist on the target; cannot create ${db}.${mv.name}` } };
      }
      changes.set('storage_volume', volume);
    }
    if (cfg.targetClusterReplicationNum !== -1 && current.has('replication_num')) changes.set('replication_num', String(cfg.targetClusterReplicationNum));
    const sql = rewriteCreateSql(text, { db, name: mv.name, properties: () => changes });
    return { action: createMaterializedView(db, mv.name, sql, reason) };
  } catch (e) {
    if (!(e instanceof CreateSqlError)) throw e;
    return { note: { ...base, reason: 'unparsable_create_sql', message: `cannot rewrite SHOW CREATE MATERIALIZED VIEW of ${db}.${mv.name}: ${e.message}` } };
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
    if (s && !t) {
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
          message: `materialized view ${db}.${name} exists only on the target; kept`,
        });
    } else if (s && t && !sameDefinition(s, t)) {
      if (!cfg.ddlJobAllowDropInconsistentMaterializedView) {
        out.notes.push({
          object: 'materialized_view',
          db,
          name,
          reason: 'drop_not_allowed',
          configKey: 'ddl_job_allow_drop_inconsistent_materialized_view',
          message: `materialized view ${db}.${name} differs from the source; kept`,
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
