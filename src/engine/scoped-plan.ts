// Re-planning some tables without re-reading the catalogs: the tables' fresh rows (configs, columns, partitions)
// against the last snapshots. Pure: the migrator reads, this decides (and makes the updated snapshots). Anything
// structural needs a full round.
import type { ClusterSnapshot, DatabaseInfo, TableInfo } from '../model/snapshot.js';
import type { Plan } from '../planner/actions.js';
import type { PlannerConfig } from '../planner/config.js';
import { plan } from '../planner/plan.js';
import { withTables } from './snapshot-edits.js';

/** One table to re-plan: what the last snapshots hold, and what was just read (undefined: gone). */
export interface ScopedTable {
  key: string;
  lastSource: TableInfo;
  lastTarget: TableInfo;
  freshSource: TableInfo | undefined;
  freshTarget: TableInfo | undefined;
}

/** Last snapshots of both clusters (what the last round planned on, kept current by scoped rounds). */
export interface SnapshotPair {
  readonly source: ClusterSnapshot;
  readonly target: ClusterSnapshot;
}

/** Tables read again, to be written into the last snapshots (withTables). */
export interface TableUpdates {
  readonly source: readonly TableInfo[];
  readonly target: readonly TableInfo[];
}

export type ScopedOutcome = { kind: 'full_round'; why: string } | { kind: 'plan'; plan: Plan; updates: TableUpdates };

/** The snapshots with the re-read tables in them (new values). */
export function withUpdates(last: SnapshotPair, u: TableUpdates): SnapshotPair {
  return { source: withTables(last.source, u.source), target: withTables(last.target, u.target) };
}

/**
 * Plans `tables` alone. When every table kept its structure on both sides, the plan of just these tables is
 * returned with the tables as the last snapshots should now hold them (fresh partitions: versions, sizes); a plan
 * with DDL asks for a full round instead (the full round orders and applies DDL).
 */
export function planScoped(last: SnapshotPair, tables: readonly ScopedTable[], cfg: PlannerConfig): ScopedOutcome {
  const fresh: Array<{ source: TableInfo; target: TableInfo }> = [];
  for (const t of tables) {
    if (!t.freshSource || !t.freshTarget) return { kind: 'full_round', why: `${t.key} is gone` };
    if (!sameStructure(t.lastSource, t.freshSource) || !sameStructure(t.lastTarget, t.freshTarget))
      return { kind: 'full_round', why: `${t.key} changed structure` };
    fresh.push({
      source: { ...t.lastSource, partitions: t.freshSource.partitions, dataSize: t.freshSource.dataSize },
      target: { ...t.lastTarget, partitions: t.freshTarget.partitions, dataSize: t.freshTarget.dataSize },
    });
  }
  const sources = fresh.map((f) => f.source);
  const targets = fresh.map((f) => f.target);
  const p = plan(subSnapshot(last.source, sources), subSnapshot(last.target, targets), cfg);
  if (p.ddl.length > 0) return { kind: 'full_round', why: 'the tables need DDL' };
  return { kind: 'plan', plan: p, updates: { source: sources, target: targets } };
}

/** Same table (id, columns, properties, partitions with their physical ids): only versions and sizes may differ. */
export function sameStructure(a: TableInfo, b: TableInfo): boolean {
  if (a.id !== b.id || JSON.stringify(a.columns) !== JSON.stringify(b.columns) || JSON.stringify(a.properties) !== JSON.stringify(b.properties))
    return false;
  if (a.partitions.size !== b.partitions.size) return false;
  for (const [name, p] of a.partitions) {
    const q = b.partitions.get(name);
    if (!q || q.physical.length !== p.physical.length || q.physical.some((x, i) => x.id !== p.physical[i]!.id)) return false;
  }
  return true;
}

/** `snap` reduced to `tables` (no views, no MVs): what a plan of just these tables sees. */
export function subSnapshot(snap: ClusterSnapshot, tables: readonly TableInfo[]): ClusterSnapshot {
  const databases = new Map<string, DatabaseInfo & { tables: Map<string, TableInfo> }>();
  for (const t of tables) {
    const db = snap.databases.get(t.dbName)!;
    let sub = databases.get(t.dbName);
    if (!sub) databases.set(t.dbName, (sub = { ...db, tables: new Map(), views: new Map(), materializedViews: new Map() }));
    sub.tables.set(t.name, t);
  }
  return { ...snap, databases };
}
