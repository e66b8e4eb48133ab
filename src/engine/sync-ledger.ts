// The sync ledger: which selected tables are in sync, lagging, expired, blocked, waiting for DDL or failing, and
// the figures of the manual's two progress lines derived from it (plain data and pure functions).
// The rule the progress lines keep: every selected table that is not in sync is counted somewhere other than
// `finished` (ddlPending, jobPending, sent, running, failed or unknown), so `Sync job progress` reads 100 % only
// when every selected table is in sync.
import type { Plan } from '../planner/actions.js';
import { blockedTables } from '../status/unsynced.js';
import type { JobProgress, TableProgress } from '../progress/progress.js';
import type { RetryBook } from './retry-book.js';
import { bytesJobFinished, bytesWithPlan, emptyByteLedger, type ByteLedger } from '../progress/bytes.js';

export interface SyncLedger {
  /** `db.table` keys selected on the source (last full catalog read). */
  inScope: Set<string>;
  /** Selected tables not on the target yet (created ones are removed as they are created). */
  missing: Set<string>;
  /** Synced once in this run and behind the source now. */
  expired: Set<string>;
  /** Partitions behind the source per table, as of the table's last plan minus jobs finished since. */
  lagging: Map<string, number>;
  /** Tables the plan cannot synchronize (missing src_ volume, layout mismatch, ...): the note's message. */
  blocked: Map<string, string>;
  /** Objects (`db.table`, `db.view`, `db`) with DDL in the last plan that has not succeeded yet. */
  ddl: Set<string>;
  /** Bytes behind per table and the finished jobs' credits (src/progress/bytes.ts; the status endpoint's figures). */
  bytes?: ByteLedger;
}

export function emptyLedger(): SyncLedger {
  return {
    inScope: new Set(),
    missing: new Set(),
    expired: new Set(),
    lagging: new Map(),
    blocked: new Map(),
    ddl: new Set(),
    bytes: emptyByteLedger(),
  };
}

const key = (db: string, table: string) => `${db}.${table}`;

/** The object a DDL action or a note is about. */
function objectOf(a: { db: string; table?: string; name?: string; srcDb?: string; srcTable?: string }): string {
  if (a.srcTable !== undefined) return key(a.srcDb!, a.srcTable); // rename mapping: the ledger keys source names
  return a.table !== undefined ? key(a.db, a.table) : a.name !== undefined ? key(a.db, a.name) : a.db;
}

/**
 * The ledger after a full round: `inScope` selected on the source, `onTarget` the tables the target has.
 * `synced(k)`: the table was synced at least once in this run (for expired).
 */
export function ledgerAfterFullRound(
  p: Plan,
  inScope: Iterable<string>,
  onTarget: (k: string) => boolean,
  synced: (k: string) => boolean,
  now: number = Date.now(),
): SyncLedger {
  const l = emptyLedger();
  for (const k of inScope) {
    l.inScope.add(k);
    if (!onTarget(k)) l.missing.add(k);
  }
  for (const a of p.ddl) l.ddl.add(objectOf(a));
  return withPlan(l, p, synced, now);
}

/** Folds a (full or scoped) plan's findings for the tables it covers into `l` (mutates and returns it). */
export function withPlan(l: SyncLedger, p: Plan, synced: (k: string) => boolean, now: number = Date.now()): SyncLedger {
  if (l.bytes) bytesWithPlan(l.bytes, p, now);
  const covered = new Set<string>([...p.replication.map((w) => key(w.db, w.table)), ...p.inSync]);
  for (const n of p.notes) if (n.table !== undefined) covered.add(key(n.db, n.table));
  for (const k of covered) l.blocked.delete(k);
  for (const [k, m] of blockedTables(p.notes)) l.blocked.set(k, m);
  for (const w of p.replication) {
    const k = key(w.db, w.table);
    if (synced(k)) l.expired.add(k);
    l.lagging.set(
      k,
      w.jobs.reduce((n, j) => n + j.partitions.length, 0),
    );
  }
  for (const k of p.inSync) {
    l.expired.delete(k);
    l.lagging.delete(k);
  }
  return l;
}

/** A table this run created on the target. */
export function tableCreated(l: SyncLedger, k: string): void {
  l.missing.delete(k);
  l.ddl.delete(k);
}

/** A job finished for `k` carrying `partitions` partitions. */
export function jobFinished(l: SyncLedger, k: string, partitions: number, now: number = Date.now()): void {
  if (l.bytes) bytesJobFinished(l.bytes, k, partitions, now);
  l.expired.delete(k);
  const lag = (l.lagging.get(k) ?? 0) - partitions;
  if (lag > 0) l.lagging.set(k, lag);
  else l.lagging.delete(k);
}

/** True when `k` is selected and in sync: synced at least once, nothing lagging, blocked, expired or missing. */
export function inSync(l: SyncLedger, k: string, synced: (k: string) => boolean): boolean {
  return synced(k) && !l.missing.has(k) && !l.blocked.has(k) && !l.expired.has(k) && !l.ddl.has(k) && (l.lagging.get(k) ?? 0) === 0;
}

export interface SchedulerView {
  counters: Omit<JobProgress, 'ddlPending'>;
  /** Tables with a job queued or in flight, and tables given up. */
  busy: (k: string) => boolean;
  failed: (k: string) => boolean;
}

/**
 * The numbers of `Sync job progress`. ddlPending: objects with DDL outstanding (running, failed and waiting for
 * its retry, or not created yet), each counted once. jobPending: the scheduler's queued jobs, plus every selected
 * table that is not in sync and is counted nowhere else (blocked, waiting for its first job, behind the source
 * between plans).
 */
export function jobProgress(
  l: SyncLedger,
  s: SchedulerView,
  ddlInFlight: Iterable<string>,
  book: RetryBook,
  synced: (k: string) => boolean,
): JobProgress {
  const ddl = new Set<string>(l.ddl);
  for (const k of l.missing) ddl.add(k);
  for (const o of ddlInFlight) ddl.add(o);
  for (const [subject, e] of book) if (subject.startsWith('ddl:')) ddl.add(e.object);
  let extraPending = 0;
  for (const k of l.inScope) {
    if (ddl.has(k) || s.busy(k) || s.failed(k) || inSync(l, k, synced)) continue;
    extraPending++;
  }
  return { ...s.counters, ddlPending: ddl.size, jobPending: s.counters.jobPending + extraPending };
}

/** The numbers of `Sync table progress`. */
export function tableProgress(l: SyncLedger, synced: (k: string) => boolean): TableProgress {
  let finished = 0;
  let expired = 0;
  for (const k of l.inScope) {
    if (synced(k)) finished++;
    if (l.expired.has(k)) expired++;
  }
  return { total: l.inScope.size, finished, expired };
}

/** Why each object with DDL failing waits (`db.table` → "DDL failed: <target's message>"), from the retry book. */
export function ddlFailures(book: RetryBook): Map<string, string> {
  const out = new Map<string, string>();
  for (const [subject, e] of book) {
    if (!subject.startsWith('ddl:') || out.has(e.object)) continue;
    out.set(e.object, `DDL failed (${e.attempts}×): ${e.what}: ${e.failure.message}`);
  }
  return out;
}

export interface OneTimeFacts {
  /** Jobs queued or in flight, DDL running, a round requested or re-reads pending. */
  busy: boolean;
  /** Work of the last plan that is neither done nor waiting for a retry (it will be tried at once). */
  actionable: number;
  /** Failed work (retry book): the object, the attempts made so far, and the line to report. */
  failures: ReadonlyArray<{ object: string; attempts: number; permanent: boolean; line: string }>;
  /** Blocking plan notes (missing src_ volume, schema differs and may not be dropped, ...). */
  blocks: ReadonlyArray<{ object: string; line: string }>;
}

/** Attempts a permanent failure gets in one-time mode before the run ends with it (a first try and two retries). */
export const ONE_TIME_ATTEMPTS = 3;
/** Rounds of retries (each of up to maxAttempts sends) a transient failure gets in one-time mode. */
export const ONE_TIME_TRANSIENT_ATTEMPTS = 5;

export type OneTimeVerdict = { kind: 'continue' } | { kind: 'done' } | { kind: 'failed'; unsynced: string[] };

/**
 * One-time mode ends when nothing is left to try: done when nothing failed or is blocked; failed, with one line
 * per object, when something selected could not be synced after its retries (or is blocked).
 */
export function oneTimeVerdict(f: OneTimeFacts): OneTimeVerdict {
  if (f.busy || f.actionable > 0) return { kind: 'continue' };
  if (f.failures.some((x) => x.attempts < (x.permanent ? ONE_TIME_ATTEMPTS : ONE_TIME_TRANSIENT_ATTEMPTS))) return { kind: 'continue' };
  const lines = new Map<string, string>();
  for (const x of [...f.failures, ...f.blocks]) if (!lines.has(x.object)) lines.set(x.object, x.line);
  return lines.size === 0 ? { kind: 'done' } : { kind: 'failed', unsynced: [...lines.values()] };
}
