// The status endpoint of one `srsync run`: recorder (fed by the engine) + metrics + HTTP server, started before
// any cluster is touched when status_http_port is set, closed when the run ends.
import { readFileSync } from 'node:fs';
import type { SyncConfig } from '../config/index.js';
import { isLoopbackHost } from '../config/status-keys.js';
import { ConfigError } from '../errors.js';
import type { Logger } from '../log/index.js';
import { statusDocument } from './document.js';
import { createStatusMetrics } from './metrics.js';
import type { SyncObserver } from './model.js';
import { StatusRecorder } from './recorder.js';
import { StatusServer, type StatusAction } from './server.js';
import { watchWarnings } from './warnings.js';
import { PAGE_ASSETS, PAGE_HEADERS } from './page/index.js';
import { steeringDoc } from '../steering/status.js';
import { registerSteeringMetrics } from '../steering/metrics.js';
import type { SteeringView } from '../steering/steering.js';

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
  /** POST routes (e.g. pause/resume); each requires status_http_token. */
  actions?: ReadonlyMap<string, StatusAction>;
  /** Steering (src/steering/): shown as `steering` in /status and as srsync_paused, srsync_steering_* metrics. */
  steering?: () => SteeringView;
}

/** A TLS file's contents; a one-line ConfigError naming the key when it cannot be read. */
function readTlsFile(key: string, file: string): Buffer {
  try {
    return readFileSync(file);
  } catch (e) {
    throw new ConfigError(`${key} = '${file}': cannot be read (${(e as NodeJS.ErrnoException).code ?? String(e)})`, { key }, { cause: e });
  }
}

/**
 * Starts the endpoint on status_http_host:status_http_port. Throws ConfigError (exit 2) when it cannot listen,
 * e.g. the port is in use.
 */
export async function startStatusService(o: StatusServiceOptions): Promise<StatusService> {
  const { statusHttpHost: host, statusHttpToken: token, statusHttpTlsCertFile: certFile, statusHttpTlsKeyFile: keyFile } = o.config;
  const remote = !isLoopbackHost(host);
  if (remote && token === '') {
    // The config loader refuses this already; kept here for configs built any other way.
    throw new ConfigError(
      `status_http_host = '${host}' lets other machines connect, and status_http_token is not set; set status_http_token or bind to 127.0.0.1`,
      {
        key: 'status_http_token',
      },
    );
  }
  const tls =
    certFile !== null && keyFile !== null
      ? { cert: readTlsFile('status_http_tls_cert_file', certFile), key: readTlsFile('status_http_tls_key_file', keyFile) }
      : undefined;
  const now = o.now ?? Date.now;
  const startedAt = now();
  const metrics = createStatusMetrics({ version: o.version, defaultMetrics: o.defaultMetrics });
  if (o.steering) registerSteeringMetrics(metrics.registry, o.steering);
  const recorder = new StatusRecorder({ now, onCatalogRead: metrics.observeCatalogRead });
  const facts = { version: o.version, pid: process.pid, startedAt, config: o.config };
  const server = await StatusServer.start(
    {
      status: () => {
        const doc = statusDocument(facts, recorder.snapshot(), now());
        return o.steering ? { ...doc, steering: steeringDoc(o.steering()) } : doc;
      },
      metrics: async () => ({ contentType: metrics.registry.contentType, body: await metrics.render(recorder.snapshot()) }),
      assets: PAGE_ASSETS,
      assetHeaders: PAGE_HEADERS,
    },
    {
      host,
      port: o.port ?? o.config.statusHttpPort,
      onError: (e) => o.log.warn(`Status endpoint error: ${e.message}`),
      token,
      tls,
      actions: o.actions,
    },
  );
  o.log.info(
    `Status endpoint listening on ${server.url} (status page at /, GET /status, GET /metrics)${token !== '' ? '; every request needs Authorization: Bearer <status_http_token>' : ''}`,
  );
  if (remote) {
    o.log.warn(
      `Status endpoint listens on ${server.url.replace(/^https?:\/\//, '')}, reachable from other machines: every request needs status_http_token; ${
        tls
          ? 'served over TLS'
          : 'without TLS the token and the status (FE addresses, user and table names) cross the network in clear; set status_http_tls_cert_file and status_http_tls_key_file'
      }`,
    );
  }
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
