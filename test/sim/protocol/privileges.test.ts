// Users, roles and grants over the real MySQL protocol of a real `srsync-sim start` process (harness/sim-pair.ts):
// each account-management statement, the SHOW output as mysql2 receives it, the refusals with StarRocks' codes,
// login of created users, and everything surviving a restart with the same --data-dir.
import type mysql from 'mysql2/promise';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSim as startSimProcess, type SimProcess } from '../../../harness/sim-pair.js';
import { connect, exec, query, removeTempDirs, tempDir, PASSWORD } from './helpers.js';

const FAST = ['--daemon-interval-ms', '50', '--ddl-latency-ms', '0', '--query-latency-ms', '0', '--rpc-latency-ms', '0'];
const DIGEST_123456 = '*6BB4837EB74329105EE4568DDA7DC67ED2CA2AD9';
let sim: SimProcess;
let objectStore: string;
let dataDir: string;
const conns: mysql.Connection[] = [];

async function open(opts: { user?: string; password?: string } = {}): Promise<mysql.Connection> {
  const c = await connect(sim.queryPort, opts);
  conns.push(c);
  return c;
}

async function failure(c: mysql.Connection, sql: string): Promise<{ errno: number; sqlState: string; message: string }> {
  try {
    await c.query(sql);
  } catch (e) {
    const err = e as { errno: number; sqlState: string; sqlMessage: string };
    return { errno: err.errno, sqlState: err.sqlState, message: err.sqlMessage };
  }
  throw new Error(`expected an error from: ${sql}`);
}

const state = async (c: mysql.Connection) => ({
  users: await query(c, 'SHOW USERS'),
  roles: await query(c, 'SHOW ROLES'),
  jack: await query(c, "SHOW GRANTS FOR 'jack'@'%'"),
  reader: await query(c, 'SHOW GRANTS FOR ROLE reader'),
  create: await query(c, "SHOW CREATE USER 'jack'@'%'"),
  hashed: await query(c, "SHOW CREATE USER 'hashed'@'%'"),
});

beforeAll(async () => {
  objectStore = tempDir('priv-os');
  dataDir = tempDir('priv-data');
  sim = await startSimProcess({ name: 'priv', objectStore, dataDir, password: PASSWORD, cnCount: 1, extra: FAST });
});
afterAll(async () => {
  for (const c of conns) c.destroy();
  await sim?.stop('SIGKILL');
  removeTempDirs();
});

describe('privileges over the MySQL protocol', () => {
  let before: Awaited<ReturnType<typeof state>>;

  it('creates users and roles, grants, and answers the SHOW statements with StarRocks columns and text', async () => {
    const root = await open();
    await exec(
      root,
      'CREATE DATABASE d1',
      'CREATE TABLE d1.t1 (k INT) DUPLICATE KEY(k) DISTRIBUTED BY HASH(k) BUCKETS 1',
      "CREATE ROLE reader COMMENT 'read only'",
      'GRANT SELECT ON ALL TABLES IN DATABASE d1 TO ROLE reader',
      "CREATE USER 'jack'@'%' IDENTIFIED BY '123456' DEFAULT ROLE reader",
      "CREATE USER IF NOT EXISTS 'hashed'@'%' IDENTIFIED WITH mysql_native_password AS '*6BB4837EB74329105EE4568DDA7DC67ED2CA2AD9'",
      "GRANT INSERT ON TABLE d1.t1 TO USER 'jack'@'%' WITH GRANT OPTION",
      "GRANT CREATE TABLE ON DATABASE d1 TO USER 'jack'@'%'",
      "GRANT db_admin TO USER 'jack'@'%'",
      "ALTER USER 'hashed'@'%' IDENTIFIED BY 'other'",
      "ALTER USER 'hashed'@'%' IDENTIFIED WITH mysql_native_password AS '*6BB4837EB74329105EE4568DDA7DC67ED2CA2AD9'",
    );
    const users = await query(root, 'SHOW USERS');
    expect(users.columns).toEqual(['User']);
    expect(users.rows).toEqual([["'root'@'%'"], ["'jack'@'%'"], ["'hashed'@'%'"]]);
    const roles = await query(root, 'SHOW ROLES');
    expect(roles.columns).toEqual(['Name', 'Builtin', 'Comment']);
    expect(roles.rows.map((r) => r[0])).toEqual(['root', 'db_admin', 'cluster_admin', 'user_admin', 'public', 'reader']);
    expect(roles.rows[5]).toEqual(['reader', 'false', 'read only']);
    const g = await query(root, "SHOW GRANTS FOR 'jack'@'%'");
    expect(g.columns).toEqual(['UserIdentity', 'Catalog', 'Grants']);
    expect(g.rows).toEqual([
      ["'jack'@'%'", null, "GRANT 'reader', 'db_admin' TO 'jack'@'%'"],
      ["'jack'@'%'", 'default_catalog', "GRANT INSERT ON TABLE d1.t1 TO USER 'jack'@'%' WITH GRANT OPTION"],
      ["'jack'@'%'", 'default_catalog', "GRANT CREATE TABLE ON DATABASE d1 TO USER 'jack'@'%'"],
    ]);
    expect((await query(root, 'SHOW GRANTS FOR ROLE reader')).rows).toEqual([
      ['reader', 'default_catalog', "GRANT SELECT ON ALL TABLES IN DATABASE d1 TO ROLE 'reader'"],
    ]);
    expect((await query(root, 'SHOW GRANTS')).rows).toEqual([["'root'@'%'", null, "GRANT 'root' TO 'root'@'%'"]]);
    const cu = await query(root, "SHOW CREATE USER 'jack'@'%'");
    expect(cu.columns).toEqual(['User', 'Create User']);
    expect(cu.rows).toEqual([
      ["'jack'@'%'", `CREATE USER 'jack'@'%'\nIDENTIFIED WITH mysql_native_password AS '${DIGEST_123456}'\nDEFAULT ROLE 'reader'`],
    ]);
    expect((await query(root, "SHOW CREATE USER 'hashed'@'%'")).rows[0]![1]).toBe(
      `CREATE USER 'hashed'@'%'\nIDENTIFIED WITH mysql_native_password AS '${DIGEST_123456}'`,
    );
  });

  it('a created user logs in, has its active roles and grants, and is refused the rest with ERR_ACCESS_DENIED', async () => {
    const jack = await open({ user: 'jack', password: '123456' });
    expect((await query(jack, 'SELECT COUNT(*) FROM d1.t1')).rows).toEqual([['0']]);
    await exec(jack, 'INSERT INTO d1.t1 VALUES (1)');
    const denied = await failure(jack, 'DROP TABLE d1.t1');
    expect(denied).toEqual({
      errno: 5203,
      sqlState: '42000',
      message:
        'Access denied; you need (at least one of) the DROP privilege(s) on TABLE t1 for this operation. Please ask the admin to grant permission(s) or try activating existing roles using <set [default] role>. Current role(s): [reader]. Inactivated role(s): [db_admin].',
    });
    expect((await failure(jack, "SHOW PROC '/dbs'")).message).toContain('the OPERATE privilege(s) on SYSTEM');
    expect((await failure(jack, "CREATE USER 'x'")).message).toContain('the GRANT privilege(s) on SYSTEM');
    expect((await query(jack, 'SHOW CREATE USER CURRENT_USER()')).rows[0]![1]).toContain("AS '<secret>'");
    expect((await failure(jack, "SHOW GRANTS FOR 'hashed'@'%'")).errno).toBe(5203);
    const root = await open();
    await exec(root, "SET DEFAULT ROLE ALL TO 'jack'@'%'");
    const again = await open({ user: 'jack', password: '123456' });
    await exec(again, 'CREATE TABLE d1.t2 (k INT) DUPLICATE KEY(k) DISTRIBUTED BY HASH(k) BUCKETS 1', 'DROP TABLE d1.t2');
    await expect(open({ user: 'jack', password: 'wrong' })).rejects.toMatchObject({ errno: 1045 });
    // A user created from its digest alone (as srsync re-creates users from SHOW CREATE USER) logs in with the
    // password behind the digest: the FE checks the scramble against the stored digest, never a plain password.
    const hashed = await open({ user: 'hashed', password: '123456' });
    expect((await query(hashed, 'SELECT 1')).rows).toEqual([['1']]);
    await expect(open({ user: 'hashed', password: 'other' })).rejects.toMatchObject({ errno: 1045 });
  });

  it('refuses changes to immutable built-in roles and bad statements with StarRocks messages', async () => {
    const root = await open();
    expect(await failure(root, 'GRANT SELECT ON ALL TABLES IN ALL DATABASES TO ROLE db_admin')).toEqual({
      errno: 1064,
      sqlState: 'HY000',
      message: 'failed to grant: role db_admin is not mutable!',
    });
    expect((await failure(root, 'DROP ROLE root')).message).toBe('role root cannot be dropped!');
    expect((await failure(root, "GRANT NODE ON SYSTEM TO USER 'jack'@'%'")).message).toBe(
      "Getting analyzing error. Detail message: Operation not permitted, 'NODE' cannot be granted to user or role directly, use built-in role instead.",
    );
    expect((await failure(root, "CREATE USER 'jack'@'%' IDENTIFIED BY 'x'")).message).toBe(
      "Getting analyzing error. Detail message: Operation CREATE USER failed for 'jack'@'%' : user already exists.",
    );
    expect((await failure(root, 'SHOW ALL GRANTS')).errno).toBe(1064);
    // REVOKE and DROP work, then are undone so that the restart below sees the full state.
    await exec(
      root,
      'CREATE ROLE tmp',
      'GRANT tmp TO ROLE reader',
      'REVOKE tmp FROM ROLE reader',
      'DROP ROLE tmp',
      "REVOKE CREATE TABLE ON DATABASE d1 FROM USER 'jack'@'%'",
    );
    expect((await query(root, "SHOW GRANTS FOR 'jack'@'%'")).rows.map((r) => r[2])).not.toContain(
      "GRANT CREATE TABLE ON DATABASE d1 TO USER 'jack'@'%'",
    );
    await exec(root, "GRANT CREATE TABLE ON DATABASE d1 TO USER 'jack'@'%'", "SET DEFAULT ROLE reader TO 'jack'@'%'");
    before = await state(root);
  });

  it('users, roles, grants and default roles survive a restart with the same --data-dir', async () => {
    for (const c of conns.splice(0)) c.destroy();
    await sim.stop('SIGKILL');
    sim = await startSimProcess({ name: 'priv', objectStore, dataDir, password: PASSWORD, cnCount: 1, extra: FAST });
    const root = await open();
    expect(await state(root)).toEqual(before);
    const jack = await open({ user: 'jack', password: '123456' });
    expect((await query(jack, 'SELECT COUNT(*) FROM d1.t1')).rows).toEqual([['1']]);
    expect((await failure(jack, 'DROP TABLE d1.t1')).errno).toBe(5203);
  });
});
