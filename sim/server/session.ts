// What a statement handler sees and returns: the contract between the MySQL edge (MysqlFrontend) and the
// simulated FE's statement semantics. Type-only: importing it pulls in no server code.
import type { ResultColumn } from './mysql-packets.js';

export type { ColumnType, ResultColumn } from './mysql-packets.js';

/** One client connection's session (StarRocks' ConnectContext, reduced to what the simulator needs). */
export interface Session {
  readonly connectionId: number;
  readonly user: string;
  /** Set by the handshake's database, COM_INIT_DB, or the handler (for `USE db`). */
  currentDb: string | null;
  /** Session variables set with `SET`, lower-case names; maintained by the handler. */
  variables: Map<string, string>;
  /** Client address as the server saw it (e.g. `127.0.0.1`). */
  readonly remoteAddress: string;
}

export type QueryResult =
  { kind: 'ok'; affectedRows?: number; info?: string } | { kind: 'rows'; columns: ResultColumn[]; rows: Array<Array<string | null>> };

/** Runs one statement. Throw a SimError to answer with a MySQL error packet (its code, SQLSTATE and message). */
export type QueryHandler = (session: Session, sql: string) => Promise<QueryResult>;
