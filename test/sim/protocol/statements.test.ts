// Acceptance: every SQL statement of the issue, over mysql2 only, with the exact output columns of
// ../shared/reference/starrocks-fe-interface.md (§6), plus login errors, an unsupported statement and GET /service_id.
import type mysql from 'mysql2/promise';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ClusterHandle } from '../../../sim/cluster.js';
import { connect, exec, httpGet, query, queryError, removeTempDirs, scalar, startSim, tempDir, PASSWORD } from './helpers.js';

const PARTITIONS_COLUMNS = (rangeOrList: 'Range' | 'List') => [
  'PartitionId',
  'PartitionName',
  'CompactVersion',
  'VisibleVersion',
  'NextVersion',
  'State',
  'PartitionKey',
  rangeOrList,
  'DistributionKey',
  'Buckets',
  'DataSize',
  'StorageSize',
  'RowCount',
  'EnableDataCache',
  'AsyncWrite',
  'AvgCS',
  'P50CS',
  'MaxCS',
  'DataVersion',
  'VersionEpoch',
  'VersionTxnType',
  'MetaSwitchVersion',
];
const TABLET_COLUMNS = ['TabletId', 'BackendId', 'DataSize', 'RowCount', 'MinVersion', 'Range', 'StorageVolume', 'StoragePath'];

let cluster: ClusterHandle;
let conn: mysql.Connection;

beforeAll(async () => {
  cluster = await startSim('stmt', tempDir('stmt'));
  conn = await connect(cluster.ports.query);
});

afterAll(async () => {
  await conn?.end();
  await cluster?.stop();
  removeTempDirs();
});

describe('databases', () => {
  it('CREATE / DROP DATABASE and SHOW DATABASES', async () => {
    await exec(conn, 'CREATE DATABASE d_create');
    expect(await queryError(conn, 'CREATE DATABASE d_create')).toEqual({
      errno: 1007,
      sqlState: 'HY000',
      message: "Can't create database 'd_create'; database exists",
    });
    await exec(conn, 'CREATE DATABASE IF NOT EXISTS d_create');
    const dbs = await query(conn, 'SHOW DATABASES');
    expect(dbs.columns).toEqual(['Database']);
    expect(dbs.rows.map((r) => r[0])).toContain('d_create');
    await exec(conn, 'DROP DATABASE d_create');
    expect((await query(conn, 'SHOW DATABASES')).rows.map((r) => r[0])).not.toContain('d_create');
    expect(await queryError(conn, 'DROP DATABASE d_create')).toMatchObject({
      errno: 1008,
      message: "Can't drop database 'd_create'; database doesn't exist",
    });
    await exec(conn, 'DROP DATABASE IF EXISTS d_create');
  });
});

describe('tables', () => {
  beforeAll(async () => {
    await exec(
      conn,
      'CREATE DATABASE s1',
      'USE s1',
      `CREATE TABLE dup (k INT, v VARCHAR(20)) DUPLICATE KEY(k)
         PARTITION BY RANGE(k) (PARTITION p1 VALUES LESS THAN ("100"), PARTITION p2 VALUES LESS THAN ("200"))
         DISTRIBUTED BY HASH(k) BUCKETS 3 ORDER BY (k)
         PROPERTIES ("storage_volume" = "builtin_storage_volume", "replication_num" = "1", "datacache.enable" = "false")`,
      `CREATE TABLE agg (k INT, d DATE, s DECIMAL(10, 2) SUM, m INT MAX) AGGREGATE KEY(k, d)
         PARTITION BY LIST(k) (PARTITION l1 VALUES IN ("1", "2"), PARTITION l2 VALUES IN ("3"))
         DISTRIBUTED BY HASH(k) BUCKETS 2`,
      'CREATE TABLE uni (k INT, v INT) UNIQUE KEY(k) DISTRIBUTED BY HASH(k) BUCKETS 1',
      `CREATE TABLE pk (k INT NOT NULL, dt DATETIME NOT NULL, v INT) PRIMARY KEY(k, dt)
         PARTITION BY date_trunc('day', dt) DISTRIBUTED BY HASH(k) BUCKETS 2
         PROPERTIES ("enable_persistent_index" = "true", "persistent_index_type" = "CLOUD_NATIVE", "datacache.enable" = "true")`,
    );
  });

  it('SHOW CREATE TABLE prints the DDL of reference §6.10 (DUPLICATE, RANGE, ORDER BY, properties)', async () => {
    const r = await query(conn, 'SHOW CREATE TABLE dup');
    expect(r.columns).toEqual(['Table', 'Create Table']);
    expect(r.rows).toEqual([
      [
        'dup',
        'CREATE TABLE `dup` (\n' +
          '  `k` int(11) NULL COMMENT "",\n' +
          '  `v` varchar(20) NULL COMMENT ""\n' +
          ') ENGINE=OLAP \n' +
          'DUPLICATE KEY(`k`)\n' +
          'COMMENT "OLAP"\n' +
          'PARTITION BY RANGE(`k`)\n' +
          '(PARTITION p1 VALUES [("-2147483648"), ("100")),\n' +
          'PARTITION p2 VALUES [("100"), ("200")))\n' +
          'DISTRIBUTED BY HASH(`k`) BUCKETS 3 \n' +
          'ORDER BY(`k`)\n' +
          'PROPERTIES (\n' +
          '"cloud_native_fast_schema_evolution_v2" = "true",\n' +
          '"compression" = "LZ4",\n' +
          '"datacache.enable" = "false",\n' +
          '"enable_async_write_back" = "false",\n' +
          '"file_bundling" = "true",\n' +
          '"replication_num" = "1",\n' +
          '"storage_volume" = "builtin_storage_volume"\n' +
          ');',
      ],
    ]);
  });

  it('AGGREGATE / UNIQUE / PRIMARY KEY tables keep their keys, partitioning and PK properties', async () => {
    const ddl = async (t: string) => (await query(conn, `SHOW CREATE TABLE ${t}`)).rows[0]![1]!;
    const agg = await ddl('agg');
    expect(agg).toContain('AGGREGATE KEY(`k`, `d`)');
    expect(agg).toContain('PARTITION BY LIST(`k`)');
    expect(agg).toContain('`m` int(11) MAX NULL COMMENT ""');
    const uni = await ddl('uni');
    expect(uni).toContain('\nUNIQUE KEY(`k`)\n');
    expect(uni).not.toContain('PARTITION BY');
    expect(uni).toContain('DISTRIBUTED BY HASH(`k`) BUCKETS 1 \n');
    const pk = await ddl('pk');
    expect(pk).toContain('\nPRIMARY KEY(`k`, `dt`)\n');
    expect(pk).toContain("\nPARTITION BY date_trunc('day', dt)\n");
    expect(pk).toContain('"enable_persistent_index" = "true"');
    expect(pk).toContain('"persistent_index_type" = "CLOUD_NATIVE"');
    expect(pk).toContain('"datacache.enable" = "true"');
    const cfg = await query(conn, "SELECT TABLE_NAME, TABLE_MODEL, PROPERTIES FROM information_schema.tables_config WHERE TABLE_SCHEMA = 's1'");
    const models = Object.fromEntries(cfg.rows.map((r) => [r[0], r[1]]));
    expect(models).toEqual({ dup: 'DUP_KEYS', agg: 'AGG_KEYS', uni: 'UNIQUE_KEYS', pk: 'PRIMARY_KEYS' });
    for (const r of cfg.rows) expect(JSON.parse(r[2]!)).toMatchObject({ storage_volume: 'builtin_storage_volume', replication_num: '1' });
  });

  it('SHOW TABLES and SHOW PARTITIONS (Range / List column, one row per physical partition)', async () => {
    const t = await query(conn, 'SHOW TABLES');
    expect(t.columns).toEqual(['Tables_in_s1']);
    expect(t.rows.map((r) => r[0])).toEqual(['agg', 'dup', 'pk', 'uni']);
    const range = await query(conn, 'SHOW PARTITIONS FROM dup');
    expect(range.columns).toEqual(PARTITIONS_COLUMNS('Range'));
    expect(
      range.objects.map((r) => [r['PartitionName'], r['VisibleVersion'], r['NextVersion'], r['DataVersion'], r['Buckets'], r['VersionTxnType']]),
    ).toEqual([
      ['p1', '1', '2', '1', '3', 'TXN_NORMAL'],
      ['p2', '1', '2', '1', '3', 'TXN_NORMAL'],
    ]);
    const list = await query(conn, 'SHOW PARTITIONS FROM s1.agg');
    expect(list.columns).toEqual(PARTITIONS_COLUMNS('List'));
    expect(list.rows).toHaveLength(2);
    expect((await query(conn, 'SHOW TEMPORARY PARTITIONS FROM dup')).columns).toEqual(PARTITIONS_COLUMNS('Range'));
  });

  it('INSERT INTO .. VALUES and SELECT COUNT(*) FROM t [PARTITION (p)]', async () => {
    const ok = await exec(conn, "INSERT INTO dup VALUES (1, 'a'), (2, 'b'), (150, 'c')");
    expect(ok.affectedRows).toBe(3);
    expect(ok.info).toMatch(/'status':'VISIBLE'/);
    expect(await scalar(conn, 'SELECT COUNT(*) FROM dup')).toBe('3');
    expect(await scalar(conn, 'SELECT COUNT(*) FROM dup PARTITION (p1)')).toBe('2');
    expect(await scalar(conn, 'SELECT COUNT(*) FROM s1.dup PARTITION (p1, p2)')).toBe('3');
    const r = await query(conn, 'SELECT COUNT(*) FROM dup');
    expect(r.columns).toEqual(['COUNT(*)']);
    await exec(conn, "INSERT INTO pk VALUES (1, '2024-01-01 10:00:00', 1), (2, '2024-01-02 00:00:00', 2)");
    expect((await query(conn, 'SHOW PARTITIONS FROM pk')).rows.map((x) => x[1])).toEqual(['p20240101', 'p20240102']);
  });

  it('SHOW TABLET FROM t [PARTITION (p)] and SHOW TABLET <id>', async () => {
    const all = await query(conn, 'SHOW TABLET FROM dup');
    expect(all.columns).toEqual(TABLET_COLUMNS);
    expect(all.rows).toHaveLength(6);
    const ids = all.rows.map((r) => Number(r[0]));
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
    const p2 = await query(conn, 'SHOW TABLET FROM dup PARTITION (p2)');
    expect(p2.rows).toHaveLength(3);
    expect(p2.objects.every((r) => /^\[\d+\]$/.test(r['BackendId']!) && r['StorageVolume'] === 'builtin_storage_volume')).toBe(true);
    const one = await query(conn, `SHOW TABLET ${p2.rows[0]![0]}`);
    expect(one.columns).toEqual([
      'DbName',
      'TableName',
      'PartitionName',
      'IndexName',
      'DbId',
      'TableId',
      'PartitionId',
      'IndexId',
      'IsSync',
      'DetailCmd',
    ]);
    expect(one.objects[0]).toMatchObject({ DbName: 's1', TableName: 'dup', PartitionName: 'p2', IndexName: 'dup' });
  });

  it('SHOW DATA per database and per table', async () => {
    const db = await query(conn, 'SHOW DATA');
    expect(db.columns).toEqual(['TableName', 'Size', 'ReplicaCount']);
    expect(db.rows.map((r) => r[0])).toEqual(expect.arrayContaining(['dup', 'Total', 'Quota', 'Left']));
    const t = await query(conn, 'SHOW DATA FROM dup');
    expect(t.columns).toEqual(['TableName', 'IndexName', 'Size', 'ReplicaCount', 'RowCount']);
    expect(t.objects[0]).toMatchObject({ TableName: 'dup', IndexName: 'dup', ReplicaCount: '6', RowCount: '3' });
  });

  it('ALTER TABLE ADD / DROP PARTITION', async () => {
    await exec(conn, 'ALTER TABLE dup ADD PARTITION p3 VALUES LESS THAN ("300")');
    const after = await query(conn, 'SHOW PARTITIONS FROM dup');
    expect(after.objects.map((r) => r['PartitionName'])).toEqual(['p1', 'p2', 'p3']);
    expect(after.objects[2]).toMatchObject({ VisibleVersion: '1', NextVersion: '2', DataVersion: '1', Buckets: '3' });
    await exec(conn, "INSERT INTO dup VALUES (250, 'z')");
    expect(await scalar(conn, 'SELECT COUNT(*) FROM dup PARTITION (p3)')).toBe('1');
    await exec(conn, 'ALTER TABLE dup DROP PARTITION p3');
    expect((await query(conn, 'SHOW PARTITIONS FROM dup')).objects.map((r) => r['PartitionName'])).toEqual(['p1', 'p2']);
    expect(await scalar(conn, 'SELECT COUNT(*) FROM dup')).toBe('3');
    await exec(conn, 'ALTER TABLE agg ADD PARTITION l3 VALUES IN ("4")');
    expect((await query(conn, 'SHOW PARTITIONS FROM agg')).rows.map((r) => r[1])).toEqual(['l1', 'l2', 'l3']);
  });

  it('ALTER TABLE ADD / DROP COLUMN', async () => {
    await exec(conn, 'ALTER TABLE dup ADD COLUMN c2 INT DEFAULT "7"');
    const cols = async () =>
      (await query(conn, "SELECT COLUMN_NAME FROM information_schema.columns WHERE TABLE_SCHEMA = 's1' AND TABLE_NAME = 'dup'")).rows.map(
        (r) => r[0],
      );
    expect(await cols()).toEqual(['k', 'v', 'c2']);
    expect((await query(conn, 'SHOW CREATE TABLE dup')).rows[0]![1]).toContain('  `c2` int(11) NULL DEFAULT "7" COMMENT ""');
    await exec(conn, 'ALTER TABLE dup DROP COLUMN c2');
    expect(await cols()).toEqual(['k', 'v']);
    expect(await scalar(conn, 'SELECT COUNT(*) FROM dup')).toBe('3');
  });

  it('CREATE INDEX .. USING BITMAP, SHOW INDEX, DROP INDEX', async () => {
    await exec(conn, "CREATE INDEX idx_v ON dup (v) USING BITMAP COMMENT 'bm'");
    const r = await query(conn, 'SHOW INDEX FROM dup');
    expect(r.columns).toEqual([
      'Table',
      'Non_unique',
      'Key_name',
      'Seq_in_index',
      'Column_name',
      'Collation',
      'Cardinality',
      'Sub_part',
      'Packed',
      'Null',
      'Index_type',
      'Comment',
    ]);
    expect(r.objects).toHaveLength(1);
    expect(r.objects[0]).toMatchObject({ Key_name: 'idx_v', Column_name: 'v', Index_type: 'BITMAP', Comment: 'bm' });
    expect((await query(conn, 'SHOW CREATE TABLE dup')).rows[0]![1]).toContain("  INDEX idx_v (`v`) USING BITMAP COMMENT 'bm'\n) ENGINE=OLAP");
    await exec(conn, 'DROP INDEX idx_v ON dup');
    expect((await query(conn, 'SHOW INDEX FROM dup')).rows).toEqual([]);
  });

  it('CREATE VIEW, SHOW CREATE VIEW, DROP VIEW', async () => {
    await exec(conn, 'CREATE VIEW v1 AS SELECT k, v FROM dup');
    const r = await query(conn, 'SHOW CREATE VIEW v1');
    expect(r.columns).toEqual(['View', 'Create View', 'character_set_client', 'collation_connection']);
    expect(r.rows[0]![0]).toBe('v1');
    expect(r.rows[0]![1]).toMatch(/^CREATE VIEW `v1` \(`k`, `v`\)/);
    expect((await query(conn, 'SHOW TABLES')).rows.map((x) => x[0])).toContain('v1');
    await exec(conn, 'DROP VIEW v1');
    expect((await query(conn, 'SHOW TABLES')).rows.map((x) => x[0])).not.toContain('v1');
    expect((await queryError(conn, 'SHOW CREATE VIEW v1')).errno).toBeGreaterThan(0);
  });

  it('CREATE MATERIALIZED VIEW, SHOW CREATE MATERIALIZED VIEW, DROP MATERIALIZED VIEW', async () => {
    await exec(conn, 'CREATE MATERIALIZED VIEW mv1 DISTRIBUTED BY HASH(k) BUCKETS 2 REFRESH ASYNC AS SELECT k, SUM(s) AS ss FROM agg GROUP BY k');
    const r = await query(conn, 'SHOW CREATE MATERIALIZED VIEW mv1');
    expect(r.columns).toEqual(['Materialized View', 'Create Materialized View']);
    expect(r.rows[0]![0]).toBe('mv1');
    expect(r.rows[0]![1]).toMatch(/^CREATE MATERIALIZED VIEW `mv1`/);
    expect(r.rows[0]![1]).toContain('AS SELECT');
    const procTables = await query(conn, "SHOW PROC '/dbs/s1'");
    expect(procTables.objects.find((x) => x['TableName'] === 'mv1')?.['Type']).toBe('CLOUD_NATIVE_MATERIALIZED_VIEW');
    await exec(conn, 'DROP MATERIALIZED VIEW mv1');
    expect((await query(conn, 'SHOW TABLES')).rows.map((x) => x[0])).not.toContain('mv1');
  });

  it('DROP TABLE', async () => {
    await exec(conn, 'DROP TABLE uni');
    expect((await query(conn, 'SHOW TABLES')).rows.map((x) => x[0])).toEqual(['agg', 'dup', 'pk']);
    expect(await queryError(conn, 'SELECT COUNT(*) FROM uni')).toEqual({
      errno: 5501,
      sqlState: '42000',
      message: "Getting analyzing error. Detail message: Unknown table 's1.uni'.",
    });
    expect((await queryError(conn, 'DROP TABLE uni')).errno).toBe(1051);
    await exec(conn, 'DROP TABLE IF EXISTS uni');
  });
});

describe('storage volumes', () => {
  it('CREATE / SHOW / DESC / DROP STORAGE VOLUME, credentials masked', async () => {
    await exec(
      conn,
      `CREATE STORAGE VOLUME sv2 TYPE = S3 LOCATIONS = ("s3://other-bucket/x") COMMENT "second" PROPERTIES (
         "aws.s3.region" = "us-east-1", "aws.s3.endpoint" = "http://127.0.0.1:9000",
         "aws.s3.access_key" = "AKIA", "aws.s3.secret_key" = "SECRET")`,
    );
    const list = await query(conn, 'SHOW STORAGE VOLUMES');
    expect(list.columns).toEqual(['Storage Volume']);
    expect(list.rows.map((r) => r[0]).sort()).toEqual(['builtin_storage_volume', 'sv2']);
    const d = await query(conn, 'DESC STORAGE VOLUME sv2');
    expect(d.columns).toEqual(['Name', 'Type', 'IsDefault', 'Location', 'Params', 'Enabled', 'Comment']);
    expect(d.objects[0]).toMatchObject({
      Name: 'sv2',
      Type: 'S3',
      IsDefault: 'false',
      Location: 's3://other-bucket/x',
      Enabled: 'true',
      Comment: 'second',
    });
    const params = JSON.parse(d.objects[0]!['Params']!) as Record<string, string>;
    expect(params['aws.s3.access_key']).toBe('******');
    expect(params['aws.s3.secret_key']).toBe('******');
    expect(params['aws.s3.endpoint']).toBe('http://127.0.0.1:9000');
    expect((await query(conn, 'DESCRIBE STORAGE VOLUME builtin_storage_volume')).objects[0]).toMatchObject({
      IsDefault: 'true',
      Location: 's3://stmt-bucket/',
    });

    // PROPERTIES ("storage_volume" = ...) places the table under that volume's location
    await exec(
      conn,
      'CREATE DATABASE svdb',
      'CREATE TABLE svdb.t (k INT) DUPLICATE KEY(k) DISTRIBUTED BY HASH(k) BUCKETS 1 PROPERTIES ("storage_volume" = "sv2")',
    );
    const t = (await query(conn, "SHOW PROC '/dbs/svdb'")).objects[0]!;
    const dbId = (await query(conn, "SHOW PROC '/dbs'")).objects.find((d) => d['DbName'] === 'svdb')!['DbId'];
    const sid = (JSON.parse((await httpGet(cluster.ports.http, '/service_id')).body) as { service_id: string }).service_id;
    expect(t['StoragePath']).toBe(`s3://other-bucket/x/${sid}/db${dbId}/${t['TableId']}`);
    expect((await query(conn, 'SHOW CREATE TABLE svdb.t')).rows[0]![1]).toContain('"storage_volume" = "sv2"');
    expect(await queryError(conn, 'DROP STORAGE VOLUME sv2')).toMatchObject({
      errno: 1064,
      message: `Storage volume 'sv2' is referenced by dbs or tables, dbs: [], tables: [${t['TableId']}]`,
    });
    expect((await queryError(conn, 'DROP STORAGE VOLUME builtin_storage_volume')).message).toBe('default storage volume can not be removed');
    await exec(conn, 'DROP DATABASE svdb FORCE');
    await exec(conn, 'DROP STORAGE VOLUME sv2');
    expect((await query(conn, 'SHOW STORAGE VOLUMES')).rows).toEqual([['builtin_storage_volume']]);
  });
});

describe('version, frontends, config', () => {
  it('SELECT @@version_comment and SELECT current_version() answer <version>-<commit7>', async () => {
    const vc = await query(conn, 'SELECT @@version_comment');
    expect(vc.columns).toEqual(['@@version_comment']);
    expect(vc.rows).toEqual([['4.1.0-a1b2c3d']]);
    const cv = await query(conn, 'SELECT current_version()');
    expect(cv.columns).toEqual(['current_version()']);
    expect(cv.rows).toEqual([['4.1.0-a1b2c3d']]);
    expect(await scalar(conn, 'SELECT version()')).toBe('8.0.33');
  });

  it('SHOW FRONTENDS (= SHOW PROC /frontends) reports the leader on the bound ports', async () => {
    const r = await query(conn, 'SHOW FRONTENDS');
    expect(r.columns).toEqual([
      'Id',
      'Name',
      'IP',
      'EditLogPort',
      'HttpPort',
      'QueryPort',
      'RpcPort',
      'Role',
      'ClusterId',
      'Join',
      'Alive',
      'ReplayedJournalId',
      'LastHeartbeat',
      'IsHelper',
      'ErrMsg',
      'StartTime',
      'Version',
    ]);
    expect(r.objects).toHaveLength(1);
    expect(r.objects[0]).toMatchObject({
      IP: '127.0.0.1',
      Role: 'LEADER',
      Alive: 'true',
      Version: '4.1.0-a1b2c3d',
      QueryPort: String(cluster.ports.query),
      RpcPort: String(cluster.ports.rpc),
      HttpPort: String(cluster.ports.http),
    });
    expect((await query(conn, "SHOW PROC '/frontends'")).columns).toEqual(r.columns);
  });

  it('ADMIN SHOW / ADMIN SET FRONTEND CONFIG', async () => {
    const r = await query(conn, "ADMIN SHOW FRONTEND CONFIG LIKE 'run_mode'");
    expect(r.columns).toEqual(['Key', 'AliasNames', 'Value', 'Type', 'IsMutable', 'Comment']);
    expect(r.rows).toEqual([['run_mode', '[]', 'shared_data', 'String', 'false', '']]);
    const before = await query(conn, "ADMIN SHOW FRONTEND CONFIG LIKE 'replication_max_parallel_table_count'");
    expect(before.objects[0]).toMatchObject({ Value: '100', Type: 'int', IsMutable: 'true' });
    await exec(conn, 'ADMIN SET FRONTEND CONFIG ("replication_max_parallel_table_count" = "7")');
    expect((await query(conn, "ADMIN SHOW FRONTEND CONFIG LIKE 'replication_max_parallel_table_count'")).objects[0]!['Value']).toBe('7');
    await exec(conn, 'ADMIN SET FRONTEND CONFIG ("replication_max_parallel_table_count" = "100")');
    const defaults = await query(conn, "ADMIN SHOW FRONTEND CONFIG LIKE 'lake_%'");
    expect(Object.fromEntries(defaults.rows.map((x) => [x[0], x[2]]))).toMatchObject({
      lake_autovacuum_grace_period_minutes: '30',
      lake_compaction_max_tasks: '-1',
    });
    expect(await queryError(conn, 'ADMIN SET FRONTEND CONFIG ("no_such_key" = "1")')).toEqual({
      errno: 5102,
      sqlState: 'F0000',
      message: "Config 'no_such_key' does not exist or is not mutable",
    });
    expect((await queryError(conn, 'ADMIN SET FRONTEND CONFIG ("run_mode" = "shared_nothing")')).message).toBe(
      "Config 'run_mode' does not exist or is not mutable",
    );
  });
});

describe('errors', () => {
  it('a wrong password, an unknown user and a missing password are refused with 1045', async () => {
    const refusal = async (o: { user?: string; password?: string }) => {
      try {
        const c = await connect(cluster.ports.query, o);
        await c.end();
      } catch (e) {
        const x = e as { errno: number; sqlState: string; sqlMessage: string };
        return { errno: x.errno, sqlState: x.sqlState, message: x.sqlMessage };
      }
      throw new Error('login unexpectedly succeeded');
    };
    expect(await refusal({ password: 'wrong' })).toEqual({
      errno: 1045,
      sqlState: '28000',
      message: "Access denied for user 'root' (using password: YES)",
    });
    expect(await refusal({ password: '' })).toEqual({
      errno: 1045,
      sqlState: '28000',
      message: "Access denied for user 'root' (using password: NO)",
    });
    expect(await refusal({ user: 'nobody', password: PASSWORD })).toEqual({
      errno: 1045,
      sqlState: '28000',
      message: "Access denied for user 'nobody' (using password: YES)",
    });
  });

  it('an unknown statement and an unsupported one answer 1064 and leave the connection usable', async () => {
    const unknown = await queryError(conn, 'FROBNICATE ALL THE THINGS');
    expect(unknown.errno).toBe(1064);
    expect(unknown.message).toMatch(/^Getting syntax error/);
    const unsupported = await queryError(conn, 'INSERT INTO s1.dup SELECT k, count(*) FROM s1.dup GROUP BY k');
    expect(unsupported.errno).toBe(1064);
    expect(unsupported.message).toContain('not supported');
    expect(await scalar(conn, 'SELECT 1')).toBe('1');
  });
});

describe('GET /service_id', () => {
  it('answers 200 application/json {"service_id": ...}; the id is the root of every storage path', async () => {
    const r = await httpGet(cluster.ports.http, '/service_id');
    expect(r.status).toBe(200);
    expect(r.contentType).toMatch(/^application\/json/);
    const id = (JSON.parse(r.body) as { service_id: string }).service_id;
    expect(r.body).toBe(`{"service_id": "${id}"}`);
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    const tables = await query(conn, "SHOW PROC '/dbs/s1'");
    const dup = tables.objects.find((t) => t['TableName'] === 'dup')!;
    expect(dup['StoragePath']).toBe(
      `s3://stmt-bucket/${id}/db${(await query(conn, "SHOW PROC '/dbs'")).objects.find((d) => d['DbName'] === 's1')!['DbId']}/${dup['TableId']}`,
    );
  });

  it('answers 404 with the StarRocks text on a shared_nothing FE', async () => {
    const sn = await startSim('sn', tempDir('sn'), { runMode: 'shared_nothing' });
    try {
      const r = await httpGet(sn.ports.http, '/service_id');
      expect(r.status).toBe(404);
      expect(r.body).toBe('Current run mode shared_nothing does not support service id.');
      const c = await connect(sn.ports.query);
      expect((await query(c, "ADMIN SHOW FRONTEND CONFIG LIKE 'run_mode'")).rows[0]![2]).toBe('shared_nothing');
      await c.end();
    } finally {
      await sn.stop();
    }
  });
});
