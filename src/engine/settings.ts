// What the engine needs to run, derived once from the validated sync.properties (immutable). One name per fact:
// a key's value keeps its SyncConfig name (the key in camelCase) all the way to its use.
import type { ClusterLogin, SyncConfig } from '../config/sync-config.js';
import type { PlannerConfig } from '../planner/config.js';
import type { PrivilegeSyncConfig } from '../planner/privileges.js';

export type { ClusterLogin };

export type EngineSettings = Pick<
  SyncConfig,
  | 'oneTimeRunMode'
  | 'jdbcConnectTimeoutMs'
  | 'jdbcSocketTimeoutMs'
  /** Full catalog re-read period. */
  | 'metaJobIntervalSeconds'
  /** Connections per cluster for metadata reads; readers of the create pipeline. */
  | 'metaJobThreads'
  /** DDL statements run at once (the applier, the create pipeline's writers). */
  | 'ddlJobBatchSize'
  /** Re-check period for DDL when nothing is pending (not a pause: README "How srsync reads the official keys"). */
  | 'ddlJobIntervalSeconds'
  /** Replication RPCs in flight at once (the scheduler's senders and the job sender's connections). */
  | 'replicationJobBatchSize'
  /** Longest wait between submissions when idle (not a pause). */
  | 'replicationJobIntervalSeconds'
  | 'reportIntervalSeconds'
> & {
  readonly source: ClusterLogin;
  readonly target: ClusterLogin;
  readonly planner: PlannerConfig;
  /** enable_privilege_sync and its keys (under their SyncConfig names), with target_cluster_user (never changed); absent: off. */
  readonly privileges?: PrivilegeSyncConfig;
  /** How often the source's partition versions are polled for new loads (srsync-only; default 1 s). */
  readonly versionPollMs: number;
};

/** An interval key's value (seconds, fractions allowed) in whole milliseconds. */
export const ms = (seconds: number): number => Math.round(seconds * 1000);
