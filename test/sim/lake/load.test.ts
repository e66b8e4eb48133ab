import path from 'node:path';
import { autoListPartition, autoRangePartition } from '../../../sim/ddl/partitions.js';
import { afterEach, describe, expect, it } from 'vitest';
import type { PartitionBound } from '../../../sim/catalog/model.js';
import { SimError } from '../../../sim/fe/errors.js';
import { insertRows } from '../../../sim/lake/load.js';
import { readTabletMeta } from '../../../sim/lake/tablet-meta.js';
import { addPartition, addTable, col, dirOf, key, listDir, newFixture, ppOf, rangeBound, type Fixture } from './fixture.js';

let fx: Fixture;
afterEach(() => fx?.cleanup());

const rows = (n: number, dt = '2024-01-05') => Array.from({ length: n }, (_, i) => ({ k: i, dt, v: `v${i}` }));

async function rejected(p: Promise<unknown>): Promise<SimError> {
  const e = await p.then(
    () => null,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(SimError);
  return e as SimError;
}

describe('insertRows', () => {
  it('publishes version 2 for every tablet of the touched partition and writes segments under data/', async () => {
    fx = newFixture();
    const t = addTable(fx, { buckets: 4 });
    const pp = ppOf(t);
    const before = pp.versionEpoch;
    const r = await insertRows(fx.fe, fx.db, t, rows(20));
    expect(r.rowCount).toBe(20);
    expect(r.label).toMatch(/^insert_[0-9a-f-]{36}$/);
    const dir = dirOf(fx, t, pp);
    for (const tb of pp.indexes[0]!.tablets) {
      const m = readTabletMeta(dir, tb.id, 2);
      expect(m, `tablet ${tb.id} has version 2`).not.toBeNull();
      expect(readTabletMeta(dir, tb.id, 1)).not.toBeNull();
    }
    const touched = pp.indexes[0]!.tablets.map((tb) => readTabletMeta(dir, tb.id, 2)!).filter((m) => m.rowsets.length > 0);
    const segs = listDir(path.join(dir, 'data'));
    expect(segs.length).toBe(touched.length);
    expect(segs.every((f) => /^[0-9a-f]{16}_[0-9a-f-]{36}\.dat$/.test(f))).toBe(true);
    expect(touched.reduce((n, m) => n + m.rowsets[0]!.segments[0]!.numRows, 0)).toBe(20);
    expect(pp).toMatchObject({
      visibleVersion: 2,
      dataVersion: 2,
      nextVersion: 3,
      committedVersion: 2,
      committedDataVersion: 2,
      versionTxnType: 'TXN_NORMAL',
      versionEpoch: before,
      rowCount: 20,
    });
    expect(pp.dataSize).toBeGreaterThan(0);
    const txn = fx.fe.transactions.get(r.txnId)!;
    expect(txn).toMatchObject({ status: 'VISIBLE', sourceType: 'INSERT_STREAMING', label: r.label });
    expect(txn.committedPartitions).toEqual({ [String(t.id)]: { [String(pp.id)]: 2 } });
  });

  it('stacks rowsets: the second load references both segments', async () => {
    fx = newFixture();
    const t = addTable(fx, { buckets: 1 });
    const pp = ppOf(t);
    await insertRows(fx.fe, fx.db, t, rows(3));
    await insertRows(fx.fe, fx.db, t, rows(2));
    const m = readTabletMeta(dirOf(fx, t, pp), pp.indexes[0]!.tablets[0]!.id, 3)!;
    expect(m.rowsets.map((r) => r.segments[0]!.numRows)).toEqual([3, 2]);
    expect(pp).toMatchObject({ visibleVersion: 3, dataVersion: 3, nextVersion: 4, rowCount: 5 });
  });

  it('routes the same key to the same tablet (hash) and spreads RANDOM tables round robin', async () => {
    fx = newFixture();
    const t = addTable(fx, { buckets: 3 });
    await insertRows(fx.fe, fx.db, t, [{ k: 7, dt: null, v: 'a' }]);
    await insertRows(fx.fe, fx.db, t, [{ k: 7, dt: null, v: 'b' }]);
    const pp = ppOf(t);
    const withData = pp.indexes[0]!.tablets.filter((tb) => readTabletMeta(dirOf(fx, t, pp), tb.id, 3)!.rowsets.length > 0);
    expect(withData).toHaveLength(1);

    const r = addTable(fx, { name: 'r', distribution: 'RANDOM', buckets: 3 });
    await insertRows(fx.fe, fx.db, r, rows(6));
    const rp = ppOf(r);
    const counts = rp.indexes[0]!.tablets.map((tb) => readTabletMeta(dirOf(fx, r, rp), tb.id, 2)!.rowsets[0]?.segments[0]?.numRows);
    expect(counts).toEqual([2, 2, 2]);
  });

  it('moves a TXN_REPLICATION partition back to TXN_NORMAL with a fresh epoch', async () => {
    fx = newFixture();
    const t = addTable(fx);
    const pp = ppOf(t);
    pp.versionTxnType = 'TXN_REPLICATION';
    pp.versionEpoch = 42;
    await insertRows(fx.fe, fx.db, t, rows(1));
    expect(pp.versionTxnType).toBe('TXN_NORMAL');
    expect(pp.versionEpoch).not.toBe(42);
    expect(pp.versionEpoch).toBeGreaterThan(0);
  });

  it('routes by RANGE bounds and only publishes the partitions it touched', async () => {
    fx = newFixture();
    const t = addTable(fx, {
      partitionInfo: { type: 'RANGE', columns: ['dt'], exprText: null, automatic: false },
      partitions: [
        ['p1', rangeBound(null, '2024-01-01')],
        ['p2', rangeBound('2024-01-01', '2024-02-01')],
        ['p3', rangeBound('2024-02-01', null)],
      ],
    });
    await insertRows(fx.fe, fx.db, t, [
      { k: 1, dt: '2023-12-31', v: 'a' },
      { k: 2, dt: '2024-01-01', v: 'b' },
      { k: 3, dt: '2024-01-31 23:59:59', v: 'c' },
      { k: 4, dt: null, v: 'n' }, // NULL goes to the partition whose lower bound is MINVALUE
    ]);
    expect([ppOf(t, 'p1').rowCount, ppOf(t, 'p2').rowCount, ppOf(t, 'p3').rowCount]).toEqual([2, 2, 0]);
    expect([ppOf(t, 'p1').visibleVersion, ppOf(t, 'p2').visibleVersion, ppOf(t, 'p3').visibleVersion]).toEqual([2, 2, 1]);
  });

  it('rejects a statement with a row outside every partition: nothing published, txn aborted, no files left', async () => {
    fx = newFixture();
    const t = addTable(fx, {
      partitionInfo: { type: 'RANGE', columns: ['dt'], exprText: null, automatic: false },
      partitions: [['p1', rangeBound('2024-01-01', '2024-02-01')]],
    });
    const e = await rejected(
      insertRows(
        fx.fe,
        fx.db,
        t,
        [
          { k: 1, dt: '2024-01-02', v: 'ok' },
          { k: 2, dt: '2025-01-01', v: 'out' },
        ],
        { label: 'L1' },
      ),
    );
    expect(e.code).toBe(5025);
    expect(e.message).toMatch(/^Insert has filtered data in strict mode, tracking_url=/);
    const pp = ppOf(t);
    expect(pp).toMatchObject({ visibleVersion: 1, dataVersion: 1, nextVersion: 2, rowCount: 0 });
    expect(listDir(path.join(dirOf(fx, t, pp), 'data'))).toEqual([]);
    const txn = [...fx.fe.transactions.values()].find((x) => x.label === 'L1')!;
    expect(txn.status).toBe('ABORTED');
    expect(txn.reason).toContain('Insert has filtered data in strict mode');
  });

  it('routes by LIST values and filters values in no list', async () => {
    fx = newFixture();
    const t = addTable(fx, {
      columns: [key('k', 'int(11)'), col('city', 'varchar(20)')],
      partitionInfo: { type: 'LIST', columns: ['city'], exprText: null, automatic: false },
      partitions: [
        ['p_bj', { kind: 'list', values: [['beijing'], ['tianjin']] }],
        ['p_sh', { kind: 'list', values: [['shanghai']] }],
      ],
    });
    await insertRows(fx.fe, fx.db, t, [
      [1, 'beijing'],
      [2, 'tianjin'],
      [3, 'shanghai'],
    ]);
    expect([ppOf(t, 'p_bj').rowCount, ppOf(t, 'p_sh').rowCount]).toEqual([2, 1]);
    const e = await rejected(insertRows(fx.fe, fx.db, t, [[4, 'hangzhou']]));
    expect(e.code).toBe(5025);
  });

  it('honours PARTITION (...) targets', async () => {
    fx = newFixture();
    const t = addTable(fx, {
      partitionInfo: { type: 'RANGE', columns: ['dt'], exprText: null, automatic: false },
      partitions: [
        ['p1', rangeBound(null, '2024-01-01')],
        ['p2', rangeBound('2024-01-01', null)],
      ],
    });
    await insertRows(fx.fe, fx.db, t, [{ k: 1, dt: '2024-05-01', v: 'x' }], { partitionNames: ['P2'] });
    expect(ppOf(t, 'p2').rowCount).toBe(1);
    const e = await rejected(insertRows(fx.fe, fx.db, t, [{ k: 1, dt: '2024-05-01', v: 'x' }], { partitionNames: ['p1'] }));
    expect(e.code).toBe(5025);
  });

  it('creates automatic partitions through the callback (date_trunc and list), else filters the row', async () => {
    fx = newFixture();
    const t = addTable(fx, {
      partitionInfo: { type: 'EXPR_RANGE', columns: ['dt'], exprText: "date_trunc('day', dt)", automatic: true },
      partitions: [],
    });
    // The load asks for the row's partition values; sim/ddl (the one place that names automatic partitions) answers.
    const created: Array<[string, PartitionBound]> = [];
    const createPartition = (values: Array<string | null>) => {
      const spec = autoRangePartition(t, values[0] ?? null);
      created.push([spec.name, spec.bound]);
      return addPartition(fx, t, spec.name, spec.bound);
    };
    await insertRows(
      fx.fe,
      fx.db,
      t,
      [
        { k: 1, dt: '2024-01-05', v: 'a' },
        { k: 2, dt: '2024-01-05', v: 'b' },
        { k: 3, dt: '2024-01-06', v: 'c' },
      ],
      { createPartition },
    );
    expect(created).toEqual([
      ['p20240105', { kind: 'range', lower: ['2024-01-05'], upper: ['2024-01-06'] }],
      ['p20240106', { kind: 'range', lower: ['2024-01-06'], upper: ['2024-01-07'] }],
    ]);
    expect([ppOf(t, 'p20240105').rowCount, ppOf(t, 'p20240106').rowCount]).toEqual([2, 1]);
    expect(ppOf(t, 'p20240105').visibleVersion).toBe(2);
    const e = await rejected(insertRows(fx.fe, fx.db, t, [{ k: 1, dt: '2024-03-01', v: 'a' }]));
    expect(e.code).toBe(5025);

    const l = addTable(fx, {
      name: 'l',
      columns: [key('k', 'int(11)'), col('city', 'varchar(20)')],
      partitionInfo: { type: 'LIST', columns: ['city'], exprText: null, automatic: true },
      partitions: [],
    });
    await insertRows(
      fx.fe,
      fx.db,
      l,
      [
        [1, 'bei-jing'],
        [2, '杭州'],
      ],
      {
        createPartition: (values) => {
          const spec = autoListPartition(l, values);
          return addPartition(fx, l, spec.name, spec.bound);
        },
      },
    );
    expect(l.partitions.map((p) => p.name)).toEqual(['pbeijing', 'p676d5dde']);
  });

  it('filters values that do not fit their column and checks the statement shape first', async () => {
    fx = newFixture();
    const t = addTable(fx);
    for (const bad of [
      { k: null, dt: null, v: 'x' },
      { k: 'abc', dt: null, v: 'x' },
      { k: 1, dt: null, v: 'x'.repeat(11) },
      { k: 2 ** 31, dt: null, v: 'x' },
      { k: 1, dt: '2024-02-30', v: 'x' },
    ]) {
      const e = await rejected(insertRows(fx.fe, fx.db, t, [bad]));
      expect(e.code, JSON.stringify(bad)).toBe(5025);
    }
    const shape = await rejected(insertRows(fx.fe, fx.db, t, [[1, '2024-01-01']]));
    expect(shape.message).toContain("Column count doesn't match value count");
    const unknown = await rejected(insertRows(fx.fe, fx.db, t, [{ k: 1, nope: 2 }]));
    expect(unknown.message).toContain("Unknown column 'nope'");
    expect(ppOf(t).visibleVersion).toBe(1);
  });

  it('refuses a label already used', async () => {
    fx = newFixture();
    const t = addTable(fx);
    await insertRows(fx.fe, fx.db, t, rows(1), { label: 'same' });
    const e = await rejected(insertRows(fx.fe, fx.db, t, rows(1), { label: 'same' }));
    expect(e.message).toBe('Label [same] has already been used.');
  });

  it('serializes concurrent loads into consecutive versions', async () => {
    fx = newFixture();
    const t = addTable(fx, { buckets: 2 });
    await Promise.all([1, 2, 3, 4].map((i) => insertRows(fx.fe, fx.db, t, rows(i))));
    const pp = ppOf(t);
    expect(pp).toMatchObject({ visibleVersion: 5, dataVersion: 5, nextVersion: 6, rowCount: 10 });
  });
});
