import fs from 'node:fs'; import os from 'node:os'; import path from 'node:path';
import mysql from 'mysql2/promise';
import { startCluster } from '../../../sim/cluster.js';
import { defaultOptions } from '../../../sim/fe/state.js';
const root = fs.mkdtempSync(path.join(os.tmpdir(), 'explore-'));
const c = await startCluster(defaultOptions({ name: 'src', objectStore: root, rootPassword: 'pw', daemonIntervalMs: 50 }));
const conn = await mysql.createConnection({ host: '127.0.0.1', port: c.ports.query, user: 'root', password: 'pw', supportBigNumbers: true, bigNumberStrings: true, dateStrings: true });
const stmts = fs.readFileSync(process.argv[2]!, 'utf8').split(/;\n/).map(s => s.trim()).filter(Boolean);
for (const s of stmts) {
  try { const [r, f] = await conn.query(s); console.log('>>', s); if (Array.isArray(r)) { console.log('cols', (f as any[])?.map(x => x.name).join('|')); for (const row of (r as any[]).slice(0, 8)) console.log(JSON.stringify(row)); } else console.log(JSON.stringify(r)); }
  catch (e) { console.log('>>', s, '\nERR', (e as any).errno, (e as any).sqlState, (e as Error).message); }
}
await conn.end(); await c.stop();
