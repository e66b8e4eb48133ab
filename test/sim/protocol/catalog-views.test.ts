// Acceptance: every SHOW PROC path and information_schema table of the reference (§5, §6.5-§6.10), over mysql2,
// with exact column lists and WHERE filters on schema and table names.
import type mysql from 'mysql2/promise';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ClusterHandle } from '../../../sim/cluster.js';
import { connect, exec, query, queryError, removeTempDirs, serviceId, startSim, tempDir } from './helpers.js';

const TXN_COLUMNS = [
  'TransactionId',
  'Label',
  'Coordinator',
  'TransactionStatus',
  'LoadJobSourceType',
  'PrepareTime',
  'PreparedTime',
  'CommitTime',
  'PublishTime',
  'FinishTime',
  'Reason',
  'ErrorReplicasCount',
  'ListenerId',
  'TimeoutMs',
  'PreparedTimeoutMs',
  'ErrMsg',
];
const PARTITIONS_META_COLUMNS = [
  'DB_NAME',
  'TABLE_NAME',
  'PARTITION_NAME',
  'PARTITION_ID',
  'COMPACT_VERSION',
  'VISIBLE_VERSION',
  'VISIBLE_VERSION_TIME',
  'NEXT_VERSION',
  'DATA_VERSION',
  'VERSION_EPOCH',
  'VERSION_TXN_TYPE',
  'PARTITION_KEY',
  'PARTITION_VALUE',
  'DISTRIBUTION_KEY',
  'BUCKETS',
  'REPLICATION_NUM',
  'STORAGE_MEDIUM',
  'COOLDOWN_TIME',
  'LAST_CONSISTENCY_CHECK_TIME',
  'IS_IN_MEMORY',
  'IS_TEMP',
  'DATA_SIZE',
  'ROW_COUNT',
  'ENABLE_DATACACHE',
  'AVG_CS',
  'P50_CS',
  'MAX_CS',
  'STORAGE_PATH',
  'STORAGE_SIZE',
  'TABLET_BALANCED',
  'METADATA_SWITCH_VERSION',
];

let cluster: ClusterHandle;
let conn: mysql.Connection;
let sid: string;
const ids: Record<string, string> = {};

beforeAll(async () => {
  cluster = await startSim('cat', tempDir('cat'));
  conn = await connect(cluster.ports.query);
  sid = await serviceId(cluster.ports.http);
  await exec(
    conn,
    // compaction off: versions below only move with loads
    'ADMIN SET FRONTEND CONFIG ("lake_compaction_max_tasks" = "0")',
    'CREATE DATABASE cv_a',
    'CREATE DATABASE cv_b',
    `CREATE TABLE cv_a.orders (id BIGINT, dt DATE, amount DECIMAL(10, 2)) DUPLICATE KEY(id)
       PARTITION BY RANGE(dt) (PARTITION p202401 VALUES LESS THAN ("2024-02-01"), PARTITION p202402 VALUES LESS THAN ("2024-03-01"))
       DISTRIBUTED BY HASH(id) BUCKETS 2`,
    'CREATE TABLE cv_a.users (id BIGINT NOT NULL, name VARCHAR(32)) PRIMARY KEY(id) DISTRIBUTED BY HASH(id) BUCKETS 3',
    'CREATE TABLE cv_b.orders (id BIGINT, region VARCHAR(8)) DUPLICATE KEY(id) PARTITION BY LIST(region) (PARTITION pe VALUES IN ("eu"), PARTITION pu VALUES IN ("us")) DISTRIBUTED BY HASH(id) BUCKETS 1',
    'CREATE VIEW cv_a.big_orders AS SELECT id, amount FROM cv_a.orders WHERE amount > 100',
    'CREATE VIEW cv_b.v_orders AS SELECT id FROM cv_b.orders',
    'CREATE MATERIALIZED VIEW cv_a.mv_daily DISTRIBUTED BY HASH(dt) BUCKETS 1 REFRESH ASYNC AS SELECT dt, SUM(amount) AS total FROM cv_a.orders GROUP BY dt',
    "INSERT INTO cv_a.orders VALUES (1, '2024-01-05', 10.5), (2, '2024-02-07', 200.00)",
    "INSERT INTO cv_a.orders VALUES (3, '2024-01-09', 7.25)",
    "INSERT INTO cv_b.orders VALUES (1, 'eu')",
  );
  for (const d of (await query(conn, "SHOW PROC '/dbs'")).objects) ids[d['DbName']!] = d['DbId']!;
  for (const db of ['cv_a', 'cv_b']) {
    for (const t of (await query(conn, `SHOW PROC '/dbs/${ids[db]}'`)).objects) ids[`${db}.${t['TableName']}`] = t['TableId']!;
  }
});

afterAll(async () => {
  await conn?.end();
  await cluster?.stop();
  removeTempDirs();
});

describe('SHOW PROC', () => {
  it("'/' lists the simulated dirs", async () => {
    const r = await query(conn, "SHOW PROC '/'");
    expect(r.columns).toEqual(['name']);
    expect(r.rows.map((x) => x[0])).toEqual(expect.arrayContaining(['dbs', 'frontends', 'replications', 'transactions']));
  });

  it("'/dbs': columns of §6.5, sorted by DbId, system dbs included", async () => {
    const r = await query(conn, "SHOW PROC '/dbs'");
    expect(r.columns).toEqual(['DbId', 'DbName', 'TableNum', 'Quota', 'LastConsistencyCheckTime', 'ReplicaQuota']);
    const dbIds = r.rows.map((x) => Number(x[0]));
    expect(dbIds).toEqual([...dbIds].sort((a, b) => a - b));
    expect(r.rows.map((x) => x[1])).toEqual(expect.arrayContaining(['information_schema', 'cv_a', 'cv_b']));
    expect(r.objects.find((x) => x['DbName'] === 'cv_a')).toMatchObject({ TableNum: '4', LastConsistencyCheckTime: '\\N' });
  });

  it("'/dbs/<id or name>': columns of §6.6, Type, PartitionType and StoragePath per table kind", async () => {
    const byName = await query(conn, "SHOW PROC '/dbs/cv_a'");
    const byId = await query(conn, `SHOW PROC '/dbs/${ids['cv_a']}'`);
    expect(byId.rows).toEqual(byName.rows);
    expect(byName.columns).toEqual([
      'TableId',
      'TableName',
      'IndexNum',
      'PartitionColumnName',
      'PartitionNum',
      'State',
      'Type',
      'LastConsistencyCheckTime',
      'ReplicaCount',
      'PartitionType',
      'StoragePath',
    ]);
    const t = Object.fromEntries(byName.objects.map((r) => [r['TableName'], r]));
    expect(t['orders']).toMatchObject({
      PartitionColumnName: 'dt',
      PartitionNum: '2',
      State: 'NORMAL',
      Type: 'CLOUD_NATIVE',
      ReplicaCount: '4',
      PartitionType: 'RANGE',
      StoragePath: `s3://cat-bucket/${sid}/db${ids['cv_a']}/${ids['cv_a.orders']}`,
    });
    expect(t['users']).toMatchObject({ Type: 'CLOUD_NATIVE', PartitionType: 'UNPARTITIONED', ReplicaCount: '3' });
    expect(t['big_orders']).toMatchObject({
      IndexNum: '\\N',
      PartitionColumnName: '\\N',
      PartitionNum: '1',
      State: '\\N',
      Type: 'VIEW',
      ReplicaCount: '0',
      PartitionType: 'UNPARTITIONED',
      StoragePath: '\\N',
    });
    expect(t['mv_daily']!['Type']).toBe('CLOUD_NATIVE_MATERIALIZED_VIEW');
    const tableIds = byName.rows.map((x) => Number(x[0]));
    expect(tableIds).toEqual([...tableIds].sort((a, b) => a - b));
    expect((await query(conn, "SHOW PROC '/dbs/cv_b'")).objects.find((r) => r['TableName'] === 'orders')!['PartitionType']).toBe('LIST');
  });

  it("'/dbs/<db>/<table>/index_schema' and '.../partitions' and '.../temp_partitions'", async () => {
    const base = `/dbs/${ids['cv_a']}/${ids['cv_a.orders']}`;
    const idx = await query(conn, `SHOW PROC '${base}/index_schema'`);
    expect(idx.columns).toEqual(['IndexId', 'IndexName', 'SchemaVersion', 'SchemaHash', 'ShortKeyColumnCount', 'StorageType', 'Keys']);
    expect(idx.objects).toHaveLength(1);
    expect(idx.objects[0]).toMatchObject({ IndexName: 'orders', Keys: 'DUP_KEYS(id)' });
    expect(Number(idx.objects[0]!['SchemaHash'])).not.toBe(0);
    const parts = await query(conn, `SHOW PROC '${base}/partitions'`);
    expect(parts.rows).toEqual((await query(conn, 'SHOW PARTITIONS FROM cv_a.orders')).rows);
    expect(parts.objects.map((r) => [r['PartitionName'], r['VisibleVersion'], r['DataVersion'], r['NextVersion'], r['RowCount']])).toEqual([
      ['p202401', '3', '3', '4', '2'],
      ['p202402', '2', '2', '3', '1'],
    ]);
    const temp = await query(conn, "SHOW PROC '/dbs/cv_a/orders/temp_partitions'");
    expect(temp.columns).toEqual(parts.columns);
    expect(temp.rows).toEqual([]);
  });

  it("'.../partitions/<physical id>' lists indexes; '.../<indexId>' lists tablets sorted by TabletId", async () => {
    const base = `/dbs/${ids['cv_a']}/${ids['cv_a.orders']}`;
    const p = (await query(conn, `SHOW PROC '${base}/partitions'`)).objects[0]!;
    const indexes = await query(conn, `SHOW PROC '${base}/partitions/${p['PartitionId']}'`);
    expect(indexes.columns).toEqual(['IndexId', 'IndexName', 'State', 'LastConsistencyCheckTime', 'TabletBalanceStat', 'Tablets']);
    expect(indexes.objects).toEqual([expect.objectContaining({ IndexName: 'orders', State: 'NORMAL', Tablets: '2' })]);
    const indexId = indexes.objects[0]!['IndexId'];
    const tablets = await query(conn, `SHOW PROC '${base}/partitions/${p['PartitionId']}/${indexId}'`);
    expect(tablets.columns).toEqual(['TabletId', 'BackendId', 'DataSize', 'RowCount', 'MinVersion', 'Range', 'StorageVolume', 'StoragePath']);
    expect(tablets.rows).toHaveLength(2);
    const tids = tablets.rows.map((r) => Number(r[0]));
    expect(tids).toEqual([...tids].sort((a, b) => a - b));
    expect(tablets.rows.reduce((n, r) => n + Number(r[3]), 0)).toBe(2);
    for (const r of tablets.objects) {
      expect(r['BackendId']).toMatch(/^\[\d+\]$/);
      expect(r['StoragePath']).toBe(`s3://cat-bucket/${sid}/db${ids['cv_a']}/${ids['cv_a.orders']}/${p['PartitionId']}`);
    }
  });

  it("'/transactions', '/transactions/<db>', '.../running|finished' and the drill-down to committed versions", async () => {
    const dbs = await query(conn, "SHOW PROC '/transactions'");
    expect(dbs.columns).toEqual(['DbId', 'DbName']);
    expect(dbs.rows).toEqual(
      expect.arrayContaining([
        [ids['cv_a'], 'cv_a'],
        [ids['cv_b'], 'cv_b'],
      ]),
    );
    const states = await query(conn, "SHOW PROC '/transactions/cv_a'");
    expect(states.columns).toEqual(['State', 'Number']);
    expect(states.rows).toEqual([
      ['running', '0'],
      ['finished', '2'],
    ]);
    const running = await query(conn, `SHOW PROC '/transactions/${ids['cv_a']}/running'`);
    expect(running.columns).toEqual(TXN_COLUMNS);
    expect(running.rows).toEqual([]);
    const finished = await query(conn, "SHOW PROC '/transactions/cv_a/finished'");
    expect(finished.columns).toEqual(TXN_COLUMNS);
    const txnIds = finished.rows.map((r) => Number(r[0]));
    expect(txnIds).toEqual([...txnIds].sort((a, b) => b - a)); // newest first
    for (const t of finished.objects) {
      expect(t).toMatchObject({ Coordinator: 'FE: 127.0.0.1', TransactionStatus: 'VISIBLE', LoadJobSourceType: 'INSERT_STREAMING' });
    }
    const newest = finished.objects[0]!['TransactionId'];
    const tables = await query(conn, `SHOW PROC '/transactions/cv_a/finished/${newest}'`);
    expect(tables.columns).toEqual(['TableId', 'CommittedPartitionIds']);
    expect(tables.rows[0]![0]).toBe(ids['cv_a.orders']);
    const versions = await query(conn, `SHOW PROC '/transactions/cv_a/finished/${newest}/${ids['cv_a.orders']}'`);
    expect(versions.columns).toEqual(['PartitionId', 'CommittedVersion']);
    const p202401 = (await query(conn, 'SHOW PARTITIONS FROM cv_a.orders')).objects[0]!;
    expect(versions.rows).toEqual([[p202401['PartitionId'], '3']]);
    const show = await query(conn, `SHOW TRANSACTION FROM cv_a WHERE ID = ${newest}`);
    expect(show.columns).toEqual(TXN_COLUMNS);
    expect(show.rows).toEqual([finished.rows[0]]);
  });

  it("'/replications' has the columns of §5 (empty without jobs)", async () => {
    const r = await query(conn, "SHOW PROC '/replications'");
    expect(r.columns).toEqual(['JobID', 'DatabaseID', 'TableID', 'TxnID', 'CreatedTime', 'FinishedTime', 'State', 'Progress', 'Error']);
    expect(r.rows).toEqual([]);
  });

  it('answers a missing path or object with StarRocks analysis errors', async () => {
    expect(await queryError(conn, "SHOW PROC '/dbs/nosuch'")).toEqual({
      errno: 1064,
      sqlState: '42000',
      message: 'Getting analyzing error. Detail message: Unknown database id or name "nosuch".',
    });
    expect((await queryError(conn, "SHOW PROC '/nosuch'")).message).toBe('Getting analyzing error. Detail message: Cannot find path: /nosuch.');
  });
});

describe('information_schema', () => {
  it('tables: MySQL columns; WHERE TABLE_SCHEMA / TABLE_NAME filters', async () => {
    const r = await query(conn, "SELECT * FROM information_schema.tables WHERE TABLE_SCHEMA = 'cv_a'");
    expect(r.columns).toEqual([
      'TABLE_CATALOG',
      'TABLE_SCHEMA',
      'TABLE_NAME',
      'TABLE_TYPE',
      'ENGINE',
      'VERSION',
      'ROW_FORMAT',
      'TABLE_ROWS',
      'AVG_ROW_LENGTH',
      'DATA_LENGTH',
      'MAX_DATA_LENGTH',
      'INDEX_LENGTH',
      'DATA_FREE',
      'AUTO_INCREMENT',
      'CREATE_TIME',
      'UPDATE_TIME',
      'CHECK_TIME',
      'TABLE_COLLATION',
      'CHECKSUM',
      'CREATE_OPTIONS',
      'TABLE_COMMENT',
    ]);
    expect(r.objects.map((x) => x['TABLE_NAME']).sort()).toEqual(['big_orders', 'mv_daily', 'orders', 'users']);
    const one = await query(
      conn,
      "SELECT TABLE_SCHEMA, TABLE_NAME, TABLE_TYPE, TABLE_ROWS FROM information_schema.tables WHERE TABLE_SCHEMA = 'cv_a' AND TABLE_NAME = 'orders'",
    );
    expect(one.rows).toEqual([['cv_a', 'orders', 'BASE TABLE', '3']]);
    const both = await query(
      conn,
      "SELECT TABLE_SCHEMA FROM information_schema.tables WHERE TABLE_NAME = 'orders' AND TABLE_SCHEMA IN ('cv_a', 'cv_b')",
    );
    expect(both.rows.map((x) => x[0]).sort()).toEqual(['cv_a', 'cv_b']);
    const view = await query(conn, "SELECT TABLE_TYPE FROM information_schema.tables WHERE TABLE_SCHEMA = 'cv_a' AND TABLE_NAME = 'big_orders'");
    expect(view.rows).toEqual([['VIEW']]);
  });

  it('tables_config: columns of §6.6, models and keys', async () => {
    const r = await query(conn, "SELECT * FROM information_schema.tables_config WHERE TABLE_SCHEMA = 'cv_a' AND TABLE_NAME = 'users'");
    expect(r.columns).toEqual([
      'TABLE_SCHEMA',
      'TABLE_NAME',
      'TABLE_ENGINE',
      'TABLE_MODEL',
      'PRIMARY_KEY',
      'PARTITION_KEY',
      'DISTRIBUTE_KEY',
      'DISTRIBUTE_TYPE',
      'DISTRIBUTE_BUCKET',
      'SORT_KEY',
      'PROPERTIES',
      'TABLE_ID',
    ]);
    expect(r.objects).toHaveLength(1);
    expect(r.objects[0]).toMatchObject({
      TABLE_ENGINE: 'CLOUD_NATIVE',
      TABLE_MODEL: 'PRIMARY_KEYS',
      PRIMARY_KEY: '`id`',
      DISTRIBUTE_KEY: '`id`',
      DISTRIBUTE_TYPE: 'HASH',
      DISTRIBUTE_BUCKET: '3',
      TABLE_ID: ids['cv_a.users'],
    });
    expect(JSON.parse(r.objects[0]!['PROPERTIES']!)).toMatchObject({
      storage_volume: 'builtin_storage_volume',
      replication_num: '1',
      enable_persistent_index: expect.any(String),
    });
    const schemas = await query(conn, "SELECT TABLE_SCHEMA, TABLE_NAME FROM information_schema.tables_config WHERE TABLE_SCHEMA = 'cv_b'");
    expect(schemas.rows.map((x) => x[1]).sort()).toEqual(['orders', 'v_orders']);
  });

  it('partitions_meta: columns of §6.8, physical ids, versions, STORAGE_PATH; DB_NAME / TABLE_NAME filters', async () => {
    const r = await query(conn, "SELECT * FROM information_schema.partitions_meta WHERE DB_NAME = 'cv_a' AND TABLE_NAME = 'orders'");
    expect(r.columns).toEqual(PARTITIONS_META_COLUMNS);
    const show = (await query(conn, 'SHOW PARTITIONS FROM cv_a.orders')).objects;
    expect(
      r.objects.map((x) => [
        x['PARTITION_NAME'],
        x['PARTITION_ID'],
        x['VISIBLE_VERSION'],
        x['DATA_VERSION'],
        x['NEXT_VERSION'],
        x['VERSION_EPOCH'],
        x['IS_TEMP'],
      ]),
    ).toEqual(
      show.map((x) => [x['PartitionName'], x['PartitionId'], x['VisibleVersion'], x['DataVersion'], x['NextVersion'], x['VersionEpoch'], '0']),
    );
    for (const x of r.objects) {
      expect(x['STORAGE_PATH']).toBe(`s3://cat-bucket/${sid}/db${ids['cv_a']}/${ids['cv_a.orders']}/${x['PARTITION_ID']}`);
      expect(Number(x['DATA_SIZE'])).toBeGreaterThan(0);
      expect(x['VERSION_TXN_TYPE']).toBe('TXN_NORMAL');
    }
    const byDb = await query(conn, "SELECT TABLE_NAME, PARTITION_NAME FROM information_schema.partitions_meta WHERE DB_NAME = 'cv_b'");
    expect(byDb.rows).toEqual([
      ['orders', 'pe'],
      ['orders', 'pu'],
    ]);
    const byTable = await query(conn, "SELECT DB_NAME FROM information_schema.partitions_meta WHERE TABLE_NAME = 'orders'");
    expect(byTable.rows.map((x) => x[0]).sort()).toEqual(['cv_a', 'cv_a', 'cv_b', 'cv_b']);
    const none = await query(conn, "SELECT * FROM information_schema.partitions_meta WHERE DB_NAME = 'cv_a' AND TABLE_NAME = 'nosuch'");
    expect(none.columns).toEqual(PARTITIONS_META_COLUMNS);
    expect(none.rows).toEqual([]);
  });

  it('views: columns of §6.10; WHERE TABLE_SCHEMA / TABLE_NAME filters', async () => {
    const r = await query(conn, "SELECT * FROM information_schema.views WHERE TABLE_SCHEMA = 'cv_a'");
    expect(r.columns).toEqual([
      'TABLE_CATALOG',
      'TABLE_SCHEMA',
      'TABLE_NAME',
      'VIEW_DEFINITION',
      'CHECK_OPTION',
      'IS_UPDATABLE',
      'DEFINER',
      'SECURITY_TYPE',
      'CHARACTER_SET_CLIENT',
      'COLLATION_CONNECTION',
    ]);
    expect(r.objects.map((x) => x['TABLE_NAME'])).toEqual(['big_orders']);
    expect(r.objects[0]!['VIEW_DEFINITION']).toContain('amount > 100');
    const byName = await query(conn, "SELECT TABLE_SCHEMA FROM information_schema.views WHERE TABLE_NAME = 'v_orders'");
    expect(byName.rows).toEqual([['cv_b']]);
  });

  it('materialized_views: the 27 columns of §6.10, definition 22nd; filters', async () => {
    const r = await query(conn, "SELECT * FROM information_schema.materialized_views WHERE TABLE_SCHEMA = 'cv_a' AND TABLE_NAME = 'mv_daily'");
    expect(r.columns.slice(0, 5)).toEqual(['MATERIALIZED_VIEW_ID', 'TABLE_SCHEMA', 'TABLE_NAME', 'REFRESH_TYPE', 'IS_ACTIVE']);
    expect(r.columns).toHaveLength(27);
    expect(r.columns[21]).toBe('MATERIALIZED_VIEW_DEFINITION');
    expect(r.columns.slice(20)).toEqual([
      'TABLE_ROWS',
      'MATERIALIZED_VIEW_DEFINITION',
      'EXTRA_MESSAGE',
      'QUERY_REWRITE_STATUS',
      'CREATOR',
      'LAST_REFRESH_PROCESS_TIME',
      'LAST_REFRESH_JOB_ID',
    ]);
    expect(r.objects).toHaveLength(1);
    expect(r.objects[0]).toMatchObject({ MATERIALIZED_VIEW_ID: ids['cv_a.mv_daily'], REFRESH_TYPE: 'ASYNC' });
    expect(r.objects[0]!['MATERIALIZED_VIEW_DEFINITION']).toContain('SUM(amount)');
    expect((await query(conn, "SELECT * FROM information_schema.materialized_views WHERE TABLE_SCHEMA = 'cv_b'")).rows).toEqual([]);
  });

  it('an unknown information_schema table is an analysis error', async () => {
    expect((await queryError(conn, 'SELECT * FROM information_schema.no_such_table')).errno).toBeGreaterThan(0);
  });
});
