// GET /status: the JSON document (pure). Passwords and secret keys appear only as ****** (redact).
import { hostPort as address } from '../util/address.js';
import { escapeControl } from '../log/escape.js';
import { redact, type SyncConfig } from '../config/index.js';
import { formatPrivilegeProgress, type PrivilegeProgress } from '../planner/privileges.js';
import {
  formatJobProgress,
  formatTableProgress,
  jobProgressRatio,
  jobTotal,
  tableProgressRatios,
  type JobProgress,
  type TableProgress,
} from '../progress/progress.js';
import type { SteeringDoc } from '../steering/status.js';
import type { ByteFigures, CatalogReadStats, RunPhase, StatusSnapshot, TargetLag, UnsyncedTable } from './model.js';

/** What does not change during a run. */
export interface StatusFacts {
  version: string;
  pid: number;
  /** Epoch ms. */
  startedAt: number;
  config: SyncConfig;
}

/** The job line's numbers (progress.ts) with its percentage and total. */
export type JobProgressDoc = { progress: string; total: number } & JobProgress;

/** The table line's numbers (progress.ts) with its ratios and the unfinished count. */
export type TableProgressDoc = { finishedTableRatio: string; expiredTableRatio: string; unfinished: number } & TableProgress;

export interface CatalogReadsDoc {
  count: number;
  failed: number;
  last_seconds: number | null;
  average_seconds: number | null;
}

/** Bytes still to copy for one goal; null = not known (a table concerned has no known size yet), never 0. */
export interface CopyDoc {
  remaining_bytes: number | null;
  /** The part of remaining_bytes over the tables whose size is known. */
  remaining_bytes_known: number;
  tables_size_unknown: number;
  /** remaining_bytes at the current throughput, rounded up; 0 when nothing remains; null when unknown. */
  eta_seconds: number | null;
  /** now + eta_seconds; null when unknown. */
  eta_time: string | null;
}

/** One table behind (or of unknown size): null figures are unknown. */
export interface TableLagDoc {
  table: string;
  /** Synchronized at least once in this run. */
  synced: boolean;
  /** The target has had all of its source data once in this run (e.g. found in sync while still empty). */
  initial_copy_done: boolean;
  partitions_behind: number | null;
  /** Source VisibleVersion − target DataVersion, summed over its partitions behind. */
  versions_behind: number | null;
  /** Source data size of its partitions behind. */
  bytes_behind: number | null;
  /** Seconds since srsync first found its oldest partition behind still behind (a lower bound of the data's age). */
  lag_seconds: number | null;
  copied_bytes: number;
}

/**
 * Bytes and time. Sizes are the source catalog's partition data sizes: a partition counts with its whole size
 * while its target is behind and is credited with it when its job finishes (a catch-up job moves only the new
 * versions: for catch-up these are the sizes of the partitions concerned, not bytes on the wire).
 */
export interface BytesDoc {
  /** Source data size of the partitions brought to the source version by this run's finished jobs. */
  copied_bytes: number;
  /** Data size of the selected source tables at the last catalog read; null when unknown. */
  catalog_bytes: number | null;
  /** copied_bytes / catalog_bytes (3 decimals): above 1 after the first copy, data was copied more than once; null when unknown or 0. */
  copied_to_catalog_ratio: number | null;
  /** copied_bytes per second over the last window_seconds (or since the start when shorter); null when unknown. */
  throughput_bytes_per_second: number | null;
  window_seconds: number;
  /**
   * Until the target has had all the source data of every table in scope once in this run (a table with several
   * jobs is done after its last one): tables, tables done, bytes credited to tables until done, bytes remaining.
   */
  initial_copy: CopyDoc & { tables: number; tables_done: number; copied_bytes: number; total_bytes: number | null };
  /** All data behind now, initial copy included: the target has everything the source had at its last read. */
  catch_up: CopyDoc;
  /**
   * The target's lag over the tables in scope (null: a table has no known size yet): versions (source VisibleVersion
   * − target DataVersion) and bytes summed over the partitions behind; seconds: the largest lag_seconds.
   */
  lag: { versions: number | null; bytes: number | null; seconds: number | null };
  /** Tables behind or of unknown size, most bytes behind first (unknown first), at most 100. */
  tables: TableLagDoc[];
  tables_behind: number;
}

/** The /status JSON. Progress fields carry the names of the manual's log lines. */
export interface StatusDocument {
  service: 'srsync';
  version: string;
  pid: number;
  start_time: string;
  uptime_seconds: number;
  phase: RunPhase;
  one_time_run_mode: boolean;
  source_fe: string;
  target_fe: string;
  /** null until the first progress is computed (the clusters are being checked). */
  progress: {
    updated_at: string;
    job: JobProgressDoc;
    table: TableProgressDoc;
    /** The two lines exactly as sync.INFO.log would print them now (and the privilege line with privilege sync). */
    lines: { job: string; table: string; privilege?: string };
    /** enable_privilege_sync: the `Sync privilege progress` figures. */
    privileges?: PrivilegeProgress;
  } | null;
  /** Partitions and tables behind (versions, bytes and seconds: `bytes.lag`). */
  target_lag: TargetLag;
  /** null until the first progress is computed. */
  bytes: BytesDoc | null;
  /** Tables whose replication job is on the target now (sent, running, or its fate unknown). */
  jobs_in_flight: { count: number; shown: number; tables: Array<{ table: string; state: string }> };
  tables_not_in_sync: { count: number; shown: number; tables: UnsyncedTable[] };
  activity: {
    ddl_applied: number;
    ddl_failed: number;
    replication_jobs_sent: number;
    replication_jobs_finished: number;
    replication_jobs_failed: number;
    replication_jobs_retried: number;
    backpressure_deferrals: number;
  };
  catalog_reads: { full: CatalogReadsDoc; scoped: CatalogReadsDoc };
  warnings: { count: number; errors: number; recent: Array<{ time: string; level: string; message: string }> };
  /**
   * Target partitions written outside replication (the target-write guard: loads into the target during migration),
   * each with its kind `target_write`, the table, the partition and the ERROR line (what was seen, the fix).
   */
  target_writes?: {
    count: number;
    by_detection: { version_txn_type: number; commit_guard: number };
    recent: Array<{ time: string; kind: 'target_write'; table: string; partition: string; detected_by: string; message: string }>;
  };
  /** sync.properties as in effect, every key; secrets as ******. */
  config: Readonly<Record<string, string>>;
  /** Pause and throttling (src/steering/status.ts): the limits in effect, bytes in flight, why jobs wait. */
  steering?: SteeringDoc;
}

const iso = (ms: number) => new Date(ms).toISOString();
const round3 = (n: number) => Math.round(n * 1000) / 1000;

function copyDoc(c: ByteFigures['catchUp'], now: number): CopyDoc {
  return {
    remaining_bytes: c.remainingBytes,
    remaining_bytes_known: c.remainingBytesKnown,
    tables_size_unknown: c.tablesSizeUnknown,
    eta_seconds: c.etaSeconds,
    eta_time: c.etaSeconds === null ? null : iso(now + c.etaSeconds * 1000),
  };
}

/** The byte figures as computed at `at` (the progress time: ETAs count from then). */
export function bytesDoc(b: ByteFigures, at: number): BytesDoc {
  return {
    copied_bytes: b.copiedBytes,
    catalog_bytes: b.catalogBytes,
    copied_to_catalog_ratio: b.catalogBytes ? Math.round((b.copiedBytes / b.catalogBytes) * 1000) / 1000 : null,
    throughput_bytes_per_second: b.bytesPerSecond === null ? null : Math.round(b.bytesPerSecond),
    window_seconds: b.windowSeconds,
    initial_copy: {
      tables: b.initialCopy.tables,
      tables_done: b.initialCopy.tablesDone,
      copied_bytes: b.initialCopy.copiedBytes,
      total_bytes: b.initialCopy.totalBytes,
      ...copyDoc(b.initialCopy, at),
    },
    catch_up: copyDoc(b.catchUp, at),
    lag: { ...b.lag },
    tables: b.tables.map((t) => ({
      table: escapeControl(t.table),
      synced: t.synced,
      initial_copy_done: t.initialCopyDone,
      partitions_behind: t.partitions,
      versions_behind: t.versions,
      bytes_behind: t.bytes,
      lag_seconds: t.seconds,
      copied_bytes: t.copiedBytes,
    })),
    tables_behind: b.tablesBehind,
  };
}

function reads(r: CatalogReadStats): CatalogReadsDoc {
  return {
    count: r.count,
    failed: r.failed,
    last_seconds: r.lastSeconds === null ? null : round3(r.lastSeconds),
    average_seconds: r.count === 0 ? null : round3(r.totalSeconds / r.count),
  };
}

export function statusDocument(facts: StatusFacts, s: StatusSnapshot, now: number): StatusDocument {
  const c = facts.config;
  const p = s.progress;
  return {
    service: 'srsync',
    version: facts.version,
    pid: facts.pid,
    start_time: iso(facts.startedAt),
    uptime_seconds: Math.max(0, Math.floor((now - facts.startedAt) / 1000)),
    phase: s.phase,
    one_time_run_mode: c.oneTimeRunMode,
    source_fe: address(c.sourceFeHost, c.sourceFeQueryPort),
    target_fe: address(c.targetFeHost, c.targetFeQueryPort),
    progress: p
      ? {
          updated_at: iso(s.progressAt ?? now),
          job: { progress: jobProgressRatio(p.job), total: jobTotal(p.job), ...p.job },
          table: {
            ...tableProgressRatios(p.table),
            total: p.table.total,
            finished: p.table.finished,
            unfinished: p.table.total - p.table.finished,
            expired: p.table.expired,
          },
          lines: {
            job: formatJobProgress(p.job),
            table: formatTableProgress(p.table),
            ...(p.privileges ? { privilege: formatPrivilegeProgress(p.privileges) } : {}),
          },
          ...(p.privileges ? { privileges: p.privileges } : {}),
        }
      : null,
    target_lag: p ? { ...p.lag } : { partitions: 0, tables: 0 },
    bytes: p?.bytes ? bytesDoc(p.bytes, s.progressAt ?? now) : null,
    jobs_in_flight: {
      count: p?.jobsInFlight?.count ?? 0,
      shown: p?.jobsInFlight?.tables.length ?? 0,
      tables: (p?.jobsInFlight?.tables ?? []).map((t) => ({ table: escapeControl(t.table), state: t.state })),
    },
    // Names and FE messages escaped (control characters), whoever built the list: `srsync status` prints them.
    tables_not_in_sync: p
      ? {
          count: p.unsynced.count,
          shown: p.unsynced.tables.length,
          tables: p.unsynced.tables.map((t) => ({ ...t, table: escapeControl(t.table), reason: escapeControl(t.reason) })),
        }
      : { count: 0, shown: 0, tables: [] },
    activity: {
      ddl_applied: s.counters.ddlApplied,
      ddl_failed: s.counters.ddlFailed,
      replication_jobs_sent: s.counters.jobsSent,
      replication_jobs_finished: s.counters.jobsFinished,
      replication_jobs_failed: s.counters.jobsFailed,
      replication_jobs_retried: s.counters.jobsRetried,
      backpressure_deferrals: s.counters.backpressureDeferrals,
    },
    catalog_reads: { full: reads(s.catalogReads.full), scoped: reads(s.catalogReads.scoped) },
    warnings: {
      count: s.counters.warnings,
      errors: s.counters.errors,
      recent: s.recentWarnings.map((w) => ({ time: iso(w.at), level: w.level, message: escapeControl(w.message) })),
    },
    target_writes: {
      count: s.targetWrites?.count ?? 0,
      by_detection: { version_txn_type: 0, commit_guard: 0, ...s.targetWrites?.byDetection },
      recent: (s.targetWrites?.recent ?? []).map((w) => ({
        time: iso(w.at),
        kind: 'target_write' as const,
        table: escapeControl(w.table),
        partition: escapeControl(w.partition),
        detected_by: w.detectedBy,
        message: escapeControl(w.message),
      })),
    },
    config: redact(c),
  };
}
