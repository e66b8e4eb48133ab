import { describe, expect, it } from 'vitest';
import type { Expr } from '../../../sim/sql/ast.js';
import { exprToSql, quoteIdent, unquoteIdent } from '../../../sim/sql/render.js';
import { parseAs, parseError } from './helpers.js';

const whereOf = (cond: string): Expr => {
  const s = parseAs(`SELECT * FROM t WHERE ${cond}`, 'select');
  return s.where!;
};

describe('SELECT', () => {
  it.each([
    [
      'SELECT @@version_comment LIMIT 1',
      {
        items: [{ kind: 'expr', text: '@@version_comment', expr: { kind: 'variable', system: true, scope: null, name: 'version_comment' } }],
        limit: { count: 1, offset: 0 },
      },
    ],
    [
      'select @@session.tx_isolation, @@GLOBAL.x, @@y',
      {
        items: [{ expr: { scope: 'SESSION', name: 'tx_isolation' } }, { expr: { scope: 'GLOBAL', name: 'x' } }, { expr: { scope: null, name: 'y' } }],
      },
    ],
    ['SELECT current_version()', { items: [{ text: 'current_version()', expr: { kind: 'call', name: 'current_version', args: [] } }] }],
    ['SELECT version()', { items: [{ expr: { kind: 'call', name: 'version' } }] }],
    ['SELECT 1', { items: [{ text: '1', expr: { kind: 'number', text: '1' } }], from: null }],
    ['SELECT DATABASE()', { items: [{ text: 'DATABASE()', expr: { kind: 'call', name: 'DATABASE' } }] }],
    ['SELECT CONNECTION_ID()', { items: [{ expr: { kind: 'call', name: 'CONNECTION_ID' } }] }],
    [
      "SELECT TO_BASE64(AES_ENCRYPT('a','b'))",
      {
        items: [{ expr: { kind: 'call', name: 'TO_BASE64', args: [{ kind: 'call', name: 'AES_ENCRYPT', args: [{ value: 'a' }, { value: 'b' }] }] } }],
      },
    ],
    ['SELECT 1 FROM DUAL', { from: null }],
    ['SELECT @x', { items: [{ expr: { kind: 'variable', system: false, name: 'x' } }] }],
  ])('%s', (sql, expected) => {
    expect(parseAs(sql, 'select')).toMatchObject(expected);
  });

  it('COUNT(*) over a table with partitions and a WHERE clause', () => {
    const s = parseAs('SELECT COUNT(*) FROM `d b`.`t` PARTITION (p1, p2) WHERE k1 >= 10 AND k2 IS NOT NULL', 'select');
    expect(s).toMatchObject({
      items: [{ kind: 'expr', text: 'COUNT(*)', expr: { kind: 'call', name: 'COUNT', star: true, args: [] } }],
      from: { name: { db: 'd b', name: 't' }, partitions: ['p1', 'p2'], alias: null },
      where: { kind: 'binary', op: 'AND', left: { op: '>=' }, right: { kind: 'isNull', not: true } },
    });
  });

  it('information_schema query with aliases, ORDER BY and LIMIT forms', () => {
    const s = parseAs(
      "SELECT TABLE_SCHEMA AS db, t.TABLE_NAME name, `PROPERTIES` FROM information_schema.tables_config AS t WHERE TABLE_SCHEMA NOT IN ('sys', 'information_schema') AND TABLE_NAME LIKE 'x%' ORDER BY TABLE_SCHEMA, TABLE_NAME DESC LIMIT 10 OFFSET 5",
      'select',
    );
    expect(s.items).toMatchObject([
      { text: 'TABLE_SCHEMA', alias: 'db' },
      { text: 't.TABLE_NAME', alias: 'name', expr: { kind: 'column', qualifier: ['t'], name: 'TABLE_NAME' } },
      { text: '`PROPERTIES`', alias: null, expr: { kind: 'column', name: 'PROPERTIES' } },
    ]);
    expect(s.from).toEqual({ name: { db: 'information_schema', name: 'tables_config' }, alias: 't', partitions: null });
    expect(s.orderBy).toMatchObject([{ desc: false }, { desc: true }]);
    expect(s.limit).toEqual({ count: 10, offset: 5 });
    expect(parseAs('SELECT * FROM partitions_meta LIMIT 5, 20', 'select').limit).toEqual({ count: 20, offset: 5 });
  });

  it('star items', () => {
    expect(parseAs('SELECT *, t.* FROM columns t', 'select').items).toEqual([
      { kind: 'star', qualifier: null, text: '*' },
      { kind: 'star', qualifier: 't', text: 't.*' },
    ]);
  });

  it.each([
    'SELECT DISTINCT a FROM t',
    'SELECT a FROM t GROUP BY a',
    'SELECT a FROM t1 JOIN t2 ON t1.a = t2.a',
    'SELECT a FROM t1, t2',
    'SELECT a FROM (SELECT 1) x',
    'SELECT a FROM t WHERE a IN (SELECT b FROM u)',
    'SELECT 1 UNION SELECT 2',
    'SELECT CASE WHEN a THEN 1 END FROM t',
    'SELECT a FROM t LIMIT',
    'SELECT a FROM t LIMIT -1',
    'SELECT',
    'SELECT a,',
    'SELECT FROM t',
    'SELECT a FROM t WHERE',
  ])('rejects %s', (sql) => {
    expect(parseError(sql).code).toBe(1064);
  });
});

describe('expressions', () => {
  it.each([
    ['a = 1', { kind: 'binary', op: '=' }],
    ['a != 1', { kind: 'binary', op: '!=' }],
    ['a <> 1', { kind: 'binary', op: '<>' }],
    ['a <=> NULL', { kind: 'binary', op: '<=>', right: { kind: 'null' } }],
    ['a < 1', { op: '<' }],
    ['a <= 1', { op: '<=' }],
    ['a > 1', { op: '>' }],
    ['a >= 1', { op: '>=' }],
    ["a IN ('x', 'y')", { kind: 'in', not: false, list: [{ value: 'x' }, { value: 'y' }] }],
    ['a NOT IN (1, 2)', { kind: 'in', not: true }],
    ["a LIKE 'x%'", { kind: 'like', not: false, pattern: { value: 'x%' } }],
    ["a NOT LIKE 'x%'", { kind: 'like', not: true }],
    ['a IS NULL', { kind: 'isNull', not: false }],
    ['a IS NOT NULL', { kind: 'isNull', not: true }],
    ['a BETWEEN 1 AND 5', { kind: 'between', not: false, low: { text: '1' }, high: { text: '5' } }],
    ['a NOT BETWEEN 1 AND 5', { kind: 'between', not: true }],
    ['NOT a = 1', { kind: 'unary', op: 'NOT', operand: { kind: 'binary', op: '=' } }],
    ['a = -1', { right: { kind: 'unary', op: '-', operand: { kind: 'number', text: '1' } } }],
    ['a = 1 + 2 * 3', { right: { op: '+', right: { op: '*' } } }],
    ['a = (1 + 2) * 3', { right: { op: '*', left: { kind: 'paren', expr: { op: '+' } } } }],
    ['a = 10 / 2 - 1', { right: { op: '-', left: { op: '/' } } }],
    ['a OR b AND c', { op: 'OR', right: { op: 'AND' } }],
    ['(a OR b) AND c', { op: 'AND', left: { kind: 'paren' } }],
    ['NOT a AND b', { op: 'AND', left: { kind: 'unary', op: 'NOT' } }],
    ['a = TRUE', { right: { kind: 'bool', value: true } }],
    ['CAST(a AS BIGINT) > 1', { left: { kind: 'cast', type: { kind: 'scalar', name: 'BIGINT', text: 'BIGINT' } } }],
    [
      'dt > date_sub(now(), INTERVAL 3 DAY)',
      {
        right: {
          kind: 'call',
          args: [
            { kind: 'call', name: 'now' },
            { kind: 'interval', unit: 'DAY' },
          ],
        },
      },
    ],
    ['db.t.c = 1', { left: { kind: 'column', qualifier: ['db', 't'], name: 'c' } }],
    ['a = 1 && b = 2 || c = 3', { op: 'OR', left: { op: 'AND' } }],
  ])('%s', (cond, expected) => {
    expect(whereOf(cond)).toMatchObject(expected);
  });
});

describe('render', () => {
  it.each([
    ["date_trunc('day', dt)", "date_trunc('day', dt)"],
    ["DATE_TRUNC('DAY', `dt`)", "date_trunc('DAY', dt)"],
    ['time_slice(dt, interval 1 hour)', 'time_slice(dt, INTERVAL 1 HOUR)'],
    ["str2date(c, '%Y-%m-%d')", "str2date(c, '%Y-%m-%d')"],
    ["a = 'it''s'", "a = 'it\\'s'"],
    ["a NOT IN (1, 2) AND b LIKE 'x%' OR c IS NOT NULL", "a NOT IN (1, 2) AND b LIKE 'x%' OR c IS NOT NULL"],
    ['(a + b) * -c', '(a + b) * -c'],
    ['NOT (a = 1)', 'NOT (a = 1)'],
    ['count(*)', 'count(*)'],
    ['COUNT(DISTINCT a)', 'count(DISTINCT a)'],
    ['CAST(a AS DECIMAL(10,2))', 'CAST(a AS DECIMAL(10,2))'],
    ['@@session.x', '@@session.x'],
    ['a BETWEEN 1 AND 2', 'a BETWEEN 1 AND 2'],
    ['- -1', '-(-1)'],
    ['a DIV 2 % 3', 'a DIV 2 % 3'],
  ])('%s → %s', (src, out) => {
    const s = parseAs(`SELECT ${src}`, 'select');
    const item = s.items[0]!;
    if (item.kind !== 'expr') throw new Error('expected expr');
    expect(exprToSql(item.expr)).toBe(out);
  });

  it('adds parentheses for constructed trees and can quote columns', () => {
    const col = (name: string): Expr => ({ kind: 'column', qualifier: [], name });
    const sum: Expr = { kind: 'binary', op: '+', left: col('a'), right: col('b') };
    expect(exprToSql({ kind: 'binary', op: '*', left: sum, right: col('c') })).toBe('(a + b) * c');
    expect(exprToSql({ kind: 'binary', op: '-', left: col('a'), right: sum })).toBe('a - (a + b)');
    expect(
      exprToSql(
        { kind: 'call', name: 'date_trunc', args: [{ kind: 'string', value: 'day' }, col('d`t')], star: false, distinct: false },
        { quoteColumns: true },
      ),
    ).toBe("date_trunc('day', `d``t`)");
  });

  it.each([
    ['a', '`a`'],
    ['a`b', '`a``b`'],
    ['my table', '`my table`'],
    ['', '``'],
    ['表', '`表`'],
  ])('quoteIdent(%s)', (name, quoted) => {
    expect(quoteIdent(name)).toBe(quoted);
    expect(unquoteIdent(quoted)).toBe(name);
  });

  it('unquoteIdent leaves bare names alone', () => {
    expect(unquoteIdent('abc')).toBe('abc');
  });
});
