// Range distribution at CREATE TABLE and in what StarRocks prints for such tables: the FE config
// `enable_range_distribution` (default false on 4.1.x, true on 4.2+; Config.java, PR #76543), the session variable of
// that name, RangeDistributionInfo (no DISTRIBUTED BY text, bucket number 1, type RANGE), and tablets owning
// key ranges (SHOW TABLET's Range column) into which loads route rows by sort key.
import type mysql from 'mysql2/promise';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ClusterHandle } from '../../../sim/cluster.js';
import { connect, exec, query, queryError, removeTempDirs, scalar, startSim, tempDir } from '../protocol/helpers.js';
import { distributeType, SLOW_DAEMON, topology } from './helpers.js';

let c41: ClusterHandle;
let c42: ClusterHandle;
let a: mysql.Connection;
let b: mysql.Connection;

beforeAll(async () => {
  const store = tempDir('range-ddl');
  [c41, c42] = await Promise.all([startSim('c41', store, { ...SLOW_DAEMON }), startSim('c42', store, { version: '4.2.0', ...SLOW_DAEMON })]);
  [a, b] = await Promise.all([connect(c41.ports.query), connect(c42.ports.query)]);
  for (const c of [a, b]) await exec(c, 'CREATE DATABASE d');
});

afterAll(async () => {
  await Promise.all([a?.end(), b?.end()]);
  await Promise.all([c41?.stop(), c42?.stop()]);
  removeTempDirs();
});

const configValue = async (c: mysql.Connection, key: string) => (await query(c, `ADMIN SHOW FRONTEND CONFIG LIKE '${key}'`)).objects[0]?.['Value'];

describe('enable_range_distribution', () => {
  it('defaults to false on 4.1.x and to true on 4.2', async () => {
    expect(await configValue(a, 'enable_range_distribution')).toBe('false');
    expect(await configValue(b, 'enable_range_distribution')).toBe('true');
    expect(await configValue(a, 'tablet_reshard_target_size')).toBe('10737418240');
    expect(await configValue(a, 'tablet_reshard_enable_tablet_merge')).toBe('false');
    expect(await configValue(a, 'enable_execute_script_on_frontend')).toBe('true');
  });

  it('a table with ORDER BY and no DISTRIBUTED BY is RANDOM on 4.1 and RANGE on 4.2', async () => {
    const ddl = 'CREATE TABLE d.o (k1 INT, k2 INT, v INT) ORDER BY (k1, k2)';
    await exec(a, ddl);
    await exec(b, ddl);
    expect(await distributeType(a, 'd', 'o')).toBe('HASH'); // tables_config prints HASH for RANDOM as well
    expect(await distributeType(b, 'd', 'o')).toBe('RANGE');
  });

  it('a key type without ORDER BY is RANGE; a DUPLICATE KEY derived with no ORDER BY stays RANDOM; DISTRIBUTED BY wins', async () => {
    await exec(
      b,
      'CREATE TABLE d.dup (k1 INT, v INT) DUPLICATE KEY(k1)',
      'CREATE TABLE d.pk (k1 INT NOT NULL, v INT) PRIMARY KEY(k1)',
      'CREATE TABLE d.agg (k1 INT, v INT SUM) AGGREGATE KEY(k1)',
      'CREATE TABLE d.derived (k1 INT, v INT)',
      'CREATE TABLE d.hash (k1 INT, v INT) DUPLICATE KEY(k1) DISTRIBUTED BY HASH(k1) BUCKETS 3',
    );
    expect(await distributeType(b, 'd', 'dup')).toBe('RANGE');
    expect(await distributeType(b, 'd', 'pk')).toBe('RANGE');
    expect(await distributeType(b, 'd', 'agg')).toBe('RANGE');
    expect(await distributeType(b, 'd', 'derived')).toBe('HASH');
    expect(await distributeType(b, 'd', 'hash')).toBe('HASH');
    const r = await query(b, "SELECT DISTRIBUTE_KEY, DISTRIBUTE_BUCKET FROM information_schema.tables_config WHERE TABLE_NAME = 'dup'");
    expect(r.rows).toEqual([['', '1']]);
  });

  it('is mutable (ADMIN SET FRONTEND CONFIG) on 4.1; enable_execute_script_on_frontend is static', async () => {
    await exec(a, 'ADMIN SET FRONTEND CONFIG ("enable_range_distribution" = "true")');
    await exec(a, 'CREATE TABLE d.cfg (k INT, v INT) DUPLICATE KEY(k)');
    expect(await distributeType(a, 'd', 'cfg')).toBe('RANGE');
    await exec(a, 'ADMIN SET FRONTEND CONFIG ("enable_range_distribution" = "false")');
    const e = await queryError(a, 'ADMIN SET FRONTEND CONFIG ("enable_execute_script_on_frontend" = "false")');
    expect(e.message).toBe("Config 'enable_execute_script_on_frontend' does not exist or is not mutable");
    await exec(a, 'ADMIN SET FRONTEND CONFIG ("tablet_reshard_target_size" = "9223372036854775807")');
    expect(await configValue(a, 'tablet_reshard_target_size')).toBe('9223372036854775807');
    await exec(a, 'ADMIN SET FRONTEND CONFIG ("tablet_reshard_target_size" = "10737418240")');
  });

  it('the session variable turns it on for that session only (4.1)', async () => {
    const other = await connect(c41.ports.query);
    try {
      await exec(a, 'SET enable_range_distribution = true', 'CREATE TABLE d.sess (k INT, v INT) DUPLICATE KEY(k)');
      await exec(other, 'CREATE TABLE d.sess2 (k INT, v INT) DUPLICATE KEY(k)');
      expect(await distributeType(a, 'd', 'sess')).toBe('RANGE');
      expect(await distributeType(a, 'd', 'sess2')).toBe('HASH');
      await exec(a, 'SET enable_range_distribution = false');
    } finally {
      await other.end();
    }
  });
});

describe('what a range-distributed table prints', () => {
  beforeAll(async () => {
    await exec(
      b,
      `CREATE TABLE d.r (dt DATE, k INT, v VARCHAR(20)) DUPLICATE KEY(dt, k)
         PARTITION BY RANGE(dt) (PARTITION p1 VALUES LESS THAN ("2024-02-01"), PARTITION p2 VALUES LESS THAN ("2024-03-01"))
         ORDER BY (k)`,
      "INSERT INTO d.r VALUES ('2024-01-02', 1, 'a'), ('2024-01-03', 7, 'b'), ('2024-02-04', 3, 'c')",
    );
  });

  it('SHOW CREATE TABLE has no DISTRIBUTED BY clause and keeps ORDER BY', async () => {
    const text = (await query(b, 'SHOW CREATE TABLE d.r')).rows[0]![1]!;
    expect(text).not.toContain('DISTRIBUTED BY');
    expect(text).toContain('\nORDER BY(`k`)\nPROPERTIES (');
    expect(text).toContain('PARTITION p2 VALUES [("2024-02-01"), ("2024-03-01")))\nORDER BY(`k`)');
  });

  it('each partition starts with one tablet owning (-∞, +∞): SHOW TABLET, partitions procs, partitions_meta', async () => {
    const tablets = await query(b, 'SHOW TABLET FROM d.r');
    expect(tablets.columns).toEqual(['TabletId', 'BackendId', 'DataSize', 'RowCount', 'MinVersion', 'Range', 'StorageVolume', 'StoragePath']);
    expect(tablets.rows.map((r) => r[5])).toEqual(['(-∞, +∞)', '(-∞, +∞)']);
    const parts = await query(b, 'SHOW PARTITIONS FROM d.r');
    expect(parts.objects.map((p) => [p['PartitionName'], p['DistributionKey'], p['Buckets']])).toEqual([
      ['p1', 'ALL KEY', '1'],
      ['p2', 'ALL KEY', '1'],
    ]);
    const meta = await query(
      b,
      "SELECT PARTITION_NAME, DISTRIBUTION_KEY, BUCKETS FROM information_schema.partitions_meta WHERE TABLE_NAME = 'r' ORDER BY PARTITION_NAME",
    );
    expect(meta.rows).toEqual([
      ['p1', 'ALL KEY', '1'],
      ['p2', 'ALL KEY', '1'],
    ]);
    const hashTablets = await query(b, 'SHOW TABLET FROM d.hash');
    expect(new Set(hashTablets.rows.map((r) => r[5]))).toEqual(new Set(['null']));
  });

  it('the topology script lists partitions, indexes and tablet ranges; SELECT still counts every row', async () => {
    const topo = await topology(b, 'd', 'r');
    expect(topo.databaseName).toBe('d');
    expect(topo.tableName).toBe('r');
    expect(topo.partitions.map((p) => [p.partitionName, p.visibleVersion])).toEqual([
      ['p1', 2],
      ['p2', 2],
    ]);
    const idx = topo.partitions[0]!.indexes[0]!;
    expect(idx.indexName).toBe('r');
    expect(idx.currentIndexId).toBe(idx.indexMetaId);
    expect(idx.tablets).toHaveLength(1);
    expect(idx.tablets[0]!.range).toEqual({ lowerBound: null, lowerIncluded: false, upperBound: null, upperIncluded: false });
    expect(await scalar(b, 'SELECT COUNT(*) FROM d.r')).toBe('3');
  });
});

describe('partitions added later', () => {
  it('ADD PARTITION gives the new partition one tablet owning (-∞, +∞); SHOW VARIABLES lists the session variable', async () => {
    await exec(b, 'ALTER TABLE d.r ADD PARTITION p3 VALUES LESS THAN ("2024-04-01")');
    const topo = await topology(b, 'd', 'r');
    expect(topo.partitions.map((p) => p.partitionName)).toEqual(['p1', 'p2', 'p3']);
    expect(topo.partitions[2]!.indexes[0]!.tablets.map((t) => t.range)).toEqual([
      { lowerBound: null, lowerIncluded: false, upperBound: null, upperIncluded: false },
    ]);
    expect((await query(b, "SHOW VARIABLES LIKE 'enable_range_distribution'")).rows).toEqual([['enable_range_distribution', 'false']]);
  });
});
