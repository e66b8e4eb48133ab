// The optional status endpoint (status_http_port): GET /status (JSON), GET /metrics (Prometheus), and the
// `srsync status` command that reads it.
export type {
  ActivityCounters,
  CatalogReadKind,
  JobEvent,
  ProgressUpdate,
  RunPhase,
  StatusSnapshot,
  SyncObserver,
  TargetLag,
  TargetWriteDetection,
  TargetWriteEntry,
  TargetWriteEvent,
  TargetWrites,
  UnsyncedTable,
  UnsyncedTables,
  WarningEntry,
} from './model.js';
export { StatusRecorder, RECENT_WARNINGS, type StatusRecorderOptions } from './recorder.js';
export { createStatusMetrics, CATALOG_READ_BUCKETS, JOB_STATES, TABLE_STATES, type StatusMetrics, type StatusMetricsOptions } from './metrics.js';
export { statusDocument, type StatusDocument, type StatusFacts } from './document.js';
export { StatusServer, type StatusRoutes, type ListenOptions } from './server.js';
export { startStatusService, type StatusService, type StatusServiceOptions } from './service.js';
export { unsyncedTables, unsyncedReason, blockedTables, targetLag, type TableSyncFacts, type TableJobState } from './unsynced.js';
export { watchWarnings } from './warnings.js';
export { statusCommand, formatStatus, type StatusCommandOptions, type StatusCommandIo } from './command.js';
