// Automatic tablet reshard of range-distributed tables (TabletReshardJobMgr, PR #66342): a tablet larger than
// `tablet_reshard_target_size` is split at sort-key boundaries by a SPLIT_TABLET job (table in TABLET_RESHARD while
// it runs, a new visible version, DataVersion unchanged), later loads route rows into the tablet owning their key,
// and with `tablet_reshard_enable_tablet_merge` small neighbours are merged back. information_schema.tablet_reshard_jobs
// lists the jobs. The daemon is driven by the test (settle) so nothing depends on timing.
import type mysql from 'mysql2/promise';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ClusterHandle } from '../../../sim/cluster.js';
import { readTabletMeta } from '../../../sim/lake/tablet-meta.js';
import { readSegment } from '../../../sim/lake/segments.js';
import { connect, exec, query, removeTempDirs, scalar, startSim, tempDir } from '../protocol/helpers.js';
import { settle, SLOW_DAEMON, topology } from './helpers.js';

let c: ClusterHandle;
let conn: mysql.Connection;

const rows = (from: number, n: number) => Array.from({ length: n }, (_, i) => `(${from + i}, 'value-${from + i}-padding-padding')`).join(', ');

beforeAll(async () => {
  c = await startSim('reshard', tempDir('range-reshard'), { version: '4.2.0', ...SLOW_DAEMON });
  conn = await connect(c.ports.query);
  await exec(conn, 'CREATE DATABASE d', 'CREATE TABLE d.t (k INT, v VARCHAR(64)) DUPLICATE KEY(k)');
  await exec(conn, `INSERT INTO d.t VALUES ${rows(0, 200)}`);
});

afterAll(async () => {
  await conn?.end();
  await c?.stop();
  removeTempDirs();
});

const jobs = async () =>
  (
    await query(
      conn,
      'SELECT JOB_ID, DB_NAME, TABLE_NAME, JOB_TYPE, JOB_STATE, ERROR_MESSAGE FROM information_schema.tablet_reshard_jobs ORDER BY JOB_ID',
    )
  ).objects;

describe('automatic split', () => {
  it('nothing happens while the tablet is below tablet_reshard_target_size', async () => {
    await settle(c);
    expect(await jobs()).toEqual([]);
    expect((await topology(conn, 'd', 't')).partitions[0]!.indexes[0]!.tablets).toHaveLength(1);
  });

  it('an oversized tablet is split by a SPLIT_TABLET job; the table is TABLET_RESHARD until it finishes', async () => {
    const before = (await topology(conn, 'd', 't')).partitions[0]!;
    await exec(conn, 'ADMIN SET FRONTEND CONFIG ("tablet_reshard_target_size" = "4000")');
    await c.lake.tick(); // proposes the job
    const pending = await jobs();
    expect(pending).toHaveLength(1);
    expect(pending[0]).toMatchObject({ DB_NAME: 'd', TABLE_NAME: 't', JOB_TYPE: 'SPLIT_TABLET', JOB_STATE: 'PENDING' });
    expect(c.fe.getOlapTable('d', 't').state).toBe('TABLET_RESHARD');
    await exec(conn, 'ADMIN SET FRONTEND CONFIG ("tablet_reshard_target_size" = "10737418240")');
    await settle(c);
    expect((await jobs()).map((j) => j['JOB_STATE'])).toEqual(['FINISHED']);
    expect(c.fe.getOlapTable('d', 't').state).toBe('NORMAL');

    const after = (await topology(conn, 'd', 't')).partitions[0]!;
    const tablets = after.indexes[0]!.tablets;
    expect(tablets.length).toBeGreaterThanOrEqual(2);
    // Contiguous half-open ranges from -∞ to +∞.
    expect(tablets[0]!.range.lowerBound).toBeNull();
    expect(tablets[tablets.length - 1]!.range.upperBound).toBeNull();
    for (let i = 1; i < tablets.length; i++) {
      expect(tablets[i]!.range.lowerBound).toEqual(tablets[i - 1]!.range.upperBound);
      expect(tablets[i]!.range).toMatchObject({ lowerIncluded: true, upperIncluded: false });
    }
    // A reshard publishes one new visible version; DataVersion stays.
    expect(after.visibleVersion).toBe(before.visibleVersion + 1);
    const p = (await query(conn, 'SHOW PARTITIONS FROM d.t')).objects[0]!;
    expect(p['VisibleVersion']).toBe(String(after.visibleVersion));
    expect(p['DataVersion']).toBe('2');
    expect(await scalar(conn, 'SELECT COUNT(*) FROM d.t')).toBe('200');
  });

  it('later loads go to the tablet owning each row key; SHOW TABLET prints the ranges', async () => {
    await exec(conn, `INSERT INTO d.t VALUES ${rows(-50, 50)}, ${rows(1000, 20)}`);
    expect(await scalar(conn, 'SELECT COUNT(*) FROM d.t')).toBe('270');
    const t = c.fe.getOlapTable('d', 't');
    const pp = t.partitions[0]!.physicalPartitions[0]!;
    const dir = c.lake.partitionDir(c.fe.getDb('d'), t, pp);
    const topo = (await topology(conn, 'd', 't')).partitions[0]!.indexes[0]!.tablets;
    let total = 0;
    for (const { tabletId, range } of topo) {
      const meta = readTabletMeta(dir, tabletId, pp.visibleVersion)!;
      const keys = meta.rowsets.flatMap((rs) => rs.segments.flatMap((s) => readSegment(dir, s).map((r) => Number(r['k']))));
      total += keys.length;
      for (const k of keys) {
        if (range.lowerBound) expect(k).toBeGreaterThanOrEqual(Number(range.lowerBound[0]));
        if (range.upperBound) expect(k).toBeLessThan(Number(range.upperBound[0]));
      }
    }
    expect(total).toBe(270);
    const shown = await query(conn, 'SHOW TABLET FROM d.t');
    // Each range tablet reports its own rows (RowCount), summing to the partition's.
    const counts = new Map(shown.rows.map((r) => [Number(r[0]), Number(r[3])]));
    expect([...counts.values()].reduce((a, b) => a + b, 0)).toBe(270);
    expect(shown.rows.map((r) => r[5])).toContain(`(-∞, (${topo[0]!.range.upperBound![0]}))`);
    expect(shown.rows.map((r) => r[5])).toContain(`[(${topo[topo.length - 1]!.range.lowerBound![0]}), +∞)`);
  });
});

describe('automatic merge', () => {
  it('stays off by default; with tablet_reshard_enable_tablet_merge small neighbours merge back (MERGE_TABLET)', async () => {
    await settle(c);
    expect((await jobs()).map((j) => j['JOB_TYPE'])).toEqual(['SPLIT_TABLET']);
    await exec(conn, 'ADMIN SET FRONTEND CONFIG ("tablet_reshard_enable_tablet_merge" = "true")');
    await settle(c, 40);
    await exec(conn, 'ADMIN SET FRONTEND CONFIG ("tablet_reshard_enable_tablet_merge" = "false")');
    const all = await jobs();
    expect(all.filter((j) => j['JOB_TYPE'] === 'MERGE_TABLET').length).toBeGreaterThan(0);
    expect(all.every((j) => j['JOB_STATE'] === 'FINISHED')).toBe(true);
    // The migration docs' pre-check: no unfinished MERGE_TABLET job.
    const unfinished = await query(
      conn,
      "SELECT JOB_ID, DB_NAME, TABLE_NAME, JOB_TYPE, JOB_STATE FROM information_schema.tablet_reshard_jobs WHERE JOB_TYPE = 'MERGE_TABLET' AND JOB_STATE NOT IN ('FINISHED', 'ABORTED')",
    );
    expect(unfinished.columns).toEqual(['JOB_ID', 'DB_NAME', 'TABLE_NAME', 'JOB_TYPE', 'JOB_STATE']);
    expect(unfinished.rows).toEqual([]);
    const tablets = (await topology(conn, 'd', 't')).partitions[0]!.indexes[0]!.tablets;
    expect(tablets).toHaveLength(1);
    expect(tablets[0]!.range).toEqual({ lowerBound: null, lowerIncluded: false, upperBound: null, upperIncluded: false });
    expect(await scalar(conn, 'SELECT COUNT(*) FROM d.t')).toBe('270');
  });
});

describe('an FE restart', () => {
  it('keeps the tablets and their ranges; the table is NORMAL', async () => {
    await exec(conn, 'ADMIN SET FRONTEND CONFIG ("tablet_reshard_target_size" = "4000") WITH PERSISTENT');
    await settle(c);
    await exec(conn, 'ADMIN SET FRONTEND CONFIG ("tablet_reshard_target_size" = "10737418240") WITH PERSISTENT');
    const before = await topology(conn, 'd', 't');
    expect(before.partitions[0]!.indexes[0]!.tablets.length).toBeGreaterThan(1);
    await conn.end();
    await c.restart();
    conn = await connect(c.ports.query);
    expect(await topology(conn, 'd', 't')).toEqual(before);
    expect(await scalar(conn, 'SELECT COUNT(*) FROM d.t')).toBe('270');
    await exec(conn, `INSERT INTO d.t VALUES ${rows(5000, 5)}`);
    expect(await scalar(conn, 'SELECT COUNT(*) FROM d.t')).toBe('275');
  });

  it('a split job admitted before the restart resumes after it (the job is journaled with its table)', async () => {
    const before = (await topology(conn, 'd', 't')).partitions[0]!.indexes[0]!.tablets;
    await exec(conn, 'ADMIN SET FRONTEND CONFIG ("tablet_reshard_target_size" = "1500")');
    await c.lake.tick(); // admits a SPLIT_TABLET job: the table is TABLET_RESHARD
    const [job] = (await query(conn, "SELECT JOB_ID, JOB_STATE FROM information_schema.tablet_reshard_jobs WHERE JOB_STATE = 'PENDING'")).rows;
    expect(job).toBeDefined();
    await exec(conn, 'ADMIN SET FRONTEND CONFIG ("tablet_reshard_target_size" = "10737418240")');
    await conn.end();
    await c.restart();
    conn = await connect(c.ports.query);
    expect(c.fe.getOlapTable('d', 't').state).toBe('TABLET_RESHARD');
    await settle(c);
    expect((await query(conn, `SELECT JOB_STATE FROM information_schema.tablet_reshard_jobs WHERE JOB_ID = ${job![0]}`)).rows).toEqual([
      ['FINISHED'],
    ]);
    expect(c.fe.getOlapTable('d', 't').state).toBe('NORMAL');
    expect((await topology(conn, 'd', 't')).partitions[0]!.indexes[0]!.tablets.length).toBeGreaterThan(before.length);
    expect(await scalar(conn, 'SELECT COUNT(*) FROM d.t')).toBe('275');
  });
});
