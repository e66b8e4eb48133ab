import { describe, it, expect } from 'vitest';
import net from 'node:net';
import { thrift, FrontendService, i64ToString, TStatusCode } from '../idl/thrift.js';

describe('thrift wire contract', () => {
  it('round-trips i64 map keys as decimal strings over unframed binary', async () => {
    let seen: any;
    const server = thrift.createServer(
      FrontendService as any,
      {
        startTableReplication(req: any) {
          seen = req;
          return { status: { status_code: TStatusCode.OK } };
        },
      },
      { transport: thrift.TBufferedTransport, protocol: thrift.TBinaryProtocol },
    );
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    const port = (server.address() as net.AddressInfo).port;
    const conn = thrift.createConnection('127.0.0.1', port, { transport: thrift.TBufferedTransport, protocol: thrift.TBinaryProtocol });
    const client = thrift.createClient(FrontendService as any, conn) as any;
    const res = await client.startTableReplication({
      table_id: '10005',
      partition_replication_infos: { '10005': { partition_id: '10005', src_version: '9007199254740993' } },
    });
    conn.end();
    server.close();
    expect(res.status.status_code).toBe(0);
    expect(i64ToString(seen.table_id)).toBe('10005');
    expect(Object.keys(seen.partition_replication_infos)).toEqual(['10005']);
    expect(i64ToString(seen.partition_replication_infos['10005'].src_version)).toBe('9007199254740993');
  });
});
