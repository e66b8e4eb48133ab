// Re-planning some tables without re-reading the catalogs: the tables' fresh rows (configs, columns, partitions)
// against the last snapshots. Pure: the migrator reads, this decides. Anything structural needs a full round.
import type { ClusterSnapshot, DatabaseInfo, TableInfo } from '../model/snapshot.js';
import type { Plan } from '../planner/actions.js';
import type { PlannerConfig } from '../planner/config.js';
import { plan } from '../planner/plan.js';

/** One table to re-plan: what the last snapshots hold, and what was just read (undefined: gone). */
export interface ScopedTable {
  key: string;
  lastSource: TableInfo;
  lastTarget: TableInfo;
  freshSource: TableInfo | undefined;
  freshTarget: TableInfo | undefined;
}

export type ScopedOutcome = { kind: 'full_round'; why: string } | { kind: 'plan'; plan: Plan };

/**
 * Plans `tables` alone. When every table kept its structure on both sides, the fresh partitions (versions, sizes)
 * are written into the last snapshots' TableInfo objects (so they stay current) and the plan of just these
 * tables is returned; a plan with DDL also asks for a full round (the full round orders and applies DDL).
 */
export function planScoped(last: { source: ClusterSnapshot; target: ClusterSnapshot }, tables: ScopedTable[], cfg: PlannerConfig): ScopedOutcome {
  for (const t of tables) {
    if (!t.freshSource || !t.freshTarget) return { kind: 'full_round', why: `${t.key} is gone` };
    if (!sameStructure(t.lastSource, t.freshSource) || !sameStructure(t.lastTarget, t.freshTarget)) return { kind: 'full_round', why: `${t.key} changed structure` };
  }
  for (const t of tables) {
    t.lastSource.partitions = t.freshSource!.partitions;
    t.lastSource.dataSize = t.freshSource!.dataSize;
    t.lastTarget.partitions = t.freshTarget!.partitions;
    t.lastTarget.dataSize = t.freshTarget!.dataSize;
  }
  const p = plan(
    subSnapshot(last.source, tables.map((t) => t.lastSource)),
    subSnapshot(last.target, tables.map((t) => t.lastTarget)),
    cfg,
  );
  if (p.ddl.length > 0) return { kind: 'full_round', why: 'the tables need DDL' };
  return { kind: 'plan', plan: p };
}

/** Same table (id, columns, properties, partitions with their physical ids): only versions and sizes may differ. */
export function sameStructure(a: TableInfo, b: TableInfo): boolean {
  if (a.id !== b.id || JSON.stringify(a.columns) !== JSON.stringify(b.columns) || JSON.stringify(a.properties) !== JSON.stringify(b.properties)) return false;
  if (a.partitions.size !== b.partitions.size) return false;
  for (const [name, p] of a.partitions) {
    const q = b.partitions.get(name);
    if (!q || q.physical.length !== p.physical.length || q.physical.some((x, i) => x.id !== p.physical[i]!.id)) return false;
  }
  return true;
}

/** `snap` reduced to `tables` (no views, no MVs): what a plan of just these tables sees. */
export function subSnapshot(snap: ClusterSnapshot, tables: TableInfo[]): ClusterSnapshot {
  const databases = new Map<string, DatabaseInfo>();
  for (const t of tables) {
    const db = snap.databases.get(t.dbName)!;
    let sub = databases.get(t.dbName);
    if (!sub) databases.set(t.dbName, (sub = { ...db, tables: new Map(), views: new Map(), materializedViews: new Map() }));
    sub.tables.set(t.name, t);
  }
  return { ...snap, databases };
}
