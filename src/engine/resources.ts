// What a run holds open: the connection pools to both clusters (catalog reads, DDL), the inspectors over them,
// the DDL applier, and the job sender (its own pools and the RPC client). Pool sizes are derived here, from the
// keys that bound the work each pool serves. The Migrator takes these as one object, so a test can pass fakes.
import { SqlClient } from '../cluster/sql-client.js';
import type { SqlClientOptions } from '../cluster/sql-client.js';
import type { RpcEndpoint } from '../cluster/fe-rpc-client.js';
import { ClusterInspector } from '../inspector/inspector.js';
import { DdlApplier } from '../applier/ddl-applier.js';
import type { Logger } from '../log/logger.js';
import type { SyncObserver } from '../status/model.js';
import { JobSender } from './job-sender.js';
import type { EngineSettings } from './settings.js';

/** One cluster as the engine reads it: its SQL pool and the inspector over it (never writes). */
export interface ClusterSide {
  readonly sql: SqlClient;
  readonly inspector: ClusterInspector;
}

export interface EngineResources {
  readonly source: ClusterSide;
  readonly target: ClusterSide;
  /** The only writer of target DDL. */
  readonly applier: Pick<DdlApplier, 'apply'>;
  /** The only sender of replication jobs. */
  readonly sender: Pick<JobSender, 'send' | 'listTargetJobs' | 'checkArrival' | 'forgetIndexes'> &
    /** Reads ahead (optional: test doubles send without them). */
    Partial<Pick<JobSender, 'prepare' | 'prepareSource' | 'range'>>;
  close(): Promise<void>;
}

/** What the job sender learns after the preflight (the target leader's rpc address, the source's service id). */
export interface SenderFacts {
  rpc: () => RpcEndpoint;
  srcServiceId: () => string;
  /** A table's layout changed since its plan: a full round is due. */
  onLayoutChanged: () => void;
}

/** Pool sizes: catalog reads take meta_job_threads connections, DDL ddl_job_batch_size (+2 for reads), jobs replication_job_batch_size. */
export function poolSizes(s: Pick<EngineSettings, 'metaJobThreads' | 'ddlJobBatchSize' | 'replicationJobBatchSize'>): {
  source: number;
  target: number;
  sender: number;
} {
  const meta = Math.max(2, s.metaJobThreads);
  return { source: meta, target: Math.max(meta, s.ddlJobBatchSize + 2), sender: Math.max(2, s.replicationJobBatchSize) };
}

/** Opens the pools (lazily connecting) for a run with these settings. */
export function openResources(settings: EngineSettings, log: Logger, observer: SyncObserver | null, facts: SenderFacts): EngineResources {
  const sizes = poolSizes(settings);
  const opts: SqlClientOptions = {
    connectTimeoutMs: settings.jdbcConnectTimeoutMs,
    queryTimeoutMs: settings.jdbcSocketTimeoutMs,
    connectionLimit: sizes.source,
  };
  const sourceSql = new SqlClient(settings.source, opts);
  const targetSql = new SqlClient(settings.target, { ...opts, connectionLimit: sizes.target });
  const sender = new JobSender({
    source: settings.source,
    target: settings.target,
    sql: { ...opts, connectionLimit: sizes.sender },
    rpc: facts.rpc,
    rpcTimeoutMs: Math.max(settings.jdbcSocketTimeoutMs, 5000),
    srcServiceId: facts.srcServiceId,
    onLayoutChanged: facts.onLayoutChanged,
    log,
  });
  return {
    source: { sql: sourceSql, inspector: new ClusterInspector(sourceSql) },
    target: { sql: targetSql, inspector: new ClusterInspector(targetSql) },
    applier: new DdlApplier(targetSql, log, settings.ddlJobBatchSize, observer ? (ok) => observer.ddl(ok ? 'applied' : 'failed') : undefined),
    sender,
    close: async () => {
      await Promise.all([sourceSql.close(), targetSql.close(), sender.close()]);
    },
  };
}
