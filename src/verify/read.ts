// The reading half of `srsync verify`: log in to both FEs (query port only) and read both catalogs and, on
// request, COUNT(*) per table. Reads only: SELECT / SHOW / DESC / ADMIN SHOW through the inspector; no DDL, no
// ADMIN SET, no RPC, no HTTP. A side that cannot be reached or read is a ClusterError naming it (exit code 3).
import { SqlClient, SqlError } from '../cluster/sql-client.js';
import type { SyncConfig } from '../config/index.js';
import { inParallel } from '../util/parallel.js';
import { ClusterError, type ClusterSide } from '../errors.js';
import { ClusterInspector } from '../inspector/inspector.js';
import type { ClusterSnapshot } from '../model/snapshot.js';
import { qualifiedName } from '../sql/quote.js';
import { tableId, type RowCount } from './compare.js';

export interface VerifySide {
  side: ClusterSide;
  sql: SqlClient;
  inspector: ClusterInspector;
}

export function openSide(config: SyncConfig, side: ClusterSide): VerifySide {
  const endpoint =
    side === 'source'
      ? { host: config.sourceFeHost, port: config.sourceFeQueryPort, user: config.sourceClusterUser, password: config.sourceClusterPassword }
      : { host: config.targetFeHost, port: config.targetFeQueryPort, user: config.targetClusterUser, password: config.targetClusterPassword };
  const sql = new SqlClient(endpoint, {
    connectTimeoutMs: config.jdbcConnectTimeoutMs,
    queryTimeoutMs: config.jdbcSocketTimeoutMs,
    connectionLimit: Math.max(2, config.metaJobThreads),
  });
  return { side, sql, inspector: new ClusterInspector(sql) };
}

const where = (s: VerifySide) => `${s.sql.endpoint.host}:${s.sql.endpoint.port}`;
const messageOf = (e: unknown) => (e instanceof Error ? e.message : String(e));

/** Logs in (SELECT @@version_comment); a refusal or an unreachable FE is a ClusterError. */
export async function login(s: VerifySide): Promise<void> {
  try {
    await s.inspector.versionComment();
  } catch (e) {
    throw new ClusterError(`cannot log in to the ${s.side} cluster at ${where(s)} as '${s.sql.endpoint.user}': ${messageOf(e)}`, { side: s.side, object: where(s) }, { cause: e });
  }
}

/** The catalog of the databases `dbFilter` selects (the migration's scope). */
export async function readCatalog(s: VerifySide, dbFilter: (db: string) => boolean): Promise<ClusterSnapshot> {
  try {
    return await s.inspector.snapshot({ serviceId: '', dbFilter });
  } catch (e) {
    if (e instanceof SqlError) {
      throw new ClusterError(`cannot read the ${s.side} catalog at ${where(s)}: ${e.message}`, { side: s.side, object: where(s) }, { cause: e });
    }
    throw e;
  }
}

async function countRows(s: VerifySide, db: string, table: string): Promise<number> {
  const rows = await s.sql.query(`SELECT COUNT(*) FROM ${qualifiedName(db, table)}`);
  const value = Object.values(rows[0] ?? {})[0];
  const n = Number(value);
  if (value === null || value === undefined || !Number.isFinite(n)) throw new Error(`COUNT(*) returned ${String(value)}`);
  return n;
}

/**
 * COUNT(*) of each table on both sides, `threads` tables at a time. A table that cannot be counted (dropped
 * meanwhile, a query error) gets `error` instead of failing the whole check.
 */
export async function countTables(source: VerifySide, target: VerifySide, tables: Array<{ db: string; table: string }>, threads: number): Promise<Map<string, RowCount>> {
  const out = new Map<string, RowCount>();
  await inParallel(threads, tables, async ({ db, table }) => {
    const [s, t] = await Promise.allSettled([countRows(source, db, table), countRows(target, db, table)]);
    const r: RowCount = { source: s.status === 'fulfilled' ? s.value : null, target: t.status === 'fulfilled' ? t.value : null };
    const errors = [s.status === 'rejected' ? `source: ${messageOf(s.reason)}` : '', t.status === 'rejected' ? `target: ${messageOf(t.reason)}` : ''].filter(Boolean);
    if (errors.length > 0) r.error = errors.join('; ');
    out.set(tableId(db, table), r);
  });
  return out;
}
