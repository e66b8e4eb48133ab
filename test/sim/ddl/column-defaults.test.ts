// Column defaults (literals, CURRENT_TIMESTAMP, function defaults), charsets and type rules of CREATE TABLE columns.
import { describe, expect, it } from 'vitest';
import { shapeRows } from '../../../sim/lake/row-input.js';
import { showCreateTable } from '../../../sim/show/create-table.js';
import { errorOf, fixture } from './helpers.js';

const setup = () => {
  const f = fixture();
  f.run('CREATE DATABASE d1');
  return f;
};
const message = (f: ReturnType<typeof setup>, sql: string) => errorOf(() => f.run(sql)).message;
const show = (f: ReturnType<typeof setup>, t: string) => String(showCreateTable(f.fe, 'd1', t).rows[0]![1]);
const one = (cols: string) => `CREATE TABLE t (k INT, ${cols}) DUPLICATE KEY(k) DISTRIBUTED BY HASH(k) BUCKETS 1`;

describe('function defaults', () => {
  it('uuid(), uuid_numeric() and now() are accepted on their types and printed as SHOW CREATE TABLE prints them', () => {
    const f = setup();
    f.run(
      one(
        'id VARCHAR(36) DEFAULT (uuid()), n LARGEINT DEFAULT (uuid_numeric()), ts DATETIME DEFAULT (now()), ts2 DATETIME DEFAULT CURRENT_TIMESTAMP',
      ),
    );
    const ddl = show(f, 't');
    expect(ddl).toContain('`id` varchar(36) NULL DEFAULT (uuid()) COMMENT ""');
    expect(ddl).toContain('`n` largeint(40) NULL DEFAULT (uuid_numeric()) COMMENT ""');
    expect(ddl).toContain('`ts` datetime NULL DEFAULT CURRENT_TIMESTAMP COMMENT ""');
    expect(ddl).toContain('`ts2` datetime NULL DEFAULT CURRENT_TIMESTAMP COMMENT ""');
    const [row] = shapeRows(f.table('t'), [{ k: 1 }], Date.UTC(2024, 0, 2, 3, 4, 5));
    expect(String(row!['id'])).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect(String(row!['n'])).toMatch(/^\d+$/);
    expect(String(row!['ts'])).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/);
  });

  it.each([
    ['id VARCHAR(10) DEFAULT (uuid())', "Invalid default value for 'id': Varchar type length must be greater than 36 for uuid function"],
    ['id INT DEFAULT (uuid())', "Invalid default value for 'id': Default function uuid() for type INT is not supported"],
    ['n BIGINT DEFAULT (uuid_numeric())', "Invalid default value for 'n': Default function uuid_numeric() for type BIGINT is not supported"],
    ['d DATE DEFAULT (now())', "Invalid default value for 'd': Default function now() for type DATE is not supported"],
    ['s VARCHAR(40) DEFAULT (md5())', "Invalid default value for 's': Default expr for function md5 is not supported"],
  ])('%s is refused', (cols, msg) => {
    expect(message(setup(), one(cols))).toBe(`Getting analyzing error. Detail message: ${msg}.`);
  });
});

describe('literal defaults', () => {
  it.each([
    ['v TINYINT DEFAULT "300"', "Invalid default value for 'v': Number out of range[300]. type: TINYINT"],
    ['v INT DEFAULT " 1"', "Invalid default value for 'v': Invalid number format:  1"],
    ['v ARRAY<INT> DEFAULT "[]"', "Invalid default value for 'v': Default value for complex type 'ARRAY<INT>' not supported"],
    ['v JSON DEFAULT "{}"', "Invalid default value for 'v': Cannot add default value for type 'JSON'"],
    ['v VARCHAR(2) DEFAULT "abc"', "Invalid default value for 'v': Default value is too long: abc"],
  ])('%s is refused', (cols, msg) => {
    expect(message(setup(), one(cols))).toBe(`Getting analyzing error. Detail message: ${msg}.`);
  });

  it('a LARGEINT default takes the full 128-bit range', () => {
    const f = setup();
    f.run(one('v LARGEINT DEFAULT "-170141183460469231731687303715884105728"'));
    expect(f.table('t').columns[1]!.defaultValue).toBe('-170141183460469231731687303715884105728');
  });
});

describe('column charsets', () => {
  it('utf8 is accepted on any column; other charsets are refused with ColumnDef.analyze messages', () => {
    const f = setup();
    f.run(one('s VARCHAR(10) CHARSET utf8, c CHAR(2) CHARACTER SET UTF8, i INT CHAR SET utf8'));
    expect(f.table('t').columns.map((c) => c.type)).toEqual(['int(11)', 'varchar(10)', 'char(2)', 'int(11)']);
    expect(message(setup(), one('s VARCHAR(10) CHARSET gbk'))).toBe(
      'Getting analyzing error. Detail message: charset name gbk is not supported yet in column definition.',
    );
    expect(message(setup(), one('s VARCHAR(10) CHARSET latin1'))).toBe('Getting analyzing error. Detail message: Unknown charset name: latin1.');
    expect(message(setup(), one('i INT CHARSET gbk'))).toBe(
      'Getting analyzing error. Detail message: character setting is only supported for type varchar in column definition.',
    );
  });
});
