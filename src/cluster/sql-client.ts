// A MySQL-protocol connection pool to one FE (mysql2), with the timeout workaround of
// ../shared/reference/libraries.md §1: a timed-out connection is destroyed, never returned to the pool.
import mysql from 'mysql2/promise';
import type { Pool, PoolConnection, RowDataPacket, FieldPacket } from 'mysql2/promise';

export interface SqlEndpoint {
  host: string;
  port: number;
  user: string;
  password: string;
}

export interface SqlClientOptions {
  connectTimeoutMs: number;
  /** Per-statement (socket) timeout; jdbc_socket_timeout_ms. */
  queryTimeoutMs: number;
  connectionLimit: number;
}

export type Row = Record<string, string | null>;

/** An error from the FE or the connection, carrying the MySQL errno when there is one. */
export class SqlError extends Error {
  constructor(
    message: string,
    readonly errno: number | undefined,
    readonly sql: string,
    readonly transient: boolean,
  ) {
    super(message);
    this.name = 'SqlError';
  }
}

const TRANSIENT_CODES = new Set([
  'PROTOCOL_SEQUENCE_TIMEOUT',
  'ECONNRESET',
  'ECONNREFUSED',
  'EPIPE',
  'ETIMEDOUT',
  'PROTOCOL_CONNECTION_LOST',
  'ER_CON_COUNT_ERROR',
]);

export class SqlClient {
  private readonly pool: Pool;

  constructor(
    readonly endpoint: SqlEndpoint,
    private readonly options: SqlClientOptions,
  ) {
    this.pool = mysql.createPool({
      host: endpoint.host,
      port: endpoint.port,
      user: endpoint.user,
      password: endpoint.password,
      connectionLimit: options.connectionLimit,
      maxIdle: options.connectionLimit,
      idleTimeout: 60_000,
      connectTimeout: options.connectTimeoutMs,
      enableKeepAlive: true,
      supportBigNumbers: true,
      bigNumberStrings: true,
      dateStrings: true,
      // Every value as the text the FE sent: ids stay exact decimal strings. Decoded as UTF-8 whatever the column
      // announces: StarRocks announces collation 33 (utf8_general_ci) for its result columns, which mysql2 maps to
      // CESU-8, mangling 4-byte characters (emoji, CJK Extension B) in names; StarRocks sends UTF-8 (issue 11).
      // Measured on a 100,000-row partitions_meta answer: ~0.25 s instead of ~1 s (CESU-8 goes through iconv-lite).
      typeCast: (field, next) => (field.type === 'BLOB' || field.type === 'GEOMETRY' ? next() : field.string('utf8')),
    });
  }

  /** Runs one statement; rows as objects keyed by column name, every value a string or null. */
  async query(sql: string, values?: unknown[]): Promise<Row[]> {
    const { rows } = await this.queryWithFields(sql, values);
    return rows;
  }

  async queryWithFields(sql: string, values?: unknown[]): Promise<{ rows: Row[]; fields: string[] }> {
    let conn: PoolConnection;
    try {
      conn = await this.pool.getConnection();
    } catch (e) {
      throw this.wrap(e, sql);
    }
    try {
      const [rows, fields] = (await conn.query({ sql, values, timeout: this.options.queryTimeoutMs })) as [
        RowDataPacket[] | unknown,
        FieldPacket[] | undefined,
      ];
      conn.release();
      return { rows: Array.isArray(rows) ? (rows as Row[]) : [], fields: (fields ?? []).map((f) => f.name) };
    } catch (e) {
      const code = (e as { code?: string }).code;
      if (code === 'PROTOCOL_SEQUENCE_TIMEOUT' || (e as { fatal?: boolean }).fatal) conn.destroy();
      else conn.release();
      throw this.wrap(e, sql);
    }
  }

  /** Runs a statement that returns no rows (DDL, ADMIN SET ...). */
  async exec(sql: string): Promise<void> {
    await this.queryWithFields(sql);
  }

  /**
   * Runs a statement with `db` as the session's current database (`useSql` = the quoted USE statement), on a
   * connection used for nothing else and closed afterwards. For DDL whose text may name tables without their
   * database (a view's or MV's original query).
   */
  async execInDatabase(useSql: string, sql: string): Promise<void> {
    let conn: PoolConnection;
    try {
      conn = await this.pool.getConnection();
    } catch (e) {
      throw this.wrap(e, sql);
    }
    try {
      await conn.query({ sql: useSql, timeout: this.options.queryTimeoutMs });
      await conn.query({ sql, timeout: this.options.queryTimeoutMs });
    } catch (e) {
      throw this.wrap(e, sql);
    } finally {
      conn.destroy();
    }
  }

  async close(): Promise<void> {
    await this.pool.end().catch(() => undefined);
  }

  private wrap(e: unknown, sql: string): SqlError {
    const err = e as { message?: string; errno?: number; code?: string; fatal?: boolean };
    const transient = TRANSIENT_CODES.has(err.code ?? '') || Boolean(err.fatal);
    // Never echo the password: mysql2 messages name the user and host only.
    return new SqlError(err.message ?? String(e), err.errno, sql, transient);
  }
}
