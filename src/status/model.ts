// What the status endpoint knows about a run: the engine reports to a SyncObserver, the recorder keeps a
// StatusSnapshot, and /status and /metrics only read snapshots. Plain data throughout.
import type { JobProgress, TableProgress } from '../progress/progress.js';
import type { PrivilegeProgress } from '../planner/privileges.js';
import type { ByteFigures } from '../progress/byte-tracker.js';

export type { JobProgress, TableProgress, ByteFigures };

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
  /** Bytes copied and behind, throughput, ETA, lag in versions, bytes and seconds (src/progress/byte-tracker.ts). */
  bytes?: ByteFigures;
  /** Tables whose replication job is on the target now (sent, running, or its fate unknown): count and the first ones. */
  jobsInFlight?: { count: number; tables: Array<{ table: string; state: 'sent' | 'running' | 'unknown' }> };
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
  /** A write to a target table that did not come from replication (the target-write guard), once per write. */
  targetWrite?(event: TargetWriteEvent): void;
  /**
   * Calls `listener` after each full catalog read (just before the engine replaces its sync ledger: the byte
   * figures take the old ledger's last credits then); returns the unsubscribe.
   */
  onFullRead?(listener: () => void): () => void;
}

/** The warning kind of the target-write guard (src/engine/target-write-guard.ts). */
export type TargetWriteDetection = 'version_txn_type' | 'commit_guard';

/** A target partition written outside replication: the ERROR line's facts. */
export interface TargetWriteEvent {
  /** `db.table`. */
  table: string;
  partition: string;
  /** The partition's VersionTxnType turned TXN_NORMAL, or the target's commit-time guard aborted a job. */
  detectedBy: TargetWriteDetection;
  /** The line as logged: what was seen and the fix. */
  message: string;
}

export interface TargetWriteEntry extends TargetWriteEvent {
  /** Epoch ms. */
  at: number;
}

/** Every target write reported in this run (count) and the most recent ones (bounded). */
export interface TargetWrites {
  count: number;
  /** The count by how each write was detected. */
  byDetection: Record<TargetWriteDetection, number>;
  recent: TargetWriteEntry[];
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
  /** Target partitions written outside replication (absent: none reported). */
  targetWrites?: TargetWrites;
}
