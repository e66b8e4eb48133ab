// What the run tells the operator about progress: the two log lines, the status endpoint's figures (progress, lag,
// the tables not in sync and why). The figures are the sync ledger's (sync-ledger.ts) and the scheduler's.
import type { Logger } from '../log/logger.js';
import type { ReplicationScheduler } from '../scheduler/replication-scheduler.js';
import type { ProgressUpdate, SyncObserver, UnsyncedTables } from '../status/model.js';
import { targetLag, unsyncedTables } from '../status/unsynced.js';
import { formatJobProgress, formatTableProgress } from '../progress/progress.js';
import type { JobProgress, TableProgress } from '../progress/progress.js';
import { ddlFailures, jobProgress, tableProgress } from './sync-ledger.js';
import type { SyncLedger } from './sync-ledger.js';
import type { RetryBook } from './retry-book.js';
import { formatPrivilegeProgress, type PrivilegeProgress } from '../planner/privileges.js';
import { ByteTracker } from '../progress/byte-tracker.js';

/** Most tables listed by name as not in sync on the status endpoint, and in a one-time run's verdict. */
export const UNSYNCED_SHOWN = 100;

/** The run's state the figures are computed from. */
export interface RunView {
  readonly ledger: SyncLedger;
  readonly scheduler: Pick<ReplicationScheduler, 'lastSuccess' | 'snapshotCounters' | 'tableStates' | 'failures'>;
  /** Objects the running DDL task works on. */
  readonly ddlInFlight: Iterable<string>;
  readonly book: RetryBook;
  /** Rename mapping: a table's target `db.table` (status shows `src → target`). */
  readonly targetKey?: (key: string) => string;
  /** Data size of the selected source tables at the last catalog read (copy-figures.ts). */
  readonly catalogBytes?: number;
}

export interface Progress {
  job: JobProgress;
  table: TableProgress;
}

/** The numbers of the two progress lines. */
export function progressOf(v: RunView): Progress {
  const synced = (k: string) => v.scheduler.lastSuccess.has(k);
  const states = v.scheduler.tableStates();
  const failures = v.scheduler.failures();
  return {
    job: jobProgress(
      v.ledger,
      { counters: v.scheduler.snapshotCounters(), busy: (k) => states.has(k), failed: (k) => failures.has(k) },
      v.ddlInFlight,
      v.book,
      synced,
    ),
    table: tableProgress(v.ledger, synced),
  };
}

/** The selected tables not in sync with their reasons (first `limit`, and the count). */
export function unsyncedOf(v: RunView, limit: number): UnsyncedTables {
  return unsyncedTables(
    {
      inScope: v.ledger.inScope,
      synced: v.scheduler.lastSuccess,
      expired: v.ledger.expired,
      lagging: v.ledger.lagging,
      jobs: v.scheduler.tableStates(),
      failures: v.scheduler.failures(),
      blocked: v.ledger.blocked,
      ddlFailures: ddlFailures(v.book),
      missing: v.ledger.missing,
      ...(v.targetKey ? { targetKey: v.targetKey } : {}),
    },
    limit,
  );
}

/** Tables whose job is on the target (sent, running, unknown): the count and the first `limit` by name. */
export function jobsInFlight(v: RunView, limit: number): NonNullable<ProgressUpdate['jobsInFlight']> {
  const tables: Array<{ table: string; state: 'sent' | 'running' | 'unknown' }> = [];
  for (const [table, state] of v.scheduler.tableStates())
    if (state === 'sent' || state === 'running' || state === 'unknown') tables.push({ table, state });
  tables.sort((a, b) => (a.table < b.table ? -1 : a.table > b.table ? 1 : 0));
  return { count: tables.length, tables: tables.slice(0, limit) };
}

/** Logs the progress lines and refreshes the status endpoint; nothing before the first full round (`view` null). */
export class ProgressPublisher {
  /** Bytes copied and behind, throughput, ETA, lag per table (the status endpoint's byte figures). */
  private readonly bytes: ByteTracker;
  /** When the byte figures last looked at the ledger. */
  private lastLook = -Infinity;

  constructor(
    private readonly log: Logger,
    private readonly observer: SyncObserver | null,
    private readonly view: () => RunView | null,
    /** enable_privilege_sync: the last comparison's figures (a third line); null: not synced. */
    private readonly privileges: () => PrivilegeProgress | null = () => null,
    private readonly now: () => number = Date.now,
  ) {
    this.bytes = new ByteTracker(now());
    observer?.onFullRead?.(() => this.look());
  }

  /** The byte figures take the ledger's new credits (every publish, and before a full round replaces the ledger). */
  private look(v: RunView | null = this.view()): void {
    if (!v?.ledger.bytes) return;
    const now = this.now();
    const since = this.lastLook;
    const states = v.scheduler.tableStates();
    this.bytes.observe(
      {
        ledger: v.ledger.bytes,
        inScope: v.ledger.inScope,
        ...(v.catalogBytes !== undefined ? { catalogBytes: v.catalogBytes } : {}),
        synced: (k) => v.scheduler.lastSuccess.has(k),
        jobActive: (k) => (states.get(k) ?? 'pending') !== 'pending' || (v.scheduler.lastSuccess.get(k) ?? -Infinity) >= since,
      },
      now,
    );
    this.lastLook = now;
  }

  /** The two progress lines (and the status endpoint's figures). */
  report(): void {
    const v = this.view();
    if (!v) return;
    const progress = progressOf(v);
    this.log.info(formatJobProgress(progress.job));
    this.log.info(formatTableProgress(progress.table));
    const privileges = this.privileges();
    if (privileges) this.log.info(formatPrivilegeProgress(privileges));
    this.publish(progress);
  }

  /** Gives the status endpoint the current progress (the log lines' numbers), lag and unsynchronized tables. */
  publish(progress?: Progress): void {
    const v = this.view();
    if (!this.observer || !v) return; // nothing to tell before the first round has read the catalogs
    const privileges = this.privileges();
    const now = this.now();
    this.look(v);
    const bytes = this.bytes.figures(now);
    const update: ProgressUpdate = {
      ...(progress ?? progressOf(v)),
      lag: targetLag(v.ledger.lagging, v.ledger.inScope),
      unsynced: unsyncedOf(v, UNSYNCED_SHOWN),
      ...(privileges ? { privileges } : {}),
      ...(bytes ? { bytes } : {}),
      jobsInFlight: jobsInFlight(v, UNSYNCED_SHOWN),
    };
    this.observer.progress(update);
  }
}
