import { describe, expect, it } from 'vitest';
import type { PartitionDesc } from '../../../sim/sql/ast.js';
import { parseAs, parseError } from './helpers.js';

describe('CREATE TABLE', () => {
  it('parses a full table definition', () => {
    const sql = `CREATE TABLE IF NOT EXISTS db1.t1 (
      k1 INT(11) NOT NULL COMMENT "key one",
      k2 VARCHAR(64) KEY NULL,
      v1 BIGINT SUM DEFAULT "0" COMMENT 'sum',
      v2 DECIMAL(10, 2) REPLACE_IF_NOT_NULL,
      v3 HLL HLL_UNION,
      v4 BITMAP BITMAP_UNION,
      v5 PERCENTILE PERCENTILE_UNION,
      INDEX idx_k2 (k2) USING BITMAP COMMENT 'bitmap on k2',
      INDEX idx2 (k1, k2)
    ) ENGINE = OLAP
    AGGREGATE KEY(k1, k2)
    COMMENT 'table comment'
    DISTRIBUTED BY HASH(k1) BUCKETS 8
    ORDER BY (k1, k2)
    PROPERTIES ("replication_num" = "1", 'storage_volume' = 'sv1');`;
    const s = parseAs(sql, 'createTable');
    expect(s).toMatchObject({
      ifNotExists: true,
      name: { db: 'db1', name: 't1' },
      engine: 'olap',
      keys: { keysType: 'AGG_KEYS', columns: ['k1', 'k2'] },
      comment: 'table comment',
      partition: null,
      distribution: { type: 'HASH', columns: ['k1'], buckets: 8, text: 'DISTRIBUTED BY HASH(k1) BUCKETS 8' },
      orderBy: ['k1', 'k2'],
      properties: { replication_num: '1', storage_volume: 'sv1' },
    });
    expect(s.columns.map((c) => [c.name, c.type.text, c.isKey, c.aggType, c.nullable, c.comment])).toEqual([
      ['k1', 'INT(11)', false, null, false, 'key one'],
      ['k2', 'VARCHAR(64)', true, null, true, null],
      ['v1', 'BIGINT', false, 'SUM', null, 'sum'],
      ['v2', 'DECIMAL(10, 2)', false, 'REPLACE_IF_NOT_NULL', null, null],
      ['v3', 'HLL', false, 'HLL_UNION', null, null],
      ['v4', 'BITMAP', false, 'BITMAP_UNION', null, null],
      ['v5', 'PERCENTILE', false, 'PERCENTILE_UNION', null, null],
    ]);
    expect(s.columns[0]!.type).toEqual({ kind: 'scalar', name: 'INT', args: [11], text: 'INT(11)' });
    expect(s.columns[0]!.text).toBe('k1 INT(11) NOT NULL COMMENT "key one"');
    expect(s.columns[2]!.default).toEqual({ kind: 'literal', value: '0', text: '"0"' });
    expect(s.indexes).toEqual([
      { name: 'idx_k2', columns: ['k2'], using: 'BITMAP', comment: 'bitmap on k2', pos: 'from line 9, column 6 to line 9, column 45' },
      { name: 'idx2', columns: ['k1', 'k2'], using: null, comment: null, pos: 'from line 10, column 6 to line 10, column 24' },
    ]);
  });

  it.each([
    ['TINYINT', { kind: 'scalar', name: 'TINYINT', args: [] }],
    ['smallint(6)', { kind: 'scalar', name: 'SMALLINT', args: [6] }],
    ['INTEGER', { kind: 'scalar', name: 'INT', args: [] }],
    ['largeint', { kind: 'scalar', name: 'LARGEINT', args: [] }],
    ['BOOLEAN', { kind: 'scalar', name: 'BOOLEAN', args: [] }],
    ['FLOAT', { kind: 'scalar', name: 'FLOAT', args: [] }],
    ['DOUBLE', { kind: 'scalar', name: 'DOUBLE', args: [] }],
    ['DECIMAL', { kind: 'scalar', name: 'DECIMAL', args: [] }],
    ['DECIMAL(27)', { kind: 'scalar', name: 'DECIMAL', args: [27] }],
    ['DECIMALV2(10,3)', { kind: 'scalar', name: 'DECIMALV2', args: [10, 3] }],
    ['DECIMAL32(9,2)', { kind: 'scalar', name: 'DECIMAL32', args: [9, 2] }],
    ['decimal64(18, 4)', { kind: 'scalar', name: 'DECIMAL64', args: [18, 4] }],
    ['DECIMAL128(38,10)', { kind: 'scalar', name: 'DECIMAL128', args: [38, 10] }],
    ['DATE', { kind: 'scalar', name: 'DATE', args: [] }],
    ['DATETIME', { kind: 'scalar', name: 'DATETIME', args: [] }],
    ['CHAR', { kind: 'scalar', name: 'CHAR', args: [] }],
    ['CHAR(10)', { kind: 'scalar', name: 'CHAR', args: [10] }],
    ['VARCHAR', { kind: 'scalar', name: 'VARCHAR', args: [] }],
    ['STRING', { kind: 'scalar', name: 'STRING', args: [] }],
    ['BINARY', { kind: 'scalar', name: 'BINARY', args: [] }],
    ['VARBINARY(100)', { kind: 'scalar', name: 'VARBINARY', args: [100] }],
    ['JSON', { kind: 'scalar', name: 'JSON', args: [] }],
    ['ARRAY<INT>', { kind: 'array', element: { kind: 'scalar', name: 'INT' } }],
    ['ARRAY<ARRAY<VARCHAR(10)>>', { kind: 'array', element: { kind: 'array', element: { name: 'VARCHAR', args: [10], text: 'VARCHAR(10)' } } }],
    ['MAP<INT, STRING>', { kind: 'map', key: { name: 'INT' }, value: { name: 'STRING' } }],
    [
      'STRUCT<a INT, `b c` ARRAY<DATE>>',
      {
        kind: 'struct',
        fields: [
          { name: 'a', type: { name: 'INT' } },
          { name: 'b c', type: { kind: 'array' } },
        ],
      },
    ],
  ])('type %s', (type, expected) => {
    const s = parseAs(`CREATE TABLE t (c ${type})`, 'createTable');
    expect(s.columns[0]!.type).toMatchObject({ ...expected, text: type });
  });

  it.each([
    ['DEFAULT "abc"', { kind: 'literal', value: 'abc', text: '"abc"' }],
    ["DEFAULT 'it''s'", { kind: 'literal', value: "it's", text: "'it''s'" }],
    ['DEFAULT 10', { kind: 'literal', value: '10', text: '10' }],
    ['DEFAULT -1.5', { kind: 'literal', value: '-1.5', text: '-1.5' }],
    ['DEFAULT NULL', { kind: 'literal', value: null, text: 'NULL' }],
    ['DEFAULT CURRENT_TIMESTAMP', { kind: 'currentTimestamp', text: 'CURRENT_TIMESTAMP' }],
    ['DEFAULT current_timestamp()', { kind: 'currentTimestamp', text: 'current_timestamp()' }],
    ['DEFAULT (uuid())', { kind: 'expr', text: 'uuid()', expr: { kind: 'call', name: 'uuid', args: [] } }],
  ])('column %s', (clause, expected) => {
    const s = parseAs(`CREATE TABLE t (c VARCHAR(10) NOT NULL ${clause} COMMENT 'x')`, 'createTable');
    expect(s.columns[0]!.default).toMatchObject(expected);
    expect(s.columns[0]!.comment).toBe('x');
  });

  it('parses AUTO_INCREMENT and PRIMARY KEY', () => {
    const s = parseAs('CREATE TABLE t (id BIGINT NOT NULL AUTO_INCREMENT, v INT) PRIMARY KEY (id) DISTRIBUTED BY HASH(id)', 'createTable');
    expect(s.columns[0]).toMatchObject({ autoIncrement: true, nullable: false, default: null });
    expect(s.keys).toEqual({ keysType: 'PRIMARY_KEYS', columns: ['id'] });
    expect(s.distribution).toMatchObject({ type: 'HASH', columns: ['id'], buckets: null });
  });

  it.each([
    ['DUPLICATE KEY(a)', 'DUP_KEYS'],
    ['UNIQUE KEY(a)', 'UNIQUE_KEYS'],
  ])('keys %s', (clause, keysType) => {
    expect(parseAs(`CREATE TABLE t (a INT) ${clause}`, 'createTable').keys).toEqual({ keysType, columns: ['a'] });
  });

  it('parses RANDOM distribution with and without buckets', () => {
    expect(parseAs('CREATE TABLE t (a INT) DISTRIBUTED BY RANDOM', 'createTable').distribution).toEqual({
      type: 'RANDOM',
      columns: [],
      buckets: null,
      text: 'DISTRIBUTED BY RANDOM',
      pos: 'from line 1, column 23 to line 1, column 38',
    });
    expect(parseAs('CREATE TABLE t (a INT) DISTRIBUTED BY RANDOM BUCKETS 3', 'createTable').distribution?.buckets).toBe(3);
  });

  it('keeps a partition key value with both quote styles and escapes', () => {
    const s = parseAs(`CREATE TABLE t (a VARCHAR(10)) PARTITION BY LIST(a) (PARTITION p1 VALUES IN ('x''y', "z\\"w"))`, 'createTable');
    expect(s.partition).toMatchObject({ kind: 'list', items: [{ values: [["x'y"], ['z"w']] }] });
  });
});

describe('partition clauses', () => {
  const partitionOf = (clause: string): PartitionDesc => {
    const s = parseAs(`CREATE TABLE t (dt DATE, c VARCHAR(10), k INT) DUPLICATE KEY(dt) ${clause} DISTRIBUTED BY HASH(k)`, 'createTable');
    expect(s.partition).not.toBeNull();
    expect(s.partition!.text).toBe(clause);
    expect(s.distribution?.type).toBe('HASH');
    return s.partition!;
  };

  it('RANGE with LESS THAN, MAXVALUE, fixed range, properties and IF NOT EXISTS', () => {
    const p = partitionOf(
      'PARTITION BY RANGE(dt, k) (PARTITION p1 VALUES LESS THAN ("2024-01-01", "10"), ' +
        'PARTITION IF NOT EXISTS p2 VALUES LESS THAN ("2024-02-01", MAXVALUE) ("storage_medium" = "SSD"), ' +
        'PARTITION p3 VALUES [("2024-02-01", "0"), ("2024-03-01", "0")), PARTITION pmax VALUES LESS THAN MAXVALUE)',
    );
    expect(p).toMatchObject({
      kind: 'range',
      columns: ['dt', 'k'],
      expr: null,
      items: [
        { kind: 'lessThan', name: 'p1', ifNotExists: false, upper: ['2024-01-01', '10'], isMaxValue: false, properties: {} },
        { kind: 'lessThan', name: 'p2', ifNotExists: true, upper: ['2024-02-01', null], properties: { storage_medium: 'SSD' } },
        { kind: 'fixedRange', name: 'p3', lower: ['2024-02-01', '0'], upper: ['2024-03-01', '0'] },
        { kind: 'lessThan', name: 'pmax', upper: [], isMaxValue: true, text: 'PARTITION pmax VALUES LESS THAN MAXVALUE' },
      ],
    });
  });

  it('RANGE batch START .. END .. EVERY with an interval and a number', () => {
    const p = partitionOf(
      'PARTITION BY RANGE(dt) (START ("2024-01-01") END ("2024-02-01") EVERY (INTERVAL 1 DAY), ' +
        'START ("2024-02-01") END ("2024-06-01") EVERY (interval 1 month))',
    );
    expect(p).toMatchObject({
      kind: 'range',
      items: [
        { kind: 'batch', start: ['2024-01-01'], end: ['2024-02-01'], every: { value: 1, unit: 'DAY', text: 'INTERVAL 1 DAY' } },
        { kind: 'batch', every: { value: 1, unit: 'MONTH', text: 'interval 1 month' } },
      ],
    });
    const n = partitionOf('PARTITION BY RANGE(k) (START ("1") END ("100") EVERY (10))');
    expect(n).toMatchObject({ items: [{ kind: 'batch', start: ['1'], end: ['100'], every: { value: 10, unit: null, text: '10' } }] });
  });

  it('empty RANGE partition list', () => {
    expect(partitionOf('PARTITION BY RANGE(dt) ()')).toMatchObject({ kind: 'range', items: [] });
  });

  it('RANGE over an expression', () => {
    const p = partitionOf('PARTITION BY RANGE(str2date(c, \'%Y-%m-%d\')) (PARTITION p1 VALUES LESS THAN ("2024-01-01"))');
    expect(p).toMatchObject({
      kind: 'range',
      columns: ['c'],
      expr: { text: "str2date(c, '%Y-%m-%d')", expr: { kind: 'call', name: 'str2date' } },
      items: [{ kind: 'lessThan', name: 'p1' }],
    });
  });

  it('LIST with single and multi-column values (and NULL)', () => {
    expect(partitionOf('PARTITION BY LIST(c) (PARTITION p1 VALUES IN ("a", "b"), PARTITION p2 VALUES IN (NULL))')).toMatchObject({
      kind: 'list',
      columns: ['c'],
      items: [
        { kind: 'list', name: 'p1', values: [['a'], ['b']] },
        { kind: 'list', name: 'p2', values: [[null]] },
      ],
    });
    expect(partitionOf('PARTITION BY LIST(c, k) (PARTITION p1 VALUES IN (("a", "1"), ("b", "2")))')).toMatchObject({
      kind: 'list',
      columns: ['c', 'k'],
      items: [
        {
          values: [
            ['a', '1'],
            ['b', '2'],
          ],
        },
      ],
    });
  });

  it('expression partitioning by date_trunc / time_slice', () => {
    expect(partitionOf("PARTITION BY date_trunc('day', dt)")).toMatchObject({
      kind: 'expr',
      columns: ['dt'],
      items: [],
      exprs: [
        {
          text: "date_trunc('day', dt)",
          expr: {
            kind: 'call',
            name: 'date_trunc',
            args: [
              { kind: 'string', value: 'day' },
              { kind: 'column', name: 'dt' },
            ],
          },
        },
      ],
    });
    expect(partitionOf('PARTITION BY time_slice(dt, INTERVAL 7 day)')).toMatchObject({
      kind: 'expr',
      columns: ['dt'],
      exprs: [
        { text: 'time_slice(dt, INTERVAL 7 day)', expr: { args: [{}, { kind: 'interval', unit: 'DAY', value: { kind: 'number', text: '7' } }] } },
      ],
    });
  });

  it.each([
    ['PARTITION BY c', ['c']],
    ['PARTITION BY (c, k)', ['c', 'k']],
    ['PARTITION BY c, k', ['c', 'k']],
    ['PARTITION BY LIST (c)', ['c']],
  ])('column expression partitioning: %s', (clause, columns) => {
    const p = partitionOf(clause);
    expect(p).toMatchObject({ kind: 'expr', columns, items: [] });
    if (p.kind === 'expr') expect(p.exprs.map((e) => e.text)).toEqual(columns);
  });

  it('mixed function and column expression partitioning', () => {
    const p = partitionOf("PARTITION BY date_trunc('month', dt), c");
    expect(p).toMatchObject({ kind: 'expr', columns: ['dt', 'c'] });
    if (p.kind === 'expr') expect(p.exprs.map((e) => e.text)).toEqual(["date_trunc('month', dt)", 'c']);
  });

  it('keeps backquoted column texts in expression partitions', () => {
    const p = partitionOf('PARTITION BY (`c`, `k`)');
    if (p.kind !== 'expr') throw new Error('expected expr');
    expect(p.exprs.map((e) => e.text)).toEqual(['`c`', '`k`']);
  });

  it.each([
    'PARTITION BY RANGE(dt) (PARTITION p1 VALUES LESS THAN (20240101))',
    'PARTITION BY RANGE(dt) (PARTITION p1 VALUES IN ("a"))',
    'PARTITION BY LIST(c) (PARTITION p1 VALUES LESS THAN ("a"))',
    'PARTITION BY RANGE(dt) (START ("a") END ("b"))',
    'PARTITION BY RANGE(dt) (PARTITION p1 VALUES [("a"), ("b")])',
    'PARTITION BY c + 1',
  ])('rejects %s', (clause) => {
    expect(parseError(`CREATE TABLE t (dt DATE, c INT) ${clause}`).code).toBe(1064);
  });
});

describe('hostile identifiers', () => {
  it.each([
    ['`my table`', 'my table'],
    ['`a``b`', 'a`b'],
    ['`a.b`', 'a.b'],
    ["`it's`", "it's"],
    ['`"q"`', '"q"'],
    ['`select`', 'select'],
    ['`order`', 'order'],
    ['`表格`', '表格'],
    ['表格', '表格'],
    ['`-- not a comment`', '-- not a comment'],
    ['comment', 'comment'],
    ['`1`', '1'],
  ])('table and column named %s', (quoted, name) => {
    const s = parseAs(
      `CREATE TABLE ${quoted}.${quoted} (${quoted} INT, INDEX ${quoted} (${quoted})) DUPLICATE KEY(${quoted}) DISTRIBUTED BY HASH(${quoted})`,
      'createTable',
    );
    expect(s.name).toEqual({ db: name, name });
    expect(s.columns[0]!.name).toBe(name);
    expect(s.indexes[0]).toMatchObject({ name, columns: [name] });
    expect(s.keys?.columns).toEqual([name]);
    expect(s.distribution?.columns).toEqual([name]);
  });

  it.each(['select', 'order', 'table', 'key', 'partition', 'index', 'range'])('bare reserved word %s is rejected', (word) => {
    expect(parseError(`CREATE TABLE ${word} (a INT)`).code).toBe(1064);
    expect(parseError(`CREATE TABLE t (${word} INT)`).code).toBe(1064);
  });
});

describe('DROP / TRUNCATE / INDEX', () => {
  it.each([
    ['DROP TABLE t', { ifExists: false, name: { db: null, name: 't' }, force: false }],
    ['drop table if exists `d`.`t` force;', { ifExists: true, name: { db: 'd', name: 't' }, force: true }],
  ])('%s', (sql, expected) => {
    expect(parseAs(sql, 'dropTable')).toEqual({ kind: 'dropTable', ...expected });
  });

  it.each([
    ['TRUNCATE TABLE t', null],
    ['TRUNCATE TABLE d.t PARTITION (p1, `p 2`)', ['p1', 'p 2']],
    ['TRUNCATE TABLE d.t PARTITION p1', ['p1']],
  ])('%s', (sql, partitions) => {
    expect(parseAs(sql, 'truncateTable').partitions).toEqual(partitions);
  });

  it('CREATE INDEX / DROP INDEX', () => {
    expect(parseAs("CREATE INDEX idx ON d.t (a, b) USING BITMAP COMMENT 'c'", 'createIndex')).toEqual({
      kind: 'createIndex',
      table: { db: 'd', name: 't' },
      index: { name: 'idx', columns: ['a', 'b'], using: 'BITMAP', comment: 'c' },
    });
    expect(parseAs('DROP INDEX idx ON t', 'dropIndex')).toEqual({ kind: 'dropIndex', name: 'idx', table: { db: null, name: 't' } });
  });
});

describe('ALTER TABLE', () => {
  const clausesOf = (sql: string) => parseAs(sql, 'alterTable').clauses;

  it('ADD PARTITION forms', () => {
    expect(clausesOf('ALTER TABLE d.t ADD PARTITION p1 VALUES LESS THAN ("2024-01-01")')).toMatchObject([
      { kind: 'addPartition', temporary: false, item: { kind: 'lessThan', name: 'p1', upper: ['2024-01-01'] }, distribution: null, properties: {} },
    ]);
    expect(
      clausesOf(
        'ALTER TABLE t ADD PARTITION IF NOT EXISTS p2 VALUES [("1"), ("5")) ("k" = "v") DISTRIBUTED BY HASH(a) BUCKETS 3 PROPERTIES ("x" = "y")',
      ),
    ).toMatchObject([
      {
        kind: 'addPartition',
        item: { kind: 'fixedRange', ifNotExists: true, lower: ['1'], upper: ['5'], properties: { k: 'v' } },
        distribution: { type: 'HASH', columns: ['a'], buckets: 3 },
        properties: { x: 'y' },
      },
    ]);
    expect(clausesOf('ALTER TABLE t ADD PARTITION p3 VALUES IN ("a", "b")')).toMatchObject([
      { kind: 'addPartition', item: { kind: 'list', name: 'p3', values: [['a'], ['b']] } },
    ]);
    expect(clausesOf('ALTER TABLE t ADD TEMPORARY PARTITION tp VALUES LESS THAN MAXVALUE')).toMatchObject([
      { kind: 'addPartition', temporary: true, item: { kind: 'lessThan', isMaxValue: true } },
    ]);
    expect(clausesOf('ALTER TABLE t ADD PARTITIONS START ("2024-01-01") END ("2024-01-05") EVERY (INTERVAL 1 DAY)')).toMatchObject([
      { kind: 'addPartition', item: { kind: 'batch', start: ['2024-01-01'], end: ['2024-01-05'], every: { value: 1, unit: 'DAY' } } },
    ]);
  });

  it('DROP PARTITION', () => {
    expect(clausesOf('ALTER TABLE t DROP PARTITION IF EXISTS p1 FORCE')).toEqual([
      { kind: 'dropPartition', temporary: false, ifExists: true, name: 'p1', force: true },
    ]);
    expect(clausesOf('ALTER TABLE t DROP TEMPORARY PARTITION p1')).toEqual([
      { kind: 'dropPartition', temporary: true, ifExists: false, name: 'p1', force: false },
    ]);
  });

  it('column clauses', () => {
    expect(clausesOf('ALTER TABLE t ADD COLUMN c INT DEFAULT "1" AFTER b TO r1')).toMatchObject([
      { kind: 'addColumn', column: { name: 'c', default: { value: '1' } }, position: { kind: 'after', column: 'b' }, rollup: 'r1' },
    ]);
    expect(clausesOf('ALTER TABLE t ADD COLUMN c INT FIRST')).toMatchObject([{ kind: 'addColumn', position: { kind: 'first' }, rollup: null }]);
    expect(clausesOf('ALTER TABLE t ADD COLUMN (c1 INT, c2 VARCHAR(10) COMMENT "x")')).toMatchObject([
      { kind: 'addColumns', columns: [{ name: 'c1' }, { name: 'c2', comment: 'x' }], rollup: null },
    ]);
    expect(clausesOf('ALTER TABLE t DROP COLUMN c1, DROP COLUMN `c 2`')).toEqual([
      { kind: 'dropColumn', name: 'c1', rollup: null, properties: {} },
      { kind: 'dropColumn', name: 'c 2', rollup: null, properties: {} },
    ]);
    expect(clausesOf('ALTER TABLE t ADD COLUMN a INT, ADD COLUMN b INT')).toHaveLength(2);
    expect(clausesOf('ALTER TABLE t MODIFY COLUMN c BIGINT NULL COMMENT "wider" AFTER a')).toMatchObject([
      { kind: 'modifyColumn', column: { name: 'c', type: { name: 'BIGINT' }, nullable: true }, position: { kind: 'after', column: 'a' } },
    ]);
    expect(clausesOf('ALTER TABLE t RENAME COLUMN a TO b')).toEqual([{ kind: 'renameColumn', oldName: 'a', newName: 'b' }]);
  });

  it('table-level clauses', () => {
    expect(clausesOf('ALTER TABLE t SET ("replication_num" = "1", "x" = "y")')).toEqual([
      { kind: 'setProperties', properties: { replication_num: '1', x: 'y' } },
    ]);
    expect(clausesOf('ALTER TABLE t RENAME t2')).toEqual([{ kind: 'rename', newName: 't2' }]);
    expect(clausesOf("ALTER TABLE t COMMENT = 'c'")).toEqual([{ kind: 'setComment', comment: 'c' }]);
    expect(clausesOf('ALTER TABLE t ORDER BY (a, b)')).toEqual([{ kind: 'orderBy', columns: ['a', 'b'] }]);
    expect(clausesOf("ALTER TABLE t ADD INDEX i1 (a) USING BITMAP COMMENT 'x'")).toEqual([
      { kind: 'addIndex', index: { name: 'i1', columns: ['a'], using: 'BITMAP', comment: 'x' } },
    ]);
    expect(clausesOf('ALTER TABLE t DROP INDEX i1')).toEqual([{ kind: 'dropIndex', name: 'i1' }]);
  });

  it.each([
    'ALTER TABLE t',
    'ALTER TABLE t ADD',
    'ALTER TABLE t SWAP WITH t2',
    'ALTER TABLE t RENAME PARTITION p1 p2',
    'ALTER TABLE t SET "a" = "b"',
    'ALTER TABLE t ADD COLUMN',
  ])('rejects %s', (sql) => {
    expect(parseError(sql).code).toBe(1064);
  });
});
