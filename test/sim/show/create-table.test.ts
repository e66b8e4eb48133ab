import { describe, expect, it } from 'vitest';
import { showCreateMaterializedView, showCreateTable, showCreateView } from '../../../sim/show/create-table.js';
import { columnNames } from '../../../sim/show/result-set.js';
import { addDb, addTable, addView, col, key, list, newFe, range } from './fixtures.js';

const LAKE_PROPS = [
  '"cloud_native_fast_schema_evolution_v2" = "true"',
  '"compression" = "LZ4"',
  '"datacache.enable" = "true"',
  '"enable_async_write_back" = "false"',
  '"replication_num" = "1"',
  '"storage_volume" = "builtin_storage_volume"',
];

function setup() {
  const fe = newFe();
  const db = addDb(fe, 'shop');
  return { fe, db };
}

const ddlOf = (fe: ReturnType<typeof newFe>, table: string) => showCreateTable(fe, 'shop', table).rows[0]![1]!;

describe('SHOW CREATE TABLE', () => {
  it('prints a DUPLICATE KEY RANGE table exactly, partitions in range order, lake properties sorted', () => {
    const { fe, db } = setup();
    addTable(fe, db, {
      name: 'orders',
      columns: [key('dt', 'date'), key('id', 'bigint(20)'), col('amount', 'decimal(10, 2)', { defaultValue: '0', comment: 'amount "usd"' })],
      partitionInfo: { type: 'RANGE', columns: ['dt'], exprText: null, automatic: false },
      distribution: { type: 'HASH', columns: ['id'], buckets: 8 },
      partitions: [
        { name: 'p2', bound: range(['2024-01-01'], ['2024-02-01']) },
        { name: 'p1', bound: range([null], ['2024-01-01']) },
        { name: 'pmax', bound: range(['2024-02-01'], [null]) },
      ],
    });
    const rs = showCreateTable(fe, 'shop', 'orders');
    expect(columnNames(rs)).toEqual(['Table', 'Create Table']);
    expect(rs.rows[0]![0]).toBe('orders');
    expect(rs.rows[0]![1]).toBe(
      [
        'CREATE TABLE `orders` (',
        '  `dt` date NOT NULL COMMENT "",',
        '  `id` bigint(20) NOT NULL COMMENT "",',
        '  `amount` decimal(10, 2) NULL DEFAULT "0" COMMENT "amount \\"usd\\""',
        ') ENGINE=OLAP ',
        'DUPLICATE KEY(`dt`, `id`)',
        'COMMENT "OLAP"',
        'PARTITION BY RANGE(`dt`)',
        '(PARTITION p1 VALUES [("0000-01-01"), ("2024-01-01")),',
        'PARTITION p2 VALUES [("2024-01-01"), ("2024-02-01")),',
        'PARTITION pmax VALUES [("2024-02-01"), (MAXVALUE)))',
        'DISTRIBUTED BY HASH(`id`) BUCKETS 8 ',
        'PROPERTIES (',
        LAKE_PROPS.join(',\n'),
        ');',
      ].join('\n'),
    );
  });

  it('prints AGGREGATE KEY with aggregation types, single-column LIST partitions and automatic buckets', () => {
    const { fe, db } = setup();
    addTable(fe, db, {
      name: 'agg',
      keysType: 'AGG_KEYS',
      columns: [
        key('city', 'varchar(64)'),
        col('pv', 'bigint(20)', { aggType: 'SUM', nullable: false, defaultValue: '0' }),
        col('last', 'datetime', { aggType: 'REPLACE' }),
        col('u', 'bitmap', { aggType: 'BITMAP_UNION', nullable: false, defaultValue: '' }),
      ],
      partitionInfo: { type: 'LIST', columns: ['city'], exprText: null, automatic: false },
      distribution: { type: 'HASH', columns: ['city'], buckets: 0 },
      properties: { compression: 'zstd(3)', bloom_filter_columns: 'city', enable_load_profile: 'false' },
      comment: 'per city',
      partitions: [
        { name: 'p_bj', bound: list(['beijing'], ['tianjin']), buckets: 4 },
        { name: 'p_sh', bound: list(['shanghai']), buckets: 4 },
      ],
    });
    expect(ddlOf(fe, 'agg')).toBe(
      [
        'CREATE TABLE `agg` (',
        '  `city` varchar(64) NOT NULL COMMENT "",',
        '  `pv` bigint(20) SUM NOT NULL DEFAULT "0" COMMENT "",',
        '  `last` datetime REPLACE NULL COMMENT "",',
        '  `u` bitmap BITMAP_UNION NOT NULL COMMENT ""',
        ') ENGINE=OLAP ',
        'AGGREGATE KEY(`city`)',
        'COMMENT "per city"',
        'PARTITION BY LIST(`city`)(',
        "  PARTITION p_bj VALUES IN ('beijing', 'tianjin'),",
        "  PARTITION p_sh VALUES IN ('shanghai')",
        ')',
        'DISTRIBUTED BY HASH(`city`)',
        'PROPERTIES (',
        '"bloom_filter_columns" = "city",',
        '"cloud_native_fast_schema_evolution_v2" = "true",',
        '"compression" = "ZSTD(3)",',
        '"datacache.enable" = "true",',
        '"enable_async_write_back" = "false",',
        '"replication_num" = "1",',
        '"storage_volume" = "builtin_storage_volume"',
        ');',
      ].join('\n'),
    );
  });

  it('prints UNIQUE KEY without the implicit REPLACE, expression partitioning and multi-column LIST', () => {
    const { fe, db } = setup();
    addTable(fe, db, {
      name: 'uniq',
      keysType: 'UNIQUE_KEYS',
      columns: [key('dt', 'datetime'), key('k', 'int(11)'), col('v', 'varchar(65533)', { aggType: 'REPLACE' })],
      partitionInfo: { type: 'EXPR_RANGE', columns: ['dt'], exprText: "date_trunc('day', dt)", automatic: true },
      distribution: { type: 'HASH', columns: ['k'], buckets: 2 },
      partitions: [{ name: 'p20240101', bound: range(['2024-01-01 00:00:00'], ['2024-01-02 00:00:00']) }],
    });
    const ddl = ddlOf(fe, 'uniq');
    expect(ddl).toContain('  `v` varchar(65533) NULL COMMENT ""\n) ENGINE=OLAP \nUNIQUE KEY(`dt`, `k`)\nCOMMENT "OLAP"\n');
    expect(ddl).toContain("\nPARTITION BY date_trunc('day', dt)\nDISTRIBUTED BY HASH(`k`) BUCKETS 2 \nPROPERTIES (\n");

    addTable(fe, db, {
      name: 'multi',
      columns: [key('a', 'int(11)'), key('b', 'varchar(10)')],
      partitionInfo: { type: 'LIST', columns: ['a', 'b'], exprText: null, automatic: false },
      partitions: [{ name: 'p1', bound: list(['1', 'x'], ['2', 'y']) }],
    });
    expect(ddlOf(fe, 'multi')).toContain("PARTITION BY LIST(`a`,`b`)(\n  PARTITION p1 VALUES IN (('1', 'x'), ('2', 'y'))\n)\n");

    addTable(fe, db, {
      name: 'auto_list',
      columns: [key('a', 'int(11)'), key('b', 'varchar(10)')],
      partitionInfo: { type: 'LIST', columns: ['a', 'b'], exprText: null, automatic: true },
      partitions: [{ name: 'pa1b', bound: list(['1', 'b']) }],
    });
    expect(ddlOf(fe, 'auto_list')).toContain('\nPARTITION BY (`a`,`b`)\nDISTRIBUTED BY');
  });

  it('prints PRIMARY KEY tables without aggregation names, with ORDER BY, AUTO_INCREMENT and persistent index keys', () => {
    const { fe, db } = setup();
    addTable(fe, db, {
      name: 'users',
      keysType: 'PRIMARY_KEYS',
      columns: [
        key('id', 'bigint(20)', { autoIncrement: true }),
        col('name', 'varchar(32)', { aggType: 'REPLACE', comment: 'raw "q"' }),
        col('ts', 'datetime', { nullable: false, defaultValue: 'CURRENT_TIMESTAMP', aggType: 'REPLACE' }),
      ],
      distribution: { type: 'HASH', columns: ['id'], buckets: 4 },
      sortKeys: ['name', 'id'],
    });
    expect(ddlOf(fe, 'users')).toBe(
      [
        'CREATE TABLE `users` (',
        '  `id` bigint(20) NOT NULL AUTO_INCREMENT COMMENT "",',
        '  `name` varchar(32) NULL COMMENT "raw "q"",',
        '  `ts` datetime NOT NULL DEFAULT CURRENT_TIMESTAMP COMMENT ""',
        ') ENGINE=OLAP ',
        'PRIMARY KEY(`id`)',
        'COMMENT "OLAP"',
        'DISTRIBUTED BY HASH(`id`) BUCKETS 4 ',
        'ORDER BY(`name`, `id`)',
        'PROPERTIES (',
        '"cloud_native_fast_schema_evolution_v2" = "true",',
        '"compression" = "LZ4",',
        '"datacache.enable" = "true",',
        '"enable_async_write_back" = "false",',
        '"enable_persistent_index" = "true",',
        '"persistent_index_type" = "CLOUD_NATIVE",',
        '"replication_num" = "1",',
        '"storage_volume" = "builtin_storage_volume"',
        ');',
      ].join('\n'),
    );
  });

  it('prints RANDOM distribution without a trailing space, bitmap indexes and escaped property values', () => {
    const { fe, db } = setup();
    addTable(fe, db, {
      name: 'logs',
      columns: [key('ts', 'datetime'), col('msg', 'varchar(1024)')],
      distribution: { type: 'RANDOM', columns: [], buckets: 6 },
      bitmapIndexes: [{ name: 'idx_msg', columns: ['msg'], comment: 'bm' }],
      properties: { 'labels.location': 'a "b"' },
    });
    const ddl = ddlOf(fe, 'logs');
    expect(ddl).toContain('  `msg` varchar(1024) NULL COMMENT "",\n  INDEX idx_msg (`msg`) USING BITMAP COMMENT \'bm\'\n) ENGINE=OLAP ');
    expect(ddl).toContain('\nDISTRIBUTED BY RANDOM BUCKETS 6\nPROPERTIES (\n');
    expect(ddl).toContain('"labels.location" = "a \\"b\\"",');
    const auto = addTable(fe, db, { name: 'logs2', columns: [key('ts', 'datetime')], distribution: { type: 'RANDOM', columns: [], buckets: 0 } });
    expect(ddlOf(fe, auto.name)).toContain('\nDISTRIBUTED BY RANDOM\nPROPERTIES (\n');
  });

  it('answers views and MVs with their own column sets', () => {
    const { fe, db } = setup();
    addTable(fe, db, { name: 'orders', columns: [key('dt', 'date'), key('id', 'bigint(20)'), col('amount', 'decimal(10, 2)')] });
    addView(fe, db, 'v_orders', 'SELECT `id`, amount AS amt FROM orders', null, 'recent');
    const rs = showCreateView(fe, 'shop', 'v_orders');
    expect(columnNames(rs)).toEqual(['View', 'Create View', 'character_set_client', 'collation_connection']);
    expect(rs.rows[0]).toEqual([
      'v_orders',
      'CREATE VIEW `v_orders` (`id`, `amt`)\nCOMMENT "recent" SECURITY NONE AS SELECT `id`, amount AS amt FROM orders;',
      'utf8',
      'utf8_general_ci',
    ]);
    expect(showCreateTable(fe, 'shop', 'v_orders').rows[0]![1]).toBe(rs.rows[0]![1]);

    addTable(fe, db, {
      name: 'mv_daily',
      columns: [key('dt', 'date'), col('total', 'decimal(38, 2)')],
      distribution: { type: 'HASH', columns: ['dt'], buckets: 2 },
      partitionInfo: { type: 'EXPR_RANGE', columns: ['dt'], exprText: '`dt`', automatic: true },
      properties: { replication_num: '1' },
      mv: {
        query: 'SELECT dt, sum(amount) AS total FROM orders GROUP BY dt',
        refreshType: 'ASYNC',
        refreshClause: 'REFRESH ASYNC EVERY(INTERVAL 1 DAY)',
        isActive: true,
        creator: "'root'@'%'",
      },
    });
    const mv = showCreateMaterializedView(fe, 'shop', 'mv_daily');
    expect(columnNames(mv)).toEqual(['Materialized View', 'Create Materialized View']);
    expect(mv.rows[0]![1]).toBe(
      [
        'CREATE MATERIALIZED VIEW `mv_daily` (`dt`, `total`)',
        'COMMENT "MATERIALIZED_VIEW"',
        'PARTITION BY (`dt`)',
        'DISTRIBUTED BY HASH(`dt`) BUCKETS 2 ',
        'REFRESH ASYNC EVERY(INTERVAL 1 DAY)',
        'PROPERTIES (',
        '"replicated_storage" = "true",',
        '"replication_num" = "1",',
        '"datacache.enable" = "true",',
        '"enable_async_write_back" = "false",',
        '"storage_volume" = "builtin_storage_volume",',
        '"warehouse" = "default_warehouse"',
        ')',
        'AS SELECT dt, sum(amount) AS total FROM orders GROUP BY dt;',
      ].join('\n'),
    );
    expect(() => showCreateView(fe, 'shop', 'orders')).toThrow(/not a view/);
  });

  it('reports unknown tables like the FE', () => {
    const { fe } = setup();
    expect(() => showCreateTable(fe, 'shop', 'nope')).toThrow("Unknown table 'shop.nope'");
    expect(() => showCreateTable(fe, 'nodb', 'x')).toThrow("Unknown database 'nodb'");
  });
});
