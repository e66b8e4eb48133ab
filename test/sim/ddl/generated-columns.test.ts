// Generated columns in CREATE TABLE: accepted shapes, CreateTableAnalyzer's refusals (in its order) and the
// SHOW CREATE TABLE column line; INSERT fills them without input.
import { describe, expect, it } from 'vitest';
import { shapeRows } from '../../../sim/lake/row-input.js';
import { showCreateTable } from '../../../sim/show/create-table.js';
import { errorOf, fixture } from './helpers.js';

const setup = () => {
  const f = fixture();
  f.run('CREATE DATABASE d1');
  return f;
};
const detail = (f: ReturnType<typeof setup>, sql: string) => errorOf(() => f.run(sql)).message;
const show = (f: ReturnType<typeof setup>, t: string) => String(showCreateTable(f.fe, 'd1', t).rows[0]![1]);

describe('generated columns: accepted', () => {
  it('a PRIMARY KEY table with a generated value column prints `AS expr` after NULL', () => {
    const f = setup();
    f.run(
      'CREATE TABLE g (id BIGINT NOT NULL, arr ARRAY<INT> NOT NULL, avg_v DOUBLE AS (array_avg(arr)) COMMENT "avg") PRIMARY KEY (id) DISTRIBUTED BY HASH(id) BUCKETS 2',
    );
    const c = f.table('g').columns[2]!;
    expect(c).toMatchObject({ name: 'avg_v', type: 'double', nullable: true, generatedExpr: 'array_avg(`arr`)' });
    // PRIMARY KEY tables print the expression with bare columns (Column.toSqlWithoutAggregateTypeName; recorded R files).
    expect(show(f, 'g')).toContain('  `avg_v` double NULL AS array_avg(arr) COMMENT "avg"\n');
  });

  it('UNIQUE and DUPLICATE tables; arithmetic keeps the wider integer type; qualified references print bare', () => {
    const f = setup();
    f.run('CREATE TABLE u (id BIGINT NOT NULL, nxt BIGINT AS id + 1) UNIQUE KEY (id) DISTRIBUTED BY HASH(id) BUCKETS 1');
    expect(f.table('u').columns[1]!.generatedExpr).toBe('`id` + 1');
    f.run('CREATE TABLE d (k INT, s VARCHAR(20), up VARCHAR(20) NULL AS upper(d.s), n INT AS k) DUPLICATE KEY(k) DISTRIBUTED BY HASH(k) BUCKETS 1');
    expect(f.table('d').columns.map((c) => c.generatedExpr)).toEqual([undefined, undefined, 'upper(`s`)', '`k`']);
    expect(show(f, 'd')).toContain('`n` int(11) NULL AS `k` COMMENT ""');
  });

  it('an INSERT gives values to the ordinary columns only', () => {
    const f = setup();
    f.run('CREATE TABLE g (id BIGINT NOT NULL, v INT, w INT AS v) PRIMARY KEY (id) DISTRIBUTED BY HASH(id) BUCKETS 1');
    const t = f.table('g');
    expect(shapeRows(t, [[1, 5]])).toEqual([{ id: 1, v: 5, w: null }]);
    expect(shapeRows(t, [{ id: 2 }])).toEqual([{ id: 2, v: null, w: null }]);
    expect(() => shapeRows(t, [[1, 5, 5]])).toThrow("Column count doesn't match value count");
    expect(() => shapeRows(t, [{ id: 3, w: 1 }])).toThrow("generated column 'w' can not be specified");
  });
});

describe('generated columns: refused as StarRocks refuses them', () => {
  const base = (cols: string, keys = 'PRIMARY KEY (id)') =>
    `CREATE TABLE t (id BIGINT NOT NULL, arr ARRAY<INT> NOT NULL, ${cols}) ${keys} DISTRIBUTED BY HASH(id) BUCKETS 3`;
  it.each([
    ['x INT AS (array_avg(arr))', 'Illege expression type for Generated Column Column Type: INT, Expression Type: DOUBLE'],
    ['inc BIGINT AUTO_INCREMENT, x BIGINT AS (inc)', 'Expression can not refers to AUTO_INCREMENT columns'],
    ['x DOUBLE AS (array_avg(arr)), y DOUBLE AS (x)', 'Expression can not refers to other generated columns'],
    ['x BIGINT AS (sum(id))', "Generated Column don't support aggregation function"],
    ['x DOUBLE AS (array_avg(arr)), plain INT', 'All generated columns must be defined after ordinary columns'],
    ['x BIGINT AS (nope + 1)', "Column 'nope' cannot be resolved"],
  ])('%s', (cols, msg) => {
    const f = setup();
    expect(detail(f, base(cols))).toBe(`Getting analyzing error. Detail message: ${msg}.`);
  });

  it('a generated key column and a generated column in an AGGREGATE table', () => {
    const f = setup();
    expect(detail(f, 'CREATE TABLE t (g INT AS (1)) PRIMARY KEY (g) DISTRIBUTED BY HASH(g) BUCKETS 1')).toBe(
      'Getting analyzing error. Detail message: Generated Column can not be KEY.',
    );
    expect(detail(f, 'CREATE TABLE t (k INT, v INT SUM, g INT AS (k)) AGGREGATE KEY (k) DISTRIBUTED BY HASH(k) BUCKETS 1')).toMatch(
      /AGG_KEYS table should specify aggregate type|Generated Column does not support AGG table/,
    );
  });

  it('NOT NULL, DEFAULT and AUTO_INCREMENT before AS are syntax errors', () => {
    const f = setup();
    expect(detail(f, 'CREATE TABLE t (id BIGINT NOT NULL, x DOUBLE NOT NULL AS (1.5)) PRIMARY KEY (id) DISTRIBUTED BY HASH(id)')).toBe(
      'Getting syntax error. Detail message: Generated Column must be nullable column.',
    );
    const sql = 'CREATE TABLE t (id BIGINT NOT NULL, x DOUBLE DEFAULT "1" AS (2)) PRIMARY KEY (id) DISTRIBUTED BY HASH(id)';
    expect(detail(f, sql)).toBe(
      `Getting syntax error at line 1, column ${sql.indexOf(' AS (') + 1}. Detail message: Unexpected input 'AS', the most similar input is {',', ')'}.`,
    );
  });
});
