// Parsing SHOW CREATE USER / SHOW GRANTS as StarRocks prints them (sim/fidelity/privileges.md items 12-15), and the
// reader: digests only, `<secret>` → users skipped (roles still read), a failed SHOW GRANTS → that grantee's grants unknown.
import { describe, expect, it } from 'vitest';
import type { Row } from '../../../src/cluster/sql-client.js';
import { parseCreateUser, parseGrantRow, parseIdentity, parseQuotedList, readPrivileges } from '../../../src/inspector/privileges.js';

const DIGEST = '*2470C0C06DEE42FD1618BB99005ADCA2EC9D1E19';
const DBS = new Set(['sales', 'a.b']);

describe('SHOW CREATE USER', () => {
  it.each([
    ['newline-separated (the doc example)', `CREATE USER 'u1'@'%'\nIDENTIFIED WITH mysql_native_password AS '${DIGEST}'\nDEFAULT ROLE 'r2', 'r1'`],
    ['space-separated', `CREATE USER 'u1'@'%' IDENTIFIED WITH mysql_native_password AS '${DIGEST.toLowerCase()}' DEFAULT ROLE 'r2', 'r1'`],
  ])('%s: identity, plugin, upper-case digest, sorted default roles', (_what, text) => {
    expect(parseCreateUser(text)).toEqual({ user: 'u1', host: '%', plugin: 'mysql_native_password', digest: DIGEST, defaultRoles: ['r1', 'r2'] });
  });

  it('no password, no default role; <secret> kept as the placeholder; garbage → null', () => {
    expect(parseCreateUser("CREATE USER 'nopw'@'10.0.%'")).toEqual({ user: 'nopw', host: '10.0.%', plugin: '', digest: '', defaultRoles: [] });
    expect(parseCreateUser("CREATE USER 'u'@'%'\nIDENTIFIED WITH mysql_native_password AS '<secret>'")?.digest).toBe('<secret>');
    expect(parseCreateUser('SELECT 1')).toBeNull();
  });

  it('identities and quoted lists', () => {
    expect(parseIdentity("'jack'@'%'")).toEqual({ user: 'jack', host: '%' });
    expect(parseIdentity('jack')).toBeNull();
    expect(parseQuotedList("'a', 'b c'")).toEqual(['a', 'b c']);
  });
});

describe('SHOW GRANTS rows', () => {
  it.each([
    [
      "GRANT SELECT, INSERT ON TABLE sales.orders TO USER 'u1'@'%'",
      'default_catalog',
      { kind: 'table', type: 'TABLE', db: 'sales', name: 'orders' },
      ['SELECT', 'INSERT'],
      false,
    ],
    [
      "GRANT SELECT ON TABLE a.b.t.1 TO USER 'u1'@'%'",
      'default_catalog',
      { kind: 'table', type: 'TABLE', db: 'a.b', name: 't.1' },
      ['SELECT'],
      false,
    ],
    [
      "GRANT SELECT ON MATERIALIZED VIEW sales.mv1 TO ROLE 'r1' WITH GRANT OPTION",
      'default_catalog',
      { kind: 'table', type: 'MATERIALIZED VIEW', db: 'sales', name: 'mv1' },
      ['SELECT'],
      true,
    ],
    [
      "GRANT CREATE TABLE, DROP ON DATABASE sales TO ROLE 'r1'",
      'default_catalog',
      { kind: 'database', name: 'sales' },
      ['CREATE TABLE', 'DROP'],
      false,
    ],
    [
      "GRANT SELECT ON ALL TABLES IN DATABASE sales TO USER 'u1'@'%'",
      'default_catalog',
      { kind: 'all', plural: 'TABLES', db: 'sales', inAllDatabases: false },
      ['SELECT'],
      false,
    ],
    [
      "GRANT SELECT ON ALL TABLES IN ALL DATABASES TO USER 'u1'@'%'",
      null,
      { kind: 'all', plural: 'TABLES', db: null, inAllDatabases: true },
      ['SELECT'],
      false,
    ],
    ["GRANT OPERATE ON SYSTEM TO USER 'u1'@'%'", 'default_catalog', { kind: 'system' }, ['OPERATE'], false],
    ["GRANT USAGE ON STORAGE VOLUME v1 TO ROLE 'r1'", 'default_catalog', { kind: 'storage_volume', name: 'v1' }, ['USAGE'], false],
    ["GRANT USAGE ON FUNCTION sales.f(INT) TO ROLE 'r1'", 'default_catalog', { kind: 'other', text: 'FUNCTION sales.f(INT)' }, ['USAGE'], false],
    ["GRANT SELECT ON TABLE ext_db.t TO USER 'u1'@'%'", 'hive1', { kind: 'other', text: 'TABLE ext_db.t (catalog hive1)' }, ['SELECT'], false],
  ])('%s', (text, catalog, object, privileges, withGrantOption) => {
    const r = parseGrantRow(text, catalog, DBS);
    expect(r?.kind).toBe('grant');
    if (r?.kind !== 'grant') return;
    expect(r.grant.object).toEqual(object);
    expect(r.grant.privileges).toEqual(privileges);
    expect(r.grant.withGrantOption).toBe(withGrantOption);
  });

  it('role rows: roles of a user, parents of a role', () => {
    expect(parseGrantRow("GRANT 'r1', 'r2' TO 'u1'@'%'", null, DBS)).toEqual({ kind: 'roles', roles: ['r1', 'r2'] });
    expect(parseGrantRow("GRANT 'p' TO ROLE r1", null, DBS)).toEqual({ kind: 'roles', roles: ['p'] });
  });
});

/** A fake cluster answering the reader's statements from a table of answers. */
function fakeSql(answers: Record<string, Row[] | Error>): { query(sql: string): Promise<Row[]>; seen: string[] } {
  const seen: string[] = [];
  return {
    seen,
    query: async (sql: string) => {
      seen.push(sql);
      const a = answers[sql];
      if (a === undefined) throw new Error(`unexpected statement: ${sql}`);
      if (a instanceof Error) throw a;
      return a;
    },
  };
}

const ROLES: Record<string, Row[] | Error> = {
  'SHOW ROLES': [
    { Name: 'root', Builtin: 'true', Comment: 'x' },
    { Name: 'r1', Builtin: 'false', Comment: '\\N' },
  ],
  'SHOW GRANTS FOR ROLE `root`': [],
  'SHOW GRANTS FOR ROLE `r1`': [{ UserIdentity: 'r1', Catalog: 'default_catalog', Grants: "GRANT SELECT ON TABLE sales.orders TO ROLE 'r1'" }],
};

describe('readPrivileges', () => {
  it('reads users by digest with their grants, and roles with theirs; statements quote identities', async () => {
    const sql = fakeSql({
      ...ROLES,
      'SHOW USERS': [{ User: "'root'@'%'" }, { User: "'it''s'@'%'" }],
      "SHOW CREATE USER 'root'@'%'": [
        { User: "'root'@'%'", 'Create User': `CREATE USER 'root'@'%'\nIDENTIFIED WITH mysql_native_password AS '${DIGEST}'\nDEFAULT ROLE 'root'` },
      ],
      "SHOW GRANTS FOR 'root'@'%'": [{ UserIdentity: "'root'@'%'", Catalog: null, Grants: "GRANT 'root' TO 'root'@'%'" }],
      "SHOW CREATE USER 'it\\'\\'s'@'%'": [{ User: "'it''s'@'%'", 'Create User': "CREATE USER 'it''s'@'%'" }],
      "SHOW GRANTS FOR 'it\\'\\'s'@'%'": new Error('boom'),
    });
    const p = await readPrivileges(sql, DBS, 1);
    expect(p.roles.map((r) => [r.name, r.builtin, r.grants?.length])).toEqual([
      ['root', true, 0],
      ['r1', false, 1],
    ]);
    expect(p.users?.map((u) => [u.user, u.digest, u.roles, u.grants])).toEqual([
      ['root', DIGEST, ['root'], []],
      ["it''s", '', [], null],
    ]);
  });

  it('<secret> (no SHOW SECRET): users skipped with the reason, roles still read', async () => {
    const sql = fakeSql({
      ...ROLES,
      'SHOW USERS': [{ User: "'u1'@'%'" }],
      "SHOW CREATE USER 'u1'@'%'": [{ User: "'u1'@'%'", 'Create User': "CREATE USER 'u1'@'%'\nIDENTIFIED WITH mysql_native_password AS '<secret>'" }],
    });
    const p = await readPrivileges(sql, DBS, 1);
    expect(p.users).toBeNull();
    expect(p.usersUnreadable).toMatch(/SHOW SECRET/);
    expect(p.roles).toHaveLength(2);
    expect(sql.seen.some((s) => s.startsWith("SHOW GRANTS FOR 'u1'"))).toBe(false);
  });
});
