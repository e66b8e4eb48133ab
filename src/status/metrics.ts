// GET /metrics: Prometheus text from a private prom-client Registry. Gauges and counters are set from a
// StatusSnapshot at each scrape (render); the catalog read histogram is fed as reads happen (observeCatalogRead).
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { CatalogReadKind, StatusSnapshot } from './model.js';

export const JOB_STATES = ['ddlPending', 'jobPending', 'sent', 'running', 'finished', 'failed', 'unknown'] as const;
export const TABLE_STATES = ['total', 'finished', 'unfinished', 'expired'] as const;
const READ_KINDS: readonly CatalogReadKind[] = ['full', 'scoped'];

/** Catalog reads take milliseconds on a small cluster and minutes on a large one. */
export const CATALOG_READ_BUCKETS = [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300];

export interface StatusMetrics {
  readonly registry: Registry;
  /** The Prometheus text for `snapshot` (plus the histogram and the process metrics). */
  render(snapshot: StatusSnapshot): Promise<string>;
  observeCatalogRead(kind: CatalogReadKind, seconds: number): void;
}

export interface StatusMetricsOptions {
  version: string;
  /** Process and Node.js metrics (process_cpu_seconds_total, nodejs_heap_size_used_bytes, ...). Default true. */
  defaultMetrics?: boolean;
}

const EMPTY: StatusSnapshot = {
  phase: 'starting',
  progressAt: null,
  progress: null,
  counters: {
    ddlApplied: 0,
    ddlFailed: 0,
    jobsSent: 0,
    jobsFinished: 0,
    jobsFailed: 0,
    jobsRetried: 0,
    backpressureDeferrals: 0,
    warnings: 0,
    errors: 0,
  },
  catalogReads: {
    full: { count: 0, failed: 0, totalSeconds: 0, lastSeconds: null },
    scoped: { count: 0, failed: 0, totalSeconds: 0, lastSeconds: null },
  },
  recentWarnings: [],
};

export function createStatusMetrics(options: StatusMetricsOptions): StatusMetrics {
  const registry = new Registry();
  const registers = [registry];
  // The snapshot being rendered: every collect() below runs synchronously at the start of registry.metrics().
  let current: StatusSnapshot = EMPTY;
  const snap = (): StatusSnapshot => current;
  const counter = (name: string, help: string, value: (s: StatusSnapshot) => number) =>
    new Counter({
      name,
      help,
      registers,
      collect() {
        this.reset();
        this.inc(value(snap()));
      },
    });

  new Gauge({
    name: 'srsync_info',
    help: 'srsync version (always 1)',
    labelNames: ['version'] as const,
    registers,
    collect() {
      this.set({ version: options.version }, 1);
    },
  });
  new Gauge({
    name: 'srsync_sync_jobs',
    help: 'Sync job progress as in the log line: jobs per state (total = the sum)',
    labelNames: ['state'] as const,
    registers,
    collect() {
      const p = snap().progress;
      for (const state of JOB_STATES) this.set({ state }, p ? p.job[state] : 0);
    },
  });
  new Gauge({
    name: 'srsync_sync_tables',
    help: 'Sync table progress as in the log line: tables in this run (total), with at least one successful sync (finished), without (unfinished), behind the source (expired)',
    labelNames: ['state'] as const,
    registers,
    collect() {
      const t = snap().progress?.table;
      const v = { total: t?.total ?? 0, finished: t?.finished ?? 0, unfinished: t ? t.total - t.finished : 0, expired: t?.expired ?? 0 };
      for (const state of TABLE_STATES) this.set({ state }, v[state]);
    },
  });
  new Gauge({
    name: 'srsync_tables_not_in_sync',
    help: 'Tables in scope not in sync on the target (never synchronized, behind the source, failed or blocked)',
    registers,
    collect() {
      this.set(snap().progress?.unsynced.count ?? 0);
    },
  });
  new Gauge({
    name: 'srsync_target_lagging_partitions',
    help: "Partitions whose target data version is behind the source's visible version (as of the last plan, minus jobs finished since)",
    registers,
    collect() {
      this.set(snap().progress?.lag.partitions ?? 0);
    },
  });
  new Gauge({
    name: 'srsync_target_lagging_tables',
    help: 'Tables with at least one lagging partition',
    registers,
    collect() {
      this.set(snap().progress?.lag.tables ?? 0);
    },
  });
  new Gauge({
    name: 'srsync_progress_updated_timestamp_seconds',
    help: 'When the progress numbers were last computed (Unix time; 0 before the first time)',
    registers,
    collect() {
      this.set((snap().progressAt ?? 0) / 1000);
    },
  });
  new Gauge({
    name: 'srsync_running',
    help: '1 while the sync loop runs (0 while checking the clusters at start and while stopping)',
    registers,
    collect() {
      this.set(snap().phase === 'running' ? 1 : 0);
    },
  });
  new Counter({
    name: 'srsync_ddl_statements_total',
    help: 'DDL statements run on the target, by result (applied includes already done)',
    labelNames: ['result'] as const,
    registers,
    collect() {
      const c = snap().counters;
      this.reset();
      this.inc({ result: 'applied' }, c.ddlApplied);
      this.inc({ result: 'failed' }, c.ddlFailed);
    },
  });
  // Bytes and time (src/progress/byte-tracker.ts). Unknown figures are NaN, never 0.
  const known = (v: number | null | undefined) => (v === null || v === undefined ? NaN : v);
  const gauge = (name: string, help: string, value: (s: StatusSnapshot) => number) =>
    new Gauge({
      name,
      help,
      registers,
      collect() {
        this.set(value(snap()));
      },
    });
  counter(
    'srsync_copied_bytes_total',
    "Source data size of the partitions brought to the source version by this run's finished replication jobs",
    (s) => s.progress?.bytes?.copiedBytes ?? 0,
  );
  gauge(
    'srsync_catalog_bytes',
    'Data size of the selected source tables at the last catalog read (srsync_copied_bytes_total above it: data copied more than once); NaN when unknown',
    (s) => known(s.progress?.bytes?.catalogBytes),
  );
  gauge(
    'srsync_copy_throughput_bytes_per_second',
    'srsync_copied_bytes_total per second over the last 5 minutes (or since the start); NaN when unknown',
    (s) => known(s.progress?.bytes?.bytesPerSecond),
  );
  new Gauge({
    name: 'srsync_copy_remaining_bytes',
    help: 'Source data size still behind: initial = of the tables not synchronized yet, catch_up = of all tables; NaN when a table has no known size yet',
    labelNames: ['copy'] as const,
    registers,
    collect() {
      const b = snap().progress?.bytes;
      this.set({ copy: 'initial' }, known(b?.initialCopy.remainingBytes));
      this.set({ copy: 'catch_up' }, known(b?.catchUp.remainingBytes));
    },
  });
  new Gauge({
    name: 'srsync_copy_eta_seconds',
    help: 'srsync_copy_remaining_bytes at the current throughput (0: nothing remains; NaN: unknown)',
    labelNames: ['copy'] as const,
    registers,
    collect() {
      const b = snap().progress?.bytes;
      this.set({ copy: 'initial' }, known(b?.initialCopy.etaSeconds));
      this.set({ copy: 'catch_up' }, known(b?.catchUp.etaSeconds));
    },
  });
  gauge(
    'srsync_initial_copy_total_bytes',
    'Initial copy: bytes credited to tables up to their first synchronization plus the bytes still behind of the tables not synchronized yet; NaN when unknown',
    (s) => known(s.progress?.bytes?.initialCopy.totalBytes),
  );
  gauge(
    'srsync_target_lag_versions',
    'Source VisibleVersion minus target DataVersion, summed over the partitions behind; NaN when a table has no known size yet',
    (s) => known(s.progress?.bytes?.lag.versions),
  );
  gauge(
    'srsync_target_lag_bytes',
    'Source data size of the partitions behind (as srsync_copy_remaining_bytes{copy="catch_up"}); NaN when unknown',
    (s) => known(s.progress?.bytes?.lag.bytes),
  );
  gauge(
    'srsync_target_lag_seconds',
    'Largest time since srsync first found a partition behind that is still behind (a lower bound of the age of the target data); NaN when unknown',
    (s) => known(s.progress?.bytes?.lag.seconds),
  );
  counter('srsync_replication_jobs_sent_total', 'Replication jobs the target accepted', (s) => s.counters.jobsSent);
  counter('srsync_replication_jobs_finished_total', 'Replication jobs finished (committed, or nothing to replicate)', (s) => s.counters.jobsFinished);
  counter(
    'srsync_replication_jobs_failed_total',
    'Failed replication job attempts (rejected, aborted, not delivered, lost)',
    (s) => s.counters.jobsFailed,
  );
  counter('srsync_replication_jobs_retried_total', 'Failed replication job attempts queued again', (s) => s.counters.jobsRetried);
  counter(
    'srsync_replication_backpressure_deferrals_total',
    'Replication jobs deferred by the target (slots full, table busy), sent again later',
    (s) => s.counters.backpressureDeferrals,
  );
  new Counter({
    name: 'srsync_metadata_rounds_total',
    help: 'Catalog reads: full rounds (both catalogs and the plan) and scoped re-reads of some tables',
    labelNames: ['kind'] as const,
    registers,
    collect() {
      const r = snap().catalogReads;
      this.reset();
      for (const kind of READ_KINDS) this.inc({ kind }, r[kind].count);
    },
  });
  new Counter({
    name: 'srsync_metadata_round_failures_total',
    help: 'Catalog reads that failed (retried)',
    labelNames: ['kind'] as const,
    registers,
    collect() {
      const r = snap().catalogReads;
      this.reset();
      for (const kind of READ_KINDS) this.inc({ kind }, r[kind].failed);
    },
  });
  new Counter({
    name: 'srsync_log_warnings_total',
    help: 'Warnings and errors logged by the sync engine, by level',
    labelNames: ['level'] as const,
    registers,
    collect() {
      const c = snap().counters;
      this.reset();
      this.inc({ level: 'WARN' }, c.warnings);
      this.inc({ level: 'ERROR' }, c.errors);
    },
  });
  new Counter({
    name: 'srsync_target_writes_total',
    help: 'Target partitions written outside replication (loaded on the target during migration), by how they were detected: version_txn_type (the partition turned TXN_NORMAL) or commit_guard (the target aborted a job at commit)',
    labelNames: ['detected_by'] as const,
    registers,
    collect() {
      const by = snap().targetWrites?.byDetection;
      this.reset();
      this.inc({ detected_by: 'version_txn_type' }, by?.version_txn_type ?? 0);
      this.inc({ detected_by: 'commit_guard' }, by?.commit_guard ?? 0);
    },
  });
  const reads = new Histogram({
    name: 'srsync_catalog_read_duration_seconds',
    help: 'Duration of catalog reads (full: both catalogs and the plan; scoped: some tables re-read)',
    labelNames: ['kind'] as const,
    buckets: CATALOG_READ_BUCKETS,
    registers,
  });
  for (const kind of READ_KINDS) reads.zero({ kind });
  if (options.defaultMetrics ?? true) collectDefaultMetrics({ register: registry });

  return {
    registry,
    render(snapshot) {
      current = snapshot;
      return registry.metrics();
    },
    observeCatalogRead: (kind, seconds) => reads.observe({ kind }, seconds),
  };
}
