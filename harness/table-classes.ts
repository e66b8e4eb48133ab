// Table definition classes a production StarRocks 4.1 shared-data catalog holds (issue 6, "What must hold
// afterwards"), written for the per-class end-to-end test (test/e2e/table-classes.test.ts): each class is a table
// created on a source simulator and loaded twice. Written for srsync, not taken from any corpus.

export interface TableClass {
  /** The class of statement (the test's case name). */
  what: string;
  /** Table name in database DB. */
  table: string;
  /** CREATE TABLE, and DDL after it (run in order). */
  create: string | string[];
  /** INSERTs of one load round (0, 1). */
  load(round: number): string[];
}

export const DB = 'classes';

/** The LIST table with a NULL partition (the test also loads a NULL into it on the target after the migration). */
export const LIST_NULL_TABLE = 'list_null';
/** The same on an INT partition column. */
export const LIST_NULL_INT_TABLE = 'list_null_int';

const t = (name: string) => `\`${DB}\`.\`${name}\``;

export const TABLE_CLASSES: TableClass[] = [
  {
    what: "expression partitioning date_trunc('day'), default (RANDOM) distribution: logs.clicks",
    table: 'clicks',
    create: `CREATE TABLE ${t('clicks')} (ts DATETIME, uid BIGINT, url STRING) PARTITION BY date_trunc('day', ts)`,
    load: (r) => [`INSERT INTO ${t('clicks')} VALUES ('2024-01-0${1 + r} 10:00:00', ${r}, 'a'), ('2024-01-03 11:00:00', 2, 'b')`],
  },
  {
    what: "expression partitioning date_trunc('month') on a DATE column, HASH distribution",
    table: 'monthly',
    create: `CREATE TABLE ${t('monthly')} (dt DATE NOT NULL, k INT NOT NULL, v INT) DUPLICATE KEY(dt, k) PARTITION BY date_trunc('month', dt) DISTRIBUTED BY HASH(k) BUCKETS 2`,
    load: (r) => [`INSERT INTO ${t('monthly')} VALUES ('2024-0${1 + r}-15', ${r}, 1), ('2024-03-01', 5, 2)`],
  },
  {
    what: 'expression partitioning time_slice(INTERVAL 1 hour)',
    table: 'hourly',
    create: `CREATE TABLE ${t('hourly')} (ts DATETIME NOT NULL, k INT) DUPLICATE KEY(ts) PARTITION BY time_slice(ts, INTERVAL 1 hour) DISTRIBUTED BY RANDOM BUCKETS 2`,
    load: (r) => [`INSERT INTO ${t('hourly')} VALUES ('2024-01-01 0${r}:30:00', ${r}), ('2024-01-01 23:10:00', 9)`],
  },
  {
    what: 'expression partitioning on a column list (automatic LIST)',
    table: 'by_city',
    create: `CREATE TABLE ${t('by_city')} (city VARCHAR(20) NOT NULL, region VARCHAR(10) NOT NULL, n INT) DUPLICATE KEY(city) PARTITION BY (city, region) DISTRIBUTED BY HASH(n) BUCKETS 1`,
    load: (r) => [`INSERT INTO ${t('by_city')} VALUES ('Paris', 'eu', ${r}), ('Oslo', 'eu', 1), ('it''s', 'x${r}', 2)`],
  },
  {
    what: 'expression partitioning with partition_live_number and partition_ttl (TTL properties)',
    table: 'ttl',
    create: `CREATE TABLE ${t('ttl')} (dt DATE NOT NULL, v INT) DUPLICATE KEY(dt) PARTITION BY date_trunc('day', dt) DISTRIBUTED BY RANDOM PROPERTIES ("partition_live_number" = "1000", "partition_ttl" = "3650 day")`,
    load: (r) => [`INSERT INTO ${t('ttl')} VALUES ('2026-06-0${1 + r}', ${r})`],
  },
  {
    what: 'RANDOM distribution, explicit bucket count',
    table: 'random_explicit',
    create: `CREATE TABLE ${t('random_explicit')} (k INT, v STRING) DUPLICATE KEY(k) DISTRIBUTED BY RANDOM BUCKETS 3`,
    load: (r) => [`INSERT INTO ${t('random_explicit')} VALUES (${r}, 'x'), (7, 'y')`],
  },
  {
    what: 'RANGE on two columns with MAXVALUE, a partition with its own bucket count',
    table: 'range_multi',
    create: `CREATE TABLE ${t('range_multi')} (k INT NOT NULL, d DATE NOT NULL, v INT) DUPLICATE KEY(k, d)
      PARTITION BY RANGE(k, d) (PARTITION p1 VALUES LESS THAN ("10", "2024-01-01"), PARTITION p2 VALUES [("10", "2024-01-01"), ("20", "2025-01-01")), PARTITION pmax VALUES LESS THAN (MAXVALUE))
      DISTRIBUTED BY HASH(k) BUCKETS 2`,
    load: (r) => [`INSERT INTO ${t('range_multi')} VALUES (${r}, '2023-05-01', 1), (15, '2024-06-01', 2), (${100 + r}, '2030-01-01', 3)`],
  },
  {
    what: 'LIST on two columns',
    table: 'list_multi',
    create: `CREATE TABLE ${t('list_multi')} (region VARCHAR(10) NOT NULL, channel VARCHAR(10) NOT NULL, n INT) DUPLICATE KEY(region)
      PARTITION BY LIST(region, channel) (PARTITION p_eu VALUES IN (("eu", "web"), ("eu", "app")), PARTITION p_us VALUES IN (("us", "web")))
      DISTRIBUTED BY HASH(n) BUCKETS 2`,
    load: (r) => [`INSERT INTO ${t('list_multi')} VALUES ('eu', 'web', ${r}), ('eu', 'app', 1), ('us', 'web', 2)`],
  },
  {
    what: 'dynamic partitions (RANGE by day), one partition added with its own bucket count while paused',
    table: 'dynamic',
    create: [
      `CREATE TABLE ${t('dynamic')} (dt DATE NOT NULL, v INT) DUPLICATE KEY(dt)
      PARTITION BY RANGE(dt) (PARTITION p20240101 VALUES [("2024-01-01"), ("2024-01-02")), PARTITION p20240102 VALUES [("2024-01-02"), ("2024-01-03")))
      DISTRIBUTED BY HASH(v) BUCKETS 2
      PROPERTIES ("dynamic_partition.enable" = "true", "dynamic_partition.time_unit" = "DAY", "dynamic_partition.start" = "-3650", "dynamic_partition.end" = "3", "dynamic_partition.prefix" = "p", "dynamic_partition.buckets" = "2")`,
      // StarRocks refuses ADD PARTITION while dynamic partitioning is on: the DBA pauses it (srsync does the same).
      `ALTER TABLE ${t('dynamic')} SET ("dynamic_partition.enable" = "false")`,
      `ALTER TABLE ${t('dynamic')} ADD PARTITION p20240103 VALUES [("2024-01-03"), ("2024-01-04")) DISTRIBUTED BY HASH(v) BUCKETS 3`,
      `ALTER TABLE ${t('dynamic')} SET ("dynamic_partition.enable" = "true")`,
    ],
    load: (r) => [`INSERT INTO ${t('dynamic')} VALUES ('2024-01-0${1 + r}', ${r}), ('2024-01-03', ${r})`],
  },
  {
    what: 'expression partitioning RANGE(str2date(...)) with explicit partitions (EXPR_RANGE_V2)',
    table: 'str2date',
    create: `CREATE TABLE ${t('str2date')} (ds VARCHAR(10) NOT NULL, v INT) DUPLICATE KEY(ds)
      PARTITION BY RANGE(str2date(ds, '%Y%m%d')) (PARTITION p1 VALUES [("2024-01-01"), ("2024-01-02")), PARTITION p2 VALUES [("2024-01-02"), ("2024-01-03")))
      DISTRIBUTED BY HASH(v) BUCKETS 2`,
    load: (r) => [`INSERT INTO ${t('str2date')} VALUES ('2024010${1 + r}', ${r})`],
  },
  {
    what: 'NGRAM bloom filter and bitmap indexes in CREATE TABLE',
    table: 'indexed',
    create: `CREATE TABLE ${t('indexed')} (k INT NOT NULL, v VARCHAR(50), INDEX i_ng (v) USING NGRAMBF ("gram_num" = "4", "bloom_filter_fpp" = "0.05") COMMENT 'it''s ngram', INDEX i_bm (k) USING BITMAP)
      DUPLICATE KEY(k) DISTRIBUTED BY HASH(k) BUCKETS 2`,
    load: (r) => [`INSERT INTO ${t('indexed')} VALUES (${r}, 'hello ${r}')`],
  },
  {
    what: 'expression partitioning on several expressions (date_trunc and a column)',
    table: 'multi_expr',
    create: `CREATE TABLE ${t('multi_expr')} (ts DATETIME NOT NULL, city VARCHAR(10) NOT NULL, v INT) DUPLICATE KEY(ts) PARTITION BY date_trunc('day', ts), city DISTRIBUTED BY RANDOM`,
    load: (r) => [`INSERT INTO ${t('multi_expr')} VALUES ('2024-01-0${1 + r} 10:00:00', 'Paris', ${r})`],
  },
  {
    what: 'generated columns',
    table: 'generated',
    create: `CREATE TABLE ${t('generated')} (k INT NOT NULL, a INT, b INT, j JSON, s BIGINT AS (CAST(a + b AS BIGINT)), jk VARCHAR(65533) AS (get_json_string(j, '$.k'))) DUPLICATE KEY(k) DISTRIBUTED BY HASH(k) BUCKETS 2`,
    load: (r) => [`INSERT INTO ${t('generated')} (k, a, b, j) VALUES (${r}, 1, 2, '{"k": "v${r}"}')`],
  },
  {
    what: 'ORDER BY sort key, bloom filter, compression ZSTD, file_bundling, fast_schema_evolution',
    table: 'sorted',
    create: `CREATE TABLE ${t('sorted')} (k INT NOT NULL, v VARCHAR(20), w BIGINT) DUPLICATE KEY(k) DISTRIBUTED BY HASH(k) BUCKETS 2 ORDER BY (v, k)
      PROPERTIES ("bloom_filter_columns" = "v, w", "compression" = "ZSTD(3)", "file_bundling" = "true", "fast_schema_evolution" = "false")`,
    load: (r) => [`INSERT INTO ${t('sorted')} VALUES (${r}, 'v${r}', 1), (9, 'z', 2)`],
  },
  {
    what: 'colocate group, datacache.*, enable_async_write_back',
    table: 'colocated',
    create: `CREATE TABLE ${t('colocated')} (k INT NOT NULL, v INT) DUPLICATE KEY(k) DISTRIBUTED BY HASH(k) BUCKETS 2
      PROPERTIES ("colocate_with" = "g1", "datacache.enable" = "false", "datacache.partition_duration" = "7 day", "enable_async_write_back" = "false")`,
    load: (r) => [`INSERT INTO ${t('colocated')} VALUES (${r}, 1), (5, 2)`],
  },
  {
    what: 'DUPLICATE KEY with ARRAY, MAP, STRUCT, JSON, VARBINARY, DEFAULT CURRENT_TIMESTAMP, comments with quotes',
    table: 'dup_types',
    create: `CREATE TABLE ${t('dup_types')} (
        k BIGINT NOT NULL COMMENT 'the "key" it''s',
        a ARRAY<INT>, m MAP<VARCHAR(10), INT>, st STRUCT<x INT, y VARCHAR(10)>, j JSON,
        d DECIMAL(27, 9), vb VARBINARY, dt DATETIME DEFAULT CURRENT_TIMESTAMP, f DOUBLE, b BOOLEAN, c CHAR(3), l LARGEINT, t TINYINT, s SMALLINT, dd DATE
      ) DUPLICATE KEY(k) COMMENT "a table's \\"comment\\"" DISTRIBUTED BY HASH(k) BUCKETS 2`,
    load: (r) => [
      // ARRAY/MAP/STRUCT values stay NULL: the simulator's INSERT has no literals for them.
      `INSERT INTO ${t('dup_types')} (k, j, d, vb, f, b, c, l, t, s, dd) VALUES (${r}, '{"a": 1}', 1.5, 'ab', 0.5, true, 'abc', 123456789012345678901234567890, 1, 2, '2024-01-01')`,
    ],
  },
  {
    what: 'AGGREGATE KEY with BITMAP, HLL, PERCENTILE, SUM/MAX/REPLACE_IF_NOT_NULL, JSON/ARRAY REPLACE',
    table: 'agg_types',
    create: `CREATE TABLE ${t('agg_types')} (k INT NOT NULL, b BITMAP BITMAP_UNION, h HLL HLL_UNION, p PERCENTILE PERCENTILE_UNION, s BIGINT SUM DEFAULT "0", mx INT MAX, r VARCHAR(10) REPLACE_IF_NOT_NULL, j JSON REPLACE, a ARRAY<INT> REPLACE)
      AGGREGATE KEY(k) DISTRIBUTED BY HASH(k) BUCKETS 2`,
    // BITMAP/HLL/PERCENTILE values stay NULL: the simulator's INSERT has no to_bitmap/hll_hash/percentile_hash.
    load: (r) => [`INSERT INTO ${t('agg_types')} (k, s, mx, r) VALUES (${r}, 3, ${r}, 'x'), (9, 1, 1, NULL)`],
  },
  {
    what: 'UNIQUE KEY with JSON, ARRAY, constant DEFAULTs',
    table: 'uniq',
    create: `CREATE TABLE ${t('uniq')} (k INT NOT NULL, v VARCHAR(10) DEFAULT "it's", j JSON, a ARRAY<VARCHAR(5)>, dt DATETIME DEFAULT "2024-01-01 00:00:00") UNIQUE KEY(k) DISTRIBUTED BY HASH(k) BUCKETS 2`,
    load: (r) => [`INSERT INTO ${t('uniq')} (k, v, j) VALUES (${r}, 'a', '[1]'), (1, 'b${r}', NULL)`],
  },
  {
    what: 'PRIMARY KEY with AUTO_INCREMENT, DEFAULT expressions, JSON/ARRAY/MAP/STRUCT/VARBINARY values',
    table: 'pk_auto',
    create: `CREATE TABLE ${t('pk_auto')} (k BIGINT NOT NULL, id BIGINT NOT NULL AUTO_INCREMENT, created DATETIME DEFAULT CURRENT_TIMESTAMP, u VARCHAR(40) DEFAULT (uuid()), note STRING COMMENT "x \\"y\\"", j JSON, a ARRAY<INT>, m MAP<INT, VARCHAR(5)>, st STRUCT<x INT>, vb VARBINARY(10))
      PRIMARY KEY(k) DISTRIBUTED BY HASH(k) BUCKETS 2`,
    load: (r) => [`INSERT INTO ${t('pk_auto')} (k, note) VALUES (${r}, 'n'), (10, 'm${r}')`],
  },
  {
    what: 'DECIMAL256 (DECIMAL256(50, 2) and DECIMAL(76, 10), printed decimal(p, s))',
    table: 'decimal256',
    create: `CREATE TABLE ${t('decimal256')} (k INT NOT NULL, e DECIMAL256(50, 2), w DECIMAL(76, 10)) DUPLICATE KEY(k) DISTRIBUTED BY HASH(k) BUCKETS 1`,
    load: (r) => [`INSERT INTO ${t('decimal256')} VALUES (${r}, 2.25, 123456789012345678901234567890.0123456789)`],
  },
  {
    // StarRocks 3.3+ (PR #47797): NULL in a LIST partition holds the rows whose partition column is NULL. It prints
    // as 'NULL' (NullLiteral.getStringValue), exactly like the string 'NULL', which is therefore not allowed next to it.
    what: 'LIST with a NULL value',
    table: LIST_NULL_TABLE,
    create: `CREATE TABLE ${t(LIST_NULL_TABLE)} (k INT, city VARCHAR(10)) DUPLICATE KEY(k)
      PARTITION BY LIST(city) (PARTITION p_null VALUES IN (NULL), PARTITION p_x VALUES IN ("x", "y"))
      DISTRIBUTED BY HASH(k) BUCKETS 1`,
    load: (r) => [`INSERT INTO ${t(LIST_NULL_TABLE)} VALUES (${r}, NULL), (2, 'x'), (3, 'y')`],
  },
  {
    // The same on an INT column: the value re-rendered as the string "NULL" is refused there ("Invalid number format").
    what: 'LIST with a NULL value on an INT column',
    table: LIST_NULL_INT_TABLE,
    create: `CREATE TABLE ${t(LIST_NULL_INT_TABLE)} (k INT, n INT) DUPLICATE KEY(k)
      PARTITION BY LIST(n) (PARTITION p_null VALUES IN (NULL), PARTITION p_1 VALUES IN ("1", "2"))
      DISTRIBUTED BY HASH(k) BUCKETS 1`,
    load: (r) => [`INSERT INTO ${t(LIST_NULL_INT_TABLE)} VALUES (${r}, NULL), (2, 1), (3, 2)`],
  },
];

/** Classes the simulator cannot set up yet (none left: DECIMAL256 and LIST with NULL are in TABLE_CLASSES). */
export const LEFT_OUT: TableClass[] = [];
