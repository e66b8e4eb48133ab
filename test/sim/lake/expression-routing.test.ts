// Loads into expression-partitioned tables: automatic date_trunc partitions (one per unit, not per value) and
// RANGE(str2date / from_unixtime) tables routed by the expression's value.
import { afterEach, describe, expect, it } from 'vitest';
import { autoListPartition, autoRangePartition } from '../../../sim/ddl/partitions.js';
import { SimError } from '../../../sim/fe/errors.js';
import { insertRows } from '../../../sim/lake/load.js';
import { addPartition, addTable, col, key, newFixture, ppOf, rangeBound, type Fixture } from './fixture.js';

let fx: Fixture;
afterEach(() => fx?.cleanup());

describe('loading expression-partitioned tables', () => {
  it('date_trunc(day) over DATETIME creates one partition per day, whatever the time of day', async () => {
    fx = newFixture();
    const t = addTable(fx, {
      columns: [key('k', 'int(11)'), col('ts', 'datetime')],
      partitionInfo: { type: 'EXPR_RANGE', columns: ['ts'], exprText: "date_trunc('day', ts)", automatic: true },
      partitions: [],
    });
    const made: string[] = [];
    await insertRows(
      fx.fe,
      fx.db,
      t,
      [
        { k: 1, ts: '2025-02-03 00:00:01' },
        { k: 2, ts: '2025-02-03 23:59:59' },
        { k: 3, ts: '2025-02-04 08:00:00' },
        { k: 4, ts: '2025-02-03 12:30:00' },
      ],
      {
        createPartition: (values) => {
          const spec = autoRangePartition(t, values[0] ?? null);
          made.push(spec.name);
          return addPartition(fx, t, spec.name, spec.bound);
        },
      },
    );
    expect(made).toEqual(['p20250203', 'p20250204']);
    expect(t.partitions.find((p) => p.name === 'p20250203')!.bound).toEqual(rangeBound('2025-02-03 00:00:00', '2025-02-04 00:00:00'));
    expect([ppOf(t, 'p20250203').rowCount, ppOf(t, 'p20250204').rowCount]).toEqual([3, 1]);
  });

  it('RANGE(str2date(col, fmt)) routes by the parsed date and never creates partitions', async () => {
    fx = newFixture();
    const t = addTable(fx, {
      columns: [col('day_text', 'varchar(20)'), col('v', 'int(11)')],
      partitionInfo: { type: 'EXPR_RANGE_V2', columns: ['day_text'], exprText: "str2date(day_text, '%Y%m%d')", automatic: false },
      distribution: 'RANDOM',
      partitions: [],
    });
    addPartition(fx, t, 'p20250301', rangeBound('2025-03-01', '2025-03-02'));
    addPartition(fx, t, 'p20250302', rangeBound('2025-03-02', '2025-03-03'));
    await insertRows(fx.fe, fx.db, t, [
      { day_text: '20250302', v: 1 },
      { day_text: '20250301', v: 2 },
      { day_text: '20250302', v: 3 },
    ]);
    expect([ppOf(t, 'p20250301').rowCount, ppOf(t, 'p20250302').rowCount]).toEqual([1, 2]);
    const e = await insertRows(fx.fe, fx.db, t, [{ day_text: '20250401', v: 9 }]).then(
      () => null,
      (x: unknown) => x,
    );
    expect(e).toBeInstanceOf(SimError);
    expect(t.partitions).toHaveLength(2);
  });

  it('routes by generated partition columns, computed from the row, one partition per distinct value', async () => {
    fx = newFixture();
    const t = addTable(fx, {
      columns: [
        key('id', 'int(11)'),
        col('d', 'date'),
        col('sku', 'varchar(20)'),
        col('__generated_partition_column_0', 'date', { generatedExpr: "date_trunc('month', `d`)" }),
        col('__generated_partition_column_1', 'varchar(1048576)', { generatedExpr: 'substr(`sku`, 1, 2)' }),
      ],
      partitionInfo: { type: 'LIST', columns: ['__generated_partition_column_0', '__generated_partition_column_1'], exprText: null, automatic: true },
      distributionColumns: ['id'],
      partitions: [],
    });
    await insertRows(
      fx.fe,
      fx.db,
      t,
      [
        { id: 1, d: '2025-01-05', sku: 'AB-1' },
        { id: 2, d: '2025-01-30', sku: 'AB-2' },
        { id: 3, d: '2025-02-01', sku: 'AB-3' },
        { id: 4, d: '2025-01-02', sku: 'CD-4' },
      ],
      {
        createPartition: (values) => {
          const spec = autoListPartition(t, values);
          return addPartition(fx, t, spec.name, spec.bound);
        },
      },
    );
    expect(t.partitions.map((p) => p.name)).toEqual(['p20250101_AB', 'p20250201_AB', 'p20250101_CD']);
    expect(ppOf(t, 'p20250101_AB').rowCount).toBe(2);
  });
});
