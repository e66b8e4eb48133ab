// The information_schema scans give the rows of their tables, and rangeToString's memo (keyed by the bound's
// content and the column types) never answers for another bound.
import { describe, expect, it } from 'vitest';
import { columnsScan, columnsTable } from '../../../sim/show/info-schema/columns.js';
import { informationSchemaTable } from '../../../sim/show/info-schema/index.js';
import { partitionsMetaScan, partitionsMetaTable } from '../../../sim/show/info-schema/partitions-meta.js';
import { tablesConfigScan, tablesConfigTable } from '../../../sim/show/info-schema/tables-config.js';
import { rangeToString } from '../../../sim/show/partition-text.js';
import { isScannable } from '../../../sim/show/result-set.js';
import { addDb, addTable, addView, col, key, newFe, range } from './fixtures.js';

function world() {
  const fe = newFe();
  const d = addDb(fe, 'd');
  const e = addDb(fe, 'e');
  addTable(fe, d, {
    name: 't',
    keysType: 'PRIMARY_KEYS',
    columns: [key('dt', 'date'), key('id', 'bigint(20)'), col('name', 'varchar(32)', { comment: 'who' })],
    partitionInfo: { type: 'RANGE', columns: ['dt'], exprText: null, automatic: false },
    partitions: [
      { name: 'p1', bound: range(['2024-01-01'], ['2024-02-01']), physical: 2 },
      { name: 'tp', bound: range(['2024-02-01'], ['2024-03-01']), temp: true },
      { name: 'p2', bound: range(['2024-02-01'], [null]) },
    ],
  });
  addTable(fe, e, { name: 'u', columns: [key('k', 'int(11)'), col('v', 'varchar(10)', { aggType: 'REPLACE' })], keysType: 'AGG_KEYS' });
  addView(fe, d, 'v', 'SELECT id, name AS who FROM t');
  return fe;
}

describe('information_schema scans', () => {
  it('visit the rows of their tables, in order, with and without hints', () => {
    const fe = world();
    for (const hints of [{}, { dbNames: new Set(['d']) }, { dbNames: new Set(['e']), tableNames: new Set(['u']) }, { tableNames: new Set(['v']) }]) {
      expect(partitionsMetaScan(fe, hints).rows).toEqual(partitionsMetaTable(fe, hints).rows);
      expect(columnsScan(fe, hints).rows).toEqual(columnsTable(fe, hints).rows);
      expect(tablesConfigScan(fe, hints).rows).toEqual(tablesConfigTable(fe, hints).rows);
    }
    expect(partitionsMetaTable(fe).rows.map((r) => r[2])).toEqual(['p1', 'p1', 'p2', 'tp', 'u']);
  });

  it('are what SELECT reads for partitions_meta, columns and tables_config', () => {
    const fe = world();
    for (const name of ['partitions_meta', 'COLUMNS', 'tables_config']) expect(isScannable(informationSchemaTable(fe, name)!)).toBe(true);
    expect(isScannable(informationSchemaTable(fe, 'tables')!)).toBe(false);
    expect(informationSchemaTable(fe, 'columns')!.columns).toEqual(columnsTable(fe).columns);
  });
});

describe('rangeToString', () => {
  const fe = newFe();
  const db = addDb(fe, 'r');
  const two = addTable(fe, db, {
    name: 'two',
    columns: [key('a', 'varchar(10)'), key('b', 'varchar(10)')],
    partitionInfo: { type: 'RANGE', columns: ['a', 'b'], exprText: null, automatic: false },
    partitions: [
      { name: 'x', bound: range(['a', 'b,c'], ['-', null]) },
      { name: 'y', bound: range(['a,b', 'c'], [null, '-']) },
      { name: 'z', bound: range(['a', '1:b,c'], ['-,', null]) },
    ],
  });
  const dated = (type: string) =>
    addTable(fe, db, {
      name: `d_${type}`,
      columns: [key('k', type)],
      partitionInfo: { type: 'RANGE', columns: ['k'], exprText: null, automatic: false },
      partitions: [{ name: 'p', bound: range(['2024-01-01'], ['2024-01-02']) }],
    });

  it('prints each bound by its own values, however they would join', () => {
    const [x, y, z] = two.partitions;
    const t = 'types: [VARCHAR, VARCHAR]';
    expect(rangeToString(two, x!)).toBe(`[${t}; keys: [a, b,c]; ..${t}; keys: [-, MAXVALUE]; )`);
    expect(rangeToString(two, y!)).toBe(`[${t}; keys: [a,b, c]; ..${t}; keys: [MAXVALUE, -]; )`);
    expect(rangeToString(two, z!)).toBe(`[${t}; keys: [a, 1:b,c]; ..${t}; keys: [-,, MAXVALUE]; )`);
    expect(rangeToString(two, x!)).toBe(`[${t}; keys: [a, b,c]; ..${t}; keys: [-, MAXVALUE]; )`);
  });

  it('prints the same values by the column types', () => {
    const d = dated('date');
    expect(rangeToString(d, d.partitions[0]!)).toBe('[types: [DATE]; keys: [2024-01-01]; ..types: [DATE]; keys: [2024-01-02]; )');
    const dt = dated('datetime');
    expect(rangeToString(dt, dt.partitions[0]!)).toBe(
      '[types: [DATETIME]; keys: [2024-01-01 00:00:00]; ..types: [DATETIME]; keys: [2024-01-02 00:00:00]; )',
    );
  });

  it('follows a bound changed in place, and stays right past the memo size', () => {
    const t = dated('date');
    const p = t.partitions[0]!;
    expect(rangeToString(t, p)).toBe('[types: [DATE]; keys: [2024-01-01]; ..types: [DATE]; keys: [2024-01-02]; )');
    if (p.bound.kind !== 'range') throw new Error('range expected');
    p.bound.upper[0] = '2024-01-03';
    expect(rangeToString(t, p)).toBe('[types: [DATE]; keys: [2024-01-01]; ..types: [DATE]; keys: [2024-01-03]; )');
    for (let i = 0; i < 12_000; i++) {
      expect(rangeToString(two, { ...p, bound: range(['a', String(i)], [String(i), null]) })).toContain(`keys: [a, ${i}]; ..`);
    }
  });
});
