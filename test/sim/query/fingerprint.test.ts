// The simulator's hash and aggregate functions: murmur_hash3_32 against StarRocks' documented values, the text form
// of stored cells (CAST AS STRING), and GROUP-less COUNT/SUM over a partition's real segment rows.
import { afterEach, describe, expect, it } from 'vitest';
import { insertRows } from '../../../sim/lake/load.js';
import { scanRows } from '../../../sim/lake/count.js';
import { aggregateRows, isAggregateSelect, sumValues } from '../../../sim/query/aggregate.js';
import { MURMUR3_32_SEED, murmur3x86_32, murmurHash3_32 } from '../../../sim/query/hash.js';
import { renderCell } from '../../../sim/query/render.js';
import type { ScalarEnv } from '../../../sim/query/select.js';
import { parse } from '../../../sim/sql/parser.js';
import type { SelectStmt } from '../../../sim/sql/ast.js';
import { hashFunction } from '../../../sim/query/hash.js';
import { addTable, col, key, newFixture, rangeBound, type Fixture } from '../lake/fixture.js';

let fx: Fixture;
afterEach(() => fx?.cleanup());

const env: ScalarEnv = {
  variable: () => null,
  call: (name, args) => {
    if (name === 'concat') return args.some((a) => a === null) ? null : args.join('');
    if (name === 'ifnull') return args.find((a) => a !== null) ?? null;
    return hashFunction(name, args);
  },
};
const select = (sql: string) => parse(sql) as SelectStmt;

describe('murmur_hash3_32', () => {
  it('gives the values of StarRocks docs (sql-functions/hash-functions/murmur_hash3_32)', () => {
    expect(murmurHash3_32(['hello'])).toBe('1321743225');
    expect(murmurHash3_32(['hello', 'world'])).toBe('984713481');
    expect(murmurHash3_32([null])).toBeNull();
    expect(murmurHash3_32(['hello', null])).toBeNull();
  });

  it('chains the seed from 104729 per argument and prints a signed INT', () => {
    expect(MURMUR3_32_SEED).toBe(104729);
    const first = murmur3x86_32(Buffer.from('hello'), 104729);
    expect(String(murmur3x86_32(Buffer.from('world'), first) | 0)).toBe('984713481');
    expect(murmurHash3_32([''])).toBe('-965378730'); // negative: uint32 stored in an INT
    // Standard MurmurHash3 x86_32 vectors (seed 0): '' → 0, 'a' → 0x3c2569b2.
    expect(murmur3x86_32(Buffer.alloc(0), 0)).toBe(0);
    expect(murmur3x86_32(Buffer.from('a'), 0)).toBe(0x3c2569b2);
    expect(hashFunction('murmur_hash3_32', [])).toBeUndefined();
  });
});

describe('renderCell (CAST AS STRING)', () => {
  it('renders each type as StarRocks prints it', () => {
    expect(renderCell('decimal(10, 2)', '1.5')).toBe('1.50');
    expect(renderCell('decimal(10, 2)', '-3')).toBe('-3.00');
    expect(renderCell('datetime', '2024-01-01 10:00:00.5')).toBe('2024-01-01 10:00:00.500000');
    expect(renderCell('datetime', '2024-01-01 10:00:00')).toBe('2024-01-01 10:00:00');
    expect(renderCell('boolean', 1)).toBe('1');
    expect(renderCell('int(11)', 42)).toBe('42');
    expect(renderCell('varchar(10)', null)).toBeNull();
  });
});

describe('sumValues', () => {
  it('is exact for integers, wraps at 64 bits, NULL over nothing', () => {
    expect(sumValues(['1', null, '-4'])).toBe('-3');
    expect(sumValues([null])).toBeNull();
    expect(sumValues([])).toBeNull();
    expect(sumValues(['9223372036854775807', '1'])).toBe('-9223372036854775808');
  });
});

describe('aggregate SELECT over segment rows', () => {
  const fp = (p: string) =>
    select(
      `SELECT COUNT(*) AS row_count, SUM(murmur_hash3_32(ifnull(concat('v', CAST(\`k\` AS STRING)), 'n'), ifnull(concat('v', CAST(\`dt\` AS STRING)), 'n'), ifnull(concat('v', CAST(\`v\` AS STRING)), 'n'))) AS hash1 FROM \`db1\`.\`t1\` PARTITION (\`${p}\`)`,
    );

  it('COUNT(*) and SUM(murmur_hash3_32(...)) per partition, independent of row order and load split', async () => {
    fx = newFixture();
    const spec = {
      partitionInfo: { type: 'RANGE' as const, columns: ['dt'], exprText: null, automatic: false },
      partitions: [
        ['p1', rangeBound(null, '2024-01-01')],
        ['p2', rangeBound('2024-01-01', null)],
      ] as Array<[string, ReturnType<typeof rangeBound>]>,
    };
    const t = addTable(fx, spec);
    await insertRows(fx.fe, fx.db, t, [
      { k: 1, dt: '2023-01-01', v: 'a' },
      { k: 2, dt: '2024-06-01', v: null },
    ]);
    await insertRows(fx.fe, fx.db, t, [{ k: 3, dt: '2024-06-02', v: 'c' }]);
    const stmt = fp('p2');
    expect(isAggregateSelect(stmt)).toBe(true);
    const rs = aggregateRows(stmt, t.columns, scanRows(fx.fe, fx.db, t, ['p2']), env);
    expect(rs.columns.map((c) => c.name)).toEqual(['row_count', 'hash1']);
    const h = (k: string, dt: string, v: string | null) => BigInt(murmurHash3_32([`v${k}`, `v${dt}`, v === null ? 'n' : `v${v}`])!);
    expect(rs.rows).toEqual([['2', String(h('2', '2024-06-01', null) + h('3', '2024-06-02', 'c'))]]);
    // Same rows loaded in one go, in another order, in another table: same fingerprint.
    const t2 = addTable(fx, { ...spec, name: 't2' });
    await insertRows(fx.fe, fx.db, t2, [
      { k: 3, dt: '2024-06-02', v: 'c' },
      { k: 2, dt: '2024-06-01', v: null },
    ]);
    expect(aggregateRows(stmt, t2.columns, scanRows(fx.fe, fx.db, t2, ['p2']), env).rows).toEqual(rs.rows);
    // A NULL and the string 'n' hash differently; an empty partition sums to NULL.
    const t3 = addTable(fx, { ...spec, name: 't3' });
    await insertRows(fx.fe, fx.db, t3, [
      { k: 3, dt: '2024-06-02', v: 'c' },
      { k: 2, dt: '2024-06-01', v: 'n' },
    ]);
    expect(aggregateRows(stmt, t3.columns, scanRows(fx.fe, fx.db, t3, ['p2']), env).rows[0]![1]).not.toBe(rs.rows[0]![1]);
    const empty = addTable(fx, { ...spec, name: 't4' });
    expect(aggregateRows(stmt, empty.columns, scanRows(fx.fe, fx.db, empty, ['p2']), env).rows).toEqual([['0', null]]);
  });

  it('sees a PRIMARY KEY update as a changed fingerprint with the same COUNT(*)', async () => {
    fx = newFixture();
    const t = addTable(fx, { keysType: 'PRIMARY_KEYS', columns: [key('k', 'int(11)'), col('v', 'decimal(10, 2)')] });
    const q = select(
      "SELECT COUNT(*), SUM(murmur_hash3_32(ifnull(concat('v', CAST(k AS STRING)), 'n'), ifnull(concat('v', CAST(v AS STRING)), 'n'))) FROM t1",
    );
    await insertRows(fx.fe, fx.db, t, [
      { k: 1, v: '1.5' },
      { k: 2, v: '2' },
    ]);
    const before = aggregateRows(q, t.columns, scanRows(fx.fe, fx.db, t), env).rows[0]!;
    expect(before[1]).toBe(String(BigInt(murmurHash3_32(['v1', 'v1.50'])!) + BigInt(murmurHash3_32(['v2', 'v2.00'])!)));
    await insertRows(fx.fe, fx.db, t, [{ k: 2, v: '2.01' }]);
    const after = aggregateRows(q, t.columns, scanRows(fx.fe, fx.db, t), env).rows[0]!;
    expect(after[0]).toBe(before[0]);
    expect(after[1]).not.toBe(before[1]);
  });
});

describe('isAggregateSelect', () => {
  it('accepts COUNT/SUM items only; other items are not an aggregate SELECT', () => {
    expect(isAggregateSelect(select('SELECT COUNT(*), SUM(k) FROM t1 PARTITION (p1)'))).toBe(true);
    expect(isAggregateSelect(select('SELECT k, SUM(k) FROM t1'))).toBe(false);
    expect(isAggregateSelect(select('SELECT * FROM t1'))).toBe(false);
  });
});
