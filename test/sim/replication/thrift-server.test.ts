import { afterEach, describe, expect, it } from 'vitest';
import { thrift, TStatusCode, type TableReplicationRequest, type TableReplicationResponse } from '../../../idl/thrift.js';
import { RpcFaults } from '../../../sim/thrift/faults.js';
import { ThriftFrontend } from '../../../sim/thrift/server.js';
import { CloseWithoutReply } from '../../../sim/thrift/faults.js';
import { callStartTableReplication, rawExchange } from './fixture.js';

const Thrift = thrift.Thrift;

/** Encodes one message with a body of no fields: a call of `method` with empty args. */
function encodeCall(method: string, seqid: number, strict = true): Buffer {
  const out: Buffer[] = [];
  const trans = new thrift.TBufferedTransport(undefined, (b?: Buffer) => {
    if (b) out.push(b);
  });
  const prot = new thrift.TBinaryProtocol(trans, false, strict);
  prot.writeMessageBegin(method, Thrift.MessageType.CALL, seqid);
  prot.writeStructBegin('args');
  prot.writeFieldStop();
  prot.writeStructEnd();
  prot.writeMessageEnd();
  prot.flush();
  return Buffer.concat(out);
}

/** Parses one reply message if `buf` holds a complete one. */
function parseReply(buf: Buffer): { name: string; type: number; seqid: number; exception?: { type: number; message: string } } | null {
  let parsed: ReturnType<typeof parseReply> = null;
  const receiver = (
    thrift.TBufferedTransport as unknown as {
      receiver(cb: (t: unknown) => void): (d: Buffer) => void;
    }
  ).receiver((reader) => {
    try {
      const prot = new thrift.TBinaryProtocol(reader as thrift.TTransport);
      const m = prot.readMessageBegin();
      if (m.mtype === Thrift.MessageType.EXCEPTION) {
        const x = new Thrift.TApplicationException();
        x.read(prot);
        parsed = { name: m.fname, type: m.mtype, seqid: m.rseqid, exception: { type: (x as unknown as { type: number }).type, message: x.message } };
      } else {
        parsed = { name: m.fname, type: m.mtype, seqid: m.rseqid };
      }
    } catch {
      parsed = null; // incomplete
    }
  });
  receiver(buf);
  return parsed;
}

let server: ThriftFrontend | null = null;
afterEach(async () => {
  await server?.stop();
  server = null;
});

async function serve(
  handler: (req: TableReplicationRequest) => Promise<TableReplicationResponse>,
  opts: { faults?: RpcFaults; idleTimeoutMs?: number } = {},
): Promise<number> {
  server = new ThriftFrontend({ startTableReplication: handler }, { port: 0, ...opts });
  return server.start();
}

const ok = async (): Promise<TableReplicationResponse> => ({ status: { status_code: TStatusCode.OK } });

describe('ThriftFrontend', () => {
  it('answers a real client over unframed binary, with i64 ids and map keys as decimal strings', async () => {
    let seen: TableReplicationRequest | null = null;
    const port = await serve(async (req) => {
      seen = req;
      return { status: { status_code: TStatusCode.INTERNAL_ERROR, error_msgs: ['boom'] } };
    });
    const out = await callStartTableReplication(port, {
      database_id: '10001',
      table_id: '9007199254740993',
      partition_replication_infos: {
        '10005': {
          partition_id: '10005',
          src_version: '7',
          index_replication_infos: { '10006': { index_id: '10006', tablet_replication_infos: {} } },
        },
      },
      src_cluster_run_mode: 1,
    });
    expect(out).toEqual({
      kind: 'reply',
      res: expect.objectContaining({ status: expect.objectContaining({ status_code: 6, error_msgs: ['boom'] }) }),
    });
    expect(seen).not.toBeNull();
    const req = seen as unknown as TableReplicationRequest;
    expect(req.database_id).toBe('10001');
    expect(req.table_id).toBe('9007199254740993');
    expect(req.src_cluster_run_mode).toBe(1);
    expect(req.src_table_type).toBeUndefined();
    expect(req.src_database_id).toBeUndefined();
    const p = req.partition_replication_infos!['10005']!;
    expect(p.src_version).toBe('7');
    expect(p.src_partition_id).toBeUndefined();
    expect(p.index_replication_infos!['10006']!.tablet_replication_infos).toEqual({});
  });

  it('keeps a null map null (so the FE can fail like Java)', async () => {
    let seen: TableReplicationRequest | null = null;
    const port = await serve(async (req) => {
      seen = req;
      return ok();
    });
    await callStartTableReplication(port, { table_id: '1' });
    expect((seen as unknown as TableReplicationRequest).partition_replication_infos).toBeNull();
  });

  it('answers an unknown method with TApplicationException UNKNOWN_METHOD (raw client)', async () => {
    const port = await serve(ok);
    const { data, closed } = await rawExchange(port, encodeCall('getTableMeta', 42), (b) => parseReply(b) !== null);
    expect(closed).toBe(false);
    const reply = parseReply(data)!;
    expect(reply.type).toBe(Thrift.MessageType.EXCEPTION);
    expect(reply.name).toBe('getTableMeta');
    expect(reply.seqid).toBe(42);
    expect(reply.exception).toEqual({ type: Thrift.TApplicationExceptionType.UNKNOWN_METHOD, message: "Invalid method name: 'getTableMeta'" });
  });

  it('closes the connection on a non-strict (unversioned) message header', async () => {
    const port = await serve(ok);
    const { data, closed } = await rawExchange(port, encodeCall('startTableReplication', 1, false), () => false);
    expect(closed).toBe(true);
    expect(data.length).toBe(0);
  });

  it('closes without a reply when the handler throws CloseWithoutReply', async () => {
    const port = await serve(async () => {
      throw new CloseWithoutReply('null message');
    });
    expect(await callStartTableReplication(port, { table_id: '1' })).toEqual({ kind: 'closed' });
  });

  it('consumes faults per call: fail, drop, delay', async () => {
    const faults = new RpcFaults();
    let calls = 0;
    const port = await serve(
      async () => {
        calls++;
        return ok();
      },
      { faults },
    );
    faults.failNext(1, 'forward request to fe master failed');
    faults.dropNext(1);
    faults.delayNext(1, 20);
    expect(faults.pending()).toEqual({ failNext: 1, delayNext: 1, dropNext: 1 });
    // first call: delayed, dropped (drop wins over fail; the fail is consumed too)
    expect(await callStartTableReplication(port, {})).toEqual({ kind: 'closed' });
    expect(calls).toBe(0);
    expect(faults.pending()).toEqual({ failNext: 0, delayNext: 0, dropNext: 0 });
    faults.failNext(2, 'injected');
    const failed = await callStartTableReplication(port, {});
    expect(failed).toEqual({
      kind: 'reply',
      res: expect.objectContaining({ status: expect.objectContaining({ status_code: 6, error_msgs: ['injected'] }) }),
    });
    await callStartTableReplication(port, {});
    const third = await callStartTableReplication(port, {});
    expect(third.kind).toBe('reply');
    expect(calls).toBe(1);
  });

  it('closes an idle connection after the idle timeout', async () => {
    const port = await serve(ok, { idleTimeoutMs: 50 });
    const { closed } = await rawExchange(port, Buffer.alloc(0), () => false);
    expect(closed).toBe(true);
  });

  it('stop() closes open connections and the port', async () => {
    const port = await serve(ok);
    const pending = rawExchange(port, Buffer.alloc(0), () => false);
    await new Promise((r) => setTimeout(r, 10));
    await server!.stop();
    server = null;
    expect((await pending).closed).toBe(true);
    expect((await callStartTableReplication(port, {})).kind).toBe('error');
  });
});
