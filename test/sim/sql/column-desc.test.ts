// columnDesc / rollupDesc of CREATE TABLE and the literals a load of those columns needs.
import { describe, expect, it } from 'vitest';
import { parseAs, parseError } from './helpers.js';

describe('columnDesc', () => {
  it('a generated column keeps its expression; charsets are kept as written', () => {
    const s = parseAs('CREATE TABLE t (a INT, b VARCHAR(10) CHARACTER SET utf8 NULL, g BIGINT NULL AS (a + 1) COMMENT "gen")', 'createTable');
    expect(s.columns[2]).toMatchObject({ name: 'g', nullable: true, comment: 'gen', generated: { text: '(a + 1)' } });
    expect(s.columns[1]!.charset).toBe('utf8');
    expect(s.columns[0]!.generated).toBeUndefined();
  });

  it('a stray token after a column definition is reported at its line and column', () => {
    const e = parseError('CREATE TABLE t (\n  a INT,\n  b INT AUTO_INCREMENT AS (a)\n)');
    expect(e.message).toBe("Getting syntax error at line 3, column 23. Detail message: Unexpected input 'AS', the most similar input is {',', ')'}.");
    expect(parseError('CREATE TABLE t (g INT NOT NULL AS (1))').message).toBe(
      'Getting syntax error. Detail message: Generated Column must be nullable column.',
    );
  });
});

describe('rollupDesc', () => {
  it('ROLLUP (...) follows ORDER BY and precedes PROPERTIES', () => {
    const s = parseAs(
      'CREATE TABLE t (a INT, b INT, c INT) DUPLICATE KEY(a) DISTRIBUTED BY HASH(a) ORDER BY (a) ROLLUP (r1 (b, a), r2 (c) DUPLICATE KEY (c) PROPERTIES ("k" = "v")) PROPERTIES ("replication_num" = "1")',
      'createTable',
    );
    expect(s.rollups).toEqual([
      { name: 'r1', columns: ['b', 'a'], dupKeys: null, fromRollup: null, properties: {} },
      { name: 'r2', columns: ['c'], dupKeys: ['c'], fromRollup: null, properties: { k: 'v' } },
    ]);
    expect(s.properties).toEqual({ replication_num: '1' });
    parseError('CREATE TABLE t (a INT) ROLLUP (r1 (a)) ORDER BY (a)');
  });
});

describe('collection literals in VALUES', () => {
  it('array and map literals become their text', () => {
    const s = parseAs("INSERT INTO t VALUES ([1, 2], [['a'], []], map{1: 'x', 2: 'y'})", 'insert');
    expect(s.rows[0]).toEqual([
      { kind: 'string', value: '[1,2]' },
      { kind: 'string', value: '[["a"],[]]' },
      { kind: 'string', value: '{1:"x",2:"y"}' },
    ]);
  });
});

describe('ALTER TABLE column definitions', () => {
  it('a generated column in ADD/MODIFY COLUMN is refused by the simulator rather than added as an ordinary column', () => {
    expect(parseError('ALTER TABLE t ADD COLUMN g INT AS (a + 1)').message).toMatch(
      /Generated columns in ALTER TABLE are not supported by the simulator/,
    );
    expect(parseError('ALTER TABLE t MODIFY COLUMN g INT AS (a)').message).toMatch(/not supported by the simulator/);
  });
});

describe('AUTO_INCREMENT and generated column flags (AstBuilder.getColumnDef)', () => {
  it('AUTO_INCREMENT makes the column NOT NULL; an explicit NULL is refused at the column name', () => {
    const s = parseAs('CREATE TABLE t (k BIGINT, id BIGINT AUTO_INCREMENT)', 'createTable');
    expect(s.columns[1]).toMatchObject({ autoIncrement: true, nullable: false });
    expect(parseError('CREATE TABLE t (k BIGINT,\n id BIGINT NULL AUTO_INCREMENT)').message).toBe(
      'Getting syntax error at line 2, column 1. Detail message: AUTO_INCREMENT column id must be NOT NULL.',
    );
  });

  it('a generated column cannot be declared KEY', () => {
    expect(parseError('CREATE TABLE t (k INT, g INT KEY AS (k))').message).toBe(
      'Getting syntax error. Detail message: Generated Column can not be KEY.',
    );
  });
});
