// Privilege sync end to end (issue 7, enable_privilege_sync): a source with users (one excluded), roles and grants on a
// migrated table and on an excluded one, migrated by a one-time run through the CLI. The target's SHOW GRANTS equal
// the source's for the synced users and roles, the excluded user and root are untouched, a migrated user logs in on the
// target with its password (the simulator checks hash-only users against the digest), the excluded table's grant is
// reported, and the `Sync privilege progress` line reads 100 %.
import fs from 'node:fs';
import path from 'node:path';
import mysql from 'mysql2/promise';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { prepareForMigration, rows, sql, startSim, writeConf, type SimProcess } from '../../harness/sim-pair.js';
import { runSrsyncOnce, tempDir, type SrsyncRun } from '../../harness/e2e-catalog.js';

let dir: string;
let source: SimProcess;
let target: SimProcess;
let run: SrsyncRun;
let kept: SrsyncRun;
let rolesOnly: SrsyncRun;
/** The target as the first run left it (read before the second run changes alice). */
let afterFirst: {
  grants: Record<string, Array<string | null | undefined>>;
  aliceCreate: string | null | undefined;
  aliceLogin: string;
  wrongLogin: string;
};

const grantsOf = async (sim: SimProcess, who: string) => (await rows(sim, `SHOW GRANTS FOR ${who}`)).map((r) => r['Grants']);
const createUser = async (sim: SimProcess, who: string) => (await rows(sim, `SHOW CREATE USER ${who}`))[0]?.['Create User'];

async function login(sim: SimProcess, user: string, password: string): Promise<string> {
  const c = await mysql.createConnection({ host: '127.0.0.1', port: sim.queryPort, user, password });
  try {
    const [r] = await c.query('SELECT 1 AS one');
    return String((r as Array<{ one: unknown }>)[0]?.one);
  } finally {
    await c.end();
  }
}

beforeAll(async () => {
  dir = tempDir('e2e-privileges');
  const store = path.join(dir, 'object-store');
  [source, target] = await Promise.all([
    startSim({ name: 'source', objectStore: store, password: 'src', cnCount: 1 }),
    startSim({ name: 'target', objectStore: store, password: 'tgt', cnCount: 1 }),
  ]);
  await sql(source, [
    'CREATE DATABASE shop',
    'CREATE TABLE shop.orders (id INT, v INT) DUPLICATE KEY(id) DISTRIBUTED BY HASH(id) BUCKETS 1',
    'CREATE TABLE shop.secret (id INT, v INT) DUPLICATE KEY(id) DISTRIBUTED BY HASH(id) BUCKETS 1',
    'INSERT INTO shop.orders VALUES (1, 1)',
    'CREATE ROLE analyst',
    'CREATE ROLE base',
    'GRANT base TO ROLE analyst',
    'GRANT SELECT ON TABLE shop.orders TO ROLE analyst',
    'GRANT CREATE TABLE ON DATABASE shop TO ROLE base',
    "CREATE USER 'alice'@'%' IDENTIFIED BY 'alice-pw' DEFAULT ROLE analyst",
    "GRANT SELECT, INSERT ON TABLE shop.orders TO USER 'alice'@'%' WITH GRANT OPTION",
    "GRANT SELECT ON TABLE shop.secret TO USER 'alice'@'%'",
    "CREATE USER 'carol'@'%'",
    "GRANT SELECT ON ALL TABLES IN DATABASE shop TO USER 'carol'@'%'",
    "CREATE USER 'bob'@'%' IDENTIFIED BY 'bob-source'",
    "GRANT SELECT ON TABLE shop.orders TO USER 'bob'@'%'",
  ]);
  // On the target, bob exists with another password: excluded, so it must stay as it is.
  await sql(target, ["CREATE USER 'bob'@'%' IDENTIFIED BY 'bob-target'"]);
  await prepareForMigration(source, target);
  /** One one-time run with privilege sync over `shop` (its `secret` table excluded, user bob excluded). */
  const syncOnce = (name: string, overrides: Record<string, string> = {}) => {
    const conf = path.join(dir, `conf-${name}`);
    writeConf(conf, source, target, {
      one_time_run_mode: 'true',
      report_interval_seconds: '1',
      include_data_list: 'shop',
      exclude_data_list: 'shop.secret',
      enable_privilege_sync: 'true',
      privilege_sync_exclude_users: 'bob',
      ...overrides,
    });
    return runSrsyncOnce(conf, path.join(dir, `log-${name}`), 90_000);
  };
  run = await syncOnce('first');
  const grants: Record<string, Array<string | null | undefined>> = {};
  for (const who of ['ROLE analyst', 'ROLE base', "'carol'@'%'", "'alice'@'%'"])
    grants[who] = await grantsOf(target, who).catch((e: Error) => [e.message]);
  afterFirst = {
    grants,
    aliceCreate: await createUser(target, "'alice'@'%'").catch((e: Error) => e.message),
    aliceLogin: await login(target, 'alice', 'alice-pw').catch((e: Error) => e.message),
    wrongLogin: await login(target, 'alice', 'wrong').catch((e: Error) => e.message),
  };
  // Then alice's password changes on the target and re-creating her is not allowed: the comparison keeps differing.
  await sql(target, ["ALTER USER 'alice'@'%' IDENTIFIED BY 'changed-on-target'"]);
  kept = await syncOnce('kept', { ddl_job_allow_drop_inconsistent_user: 'false' });
  // Then a source login without SHOW SECRET (db_admin + user_admin: OPERATE and GRANT, no SHOW SECRET): SHOW CREATE
  // USER prints <secret>, so users are skipped with one WARN and only roles sync (a new role here).
  await sql(source, [
    'CREATE ROLE auditor',
    'GRANT SELECT ON TABLE shop.orders TO ROLE auditor',
    "CREATE USER 'syncer'@'%' IDENTIFIED BY 'sync-pw' DEFAULT ROLE db_admin, user_admin",
  ]);
  rolesOnly = await syncOnce('roles-only', {
    source_cluster_user: 'syncer',
    source_cluster_password: 'sync-pw',
    ddl_job_allow_drop_inconsistent_user: 'false',
  });
}, 240_000);

afterAll(async () => {
  await Promise.all([source?.stop(), target?.stop()]);
  if (dir && !process.env['SRSYNC_E2E_KEEP']) fs.rmSync(dir, { recursive: true, force: true });
});

describe('privilege sync (enable_privilege_sync=true, one-time run)', () => {
  it('the run ends with exit 0', () => {
    expect(run.code, `${run.stderr.slice(0, 2000)}\n${run.warn.slice(-3000)}`).toBe(0);
  });

  it('no password and no digest in the logs (the CREATE USER line is masked)', () => {
    expect(run.info).toMatch(/DDL done on target: CREATE USER 'alice'@'%' IDENTIFIED WITH mysql_native_password AS '\*\*\*\*\*\*'/);
    expect(`${run.info}${run.warn}`).not.toMatch(/\*[0-9A-F]{40}|alice-pw/);
  });

  it("the synced roles' and users' SHOW GRANTS equal the source's (except the excluded table's grant)", async () => {
    for (const who of ['ROLE analyst', 'ROLE base', "'carol'@'%'"]) expect(afterFirst.grants[who], who).toEqual(await grantsOf(source, who));
    const alice = (await grantsOf(source, "'alice'@'%'")).filter((g) => !g?.includes('shop.secret'));
    expect(alice.length).toBeGreaterThanOrEqual(2);
    expect(afterFirst.grants["'alice'@'%'"]).toEqual(alice);
    expect(afterFirst.aliceCreate).toBe(await createUser(source, "'alice'@'%'"));
  });

  it('a migrated user logs in on the target with its password', async () => {
    expect(afterFirst.aliceLogin).toBe('1');
    expect(afterFirst.wrongLogin).toMatch(/Access denied/);
  });

  it('the excluded user and root are untouched', async () => {
    expect(await login(target, 'bob', 'bob-target')).toBe('1');
    expect(await grantsOf(target, "'bob'@'%'")).toEqual([]);
    expect(await login(target, 'root', 'tgt')).toBe('1');
    expect(await grantsOf(target, "'root'@'%'")).toEqual(["GRANT 'root' TO 'root'@'%'"]);
  });

  it('the grant on the excluded table is reported (WARN), and the privilege progress line reads 100 %', () => {
    expect(run.warn).toMatch(/WARN .*grant 'alice'@'%': GRANT SELECT ON TABLE shop\.secret: not granted on the target: the object is not migrated/);
    const lines = run.info.split('\n').filter((l) => l.includes('Sync privilege progress: '));
    expect(lines.length, run.info.slice(-3000)).toBeGreaterThan(0);
    expect(lines[lines.length - 1]).toMatch(
      /Sync privilege progress: 100\.00%, total: \d+, inSync: \d+, pending: 0, users: 2\/2, roles: 3\/3, grants: \d+\/\d+/,
    );
  });
});

describe('privileges that keep differing (ddl_job_allow_drop_inconsistent_user=false, one-time run)', () => {
  it('the run ends abnormally (exit 4) after 3 consecutive differing comparisons, one line on stderr', async () => {
    expect(kept.code, `${kept.stderr.slice(0, 2000)}\n${kept.warn.slice(-3000)}`).toBe(4);
    expect(kept.stderr).toMatch(/privileges: still differ after 3 consecutive comparisons .*user 'alice'@'%': the password differs; kept as it is/);
    expect(kept.warn).toMatch(/ERROR \[sync\] Not synchronized: privileges: still differ after 3 consecutive comparisons/);
    // The user was left as it is on the target.
    expect(await login(target, 'alice', 'changed-on-target')).toBe('1');
  });
});

describe('a source login without SHOW SECRET (digests read as <secret>)', () => {
  it('syncs roles only, with one WARN, and ends with exit 0', async () => {
    expect(rolesOnly.code, `${rolesOnly.stderr.slice(0, 2000)}\n${rolesOnly.warn.slice(-3000)}`).toBe(0);
    expect(await grantsOf(target, 'ROLE auditor')).toEqual(await grantsOf(source, 'ROLE auditor'));
    const warns = rolesOnly.warn.split('\n').filter((l) => l.includes('users are not synced (only roles)'));
    expect(warns, rolesOnly.warn).toHaveLength(1);
    expect(warns[0]).toMatch(/WARN .*on the source, SHOW CREATE USER shows <secret>: the login lacks the SHOW SECRET privilege/);
    // Users untouched: syncer not created, alice's (differing) password kept.
    await expect(rows(target, "SHOW CREATE USER 'syncer'@'%'")).rejects.toThrow();
    expect(await login(target, 'alice', 'changed-on-target')).toBe('1');
    // No password (not even a digest) in any log line.
    expect(`${rolesOnly.info}${rolesOnly.warn}`).not.toMatch(/\*[0-9A-F]{40}|sync-pw/);
  });
});
