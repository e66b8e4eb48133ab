// Issue 10: the FE RPC client keeps a few persistent connections (one call at a time on each) instead of a fresh
// connection per job, and still settles every call: a lost connection, a silent server, a refused port.
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { FeRpcClient, RpcTransportError } from '../../../src/cluster/fe-rpc-client.js';
import { thrift, FrontendService, TStatusCode } from '../../../idl/thrift.js';
import type { TableReplicationRequest, TableReplicationResponse } from '../../../idl/thrift.js';

interface TestServer {
  port: number;
  connections: number;
  calls: number;
  sockets: Set<net.Socket>;
  close(): Promise<void>;
}

const servers: TestServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

/** A FrontendService server answering with `answer` (a never-settling promise = a silent server). */
async function serve(answer: (n: number) => Promise<TableReplicationResponse>): Promise<TestServer> {
  const state = { calls: 0 };
  const server = thrift.createServer(
    FrontendService as never,
    { startTableReplication: (_req: unknown) => answer(++state.calls) } as never, // one parameter: the promise form
    { transport: thrift.TBufferedTransport, protocol: thrift.TBinaryProtocol } as never,
  ) as unknown as net.Server;
  const sockets = new Set<net.Socket>();
  const t: TestServer = {
    port: 0,
    connections: 0,
    get calls() {
      return state.calls;
    },
    sockets,
    close: () =>
      new Promise<void>((r) => {
        for (const s of sockets) s.destroy();
        server.close(() => r());
      }),
  };
  server.on('connection', (s: net.Socket) => {
    t.connections++;
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  t.port = (server.address() as AddressInfo).port;
  servers.push(t);
  return t;
}

const ok = async (): Promise<TableReplicationResponse> => ({ status: { status_code: TStatusCode.OK, error_msgs: [] } }) as never;
const request = { job_id: 'j', partition_replication_infos: {} } as unknown as TableReplicationRequest;

describe('FeRpcClient', () => {
  it('reuses one connection for calls one after another, and keeps calls in parallel on their own', async () => {
    const s = await serve(ok);
    const c = new FeRpcClient(() => ({ host: '127.0.0.1', port: s.port }), 5000, { maxIdle: 4 });
    for (let i = 0; i < 5; i++) expect(await c.startTableReplication(request)).toEqual({ kind: 'accepted' });
    expect(s.connections).toBe(1);
    await Promise.all([1, 2, 3].map(() => c.startTableReplication(request)));
    expect(s.connections).toBe(3);
    expect(c.connectionsOpened).toBe(3);
    c.close();
  });

  it('passes a refusal on with the FE text', async () => {
    const s = await serve(async () => ({ status: { status_code: TStatusCode.INTERNAL_ERROR, error_msgs: ['No data need to replicate'] } }) as never);
    const c = new FeRpcClient(() => ({ host: '127.0.0.1', port: s.port }), 5000);
    expect(await c.startTableReplication(request)).toEqual({
      kind: 'rejected',
      code: TStatusCode.INTERNAL_ERROR,
      message: 'No data need to replicate',
    });
    c.close();
  });

  it('opens a new connection when the FE closed the idle one', async () => {
    const s = await serve(ok);
    const c = new FeRpcClient(() => ({ host: '127.0.0.1', port: s.port }), 5000);
    await c.startTableReplication(request);
    for (const sock of s.sockets) sock.destroy(); // the FE's read timeout closed it
    await new Promise((r) => setTimeout(r, 20));
    expect(await c.startTableReplication(request)).toEqual({ kind: 'accepted' });
    expect(s.connections).toBe(2);
    c.close();
  });

  it('rejects a call the server never answers at its deadline, and does not reuse that connection', async () => {
    const s = await serve((n) => (n === 1 ? new Promise<never>(() => {}) : ok()));
    const c = new FeRpcClient(() => ({ host: '127.0.0.1', port: s.port }), 150);
    await expect(c.startTableReplication(request)).rejects.toBeInstanceOf(RpcTransportError);
    expect(await c.startTableReplication(request)).toEqual({ kind: 'accepted' });
    expect(s.connections).toBe(2);
    c.close();
  });

  it('rejects when the connection drops mid-call, and when nothing listens', async () => {
    const s = await serve(() => {
      for (const sock of s.sockets) sock.destroy();
      return new Promise<never>(() => {});
    });
    const c = new FeRpcClient(() => ({ host: '127.0.0.1', port: s.port }), 5000);
    await expect(c.startTableReplication(request)).rejects.toThrow(/closed before an answer|failed/);
    const port = s.port;
    await s.close();
    servers.splice(servers.indexOf(s), 1);
    const d = new FeRpcClient(() => ({ host: '127.0.0.1', port }), 5000);
    await expect(d.startTableReplication(request)).rejects.toBeInstanceOf(RpcTransportError);
    c.close();
    d.close();
  });

  it('closes an idle connection after idleMs', async () => {
    const s = await serve(ok);
    const c = new FeRpcClient(() => ({ host: '127.0.0.1', port: s.port }), 5000, { idleMs: 30 });
    await c.startTableReplication(request);
    await new Promise((r) => setTimeout(r, 120));
    expect(s.sockets.size).toBe(0);
    await c.startTableReplication(request);
    expect(s.connections).toBe(2);
    c.close();
  });
});
