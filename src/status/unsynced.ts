// Which tables in scope are not in sync on the target, and why (pure).
import { escapeControl } from '../log/escape.js';
import type { TargetLag, UnsyncedTables } from './model.js';

export type TableJobState = 'pending' | 'sent' | 'running' | 'finished' | 'failed' | 'unknown';

export interface TableSyncFacts {
  /** `db.table` keys in scope on the source. */
  inScope: Iterable<string>;
  /** Tables synchronized at least once. */
  synced: { has(key: string): boolean };
  /** Synced once, behind the source now. */
  expired: { has(key: string): boolean };
  /** Lagging partitions per table. */
  lagging: ReadonlyMap<string, number>;
  /** The state of each table's current replication job. */
  jobs: ReadonlyMap<string, TableJobState>;
  /** Tables given up after failed jobs, with the last error. */
  failures: ReadonlyMap<string, string>;
  /** Tables the plan cannot synchronize, with the plan's note. */
  blocked: ReadonlyMap<string, string>;
  /** Tables whose DDL failed on the target and waits for its retry: "DDL failed ...: <the target's message>". */
  ddlFailures?: ReadonlyMap<string, string>;
  /** Tables not created on the target yet. */
  missing?: { has(key: string): boolean };
  /** Rename mapping: the target's `db.table` of a table (shown as `src → target` when it differs). */
  targetKey?: (key: string) => string;
}

const JOB_TEXT: Record<TableJobState, string> = {
  pending: 'replication job pending',
  sent: 'replication job sent',
  running: 'replication job running',
  finished: 'replication job finished',
  failed: 'replication job failed',
  unknown: 'replication job state unknown',
};

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** Why `key` is not in sync, or null when it is. */
export function unsyncedReason(key: string, f: TableSyncFacts): string | null {
  const failure = f.failures.get(key);
  if (failure !== undefined) return `replication failed: ${failure}`;
  const ddl = f.ddlFailures?.get(key);
  if (ddl !== undefined) return ddl;
  const blocked = f.blocked.get(key);
  if (blocked !== undefined) return `blocked: ${blocked}`;
  const synced = f.synced.has(key);
  const lag = f.lagging.get(key) ?? 0;
  if (synced && lag === 0 && !f.expired.has(key)) return null;
  const what = !synced ? 'not synchronized yet' : lag > 0 ? `target behind the source (${plural(lag, 'partition')})` : 'target behind the source';
  const job = f.jobs.get(key);
  const waiting = f.missing?.has(key)
    ? 'waiting to be created on the target'
    : synced
      ? 'waiting for the next round'
      : 'waiting for DDL or the next round';
  return `${what}; ${job ? JOB_TEXT[job] : waiting}`;
}

/**
 * Every table in scope that is not in sync: the count, and the first `limit` (in `inScope` order) with their reasons
 * (names and FE messages with their control characters escaped: they are printed on the status page and terminals).
 */
export function unsyncedTables(f: TableSyncFacts, limit: number): UnsyncedTables {
  let count = 0;
  const tables: Array<{ table: string; reason: string }> = [];
  for (const key of f.inScope) {
    const reason = unsyncedReason(key, f);
    if (reason === null) continue;
    count++;
    const target = f.targetKey?.(key) ?? key;
    const shown = target === key ? key : `${key} → ${target}`;
    if (tables.length < limit) tables.push({ table: escapeControl(shown), reason: escapeControl(reason) });
  }
  return { count, tables };
}

/**
 * The first blocking plan note of each table (`db.table` → message). `missing_create_sql` is not a block: the plan
 * names every table the create pipeline is still reading and creating that way (the engine does not log it either).
 */
export function blockedTables(
  notes: ReadonlyArray<{ db: string; table?: string; reason?: string; message: string; blocking: boolean }>,
): Map<string, string> {
  const out = new Map<string, string>();
  for (const n of notes) {
    if (!n.blocking || n.table === undefined || n.reason === 'missing_create_sql') continue;
    const key = `${n.db}.${n.table}`;
    if (!out.has(key)) out.set(key, n.message);
  }
  return out;
}

/** Lagging partitions and tables among the tables in scope. */
export function targetLag(lagging: ReadonlyMap<string, number>, inScope: { has(key: string): boolean }): TargetLag {
  let partitions = 0;
  let tables = 0;
  for (const [key, n] of lagging) {
    if (n <= 0 || !inScope.has(key)) continue;
    partitions += n;
    tables++;
  }
  return { partitions, tables };
}
