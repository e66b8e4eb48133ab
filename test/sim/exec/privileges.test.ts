// Users, roles, grants and their enforcement in the simulated FE (sim/exec/users.ts, auth-exec.ts, privileges.ts,
// sim/show/grants.ts), driven by SQL text through the statement executor as root and as other users.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ensureBuiltinStorageVolume, setDdlHooks } from '../../../sim/ddl/index.js';
import { nativeDigest } from '../../../sim/exec/auth-model.js';
import { StatementExecutor } from '../../../sim/exec/executor.js';
import { UserStore } from '../../../sim/exec/users.js';
import { SimError } from '../../../sim/fe/errors.js';
import { defaultOptions, FeState } from '../../../sim/fe/state.js';
import { Lake } from '../../../sim/lake/lake.js';
import type { Session } from '../../../sim/server/session.js';

type Row = Array<string | null>;
let dir: string;
let fe: FeState;
let users: UserStore;
let executor: StatementExecutor;

function build(data?: ReturnType<FeState['toData']>): void {
  fe = new FeState(defaultOptions({ name: 'p', objectStore: dir, cnCount: 1 }), data);
  const lake = new Lake(fe);
  setDdlHooks(fe, lake.ddlHooks());
  if (!data) ensureBuiltinStorageVolume(fe);
  users = new UserStore(fe.users, () => fe.onChange());
  executor = new StatementExecutor({ fe, lake, users, latency: () => 0 });
}

const session = (user: string, currentDb: string | null = null): Session => ({
  connectionId: 1,
  user,
  currentDb,
  variables: new Map(),
  remoteAddress: '127.0.0.1',
});

async function as(user: string, sql: string, db: string | null = null): Promise<{ columns: string[]; rows: Row[] }> {
  const r = await executor.execute(session(user, db), sql);
  return r.kind === 'ok' ? { columns: [], rows: [] } : { columns: r.columns.map((c) => c.name), rows: r.rows };
}
const root = (sql: string) => as('root', sql);
async function fails(user: string, sql: string, db: string | null = null): Promise<SimError> {
  try {
    await executor.execute(session(user, db), sql);
  } catch (e) {
    if (e instanceof SimError) return e;
    throw e;
  }
  throw new Error(`expected an error from: ${sql}`);
}
const grants = async (who: string) => (await root(`SHOW GRANTS FOR ${who}`)).rows.map((r) => r[2]);

beforeEach(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'sim-priv-'));
  build();
  await root('CREATE DATABASE d1');
  await root('CREATE TABLE d1.t1 (k INT) DUPLICATE KEY(k) DISTRIBUTED BY HASH(k) BUCKETS 1');
  await root('CREATE TABLE d1.t2 (k INT) DUPLICATE KEY(k) DISTRIBUTED BY HASH(k) BUCKETS 1');
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('users', () => {
  it('CREATE USER stores the mysql_native_password digest; SHOW CREATE USER prints it (root holds SHOW SECRET)', async () => {
    await root("CREATE USER 'jack'@'%' IDENTIFIED BY '123456'");
    const r = await root("SHOW CREATE USER 'jack'@'%'");
    expect(r.columns).toEqual(['User', 'Create User']);
    expect(r.rows).toEqual([
      ["'jack'@'%'", "CREATE USER 'jack'@'%'\nIDENTIFIED WITH mysql_native_password AS '*6BB4837EB74329105EE4568DDA7DC67ED2CA2AD9'"],
    ]);
    expect(nativeDigest('123456')).toBe('*6BB4837EB74329105EE4568DDA7DC67ED2CA2AD9');
  });

  it('IDENTIFIED WITH mysql_native_password AS digest round-trips; DEFAULT ROLE is rendered sorted; no password = one line', async () => {
    await root('CREATE ROLE zeta');
    await root('CREATE ROLE alpha');
    await root(
      "CREATE USER 'amy'@'10.%' IDENTIFIED WITH mysql_native_password AS '*6bb4837eb74329105ee4568dda7dc67ed2ca2ad9' DEFAULT ROLE zeta, alpha",
    );
    const ddl = (await root("SHOW CREATE USER 'amy'@'10.%'")).rows[0]![1]!;
    expect(ddl).toBe(
      "CREATE USER 'amy'@'10.%'\nIDENTIFIED WITH mysql_native_password AS '*6BB4837EB74329105EE4568DDA7DC67ED2CA2AD9'\nDEFAULT ROLE 'alpha', 'zeta'",
    );
    await root("DROP USER 'amy'@'10.%'");
    await root(ddl);
    expect((await root("SHOW CREATE USER 'amy'@'10.%'")).rows[0]![1]).toBe(ddl);
    await root('CREATE USER nopw');
    expect((await root("SHOW CREATE USER 'nopw'@'%'")).rows[0]![1]).toBe("CREATE USER 'nopw'@'%'");
  });

  it('refusals: duplicate, missing, bad digest, unknown plugin, unknown default role, root', async () => {
    await root("CREATE USER 'jack' IDENTIFIED BY 'x'");
    expect((await fails('root', "CREATE USER 'jack' IDENTIFIED BY 'y'")).message).toBe(
      "Getting analyzing error. Detail message: Operation CREATE USER failed for 'jack'@'%' : user already exists.",
    );
    await root("CREATE USER IF NOT EXISTS 'jack' IDENTIFIED BY 'y'");
    expect((await fails('root', "DROP USER 'nobody'@'%'")).message).toBe(
      "Getting analyzing error. Detail message: Operation DROP USER failed for 'nobody'@'%' : user not exists.",
    );
    await root("DROP USER IF EXISTS 'nobody'@'%'");
    expect((await fails('root', "CREATE USER u2 IDENTIFIED WITH mysql_native_password AS 'abc'")).message).toBe(
      'Getting analyzing error. Detail message: Password hash should be a 41-digit hexadecimal number.',
    );
    expect((await fails('root', "CREATE USER u2 IDENTIFIED WITH authentication_ldap_simple AS 'cn=x'")).code).toBe(1524);
    expect((await fails('root', 'CREATE USER u2 DEFAULT ROLE ghost')).message).toBe(
      'Getting analyzing error. Detail message: Can not granted/revoke role to user: cannot find role ghost!.',
    );
    expect((await fails('root', "ALTER USER 'ghost'@'%' IDENTIFIED BY 'x'")).message).toBe(
      "Getting analyzing error. Detail message: cannot find user 'ghost'@'%'!.",
    );
  });

  it('ALTER USER changes the digest; SHOW USERS lists identities; logins are checked against the stored digests', async () => {
    await root("CREATE USER 'jack' IDENTIFIED BY 'a'");
    await root("CREATE USER 'hashed' IDENTIFIED WITH mysql_native_password AS '*6BB4837EB74329105EE4568DDA7DC67ED2CA2AD9'");
    await root("ALTER USER 'jack'@'%' IDENTIFIED BY '123456'");
    expect((await root("SHOW CREATE USER 'jack'@'%'")).rows[0]![1]).toContain("AS '*6BB4837EB74329105EE4568DDA7DC67ED2CA2AD9'");
    expect(users.credentials().get('jack')).toEqual({ digest: nativeDigest('123456') });
    expect(users.credentials().get('hashed')).toEqual({ digest: '*6BB4837EB74329105EE4568DDA7DC67ED2CA2AD9' });
    const r = await root('SHOW USERS');
    expect(r.columns).toEqual(['User']);
    expect(r.rows.map((x) => x[0])).toEqual(["'root'@'%'", "'jack'@'%'", "'hashed'@'%'"]);
  });

  it('SHOW CREATE USER: self is free but masked without SHOW SECRET; another user needs GRANT', async () => {
    await root("CREATE USER 'jack' IDENTIFIED BY '123456'");
    await root("CREATE USER 'amy' IDENTIFIED BY 'x'");
    expect((await as('jack', 'SHOW CREATE USER CURRENT_USER()')).rows[0]![1]).toBe(
      "CREATE USER 'jack'@'%'\nIDENTIFIED WITH mysql_native_password AS '<secret>'",
    );
    const e = await fails('jack', "SHOW CREATE USER 'amy'@'%'");
    expect(e.code).toBe(5203);
    await root("GRANT user_admin TO USER 'jack'@'%'");
    await root("SET DEFAULT ROLE ALL TO 'jack'@'%'");
    expect((await as('jack', "SHOW CREATE USER 'amy'@'%'")).rows[0]![1]).toContain("AS '<secret>'");
    await root("GRANT SHOW SECRET ON SYSTEM TO USER 'jack'@'%'");
    expect((await as('jack', "SHOW CREATE USER 'amy'@'%'")).rows[0]![1]).toContain(`AS '${nativeDigest('x')}'`);
  });
});

describe('roles', () => {
  it('SHOW ROLES: built-ins first with their comments, then created roles', async () => {
    await root("CREATE ROLE analyst COMMENT 'reads'");
    await root('CREATE ROLE IF NOT EXISTS analyst');
    await root('CREATE ROLE r2');
    const r = await root('SHOW ROLES');
    expect(r.columns).toEqual(['Name', 'Builtin', 'Comment']);
    expect(r.rows).toEqual([
      ['root', 'true', 'built-in root role which has all privileges on all objects'],
      ['db_admin', 'true', 'built-in database administration role'],
      ['cluster_admin', 'true', 'built-in cluster administration role'],
      ['user_admin', 'true', 'built-in user administration role'],
      ['public', 'true', 'built-in public role which is owned by any user'],
      ['analyst', 'false', 'reads'],
      ['r2', 'false', '\\N'],
    ]);
  });

  it('built-in roles refuse change and drop; public is mutable but cannot be granted', async () => {
    await root('CREATE ROLE r1');
    expect((await fails('root', 'GRANT SELECT ON TABLE d1.t1 TO ROLE root')).message).toBe('failed to grant: role root is not mutable!');
    expect((await fails('root', 'REVOKE DELETE ON ALL TABLES IN ALL DATABASES FROM ROLE db_admin')).message).toBe('role db_admin is not mutable!');
    expect((await fails('root', 'GRANT r1 TO ROLE user_admin')).message).toBe('failed to grant role: role user_admin is not mutable!');
    expect((await fails('root', 'DROP ROLE cluster_admin')).message).toBe('role cluster_admin cannot be dropped!');
    expect((await fails('root', 'DROP ROLE public')).message).toBe('role public cannot be dropped!');
    expect((await fails('root', 'GRANT public TO ROLE r1')).message).toBe(
      'failed to grant role: Granting role PUBLIC has no effect.  Every user and role has role PUBLIC implicitly granted.',
    );
    await root('GRANT SELECT ON TABLE d1.t1 TO ROLE public');
    expect((await root('SHOW GRANTS FOR ROLE public')).rows).toEqual([['public', 'default_catalog', "GRANT SELECT ON TABLE d1.t1 TO ROLE 'public'"]]);
    expect((await fails('root', 'CREATE ROLE r1')).message).toBe(
      'Getting analyzing error. Detail message: Operation CREATE ROLE failed for r1 : role already exists.',
    );
    expect((await fails('root', 'DROP ROLE ghost')).message).toBe(
      'Getting analyzing error. Detail message: Operation DROP ROLE failed for ghost : role not exists.',
    );
  });

  it('role hierarchy: GRANT r TO ROLE, cycles refused, SHOW GRANTS FOR ROLE lists parents first', async () => {
    await root('CREATE ROLE a');
    await root('CREATE ROLE b');
    await root('GRANT a TO ROLE b');
    expect((await fails('root', 'GRANT b TO ROLE a')).message).toMatch(
      /^failed to grant role: role a\[\d+\] is already a predecessor role of b\[\d+\]$/,
    );
    await root('GRANT INSERT ON ALL TABLES IN DATABASE d1 TO ROLE b');
    expect((await root('SHOW GRANTS FOR ROLE b')).rows).toEqual([
      ['b', null, "GRANT 'a' TO ROLE b"],
      ['b', 'default_catalog', "GRANT INSERT ON ALL TABLES IN DATABASE d1 TO ROLE 'b'"],
    ]);
  });
});

describe('GRANT text (SHOW GRANTS)', () => {
  it('renders each object type as AstToStringBuilder does, types in ObjectType id order, privileges in provider order', async () => {
    await root("CREATE USER 'u'@'%'");
    await root("GRANT SELECT, INSERT ON d1.t1 TO 'u'@'%'");
    await root("GRANT ALTER, DROP ON TABLE d1.t2 TO USER 'u'@'%' WITH GRANT OPTION");
    await root("GRANT SELECT ON ALL TABLES IN ALL DATABASES TO USER 'u'@'%'");
    await root("GRANT CREATE TABLE, DROP ON DATABASE d1 TO USER 'u'@'%'");
    await root("GRANT OPERATE, CREATE STORAGE VOLUME ON SYSTEM TO USER 'u'@'%'");
    await root("GRANT USAGE, CREATE DATABASE ON CATALOG default_catalog TO USER 'u'@'%'");
    await root("GRANT USAGE ON STORAGE VOLUME builtin_storage_volume TO USER 'u'@'%'");
    await root("GRANT db_admin, cluster_admin TO USER 'u'@'%'");
    const r = await root("SHOW GRANTS FOR 'u'@'%'");
    expect(r.columns).toEqual(['UserIdentity', 'Catalog', 'Grants']);
    expect(r.rows).toEqual([
      ["'u'@'%'", null, "GRANT 'db_admin', 'cluster_admin' TO 'u'@'%'"],
      ["'u'@'%'", 'default_catalog', "GRANT SELECT ON ALL TABLES IN ALL DATABASES TO USER 'u'@'%'"],
      ["'u'@'%'", 'default_catalog', "GRANT INSERT, SELECT ON TABLE d1.t1 TO USER 'u'@'%'"],
      ["'u'@'%'", 'default_catalog', "GRANT DROP, ALTER ON TABLE d1.t2 TO USER 'u'@'%' WITH GRANT OPTION"],
      ["'u'@'%'", 'default_catalog', "GRANT CREATE TABLE, DROP ON DATABASE d1 TO USER 'u'@'%'"],
      ["'u'@'%'", 'default_catalog', "GRANT OPERATE, CREATE STORAGE VOLUME ON SYSTEM TO USER 'u'@'%'"],
      ["'u'@'%'", 'default_catalog', "GRANT USAGE, CREATE DATABASE ON CATALOG default_catalog TO USER 'u'@'%'"],
      ["'u'@'%'", 'default_catalog', "GRANT USAGE ON STORAGE VOLUME builtin_storage_volume TO USER 'u'@'%'"],
    ]);
    expect(await grants("'root'@'%'")).toEqual(["GRANT 'root' TO 'root'@'%'"]);
  });

  it('built-in roles show their privileges (catalog NULL for the * objects); ALL STORAGE VOLUMES sorts last', async () => {
    const r = (await root('SHOW GRANTS FOR ROLE root')).rows;
    expect(r).toHaveLength(14);
    expect(r.slice(0, 3)).toEqual([
      ['root', null, "GRANT DELETE, DROP, INSERT, SELECT, ALTER, EXPORT, UPDATE ON ALL TABLES IN ALL DATABASES TO ROLE 'root'"],
      [
        'root',
        null,
        "GRANT CREATE TABLE, DROP, ALTER, CREATE VIEW, CREATE FUNCTION, CREATE MATERIALIZED VIEW, CREATE PIPE ON ALL DATABASES TO ROLE 'root'",
      ],
      ['root', 'default_catalog', expect.stringMatching(/^GRANT GRANT, NODE, .*, SHOW SECRET ON SYSTEM TO ROLE 'root'$/)],
    ]);
    expect((await root('SHOW GRANTS FOR ROLE user_admin')).rows.map((x) => x[2])).toEqual([
      "GRANT GRANT ON SYSTEM TO ROLE 'user_admin'",
      "GRANT IMPERSONATE ON ALL USERS TO ROLE 'user_admin'",
    ]);
    await root("CREATE USER 'u'");
    await root("GRANT USAGE ON ALL STORAGE VOLUMES TO USER 'u'");
    await root("GRANT DROP ON STORAGE VOLUME builtin_storage_volume TO USER 'u'");
    expect(await grants("'u'@'%'")).toEqual([
      "GRANT DROP ON STORAGE VOLUME builtin_storage_volume TO USER 'u'@'%'",
      "GRANT USAGE ON ALL STORAGE VOLUMES TO USER 'u'@'%'",
    ]);
  });

  it('REVOKE removes actions; a dropped table takes its grants with it; a re-created one has none', async () => {
    await root("CREATE USER 'u'");
    await root("GRANT SELECT, INSERT ON TABLE d1.t1 TO USER 'u'");
    await root("REVOKE INSERT ON TABLE d1.t1 FROM USER 'u'");
    expect(await grants("'u'@'%'")).toEqual(["GRANT SELECT ON TABLE d1.t1 TO USER 'u'@'%'"]);
    await root('DROP TABLE d1.t1 FORCE');
    expect(await grants("'u'@'%'")).toEqual([]);
    await root('CREATE TABLE d1.t1 (k INT) DUPLICATE KEY(k) DISTRIBUTED BY HASH(k) BUCKETS 1');
    expect(await grants("'u'@'%'")).toEqual([]);
  });

  it('analyzer refusals', async () => {
    await root("CREATE USER 'u'");
    const msg = async (sql: string) => (await fails('root', sql)).message;
    expect(await msg("GRANT GRANT ON SYSTEM TO USER 'u'")).toBe(
      "Getting analyzing error. Detail message: Operation not permitted, 'GRANT' cannot be granted to user or role directly, use built-in role instead.",
    );
    expect(await msg("GRANT CREATE TABLE ON TABLE d1.t1 TO USER 'u'")).toBe(
      "Getting analyzing error. Detail message: Cannot grant or revoke CREATE TABLE on 'TABLE' type object.",
    );
    expect(await msg("GRANT SELECT ON TABLE d1.nope TO USER 'u'")).toBe('Getting analyzing error. Detail message: cannot find table nope in db d1.');
    expect(await msg("GRANT SELECT ON TABLE d1.t1 TO USER 'ghost'")).toBe("Getting analyzing error. Detail message: cannot find user 'ghost'@'%'!.");
    expect(await msg('GRANT SELECT ON TABLE d1.t1 TO ROLE ghost')).toBe(
      'Getting analyzing error. Detail message: Can not grant/revoke to role: cannot find role ghost!.',
    );
    expect(await msg("GRANT ghost TO USER 'u'")).toBe(
      'Getting analyzing error. Detail message: Can not granted/revoke role to/from user: cannot find role ghost!.',
    );
    expect(await msg("SET DEFAULT ROLE db_admin TO 'u'")).toBe("Getting analyzing error. Detail message: Role db_admin is not granted to 'u'@'%'.");
    expect((await fails('root', 'SHOW ALL GRANTS')).code).toBe(1064);
  });
});

describe('enforcement', () => {
  const denied = (priv: string, on: string, current = 'NONE', inactive = 'NONE') =>
    `Access denied; you need (at least one of) the ${priv} privilege(s) on ${on} for this operation. Please ask the admin to grant permission(s) or try activating existing roles using <set [default] role>. Current role(s): ${current}. Inactivated role(s): ${inactive}.`;

  it('a user without privileges gets ERR_ACCESS_DENIED (5203) naming the privilege and object', async () => {
    await root("CREATE USER 'jack' IDENTIFIED BY 'x'");
    const check = async (sql: string, priv: string, on: string) => {
      const e = await fails('jack', sql);
      expect([e.code, e.sqlState, e.message]).toEqual([5203, '42000', denied(priv, on)]);
    };
    await check('SELECT COUNT(*) FROM d1.t1', 'SELECT', 'TABLE t1');
    await check('INSERT INTO d1.t1 VALUES (1)', 'INSERT', 'TABLE t1');
    await check('CREATE TABLE d1.t3 (k INT) DUPLICATE KEY(k) DISTRIBUTED BY HASH(k) BUCKETS 1', 'CREATE TABLE', 'DATABASE d1');
    await check('CREATE DATABASE d2', 'CREATE DATABASE', 'CATALOG default_catalog');
    await check('DROP TABLE d1.t1', 'DROP', 'TABLE t1');
    await check('DROP DATABASE d1', 'DROP', 'DATABASE d1');
    await check("SHOW PROC '/dbs'", 'OPERATE', 'SYSTEM');
    await check("ADMIN SET FRONTEND CONFIG ('x' = '1')", 'OPERATE', 'SYSTEM');
    await check("CREATE USER 'z'", 'GRANT', 'SYSTEM');
    await check('SHOW ROLES', 'GRANT', 'SYSTEM');
  });

  it('grants take effect; roles only when active (default) and the hint names them', async () => {
    await root("CREATE USER 'jack' IDENTIFIED BY 'x'");
    await root("GRANT SELECT ON TABLE d1.t1 TO USER 'jack'");
    expect((await as('jack', 'SELECT COUNT(*) FROM d1.t1')).rows).toEqual([['0']]);
    await root('CREATE ROLE writer');
    await root('GRANT INSERT ON ALL TABLES IN DATABASE d1 TO ROLE writer');
    await root("GRANT writer TO USER 'jack'");
    expect((await fails('jack', 'INSERT INTO d1.t2 VALUES (1)')).message).toBe(denied('INSERT', 'TABLE t2', 'NONE', '[writer]'));
    await root("SET DEFAULT ROLE writer TO 'jack'");
    await as('jack', 'INSERT INTO d1.t2 VALUES (1)');
    expect((await fails('jack', 'SELECT COUNT(*) FROM t2', 'd1')).message).toBe(denied('SELECT', 'TABLE t2', '[writer]'));
  });

  it('db_admin (active) may create and drop; user_admin may manage users; cluster_admin lacks OPERATE', async () => {
    await root("CREATE USER 'dba' DEFAULT ROLE db_admin");
    await as('dba', 'CREATE DATABASE d2');
    await as('dba', 'CREATE TABLE d2.t (k INT) DUPLICATE KEY(k) DISTRIBUTED BY HASH(k) BUCKETS 1');
    await as('dba', 'DROP TABLE d2.t');
    await as('dba', "SHOW PROC '/dbs'");
    expect((await fails('dba', "CREATE USER 'x'")).message).toBe(denied('GRANT', 'SYSTEM', '[db_admin]'));
    await root("CREATE USER 'ua' DEFAULT ROLE user_admin");
    await as('ua', "CREATE USER 'x' IDENTIFIED BY 'y'");
    await as('ua', "GRANT SELECT ON TABLE d1.t1 TO USER 'x'");
    await root("CREATE USER 'ca' DEFAULT ROLE cluster_admin");
    expect((await fails('ca', "SHOW PROC '/dbs'")).message).toBe(denied('OPERATE', 'SYSTEM', '[cluster_admin]'));
  });
});

describe('persistence', () => {
  it('users, roles, grants and default roles survive the FE image', async () => {
    await root('CREATE ROLE r1');
    await root('GRANT SELECT ON TABLE d1.t1 TO ROLE r1');
    await root("CREATE USER 'jack' IDENTIFIED BY '123456' DEFAULT ROLE r1");
    await root("GRANT DROP ON DATABASE d1 TO USER 'jack'");
    const before = [await root('SHOW ROLES'), await root("SHOW GRANTS FOR 'jack'@'%'"), await root("SHOW CREATE USER 'jack'@'%'")];
    build(
      JSON.parse(
        JSON.stringify(fe.toData(), (_k, v: unknown) => (v instanceof Map ? { $m: [...v] } : v)),
        (_k, v: unknown) => (v && typeof v === 'object' && '$m' in v ? new Map((v as { $m: Array<[unknown, unknown]> }).$m) : v),
      ),
    );
    const after = [await root('SHOW ROLES'), await root("SHOW GRANTS FOR 'jack'@'%'"), await root("SHOW CREATE USER 'jack'@'%'")];
    expect(after).toEqual(before);
    expect((await as('jack', 'SELECT COUNT(*) FROM d1.t1')).rows).toEqual([['0']]);
  });

  it('users of an older image (FeData.users) become users with their plain password and roles', async () => {
    rmSync(dir, { recursive: true, force: true });
    dir = mkdtempSync(path.join(tmpdir(), 'sim-priv-'));
    fe = new FeState(defaultOptions({ name: 'p', objectStore: dir, cnCount: 1 }));
    fe.users.set('old', { password: 'pw', system: [], object: [], roles: ['db_admin'] });
    const store = new UserStore(fe.users, () => undefined);
    store.bind(fe);
    expect(store.credentials().get('old')).toEqual({ digest: nativeDigest('pw') });
    expect(store.sessionUser('old')?.defaultRoles).toEqual(['db_admin']);
    expect(fe.toData().auth?.users.map((u) => u.user)).toEqual(['root', 'old']);
  });
});
