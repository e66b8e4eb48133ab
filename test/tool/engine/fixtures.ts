// Fakes for running the Migrator without a simulator: engine settings at small sizes and the preflight's facts.
import type { EngineSettings } from '../../../src/engine/settings.js';
import type { PreflightResult } from '../../../src/engine/preflight.js';
import { plannerConfig } from '../../../src/planner/config.js';

/** One-time mode, small pools, no version polling to speak of, reports only when asked. */
export const engineSettings: EngineSettings = {
  oneTimeRunMode: true,
  source: { host: 'src', port: 9030, user: 'root', password: '' },
  target: { host: 'tgt', port: 9030, user: 'root', password: '' },
  jdbcConnectTimeoutMs: 1000,
  jdbcSocketTimeoutMs: 1000,
  planner: plannerConfig(),
  metaJobIntervalSeconds: 180,
  metaJobThreads: 2,
  ddlJobIntervalSeconds: 5,
  ddlJobBatchSize: 2,
  replicationJobIntervalSeconds: 10,
  replicationJobBatchSize: 2,
  reportIntervalSeconds: 300,
  versionPollMs: 60_000,
};

/** Two 4.1 shared-data clusters, every check passed. */
export const preflightFacts: PreflightResult = {
  warnings: [],
  source: {
    version: '4.1.0',
    runMode: 'shared_data',
    leader: {} as never,
    rpc: { host: 'src', port: 9020 },
    http: { host: 'src', port: 8030 },
    serviceId: 'svc',
  },
  target: {
    version: '4.1.0',
    runMode: 'shared_data',
    leader: {} as never,
    rpc: { host: 'tgt', port: 9020 },
    http: { host: 'tgt', port: 8030 },
    maxParallelTables: 10,
  },
};
