import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { SimError } from '../../../sim/fe/errors.js';
import { countRows, scanRows } from '../../../sim/lake/count.js';
import { insertRows } from '../../../sim/lake/load.js';
import { partitionStoragePath } from '../../../sim/lake/layout.js';
import { readTabletMeta, tabletMetaPath } from '../../../sim/lake/tablet-meta.js';
import { addTable, col, dirOf, key, listDir, newFixture, ppOf, rangeBound, type Fixture } from './fixture.js';

let fx: Fixture;
afterEach(() => fx?.cleanup());

function thrown(f: () => unknown): SimError {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(SimError);
    return e as SimError;
  }
  throw new Error('expected an error');
}

describe('countRows', () => {
  it('counts the rows at the visible version, per selected partition', async () => {
    fx = newFixture();
    const t = addTable(fx, {
      partitionInfo: { type: 'RANGE', columns: ['dt'], exprText: null, automatic: false },
      partitions: [
        ['p1', rangeBound(null, '2024-01-01')],
        ['p2', rangeBound('2024-01-01', null)],
      ],
    });
    expect(countRows(fx.fe, fx.db, t)).toBe(0);
    await insertRows(fx.fe, fx.db, t, [
      { k: 1, dt: '2023-01-01' },
      { k: 2, dt: '2024-06-01' },
      { k: 3, dt: '2024-06-02' },
    ]);
    await insertRows(fx.fe, fx.db, t, [{ k: 1, dt: '2023-01-01' }]);
    expect(countRows(fx.fe, fx.db, t)).toBe(4);
    expect(countRows(fx.fe, fx.db, t, ['p1'])).toBe(2);
    expect(countRows(fx.fe, fx.db, t, ['P2'])).toBe(2);
    expect(thrown(() => countRows(fx.fe, fx.db, t, ['p9'])).message).toContain("Unknown partition 'p9'");
  });

  it('reads the visible version only (a newer metadata file is not visible)', async () => {
    fx = newFixture();
    const t = addTable(fx, { buckets: 1 });
    await insertRows(fx.fe, fx.db, t, [{ k: 1 }]);
    const pp = ppOf(t);
    pp.visibleVersion = 1; // pretend version 2 is not published yet
    expect(countRows(fx.fe, fx.db, t)).toBe(0);
  });

  it('merges by key for UNIQUE and PRIMARY tables, aggregates for AGGREGATE tables', async () => {
    fx = newFixture();
    for (const keysType of ['UNIQUE_KEYS', 'PRIMARY_KEYS'] as const) {
      const t = addTable(fx, { name: keysType, keysType, buckets: 2 });
      await insertRows(fx.fe, fx.db, t, [
        { k: 1, v: 'a' },
        { k: 2, v: 'b' },
        { k: 1, v: 'c' },
      ]);
      await insertRows(fx.fe, fx.db, t, [
        { k: 2, v: 'd' },
        { k: 3, v: 'e' },
      ]);
      expect(countRows(fx.fe, fx.db, t), keysType).toBe(3);
      expect(
        scanRows(fx.fe, fx.db, t)
          .sort((a, b) => Number(a['k']) - Number(b['k']))
          .map((r) => r['v']),
      ).toEqual(['c', 'd', 'e']);
    }
    const agg = addTable(fx, {
      name: 'agg',
      keysType: 'AGG_KEYS',
      columns: [
        key('k', 'int(11)'),
        col('s', 'bigint(20)', { aggType: 'SUM' }),
        col('m', 'int(11)', { aggType: 'MAX' }),
        col('d', 'decimal(10, 2)', { aggType: 'SUM' }),
      ],
    });
    await insertRows(fx.fe, fx.db, agg, [
      [1, 5, 3, '1.25'],
      [1, 7, 9, '2.5'],
    ]);
    await insertRows(fx.fe, fx.db, agg, [
      [1, 1, 4, '0.25'],
      [2, 1, 1, null],
    ]);
    expect(countRows(fx.fe, fx.db, agg)).toBe(2);
    expect(scanRows(fx.fe, fx.db, agg).find((r) => r['k'] === 1)).toEqual({ k: 1, s: 13, m: 9, d: '4.00' });
    const dup = addTable(fx, { name: 'dup' });
    await insertRows(fx.fe, fx.db, dup, [{ k: 1 }, { k: 1 }]);
    expect(countRows(fx.fe, fx.db, dup)).toBe(2);
  });

  it('fails naming the object when a segment file is missing', async () => {
    fx = newFixture();
    const t = addTable(fx, { buckets: 2 });
    await insertRows(fx.fe, fx.db, t, [{ k: 1 }, { k: 2 }, { k: 3 }, { k: 4 }]);
    const pp = ppOf(t);
    const dir = dirOf(fx, t, pp);
    const victim = listDir(path.join(dir, 'data'))[0]!;
    fs.unlinkSync(path.join(dir, 'data', victim));
    const e = thrown(() => countRows(fx.fe, fx.db, t));
    expect(e.code).toBe(1064);
    expect(e.message).toBe(`Not found: ${partitionStoragePath(fx.fe, fx.db, t, pp)}/data/${victim}: No such file or directory`);
  });

  it('fails when the visible tablet metadata is missing', async () => {
    fx = newFixture();
    const t = addTable(fx, { buckets: 1 });
    await insertRows(fx.fe, fx.db, t, [{ k: 1 }]);
    const pp = ppOf(t);
    const tablet = pp.indexes[0]!.tablets[0]!.id;
    expect(readTabletMeta(dirOf(fx, t, pp), tablet, 2)).not.toBeNull();
    fs.unlinkSync(tabletMetaPath(dirOf(fx, t, pp), tablet, 2));
    const e = thrown(() => countRows(fx.fe, fx.db, t));
    expect(e.message).toMatch(/^Not found: s3:\/\/.*\/meta\/[0-9A-F]{16}_0000000000000002\.meta: No such file or directory$/);
  });
});
