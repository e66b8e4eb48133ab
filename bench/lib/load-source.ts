// The loaded tables of the benchmark's source: CREATE TABLE (2 buckets) and INSERTs of a few rows, over several
// connections. Used by the scenarios with loaded tables and by the simulators' warm-up (pair.ts).
import { Conn, inParallel, type Resources } from './pair.js';
import type { SimProcess } from '../../harness/sim-pair.js';

function tableDdl(db: string, t: string): string {
  return `CREATE TABLE \`${db}\`.\`${t}\` (id BIGINT NOT NULL, dt DATE NOT NULL, v VARCHAR(32)) DUPLICATE KEY(id) DISTRIBUTED BY HASH(id) BUCKETS 2`;
}

function insert(db: string, t: string, rows: number): string {
  const values = Array.from({ length: rows }, (_, i) => `(${i}, '2024-01-${String(1 + (i % 28)).padStart(2, '0')}', 'v${i}')`);
  return `INSERT INTO \`${db}\`.\`${t}\` VALUES ${values.join(', ')}`;
}

/** CREATE TABLE (2 buckets) + one INSERT of `rows` rows per table on the source, over `connections` parallel connections. */
export async function loadSource(
  res: Resources,
  source: SimProcess,
  dbs: string[],
  tablesPerDb: number,
  connections: number,
  rows = 10,
  /** INSERTs per table (each a new version and a segment per tablet: from 2 on, the source's compaction has work). */
  loads = 1,
): Promise<void> {
  const conns = await Promise.all(Array.from({ length: connections }, () => Conn.open(res, source)));
  for (const db of dbs) await conns[0]!.exec(`CREATE DATABASE \`${db}\``);
  const work = dbs.flatMap((db) => Array.from({ length: tablesPerDb }, (_, j) => ({ db, t: `t${j}` })));
  let i = 0;
  await inParallel(connections, conns, async (c) => {
    for (let w = work[i++]; w; w = work[i++]) {
      await c.exec(tableDdl(w.db, w.t));
      for (let k = 0; k < loads; k++) await c.exec(insert(w.db, w.t, rows));
    }
  });
  for (const c of conns) await c.close();
}
