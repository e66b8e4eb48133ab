// The status endpoint of one `srsync run`: recorder (fed by the engine) + metrics + HTTP server, started before
// any cluster is touched when status_http_port is set, closed when the run ends.
import type { SyncConfig } from '../config/index.js';
import type { Logger } from '../log/index.js';
import { statusDocument } from './document.js';
import { createStatusMetrics } from './metrics.js';
import type { SyncObserver } from './model.js';
import { StatusRecorder } from './recorder.js';
import { StatusServer } from './server.js';
import { watchWarnings } from './warnings.js';

export interface StatusService {
  /** What the engine reports to. */
  readonly observer: SyncObserver;
  /** The bound port. */
  readonly port: number;
  readonly url: string;
  /** Stops the endpoint and its watch of the run's warnings. */
  close(): Promise<void>;
}

export interface StatusServiceOptions {
  config: SyncConfig;
  version: string;
  /** For the one line saying where the endpoint listens, and server errors; its warnings and errors (and those of
   * every logger sharing its files) are shown on /status. */
  log: Logger;
  now?: () => number;
  /** Process and Node.js metrics. Default true. */
  defaultMetrics?: boolean;
  /** Overrides config.statusHttpPort (tests: 0 = any free port). */
  port?: number;
}

/**
 * Starts the endpoint on status_http_host:status_http_port. Throws ConfigError (exit 2) when it cannot listen,
 * e.g. the port is in use.
 */
export async function startStatusService(o: StatusServiceOptions): Promise<StatusService> {
  const now = o.now ?? Date.now;
  const startedAt = now();
  const metrics = createStatusMetrics({ version: o.version, defaultMetrics: o.defaultMetrics });
  const recorder = new StatusRecorder({ now, onCatalogRead: metrics.observeCatalogRead });
  const facts = { version: o.version, pid: process.pid, startedAt, config: o.config };
  const server = await StatusServer.start(
    {
      status: () => statusDocument(facts, recorder.snapshot(), now()),
      metrics: async () => ({ contentType: metrics.registry.contentType, body: await metrics.render(recorder.snapshot()) }),
    },
    { host: o.config.statusHttpHost, port: o.port ?? o.config.statusHttpPort, onError: (e) => o.log.warn(`Status endpoint error: ${e.message}`) },
  );
  o.log.info(`Status endpoint listening on ${server.url} (GET /status, GET /metrics)`);
  const unwatch = watchWarnings(o.log, (level, message) => recorder.warning(level, message));
  return {
    observer: recorder,
    port: server.port,
    url: server.url,
    close: () => {
      unwatch();
      return server.close();
    },
  };
}
