import { describe, expect, it } from 'vitest';
import { parseAs, parseError } from './helpers.js';

describe('views', () => {
  it('CREATE VIEW keeps the exact query text and parses simple selects', () => {
    const s = parseAs('CREATE VIEW d.v AS SELECT a, b FROM d.t WHERE a > 1 ;  ', 'createView');
    expect(s).toMatchObject({ orReplace: false, ifNotExists: false, name: { db: 'd', name: 'v' }, columns: null, comment: null });
    expect(s.query.text).toBe('SELECT a, b FROM d.t WHERE a > 1');
    expect(s.query.select).toMatchObject({ kind: 'select', from: { name: { db: 'd', name: 't' } } });
  });

  it('CREATE OR REPLACE VIEW IF NOT EXISTS with columns and comments', () => {
    const sql = "CREATE OR REPLACE VIEW IF NOT EXISTS `v 1` (c1 COMMENT 'first', `c 2`) COMMENT 'view' AS\n  SELECT x, y\n  FROM t -- trailing\n";
    const s = parseAs(sql, 'createView');
    expect(s).toMatchObject({
      orReplace: true,
      ifNotExists: true,
      name: { db: null, name: 'v 1' },
      columns: [
        { name: 'c1', comment: 'first' },
        { name: 'c 2', comment: null },
      ],
      comment: 'view',
    });
    expect(s.query.text).toBe('SELECT x, y\n  FROM t');
  });

  it('keeps complex queries as text without parsing them', () => {
    const q =
      'SELECT t1.a, sum(t2.b) AS s FROM t1 JOIN t2 ON t1.id = t2.id WHERE t1.c IN (SELECT c FROM t3) GROUP BY t1.a HAVING s > 0 UNION ALL SELECT 1, 2';
    const s = parseAs(`CREATE VIEW v AS ${q}`, 'createView');
    expect(s.query).toEqual({ text: q, select: null });
  });

  it('keeps WITH and parenthesized queries', () => {
    expect(parseAs('CREATE VIEW v AS WITH x AS (SELECT 1) SELECT * FROM x', 'createView').query.text).toBe('WITH x AS (SELECT 1) SELECT * FROM x');
    expect(parseAs('CREATE VIEW v AS (SELECT 1)', 'createView').query.text).toBe('(SELECT 1)');
  });

  it('keeps string literals with quotes and semicolons inside the query text', () => {
    const s = parseAs("CREATE VIEW v AS SELECT 'a;b', \"it's\" FROM t;", 'createView');
    expect(s.query.text).toBe("SELECT 'a;b', \"it's\" FROM t");
  });

  it('ALTER VIEW and DROP VIEW', () => {
    expect(parseAs('ALTER VIEW d.v (a, b) AS SELECT 1, 2', 'alterView')).toMatchObject({
      name: { db: 'd', name: 'v' },
      columns: [{ name: 'a' }, { name: 'b' }],
      query: { text: 'SELECT 1, 2' },
    });
    expect(parseAs('DROP VIEW IF EXISTS d.v', 'dropView')).toEqual({ kind: 'dropView', ifExists: true, name: { db: 'd', name: 'v' } });
  });

  it.each([
    'CREATE VIEW v AS',
    'CREATE VIEW v SELECT 1',
    'CREATE VIEW v AS SELECT 1; DROP TABLE t',
    'CREATE VIEW v AS DROP TABLE t',
    'ALTER VIEW v SET SECURITY INVOKER',
  ])('rejects %s', (sql) => {
    expect(parseError(sql).code).toBe(1064);
  });
});

describe('materialized views', () => {
  it('parses every clause and keeps their texts', () => {
    const sql = `CREATE MATERIALIZED VIEW IF NOT EXISTS d.mv COMMENT 'mv comment'
      PARTITION BY date_trunc('day', dt)
      DISTRIBUTED BY HASH(k) BUCKETS 4
      ORDER BY (k)
      REFRESH ASYNC START('2024-01-01 00:00:00') EVERY (INTERVAL 1 HOUR)
      PROPERTIES ("replication_num" = "1")
      AS SELECT dt, k, count(*) AS c FROM d.t GROUP BY dt, k;`;
    const s = parseAs(sql, 'createMaterializedView');
    expect(s).toMatchObject({
      ifNotExists: true,
      name: { db: 'd', name: 'mv' },
      comment: 'mv comment',
      partitionBy: { text: "date_trunc('day', dt)", exprs: [{ text: "date_trunc('day', dt)", expr: { kind: 'call', name: 'date_trunc' } }] },
      distribution: { type: 'HASH', columns: ['k'], buckets: 4 },
      orderBy: ['k'],
      refresh: {
        text: "REFRESH ASYNC START('2024-01-01 00:00:00') EVERY (INTERVAL 1 HOUR)",
        moment: null,
        type: 'ASYNC',
        start: '2024-01-01 00:00:00',
        every: { value: 1, unit: 'HOUR', text: 'INTERVAL 1 HOUR' },
      },
      properties: { replication_num: '1' },
      query: { text: 'SELECT dt, k, count(*) AS c FROM d.t GROUP BY dt, k', select: null },
    });
  });

  it.each([
    ['REFRESH ASYNC', { type: 'ASYNC', moment: null, start: null, every: null }],
    ['REFRESH MANUAL', { type: 'MANUAL', moment: null }],
    ['REFRESH INCREMENTAL', { type: 'INCREMENTAL' }],
    ['REFRESH DEFERRED MANUAL', { type: 'MANUAL', moment: 'DEFERRED' }],
    ['REFRESH IMMEDIATE ASYNC EVERY(INTERVAL 2 DAY)', { type: 'ASYNC', moment: 'IMMEDIATE', every: { value: 2, unit: 'DAY' } }],
  ])('%s', (clause, expected) => {
    const s = parseAs(`CREATE MATERIALIZED VIEW mv ${clause} AS SELECT 1`, 'createMaterializedView');
    expect(s.refresh).toMatchObject({ ...expected, text: clause });
  });

  it('clauses may come in any order; PARTITION BY a column or a column list', () => {
    const s = parseAs(
      'CREATE MATERIALIZED VIEW mv REFRESH MANUAL PARTITION BY (a, b) DISTRIBUTED BY RANDOM AS SELECT a, b FROM t',
      'createMaterializedView',
    );
    expect(s.partitionBy).toMatchObject({ text: '(a, b)', exprs: [{ text: 'a' }, { text: 'b' }] });
    expect(s.distribution?.type).toBe('RANDOM');
    expect(s.query.select).toMatchObject({ items: [{ text: 'a' }, { text: 'b' }] });
  });

  it('DROP MATERIALIZED VIEW', () => {
    expect(parseAs('DROP MATERIALIZED VIEW IF EXISTS d.mv', 'dropMaterializedView')).toEqual({
      kind: 'dropMaterializedView',
      ifExists: true,
      name: { db: 'd', name: 'mv' },
    });
  });

  it.each([
    'CREATE MATERIALIZED VIEW mv REFRESH DEFERRED AS SELECT 1',
    'CREATE MATERIALIZED VIEW mv REFRESH ASYNC START("2024-01-01") AS SELECT 1',
    'CREATE MATERIALIZED VIEW mv REFRESH ASYNC EVERY (INTERVAL 1 FORTNIGHT) AS SELECT 1',
    'CREATE MATERIALIZED VIEW mv REFRESH',
  ])('rejects %s', (sql) => {
    expect(parseError(sql).code).toBe(1064);
  });
});
