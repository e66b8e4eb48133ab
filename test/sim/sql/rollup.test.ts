import { describe, expect, it } from 'vitest';
import { parseSyncMvQuery } from '../../../sim/sql/parse-view.js';
import { parseAs, parseError } from './helpers.js';

describe('rollup grammar (StarRocks.g4 addRollupClause / dropRollupClause / rollupItem)', () => {
  it('parses ADD ROLLUP with several items, DUPLICATE KEY, FROM and PROPERTIES', () => {
    const s = parseAs(`ALTER TABLE db.t ADD ROLLUP r1 (k, v) DUPLICATE KEY (k) FROM t PROPERTIES ("timeout" = "60"), r2 (k)`, 'alterTable');
    expect(s.name).toEqual({ db: 'db', name: 't' });
    expect(s.clauses).toEqual([
      {
        kind: 'addRollup',
        rollups: [
          { name: 'r1', columns: ['k', 'v'], dupKeys: ['k'], fromRollup: 't', properties: { timeout: '60' } },
          { name: 'r2', columns: ['k'], dupKeys: null, fromRollup: null, properties: {} },
        ],
      },
    ]);
  });

  it('a comma followed by another clause ends the rollup list', () => {
    const s = parseAs('ALTER TABLE t ADD ROLLUP r1 (k), SET ("replication_num" = "1")', 'alterTable');
    expect(s.clauses.map((c) => c.kind)).toEqual(['addRollup', 'setProperties']);
  });

  it('parses DROP ROLLUP with one or more names', () => {
    expect(parseAs('ALTER TABLE t DROP ROLLUP r1', 'alterTable').clauses).toEqual([{ kind: 'dropRollup', names: ['r1'] }]);
    expect(parseAs('ALTER TABLE t DROP ROLLUP r1, r2', 'alterTable').clauses).toEqual([{ kind: 'dropRollup', names: ['r1', 'r2'] }]);
  });

  it('refuses a rollup without a column list', () => {
    expect(parseError('ALTER TABLE t ADD ROLLUP r1').code).toBe(1064);
  });
});

describe('DESC', () => {
  it('parses DESC [db.]t [ALL] and keeps DESC STORAGE VOLUME', () => {
    expect(parseAs('DESC t', 'descTable')).toEqual({ kind: 'descTable', table: { db: null, name: 't' }, all: false });
    expect(parseAs('DESCRIBE d.t ALL', 'descTable')).toEqual({ kind: 'descTable', table: { db: 'd', name: 't' }, all: true });
    expect(parseAs('DESC STORAGE VOLUME sv', 'descStorageVolume').name).toBe('sv');
  });
});

describe('CREATE MATERIALIZED VIEW keeps its statement text (OriginStatement)', () => {
  it('without the trailing semicolon', () => {
    const s = parseAs('CREATE MATERIALIZED VIEW mv AS SELECT k, SUM(v) FROM t GROUP BY k ;', 'createMaterializedView');
    expect(s.text).toBe('CREATE MATERIALIZED VIEW mv AS SELECT k, SUM(v) FROM t GROUP BY k');
    expect(s.refresh).toBeNull();
    expect(s.distribution).toBeNull();
  });
});

describe('parseSyncMvQuery', () => {
  it('reads items, GROUP BY, ORDER BY and every FROM table', () => {
    const q = parseSyncMvQuery('SELECT k, sum(v) AS s, count(v) FROM d.t GROUP BY k ORDER BY k');
    expect(q.items.map((i) => (i.kind === 'expr' ? [i.text, i.alias] : '*'))).toEqual([
      ['k', null],
      ['sum(v)', 's'],
      ['count(v)', null],
    ]);
    expect(q.from.map((f) => f.name)).toEqual([{ db: 'd', name: 't' }]);
    expect(q.groupBy).toHaveLength(1);
    expect(q.orderBy).toHaveLength(1);
    expect(parseSyncMvQuery('SELECT a.k FROM a JOIN b ON a.k = b.k').from).toHaveLength(2);
    expect(parseSyncMvQuery('SELECT DISTINCT k FROM t').distinct).toBe(true);
    expect(parseSyncMvQuery('SELECT k FROM t WHERE k > 1 LIMIT 3').limit).toEqual({ count: 3, offset: 0 });
  });
});
