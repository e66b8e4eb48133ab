// ============================================================================================================
// PLACEHOLDER written by the sim/server helper so that `srsync-sim start` runs end to end before the real
// cluster exists. The INTEGRATOR (lead) replaces this file with the real sim/cluster.ts. Keep the contract:
//   export async function startCluster(o: SimOptions): Promise<ClusterHandle>
//   ClusterHandle { name; ports: { query; rpc; http }; stop(): Promise<void>; restart(): Promise<void> }
// (ports = the bound ports, so that 0 = ephemeral works). Log to stderr only: stdout carries the ready line.
// This placeholder serves: MySQL with a stub handler (`SELECT 1`, `SELECT @@version_comment`), HTTP
// /service_id, and a TCP listener on the rpc port that speaks nothing.
// ============================================================================================================
import { randomUUID } from 'node:crypto';
import { createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { SimError } from './fe/errors.js';
import type { SimOptions } from './fe/state.js';
import { HttpFrontend } from './server/http-frontend.js';
import { MysqlFrontend, type QueryResult } from './server/mysql-frontend.js';

export interface ClusterHandle {
  name: string;
  ports: { query: number; rpc: number; http: number };
  stop(): Promise<void>;
  restart(): Promise<void>;
}

export async function startCluster(o: SimOptions): Promise<ClusterHandle> {
  const serviceId = randomUUID();
  const mysql = new MysqlFrontend({
    port: o.queryPort,
    rootPassword: o.rootPassword,
    serverVersion: '8.0.33',
    handler: async (_session, sql): Promise<QueryResult> => {
      const s = sql.trim().replace(/;$/, '').toLowerCase();
      if (s === 'select 1') return { kind: 'rows', columns: [{ name: '1', type: 'BIGINT' }], rows: [['1']] };
      if (s.startsWith('select @@version_comment')) {
        return { kind: 'rows', columns: [{ name: '@@version_comment', type: 'VARCHAR' }], rows: [[`${o.version}-${o.commitHash}`]] };
      }
      if (s.startsWith('set ')) return { kind: 'ok' };
      throw new SimError(1064, `placeholder cluster: unsupported statement: ${sql}`);
    },
  });
  const http = new HttpFrontend({ port: o.httpPort, routes: { runMode: () => o.runMode, serviceId: () => serviceId } });
  const rpc = createServer((s: Socket) => s.destroy());
  const query = await mysql.start();
  const httpPort = await http.start();
  const rpcPort = await listen(rpc, o.rpcPort);
  const stop = async () => {
    await Promise.all([mysql.stop(), http.stop(), new Promise<void>((r) => rpc.close(() => r()))]);
  };
  return { name: o.name, ports: { query, rpc: rpcPort, http: httpPort }, stop, restart: async () => mysql.closeAllConnections() };
}

function listen(server: Server, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve((server.address() as AddressInfo).port));
  });
}
