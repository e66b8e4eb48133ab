// check's TCP reachability probe: connects and closes at once, sending nothing.
import net from 'node:net';
import { describe, expect, it } from 'vitest';
import { tcpProbe } from '../../../src/check/read.js';

describe('tcpProbe', () => {
  it('null for a listening port (nothing sent), the reason for a closed one', async () => {
    const received: Buffer[] = [];
    const server = net.createServer((s) => s.on('data', (d: Buffer) => received.push(d)));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as net.AddressInfo).port;
    expect(await tcpProbe('127.0.0.1', port, 2000)).toBeNull();
    await new Promise<void>((r) => server.close(() => r()));
    expect(await tcpProbe('127.0.0.1', port, 2000)).toMatch(/ECONNREFUSED/);
    expect(received).toEqual([]);
  });
});
