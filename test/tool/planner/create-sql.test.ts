import { describe, expect, it } from 'vitest';
import { CreateSqlError, parseCreate, rewriteCreateSql, tokenize } from '../../../src/planner/create-sql.js';
import { defaultBucketPartitionsOnly, foldGeneratedPartitionColumns, repairCreateSql } from '../../../src/planner/show-create-repair.js';
import { part, table } from './fixtures.js';

const PK_TABLE = `CREATE TABLE \`orders\` (
  \`id\` bigint(20) NOT NULL COMMENT "",
  \`dt\` date NOT NULL COMMENT "",
  \`note\` varchar(65533) NULL DEFAULT "x" COMMENT "has \\"quotes\\" and ) parens (",
  INDEX \`idx_note\` (\`note\`) USING BITMAP COMMENT 'PROPERTIES ("storage_volume" = "evil")'
) ENGINE=OLAP 
PRIMARY KEY(\`id\`, \`dt\`)
COMMENT "PROPERTIES ("
PARTITION BY RANGE(\`dt\`)
(PARTITION p20240101 VALUES [("2024-01-01"), ("2024-01-02")))
DISTRIBUTED BY HASH(\`id\`) BUCKETS 8 
PROPERTIES (
"compression" = "LZ4",
"datacache.enable" = "true",
"enable_async_write_back" = "false",
"enable_persistent_index" = "true",
"persistent_index_type" = "LOCAL",
"replication_num" = "1",
"storage_volume" = "ssd_volume"
);`;

describe('tokenize', () => {
  it('keeps quoted identifiers, strings and comments out of structure', () => {
    const toks = tokenize('a `b``c` \'d\\\'e\' "f""g" -- x ( y\n/* ( */ )');
    expect(toks.map((t) => [t.kind, t.value])).toEqual([
      ['word', 'A'],
      ['ident', 'b`c'],
      ['string', "d'e"],
      ['string', 'f"g'],
      ['punct', ')'],
    ]);
  });

  it.each(['`open', "'open", '"open\\"', '/* open'])('rejects unterminated %j', (s) => {
    expect(() => tokenize(s)).toThrow(CreateSqlError);
  });
});

describe('rewriteCreateSql', () => {
  it('qualifies the name and leaves the text alone without property changes', () => {
    const out = rewriteCreateSql(PK_TABLE, { db: 'db1', name: 'orders' });
    expect(out).toBe(PK_TABLE.replace('CREATE TABLE `orders`', 'CREATE TABLE `db1`.`orders`'));
  });

  it('edits only the real PROPERTIES block (not comments or index comments that look like one)', () => {
    const out = rewriteCreateSql(PK_TABLE, {
      db: 'db1',
      name: 'orders',
      properties: () =>
        new Map<string, string | null>([
          ['storage_volume', 'builtin_storage_volume'],
          ['persistent_index_type', 'CLOUD_NATIVE'],
          ['replication_num', '3'],
          ['compression', null],
          ['a_new_key', 'v "q" \\ )'],
        ]),
    });
    expect(out).toContain(`COMMENT 'PROPERTIES ("storage_volume" = "evil")'`);
    expect(out).toContain('COMMENT "PROPERTIES ("');
    expect(out).toContain('COMMENT "has \\"quotes\\" and ) parens ("');
    expect(
      out.endsWith(`PROPERTIES (
"a_new_key" = "v \\"q\\" \\\\ )",
"datacache.enable" = "true",
"enable_async_write_back" = "false",
"enable_persistent_index" = "true",
"persistent_index_type" = "CLOUD_NATIVE",
"replication_num" = "3",
"storage_volume" = "builtin_storage_volume"
);`),
    ).toBe(true);
    expect(out).not.toContain('"compression"');
    // The rewritten text parses again, with the values we set.
    const p = parseCreate(out);
    expect(Object.fromEntries(p.properties!.entries.map((e) => [e.key, e.value]))).toMatchObject({
      a_new_key: 'v "q" \\ )',
      storage_volume: 'builtin_storage_volume',
    });
  });

  it('passes the current properties to the callback', () => {
    let seen: ReadonlyMap<string, string> | null = null;
    rewriteCreateSql(PK_TABLE, {
      db: 'd',
      name: 'orders',
      properties: (cur) => {
        seen = cur;
        return new Map();
      },
    });
    expect(seen!.get('persistent_index_type')).toBe('LOCAL');
    expect(seen!.get('storage_volume')).toBe('ssd_volume');
  });

  it('keeps raw escapes of untouched values byte for byte', () => {
    const sql =
      'CREATE TABLE `t` (\n  `k` int(11) NULL\n) ENGINE=OLAP \nDUPLICATE KEY(`k`)\nPROPERTIES (\n"partition_retention_condition" = "dt > \\"2024-01-01\\"",\n"replication_num" = "1"\n)';
    const out = rewriteCreateSql(sql, { db: 'd', name: 't', properties: () => new Map([['replication_num', '2']]) });
    expect(out).toContain('"partition_retention_condition" = "dt > \\"2024-01-01\\""');
    expect(out).toContain('"replication_num" = "2"');
  });

  it.each([
    ['my table', '`d`.`my table`'],
    ['a`b', '`d`.`a``b`'],
    ['o\'k "x"', '`d`.`o\'k "x"`'],
    ['x.y', '`d`.`x.y`'],
    ['表', '`d`.`表`'],
    ['select', '`d`.`select`'],
  ])('hostile name %j', (name, qualified) => {
    const src = `CREATE TABLE \`${name.replace(/`/g, '``')}\` (\n  \`k\` int(11) NULL\n) ENGINE=OLAP \nDUPLICATE KEY(\`k\`)\nPROPERTIES (\n"replication_num" = "1"\n)`;
    const out = rewriteCreateSql(src, { db: 'd', name, properties: () => new Map([['storage_volume', 'v']]) });
    expect(out.startsWith(`CREATE TABLE ${qualified} (`)).toBe(true);
    expect(out).toContain('"storage_volume" = "v"');
  });

  it('replaces an already qualified or unquoted name', () => {
    expect(rewriteCreateSql('CREATE TABLE src_db.t1 (k int) PROPERTIES ("a" = "b")', { db: 'tgt', name: 't1' })).toBe(
      'CREATE TABLE `tgt`.`t1` (k int) PROPERTIES ("a" = "b")',
    );
    expect(rewriteCreateSql('CREATE TABLE IF NOT EXISTS `x`.`t1` (k int)', { db: 'tgt', name: 't1' })).toBe(
      'CREATE TABLE IF NOT EXISTS `tgt`.`t1` (k int)',
    );
  });

  it('adds a PROPERTIES block when there is none', () => {
    const out = rewriteCreateSql('CREATE TABLE `t` (k int) DISTRIBUTED BY HASH(`k`) BUCKETS 1;', {
      db: 'd',
      name: 't',
      properties: () => new Map([['storage_volume', 'v']]),
    });
    expect(out).toBe('CREATE TABLE `d`.`t` (k int) DISTRIBUTED BY HASH(`k`) BUCKETS 1\nPROPERTIES (\n"storage_volume" = "v"\n);');
  });

  it('views: qualifies the name, finds nothing in the query', () => {
    const sql = 'CREATE VIEW `v` (`k1` COMMENT "PROPERTIES (") COMMENT "" AS SELECT `k1` FROM `db1`.`t` WHERE x = "PROPERTIES (";';
    const p = parseCreate(sql);
    expect(p.objectKind).toBe('view');
    expect(p.properties).toBeNull();
    expect(rewriteCreateSql(sql, { db: 'db 2', name: 'v' })).toBe(sql.replace('CREATE VIEW `v`', 'CREATE VIEW `db 2`.`v`'));
  });

  it('materialized views: edits the PROPERTIES before AS only', () => {
    const sql =
      'CREATE MATERIALIZED VIEW `mv` (`k1`)\nDISTRIBUTED BY HASH(`k1`) BUCKETS 2 \nREFRESH ASYNC START("2024-01-01 00:00:00") EVERY(INTERVAL 1 DAY)\nPROPERTIES (\n"replication_num" = "1",\n"storage_volume" = "ssd"\n)\nAS SELECT * FROM t PROPERTIES;';
    const out = rewriteCreateSql(sql, { db: 'd', name: 'mv', properties: () => new Map([['storage_volume', 'builtin_storage_volume']]) });
    expect(out).toContain('CREATE MATERIALIZED VIEW `d`.`mv` (`k1`)');
    expect(out).toContain('"storage_volume" = "builtin_storage_volume"\n)\nAS SELECT * FROM t PROPERTIES;');
    expect(parseCreate(sql).objectKind).toBe('materialized_view');
  });

  it('materialized view without PROPERTIES: inserts before AS', () => {
    const out = rewriteCreateSql('CREATE MATERIALIZED VIEW `mv` REFRESH ASYNC AS SELECT 1', {
      db: 'd',
      name: 'mv',
      properties: () => new Map([['replication_num', '1']]),
    });
    expect(out).toBe('CREATE MATERIALIZED VIEW `d`.`mv` REFRESH ASYNC PROPERTIES (\n"replication_num" = "1"\n)\nAS SELECT 1');
  });

  it.each([
    ['not a create', 'SELECT 1'],
    ['no name', 'CREATE TABLE ('],
    ['bad properties', 'CREATE TABLE `t` (k int) PROPERTIES ("a" "b")'],
    ['unterminated', 'CREATE TABLE `t'],
    ['unknown object', 'CREATE INDEX i ON t (k)'],
  ])('refuses %s', (_what, sql) => {
    expect(() => rewriteCreateSql(sql, { db: 'd', name: 't' })).toThrow(CreateSqlError);
  });
});

describe('foldGeneratedPartitionColumns (multi-expression partitioning, real 3.x-4.x SHOW CREATE TABLE)', () => {
  it('folds the hidden columns back into PARTITION BY', () => {
    const real = [
      'CREATE TABLE `t` (',
      '  `k1` date NULL COMMENT "",',
      '  `k3` varchar(20) NULL COMMENT "",',
      '  `k4` varchar(20) NULL COMMENT "",',
      '  `__generated_partition_column_0` varchar(1048576) NULL AS substring(`k4`, 1, 5) COMMENT "",',
      '  `__generated_partition_column_1` date NULL AS date_trunc(\'month\', `k1`) COMMENT ""',
      ') ENGINE=OLAP ',
      'DUPLICATE KEY(`k1`)',
      'COMMENT "OLAP"',
      'PARTITION BY (`__generated_partition_column_0`,`k3`,`__generated_partition_column_1`)',
      'DISTRIBUTED BY HASH(`k1`) BUCKETS 3 ',
      'PROPERTIES (\n"replication_num" = "1"\n);',
    ].join('\n');
    const out = foldGeneratedPartitionColumns(real);
    expect(out).not.toContain('__generated_partition_column');
    expect(out).toContain('  `k4` varchar(20) NULL COMMENT ""\n) ENGINE=OLAP ');
    expect(out).toContain("PARTITION BY substring(`k4`, 1, 5), `k3`, date_trunc('month', `k1`)\nDISTRIBUTED BY");
    const plain = 'CREATE TABLE `t` (\n  `a` int NULL COMMENT ""\n) ENGINE=OLAP \nPARTITION BY (`a`)';
    expect(foldGeneratedPartitionColumns(plain)).toBe(plain);
  });
});

describe('index comments printed raw (Index.toSql), every index type', () => {
  it('an NGRAMBF index comment with a quote is re-quoted', () => {
    const text =
      'CREATE TABLE `t` (\n  `k` int(11) NOT NULL COMMENT "",\n  `v` varchar(50) NULL COMMENT "",\n' +
      '  INDEX i_ng (`v`) USING NGRAMBF("bloom_filter_fpp" = "0.05", "case_sensitive" = "true", "gram_num" = "4") COMMENT \'it\'s ngram\',\n' +
      "  INDEX i_bm (`k`) USING BITMAP COMMENT ''\n) ENGINE=OLAP \nDUPLICATE KEY(`k`)";
    const out = repairCreateSql(text, { identifiers: ['t', 'k', 'v'] });
    expect(out).toContain('USING NGRAMBF("bloom_filter_fpp" = "0.05", "case_sensitive" = "true", "gram_num" = "4") COMMENT \'it\\\'s ngram\',\n');
    expect(out).toContain("INDEX `i_bm` (`k`) USING BITMAP COMMENT ''\n");
    expect(() => parseCreate(out)).not.toThrow();
  });
});

describe('dynamic partitioning: SHOW CREATE TABLE prints `PARTITION BY RANGE(`dt`)()`', () => {
  it('the CREATE TABLE sent to the target lists the source partitions (valid SQL)', () => {
    const t = table('d', {
      partitions: [part('p20240101'), part('p20240102', { lower: '2024-01-02', upper: '2024-01-03' })],
      distribution: { type: 'HASH', columns: ['k1'], buckets: 4 },
    });
    const text =
      'CREATE TABLE `d` (\n  `dt` date NOT NULL COMMENT ""\n) ENGINE=OLAP \nDUPLICATE KEY(`dt`)\nCOMMENT "OLAP"\nPARTITION BY RANGE(`dt`)()\nDISTRIBUTED BY HASH(`k1`) BUCKETS 4 \nPROPERTIES (\n"dynamic_partition.enable" = "true"\n);';
    const out = defaultBucketPartitionsOnly(text, t);
    expect(out).toContain(
      'PARTITION BY RANGE(`dt`)\n(PARTITION `p20240101` VALUES [("2024-01-01"), ("2024-01-02")),\nPARTITION `p20240102` VALUES [("2024-01-02"), ("2024-01-03")))\nDISTRIBUTED BY',
    );
    expect(() => parseCreate(out)).not.toThrow();
  });
});

describe('LIST values printed raw in SHOW CREATE TABLE, with or without a blank after the commas', () => {
  it.each([["  PARTITION in VALUES IN ('in','it's'),"], ["  PARTITION in VALUES IN ('in', 'it's'),"]])('%s', (raw) => {
    const value = "('in', 'it's')"; // partitions_meta PARTITION_VALUE
    const p = { ...part('in', { bound: { kind: 'list', values: [['in'], ["it's"]] } }), value };
    const text = `CREATE TABLE \`t\` (\n  \`where\` varchar(10) NOT NULL COMMENT ""\n) ENGINE=OLAP \nPARTITION BY LIST(\`where\`)(\n${raw}\n  PARTITION p_out VALUES IN ('out')\n)\nDISTRIBUTED BY HASH(\`where\`) BUCKETS 1`;
    const out = repairCreateSql(text, { identifiers: ['t', 'where'], partitions: new Map([['in', p]]), partitionColumnCount: 1 });
    expect(out).toContain('  PARTITION `in` VALUES IN ("in", "it\'s"),\n');
    expect(() => parseCreate(out)).not.toThrow();
  });
});
