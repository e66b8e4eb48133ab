// Column types of CREATE TABLE: TypeDef.analyze's range rules and messages, complex type rules, printing.
import { describe, expect, it } from 'vitest';
import { errorOf, fixture } from './helpers.js';

const setup = () => {
  const f = fixture();
  f.run('CREATE DATABASE d1');
  return f;
};
const one = (type: string) => `CREATE TABLE t (k INT, v ${type}) DUPLICATE KEY(k) DISTRIBUTED BY HASH(k) BUCKETS 1`;

describe('column types', () => {
  it.each([
    ['CHAR(0)', 'char(1)'],
    ['VARCHAR(0)', 'varchar(1)'],
    ['CHAR(255)', 'char(255)'],
    ['VARCHAR(1048576)', 'varchar(1048576)'],
    ['DECIMAL(38, 38)', 'decimal(38, 38)'],
    ['DECIMAL32(9, 2)', 'decimal(9, 2)'],
    ['DECIMAL256(76, 10)', 'decimal(76, 10)'],
    ['DECIMAL(50, 2)', 'decimal(50, 2)'],
    ['DECIMAL(0)', 'decimal(1, 0)'],
    ['VARBINARY(16)', 'varbinary(16)'],
    ['MAP<VARCHAR(8), ARRAY<STRUCT<a INT, b DECIMAL(10, 2)>>>', 'map<varchar(8),array<struct<a int(11), b decimal(10, 2)>>>'],
  ])('%s is printed %s', (type, printed) => {
    const f = setup();
    f.run(one(type));
    expect(f.table('t').columns[1]!.type).toBe(printed);
  });

  it.each([
    ['CHAR(256)', 'Char size must be <= 255: 256'],
    ['VARCHAR(1048577)', 'Varchar size must be <= 1048576: 1048577'],
    ['DECIMAL(77, 2)', "DECIMAL's precision should range from 1 to 76"],
    ['DECIMAL64(19, 2)', "DECIMAL's precision should range from 1 to 18"],
    ['DECIMAL32(10)', "DECIMAL's precision should range from 1 to 9"],
    ['DECIMAL(10, 11)', 'DECIMAL(P[,S]) type P must be greater than or equal to the value of S'],
    ['ARRAY<BITMAP>', 'Invalid data type: array<bitmap>'],
    ['ARRAY<ARRAY<HLL>>', 'Invalid data type: array<array<hll>>'],
    ['MAP<ARRAY<INT>, INT>', "Invalid map.key's type: array<int(11)>, which should be base types"],
    ['MAP<JSON, INT>', "Invalid map.key's type: json, which should be base types"],
  ])('%s is refused', (type, msg) => {
    expect(errorOf(() => setup().run(one(type))).message).toBe(`Getting analyzing error. Detail message: ${msg}.`);
  });

  it('DECIMAL(p) is DECIMAL64 up to precision 18, DECIMAL128 up to 38 and DECIMAL256 beyond (messages name the type)', () => {
    const f = setup();
    const keyOf = (type: string) => errorOf(() => f.run(`CREATE TABLE t (k ${type}, v INT) PRIMARY KEY(k) DISTRIBUTED BY HASH(k)`)).message;
    expect(keyOf('DECIMAL(5, 2)')).toBe('Getting analyzing error. Detail message: primary key column[k] type not supported: decimal(5, 2).');
    expect(errorOf(() => f.run('CREATE TABLE t (k FLOAT, v INT)')).message).toBe(
      'Getting analyzing error. Detail message: Data type of first column cannot be FLOAT.',
    );
    expect(errorOf(() => f.run('CREATE TABLE t (k JSON, v INT)')).message).toBe(
      'Getting analyzing error. Detail message: Data type of first column cannot be JSON.',
    );
    f.run('CREATE TABLE ok (d DECIMAL(5, 2), e DECIMAL(30, 2), g DECIMAL(60, 2), v INT) DUPLICATE KEY(d, e, g) DISTRIBUTED BY HASH(v)');
    expect(f.table('ok').columns.map((c) => c.type)).toEqual(['decimal(5, 2)', 'decimal(30, 2)', 'decimal(60, 2)', 'int(11)']);
  });

  it('complex, JSON, float and metric types cannot be keys', () => {
    const f = setup();
    expect(errorOf(() => f.run('CREATE TABLE t (a ARRAY<INT>, b INT) DUPLICATE KEY(a) DISTRIBUTED BY HASH(b)')).message).toBe(
      "Getting analyzing error. Detail message: Invalid data type of key column 'a': 'ARRAY<INT>'.",
    );
    expect(errorOf(() => f.run('CREATE TABLE t (a DOUBLE, b INT) DUPLICATE KEY(a) DISTRIBUTED BY HASH(b)')).message).toBe(
      "Getting analyzing error. Detail message: Invalid data type of key column 'a': 'DOUBLE', use decimal instead.",
    );
    expect(errorOf(() => f.run('CREATE TABLE t (a INT, b BITMAP) DUPLICATE KEY(a) DISTRIBUTED BY HASH(a)')).message).toBe(
      "Getting analyzing error. Detail message: No aggregate function specified for 'b'.",
    );
  });
});

describe('aggregate functions per type (AggregateType compatibility map)', () => {
  const agg = (col: string) => `CREATE TABLE t (k INT, ${col}) AGGREGATE KEY(k) DISTRIBUTED BY HASH(k) BUCKETS 1`;
  it.each([
    'v INT SUM',
    'v LARGEINT SUM',
    'v DOUBLE SUM',
    'v DECIMAL(5, 2) SUM',
    'v DATE MAX',
    'v VARCHAR(5) MIN',
    'v JSON REPLACE',
    'v ARRAY<INT> REPLACE_IF_NOT_NULL',
    'v BITMAP REPLACE_IF_NOT_NULL',
    'v HLL HLL_UNION',
    'v PERCENTILE PERCENTILE_UNION',
  ])('%s is accepted', (col) => {
    const f = setup();
    f.run(agg(col));
    expect(f.table('t').columns[1]!.aggType).toBe(col.split(' ').pop());
  });

  it.each(['v TINYINT SUM', 'v SMALLINT SUM', 'v BOOLEAN MAX', 'v JSON MIN', 'v HLL REPLACE_IF_NOT_NULL', 'v INT BITMAP_UNION', 'v ARRAY<INT> MAX'])(
    '%s is refused',
    (col) => {
      expect(errorOf(() => setup().run(agg(col))).message).toBe(
        `Getting analyzing error. Detail message: Invalid aggregate function '${col.split(' ').pop()}' for 'v'.`,
      );
    },
  );

  it('with legacy compatibility an explicit DECIMAL32 SUM is not widened and is refused; DECIMAL(9, 2) is DECIMAL64', () => {
    const f = setup();
    f.fe.config.set('enable_legacy_compatibility_for_replication', 'true');
    f.run(agg('v DECIMAL(9, 2) SUM'));
    expect(f.table('t').columns[1]!.type).toBe('decimal(9, 2)');
    expect(errorOf(() => f.run(agg('v DECIMAL32(9, 2) SUM').replace('TABLE t', 'TABLE t2'))).message).toBe(
      "Getting analyzing error. Detail message: Invalid aggregate function 'SUM' for 'v'.",
    );
  });
});
