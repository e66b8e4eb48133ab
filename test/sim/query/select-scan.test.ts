// SELECT over a ScannableResultSet (the big information_schema tables, produced row by row) answers exactly as
// over the same rows held in a plain ResultSet: same rows, columns, LIMIT/COUNT semantics and the same first error.
import { describe, expect, it } from 'vitest';
import { selectFrom, type ScalarEnv } from '../../../sim/query/select.js';
import { parse } from '../../../sim/sql/parser.js';
import type { SelectStmt } from '../../../sim/sql/ast.js';
import { isScannable, resultSet, scannableResultSet, type ResultSet, type Row } from '../../../sim/show/result-set.js';

const env: ScalarEnv = {
  variable: () => null,
  call: (name, args) => (name === 'upper' ? (args[0]?.toUpperCase() ?? null) : undefined),
};

const COLUMNS = [
  { name: 'DB_NAME', type: 'VARCHAR' as const },
  { name: 'TABLE_NAME', type: 'VARCHAR' as const },
  { name: 'PARTITION_ID', type: 'BIGINT' as const },
  { name: 'IS_TEMP', type: 'BOOLEAN' as const },
  { name: 'table_name', type: 'VARCHAR' as const }, // a second spelling: names resolve to the first
];

const ROWS: Row[] = [];
for (let i = 0; i < 40; i++)
  ROWS.push([i % 3 === 0 ? 'a' : 'b', `t${i % 7}`, String(100 + i), i % 5 === 0 ? '1' : '0', i % 4 === 0 ? null : `x${i}`]);

/** The same rows, produced by a scan; counts scans and materializations. */
function scanned(): { rs: ResultSet; scans: () => number } {
  let scans = 0;
  const rs = scannableResultSet(COLUMNS, (visit) => {
    scans++;
    for (const r of ROWS) visit([...r]);
  });
  return { rs, scans: () => scans };
}

function answer(rs: ResultSet, sql: string): ResultSet | string {
  try {
    return selectFrom(rs, parse(sql) as SelectStmt, env);
  } catch (e) {
    return `error: ${(e as Error).message}`;
  }
}

const STATEMENTS = [
  "SELECT DB_NAME, TABLE_NAME, PARTITION_ID FROM information_schema.partitions_meta WHERE DB_NAME = 'a'",
  'SELECT * FROM information_schema.partitions_meta',
  "SELECT TABLE_NAME AS n, *, table_name FROM information_schema.partitions_meta WHERE DB_NAME = 'b' AND IS_TEMP = 1",
  "SELECT PARTITION_ID FROM information_schema.partitions_meta WHERE DB_NAME IN ('a', 'b') LIMIT 3",
  'SELECT PARTITION_ID FROM information_schema.partitions_meta LIMIT 5, 4',
  'SELECT PARTITION_ID FROM information_schema.partitions_meta LIMIT 100, 4',
  'SELECT COUNT(*) FROM information_schema.partitions_meta',
  "SELECT COUNT(*) AS n FROM information_schema.partitions_meta WHERE TABLE_NAME LIKE 't1%'",
  'SELECT COUNT(1) FROM information_schema.partitions_meta LIMIT 1, 1',
  "SELECT table_name FROM information_schema.partitions_meta WHERE PARTITION_ID > 120 AND DB_NAME <> 'a'",
  // Errors: WHERE's unknown column before the select list's; the select list's when no row is evaluated.
  'SELECT NOPE FROM information_schema.partitions_meta WHERE NOPE2 = 1',
  "SELECT NOPE FROM information_schema.partitions_meta WHERE DB_NAME = 'a'",
  "SELECT TABLE_NAME FROM information_schema.partitions_meta WHERE DB_NAME = 'b' AND (IS_TEMP = 1 OR BAD = 1)",
  // Expressions and ORDER BY take the general path (over the materialized rows).
  "SELECT TABLE_NAME, UPPER(DB_NAME) FROM information_schema.partitions_meta WHERE DB_NAME = 'a'",
  'SELECT PARTITION_ID FROM information_schema.partitions_meta ORDER BY TABLE_NAME DESC, PARTITION_ID LIMIT 6',
];

describe('selectFrom over a ScannableResultSet', () => {
  it.each(STATEMENTS)('%s: the same answer as over plain rows', (sql) => {
    const { rs } = scanned();
    expect(isScannable(rs)).toBe(true);
    expect(answer(rs, sql)).toEqual(
      answer(
        resultSet(
          COLUMNS,
          ROWS.map((r) => [...r]),
        ),
        sql,
      ),
    );
  });

  it('reads the rows once, without materializing them, for a SELECT of columns', () => {
    const { rs, scans } = scanned();
    const materialize = Object.getOwnPropertyDescriptor(rs, 'rows')!.get!;
    let materialized = 0;
    Object.defineProperty(rs, 'rows', {
      get: () => {
        materialized++;
        return materialize();
      },
    });
    const out = answer(rs, "SELECT DB_NAME, PARTITION_ID FROM information_schema.partitions_meta WHERE DB_NAME = 'a'") as ResultSet;
    expect(out.rows).toHaveLength(14);
    expect(scans()).toBe(1);
    expect(materialized).toBe(0);
  });
});

describe('scannableResultSet', () => {
  it('materializes its rows once, on first read, from the state of that moment', () => {
    const source: Row[] = [['1']];
    let scans = 0;
    const rs = scannableResultSet([{ name: 'x', type: 'INT' }], (visit) => {
      scans++;
      source.forEach(visit);
    });
    source.push(['2']);
    expect(rs.rows).toEqual([['1'], ['2']]);
    source.push(['3']);
    expect(rs.rows).toEqual([['1'], ['2']]);
    expect(scans).toBe(1);
    rs.rows = [['9']];
    expect(rs.rows).toEqual([['9']]);
  });
});
