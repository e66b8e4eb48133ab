import { describe, expect, it } from 'vitest';
import { blockedTables, targetLag, unsyncedReason, unsyncedTables, type TableSyncFacts } from '../../../src/status/index.js';

function facts(over: Partial<TableSyncFacts> = {}): TableSyncFacts {
  return {
    inScope: ['d.a', 'd.b', 'd.c', 'd.d', 'd.e', 'd.f', 'd.g'],
    synced: new Set(['d.a', 'd.b', 'd.c']),
    expired: new Set(['d.b']),
    lagging: new Map([
      ['d.c', 2],
      ['d.d', 1],
    ]),
    jobs: new Map([
      ['d.c', 'running'],
      ['d.d', 'pending'],
    ] as const),
    failures: new Map([['d.e', 'aborted: disk full']]),
    blocked: new Map([['d.f', 'schema differs and ddl_job_allow_drop_schema_change_table is false']]),
    ...over,
  };
}

describe('tables not in sync', () => {
  it.each([
    ['d.a', null],
    ['d.b', 'target behind the source; waiting for the next round'],
    ['d.c', 'target behind the source (2 partitions); replication job running'],
    ['d.d', 'not synchronized yet; replication job pending'],
    ['d.e', 'replication failed: aborted: disk full'],
    ['d.f', 'blocked: schema differs and ddl_job_allow_drop_schema_change_table is false'],
    ['d.g', 'not synchronized yet; waiting for DDL or the next round'],
  ])('%s: %s', (key, reason) => {
    expect(unsyncedReason(key, facts())).toBe(reason);
  });

  it('counts all and lists the first ones in scope order', () => {
    const r = unsyncedTables(facts(), 3);
    expect(r.count).toBe(6);
    expect(r.tables.map((t) => t.table)).toEqual(['d.b', 'd.c', 'd.d']);
    expect(unsyncedTables(facts({ inScope: ['d.a'] }), 3)).toEqual({ count: 0, tables: [] });
  });

  it('blocking notes name their tables; non-blocking ones and database notes do not', () => {
    const m = blockedTables([
      { db: 'd', table: 't', message: 'first', blocking: true },
      { db: 'd', table: 't', message: 'second', blocking: true },
      { db: 'd', table: 'u', message: 'deferred', blocking: false },
      { db: 'd', message: 'db note', blocking: true },
    ]);
    expect([...m]).toEqual([['d.t', 'first']]);
  });

  it('a table the create pipeline is still creating (missing_create_sql, blocking in the plan) is not blocked', () => {
    const m = blockedTables([
      { db: 'd', table: 'new', reason: 'missing_create_sql', message: 'no SHOW CREATE TABLE text for d.new; read it and plan again', blocking: true },
      { db: 'd', table: 't', reason: 'schema_change', message: 'schema differs', blocking: true },
    ]);
    expect([...m]).toEqual([['d.t', 'schema differs']]);
  });

  it('lag counts only tables in scope with lagging partitions', () => {
    expect(
      targetLag(
        new Map([
          ['d.a', 2],
          ['d.b', 3],
          ['x.y', 5],
          ['d.c', 0],
        ]),
        new Set(['d.a', 'd.b', 'd.c']),
      ),
    ).toEqual({ partitions: 5, tables: 2 });
  });
});

describe('a statement that always fails (issue 6, item 10)', () => {
  it('says the DDL failed, with the target message, instead of "waiting for DDL"', () => {
    const f = facts({ ddlFailures: new Map([['d.g', 'DDL failed (3×): add partition d.g (ALTER TABLE ...): Getting syntax error at line 1']]) });
    expect(unsyncedReason('d.g', f)).toBe('DDL failed (3×): add partition d.g (ALTER TABLE ...): Getting syntax error at line 1');
    expect(unsyncedReason('d.g', facts({ missing: new Set(['d.g']) }))).toBe('not synchronized yet; waiting to be created on the target');
  });
});
