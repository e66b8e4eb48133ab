// What the status endpoint knows about a run: the engine reports to a SyncObserver, the recorder keeps a
// StatusSnapshot, and /status and /metrics only read snapshots. Plain data throughout.
import type { JobProgress, TableProgress } from '../progress/progress.js';
import type { PrivilegeProgress } from '../planner/privileges.js';

export type { JobProgress, TableProgress };

/** `starting`: checking the clusters; `running`: the sync loop; `stopping`: finishing after a stop request. */
export type RunPhase = 'starting' | 'running' | 'stopping';

/** A table in scope that is not (yet, or no longer) in sync on the target, and why. */
export interface UnsyncedTable {
  /** `db.table`. */
  table: string;
  reason: string;
}

export interface UnsyncedTables {
  /** All such tables. */
  count: number;
  /** The first ones by name (bounded). */
  tables: UnsyncedTable[];
}

/** How far the target is behind, as of the last plan of each table (minus the jobs finished since). */
export interface TargetLag {
  /** Partitions whose target DataVersion is behind the source's VisibleVersion. */
  partitions: number;
  /** Tables with at least one such partition. */
  tables: number;
}

/** The numbers of the two progress lines, plus what the status endpoint adds. */
export interface ProgressUpdate {
  job: JobProgress;
  table: TableProgress;
  unsynced: UnsyncedTables;
  lag: TargetLag;
  /** enable_privilege_sync: the `Sync privilege progress` figures of the last full round. */
  privileges?: PrivilegeProgress;
}

export type CatalogReadKind = 'full' | 'scoped';
export type DdlOutcomeKind = 'applied' | 'failed';
export type JobEvent = 'sent' | 'finished' | 'failed' | 'retried' | 'deferred';
export type WarningLevel = 'WARN' | 'ERROR';

/** What the engine tells the status endpoint. Every method is cheap and never throws. */
export interface SyncObserver {
  phase(phase: RunPhase): void;
  /** Current progress (the engine's own numbers, as in the log lines). */
  progress(update: ProgressUpdate): void;
  ddl(outcome: DdlOutcomeKind): void;
  /** `failed` counts every failed attempt; `retried` the failed attempts queued again. */
  replicationJob(event: JobEvent): void;
  /** A catalog read: a full round (both catalogs and the plan) or a scoped re-read of some tables. */
  catalogRead(kind: CatalogReadKind, seconds: number, ok: boolean): void;
  /** A warning or error line as logged (already masked). */
  warning(level: WarningLevel, message: string): void;
}

export interface WarningEntry {
  /** Epoch ms. */
  at: number;
  level: WarningLevel;
  message: string;
}

export interface CatalogReadStats {
  count: number;
  failed: number;
  totalSeconds: number;
  lastSeconds: number | null;
}

export interface ActivityCounters {
  ddlApplied: number;
  ddlFailed: number;
  jobsSent: number;
  jobsFinished: number;
  jobsFailed: number;
  jobsRetried: number;
  backpressureDeferrals: number;
  warnings: number;
  errors: number;
}

/** Everything /status and /metrics show about the run (besides the static facts: version, config). */
export interface StatusSnapshot {
  phase: RunPhase;
  /** When `progress` was computed (epoch ms); null before the first update. */
  progressAt: number | null;
  progress: ProgressUpdate | null;
  counters: ActivityCounters;
  catalogReads: Record<CatalogReadKind, CatalogReadStats>;
  /** The most recent warnings, oldest first (bounded). */
  recentWarnings: WarningEntry[];
}
