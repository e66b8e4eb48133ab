// Acceptance (scale): a catalog of 10,000 tables / 100,000 partitions / 1,000,000 tablets (control action
// generate_catalog over HTTP) answers `SELECT * FROM information_schema.partitions_meta` over mysql2 with every row.
// No timing assertion; the time is printed.
import type mysql from 'mysql2/promise';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { ClusterHandle } from '../../../sim/cluster.js';
import { connect, control, query, removeTempDirs, startSim, tempDir } from './helpers.js';

let cluster: ClusterHandle;
let conn: mysql.Connection;

beforeAll(async () => {
  // a slow daemon: nothing to compact or vacuum here, and the test should not share the CPU with it
  cluster = await startSim('scale', tempDir('scale'), { daemonIntervalMs: 60_000 });
  conn = await connect(cluster.ports.query);
});

afterAll(async () => {
  await conn?.end();
  await cluster?.stop();
  removeTempDirs();
});

it('partitions_meta returns all 100,000 partitions of a 1,000,000-tablet catalog', async () => {
  const t0 = Date.now();
  const generated = await control(cluster.ports.http, 'generate_catalog', {
    databases: 10,
    tablesPerDb: 1000,
    partitionsPerTable: 10,
    bucketsPerPartition: 10,
  });
  expect(generated).toEqual({ databases: 10, tables: 10_000, partitions: 100_000, tablets: 1_000_000 });
  const t1 = Date.now();
  const r = await query(conn, 'SELECT * FROM information_schema.partitions_meta');
  const t2 = Date.now();
  process.stdout.write(
    `[scale] generate_catalog: ${t1 - t0} ms; SELECT * FROM information_schema.partitions_meta: ${r.rows.length} rows in ${t2 - t1} ms\n`,
  );

  expect(r.rows).toHaveLength(100_000);
  expect(r.columns).toHaveLength(31);
  expect(r.columns.slice(0, 4)).toEqual(['DB_NAME', 'TABLE_NAME', 'PARTITION_NAME', 'PARTITION_ID']);
  const db = r.columns.indexOf('DB_NAME');
  const table = r.columns.indexOf('TABLE_NAME');
  const id = r.columns.indexOf('PARTITION_ID');
  const buckets = r.columns.indexOf('BUCKETS');
  expect(new Set(r.rows.map((x) => x[db])).size).toBe(10);
  expect(new Set(r.rows.map((x) => `${x[db]}.${x[table]}`)).size).toBe(10_000);
  expect(new Set(r.rows.map((x) => x[id])).size).toBe(100_000);
  expect(r.rows.every((x) => x[buckets] === '10')).toBe(true);

  const stats = await query(conn, "SHOW PROC '/statistic'");
  expect(stats.objects.at(-1)).toMatchObject({ DbId: 'Total', DbName: '10', TableNum: '10000', PartitionNum: '100000', TabletNum: '1000000' });
}, 120_000);
