// Statements sent to one FE of a cluster (prepare and finish set FE configs on every FE): a one-connection pool to
// its (mapped) query address with the side's login, or the side's own pool when it is the configured FE.
import { SqlClient, SqlError } from '../cluster/sql-client.js';
import type { ReadSide, SideTimeouts } from '../command/sides.js';
import { persistentRefused, setConfigSql } from './settings.js';

export interface Endpoint {
  host: string;
  port: number;
}

/** `f` with a SQL client to `endpoint`, logged in as the side's user. */
export async function onFrontend<T>(side: ReadSide, endpoint: Endpoint, t: SideTimeouts, f: (sql: SqlClient) => Promise<T>): Promise<T> {
  const same = endpoint.host === side.sql.endpoint.host && endpoint.port === side.sql.endpoint.port;
  if (same) return f(side.sql);
  const sql = new SqlClient(
    { ...side.sql.endpoint, host: endpoint.host, port: endpoint.port },
    { connectTimeoutMs: t.jdbcConnectTimeoutMs, queryTimeoutMs: t.jdbcSocketTimeoutMs, connectionLimit: 1 },
  );
  try {
    return await f(sql);
  } finally {
    await sql.close();
  }
}

export interface SetOutcome {
  /** Whether WITH PERSISTENT took (the FE wrote its fe.conf). */
  persistent: boolean;
  /** Why WITH PERSISTENT was refused, when it was asked for and the in-memory change was made instead. */
  refused?: string;
}

/**
 * ADMIN SET FRONTEND CONFIG on the FE of `sql`, WITH PERSISTENT when `persistent`. An FE that refuses the clause
 * (not persisted mode, or a version whose grammar lacks it) gets the in-memory statement; that refusal happens before
 * the value is changed (ConfigBase.setMutableConfig), so the retry is the only change. Other errors pass through.
 */
export async function setFrontendConfig(sql: SqlClient, key: string, value: string, persistent: boolean): Promise<SetOutcome> {
  if (!persistent) {
    await sql.exec(setConfigSql(key, value, false));
    return { persistent: false };
  }
  try {
    await sql.exec(setConfigSql(key, value, true));
    return { persistent: true };
  } catch (e) {
    if (!(e instanceof SqlError) || e.transient || !persistentRefused(e.message)) throw e;
    await sql.exec(setConfigSql(key, value, false));
    return { persistent: false, refused: e.message };
  }
}
