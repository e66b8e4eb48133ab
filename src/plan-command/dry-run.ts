// `srsync plan`'s dry run: both catalogs read, the engine's own plan round (ddl-sources.ts planRound) with every
// DDL text read at once, and the replication `run` would start once that DDL ran, computed by the planner on a
// projected target (the tables and databases the plan creates, empty: every partition at version 1). Pure except
// `readDryRun`, which only reads (SELECT / SHOW through the inspectors).
import type { ClusterInspector } from '../inspector/inspector.js';
import type { ClusterSnapshot, TableInfo } from '../model/snapshot.js';
import type { DdlAction, Plan, PlanNote, TableReplicationWork } from '../planner/actions.js';
import type { PlannerConfig } from '../planner/config.js';
import { plan } from '../planner/plan.js';
import { planRound } from '../engine/ddl-sources.js';
import { noteLine } from '../engine/plan-notes.js';
import { withEmptyDatabase, withTables } from '../engine/snapshot-edits.js';

const DROP_KINDS: ReadonlySet<DdlAction['kind']> = new Set([
  'drop_database',
  'drop_table',
  'drop_partition',
  'drop_view',
  'drop_materialized_view',
  'drop_bitmap_index',
  'drop_rollup',
]);

export const isDrop = (a: DdlAction): boolean => DROP_KINDS.has(a.kind);

export interface DryRun {
  /** Statements in the order `run` executes them: missing tables (and their databases) first, then the rest. */
  ddl: DdlAction[];
  /** Tables `run` replicates (existing ones and those the DDL creates), with their jobs. */
  replication: TableReplicationWork[];
  /** What will not be migrated, or not yet, and why (each note once; texts being read left out). */
  notes: PlanNote[];
  /** `db.table` keys already in sync. */
  inSync: string[];
}

/**
 * The order `run` executes a plan made with every text read: when tables are missing on the target, its first DDL is
 * their databases and their CREATE TABLEs (engine/ddl-round.ts ddlToStart), the rest of the plan runs in the next
 * round; otherwise the plan's order.
 */
export function runOrder(p: Plan): DdlAction[] {
  const creates = p.ddl.filter((a) => a.kind === 'create_table' && a.reason === 'missing_on_target');
  if (creates.length === 0) return p.ddl;
  const first = [...p.ddl.filter((a) => a.kind === 'create_database'), ...creates];
  return [...first, ...p.ddl.filter((a) => !first.includes(a))];
}

/** A table as CREATE TABLE leaves it on the target: the source's definition, every partition empty (version 1). */
function createdTable(t: TableInfo): TableInfo {
  const partitions = new Map(
    [...t.partitions].map(([name, p]) => [
      name,
      {
        ...p,
        physical: p.physical.map((x) => ({
          ...x,
          visibleVersion: 1,
          dataVersion: 1,
          nextVersion: 2,
          versionTxnType: 'TXN_NORMAL' as const,
          dataSize: 0,
          rowCount: 0,
        })),
      },
    ]),
  );
  return { ...t, state: 'NORMAL', partitions, dataSize: 0 };
}

/** The target as the plan's creates leave it (databases and tables missing on the target, created empty). */
export function projectedTarget(p: Plan, source: ClusterSnapshot, target: ClusterSnapshot): ClusterSnapshot {
  let out = target;
  for (const a of p.ddl) if (a.kind === 'create_database') out = withEmptyDatabase(out, a.db, `new:${a.db}`);
  const tables: TableInfo[] = [];
  for (const a of p.ddl) {
    if (a.kind !== 'create_table' || a.reason !== 'missing_on_target') continue;
    const t = source.databases.get(a.srcDb ?? a.db)?.tables.get(a.srcTable ?? a.table); // rename mapping: source names
    if (t) tables.push({ ...createdTable(t), dbName: a.db, name: a.table });
  }
  return withTables(out, tables);
}

/** The dry run of a plan made with every DDL text read (pure). */
export function dryRunOf(p: Plan, source: ClusterSnapshot, target: ClusterSnapshot, cfg: PlannerConfig): DryRun {
  const projected = plan(source, projectedTarget(p, source, target), cfg);
  const seen = new Set<string>();
  const notes = [...p.notes, ...projected.notes].filter((n) => {
    if (n.reason === 'missing_create_sql' || n.reason === 'replication_deferred') return false;
    const k = noteLine(n);
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
  return { ddl: runOrder(p), replication: projected.replication, notes, inSync: p.inSync };
}

/** Plans with the engine's round, reading every DDL text the plan needs (nothing is written). */
export async function readDryRun(
  inspectors: { source: ClusterInspector; target: ClusterInspector },
  source: ClusterSnapshot,
  target: ClusterSnapshot,
  cfg: PlannerConfig,
  threads: number,
): Promise<DryRun & { source: ClusterSnapshot; target: ClusterSnapshot }> {
  const r = await planRound(inspectors, source, target, cfg, threads, () => true);
  return { ...dryRunOf(r.plan, r.source, r.target, cfg), source: r.source, target: r.target };
}
