// The simulated FE's MySQL port (query_port): handshake and mysql_native_password login as StarRocks does
// them, then every COM_QUERY goes to the integrator's QueryHandler. Built on mysql2's createServer with the
// workarounds of ../shared/reference/libraries.md §2:
//  (a) CLIENT_SSL is not advertised (we announce exactly StarRocks' MysqlCapability.DEFAULT_FLAGS);
//  (b) the sequence id is reset after the auth OK and after every complete response;
//  (c) text `SET`/`PREPARE`/`EXECUTE` statements, which mysql2 routes to `stmt_prepare`/`stmt_execute`, reach the
//      handler like any other text query: we dispatch on the command byte from the `packet` event, which mysql2
//      emits for every command, and only keep inert listeners on the per-command events so that mysql2 does not
//      answer by itself;
//  (d) `conn.on('error')` is always attached, so a client vanishing never crashes the process.
// Responses are encoded by ./mysql-packets.ts (mysql2's server helpers lose the SQLSTATE of errors).
import type { EventEmitter } from 'node:events';
import type { AddressInfo, Socket } from 'node:net';
import mysql from 'mysql2';
import { SimError } from '../fe/errors.js';
import { accessDenied, verifyNativeDigest, verifyNativePassword } from './mysql-auth.js';
import { MysqlFaults } from './faults.js';
import {
  CHARSET_UTF8_GENERAL_CI,
  columnCountPayload,
  columnDefinitionPayload,
  eofPayload,
  errPayload,
  okPayload,
  PacketFramer,
  SERVER_STATUS_AUTOCOMMIT,
  textRowPayload,
} from './mysql-packets.js';
import type { QueryHandler, QueryResult, Session } from './session.js';

export type { ColumnType, QueryHandler, QueryResult, ResultColumn, Session } from './session.js';
export { MysqlFaults } from './faults.js';

export interface MysqlFrontendOptions {
  port: number;
  /** Default 127.0.0.1. */
  host?: string;
  rootPassword: string;
  /** Users besides root, looked up at every login. */
  /** Non-root users: a plain password, or the stored mysql_native_password digest (`*HEX`, '' for none). */
  users?: () => Map<string, { password?: string; digest?: string }>;
  /** The handshake's server version; StarRocks sends Config.mysql_server_version (default `8.0.33`). */
  serverVersion: string;
  handler: QueryHandler;
  faults?: MysqlFaults;
  /** Checks the database named at login or by COM_INIT_DB; absent = every name is accepted. */
  dbExists?: (name: string) => boolean;
  /** Extra latency of one statement, ms (e.g. DDL vs. query latencies). */
  latencyMs?: (sql: string) => number;
  /** Called once when an authenticated session's connection closes. */
  onSessionEnd?: (session: Session) => void;
  /** Reports a handler failure that was not a SimError (a simulator bug); default: stack to stderr. */
  onUnexpectedError?: (error: unknown, sql: string) => void;
}

// StarRocks' MysqlCapability.DEFAULT_FLAGS: PROTOCOL_41 | CONNECT_WITH_DB | SECURE_CONNECTION | PLUGIN_AUTH |
// LONG_FLAG | CONNECT_ATTRS | PLUGIN_AUTH_LENENC_CLIENT_DATA. No SSL, compression, multi-statements or session track.
const CAPABILITIES = 0x00000200 | 0x00000008 | 0x00008000 | 0x00080000 | 0x00000004 | 0x00100000 | 0x00200000;

const COM = {
  QUIT: 0x01,
  INIT_DB: 0x02,
  QUERY: 0x03,
  PING: 0x0e,
  STMT_CLOSE: 0x19,
  STMT_RESET: 0x1a,
  RESET_CONNECTION: 0x1f,
} as const;

/** The events mysql2 answers by itself unless someone listens; we listen (inertly) and answer from `packet`. */
const SILENCED_EVENTS = ['query', 'stmt_prepare', 'stmt_execute', 'init_db', 'ping', 'quit', 'field_list'] as const;

/** The slice of mysql2's (untyped) server-side connection we use. */
interface WirePacket {
  buffer: Buffer;
  length(): number;
  writeHeader(sequenceId: number): void;
}
interface CommandPacket {
  readInt8(): number;
  readString(len: undefined, encoding: string): string;
}
interface AuthInfo {
  user: string;
  database: string | undefined;
  address: string | undefined;
  authPluginData1: Buffer;
  authPluginData2: Buffer;
  authToken: Buffer;
}
interface ServerConnection extends EventEmitter {
  serverHandshake(args: {
    protocolVersion: number;
    serverVersion: string;
    connectionId: number;
    statusFlags: number;
    characterSet: number;
    capabilityFlags: number;
    authCallback: (info: AuthInfo, cb: (err: Error | null, mysqlError?: { code: number; message: string }) => void) => void;
  }): void;
  writePacket(packet: WirePacket): void;
  sequenceId: number;
  stream: Socket;
  clientHelloReply?: { encoding?: string };
  connectTimeout?: NodeJS.Timeout | null;
}

interface Client {
  conn: ServerConnection;
  session: Session | null;
  /** Commands of one connection run one after another; different connections run concurrently. */
  chain: Promise<void>;
  closed: boolean;
}

export class MysqlFrontend {
  private readonly server = mysql.createServer((c) => this.accept(c as unknown as ServerConnection));
  private readonly clients = new Set<Client>();
  private readonly faults: MysqlFaults;
  private nextConnectionId = 1;
  private unsubscribeFaults: (() => void) | null = null;
  private listening = false;

  constructor(private readonly opts: MysqlFrontendOptions) {
    this.faults = opts.faults ?? new MysqlFaults();
  }

  /** Listens; resolves with the bound port (useful with port 0). */
  start(): Promise<number> {
    const net = this.netServer();
    return new Promise((resolve, reject) => {
      const onError = (e: Error) => reject(e);
      net.once('error', onError);
      net.listen(this.opts.port, this.opts.host ?? '127.0.0.1', () => {
        net.off('error', onError);
        this.listening = true;
        this.unsubscribeFaults = this.faults.onDropAll(() => this.closeAllConnections());
        resolve((net.address() as AddressInfo).port);
      });
    });
  }

  /** Stops listening and closes every connection. */
  async stop(): Promise<void> {
    this.unsubscribeFaults?.();
    this.unsubscribeFaults = null;
    this.closeAllConnections();
    if (!this.listening) return;
    this.listening = false;
    await new Promise<void>((resolve) => this.netServer().close(() => resolve()));
  }

  /** Drops every open connection at once (the clients see the connection lost). */
  closeAllConnections(): void {
    for (const c of [...this.clients]) this.drop(c);
  }

  /** Number of open connections (authenticated or not). */
  connectionCount(): number {
    return this.clients.size;
  }

  private netServer(): import('node:net').Server {
    return (this.server as unknown as { _server: import('node:net').Server })._server;
  }

  private accept(conn: ServerConnection): void {
    conn.on('error', () => {}); // (d)
    conn.stream.setNoDelay(true);
    const client: Client = { conn, session: null, chain: Promise.resolve(), closed: false };
    this.clients.add(client);
    conn.stream.on('close', () => this.forget(client));
    if (this.faults.takeConnectionDrop()) {
      this.drop(client);
      return;
    }
    for (const ev of SILENCED_EVENTS) conn.on(ev, () => {});
    conn.on('packet', (packet: CommandPacket, _known: boolean, code: number) => {
      if (!client.session || client.closed) return;
      const encoding = conn.clientHelloReply?.encoding ?? 'utf8';
      packet.readInt8(); // the command byte, already given as `code`
      const body = code === COM.QUERY || code === COM.INIT_DB ? packet.readString(undefined, encoding) : '';
      client.chain = client.chain.then(() => this.command(client, code, body)).catch(() => {});
    });
    const connectionId = this.nextConnectionId++;
    conn.serverHandshake({
      protocolVersion: 10,
      serverVersion: this.opts.serverVersion,
      connectionId,
      statusFlags: SERVER_STATUS_AUTOCOMMIT,
      characterSet: CHARSET_UTF8_GENERAL_CI,
      capabilityFlags: CAPABILITIES,
      authCallback: (info, cb) => {
        const failure = this.authenticate(info);
        if (failure) {
          // Answer ourselves (mysql2 would drop the SQLSTATE) and close, as StarRocks' MysqlProto.negotiate does.
          this.respond(client, errPayload(failure.code, failure.sqlState, failure.message));
          this.drop(client, true);
          return;
        }
        client.session = {
          connectionId,
          user: info.user,
          currentDb: info.database ? info.database : null,
          variables: new Map(),
          remoteAddress: normalizeAddress(info.address),
        };
        cb(null);
        conn.sequenceId = 0; // (b)
      },
    });
  }

  /** Null when the login is good; otherwise the error to answer with. */
  private authenticate(info: AuthInfo): SimError | null {
    const token = info.authToken ?? Buffer.alloc(0);
    const known = info.user === 'root' ? { password: this.opts.rootPassword } : this.opts.users?.().get(info.user);
    const scramble = Buffer.concat([info.authPluginData1, info.authPluginData2]);
    const ok =
      known?.digest !== undefined
        ? verifyNativeDigest(known.digest, scramble, token)
        : known?.password !== undefined && verifyNativePassword(known.password, scramble, token);
    if (!info.user || !ok) {
      return accessDenied(info.user ?? '', token.length);
    }
    if (info.database && this.opts.dbExists && !this.opts.dbExists(info.database)) return unknownDb(info.database);
    return null;
  }

  private async command(client: Client, code: number, body: string): Promise<void> {
    const session = client.session!;
    switch (code) {
      case COM.QUERY:
        return this.query(client, session, body);
      case COM.INIT_DB:
        if (this.opts.dbExists && !this.opts.dbExists(body)) return this.respond(client, errorPayloadOf(unknownDb(body)));
        session.currentDb = body;
        return this.respond(client, okPayload());
      case COM.PING:
        return this.respond(client, okPayload());
      case COM.RESET_CONNECTION:
        session.variables.clear();
        return this.respond(client, okPayload());
      case COM.QUIT:
        this.drop(client, true);
        return;
      case COM.STMT_CLOSE:
        return; // no response, by protocol
      default:
        // COM_STMT_PREPARE & co. and COM_FIELD_LIST: the simulator speaks the text protocol only.
        return this.respond(client, errPayload(1047, '08S01', 'Unknown command'));
    }
  }

  private async query(client: Client, session: Session, sql: string): Promise<void> {
    const failure = this.faults.takeQueryFailure();
    const delay = this.faults.takeQueryDelay() + Math.max(0, this.opts.latencyMs?.(sql) ?? 0);
    if (delay > 0) await sleep(delay);
    if (client.closed) return;
    let framed: Buffer[];
    try {
      if (failure) throw failure;
      const result = await this.opts.handler(session, sql);
      framed = frameResult(result, client.conn.sequenceId);
    } catch (e) {
      if (!(e instanceof SimError)) this.reportUnexpected(e, sql);
      return this.respond(client, errorPayloadOf(e));
    }
    this.writeFramed(client, framed);
  }

  /** Writes a response framed by frameResult (from the connection's current sequence id), then resets it (b). */
  private writeFramed(client: Client, framed: Buffer[]): void {
    if (client.closed) return;
    for (const b of framed) client.conn.stream.write(b);
    client.conn.sequenceId = 0;
  }

  private reportUnexpected(e: unknown, sql: string): void {
    if (this.opts.onUnexpectedError) return this.opts.onUnexpectedError(e, sql);
    process.stderr.write(`[srsync-sim] statement failed unexpectedly: ${sql.slice(0, 200)}: ${e instanceof Error ? e.stack : String(e)}\n`);
  }

  /**
   * Writes one complete response, then resets the sequence id for the next command (b). Packets are framed here
   * (3-byte length + sequence id, as mysql2's writePacket does) into a few large writes: a 100,000-row result is
   * one buffer per ~4 MB, not 100,000 socket writes.
   */
  private respond(client: Client, ...payloads: Buffer[]): void {
    if (client.closed) return;
    const stream = client.conn.stream;
    let seq = client.conn.sequenceId;
    const CHUNK = 4 * 1024 * 1024;
    let chunk: Buffer[] = [];
    let chunkSize = 0;
    const flush = () => {
      if (chunk.length > 0) stream.write(chunk.length === 1 ? chunk[0]! : Buffer.concat(chunk, chunkSize));
      chunk = [];
      chunkSize = 0;
    };
    for (const p of payloads) {
      // Payloads of 16 MiB or more would need splitting; result rows and OK/ERR packets are far smaller.
      if (p.length >= 0xffffff) throw new Error(`packet of ${p.length} bytes is too large`);
      const header = Buffer.allocUnsafe(4);
      header.writeUIntLE(p.length, 0, 3);
      header[3] = seq;
      seq = (seq + 1) & 0xff;
      chunk.push(header, p);
      chunkSize += 4 + p.length;
      if (chunkSize >= CHUNK) flush();
    }
    flush();
    client.conn.sequenceId = 0;
  }

  /** Graceful: flush what was written, then FIN. Otherwise: reset now. */
  private drop(client: Client, graceful = false): void {
    if (client.closed) return;
    if (graceful) client.conn.stream.end();
    else client.conn.stream.destroy();
    this.forget(client);
  }

  private forget(client: Client): void {
    if (!this.clients.has(client)) return;
    client.closed = true;
    this.clients.delete(client);
    if (client.conn.connectTimeout) {
      clearTimeout(client.conn.connectTimeout);
      client.conn.connectTimeout = null;
    }
    if (client.session) this.opts.onSessionEnd?.(client.session);
  }
}

/** The packets of one result (text protocol). */
export function encodeResult(r: QueryResult): Buffer[] {
  if (r.kind === 'ok') return [okPayload(r.affectedRows ?? 0, r.info ?? '')];
  const width = r.columns.length;
  for (const row of r.rows) {
    if (row.length !== width) throw new Error(`result row has ${row.length} values for ${width} columns`);
  }
  return [
    columnCountPayload(width),
    ...r.columns.map(columnDefinitionPayload),
    eofPayload(),
    ...r.rows.map((row) => textRowPayload(row.map((v) => (v === null ? null : String(v))))),
    eofPayload(),
  ];
}

/**
 * The packets of one result, framed (header + payload each) from sequence id `seq` into a few large buffers: the
 * bytes of encodeResult's payloads as respond() frames them, without a Buffer per row (a 100,000-row answer is a
 * few 4 MiB writes).
 */
export function frameResult(r: QueryResult, seq: number): Buffer[] {
  const f = new PacketFramer(seq);
  if (r.kind === 'ok') {
    f.packet(okPayload(r.affectedRows ?? 0, r.info ?? ''));
    return f.finish();
  }
  const width = r.columns.length;
  for (const row of r.rows) {
    if (row.length !== width) throw new Error(`result row has ${row.length} values for ${width} columns`);
  }
  f.packet(columnCountPayload(width));
  for (const c of r.columns) f.packet(columnDefinitionPayload(c));
  f.packet(eofPayload());
  for (const row of r.rows) f.textRow(row);
  f.packet(eofPayload());
  return f.finish();
}

/**
 * A SimError keeps its code/SQLSTATE/message. Anything else is a simulator bug: it is answered the way StarRocks
 * answers an unexpected exception (1064, "Unexpected exception: ...").
 */
function errorPayloadOf(e: unknown): Buffer {
  if (e instanceof SimError) return errPayload(e.code, e.sqlState, e.message);
  return errPayload(1064, 'HY000', `Unexpected exception: ${e instanceof Error ? e.message : String(e)}`);
}

const unknownDb = (name: string) => new SimError(1049, `Unknown database '${name}'`, '42000');

const normalizeAddress = (a: string | undefined) => (a ?? '').replace(/^::ffff:/, '');

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
