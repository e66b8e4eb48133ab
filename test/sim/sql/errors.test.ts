import { describe, expect, it } from 'vitest';
import { SimError } from '../../../sim/fe/errors.js';
import { parse } from '../../../sim/sql/parser.js';
import { parseError } from './helpers.js';

describe('syntax errors', () => {
  it.each([
    '',
    '   ',
    ';',
    '-- only a comment',
    'FOO BAR',
    'SELEC 1',
    'CREATE TABL t (a INT)',
    'CREATE TABLE t',
    'CREATE TABLE t ()',
    'CREATE TABLE t (a)',
    'CREATE TABLE t (a INT,)',
    'CREATE TABLE t (a FOO)',
    'CREATE TABLE t (a INT) ENGINE',
    'CREATE TABLE t (a INT) DISTRIBUTED BY HASH a',
    'CREATE TABLE t (a INT) DISTRIBUTED BY HASH(a) BUCKETS x',
    'CREATE TABLE t (a INT) PROPERTIES ("a" "b")',
    'CREATE TABLE t (a INT) PROPERTIES ("a" = 1)',
    'CREATE TABLE t (INDEX i (a), a INT)',
    'CREATE TABLE t (a INT) COMMENT "x" DUPLICATE KEY(a)',
    'CREATE TABLE t (a INT) AS SELECT 1',
    'CREATE EXTERNAL TABLE t (a INT)',
    'CREATE TABLE a.b.c (a INT)',
    'DROP TABLE',
    'DROP TABLE t t2',
    'DROP DATABASE',
    'CREATE DATABASE d extra',
    'SELECT 1 2',
    'SELECT 1;;',
    'SELECT 1; SELECT 2',
    "SELECT 'unterminated",
    'SELECT `unterminated',
    'SELECT 1 # mysql comment',
    'SELECT (1',
    'SELECT 1)',
    'SELECT f(',
    'SELECT a FROM t WHERE a ==',
    'SELECT a FROM t WHERE a IN ()',
    'SELECT a FROM t WHERE a BETWEEN 1',
    'SELECT a FROM t WHERE a IS 1',
    'SELECT a & b',
    'SELECT CAST(a AS FOO)',
    'SELECT CAST(a)',
    'SELECT INTERVAL 1 FORTNIGHT',
    'SELECT f(*)',
    'UPDATE t SET a = 1',
    'DELETE FROM t',
    'EXPLAIN SELECT 1',
    '(SELECT 1)',
    'DESC FILES ("path" = "s3://b/x")',
    'ALTER DATABASE d RENAME e',
    'ALTER SYSTEM ADD BACKEND "h:1"',
  ])('%j is a SimError 1064', (sql) => {
    const e = parseError(sql);
    expect(e.code).toBe(1064);
    expect(e.sqlState).toBe('42000');
    expect(e.message).toMatch(/^Getting (syntax|analyzing) error/);
  });

  it('names the offending token', () => {
    expect(parseError('CREATE TABLE t (a INT) DISTRIBUTED BY HASH a').message).toContain("Unexpected input 'a'");
    expect(parseError('SELECT 1 2').message).toContain("Unexpected input '2'");
    expect(parseError('DROP TABLE').message).toContain("Unexpected input '<EOF>'");
  });

  // Every prefix of a valid statement either parses or fails with a SimError: never a TypeError or a hang.
  it.each([
    'CREATE TABLE IF NOT EXISTS d.t (k INT(11) NOT NULL DEFAULT \'1\' COMMENT \'c\', v BIGINT SUM, INDEX i (k) USING BITMAP) AGGREGATE KEY(k) PARTITION BY RANGE(k) (PARTITION p1 VALUES LESS THAN ("10"), START ("10") END ("20") EVERY (5)) DISTRIBUTED BY HASH(k) BUCKETS 2 PROPERTIES ("a" = "b")',
    "CREATE MATERIALIZED VIEW mv PARTITION BY date_trunc('day', dt) REFRESH ASYNC EVERY (INTERVAL 1 DAY) AS SELECT dt FROM t",
    "SELECT a, count(*) AS c FROM information_schema.tables WHERE a NOT IN (1, 2) AND b LIKE 'x' ORDER BY a DESC LIMIT 1, 2",
    "GRANT SELECT ON ALL TABLES IN DATABASE d TO USER 'u'@'%' WITH GRANT OPTION",
    'ALTER TABLE t ADD PARTITION p VALUES [("1"), ("2")) DISTRIBUTED BY HASH(a) BUCKETS 1, DROP COLUMN c',
  ])('prefixes of %s', (sql) => {
    for (let i = 0; i <= sql.length; i++) {
      try {
        parse(sql.slice(0, i));
      } catch (e) {
        if (!(e instanceof SimError)) throw new Error(`prefix ${i} threw ${String(e)}`);
        expect(e.code).toBe(1064);
      }
    }
  });
});
