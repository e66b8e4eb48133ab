// Rounds over a few tables, between full rounds: tables whose source moved on (re-read on both sides, planned
// against the last snapshots, scoped-plan.ts), and tables this run just created on the target (re-read there and
// planned at once, so their replication starts without waiting for the next full round). They read and decide;
// the Migrator writes the outcome into its snapshots and offers the jobs.
import type { ClusterInspector } from '../inspector/inspector.js';
import type { Logger } from '../log/logger.js';
import type { TableInfo } from '../model/snapshot.js';
import type { Plan } from '../planner/actions.js';
import type { PlannerConfig } from '../planner/config.js';
import { makeNameMapping } from '../planner/name-mapping.js';
import { plan } from '../planner/plan.js';
import type { Scope } from '../planner/scope.js';
import type { SyncObserver } from '../status/model.js';
import { planScoped, subSnapshot } from './scoped-plan.js';
import type { SnapshotPair, TableUpdates } from './scoped-plan.js';

/** Most tables re-read by one scoped round. */
export const SCOPED_BATCH = 500;

export interface TableName {
  readonly db: string;
  readonly table: string;
}

export type ScopedRoundOutcome =
  /** Nothing to plan (or the read failed and the next round will). */
  | { kind: 'none' }
  /** Something structural: the catalogs must be read. */
  | { kind: 'full_round' }
  /** Only the snapshots learn something (e.g. new tables whose plan wants DDL: the next full round). */
  | { kind: 'updates'; updates: TableUpdates }
  | { kind: 'plan'; plan: Plan; updates: TableUpdates; readAt: number };

export interface ScopedRoundDeps {
  readonly cfg: PlannerConfig;
  readonly source: Pick<ClusterInspector, 'tables'>;
  readonly target: Pick<ClusterInspector, 'tables'>;
  readonly observer: SyncObserver | null;
  readonly log: Logger;
  readonly now: () => number;
}

/** Takes (and removes) up to `n` entries of `waiting`, oldest first. */
export function takeBatch<V>(waiting: Map<string, V>, n: number = SCOPED_BATCH): Array<[string, V]> {
  const batch = [...waiting.entries()].slice(0, n);
  for (const [k] of batch) waiting.delete(k);
  return batch;
}

export type ReplanSelection = { kind: 'full_round' } | { kind: 'tables'; tables: Array<{ key: string; src: TableInfo; tgt: TableInfo }> };

/**
 * Which tables of `batch` a scoped round re-plans: selected ones not held back (`held`), known on both sides.
 * A table new on the source or not created on the target yet needs a full round.
 */
export function replanSelection(
  last: SnapshotPair,
  batch: ReadonlyArray<[string, TableName]>,
  scope: Scope,
  held: (key: string) => boolean,
  /** Rename mapping: a source table's names on the target. */
  targetName: (db: string, table: string) => TableName = (db, table) => ({ db, table }),
): ReplanSelection {
  const tables: Array<{ key: string; src: TableInfo; tgt: TableInfo }> = [];
  for (const [key, { db, table }] of batch) {
    if (!scope.object(db, table) || held(key)) continue;
    const src = last.source.databases.get(db)?.tables.get(table);
    const tn = targetName(db, table);
    const tgt = last.target.databases.get(tn.db)?.tables.get(tn.table);
    if (!src || !tgt) return { kind: 'full_round' };
    tables.push({ key, src, tgt });
  }
  return { kind: 'tables', tables };
}

/** Times a read of some tables for the status endpoint's catalog-read figures. */
async function timedRead<T>(deps: ScopedRoundDeps, read: () => Promise<T>): Promise<T> {
  const start = performance.now();
  try {
    const out = await read();
    deps.observer?.catalogRead('scoped', (performance.now() - start) / 1000, true);
    return out;
  } catch (e) {
    deps.observer?.catalogRead('scoped', (performance.now() - start) / 1000, false);
    throw e;
  }
}

/**
 * Re-plans the selected tables: re-reads them on both sides (filtered information_schema queries) and plans them
 * against the last snapshots. Anything structural (a table gone or re-created, new or dropped partitions, other
 * columns, DDL in the plan) asks for a full round instead.
 */
export async function replanTables(
  last: SnapshotPair,
  tables: ReadonlyArray<{ key: string; src: TableInfo; tgt: TableInfo }>,
  deps: ScopedRoundDeps,
): Promise<ScopedRoundOutcome> {
  if (tables.length === 0) return { kind: 'none' };
  const readAt = deps.now();
  let fresh: [Map<string, TableInfo>, Map<string, TableInfo>];
  try {
    fresh = await timedRead(deps, () => Promise.all([deps.source.tables(tables.map((x) => x.src)), deps.target.tables(tables.map((x) => x.tgt))]));
  } catch (e) {
    deps.log.warn(`Cannot re-read ${tables.length} table(s): ${(e as Error).message}; reading the catalogs`);
    return { kind: 'full_round' };
  }
  const outcome = planScoped(
    last,
    tables.map(({ key, src, tgt }) => ({
      key,
      lastSource: src,
      lastTarget: tgt,
      freshSource: fresh[0].get(key),
      freshTarget: fresh[1].get(`${tgt.dbName}.${tgt.name}`),
    })),
    deps.cfg,
  );
  return outcome.kind === 'full_round' ? { kind: 'full_round' } : { kind: 'plan', plan: outcome.plan, updates: outcome.updates, readAt };
}

/** The source tables of `batch` that a new-table round can plan: known on the source, their database on the target. */
export function createdSources(
  last: SnapshotPair,
  batch: ReadonlyArray<[string, TableName]>,
  /** Rename mapping: a source table's names on the target. */
  targetName: (db: string, table: string) => TableName = (db, table) => ({ db, table }),
): TableInfo[] {
  return batch
    .map(([, t]) => last.source.databases.get(t.db)?.tables.get(t.table))
    .filter((t): t is TableInfo => t !== undefined && last.target.databases.has(targetName(t.dbName, t.name).db));
}

/**
 * A table just created on the target as the next plan should see it: CREATE TABLE returns once the table is
 * visible and NORMAL (notes/decisions/engine.md), its text and bitmap indexes are not read.
 */
export function asCreated(t: TableInfo): TableInfo {
  return { ...t, state: 'NORMAL', createSql: '', bitmapIndexes: [] };
}

/**
 * Tables this run just created on the target: re-read there (their ids, partitions) and planned against the
 * source, so that their replication starts now rather than after the next full round.
 */
export async function planCreatedTables(last: SnapshotPair, srcs: readonly TableInfo[], deps: ScopedRoundDeps): Promise<ScopedRoundOutcome> {
  if (srcs.length === 0) return { kind: 'none' };
  const readAt = deps.now();
  // Rename mapping: each table is read on the target under its target names.
  const names = makeNameMapping(deps.cfg);
  const onTarget = (s: TableInfo): TableInfo => {
    const tn = names.targetName(s.dbName, s.name);
    return tn.db === s.dbName && tn.table === s.name ? s : { ...s, dbName: tn.db, name: tn.table };
  };
  let fresh: Map<string, TableInfo>;
  try {
    fresh = await timedRead(deps, () => deps.target.tables(srcs.map(onTarget)));
  } catch (e) {
    deps.log.warn(`Cannot read ${srcs.length} new table(s) on the target: ${(e as Error).message}; the next round will`);
    return { kind: 'none' };
  }
  const pairs = srcs.flatMap((src) => {
    const tn = onTarget(src);
    const t = fresh.get(`${tn.dbName}.${tn.name}`);
    return t ? [{ src, tgt: asCreated(t) }] : [];
  });
  if (pairs.length === 0) return { kind: 'none' };
  const updates: TableUpdates = { source: [], target: pairs.map((x) => x.tgt) };
  const p = plan(
    subSnapshot(
      last.source,
      pairs.map((x) => x.src),
    ),
    subSnapshot(last.target, updates.target),
    deps.cfg,
  );
  if (p.ddl.length > 0) return { kind: 'updates', updates }; // e.g. bitmap indexes: the next full round
  return { kind: 'plan', plan: p, updates, readAt };
}
