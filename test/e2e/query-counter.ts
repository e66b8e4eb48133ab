// A TCP proxy in front of a simulator's MySQL port that records the text of every COM_QUERY the client sends
// (MySQL packets: 3-byte length, sequence id, payload; COM_QUERY = 0x03 then the statement). Used to count what
// the target really received, e.g. how often a failing DDL statement was retried.
import net from 'node:net';

export interface QueryCounter {
  port: number;
  /** Statements received so far, with the time (ms) they arrived. */
  statements: Array<{ at: number; sql: string }>;
  close(): Promise<void>;
}

export async function startQueryCounter(targetPort: number): Promise<QueryCounter> {
  const statements: Array<{ at: number; sql: string }> = [];
  const sockets = new Set<net.Socket>();
  const server = net.createServer((client) => {
    const upstream = net.connect(targetPort, '127.0.0.1');
    sockets.add(client);
    sockets.add(upstream);
    let buf = Buffer.alloc(0);
    client.on('data', (chunk: Buffer) => {
      upstream.write(chunk);
      buf = Buffer.concat([buf, chunk]);
      while (buf.length >= 4) {
        const len = buf.readUIntLE(0, 3);
        if (buf.length < 4 + len) break;
        const payload = buf.subarray(4, 4 + len);
        if (payload[0] === 0x03) statements.push({ at: Date.now(), sql: payload.subarray(1).toString('utf8') });
        buf = buf.subarray(4 + len);
      }
    });
    upstream.on('data', (chunk: Buffer) => client.write(chunk));
    const end = () => {
      client.destroy();
      upstream.destroy();
      sockets.delete(client);
      sockets.delete(upstream);
    };
    client.on('close', end);
    upstream.on('close', end);
    client.on('error', end);
    upstream.on('error', end);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  return {
    port,
    statements,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
