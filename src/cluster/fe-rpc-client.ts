// The FE's Thrift RPC (rpc_port): FrontendService.startTableReplication over unframed TBinaryProtocol.
// One fresh connection per call, raced against a deadline, rejected on error/timeout/close
// (the thrift package leaves calls pending forever otherwise: ../shared/reference/libraries.md §3).
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

export class FeRpcClient {
  constructor(
    private readonly endpoint: () => RpcEndpoint,
    private readonly timeoutMs: number,
  ) {}

  async startTableReplication(req: TableReplicationRequest): Promise<ReplicationAnswer> {
    const res = await this.call<TableReplicationResponse>((client) => client.startTableReplication(req));
    const status = res?.status;
    if (status && status.status_code === TStatusCode.OK) return { kind: 'accepted' };
    return {
      kind: 'rejected',
      code: status?.status_code ?? -1,
      message: (status?.error_msgs ?? []).filter((m) => m !== null && m !== undefined).join('; '),
    };
  }

  private call<T>(fn: (client: { startTableReplication(r: TableReplicationRequest): Promise<T> }) => Promise<T>): Promise<T> {
    const { host, port } = this.endpoint();
    return new Promise<T>((resolve, reject) => {
      let settled = false;
      const conn = thrift.createConnection(host, port, {
        transport: thrift.TBufferedTransport,
        protocol: thrift.TBinaryProtocol,
        connect_timeout: this.timeoutMs,
      } as thrift.ConnectOptions);
      const finish = (err: Error | null, value?: T) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        try {
          conn.end();
        } catch {
          /* already closed */
        }
        if (err) reject(err);
        else resolve(value as T);
      };
      const timer = setTimeout(() => finish(new RpcTransportError(`rpc to ${host}:${port} timed out after ${this.timeoutMs} ms`)), this.timeoutMs);
      conn.on('error', (e: Error) => finish(new RpcTransportError(`rpc to ${host}:${port} failed: ${e.message}`)));
      conn.on('timeout', () => finish(new RpcTransportError(`rpc to ${host}:${port} timed out`)));
      conn.on('close', () => finish(new RpcTransportError(`rpc connection to ${host}:${port} closed before an answer`)));
      const client = thrift.createClient(FrontendService as never, conn) as unknown as {
        startTableReplication(r: TableReplicationRequest): Promise<T>;
      };
      fn(client).then(
        (v) => finish(null, v),
        (e: Error) => finish(new RpcTransportError(`rpc to ${host}:${port} failed: ${e?.message ?? String(e)}`)),
      );
    });
  }
}
