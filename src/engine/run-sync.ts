// Entry point of a synchronization run: maps the validated sync.properties onto the engine and runs it.
import type { HostMap, SyncConfig } from '../config/index.js';
import { clusterLogin } from '../config/index.js';
import type { Logger } from '../log/index.js';
import { Migrator } from './migrator.js';
import type { EngineSettings } from './settings.js';
import { plannerConfigOf } from '../planner/config.js';
import { ExitCode, SyncError } from '../errors.js';
import { fanOut } from '../status/fanout.js';
import type { SyncObserver } from '../status/model.js';
import { srsyncVersion } from '../util/install.js';
import { runSteering } from '../steering/run.js';

export interface RunSyncOptions {
  config: SyncConfig;
  hostMap: HostMap;
  logger: Logger;
  signal: AbortSignal;
  /** Where the logs are (for the operator's one-line error). */
  logDir?: string;
  /** srsync's version for the status endpoint (default: package.json's). */
  version?: string;
  /** Also told about the run (the terminal's live view, src/progress/tty-view.ts). */
  observer?: SyncObserver;
  /** conf/ of the run: sync.properties is re-read for the steering keys, pause state under <home>/run (src/steering/). */
  confDir?: string;
}

/** How often new source versions are polled (srsync notices new loads within about this long). */
const VERSION_POLL_MS = 500;

export function engineSettings(c: SyncConfig): EngineSettings {
  return {
    oneTimeRunMode: c.oneTimeRunMode,
    source: clusterLogin(c, 'source'),
    target: clusterLogin(c, 'target'),
    jdbcConnectTimeoutMs: c.jdbcConnectTimeoutMs,
    jdbcSocketTimeoutMs: c.jdbcSocketTimeoutMs,
    planner: plannerConfigOf(c),
    privileges: {
      enablePrivilegeSync: c.enablePrivilegeSync,
      ddlJobAllowDropUserTargetOnly: c.ddlJobAllowDropUserTargetOnly,
      ddlJobAllowDropRoleTargetOnly: c.ddlJobAllowDropRoleTargetOnly,
      ddlJobAllowDropInconsistentUser: c.ddlJobAllowDropInconsistentUser,
      ddlJobAllowRevokeGrantTargetOnly: c.ddlJobAllowRevokeGrantTargetOnly,
      privilegeSyncExcludeUsers: c.privilegeSyncExcludeUsers,
      privilegeSyncExcludeRoles: c.privilegeSyncExcludeRoles,
      targetClusterUser: c.targetClusterUser,
    },
    metaJobIntervalSeconds: c.metaJobIntervalSeconds,
    metaJobThreads: c.metaJobThreads,
    ddlJobIntervalSeconds: c.ddlJobIntervalSeconds,
    ddlJobBatchSize: c.ddlJobBatchSize,
    replicationJobIntervalSeconds: c.replicationJobIntervalSeconds,
    replicationJobBatchSize: c.replicationJobBatchSize,
    reportIntervalSeconds: c.reportIntervalSeconds,
    versionPollMs: VERSION_POLL_MS,
  };
}

/** Runs one synchronization; errors that stop it (ClusterError, ...) propagate to the CLI, which maps them to exit codes. */
export async function runSync(o: RunSyncOptions): Promise<{ exitCode: number }> {
  // The status endpoint first (status_http_port > 0; its modules, prom-client's included, are loaded only then): a
  // port in use stops the run before any cluster is touched.
  const steer = runSteering({ config: o.config, confDir: o.confDir, log: o.logger.child('steering') });
  const status =
    o.config.statusHttpPort > 0
      ? await (
          await import('../status/service.js')
        ).startStatusService({
          config: o.config,
          version: o.version ?? srsyncVersion(),
          log: o.logger.child('status'),
          ...steer.status,
        })
      : null;
  let result: Awaited<ReturnType<Migrator['run']>>;
  try {
    steer.start();
    const observer = fanOut(status?.observer, o.observer);
    result = await new Migrator(engineSettings(o.config), o.hostMap, o.logger.child('sync'), observer, { steering: steer.steering }).run(o.signal);
  } finally {
    steer.close();
    await status?.close();
  }
  if (result.exitCode !== ExitCode.ok && result.unsynced.length > 0) {
    // One line for the operator; every reason is in sync.WARN.log.
    const n = result.unsynced.length;
    throw new SyncError(
      `${n} object(s) not synchronized: ${result.unsynced[0]}${n > 1 ? ` (and ${n - 1} more)` : ''}; see ${o.logDir ?? 'log'}/sync.WARN.log`,
    );
  }
  return { exitCode: result.exitCode };
}
