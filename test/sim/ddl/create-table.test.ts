import { describe, expect, it } from 'vitest';
import { errorOf, fixture, ids } from './helpers.js';

const setup = (opts = {}) => {
  const f = fixture(opts);
  f.run('CREATE DATABASE d1');
  return f;
};

describe('CREATE TABLE: table models', () => {
  it('DUPLICATE KEY table with defaults printed by SHOW CREATE TABLE', () => {
    const f = setup();
    f.run(`CREATE TABLE t (k int NOT NULL COMMENT "key", s string, v decimal(10,2) DEFAULT "1.5")
           DUPLICATE KEY(k) DISTRIBUTED BY HASH(k) BUCKETS 3`);
    const t = f.table('t');
    expect(t.type).toBe('CLOUD_NATIVE');
    expect(t.keysType).toBe('DUP_KEYS');
    expect(t.columns.map((c) => [c.name, c.type, c.isKey, c.nullable, c.defaultValue])).toEqual([
      ['k', 'int(11)', true, false, null],
      ['s', 'varchar(65533)', false, true, null],
      ['v', 'decimal(10, 2)', false, true, '1.5'],
    ]);
    expect(t.columns[0]!.comment).toBe('key');
    expect(t.properties).toEqual({
      compression: 'LZ4',
      replication_num: '1',
      'datacache.enable': 'true',
      enable_async_write_back: 'false',
      cloud_native_fast_schema_evolution_v2: 'true',
      file_bundling: 'true',
    });
    expect(f.fe.storageVolumeById(t.storageVolumeId)?.name).toBe('builtin_storage_volume');
    expect(t.partitionInfo.type).toBe('UNPARTITIONED');
    expect(t.partitions.map((p) => [p.name, p.buckets])).toEqual([['t', 3]]);
    expect(t.baseIndex).toMatchObject({ name: 't', schemaVersion: 0, shortKeyColumnCount: 1 });
    expect(t.state).toBe('NORMAL');
  });

  it('AGGREGATE KEY table: SUM DECIMAL widened to decimal(38, s) unless legacy compatibility', () => {
    const f = setup();
    f.run('CREATE TABLE a (k date, v decimal(10,2) SUM, m int MAX, r varchar(10) REPLACE) AGGREGATE KEY(k) DISTRIBUTED BY HASH(k)');
    const a = f.table('a');
    expect(a.keysType).toBe('AGG_KEYS');
    expect(a.columns.map((c) => [c.type, c.aggType])).toEqual([
      ['date', null],
      ['decimal(38, 2)', 'SUM'],
      ['int(11)', 'MAX'],
      ['varchar(10)', 'REPLACE'],
    ]);
    f.fe.config.set('enable_legacy_compatibility_for_replication', 'true');
    f.run('CREATE TABLE b (k date, v decimal(10,2) SUM) AGGREGATE KEY(k) DISTRIBUTED BY HASH(k)');
    expect(f.table('b').columns[1]!.type).toBe('decimal(10, 2)');
  });

  it('UNIQUE KEY and PRIMARY KEY tables; PK key columns become NOT NULL, persistent index properties', () => {
    const f = setup();
    f.run('CREATE TABLE u (k bigint, v int) UNIQUE KEY(k) DISTRIBUTED BY HASH(k) BUCKETS 2');
    expect(f.table('u').keysType).toBe('UNIQUE_KEYS');
    expect(f.table('u').properties['enable_persistent_index']).toBeUndefined();
    f.run('CREATE TABLE p (id bigint, name varchar(20), v int) PRIMARY KEY(id, name) DISTRIBUTED BY HASH(id) ORDER BY(v)');
    const p = f.table('p');
    expect(p.keysType).toBe('PRIMARY_KEYS');
    expect(p.columns.map((c) => c.nullable)).toEqual([false, false, true]);
    expect(p.sortKeys).toEqual(['v']);
    expect(p.properties).toMatchObject({ enable_persistent_index: 'true', persistent_index_type: 'CLOUD_NATIVE' });
    f.run(`CREATE TABLE p2 (id bigint) PRIMARY KEY(id) DISTRIBUTED BY HASH(id) PROPERTIES ("enable_persistent_index" = "false")`);
    expect(f.table('p2').properties['persistent_index_type']).toBeUndefined();
  });

  it('infers DUPLICATE KEY columns and RANDOM distribution when both are omitted', () => {
    const f = setup();
    f.run('CREATE TABLE t (a int, b bigint, c varchar(10), d int)');
    const t = f.table('t');
    expect(t.keysType).toBe('DUP_KEYS');
    expect(t.keyColumns).toEqual(['a', 'b', 'c']);
    expect(t.distribution).toEqual({ type: 'RANDOM', columns: [], buckets: 0 });
    expect(t.properties['bucket_size']).toBe('1073741824');
    // automatic bucketing: 3 CNs → 6 buckets
    expect(t.partitions[0]!.buckets).toBe(6);
  });

  it('normalizes column types as SHOW CREATE TABLE prints them', () => {
    const f = setup();
    f.run(`CREATE TABLE t (a tinyint, b smallint, c int(5), d bigint, e largeint, f boolean, g float, h double,
           i decimal, j date, k datetime, l char, m varchar(30), n string, o json, p array<int>, q varchar)
           DUPLICATE KEY(a) DISTRIBUTED BY HASH(a) BUCKETS 1`);
    expect(f.table('t').columns.map((c) => c.type)).toEqual([
      'tinyint(4)',
      'smallint(6)',
      'int(11)',
      'bigint(20)',
      'largeint(40)',
      'boolean',
      'float',
      'double',
      'decimal(10, 0)',
      'date',
      'datetime',
      'char(1)',
      'varchar(30)',
      'varchar(65533)',
      'json',
      'array<int(11)>',
      'varchar(1)',
    ]);
  });

  it('shared_nothing mode creates OLAP tables without lake properties', () => {
    const f = fixture({ runMode: 'shared_nothing' });
    f.run('CREATE DATABASE d1');
    f.run('CREATE TABLE t (k int) DUPLICATE KEY(k) DISTRIBUTED BY HASH(k) BUCKETS 1 PROPERTIES ("replication_num" = "1")');
    const t = f.table('t');
    expect(t.type).toBe('OLAP');
    expect(t.storageVolumeId).toBe('');
    expect(t.properties['datacache.enable']).toBeUndefined();
    expect(t.properties['replication_num']).toBe('1');
    // OlapTableFactory drops storage_volume in shared_nothing mode
    f.run('CREATE TABLE t2 (k int) DISTRIBUTED BY HASH(k) BUCKETS 1 PROPERTIES ("replication_num" = "1", "storage_volume" = "x")');
    expect(f.table('t2').storageVolumeId).toBe('');
  });
});

describe('CREATE TABLE: ids and tablets', () => {
  it('allocates partition ids, table id, index id, then physical partitions and tablets (HashMap order)', () => {
    const f = setup();
    const before = f.fe.allocId();
    f.run(`CREATE TABLE t (dt date, k int) DUPLICATE KEY(dt) PARTITION BY RANGE(dt)
           (START ("2024-01-01") END ("2024-01-05") EVERY (INTERVAL 1 DAY)) DISTRIBUTED BY HASH(k) BUCKETS 2`);
    const t = f.table('t');
    const b = before + 1;
    expect(ids(t).partitions).toEqual([b, b + 1, b + 2, b + 3]);
    expect(t.id).toBe(b + 4);
    expect(t.baseIndex.indexId).toBe(b + 5);
    // Java HashMap order of the names: p20240103, p20240104, p20240101, p20240102 (checked against a JDK)
    expect(t.partitions.map((p) => p.name)).toEqual(['p20240101', 'p20240102', 'p20240103', 'p20240104']);
    expect(ids(t).physical).toEqual([b + 12, b + 15, b + 6, b + 9]);
    expect(ids(t).tablets).toEqual([
      [b + 13, b + 14],
      [b + 16, b + 17],
      [b + 7, b + 8],
      [b + 10, b + 11],
    ]);
    for (const p of t.partitions) {
      const pp = p.physicalPartitions[0]!;
      expect(pp.parentId).toBe(p.id);
      expect(pp.indexes[0]!.id).toBe(t.baseIndex.indexId);
      expect([pp.visibleVersion, pp.nextVersion, pp.dataVersion, pp.versionTxnType]).toEqual([1, 2, 1, 'TXN_NORMAL']);
    }
  });

  it('assigns tablets to CNs round robin and reports new physical partitions in id order', () => {
    const f = setup();
    f.run('CREATE TABLE t (k int) DUPLICATE KEY(k) DISTRIBUTED BY HASH(k) BUCKETS 6');
    const tablets = f.table('t').partitions[0]!.physicalPartitions[0]!.indexes[0]!.tablets;
    const cns = f.fe.cns.map((c) => c.id);
    expect(tablets.map((x) => x.backendId)).toEqual(tablets.map((x) => cns[x.id % cns.length]));
    expect(new Set(tablets.map((x) => x.backendId)).size).toBe(3);
    expect(f.created.map((c) => c.table)).toEqual(['t']);
    // unpartitioned: the single partition's id precedes the table id
    const t = f.table('t');
    expect(t.partitions[0]!.id).toBe(t.id - 1);
  });

  it('IF NOT EXISTS allocates nothing and returns null', () => {
    const f = setup();
    f.run('CREATE TABLE t (k int) DISTRIBUTED BY HASH(k) BUCKETS 1');
    const next = f.fe.allocId();
    expect(f.run('CREATE TABLE IF NOT EXISTS t (k int) DISTRIBUTED BY HASH(k) BUCKETS 1')).toBeNull();
    expect(f.fe.allocId()).toBe(next + 1);
  });
});

describe('CREATE TABLE: rejections', () => {
  const cases: Array<[string, string, number, string]> = [
    [
      'table exists',
      'CREATE TABLE t0 (k int) DISTRIBUTED BY HASH(k) BUCKETS 1',
      1050,
      "Getting analyzing error. Detail message: Table 't0' already exists.",
    ],
    [
      'duplicate column',
      'CREATE TABLE x (k int, K int) DISTRIBUTED BY HASH(k)',
      1060,
      "Getting analyzing error. Detail message: Duplicate column name 'K'.",
    ],
    [
      'key columns not a prefix',
      'CREATE TABLE x (a int, b int, c int) DUPLICATE KEY(a, c) DISTRIBUTED BY HASH(a)',
      1064,
      'Getting analyzing error. Detail message: Key columns must be the first few columns of the schema and the order  of the key columns must be consistent with the order of the schema.',
    ],
    [
      'unknown key column',
      'CREATE TABLE x (a int) DUPLICATE KEY(z) DISTRIBUTED BY HASH(a)',
      1064,
      "Getting analyzing error. Detail message: Key column(z) doesn't exist..",
    ],
    [
      'nullable primary key',
      'CREATE TABLE x (a int NULL, v int) PRIMARY KEY(a) DISTRIBUTED BY HASH(a)',
      1064,
      'Getting analyzing error. Detail message: primary key column[a] cannot be nullable.',
    ],
    [
      'primary key type',
      'CREATE TABLE x (a decimal(10,2) NOT NULL, v int) PRIMARY KEY(a) DISTRIBUTED BY HASH(a)',
      1064,
      'Getting analyzing error. Detail message: primary key column[a] type not supported: decimal(10, 2).',
    ],
    [
      'AGG value without aggregate',
      'CREATE TABLE x (a int, v int) AGGREGATE KEY(a) DISTRIBUTED BY HASH(a)',
      1064,
      'Getting analyzing error. Detail message: AGG_KEYS table should specify aggregate type for non-key column[v].',
    ],
    [
      'key with aggregate',
      'CREATE TABLE x (a int SUM, v int SUM) AGGREGATE KEY(a) DISTRIBUTED BY HASH(a)',
      1064,
      'Getting analyzing error. Detail message: Key column[a] should not specify aggregate type..',
    ],
    [
      'aggregate on DUP value',
      'CREATE TABLE x (a int, v int SUM) DUPLICATE KEY(a) DISTRIBUTED BY HASH(a)',
      1064,
      'Getting analyzing error. Detail message: DUP_KEYS table should not specify aggregate type for non-key column[v].',
    ],
    [
      'double key',
      'CREATE TABLE x (a double, v int) DUPLICATE KEY(a) DISTRIBUTED BY HASH(v)',
      1064,
      "Getting analyzing error. Detail message: Invalid data type of key column 'a': 'DOUBLE', use decimal instead.",
    ],
    [
      'SUM on varchar',
      'CREATE TABLE x (a int, v varchar(10) SUM) AGGREGATE KEY(a) DISTRIBUTED BY HASH(a)',
      1064,
      "Getting analyzing error. Detail message: Invalid aggregate function 'SUM' for 'v'.",
    ],
    [
      'unknown distribution column',
      'CREATE TABLE x (a int) DISTRIBUTED BY HASH(z)',
      1064,
      "Getting analyzing error. Detail message: Distribution column(z) doesn't exist..",
    ],
    [
      'random distribution of PK',
      'CREATE TABLE x (a int NOT NULL) PRIMARY KEY(a) DISTRIBUTED BY RANDOM',
      1064,
      'Getting analyzing error from line 1, column 47 to line 1, column 62. Detail message: PRIMARY KEY must use hash distribution.',
    ],
    [
      'AGG without distribution',
      'CREATE TABLE x (a int, v int SUM) AGGREGATE KEY(a)',
      1064,
      'Getting analyzing error. Detail message: Currently not support default distribution in AGG_KEYS.',
    ],
    [
      'unknown property',
      'CREATE TABLE x (a int) DISTRIBUTED BY HASH(a) PROPERTIES ("foo" = "1", "abc" = "2")',
      1064,
      'Unknown properties: {abc=2, foo=1}',
    ],
    [
      'replication_num not a number',
      'CREATE TABLE x (a int) DISTRIBUTED BY HASH(a) PROPERTIES ("replication_num" = "abc")',
      1064,
      'For input string: "abc"',
    ],
    [
      'replication_num zero',
      'CREATE TABLE x (a int) DISTRIBUTED BY HASH(a) PROPERTIES ("replication_num" = "0")',
      1064,
      'Replication num should larger than 0',
    ],
    [
      'persistent_index_type',
      'CREATE TABLE x (a int NOT NULL) PRIMARY KEY(a) DISTRIBUTED BY HASH(a) PROPERTIES ("persistent_index_type" = "MEMORY")',
      1064,
      'Invalid persistent index type: MEMORY',
    ],
    ['compression', 'CREATE TABLE x (a int) DISTRIBUTED BY HASH(a) PROPERTIES ("compression" = "brotli")', 1064, 'unknown compression type: brotli'],
    [
      'unknown storage volume',
      'CREATE TABLE x (a int) DISTRIBUTED BY HASH(a) PROPERTIES ("storage_volume" = "nope")',
      1064,
      'Unknown storage volume "nope"',
    ],
    [
      'unknown database',
      'CREATE TABLE nodb.x (a int) DISTRIBUTED BY HASH(a)',
      1049,
      "Getting analyzing error. Detail message: Unknown database 'nodb'.",
    ],
    [
      'partition column aggregated',
      'CREATE TABLE x (a int, d date REPLACE) AGGREGATE KEY(a) PARTITION BY RANGE(d) () DISTRIBUTED BY HASH(a)',
      1064,
      'Getting analyzing error. Detail message: The partition column could not be aggregated column.',
    ],
  ];
  for (const [what, sql, code, message] of cases) {
    it(what, () => {
      const f = setup();
      f.run('CREATE TABLE t0 (k int) DISTRIBUTED BY HASH(k) BUCKETS 1');
      const e = errorOf(() => f.run(sql));
      expect([e.code, e.message]).toEqual([code, message]);
      if (what !== 'table exists') expect(f.db().tables.has('x')).toBe(false);
    });
  }

  it('a failed CREATE after id allocation consumes ids (unknown volume after the table id)', () => {
    const f = setup();
    const n = f.fe.allocId();
    errorOf(() => f.run('CREATE TABLE x (a int) DISTRIBUTED BY HASH(a) PROPERTIES ("storage_volume" = "nope")'));
    expect(f.fe.allocId()).toBe(n + 3); // partition id and table id were taken
  });

  it('no database selected', () => {
    const f = fixture({}, null as unknown as string);
    const e = errorOf(() => f.run('CREATE TABLE x (a int) DISTRIBUTED BY HASH(a)'));
    expect([e.code, e.message]).toEqual([1046, 'Getting analyzing error. Detail message: No database selected.']);
  });
});

describe('DROP TABLE', () => {
  it('removes the table and reports its physical partitions with the FORCE flag', () => {
    const f = setup();
    f.run('CREATE TABLE t (k int) DISTRIBUTED BY HASH(k) BUCKETS 2');
    f.run('CREATE TABLE t2 (k int) DISTRIBUTED BY HASH(k) BUCKETS 2');
    f.run('DROP TABLE t');
    f.run('DROP TABLE d1.t2 FORCE');
    expect(f.db().tables.size).toBe(0);
    expect(f.dropped.map((d) => [d.table, d.force])).toEqual([
      ['t', false],
      ['t2', true],
    ]);
  });

  it('unknown table, IF EXISTS, views and MVs', () => {
    const f = setup();
    const e = errorOf(() => f.run('DROP TABLE nope'));
    expect([e.code, e.message]).toEqual([1051, "Getting analyzing error. Detail message: Unknown table 'nope'."]);
    f.run('DROP TABLE IF EXISTS nope');
    f.run('CREATE TABLE t (k int) DISTRIBUTED BY HASH(k) BUCKETS 1');
    f.run('CREATE VIEW v AS SELECT k FROM t');
    const e2 = errorOf(() => f.run('DROP TABLE v'));
    expect([e2.code, e2.message]).toEqual([1347, "Getting analyzing error. Detail message: 'd1.v' is not TABLE."]);
    f.run('CREATE MATERIALIZED VIEW mv DISTRIBUTED BY HASH(k) BUCKETS 1 REFRESH MANUAL AS SELECT k FROM t');
    const e3 = errorOf(() => f.run('DROP TABLE mv'));
    expect(e3.message).toContain("cannot be dropped because 'mv' is a materialized view");
  });

  it('refuses a table with COMMITTED transactions unless FORCE', () => {
    const f = setup();
    f.run('CREATE TABLE t (k int) DISTRIBUTED BY HASH(k) BUCKETS 1');
    const t = f.table('t');
    f.fe.transactions.set(1, { id: 1, dbId: f.db().id, tableIds: [t.id], status: 'COMMITTED' } as never);
    expect(errorOf(() => f.run('DROP TABLE t')).message).toContain('COMMITTED state');
    f.run('DROP TABLE t FORCE');
    expect(f.db().tables.has('t')).toBe(false);
  });
});

describe('CREATE / DROP DATABASE', () => {
  it('binds new databases to the default volume and reports StarRocks errors', () => {
    const f = fixture();
    const db = f.run('CREATE DATABASE d1') as { id: number; storageVolumeId?: string };
    expect(db.storageVolumeId).toBe('builtin_storage_volume');
    const e = errorOf(() => f.run('CREATE DATABASE d1'));
    expect([e.code, e.message]).toEqual([1007, "Can't create database 'd1'; database exists"]);
    expect(f.run('CREATE DATABASE IF NOT EXISTS d1')).toBeNull();
    const e2 = errorOf(() => f.run('DROP DATABASE nope'));
    expect([e2.code, e2.message]).toEqual([1008, "Can't drop database 'nope'; database doesn't exist"]);
    f.run('DROP DATABASE IF EXISTS nope');
    const e3 = errorOf(() => f.run('CREATE DATABASE d2 PROPERTIES ("storage_volume" = "nope")'));
    expect(e3.message).toBe('Unknown storage volume "nope"');
  });

  it('DROP DATABASE drops its tables', () => {
    const f = fixture();
    f.run('CREATE DATABASE d1');
    f.run('CREATE TABLE t (k int) DISTRIBUTED BY HASH(k) BUCKETS 2');
    f.run('DROP DATABASE d1 FORCE');
    expect(f.fe.catalog.databases.has('d1')).toBe(false);
    expect(f.dropped.map((d) => [d.table, d.force])).toEqual([['t', true]]);
  });
});
