// What the engine needs to run, derived once from the validated sync.properties (immutable).
import type { PlannerConfig } from '../planner/config.js';

export interface ClusterLogin {
  host: string;
  queryPort: number;
  user: string;
  password: string;
}

export interface EngineSettings {
  oneTimeRunMode: boolean;
  source: ClusterLogin;
  target: ClusterLogin;
  connectTimeoutMs: number;
  socketTimeoutMs: number;
  planner: PlannerConfig;
  /** Full catalog re-read period (meta_job_interval_seconds). */
  metaIntervalMs: number;
  /** Connections per cluster for metadata reads (meta_job_threads). */
  metaThreads: number;
  /** Re-check period for DDL when nothing is pending (ddl_job_interval_seconds). */
  ddlIntervalMs: number;
  /** DDL statements run concurrently (ddl_job_batch_size). */
  ddlConcurrency: number;
  /** Longest wait between submission waves when idle (replication_job_interval_seconds). */
  replicationIntervalMs: number;
  /** Replication RPCs sent concurrently per wave (replication_job_batch_size). */
  replicationConcurrency: number;
  reportIntervalMs: number;
  /** How often the source's partition versions are polled for new loads (srsync-only; default 1 s). */
  versionPollMs: number;
}
