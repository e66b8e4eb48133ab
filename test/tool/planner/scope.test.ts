import { describe, expect, it } from 'vitest';
import { parseDataList } from '../../../src/planner/config.js';
import { makeScope } from '../../../src/planner/scope.js';

describe('parseDataList', () => {
  it('splits db and db.table entries, trimming blanks', () => {
    expect(parseDataList(' db1, db2.tbl2 ,db3,, ')).toEqual([{ db: 'db1' }, { db: 'db2', table: 'tbl2' }, { db: 'db3' }]);
    expect(parseDataList('')).toEqual([]);
  });
});

describe('scope', () => {
  // [include, exclude, db, table, object in scope, database in scope, whole database]
  const cases: Array<[string, string, string, string, boolean, boolean, boolean]> = [
    ['', '', 'db1', 't1', true, true, true],
    ['db1', '', 'db1', 't1', true, true, true],
    ['db1', '', 'db2', 't1', false, false, false],
    ['db1.t1', '', 'db1', 't1', true, true, false],
    ['db1.t1', '', 'db1', 't2', false, true, false],
    ['', 'db1', 'db1', 't1', false, false, false],
    ['', 'db1', 'db2', 't1', true, true, true],
    ['', 'db1.t1', 'db1', 't1', false, true, false],
    ['', 'db1.t1', 'db1', 't2', true, true, false],
    // include wins on a tie; the more specific entry wins otherwise
    ['db1', 'db1', 'db1', 't1', true, true, true],
    ['db1.t1', 'db1.t1', 'db1', 't1', true, true, false],
    ['db1.t1', 'db1', 'db1', 't1', true, true, false],
    ['db1', 'db1.t2', 'db1', 't2', false, true, false],
    ['db1', 'db1.t2', 'db1', 't1', true, true, false],
    // exact, case-sensitive matching
    ['DB1', '', 'db1', 't1', false, false, false],
    ['db1.T1', '', 'db1', 't1', false, true, false],
    ['', 'db1.T1', 'db1', 't1', true, true, false],
  ];
  it.each(cases)('include=%j exclude=%j: %s.%s', (inc, exc, db, t, obj, dbIn, whole) => {
    const s = makeScope({ includeDataList: parseDataList(inc), excludeDataList: parseDataList(exc) });
    expect([s.object(db, t), s.database(db), s.wholeDatabase(db)]).toEqual([obj, dbIn, whole]);
  });
});
