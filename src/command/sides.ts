// The two clusters as the read-only commands (check, plan, verify) read them: a small SQL pool to the configured FE of
// each side and an inspector over it (reads only). A side that cannot be reached, logged into or read is a
// ClusterError naming it (exit 3).
import { SqlClient, SqlError } from '../cluster/sql-client.js';
import { clusterLogin, type ClusterLogin, type SyncConfig } from '../config/sync-config.js';
import { ClusterError, exitCodeOf, type ClusterSide } from '../errors.js';
import { ClusterInspector } from '../inspector/inspector.js';
import { TransientReadError } from '../engine/ddl-sources.js';
import { failureLine, type CommandIo } from './conf.js';
import { configMask, type Mask } from './mask.js';

export interface ReadSide {
  readonly side: ClusterSide;
  readonly sql: SqlClient;
  readonly inspector: ClusterInspector;
}

export interface ReadSides {
  readonly source: ReadSide;
  readonly target: ReadSide;
}

export interface SideTimeouts {
  jdbcConnectTimeoutMs: number;
  jdbcSocketTimeoutMs: number;
  metaJobThreads: number;
}

export function openReadSide(side: ClusterSide, login: Pick<ClusterLogin, 'host' | 'port' | 'user' | 'password'>, t: SideTimeouts): ReadSide {
  const sql = new SqlClient(
    { host: login.host, port: login.port, user: login.user, password: login.password },
    { connectTimeoutMs: t.jdbcConnectTimeoutMs, queryTimeoutMs: t.jdbcSocketTimeoutMs, connectionLimit: Math.max(2, t.metaJobThreads) },
  );
  return { side, sql, inspector: new ClusterInspector(sql) };
}

/** Both configured FEs (query ports), nothing contacted yet. */
export function openReadSides(config: SyncConfig): ReadSides {
  return {
    source: openReadSide('source', clusterLogin(config, 'source'), config),
    target: openReadSide('target', clusterLogin(config, 'target'), config),
  };
}

export const whereOf = (s: ReadSide): string => `${s.sql.endpoint.host}:${s.sql.endpoint.port}`;

const messageOf = (e: unknown): string => (e instanceof Error ? e.message : String(e));

/** SELECT @@version_comment: the `<version>-<commit>` text; a refusal or an unreachable FE is a ClusterError. */
export async function loginSide(s: ReadSide): Promise<string> {
  try {
    return await s.inspector.versionComment();
  } catch (e) {
    throw new ClusterError(
      `cannot log in to the ${s.side} cluster at ${whereOf(s)} as '${s.sql.endpoint.user}': ${messageOf(e)}`,
      { side: s.side, object: whereOf(s) },
      { cause: e },
    );
  }
}

/**
 * `f`, a read of side `s`: its SQL failure (or a per-object read failing for every object) is the ClusterError
 * `cannot read <what> at <host:port>: <why>` (exit 3); any other failure passes through.
 */
export async function readAt<T>(s: ReadSide, what: string, f: () => Promise<T>): Promise<T> {
  try {
    return await f();
  } catch (e) {
    if (e instanceof SqlError || e instanceof TransientReadError)
      throw new ClusterError(`cannot read ${what} at ${whereOf(s)}: ${e.message}`, { side: s.side, object: whereOf(s) }, { cause: e });
    throw e;
  }
}

/** readAt with `<what> of the <side> cluster`. */
export const readOrRefuse = <T>(s: ReadSide, what: string, f: () => Promise<T>): Promise<T> => readAt(s, `${what} of the ${s.side} cluster`, f);

/**
 * Opens both sides, runs `body` and closes them. A failure is printed as its one line, the config's secrets masked,
 * and becomes its exit code. `body` gets the mask for what it prints itself.
 */
export async function withReadSides(config: SyncConfig, io: CommandIo, body: (sides: ReadSides, mask: Mask) => Promise<number>): Promise<number> {
  const mask = configMask(config);
  const sides = openReadSides(config);
  try {
    return await body(sides, mask);
  } catch (e) {
    io.stderr(`${mask(failureLine(e))}\n`);
    return exitCodeOf(e);
  } finally {
    await Promise.all([sides.source.sql.close(), sides.target.sql.close()]);
  }
}
