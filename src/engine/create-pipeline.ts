// Creating many missing tables without waiting for all their DDL texts first: each table's SHOW CREATE TABLE is
// read by one of `readers`, planned alone, and its CREATE TABLE queued at once for one of `writers`; the first
// CREATE starts after one read, and reading overlaps creating. The caller injects the I/O and the one-table plan.
import type { DdlAction } from '../planner/actions.js';
import type { ClusterSnapshot } from '../model/snapshot.js';
import type { PlannerConfig } from '../planner/config.js';
import { plan } from '../planner/plan.js';
import { subSnapshot } from './scoped-plan.js';

export interface CreatePipelineDeps {
  readCreateSql(db: string, table: string): Promise<string>;
  /** The statements creating this table once its text is known; empty to leave the table to the next round. */
  planTable(db: string, table: string, createSql: string): DdlAction[];
  /** Runs one statement; true when it succeeded (or was already done). */
  apply(action: DdlAction): Promise<boolean>;
  /** A table's CREATE TABLE is being sent (source names): what its job needs can be read meanwhile. */
  onCreating?(db: string, table: string): void;
  /** A table was created on the target. */
  onCreated(db: string, table: string): void;
  /** Statements not done yet (texts to read + queued + running). */
  onPending(n: number): void;
}

export interface CreatePipelineResult {
  created: number;
  failed: number;
  /** Tables whose text could not be read or that need more than a CREATE TABLE: for the next round. */
  skipped: number;
  /** The tables not created (skipped or failed). */
  leftOver: Array<{ db: string; name: string }>;
}

export async function createTablesPipelined(
  tables: Array<{ db: string; name: string }>,
  readers: number,
  writers: number,
  deps: CreatePipelineDeps,
  signal?: AbortSignal,
): Promise<CreatePipelineResult> {
  const result: CreatePipelineResult = { created: 0, failed: 0, skipped: 0, leftOver: [] };
  const toRead = [...tables];
  const queue: DdlAction[] = [];
  let reading = 0;
  let running = 0;
  const waiters: Array<() => void> = [];
  const wakeAll = () => {
    for (const w of waiters.splice(0)) w();
  };
  const pending = () => deps.onPending(toRead.length + reading + queue.length + running);

  const skip = (t: { db: string; name: string }) => {
    result.skipped++;
    result.leftOver.push(t);
  };

  const reader = async () => {
    for (let t = toRead.shift(); t && !signal?.aborted; t = toRead.shift()) {
      reading++;
      try {
        const sql = await deps.readCreateSql(t.db, t.name);
        const actions = sql ? deps.planTable(t.db, t.name, sql) : [];
        if (actions.length === 0) skip(t);
        queue.push(...actions);
      } catch {
        skip(t);
      } finally {
        reading--;
        pending();
        wakeAll();
      }
    }
  };
  const writer = async () => {
    for (;;) {
      const a = queue.shift();
      if (a) {
        running++;
        if (a.kind === 'create_table') deps.onCreating?.(a.srcDb ?? a.db, a.srcTable ?? a.table ?? ''); // source names (rename mapping)
        const ok = await deps.apply(a).catch(() => false);
        running--;
        if (ok) {
          result.created++;
          deps.onCreated(a.srcDb ?? a.db, a.srcTable ?? a.table ?? a.name ?? ''); // source names (rename mapping)
        } else {
          result.failed++;
          result.leftOver.push({ db: a.db, name: a.table ?? a.name ?? '' });
        }
        pending();
        continue;
      }
      if (signal?.aborted || (toRead.length === 0 && reading === 0)) return;
      await new Promise<void>((r) => waiters.push(r));
    }
  };
  pending();
  const readersDone = Promise.all(Array.from({ length: Math.max(1, Math.min(readers, tables.length)) }, reader)).finally(wakeAll);
  await Promise.all([readersDone, ...Array.from({ length: Math.max(1, writers) }, writer)]);
  return result;
}

/**
 * The CREATE TABLE of one missing table once its text is known (planned on a copy of the source table with the
 * text); empty when the plan wants more than a CREATE TABLE for it (the next round plans it as a whole).
 */
export function planCreateTable(
  source: ClusterSnapshot,
  target: ClusterSnapshot,
  db: string,
  name: string,
  createSql: string,
  cfg: PlannerConfig,
): DdlAction[] {
  const t = source.databases.get(db)?.tables.get(name);
  if (!t) return [];
  const tgtDb = target.databases.get(db);
  const tgt: ClusterSnapshot = {
    ...target,
    databases: tgtDb ? new Map([[db, { ...tgtDb, tables: new Map(), views: new Map(), materializedViews: new Map() }]]) : new Map(),
  };
  const one = plan(subSnapshot(source, [{ ...t, createSql }]), tgt, cfg).ddl.filter((a) => a.kind !== 'create_database');
  return one.length > 0 && one.every((a) => a.kind === 'create_table') ? one : [];
}
