// Sort keys (ORDER BY), reserved column names and table indexes (BITMAP, NGRAMBF) of CREATE TABLE.
import { describe, expect, it } from 'vitest';
import { showCreateTable } from '../../../sim/show/create-table.js';
import { showIndex } from '../../../sim/show/show-index.js';
import { errorOf, fixture } from './helpers.js';

const setup = () => {
  const f = fixture();
  f.run('CREATE DATABASE d1');
  return f;
};
const message = (f: ReturnType<typeof setup>, sql: string) => errorOf(() => f.run(sql)).message;
const show = (f: ReturnType<typeof setup>, t: string) => String(showCreateTable(f.fe, 'd1', t).rows[0]![1]);

describe('ORDER BY sort keys', () => {
  it('DUPLICATE tables resolve sort columns case-insensitively and print the declared names', () => {
    const f = setup();
    f.run('CREATE TABLE a (k INT, Val BIGINT) DUPLICATE KEY(k) DISTRIBUTED BY HASH(k) BUCKETS 1 ORDER BY (VAL, K)');
    expect(f.table('a').sortKeys).toEqual(['Val', 'k']);
    expect(show(f, 'a')).toContain('ORDER BY(`Val`, `k`)');
  });

  it('a column twice is refused by the executor (raw message), after the analyzer checks', () => {
    const f = setup();
    expect(message(f, 'CREATE TABLE a (k1 INT, k2 INT, v INT) DUPLICATE KEY(k1, k2) DISTRIBUTED BY HASH(k1) ORDER BY (k2, k1, K2)')).toBe(
      'Duplicate sort key column K2 is not allowed.',
    );
    expect(message(f, 'CREATE TABLE a (k1 INT, k2 INT, v INT REPLACE) AGGREGATE KEY(k1, k2) DISTRIBUTED BY HASH(k1) ORDER BY (k2, k1, k1)')).toBe(
      'Duplicate sort key column k1 is not allowed.',
    );
  });

  it('AGGREGATE and UNIQUE tables sort by exactly their key columns, in any order', () => {
    const f = setup();
    f.run('CREATE TABLE ok1 (k1 INT, k2 INT, v INT SUM) AGGREGATE KEY(k1, k2) DISTRIBUTED BY HASH(k1) ORDER BY (k2, k1)');
    expect(f.table('ok1').sortKeys).toEqual(['k2', 'k1']);
    expect(message(f, 'CREATE TABLE a (k1 INT, k2 INT, v INT SUM) AGGREGATE KEY(k1, k2) DISTRIBUTED BY HASH(k1) ORDER BY (k2)')).toBe(
      'Getting analyzing error. Detail message: The sort columns of AGGREGATE KEY table must be same with key columns.',
    );
    expect(message(f, 'CREATE TABLE u (k1 INT, k2 INT, v INT) UNIQUE KEY(k1, k2) DISTRIBUTED BY HASH(k1) ORDER BY (k1, v)')).toBe(
      'Getting analyzing error. Detail message: The sort columns of UNIQUE KEY table must be same with key columns.',
    );
    // The analyzer looks AGGREGATE/UNIQUE/PRIMARY sort columns up by exact name.
    expect(message(f, 'CREATE TABLE u (k1 INT, v INT) UNIQUE KEY(k1) DISTRIBUTED BY HASH(k1) ORDER BY (K1)')).toBe(
      "Getting analyzing error. Detail message: Unknown column 'K1' does not exist.",
    );
  });

  it('PRIMARY KEY sort columns must have a sortable type', () => {
    const f = setup();
    f.run('CREATE TABLE p (id BIGINT, d DATE, v DOUBLE) PRIMARY KEY(id) DISTRIBUTED BY HASH(id) ORDER BY (d)');
    expect(f.table('p').sortKeys).toEqual(['d']);
    expect(message(f, 'CREATE TABLE p2 (id BIGINT, v DOUBLE) PRIMARY KEY(id) DISTRIBUTED BY HASH(id) ORDER BY (v)')).toBe(
      'Getting analyzing error. Detail message: sort key column[v] type not supported: double.',
    );
  });
});

describe('column names', () => {
  it('the generated partition column prefix is reserved for ordinary columns; a/A is a duplicate', () => {
    const f = setup();
    expect(message(f, 'CREATE TABLE t (k INT, __generated_partition_column_x INT)')).toBe(
      'Getting analyzing error. Detail message: Column name [__generated_partition_column_x] starts with __generated_partition_column_ is a system reserved name. Please choose a different one..',
    );
    f.run('CREATE TABLE ok (k INT, __Generated_partition_column_x INT)');
    // A partition column of a multi-expression partitioning may carry the prefix (replayed SHOW CREATE TABLE texts).
    f.run(
      'CREATE TABLE ok2 (k INT, s VARCHAR(8), __generated_partition_column_0 VARCHAR(8) AS substr(s, 1, 2)) PARTITION BY (__generated_partition_column_0)',
    );
    expect(message(f, 'CREATE TABLE t (k INT, __OP INT)')).toBe(
      'Getting analyzing error. Detail message: Column name [__OP] is a system reserved name. Please choose a different one..',
    );
    expect(errorOf(() => f.run('CREATE TABLE t (k INT, __starrocks_shadow_k INT)')).code).toBe(1166);
    const e = errorOf(() => f.run('CREATE TABLE t (a INT, A INT)'));
    expect([e.code, e.message]).toEqual([1060, "Getting analyzing error. Detail message: Duplicate column name 'A'."]);
  });
});

describe('indexes in CREATE TABLE', () => {
  it('NGRAMBF: defaults added, properties printed sorted, SHOW INDEX names the type', () => {
    const f = setup();
    f.run(`CREATE TABLE n (ts DATETIME NOT NULL, name STRING, c CHAR(8), INDEX i1 (name) USING NGRAMBF ("gram_num" = "4"),
           INDEX i2 (C) USING NGRAMBF COMMENT 'chars') PROPERTIES ("replication_num" = "1")`);
    const t = f.table('n');
    expect(t.bitmapIndexes).toEqual([
      {
        name: 'i1',
        columns: ['name'],
        comment: '',
        indexType: 'NGRAMBF',
        properties: { gram_num: '4', bloom_filter_fpp: '0.05', case_sensitive: 'true' },
      },
      {
        name: 'i2',
        columns: ['c'],
        comment: 'chars',
        indexType: 'NGRAMBF',
        properties: { bloom_filter_fpp: '0.05', gram_num: '2', case_sensitive: 'true' },
      },
    ]);
    expect(show(f, 'n')).toContain(
      '  INDEX i1 (`name`) USING NGRAMBF("bloom_filter_fpp" = "0.05", "case_sensitive" = "true", "gram_num" = "4") COMMENT \'\',\n',
    );
    expect(showIndex(f.fe, 'd1', 'n').rows.map((r) => r[10])).toEqual(['NGRAMBF', 'NGRAMBF']);
  });

  it.each([
    ['v INT, INDEX i (v) USING NGRAMBF', "Invalid ngram bloom filter column 'v': unsupported type INT"],
    ['s STRING, INDEX i (s) USING NGRAMBF ("bloom_filter_fpp" = "0.5")', 'Bloom filter fpp should in [1.0E-4, 0.05]'],
    ['s STRING, INDEX i (s) USING NGRAMBF ("bloom_filter_fpp" = "x")', 'Bloom filter fpp is not Double'],
    ['s STRING, INDEX i (s) USING NGRAMBF ("gram_num" = "0")', "Ngram Bloom filter's gram_num should be positive number"],
    ['s STRING, INDEX i (s) USING NGRAMBF ("case_sensitive" = "yes")', "Ngram Bloom filter's case_sensitive should be true or false"],
    ['s STRING, INDEX i (s, k) USING NGRAMBF', 'i index can only apply to a single column.'],
    ['s STRING, INDEX i (s, S)', 'columns of index has duplicated.'],
    ['s STRING, INDEX i (s) USING GIN', 'The inverted index is disabled, enable it by setting FE config `enable_experimental_gin` to true'],
    ['v INT, INDEX i (v) USING GIN', 'The inverted index can only be build on column with type of CHAR/STRING/VARCHAR type.'],
    ['v ARRAY<FLOAT> NOT NULL, INDEX i (v) USING VECTOR', 'The vector index does not support shared data mode'],
    ['f FLOAT, INDEX i (f)', 'FLOAT is not supported in bitmap index. invalid column: f'],
    ['j JSON, INDEX i (j)', 'JSON is not supported in bitmap index. invalid column: j'],
  ])('(k INT, %s) is refused', (cols, msg) => {
    const f = setup();
    expect(message(f, `CREATE TABLE t (k INT, ${cols}) DUPLICATE KEY(k) DISTRIBUTED BY HASH(k) BUCKETS 1`)).toBe(
      `Getting analyzing error. Detail message: ${msg}.`,
    );
  });

  it('errors tied to an index definition carry its position', () => {
    const f = setup();
    const sql = 'CREATE TABLE t (k INT, s STRING,\n  INDEX i (x) COMMENT "c") DUPLICATE KEY(k) DISTRIBUTED BY HASH(k)';
    expect(message(f, sql)).toBe(
      'Getting analyzing error from line 2, column 2 to line 2, column 22. Detail message: i column does not exist in table. invalid column: x.',
    );
    expect(message(f, 'CREATE TABLE t (k INT, s STRING, INDEX i (k), INDEX I (s)) DUPLICATE KEY(k) DISTRIBUTED BY HASH(k)')).toBe(
      'Getting analyzing error from line 1, column 33 to line 1, column 43. Detail message: index name must be unique.',
    );
    expect(message(f, 'CREATE TABLE t (k INT, a BIGINT AUTO_INCREMENT, b INT AUTO_INCREMENT) DUPLICATE KEY(k) DISTRIBUTED BY HASH(k)')).toBe(
      'Getting analyzing error from line 1, column 48 to line 1, column 54. Detail message: The AUTO_INCREMENT column must be BIGINT.',
    );
  });

  it('BITMAP indexes take booleans and decimals; value columns of UNIQUE tables are refused for both types', () => {
    const f = setup();
    f.run(
      'CREATE TABLE b (k INT, ok BOOLEAN, d DECIMAL(10, 2), INDEX i1 (ok), INDEX i2 (d) USING BITMAP) DUPLICATE KEY(k) DISTRIBUTED BY HASH(k) BUCKETS 1',
    );
    expect(show(f, 'b')).toContain("  INDEX i2 (`d`) USING BITMAP COMMENT ''\n");
    expect(message(f, 'CREATE TABLE u (k INT, s STRING, INDEX i (s) USING NGRAMBF) UNIQUE KEY(k) DISTRIBUTED BY HASH(k) BUCKETS 1')).toBe(
      'Getting analyzing error. Detail message: Ngram Bloom filter index only used in columns of DUP_KEYS/PRIMARY table or key columns of UNIQUE_KEYS/AGG_KEYS table. invalid column: s.',
    );
  });
});
