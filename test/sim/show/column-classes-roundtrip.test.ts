// SHOW CREATE TABLE of tables with generated columns, function defaults, NGRAMBF/BITMAP indexes, complex types and
// sort keys replays to the same text (what srsync does when it re-creates a source table on the target).
import { describe, expect, it } from 'vitest';
import { showCreateTable } from '../../../sim/show/create-table.js';
import { fixture } from '../ddl/helpers.js';

const TABLES = [
  `CREATE TABLE g (id BIGINT NOT NULL, arr ARRAY<INT> NOT NULL, s VARCHAR(40) DEFAULT (uuid()) COMMENT "say 'hi'",
     mc DOUBLE AS (array_avg(arr)), up VARCHAR(40) AS upper(s)) PRIMARY KEY (id) DISTRIBUTED BY HASH(id) BUCKETS 3 ORDER BY (id)`,
  `CREATE TABLE n (k INT COMMENT 'the "key" column', name STRING, m MAP<INT, STRUCT<a INT, b ARRAY<VARCHAR(3)>>>, d DECIMAL(20, 4) DEFAULT "1.5",
     INDEX ng (name) USING NGRAMBF ("gram_num" = "3", "case_sensitive" = "false") COMMENT 'n-gram', INDEX bm (k))
     DUPLICATE KEY(k) DISTRIBUTED BY HASH(k) BUCKETS 2 ORDER BY (name, k)`,
  `CREATE TABLE a (k1 INT, k2 VARCHAR(10), v BIGINT SUM, r VARCHAR(20) REPLACE) AGGREGATE KEY(k1, k2) DISTRIBUTED BY HASH(k1) BUCKETS 1 ORDER BY (k2, k1)`,
];

describe('SHOW CREATE TABLE of the column classes replays unchanged', () => {
  it.each(TABLES)('%s', (sql) => {
    const first = fixture();
    first.run('CREATE DATABASE d1');
    first.run(sql);
    const name = [...first.db().tables.keys()][0]!;
    const text = String(showCreateTable(first.fe, 'd1', name).rows[0]![1]);
    const second = fixture();
    second.run('CREATE DATABASE d1');
    second.run(text);
    expect(String(showCreateTable(second.fe, 'd1', name).rows[0]![1])).toBe(text);
  });

  it('prints the column and index lines as StarRocks does', () => {
    const f = fixture();
    f.run('CREATE DATABASE d1');
    f.run(TABLES[1]!);
    const text = String(showCreateTable(f.fe, 'd1', 'n').rows[0]![1]);
    expect(text).toContain('  `m` map<int(11),struct<a int(11), b array<varchar(3)>>> NULL COMMENT "",\n');
    expect(text).toContain(
      '  INDEX ng (`name`) USING NGRAMBF("bloom_filter_fpp" = "0.05", "case_sensitive" = "false", "gram_num" = "3") COMMENT \'n-gram\',\n',
    );
    expect(text).toContain("  INDEX bm (`k`) USING BITMAP COMMENT ''\n) ENGINE=OLAP ");
    expect(text).toContain('\nORDER BY(`name`, `k`)\n');
  });
});
