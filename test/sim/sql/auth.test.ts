// Parsing of the account statements added for privilege sync (sim/sql/parse-auth.ts, sim/sql/ast-auth.ts).
import { describe, expect, it } from 'vitest';
import { parse } from '../../../sim/sql/parser.js';
import { parseError } from './helpers.js';

describe('account statements', () => {
  it.each([
    [
      "CREATE USER 'u' IDENTIFIED WITH mysql_native_password AS '*ABC'",
      { kind: 'createUser', password: '*ABC', passwordHashed: true, authPlugin: 'mysql_native_password' },
    ],
    ["CREATE USER 'u' IDENTIFIED WITH mysql_native_password BY 'pw'", { kind: 'createUser', password: 'pw', passwordHashed: false }],
    [
      "ALTER USER 'u'@'%' IDENTIFIED BY 'pw'",
      { kind: 'alterUser', ifExists: false, user: { user: 'u', host: '%' }, password: 'pw', passwordHashed: false, defaultRoles: null },
    ],
    [
      "ALTER USER IF EXISTS u IDENTIFIED WITH mysql_native_password AS '*X' DEFAULT ROLE r1, r2",
      { kind: 'alterUser', ifExists: true, password: '*X', passwordHashed: true, defaultRoles: ['r1', 'r2'] },
    ],
    ["CREATE ROLE IF NOT EXISTS r1 COMMENT 'c'", { kind: 'createRole', ifNotExists: true, roles: ['r1'], comment: 'c' }],
    ['CREATE ROLE a, b', { kind: 'createRole', roles: ['a', 'b'], comment: null }],
    ['DROP ROLE IF EXISTS r1', { kind: 'dropRole', ifExists: true, roles: ['r1'] }],
    ["SET DEFAULT ROLE ALL TO 'u'@'%'", { kind: 'setDefaultRole', mode: 'ALL', roles: [], user: { user: 'u' } }],
    ["SET DEFAULT ROLE NONE TO 'u'", { kind: 'setDefaultRole', mode: 'NONE' }],
    ["SET DEFAULT ROLE r1, 'r2' TO u", { kind: 'setDefaultRole', mode: 'ROLES', roles: ['r1', 'r2'] }],
    ['SHOW USERS', { kind: 'showUsers' }],
    ['SHOW ROLES', { kind: 'showRoles' }],
    ["SHOW CREATE USER 'u'@'%'", { kind: 'showCreateUser', user: { user: 'u', host: '%' } }],
    ['SHOW CREATE USER CURRENT_USER()', { kind: 'showCreateUser', user: null }],
    ['SHOW GRANTS FOR CURRENT_USER', { kind: 'showGrants', user: null }],
    ['SHOW GRANTS FOR ROLE r', { kind: 'showGrants', role: 'r' }],
    ["GRANT SHOW SECRET ON SYSTEM TO USER 'u'", { kind: 'grantPrivileges', privileges: ['SHOW SECRET'], object: { kind: 'system' } }],
  ])('%s', (sql, expected) => {
    expect(parse(sql)).toMatchObject(expected);
  });

  it.each(['SHOW ALL GRANTS', "ALTER USER 'u'", 'SET DEFAULT ROLE r1', 'CREATE ROLE', "CREATE USER 'u' LOCK"])('refuses %s', (sql) => {
    expect(parseError(sql).code).toBe(1064);
  });
});
