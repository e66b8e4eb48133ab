// Checks before anything is changed: logins, privileges, run modes, versions, leader addresses, service id.
// Reads only (inspector + HTTP GET); refusals are ClusterErrors with one line for the operator; an include/exclude
// entry that matches nothing on the source is a SelectionError (selection-check.ts).
import { writeFileSync } from 'node:fs';
import { ClusterError, ConfigError } from '../errors.js';
import type { ClusterInspector, FrontendInfo } from '../inspector/inspector.js';
import { parseVersionComment, versionAtLeast } from '../inspector/parse.js';
import type { SqlClient } from '../cluster/sql-client.js';
import { SqlError } from '../cluster/sql-client.js';
import { fetchServiceId, type HttpEndpoint } from '../cluster/fe-http-client.js';
import { readCaFile } from '../config/source-http-keys.js';
import type { ClusterLogin } from '../config/sync-config.js';
import type { HostMap } from '../config/hosts.js';
import type { Logger } from '../log/logger.js';
import type { EngineSettings } from './settings.js';
import { checkSelection } from './selection-check.js';

export const MIN_TARGET_VERSION = '4.1';

/**
 * Environment variable naming a file srsync writes (its pid and a newline) once every start-up check has passed,
 * before any change on either cluster. bin/start.sh waits for it (or for the process to end) before it reports
 * "srsync started", so that a refusal at start-up is reported by start.sh itself with its exit code.
 */
export const READY_FILE_ENV = 'SRSYNC_READY_FILE';

function signalReady(log: Logger): void {
  const file = process.env[READY_FILE_ENV];
  if (!file) return;
  try {
    writeFileSync(file, `${process.pid}\n`);
  } catch (e) {
    log.warn(`cannot write the ready file ${file} (${(e as Error).message}); bin/start.sh will report that srsync is still starting`);
  }
}

export interface ClusterFacts {
  version: string;
  runMode: string;
  leader: FrontendInfo;
  /** Leader addresses after conf/hosts.properties mapping. */
  rpc: { host: string; port: number };
  http: { host: string; port: number };
}

export interface PreflightResult {
  /** The setting warnings already logged (see settingWarnings). */
  warnings: string[];
  source: ClusterFacts & { serviceId: string };
  target: ClusterFacts & { maxParallelTables: number };
}

type Side = 'source' | 'target';

async function login(side: Side, sql: SqlClient, inspector: ClusterInspector): Promise<string> {
  try {
    return await inspector.versionComment();
  } catch (e) {
    const msg = e instanceof Error ? e.message : String(e);
    throw new ClusterError(`cannot log in to the ${side} cluster at ${sql.endpoint.host}:${sql.endpoint.port} as '${sql.endpoint.user}': ${msg}`, {
      side,
    });
  }
}

async function privileged<T>(side: Side, what: string, f: () => Promise<T>): Promise<T> {
  try {
    return await f();
  } catch (e) {
    if (e instanceof SqlError && !e.transient) {
      throw new ClusterError(`the ${side} user cannot run ${what} (it needs the SYSTEM OPERATE privilege): ${e.message}`, { side });
    }
    throw e;
  }
}

function leaderOf(side: Side, fes: FrontendInfo[]): FrontendInfo {
  const leader = fes.find((f) => f.role === 'LEADER') ?? fes.find((f) => f.alive);
  if (!leader) throw new ClusterError(`the ${side} cluster reports no LEADER frontend in SHOW FRONTENDS`, { side });
  return leader;
}

/**
 * All of `reads` at once (start-up latency: one round trip instead of several), each settled; the first failure in
 * the listed order is thrown, so the refusal is the same as if they had run one after another.
 */
async function allInOrder<T extends readonly unknown[]>(reads: { [K in keyof T]: Promise<T[K]> }): Promise<T> {
  const settled = await Promise.allSettled(reads);
  for (const r of settled) if (r.status === 'rejected') throw r.reason;
  return settled.map((r) => (r as PromiseFulfilledResult<unknown>).value) as unknown as T;
}

async function facts(side: Side, sql: SqlClient, inspector: ClusterInspector, hostMap: HostMap): Promise<ClusterFacts> {
  const comment = await login(side, sql, inspector);
  const [runMode, , fes] = await allInOrder<[string, unknown, FrontendInfo[]]>([
    privileged(side, 'ADMIN SHOW FRONTEND CONFIG', () => inspector.runMode()),
    privileged(side, "SHOW PROC '/dbs'", () => sql.query("SHOW PROC '/dbs'")),
    privileged(side, 'SHOW FRONTENDS', () => inspector.frontends()),
  ]);
  const leader = leaderOf(side, fes);
  const rpc = hostMap.mapAddress(side, leader.ip, leader.rpcPort);
  const http = hostMap.mapAddress(side, leader.ip, leader.httpPort);
  return { version: parseVersionComment(comment).version, runMode, leader, rpc, http };
}

export async function preflight(
  settings: Pick<EngineSettings, 'planner' | 'source' | 'jdbcConnectTimeoutMs'>,
  hostMap: HostMap,
  sides: { source: { sql: SqlClient; inspector: ClusterInspector }; target: { sql: SqlClient; inspector: ClusterInspector } },
  log: Logger,
): Promise<PreflightResult> {
  const [src, tgt] = await Promise.all([
    facts('source', sides.source.sql, sides.source.inspector, hostMap),
    facts('target', sides.target.sql, sides.target.inspector, hostMap),
  ]);
  log.info(`Source cluster: StarRocks ${src.version}, run_mode=${src.runMode}, leader ${src.leader.ip}:${src.leader.queryPort}`);
  log.info(
    `Target cluster: StarRocks ${tgt.version}, run_mode=${tgt.runMode}, leader ${tgt.leader.ip}:${tgt.leader.queryPort}, rpc ${tgt.rpc.host}:${tgt.rpc.port}`,
  );
  if (tgt.runMode !== 'shared_data') {
    throw new ClusterError(
      `the target cluster runs in ${tgt.runMode || 'unknown'} mode; srsync migrates only to a shared-data (run_mode=shared_data) cluster`,
      { side: 'target' },
    );
  }
  if (!versionAtLeast(tgt.version, MIN_TARGET_VERSION)) {
    throw new ClusterError(
      `the target cluster is StarRocks ${tgt.version}; shared-data to shared-data migration needs a target of v${MIN_TARGET_VERSION} or later`,
      { side: 'target' },
    );
  }
  if (src.runMode !== 'shared_data') {
    throw new ClusterError(`the source cluster runs in ${src.runMode || 'unknown'} mode; this tool migrates from a shared-data source cluster`, {
      side: 'source',
    });
  }
  // include/exclude entries that name nothing on the source: a SelectionError (exit 2) before any DDL.
  await checkSelection(sides.source.sql, sides.source.inspector, settings.planner);

  const [warnings, maxTables] = await allInOrder<[string[], string | null]>([
    settingWarnings(sides.source.inspector, sides.target.inspector),
    sides.target.inspector.frontendConfig('replication_max_parallel_table_count'),
  ]);
  for (const w of warnings) log.warn(w);

  let serviceId = await sourceServiceIdOverHttp(src.http, settings.source, settings.jdbcConnectTimeoutMs, log);
  if (!serviceId) serviceId = await serviceIdFromStoragePath(sides.source.sql);
  if (!serviceId) {
    throw new ClusterError(
      `cannot determine the source cluster's service id: GET /service_id on ${src.http.host}:${src.http.port} failed and no table storage path shows it (open the FE http_port, see the manual)`,
      { side: 'source' },
    );
  }
  log.info(`Source service id: ${serviceId}`);
  signalReady(log);
  return { warnings, source: { ...src, serviceId }, target: { ...tgt, maxParallelTables: Number(maxTables ?? '100') || 100 } };
}

/** Logged once (WARN) when GET /service_id had to send the source password over plain HTTP (issue 11, item 4). */
export const CLEAR_TEXT_PASSWORD_WARNING =
  'the source FE asked for credentials (enable_http_auth) over plain HTTP: the source password crossed the network in clear text; set source_fe_http_scheme=https where the FE offers HTTPS';

/**
 * GET /service_id on the source FE's (mapped) HTTP address, over source_fe_http_scheme with the CA of
 * source_fe_http_ca_file (notes/decisions/security-http.md). Null when the FE does not tell it (the caller falls back
 * to the storage paths); a failed request is a WARN. One WARN when the password crossed the network in clear. A CA
 * file that cannot be read any more is a ConfigError (exit 2).
 */
export async function sourceServiceIdOverHttp(
  address: { host: string; port: number },
  login: ClusterLogin,
  timeoutMs: number,
  log: Logger,
): Promise<string | null> {
  const scheme = login.sourceFeHttpScheme ?? 'http';
  const caFile = login.sourceFeHttpCaFile ?? null;
  let ca: string | undefined;
  if (scheme === 'https' && caFile !== null) {
    try {
      ca = readCaFile(caFile);
    } catch (e) {
      throw new ConfigError(`source_fe_http_ca_file = '${caFile}' ${(e as Error).message}`, { key: 'source_fe_http_ca_file' });
    }
  }
  const endpoint: HttpEndpoint = { ...address, user: login.user, password: login.password, scheme, ...(ca !== undefined ? { ca } : {}) };
  try {
    return await fetchServiceId(endpoint, timeoutMs, {
      onCredentialsSent: (inClear) => {
        if (inClear) log.warn(CLEAR_TEXT_PASSWORD_WARNING);
      },
    });
  } catch (e) {
    log.warn(
      `Cannot read the source service id from ${scheme}://${address.host}:${address.port}/service_id (${(e as Error).message}); falling back to table storage paths`,
    );
    return null;
  }
}

/** One of the manual's preparations that is an FE config, checked on one side. */
export interface ManualSetting {
  readonly side: 'source' | 'target';
  readonly key: string;
  /** The value the manual sets. */
  readonly value: string;
  /** Whether a value read on an FE does what the manual asks. */
  ok(value: string): boolean;
  /** Why a bad value matters (`srsync check`'s finding). */
  readonly why: string;
  /** The warning `run` logs while the value is bad. */
  warning(value: string): string;
}

/**
 * The manual's preparations that are FE configs: target compaction off, target legacy compatibility on, source
 * vacuum grace period raised. One table for `run` (settingWarnings) and `srsync check` (check/findings.ts).
 */
export const MANUAL_SETTINGS: readonly ManualSetting[] = [
  {
    side: 'target',
    key: 'lake_compaction_max_tasks',
    value: '0',
    ok: (v) => v === '0',
    why: 'compaction must be off on the target during migration',
    warning: (v) =>
      `Target lake_compaction_max_tasks is ${v}; the manual requires 0 during migration: ADMIN SET FRONTEND CONFIG("lake_compaction_max_tasks"="0"); and lake_compaction_max_tasks = 0 in fe.conf`,
  },
  {
    side: 'target',
    key: 'enable_legacy_compatibility_for_replication',
    value: 'true',
    ok: (v) => v === 'true',
    why: 'legacy compatibility for replication must be on during migration',
    warning: () =>
      'Target enable_legacy_compatibility_for_replication is not true; the manual requires it during migration: ADMIN SET FRONTEND CONFIG("enable_legacy_compatibility_for_replication"="true"); and the same in fe.conf',
  },
  {
    side: 'source',
    key: 'lake_autovacuum_grace_period_minutes',
    value: '10000000',
    ok: (v) => Number(v) >= 1440,
    why: 'vacuum may delete versions the target still needs; the manual asks for a very large value',
    warning: (v) =>
      `Source lake_autovacuum_grace_period_minutes is ${v}; vacuum may delete versions the target still needs. The manual asks for a very large value: ADMIN SET FRONTEND CONFIG("lake_autovacuum_grace_period_minutes"="10000000");`,
  },
];

/**
 * MANUAL_SETTINGS read on the configured FE of each side: the warning of each bad one (an absent key is no warning).
 * Checked at start and again every metadata round: `ADMIN SET FRONTEND CONFIG` without fe.conf (or WITH PERSISTENT)
 * is lost when an FE restarts.
 */
export async function settingWarnings(source: ClusterInspector, target: ClusterInspector): Promise<string[]> {
  const values = await Promise.all(MANUAL_SETTINGS.map((m) => (m.side === 'source' ? source : target).frontendConfig(m.key)));
  return MANUAL_SETTINGS.flatMap((m, i) => {
    const v = values[i];
    return v === null || v === undefined || m.ok(v) ? [] : [m.warning(v)];
  });
}

/** Fallback (reference §6.4): the path segment before `db<dbId>` in any cloud-native table's StoragePath. */
async function serviceIdFromStoragePath(sql: SqlClient): Promise<string | null> {
  for (const db of await sql.query("SHOW PROC '/dbs'")) {
    const id = db['DbId'];
    if (!id) continue;
    for (const t of await sql.query(`SHOW PROC '/dbs/${id}'`)) {
      const m = /\/([^/]+)\/db\d+\/\d+\/?$/.exec(t['StoragePath'] ?? '');
      if (m) return m[1]!;
    }
  }
  return null;
}
