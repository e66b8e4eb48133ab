// A MySQL-protocol connection pool to one FE (mysql2), with the timeout workaround of
// ../shared/reference/libraries.md §1: a timed-out connection is destroyed, never returned to the pool.
// mysql2's callback API wrapped once here: its promise wrapper captures a stack trace per query (measured: ~3 % of
// srsync's CPU migrating 1,000 small tables); errors carry the statement instead (SqlError).
import mysql from 'mysql2';
import type { FieldPacket, Pool, PoolConnection, QueryOptions } from 'mysql2';

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
    const conn = await this.connection(sql);
    try {
      const { rows, fields } = await run(conn, { sql, values, timeout: this.options.queryTimeoutMs });
      conn.release();
      return { rows: Array.isArray(rows) ? (rows as Row[]) : [], fields: (fields ?? []).map((f) => f.name) };
    } catch (e) {
      const code = (e as { code?: string }).code;
      if (code === 'PROTOCOL_SEQUENCE_TIMEOUT' || (e as { fatal?: boolean }).fatal) conn.destroy();
      else conn.release();
      throw this.wrap(e, sql);
    }
  }

  private connection(sql: string): Promise<PoolConnection> {
    return new Promise((resolve, reject) => this.pool.getConnection((e, conn) => (e ? reject(this.wrap(e, sql)) : resolve(conn))));
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
    const conn = await this.connection(sql);
    try {
      await run(conn, { sql: useSql, timeout: this.options.queryTimeoutMs });
      await run(conn, { sql, timeout: this.options.queryTimeoutMs });
    } catch (e) {
      throw this.wrap(e, sql);
    } finally {
      conn.destroy();
    }
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.pool.end(() => resolve()));
  }

  private wrap(e: unknown, sql: string): SqlError {
    const err = e as { message?: string; errno?: number; code?: string; fatal?: boolean };
    const transient = TRANSIENT_CODES.has(err.code ?? '') || Boolean(err.fatal);
    // Never echo the password: mysql2 messages name the user and host only.
    return new SqlError(err.message ?? String(e), err.errno, sql, transient);
  }
}

/** One statement on `conn`: the rows (or the OK packet) and the fields, or the driver's error. */
function run(conn: PoolConnection, options: QueryOptions): Promise<{ rows: unknown; fields: FieldPacket[] | undefined }> {
  return new Promise((resolve, reject) =>
    conn.query(options, (e: unknown, rows: unknown, fields?: FieldPacket[]) => (e ? reject(e) : resolve({ rows, fields }))),
  );
}
