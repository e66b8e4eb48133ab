// Acceptance: loads create versions and files in the object store; background compaction and vacuum as the FE
// configs drive them (reference §3 "Why src_version must be the VisibleVersion", §8); SUM DECIMAL widening and
// enable_legacy_compatibility_for_replication. Driven over mysql2 and HTTP only; the object store is inspected as
// a bucket listing would show it.
import type mysql from 'mysql2/promise';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ClusterHandle } from '../../../sim/cluster.js';
import { connect, eventually, exec, hex16, listFiles, objectPath, query, removeTempDirs, scalar, sqlString, startSim, tempDir } from './helpers.js';

let cluster: ClusterHandle;
let conn: mysql.Connection;
let objectStore: string;

beforeAll(async () => {
  objectStore = tempDir('storage');
  cluster = await startSim('st', objectStore);
  conn = await connect(cluster.ports.query);
  await exec(conn, 'ADMIN SET FRONTEND CONFIG ("lake_compaction_max_tasks" = "0")', 'CREATE DATABASE st');
});

afterAll(async () => {
  await conn?.end();
  await cluster?.stop();
  removeTempDirs();
});

interface PartitionState {
  id: string;
  name: string;
  dir: string;
  compact: string;
  visible: string;
  next: string;
  data: string;
  epoch: string;
  txnType: string;
}

async function partitions(table: string): Promise<PartitionState[]> {
  const show = await query(conn, `SHOW PARTITIONS FROM st.${table}`);
  const meta = await query(
    conn,
    `SELECT PARTITION_ID, STORAGE_PATH FROM information_schema.partitions_meta WHERE DB_NAME = 'st' AND TABLE_NAME = ${sqlString(table)}`,
  );
  const paths = new Map(meta.rows.map((r) => [r[0]!, r[1]!]));
  return show.objects.map((r) => ({
    id: r['PartitionId']!,
    name: r['PartitionName']!,
    dir: objectPath(objectStore, paths.get(r['PartitionId']!)!),
    compact: r['CompactVersion']!,
    visible: r['VisibleVersion']!,
    next: r['NextVersion']!,
    data: r['DataVersion']!,
    epoch: r['VersionEpoch']!,
    txnType: r['VersionTxnType']!,
  }));
}

async function tabletsOf(table: string, partition: string): Promise<string[]> {
  return (await query(conn, `SHOW TABLET FROM st.${table} PARTITION (${partition})`)).rows.map((r) => r[0]!);
}

/** meta/ as `tabletId → versions` (parsed from `<tablet:016X>_<version:016X>.meta`). */
function metaVersions(dir: string): Map<string, number[]> {
  const out = new Map<string, number[]>();
  for (const f of listFiles(`${dir}/meta`)) {
    const m = /^([0-9A-F]{16})_([0-9A-F]{16})\.meta$/.exec(f);
    if (!m) throw new Error(`unexpected file in meta/: ${f}`);
    const tablet = String(BigInt(`0x${m[1]}`));
    out.set(
      tablet,
      [...(out.get(tablet) ?? []), Number(BigInt(`0x${m[2]}`))].sort((a, b) => a - b),
    );
  }
  return out;
}

async function finishedTxns(): Promise<Array<Record<string, string | null>>> {
  return (await query(conn, "SHOW PROC '/transactions/st/finished'")).objects;
}

describe('loads', () => {
  it('each INSERT publishes one version per partition it touches and writes tablet metadata + segments', async () => {
    await exec(
      conn,
      `CREATE TABLE st.events (id INT, dt DATE, note VARCHAR(16)) DUPLICATE KEY(id)
         PARTITION BY RANGE(dt) (PARTITION p1 VALUES LESS THAN ("2024-02-01"), PARTITION p2 VALUES LESS THAN ("2024-03-01"))
         DISTRIBUTED BY HASH(id) BUCKETS 2 PROPERTIES ("file_bundling" = "false")`, // per-tablet metadata files (bundles: test/sim/protocol/bundle.test.ts)
    );
    const [p1, p2] = await partitions('events');
    const p1Tablets = await tabletsOf('events', 'p1');
    // creation writes version 1 of every tablet, no segment
    expect(metaVersions(p1!.dir)).toEqual(new Map(p1Tablets.map((t) => [t, [1]])));
    expect(listFiles(`${p1!.dir}/data`)).toEqual([]);
    expect(listFiles(`${p1!.dir}/meta`)).toContain(`${hex16(p1Tablets[0]!)}_${hex16(1)}.meta`);

    await exec(conn, "INSERT INTO st.events VALUES (1, '2024-01-01', 'a'), (2, '2024-01-02', 'b'), (3, '2024-02-03', 'c')");
    await exec(conn, "INSERT INTO st.events VALUES (4, '2024-01-04', 'd'), (5, '2024-01-05', 'e')");
    const [q1, q2] = await partitions('events');
    expect([q1!.visible, q1!.data, q1!.next, q1!.compact]).toEqual(['3', '3', '4', '0']);
    expect([q2!.visible, q2!.data, q2!.next]).toEqual(['2', '2', '3']);
    expect(q1!.epoch).toBe(p1!.epoch); // loads keep the epoch (the last txn was not a replication)
    expect(q1!.txnType).toBe('TXN_NORMAL');
    expect(metaVersions(q1!.dir)).toEqual(new Map(p1Tablets.map((t) => [t, [1, 2, 3]])));
    expect(metaVersions(p2!.dir)).toEqual(new Map((await tabletsOf('events', 'p2')).map((t) => [t, [1, 2]])));

    // segment files are named after the load txn that wrote them (<txnId:016x>_...dat)
    const loads = (await finishedTxns()).filter((t) => t['LoadJobSourceType'] === 'INSERT_STREAMING');
    expect(loads).toHaveLength(2);
    const txnPrefixes = new Set(loads.map((t) => BigInt(t['TransactionId']!).toString(16).padStart(16, '0')));
    const p1Files = listFiles(`${q1!.dir}/data`);
    expect(p1Files.length).toBeGreaterThanOrEqual(2);
    for (const f of p1Files) {
      expect(f).toMatch(/^[0-9a-f]{16}_.+\.dat$/);
      expect(txnPrefixes.has(f.slice(0, 16))).toBe(true);
    }
    expect(new Set(p1Files.map((f) => f.slice(0, 16))).size).toBe(2);
    expect(await scalar(conn, 'SELECT COUNT(*) FROM st.events PARTITION (p1)')).toBe('4');
    expect(await scalar(conn, 'SELECT COUNT(*) FROM st.events')).toBe('5');
  });
});

describe('vacuum and compaction', () => {
  let base: PartitionState;

  it('with lake_compaction_max_tasks = 0 nothing compacts; a small grace period lets vacuum delete old metadata versions', async () => {
    await exec(
      conn,
      'ADMIN SET FRONTEND CONFIG ("lake_autovacuum_grace_period_minutes" = "0")',
      'ADMIN SET FRONTEND CONFIG ("lake_autovacuum_partition_naptime_seconds" = "0")',
      'CREATE TABLE st.counters (id INT, n BIGINT SUM) AGGREGATE KEY(id) DISTRIBUTED BY HASH(id) BUCKETS 1 PROPERTIES ("file_bundling" = "false")',
      'INSERT INTO st.counters VALUES (1, 10), (2, 20)',
      'INSERT INTO st.counters VALUES (1, 5), (3, 30)',
    );
    base = (await partitions('counters'))[0]!;
    const [tablet] = await tabletsOf('counters', 'counters');
    expect([base.visible, base.data]).toEqual(['3', '3']);
    // vacuum runs in the same daemon round as compaction, after it: once v1 and v2 are gone, compaction had its turn
    await eventually(
      async () => metaVersions(base.dir).get(tablet!),
      (v) => v?.length === 1 && v[0] === 3,
      15_000,
      'vacuum of versions 1-2',
    );
    const [after] = await partitions('counters');
    expect([after!.compact, after!.visible, after!.data, after!.next]).toEqual(['0', '3', '3', '4']);
    expect(listFiles(`${base.dir}/data`)).toHaveLength(2); // both segments are still referenced by version 3
    expect(await scalar(conn, 'SELECT COUNT(*) FROM st.counters')).toBe('3');
    expect((await finishedTxns()).some((t) => t['LoadJobSourceType'] === 'LAKE_COMPACTION')).toBe(false);
  });

  it('with lake_compaction_max_tasks != 0 compaction bumps VisibleVersion and CompactVersion, not DataVersion', async () => {
    await exec(conn, 'ADMIN SET FRONTEND CONFIG ("lake_compaction_max_tasks" = "2")');
    const [tablet] = await tabletsOf('counters', 'counters');
    const [c] = await eventually(
      () => partitions('counters'),
      (p) => p[0]!.visible !== '3',
      15_000,
      'compaction of counters',
    );
    expect([c!.compact, c!.visible, c!.data, c!.next]).toEqual(['4', '4', '3', '5']);
    expect([c!.epoch, c!.txnType]).toEqual([base.epoch, 'TXN_NORMAL']);
    const compactions = (await finishedTxns()).filter((t) => t['LoadJobSourceType'] === 'LAKE_COMPACTION');
    expect(compactions.length).toBeGreaterThan(0);
    for (const t of compactions) expect(t['TransactionStatus']).toBe('VISIBLE');
    expect(await scalar(conn, 'SELECT COUNT(*) FROM st.counters')).toBe('3');
    // vacuum (grace 0) then drops version 3 and the two input segments: one compacted segment is left
    await eventually(
      async () => metaVersions(c!.dir).get(tablet!),
      (v) => v?.length === 1 && v[0] === 4,
      15_000,
      'vacuum of version 3',
    );
    const files = await eventually(
      async () => listFiles(`${c!.dir}/data`),
      (f) => f.length === 1,
      15_000,
      'vacuum of compaction inputs',
    );
    const compactionTxnIds = (await finishedTxns())
      .filter((t) => t['LoadJobSourceType'] === 'LAKE_COMPACTION')
      .map((t) => BigInt(t['TransactionId']!).toString(16).padStart(16, '0'));
    expect(compactionTxnIds).toContain(files[0]!.slice(0, 16));
    expect(await scalar(conn, 'SELECT COUNT(*) FROM st.counters')).toBe('3');
  });

  it('the next load moves both counters: DataVersion 4, VisibleVersion 5', async () => {
    await exec(conn, 'ADMIN SET FRONTEND CONFIG ("lake_compaction_max_tasks" = "0")', 'INSERT INTO st.counters VALUES (4, 1)');
    const [p] = await partitions('counters');
    expect([p!.visible, p!.data, p!.next]).toEqual(['5', '4', '6']);
    expect(await scalar(conn, 'SELECT COUNT(*) FROM st.counters')).toBe('4');
  });
});

describe('SUM DECIMAL widening', () => {
  const columnType = async (table: string, column: string) =>
    scalar(
      conn,
      `SELECT COLUMN_TYPE FROM information_schema.columns WHERE TABLE_SCHEMA = 'st' AND TABLE_NAME = ${sqlString(table)} AND COLUMN_NAME = ${sqlString(column)}`,
    );

  it('widens SUM DECIMAL(p, s) to DECIMAL(38, s) unless enable_legacy_compatibility_for_replication is true', async () => {
    const body = '(k INT, total DECIMAL(10, 2) SUM, top DECIMAL(10, 2) MAX) AGGREGATE KEY(k) DISTRIBUTED BY HASH(k) BUCKETS 1';
    await exec(conn, `CREATE TABLE st.dec_new ${body}`);
    const widened = (await query(conn, 'SHOW CREATE TABLE st.dec_new')).rows[0]![1]!;
    expect(widened).toContain('`total` decimal(38, 2) SUM NULL');
    expect(widened).toContain('`top` decimal(10, 2) MAX NULL');
    expect(await columnType('dec_new', 'total')).toBe('decimal(38, 2)');

    await exec(conn, 'ADMIN SET FRONTEND CONFIG ("enable_legacy_compatibility_for_replication" = "true")', `CREATE TABLE st.dec_legacy ${body}`);
    const kept = (await query(conn, 'SHOW CREATE TABLE st.dec_legacy')).rows[0]![1]!;
    expect(kept).toContain('`total` decimal(10, 2) SUM NULL');
    expect(await columnType('dec_legacy', 'total')).toBe('decimal(10, 2)');
    await exec(conn, 'ADMIN SET FRONTEND CONFIG ("enable_legacy_compatibility_for_replication" = "false")');
  });
});
