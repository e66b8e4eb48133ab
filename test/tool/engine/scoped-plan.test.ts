import { describe, expect, it } from 'vitest';
import { plannerConfig } from '../../../src/planner/config.js';
import { planScoped, withUpdates } from '../../../src/engine/scoped-plan.js';
import type { TableInfo } from '../../../src/model/snapshot.js';
import { TARGET_VOLUMES, cluster, database, draft, part, table, targetOf, tpart } from '../planner/fixtures.js';

function pairOf(name: string, id: string, srcVersion: number, tgtVersion: number): { s: TableInfo; t: TableInfo } {
  const s = table(name, { id, partitions: [part('p1', { id: `${id}1`, version: srcVersion })] });
  const t = targetOf(s, [tpart('p1', { id: `${id}2`, version: tgtVersion })]);
  t.id = `${id}9`;
  return { s, t };
}

function setup() {
  const a = pairOf('a', '1', 2, 2);
  const b = pairOf('b', '2', 2, 2);
  const last = {
    source: cluster([database('db1', { id: '10', tables: [a.s, b.s] })]),
    target: cluster([database('db1', { id: '20', tables: [a.t, b.t] })], { volumes: TARGET_VOLUMES }),
  };
  const src = last.source.databases.get('db1')!.tables;
  const tgt = last.target.databases.get('db1')!.tables;
  return { a: { s: src.get('a')!, t: tgt.get('a')! }, b: { s: src.get('b')!, t: tgt.get('b')! }, last };
}

describe('planScoped', () => {
  it('plans only the re-read tables on their fresh versions and gives the tables the last snapshots should hold', () => {
    const { a, b, last } = setup();
    draft(b.s.partitions.get('p1')!.physical[0]!).visibleVersion = 9; // stale snapshot value for b (not re-read): ignored
    const freshA = pairOf('a', '1', 5, 2);
    const out = planScoped(
      last,
      [{ key: 'db1.a', lastSource: a.s, lastTarget: a.t, freshSource: freshA.s, freshTarget: freshA.t }],
      plannerConfig({}),
    );
    expect(out.kind).toBe('plan');
    if (out.kind !== 'plan') return;
    expect(out.plan.replication.map((w) => w.table)).toEqual(['a']);
    expect(out.plan.replication[0]!.jobs[0]!.partitions[0]).toMatchObject({ srcVersion: 5, tgtDataVersion: 2 });
    const next = withUpdates(last, out.updates);
    expect(next.source.databases.get('db1')!.tables.get('a')!.partitions.get('p1')!.physical[0]!.visibleVersion).toBe(5);
    expect(next.source.databases.get('db1')!.tables.get('b')).toBe(b.s);
    expect(last.source.databases.get('db1')!.tables.get('a')!.partitions.get('p1')!.physical[0]!.visibleVersion).toBe(2); // the last snapshots are not edited
    expect(out.plan.ddl).toEqual([]);
  });

  it('reports in-sync tables, so a finished table counts as synced', () => {
    const { a, last } = setup();
    const fresh = pairOf('a', '1', 3, 3);
    const out = planScoped(last, [{ key: 'db1.a', lastSource: a.s, lastTarget: a.t, freshSource: fresh.s, freshTarget: fresh.t }], plannerConfig({}));
    expect(out).toMatchObject({ kind: 'plan', plan: { replication: [], inSync: ['db1.a'] } });
  });

  it('asks for a full round when a table is gone, re-created, or got other partitions or columns', () => {
    const cases: Array<(f: { s: TableInfo; t: TableInfo }) => { s: TableInfo | undefined; t: TableInfo | undefined }> = [
      (f) => ({ s: undefined, t: f.t }),
      (f) => ({ s: { ...f.s, id: '77' }, t: f.t }),
      (f) => ({
        s: {
          ...f.s,
          partitions: new Map([...f.s.partitions, ['p2', part('p2', { id: '55', version: 2, lower: '2024-01-02', upper: '2024-01-03' })]]),
        },
        t: f.t,
      }),
      (f) => ({ s: { ...f.s, columns: [...f.s.columns, { ...f.s.columns[0]!, name: 'extra' }] }, t: f.t }),
      (f) => ({ s: f.s, t: { ...f.t, partitions: new Map([['p1', tpart('p1', { id: '999', version: 2 })]]) } }),
    ];
    for (const change of cases) {
      const { a, last } = setup();
      const before = a.s.partitions;
      const f = change(pairOf('a', '1', 4, 2));
      const out = planScoped(last, [{ key: 'db1.a', lastSource: a.s, lastTarget: a.t, freshSource: f.s, freshTarget: f.t }], plannerConfig({}));
      expect(out.kind).toBe('full_round');
      expect(a.s.partitions).toBe(before); // nothing written into the kept snapshot
    }
  });
});
