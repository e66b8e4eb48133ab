// The FE's Thrift RPC (rpc_port): FrontendService.startTableReplication over unframed TBinaryProtocol.
// A small pool of persistent connections, one call at a time on each (the FE serves a connection with one worker
// thread). Every call keeps its own deadline and is rejected on the connection's error/timeout/close (the thrift
// package leaves calls pending forever otherwise: ../shared/reference/libraries.md §3); a connection whose call
// failed in any way is destroyed, never reused. Idle connections are closed before the FE's read timeout
// (thrift_client_timeout_ms = 5 s, reference §1) would close them under a new call.
import { thrift, FrontendService, TStatusCode } from '../../idl/thrift.js';
import type { TableReplicationRequest, TableReplicationResponse } from '../../idl/thrift.js';

export interface RpcEndpoint {
  host: string;
  port: number;
}

export type ReplicationAnswer =
  | { kind: 'accepted' }
  /** The FE refused the request; `message` is the FE's text (may be empty for Preconditions failures). */
  | { kind: 'rejected'; code: number; message: string };

export class RpcTransportError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RpcTransportError';
  }
}

export interface RpcPoolOptions {
  /** Most idle connections kept for reuse (default 10; 0 = a fresh connection per call). */
  maxIdle?: number;
  /** An idle connection is closed after this long (default 3 s: below the FE's 5 s read timeout). */
  idleMs?: number;
}

type ReplicationClient = { startTableReplication(r: TableReplicationRequest): Promise<TableReplicationResponse> };

/** One connection: its thrift client, and where the events of the call running on it go. */
interface PooledConnection {
  readonly key: string;
  readonly conn: thrift.Connection;
  readonly client: ReplicationClient;
  dead: boolean;
  /** The running call's settlement (null while idle). */
  onFailure: ((e: RpcTransportError) => void) | null;
  idleTimer: NodeJS.Timeout | null;
}

export class FeRpcClient {
  private readonly idle: PooledConnection[] = [];
  private readonly maxIdle: number;
  private readonly idleMs: number;
  private opened = 0;

  constructor(
    private readonly endpoint: () => RpcEndpoint,
    private readonly timeoutMs: number,
    pool: RpcPoolOptions = {},
  ) {
    this.maxIdle = Math.max(0, pool.maxIdle ?? 10);
    this.idleMs = pool.idleMs ?? 3000;
  }

  /** Connections opened so far (a pool that reuses them opens few). */
  get connectionsOpened(): number {
    return this.opened;
  }

  async startTableReplication(req: TableReplicationRequest): Promise<ReplicationAnswer> {
    const res = await this.call(req);
    const status = res?.status;
    if (status && status.status_code === TStatusCode.OK) return { kind: 'accepted' };
    return {
      kind: 'rejected',
      code: status?.status_code ?? -1,
      message: (status?.error_msgs ?? []).filter((m) => m !== null && m !== undefined).join('; '),
    };
  }

  /** Closes the idle connections (a call running now closes its own when it ends). */
  close(): void {
    for (const c of this.idle.splice(0)) this.discard(c);
  }

  private call(req: TableReplicationRequest): Promise<TableReplicationResponse> {
    const { host, port } = this.endpoint();
    const c = this.take(`${host}:${port}`) ?? this.open(host, port);
    return new Promise<TableReplicationResponse>((resolve, reject) => {
      let settled = false;
      const finish = (err: RpcTransportError | null, value?: TableReplicationResponse) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        c.onFailure = null;
        if (err) {
          this.discard(c, true);
          reject(err);
        } else {
          this.giveBack(c);
          resolve(value as TableReplicationResponse);
        }
      };
      const timer = setTimeout(() => finish(new RpcTransportError(`rpc to ${host}:${port} timed out after ${this.timeoutMs} ms`)), this.timeoutMs);
      c.onFailure = (e) => finish(e);
      c.client.startTableReplication(req).then(
        (v) => finish(null, v),
        (e: Error) => finish(new RpcTransportError(`rpc to ${host}:${port} failed: ${e?.message ?? String(e)}`)),
      );
    });
  }

  /** An idle live connection to `key`, most recently used first; stale ones are closed. */
  private take(key: string): PooledConnection | null {
    for (let c = this.idle.pop(); c; c = this.idle.pop()) {
      if (c.idleTimer) clearTimeout(c.idleTimer);
      c.idleTimer = null;
      if (!c.dead && c.key === key) return c;
      this.discard(c);
    }
    return null;
  }

  private open(host: string, port: number): PooledConnection {
    this.opened++;
    const conn = thrift.createConnection(host, port, {
      transport: thrift.TBufferedTransport,
      protocol: thrift.TBinaryProtocol,
      connect_timeout: this.timeoutMs,
    } as thrift.ConnectOptions);
    const client = thrift.createClient(FrontendService as never, conn) as unknown as ReplicationClient;
    const c: PooledConnection = { key: `${host}:${port}`, conn, client, dead: false, onFailure: null, idleTimer: null };
    const gone = (what: string) => {
      c.dead = true;
      c.onFailure?.(new RpcTransportError(`rpc ${what}`));
    };
    conn.on('error', (e: Error) => gone(`to ${host}:${port} failed: ${e.message}`));
    conn.on('timeout', () => gone(`to ${host}:${port} timed out`));
    conn.on('close', () => gone(`connection to ${host}:${port} closed before an answer`));
    return c;
  }

  private giveBack(c: PooledConnection): void {
    if (c.dead || this.idle.length >= this.maxIdle) return this.discard(c);
    c.idleTimer = setTimeout(() => {
      const i = this.idle.indexOf(c);
      if (i >= 0) this.idle.splice(i, 1);
      this.discard(c);
    }, this.idleMs);
    c.idleTimer.unref();
    this.idle.push(c);
  }

  /** Closes a connection; `hard` (its call failed): at once, so that a late answer is never read. */
  private discard(c: PooledConnection, hard = false): void {
    c.dead = true;
    if (c.idleTimer) clearTimeout(c.idleTimer);
    c.idleTimer = null;
    try {
      if (hard) c.conn.destroy();
      else c.conn.end();
    } catch {
      /* already closed */
    }
  }
}
