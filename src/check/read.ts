// The reading half of `srsync check`: everything findings.ts judges, read from both clusters and every FE of each
// (SHOW FRONTENDS, addresses through conf/hosts.properties). Reads only: SELECT / SHOW / DESC / ADMIN SHOW over the
// query ports, a TCP connect (no request) to each FE's rpc and http port. Nothing is written, no RPC is sent.
import net from 'node:net';
import { SqlClient, SqlError } from '../cluster/sql-client.js';
import type { HostMap } from '../config/hosts.js';
import type { ClusterLogin } from '../config/sync-config.js';
import { MANUAL_SETTINGS, sourceServiceIdOverHttp } from '../engine/preflight.js';
import { createMemoryLogger } from '../log/logger.js';
import type { PlannerConfig } from '../planner/config.js';
import { ClusterInspector, type FrontendInfo } from '../inspector/inspector.js';
import { parseJsonObject, parseVersionComment } from '../inspector/parse.js';
import { makeScope, unmatchedSelection } from '../planner/scope.js';
import { sourceVolumeOf } from '../planner/table.js';
import type { ClusterSnapshot } from '../model/snapshot.js';
import { isBundled } from './bundling.js';
import { quoteIdent, quoteString } from '../sql/quote.js';
import { inParallel } from '../util/parallel.js';
import { readDryRun } from '../plan-command/dry-run.js';
import { loginSide, readOrRefuse, whereOf, type ReadSide, type ReadSides, type SideTimeouts } from '../command/sides.js';
import { rangeKeysOf } from './range.js';
import { readRangeAlignment } from './range-read.js';
import { CASE_INSENSITIVE_KEY, type CheckFacts, type FrontendFacts, type SideFacts, type VolumeFacts } from './findings.js';

const messageOf = (e: unknown): string => (e instanceof Error ? e.message : String(e));

/** Opens a TCP connection to `host:port` and closes it at once: null when it connected, else why not. */
export function tcpProbe(host: string, port: number, timeoutMs: number): Promise<string | null> {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    const done = (why: string | null) => {
      socket.destroy();
      resolve(why);
    };
    socket.setTimeout(timeoutMs, () => done(`no connection within ${timeoutMs} ms`));
    socket.once('connect', () => done(null));
    socket.once('error', (e) => done(e.message));
  });
}

/** Settings read on each FE of a side. */
export function keysOf(side: 'source' | 'target'): string[] {
  const keys: string[] = [...MANUAL_SETTINGS.filter((m) => m.side === side).map((m) => m.key), ...rangeKeysOf(side)];
  return side === 'target' ? [...keys, CASE_INSENSITIVE_KEY, 'replication_max_parallel_table_count'] : keys;
}

/** One FE's `ADMIN SHOW FRONTEND CONFIG` for `keys`: each value and whether it is mutable (absent key: null, null). */
export async function readFrontendConfig(
  sql: SqlClient,
  keys: readonly string[],
): Promise<{ settings: Record<string, string | null>; mutable: Record<string, boolean | null> }> {
  const settings: Record<string, string | null> = {};
  const mutable: Record<string, boolean | null> = {};
  for (const k of keys) {
    const row = (await sql.query(`ADMIN SHOW FRONTEND CONFIG LIKE ${quoteString(k)}`)).find((r) => r['Key'] === k);
    settings[k] = row ? (row['Value'] === null || row['Value'] === undefined || row['Value'] === '\\N' ? '' : row['Value']) : null;
    mutable[k] = row ? String(row['IsMutable'] ?? 'true').toLowerCase() !== 'false' : null;
  }
  return { settings, mutable };
}

/** One FE: its query port (the configured pool when it is the configured FE), rpc and http ports. */
async function frontendFacts(s: ReadSide, fe: FrontendInfo, hostMap: HostMap, t: SideTimeouts): Promise<FrontendFacts> {
  const q = hostMap.mapAddress(s.side, fe.ip, fe.queryPort);
  const rpc = hostMap.mapAddress(s.side, fe.ip, fe.rpcPort);
  const http = hostMap.mapAddress(s.side, fe.ip, fe.httpPort);
  const facts: FrontendFacts = {
    name: fe.name,
    role: fe.role,
    alive: fe.alive,
    query: `${q.host}:${q.port}`,
    rpc: `${rpc.host}:${rpc.port}`,
    http: `${http.host}:${http.port}`,
    queryError: null,
    rpcError: null,
    httpError: null,
    settings: {},
    queryEndpoint: { host: q.host, port: q.port },
  };
  const same = q.host === s.sql.endpoint.host && q.port === s.sql.endpoint.port;
  const sql = same
    ? s.sql
    : new SqlClient(
        { ...s.sql.endpoint, host: q.host, port: q.port },
        { connectTimeoutMs: t.jdbcConnectTimeoutMs, queryTimeoutMs: t.jdbcSocketTimeoutMs, connectionLimit: 1 },
      );
  try {
    const inspector = same ? s.inspector : new ClusterInspector(sql);
    await inspector.versionComment();
    const config = await readFrontendConfig(sql, keysOf(s.side));
    facts.settings = config.settings;
    facts.mutable = config.mutable;
  } catch (e) {
    facts.queryError = messageOf(e);
  } finally {
    if (!same) await sql.close();
  }
  [facts.rpcError, facts.httpError] = await Promise.all([
    tcpProbe(rpc.host, rpc.port, t.jdbcConnectTimeoutMs),
    tcpProbe(http.host, http.port, t.jdbcConnectTimeoutMs),
  ]);
  return facts;
}

/** GET /service_id as `run`'s preflight sends it (scheme, CA, credentials only when challenged); its WARN lines kept. */
async function serviceIdFacts(
  address: { host: string; port: number },
  login: ClusterLogin,
  timeoutMs: number,
): Promise<NonNullable<SideFacts['serviceId']>> {
  const { logger } = createMemoryLogger({ level: 'WARN' });
  const warnings: string[] = [];
  const stop = logger.subscribe((e) => warnings.push(e.message));
  const id = await sourceServiceIdOverHttp(address, login, timeoutMs, logger).finally(stop);
  logger.close();
  return { id, warnings, address: `${address.host}:${address.port}` };
}

/** Logged in already: version, run mode, the OPERATE probe, every FE and (source) the service id. */
export async function readSideFacts(
  s: ReadSide,
  versionComment: string,
  hostMap: HostMap,
  t: SideTimeouts,
  sourceLogin?: ClusterLogin,
): Promise<SideFacts> {
  const facts: SideFacts = {
    side: s.side,
    address: whereOf(s),
    user: s.sql.endpoint.user,
    version: parseVersionComment(versionComment).version,
    runMode: '',
    operateError: null,
    frontends: [],
  };
  try {
    facts.runMode = await s.inspector.runMode();
    await s.sql.query("SHOW PROC '/dbs'");
    const fes = await s.inspector.frontends();
    facts.frontends = await Promise.all(fes.map((fe) => frontendFacts(s, fe, hostMap, t)));
    const leader = fes.find((f) => f.role === 'LEADER') ?? fes.find((f) => f.alive);
    if (sourceLogin && leader)
      facts.serviceId = await serviceIdFacts(hostMap.mapAddress('source', leader.ip, leader.httpPort), sourceLogin, t.jdbcConnectTimeoutMs);
  } catch (e) {
    if (!(e instanceof SqlError) || e.transient) throw e;
    facts.operateError = e.message;
  }
  return facts;
}

async function describeVolumes(s: ReadSide, names: readonly string[]): Promise<Map<string, VolumeFacts>> {
  const out = new Map<string, VolumeFacts>();
  await inParallel(4, names, async (name) => {
    const row = (await s.sql.query(`DESC STORAGE VOLUME ${quoteIdent(name)}`))[0];
    if (!row) return;
    out.set(name, {
      name,
      type: row['Type'] ?? '',
      location: row['Location'] ?? '',
      enabled: String(row['Enabled'] ?? 'true').toLowerCase() !== 'false',
      params: parseJsonObject(row['Params'] ?? null),
    });
  });
  return out;
}

/** Selected source tables (`db.table`), the source volume each uses, and whether it is range-distributed (and colocated). */
export function selectedTables(
  source: ClusterSnapshot,
  cfg: PlannerConfig,
): Array<{ key: string; volume: string; range: boolean; colocate: boolean; bundled: boolean }> {
  const scope = makeScope(cfg);
  const out: Array<{ key: string; volume: string; range: boolean; colocate: boolean; bundled: boolean }> = [];
  for (const db of source.databases.values()) {
    for (const t of db.tables.values()) {
      if (!scope.object(db.name, t.name)) continue;
      const range = t.distribution.type === 'RANGE';
      const colocate = range && (t.properties['colocate_with'] ?? '').trim() !== '';
      out.push({ key: `${db.name}.${t.name}`, volume: sourceVolumeOf(t, source), range, colocate, bundled: isBundled(t.properties) });
    }
  }
  return out;
}

/**
 * Reads everything `check` judges. Both sides are logged in first (a refusal is a ClusterError, exit 3); a side
 * without OPERATE gets that finding and its catalog is not read further.
 */
export async function readCheckFacts(
  sides: ReadSides,
  hostMap: HostMap,
  cfg: PlannerConfig,
  t: SideTimeouts,
  sourceLogin: ClusterLogin,
): Promise<CheckFacts> {
  const [srcComment, tgtComment] = await Promise.all([loginSide(sides.source), loginSide(sides.target)]);
  const [source, target] = await Promise.all([
    readSideFacts(sides.source, srcComment, hostMap, t, sourceLogin),
    readSideFacts(sides.target, tgtComment, hostMap, t),
  ]);
  const configured = (f: SideFacts) => f.frontends.find((fe) => fe.query === f.address) ?? f.frontends.find((fe) => fe.queryError === null);
  const tgtSettings = configured(target)?.settings ?? {};
  const caseValue = tgtSettings[CASE_INSENSITIVE_KEY];
  const maxTables = tgtSettings['replication_max_parallel_table_count'];
  const facts: CheckFacts = {
    source,
    target,
    sourceVolumes: [],
    targetVolumes: new Map(),
    targetCaseInsensitive: caseValue === undefined || caseValue === null ? null : caseValue === 'true',
    selectedTables: [],
    unmatchedSelection: [],
    blockingNotes: [],
    maxParallelTables: maxTables === undefined || maxTables === null ? null : Number(maxTables),
  };
  if (source.operateError !== null || target.operateError !== null) return facts;

  const [srcSnap, tgtSnap] = await Promise.all([
    readOrRefuse(sides.source, 'the catalog', () => sides.source.inspector.snapshot({ serviceId: '' })),
    readOrRefuse(sides.target, 'the catalog', () => sides.target.inspector.snapshot({ serviceId: '' })),
  ]);
  const selected = selectedTables(srcSnap, cfg);
  const perVolume = new Map<string, number>();
  for (const s of selected) perVolume.set(s.volume, (perVolume.get(s.volume) ?? 0) + 1);
  const [srcVolumes, tgtVolumes] = await Promise.all([
    readOrRefuse(sides.source, 'the storage volumes', () => describeVolumes(sides.source, [...perVolume.keys()].sort())),
    readOrRefuse(sides.target, 'the storage volumes', () => describeVolumes(sides.target, [...tgtSnap.storageVolumes.keys()])),
  ]);
  const dry = await readOrRefuse(sides.source, 'the DDL texts', () =>
    readDryRun({ source: sides.source.inspector, target: sides.target.inspector }, srcSnap, tgtSnap, cfg, t.metaJobThreads),
  );
  // Range tables on both sides: their topologies compared now (a merge-needing one is an error before any run).
  const onBoth = selected
    .filter((s) => s.range)
    .map((s) => ({ db: s.key.slice(0, s.key.indexOf('.')), table: s.key.slice(s.key.indexOf('.') + 1) }))
    .filter((x) => tgtSnap.databases.get(x.db)?.tables.get(x.table)?.distribution.type === 'RANGE');
  const rangeAlignment = onBoth.length > 0 ? await readRangeAlignment(sides.source.sql, sides.target.sql, onBoth, t.metaJobThreads) : [];
  return {
    ...facts,
    sourceVolumes: [...srcVolumes.values()].map((v) => ({ ...v, tables: perVolume.get(v.name) ?? 0 })),
    targetVolumes: tgtVolumes,
    selectedTables: selected.map((s) => s.key),
    unmatchedSelection: unmatchedSelection(cfg, srcSnap),
    blockingNotes: dry.notes.filter((n) => n.blocking && n.reason !== 'missing_mirror_volume'),
    rangeTables: selected.filter((s) => s.range).map((s) => s.key),
    bundledTables: selected.filter((s) => s.bundled).map((s) => s.key),
    rangeColocateTables: selected.filter((s) => s.colocate).map((s) => s.key),
    rangeAlignment,
  };
}
