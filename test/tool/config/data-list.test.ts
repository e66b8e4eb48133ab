// Issue 11, item 7: names the manual's unquoted form cannot express (`.`, `,`, a trailing space) are written with
// backtick-quoted parts, StarRocks' quoting (a backtick inside doubled); the unquoted form reads exactly as before.
import { describe, expect, it } from 'vitest';
import { formatDataListEntry, parseDataListText } from '../../../src/config/data-list.js';
import { describeConfig } from '../../../src/config/redact.js';
import { makeScope, unmatchedSelection, type SelectionSource } from '../../../src/planner/scope.js';
import { errorOf, HOSTS, parse } from './helpers.js';

const list = (text: string) => parse(`${HOSTS}include_data_list=${text}\n`).config.includeDataList;
/** The planner's form of the parsed entries (the engine maps them the same way). */
const planner = (text: string) => list(text).map((e) => (e.table === null ? { db: e.db } : { db: e.db, table: e.table }));

describe('the unquoted form is read exactly as before', () => {
  it.each([
    [
      'db1, db2.tbl2,db3',
      [
        { db: 'db1', table: null },
        { db: 'db2', table: 'tbl2' },
        { db: 'db3', table: null },
      ],
    ],
    ['  db1 . t1 ,, ,db1.t1', [{ db: 'db1', table: 't1' }]],
    ['my db.my table', [{ db: 'my db', table: 'my table' }]],
    ['', []],
    ['数据库.表', [{ db: '数据库', table: '表' }]],
  ])('%j', (text, want) => {
    expect(list(text)).toEqual(want);
  });

  it.each(['a.b.c', 'db.', '.tbl', 'db..t'])('%j is still refused', (text) => {
    expect(errorOf(`${HOSTS}include_data_list=${text}\n`).message).toContain(`has entry '${text}', which is not <db> or <db>.<table>`);
  });
});

describe('backtick-quoted parts', () => {
  it.each([
    ['`db`.`a.b`', [{ db: 'db', table: 'a.b' }]],
    ['`db`.`a.b, c `', [{ db: 'db', table: 'a.b, c ' }]],
    [
      'db.`t,1`, `x``y`',
      [
        { db: 'db', table: 't,1' },
        { db: 'x`y', table: null },
      ],
    ],
    [
      '  `d b` . `t`  , other',
      [
        { db: 'd b', table: 't' },
        { db: 'other', table: null },
      ],
    ],
    ['`*`.`%`', [{ db: '*', table: '%' }]],
    ['`db`.t, db.`t`', [{ db: 'db', table: 't' }]],
  ])('%j', (text, want) => {
    expect(list(text)).toEqual(want);
  });

  it.each([
    ['`db', 'is not closed'],
    ['`db`x.t', 'has text right after a quoted name'],
    ['``.t', 'has an empty quoted name'],
    ['a`b', 'has a backtick inside a name'],
    ['`a`.`b`.`c`', 'which is not <db> or <db>.<table>'],
  ])('%j is refused with one line', (text, why) => {
    const e = errorOf(`${HOSTS}exclude_data_list=${text}\n`);
    expect(e.exitCode).toBe(2);
    expect(e.message).toMatch(/^conf\/sync\.properties: exclude_data_list = .* \(line 3\)$/);
    expect(e.message).toContain(why);
  });

  it('round trip: entries are printed so that they read back the same (the effective configuration)', () => {
    const text = 'plain, db.t, `a.b`.`x, y `, `q``q`.`t.`';
    const entries = list(text);
    const printed = entries.map(formatDataListEntry).join(',');
    expect(printed).toBe('plain,db.t,`a.b`.`x, y `,`q``q`.`t.`');
    expect(parseDataListText(printed)).toEqual(entries);
    expect(describeConfig(parse(`${HOSTS}include_data_list=${text}\n`).config)).toContain(`include_data_list=${printed}`);
  });
});

describe('scope matching uses the parsed parts', () => {
  const src: SelectionSource = {
    databases: new Map([
      [
        'db',
        {
          tables: new Map<string, unknown>([
            ['a.b, c ', 1],
            ['a', 1],
            ['plain', 1],
          ]),
        },
      ],
      ['a', { tables: new Map<string, unknown>([['b, c ', 1]]) }],
    ]),
  };

  it('`db`.`a.b, c ` selects exactly that table, not db.a nor a.`b, c `', () => {
    const scope = makeScope({ includeDataList: planner('`db`.`a.b, c `'), excludeDataList: [] });
    expect(scope.object('db', 'a.b, c ')).toBe(true);
    expect(scope.object('db', 'a')).toBe(false);
    expect(scope.object('a', 'b, c ')).toBe(false);
    expect(scope.database('db')).toBe(true);
    expect(scope.database('a')).toBe(false);
  });

  it('an excluded quoted table leaves the rest of its database in scope', () => {
    const scope = makeScope({ includeDataList: [], excludeDataList: planner('db.`a.b, c `') });
    expect(scope.object('db', 'a.b, c ')).toBe(false);
    expect(scope.object('db', 'plain')).toBe(true);
  });

  it('unmatchedSelection matches the parsed names and prints unmatched entries quoted', () => {
    expect(unmatchedSelection({ includeDataList: planner('`db`.`a.b, c `, a.`b, c `'), excludeDataList: [] }, src)).toEqual([]);
    expect(unmatchedSelection({ includeDataList: planner('`db`.`a.b, c`, `no.db`, db.`x``y`'), excludeDataList: planner('`a`') }, src)).toEqual([
      { key: 'include_data_list', entry: 'db.`a.b, c`', kind: 'table' },
      { key: 'include_data_list', entry: '`no.db`', kind: 'database' },
      { key: 'include_data_list', entry: 'db.`x``y`', kind: 'table' },
    ]);
  });
});
