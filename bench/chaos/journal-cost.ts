// The cost of the simulated FE's journal (sim/fe/journal.ts): the same statements against `srsync-sim start`
// without and with --data-dir. Creates N tables from C connections at once (how srsync creates tables: up to
// ddl_job_batch_size statements in flight), then runs INSERTs from 1 and from C connections.
//
//   npx tsx bench/chaos/journal-cost.ts [--tables 2000] [--connections 10] [--inserts 500] [--ddl-latency-ms 20]
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import mysql from 'mysql2/promise';
import { startSim, type SimProcess } from '../../harness/sim-pair.js';

const { values } = parseArgs({
  options: {
    tables: { type: 'string', default: '2000' },
    connections: { type: 'string', default: '10' },
    inserts: { type: 'string', default: '500' },
    'ddl-latency-ms': { type: 'string', default: '20' },
  },
});
const TABLES = Number(values.tables);
const CONNS = Number(values.connections);
const INSERTS = Number(values.inserts);
const LATENCY = values['ddl-latency-ms']!;

async function pool(sim: SimProcess, n: number): Promise<mysql.Connection[]> {
  return Promise.all(Array.from({ length: n }, () => mysql.createConnection({ host: '127.0.0.1', port: sim.queryPort, user: 'root', password: '' })));
}

/** Runs `count` statements from `conns` connections at once; returns seconds. */
async function run(conns: mysql.Connection[], count: number, stmt: (i: number) => string): Promise<number> {
  let next = 0;
  const t0 = performance.now();
  await Promise.all(
    conns.map(async (c) => {
      for (let i = next++; i < count; i = next++) await c.query(stmt(i));
    }),
  );
  return (performance.now() - t0) / 1000;
}

async function measure(durable: boolean): Promise<Record<string, number>> {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'srsync-jcost-'));
  const sim = await startSim({
    name: durable ? 'jdur' : 'jmem',
    objectStore: path.join(root, 'os'),
    cnCount: 1,
    ...(durable ? { dataDir: path.join(root, 'data') } : {}),
    extra: ['--ddl-latency-ms', LATENCY, '--query-latency-ms', '0'],
  });
  try {
    const conns = await pool(sim, CONNS);
    await conns[0]!.query('CREATE DATABASE b');
    await conns[0]!.query('ADMIN SET FRONTEND CONFIG ("lake_compaction_max_tasks" = "0")');
    const create = await run(
      conns,
      TABLES,
      (i) => `CREATE TABLE b.t${i} (id BIGINT, v VARCHAR(20)) DUPLICATE KEY(id) DISTRIBUTED BY HASH(id) BUCKETS 1`,
    );
    const insert1 = await run(conns.slice(0, 1), INSERTS, (i) => `INSERT INTO b.t${i % 100} VALUES (${i}, 'x'), (${i + 1}, 'y')`);
    const insertN = await run(conns, INSERTS, (i) => `INSERT INTO b.t${i % 100} VALUES (${i}, 'x'), (${i + 1}, 'y')`);
    await Promise.all(conns.map((c) => c.end()));
    return { create, insert1, insertN };
  } finally {
    await sim.stop();
    fs.rmSync(root, { recursive: true, force: true });
  }
}

const mem = await measure(false);
const dur = await measure(true);
const line = (what: string, n: number, a: number, b: number) =>
  console.log(
    `${what.padEnd(44)} ${a.toFixed(2).padStart(8)} s ${b.toFixed(2).padStart(8)} s   ${(b / a).toFixed(2)}x   ${((1000 * (b - a)) / n).toFixed(2)} ms/statement added`,
  );
console.log(`journal cost (DDL/INSERT latency ${LATENCY} ms, ${CONNS} connections)   no --data-dir   --data-dir   ratio`);
line(`create ${TABLES} tables, ${CONNS} connections`, TABLES, mem.create!, dur.create!);
line(`${INSERTS} INSERTs, 1 connection`, INSERTS, mem.insert1!, dur.insert1!);
line(`${INSERTS} INSERTs, ${CONNS} connections`, INSERTS, mem.insertN!, dur.insertN!);
