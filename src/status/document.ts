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
import type { CatalogReadStats, RunPhase, StatusSnapshot, TargetLag, UnsyncedTable } from './model.js';

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
  target_lag: TargetLag;
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
  /** sync.properties as in effect, every key; secrets as ******. */
  config: Readonly<Record<string, string>>;
}

const iso = (ms: number) => new Date(ms).toISOString();
const round3 = (n: number) => Math.round(n * 1000) / 1000;

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
    config: redact(c),
  };
}
