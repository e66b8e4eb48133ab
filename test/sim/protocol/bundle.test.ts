// Acceptance: a source table with file_bundling (the 4.x default) keeps one metadata bundle per partition and
// version; a replication from it commits and the target counts the same rows, writing per its own table's
// property; a target whose CNs lack PR #77362 (--cn-bundle-fallback=false) moves no data and its copy tasks
// fail with "shard does not exist".
import type mysql from 'mysql2/promise';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ClusterHandle } from '../../../sim/cluster.js';
import {
  buildReplicationRequest,
  connect,
  exec,
  hex16,
  listFiles,
  objectPath,
  prepareReplicationPair,
  query,
  removeTempDirs,
  rpcStatus,
  scalar,
  serviceId,
  startSim,
  tableLayout,
  tempDir,
  waitForReplicationJob,
} from './helpers.js';

const MIRROR = 'src_builtin_storage_volume';
const BUNDLE = (v: number) => `${hex16(0)}_${hex16(v)}.meta`;

let objectStore: string;
let src: ClusterHandle;
let tgt: ClusterHandle;
let old: ClusterHandle;
let s: mysql.Connection;
let t: mysql.Connection;
let o: mysql.Connection;
let srcServiceId: string;

const DDL = (name: string, props = '') =>
  `CREATE TABLE bdb.${name} (id BIGINT, dt DATE, amount DECIMAL(12, 2)) DUPLICATE KEY(id)
     PARTITION BY RANGE(dt) (PARTITION p1 VALUES LESS THAN ("2024-02-01"), PARTITION p2 VALUES LESS THAN ("2024-03-01"))
     DISTRIBUTED BY HASH(id) BUCKETS 3${props}`;
const STANDALONE = ' PROPERTIES ("file_bundling" = "false")';

async function load(table: string, rows: number, from: number): Promise<void> {
  const values = Array.from({ length: rows }, (_, i) => `(${from + i}, '2024-0${1 + (i % 2)}-${String(1 + (i % 28)).padStart(2, '0')}', ${i}.5)`);
  await exec(s, `INSERT INTO bdb.${table} VALUES ${values.join(', ')}`);
}

async function partitionDirs(conn: mysql.Connection, table: string): Promise<Array<{ dir: string; visible: number }>> {
  const r = await query(
    conn,
    `SELECT STORAGE_PATH, VISIBLE_VERSION FROM information_schema.partitions_meta WHERE DB_NAME = 'bdb' AND TABLE_NAME = '${table}' ORDER BY PARTITION_NAME`,
  );
  return r.rows.map(([uri, v]) => ({ dir: objectPath(objectStore, uri!), visible: Number(v) }));
}

async function replicate(target: mysql.Connection, rpcPort: number, table: string, jobId: string) {
  const [sl, tl] = await Promise.all([tableLayout(s, 'bdb', table), tableLayout(target, 'bdb', table)]);
  const req = buildReplicationRequest(sl, tl, { srcServiceId, mirrorVolume: MIRROR, jobId });
  expect(await rpcStatus(rpcPort, req)).toEqual({ code: 0, msgs: [] });
  return waitForReplicationJob(target, 'bdb', jobId);
}

const count = async (conn: mysql.Connection, table: string) => Number(await scalar(conn, `SELECT COUNT(*) FROM bdb.${table}`));

beforeAll(async () => {
  objectStore = tempDir('bundle');
  [src, tgt, old] = await Promise.all([
    startSim('src', objectStore),
    startSim('tgt', objectStore),
    startSim('old', objectStore, { cnBundleFallback: false }),
  ]);
  [s, t, o] = await Promise.all([connect(src.ports.query), connect(tgt.ports.query), connect(old.ports.query)]);
  srcServiceId = await serviceId(src.ports.http);
  await prepareReplicationPair(s, t, MIRROR);
  await prepareReplicationPair(s, o, MIRROR);
  // ids on the two sides must differ: the targets allocate some first
  for (const c of [t, o]) await exec(c, 'CREATE DATABASE pad', 'CREATE TABLE pad.x (k INT) DUPLICATE KEY(k) DISTRIBUTED BY HASH(k) BUCKETS 4');
  await exec(s, 'CREATE DATABASE bdb', DDL('sales'), DDL('plain'));
  await exec(t, 'CREATE DATABASE bdb', DDL('sales'), DDL('plain', STANDALONE));
  await exec(o, 'CREATE DATABASE bdb', DDL('sales'));
  for (const table of ['sales', 'plain']) {
    await load(table, 10, 0);
    await load(table, 6, 100);
  }
});

afterAll(async () => {
  await Promise.all([s?.end(), t?.end(), o?.end()]);
  await Promise.all([src?.stop(), tgt?.stop(), old?.stop()]);
  removeTempDirs();
});

describe('file_bundling on the source', () => {
  it('SHOW CREATE TABLE prints it, and every version after 1 is one bundle per partition', async () => {
    const ddl = (await query(s, 'SHOW CREATE TABLE bdb.sales')).rows[0]![1]!;
    expect(ddl).toContain('"file_bundling" = "true"');
    for (const { dir, visible } of await partitionDirs(s, 'sales')) {
      expect(visible).toBe(3);
      const files = listFiles(`${dir}/meta`);
      expect(files.filter((f) => f.startsWith(hex16(0)))).toEqual([BUNDLE(2), BUNDLE(3)]);
      expect(files.filter((f) => !f.startsWith(hex16(0))).every((f) => f.endsWith(`_${hex16(1)}.meta`))).toBe(true); // creation's
    }
    expect(await count(s, 'sales')).toBe(16);
  });
});

describe('replication from a bundled source', () => {
  it('commits, and a bundled target counts the same rows, its new version written as a bundle', async () => {
    const row = await replicate(t, tgt.ports.rpc, 'sales', 'bundle-job-1');
    expect(row['State']).toBe('COMMITTED');
    expect(await count(t, 'sales')).toBe(await count(s, 'sales'));
    for (const { dir, visible } of await partitionDirs(t, 'sales')) {
      expect(visible).toBe(3);
      expect(listFiles(`${dir}/meta`)).toContain(BUNDLE(3));
    }
  });

  it('a target table with "file_bundling" = "false" gets one standalone file per tablet', async () => {
    const row = await replicate(t, tgt.ports.rpc, 'plain', 'bundle-job-2');
    expect(row['State']).toBe('COMMITTED');
    expect(await count(t, 'plain')).toBe(16);
    for (const { dir, visible } of await partitionDirs(t, 'plain')) {
      const files = listFiles(`${dir}/meta`);
      expect(files.filter((f) => f.startsWith(hex16(0)))).toEqual([]);
      expect(files.filter((f) => f.endsWith(`_${hex16(visible)}.meta`))).toHaveLength(3);
    }
  });

  it('a target whose CNs lack PR #77362 moves no data: every copy task fails with "shard does not exist"', async () => {
    const before = await query(o, "SELECT PARTITION_ID, VISIBLE_VERSION, DATA_VERSION FROM information_schema.partitions_meta WHERE DB_NAME = 'bdb'");
    const row = await replicate(o, old.ports.rpc, 'sales', 'bundle-job-3');
    // No partition has a finished tablet, so none is committed (LakeTableTxnStateListener.preCommit): the job
    // ends COMMITTED with the target unchanged, "tables get created, no data moves".
    expect(row['State']).toBe('COMMITTED');
    expect(await count(o, 'sales')).toBe(0);
    const after = await query(o, "SELECT PARTITION_ID, VISIBLE_VERSION, DATA_VERSION FROM information_schema.partitions_meta WHERE DB_NAME = 'bdb'");
    expect(after.rows).toEqual(before.rows);
    const job = old.replication.jobs().find((j) => j.jobId === 'bundle-job-3')!;
    expect(job.tasks.length).toBe(6);
    expect(new Set(job.tasks.map((x) => x.state))).toEqual(new Set(['FAILED']));
    for (const task of job.tasks) expect(task.error).toBe(`shard does not exist: ${task.srcTabletId}`);
  });
});
