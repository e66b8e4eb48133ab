// srsync's planner: a pure function from two catalog snapshots and the config to the target DDL, the replication
// work and notes on what was refused. No I/O, no clock, no randomness: the same input always gives the same plan.
// The planner only ever emits statements for the target; source objects are never written.
import type { ClusterSnapshot, DatabaseInfo, TableInfo } from '../model/snapshot.js';
import { finishNote, orderActions, tableKey, type DdlAction, type Plan, type PlanNoteDraft, type TableReplicationWork } from './actions.js';
import { diffBitmapIndexes } from './bitmap-index.js';
import type { PlannerConfig } from './config.js';
import { sortedNames, type DiffResult, type PlanContext } from './context.js';
import { diffDatabases } from './database.js';
import { dropTable, setDynamicPartition } from './ddl.js';
import { diffMaterializedViews } from './materialized-view.js';
import { diffPartitions } from './partition.js';
import { laggingPartitions, planTableReplication } from './replication.js';
import { describeMappingCollision, type RenamedSource } from './name-mapping.js';
import { rewriteRefs } from './name-refs.js';
import { targetNamed } from './target-names.js';
import { diffSyncIndexes } from './sync-index.js';
import { planCreateTable, schemaDifferences } from './table.js';
import { diffTableProperties } from './table-properties.js';
import { diffViews } from './view.js';

export function plan(source: ClusterSnapshot, target: ClusterSnapshot, cfg: PlannerConfig): Plan {
  // Rename mapping: the source catalog is renamed into target names (and back for notes, replication and inSync,
  // which name source tables like the rest of srsync); DDL actions are target statements and keep target names.
  const { names, renamed, scope, sourceOf: srcOf } = targetNamed(source, cfg);
  const ctx: PlanContext = {
    source: renamed.snapshot,
    target,
    cfg,
    scope,
    sourceDb: (db) => srcOf(db).db,
    rewriteRefs: (text, db, identifiers) => rewriteRefs(text, srcOf(db).db, names, identifiers),
  };
  const result: Draft = { ddl: [], replication: [], notes: collisionNotes(renamed), inSync: [] };
  const add = (r: DiffResult) => {
    result.ddl.push(...r.actions);
    result.notes.push(...r.notes);
  };

  const dbs = diffDatabases(ctx);
  add(dbs);
  for (const { name: db, src, tgt } of dbs.pairs) {
    planTables(db, src, tgt, ctx, result);
    add(diffViews(db, src, tgt, ctx));
    add(diffMaterializedViews(db, src, tgt, ctx));
  }
  return {
    ddl: orderActions(result.ddl).map((a) => actionWithSourceNames(a, renamed)),
    replication: result.replication.map((w) => replicationInSourceNames(w, renamed)),
    notes: result.notes.map((n) => finishNote(noteInSourceNames(n, renamed))),
    inSync: result.inSync.map(([db, table]) => {
      const s = renamed.sourceOf(db, table);
      return s ? tableKey(s.db, s.table!) : tableKey(db, table);
    }),
  };
}

/** A note about a source object under its source names; notes about target-only objects keep the target's. */
function noteInSourceNames(n: PlanNoteDraft, renamed: RenamedSource): PlanNoteDraft {
  const object = n.table ?? (n.object === 'view' || n.object === 'materialized_view' ? n.name : undefined);
  if (object === undefined) {
    const s = n.object === 'database' ? renamed.sourceOf(n.db) : undefined;
    return s && s.db !== n.db ? { ...n, db: s.db } : n;
  }
  const s = renamed.sourceOf(n.db, object);
  if (!s || (s.db === n.db && s.table === object)) return n;
  return n.table !== undefined ? { ...n, db: s.db, table: s.table! } : { ...n, db: s.db, name: s.table! };
}

/** A DDL action on a renamed table, view or MV with the source's names beside the target's. */
function actionWithSourceNames(a: DdlAction, renamed: RenamedSource): DdlAction {
  const object = a.table ?? (a.kind.endsWith('view') ? a.name : undefined);
  if (object === undefined || a.kind.includes('privilege') || a.kind.includes('role') || a.kind.includes('user')) return a;
  const s = renamed.sourceOf(a.db, object);
  return !s || (s.db === a.db && s.table === object) ? a : { ...a, srcDb: s.db, srcTable: s.table! };
}

/** Replication work names the source table (its target names, when mapped, beside them). */
function replicationInSourceNames(w: TableReplicationWork, renamed: RenamedSource): TableReplicationWork {
  const s = renamed.sourceOf(w.db, w.table);
  if (!s || (s.db === w.db && s.table === w.table)) return w;
  return { ...w, db: s.db, table: s.table!, tgtDb: w.db, tgtTable: w.table };
}

/** Sources that would share a target name: nothing is planned for them (blocking; preflight stops before this). */
function collisionNotes(renamed: RenamedSource): PlanNoteDraft[] {
  return renamed.collisions.flatMap((c) =>
    c.sources.map((s): PlanNoteDraft => ({
      object: s.table === undefined ? 'database' : 'table',
      db: s.db,
      ...(s.table === undefined ? {} : { table: s.table }),
      reason: 'name_mapping_collision',
      configKey: c.key,
      message: `${describeMappingCollision(c)}; nothing planned for it`,
    })),
  );
}

/** The plan being built: notes without `blocking` yet, actions not yet ordered. */
interface Draft {
  ddl: DdlAction[];
  replication: TableReplicationWork[];
  notes: PlanNoteDraft[];
  /** Target names of tables in sync (mapped back to source keys at the end). */
  inSync: Array<[string, string]>;
}

function planTables(db: string, srcDb: DatabaseInfo | undefined, tgtDb: DatabaseInfo | undefined, ctx: PlanContext, result: Draft): void {
  const { cfg, scope } = ctx;
  for (const name of sortedNames(srcDb?.tables, tgtDb?.tables)) {
    if (!scope.object(db, name)) continue;
    const s = srcDb?.tables.get(name);
    const t = tgtDb?.tables.get(name);
    const unread = unreadable(s, t, cfg);
    if (unread !== null) {
      result.notes.push({ object: 'table', db, table: name, reason: 'read_failed', message: unread });
      continue;
    }
    if (s && !t) {
      const r = planCreateTable(db, s, ctx, 'missing_on_target');
      if (r.action) result.ddl.push(r.action);
      else result.notes.push(r.note);
    } else if (!s && t) {
      if (cfg.ddlJobAllowDropTargetOnly) result.ddl.push(dropTable(db, name, 'target_only'));
      else
        result.notes.push({
          object: 'table',
          db,
          table: name,
          reason: 'drop_not_allowed',
          configKey: 'ddl_job_allow_drop_target_only',
          message: 'exists only on the target; kept',
        });
    } else if (s && t && srcDb && tgtDb) {
      planExistingTable(db, srcDb, tgtDb, s, t, ctx, result);
    }
  }
}

/**
 * Why a table is planned for nothing this round: its own read failed on the source, on the target (the table exists
 * on both sides), or on the target only while a drop of target-only tables is allowed (no drop without knowing
 * it). null: plan it. A target-only table that would be kept anyway is noted as kept, as usual.
 */
function unreadable(s: TableInfo | undefined, t: TableInfo | undefined, cfg: PlanContext['cfg']): string | null {
  if (s?.readError !== undefined) return s.readError;
  if (t?.readError === undefined) return null;
  if (s) return `on the target: ${t.readError}`;
  return cfg.ddlJobAllowDropTargetOnly ? `on the target (not dropped): ${t.readError}` : null;
}

/** Drop and re-create in one plan (drop first), so the next round replicates the table from scratch. */
function recreate(db: string, s: TableInfo, reason: 'schema_change' | 'inconsistent', why: string, ctx: PlanContext, result: Draft): void {
  const r = planCreateTable(db, s, ctx, reason);
  if (r.note) {
    result.notes.push({ ...r.note, message: `${r.note.message} (needed to re-create it: ${why}; not dropped)` });
    return;
  }
  result.ddl.push(dropTable(db, s.name, reason), r.action);
}

function planExistingTable(db: string, srcDb: DatabaseInfo, tgtDb: DatabaseInfo, s: TableInfo, t: TableInfo, ctx: PlanContext, result: Draft): void {
  const { cfg } = ctx;
  const diffs = schemaDifferences(s, t);
  if (diffs.length > 0) {
    const why = `schema differs: ${diffs.join('; ')}`;
    if (!cfg.ddlJobAllowDropSchemaChangeTable) {
      result.notes.push({
        object: 'table',
        db,
        table: s.name,
        reason: 'schema_change',
        configKey: 'ddl_job_allow_drop_schema_change_table',
        message: `${why}; not replicated (dropping it is not allowed)`,
      });
      return;
    }
    recreate(db, s, 'schema_change', why, ctx, result);
    return;
  }

  const parts = diffPartitions(db, s, t, cfg);
  if (parts.recreateTable) {
    recreate(db, s, 'inconsistent', parts.recreateTable.detail, ctx, result);
    return;
  }
  const indexes = diffBitmapIndexes(db, s, t, cfg);
  const props = diffTableProperties(db, s, t, cfg);
  // Rollups and sync MVs: replication waits until both sides have the same ones (every index is replicated).
  const sync = diffSyncIndexes(db, s, t, cfg, indexes.actions.length > 0 || props.actions.length > 0);
  // StarRocks refuses ADD/DROP PARTITION while dynamic partitioning is on: off around them, then on again (the
  // resume runs even when a partition statement failed: phases of the applier are independent).
  const partitionDdl = parts.actions.filter((a) => a.kind === 'add_partition' || a.kind === 'drop_partition');
  if (partitionDdl.length > 0 && t.properties['dynamic_partition.enable']?.toLowerCase() === 'true') {
    const reason = partitionDdl[0]!.reason;
    parts.actions.push(setDynamicPartition(db, s.name, false, reason), setDynamicPartition(db, s.name, true, reason));
  }
  for (const r of [parts, indexes, props, sync]) {
    result.ddl.push(...r.actions);
    result.notes.push(...r.notes);
  }
  if (parts.blocked || sync.waiting) return;

  const note = (n: Omit<PlanNoteDraft, 'object' | 'db' | 'table'>) => result.notes.push({ object: 'table', db, table: s.name, ...n });
  // Partition and index DDL change the table (new partitions have no target ids yet; a bitmap index is a schema
  // change job on the target): replicate in the next round.
  if (parts.actions.length > 0 || indexes.actions.length > 0) {
    if (laggingPartitions(parts.pairs).length > 0) {
      note({ reason: 'replication_deferred', message: 'has DDL in this round; replicated in the next round' });
    }
    return;
  }
  const rep = planTableReplication({
    db,
    srcDbId: srcDb.id,
    tgtDbId: tgtDb.id,
    src: s,
    tgt: t,
    pairs: parts.pairs,
    source: ctx.source,
    target: ctx.target,
    limitBytes: cfg.maxReplicationDataSizePerJobBytes,
  });
  if (rep.work) result.replication.push(rep.work);
  else if (rep.note) result.notes.push(rep.note);
  else if (!parts.leftovers && props.actions.length === 0) result.inSync.push([db, s.name]);
}

/** Source objects whose SHOW CREATE text the planner needed but did not have: read them and plan again. */
export function missingCreateSql(p: Plan): Array<{ object: 'table' | 'view' | 'materialized_view'; db: string; name: string }> {
  const out: Array<{ object: 'table' | 'view' | 'materialized_view'; db: string; name: string }> = [];
  for (const n of p.notes) {
    if (n.reason !== 'missing_create_sql') continue;
    if (n.object === 'table' && n.table !== undefined) out.push({ object: 'table', db: n.db, name: n.table });
    else if ((n.object === 'view' || n.object === 'materialized_view') && n.name !== undefined)
      out.push({ object: n.object, db: n.db, name: n.name });
  }
  return out;
}
