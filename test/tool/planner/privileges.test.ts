// Privilege sync planner (src/planner/privileges.ts), table-driven on snapshot literals: what is created, granted,
// revoked, dropped and noted; what is never touched; the progress figures and the line.
import { describe, expect, it } from 'vitest';
import type { ClusterSnapshot, GrantInfo, GrantObjectRef, PrivilegeSnapshot, RoleInfo, UserInfo } from '../../../src/model/snapshot.js';
import { diffPrivileges, formatPrivilegeProgress, type PrivilegeSyncConfig } from '../../../src/planner/privileges.js';
import { orderActions } from '../../../src/planner/actions.js';
import { cluster, database, table } from './fixtures.js';

const D1 = '*2470C0C06DEE42FD1618BB99005ADCA2EC9D1E19';
const D2 = '*6BB4837EB74329105EE4568DDA7DC67ED2CA2AD9';

const CFG: PrivilegeSyncConfig = {
  enablePrivilegeSync: true,
  ddlJobAllowDropUserTargetOnly: false,
  ddlJobAllowDropRoleTargetOnly: false,
  ddlJobAllowDropInconsistentUser: true,
  ddlJobAllowRevokeGrantTargetOnly: false,
  privilegeSyncExcludeUsers: [],
  privilegeSyncExcludeRoles: [],
  targetClusterUser: 'srsync',
};
const SELECT_ALL = { includeDataList: [], excludeDataList: [] };

function objectText(o: GrantObjectRef): string {
  switch (o.kind) {
    case 'table':
      return `${o.type} ${o.db}.${o.name}`;
    case 'database':
      return `DATABASE ${o.name}`;
    case 'system':
      return 'SYSTEM';
    case 'other':
      return o.text;
    default:
      throw new Error('not used here');
  }
}
const grant = (privileges: string[], object: GrantObjectRef, withGrantOption = false): GrantInfo => ({
  privileges,
  object,
  objectText: objectText(object),
  catalog: 'default_catalog',
  withGrantOption,
});
const onTable = (db: string, name: string): GrantObjectRef => ({ kind: 'table', type: 'TABLE', db, name });
const user = (name: string, o: Partial<UserInfo> = {}): UserInfo => ({
  user: name,
  host: '%',
  digest: D1,
  plugin: 'mysql_native_password',
  defaultRoles: [],
  roles: [],
  grants: [],
  ...o,
});
const role = (name: string, o: Partial<RoleInfo> = {}): RoleInfo => ({ name, builtin: false, parents: [], grants: [], ...o });
const BUILTIN = ['root', 'db_admin', 'cluster_admin', 'user_admin', 'public'].map((n) => role(n, { builtin: true }));
const ROOT = user('root', { digest: D2, defaultRoles: ['root'], roles: ['root'] });

/** A cluster with databases sales (orders, secret) and the given privileges. */
function side(p: Partial<PrivilegeSnapshot> & { tables?: string[] }): ClusterSnapshot {
  const tables = (p.tables ?? ['orders', 'secret']).map((t) => table(t));
  return {
    ...cluster([database('sales', { tables })]),
    privileges: {
      users: p.users === undefined ? [ROOT] : p.users,
      roles: p.roles ?? BUILTIN,
      ...(p.usersUnreadable ? { usersUnreadable: p.usersUnreadable } : {}),
    },
  };
}

/** The statements in execution order (as the engine runs them: orderActions). */
const sqlOf = (s: ClusterSnapshot, t: ClusterSnapshot, cfg: Partial<PrivilegeSyncConfig> = {}, selection = SELECT_ALL) =>
  orderActions(diffPrivileges(s, t, { ...CFG, ...cfg }, selection).ddl).map((a) => a.sql);

describe('privilege sync plan', () => {
  it.each<[string, ClusterSnapshot, ClusterSnapshot, Partial<PrivilegeSyncConfig>, string[]]>([
    [
      'a missing role with its grants and parent, a missing user with digest, default role and grants',
      side({
        roles: [...BUILTIN, role('base'), role('analyst', { parents: ['base'], grants: [grant(['SELECT'], onTable('sales', 'orders'))] })],
        users: [
          ROOT,
          user('alice', { defaultRoles: ['analyst'], roles: ['analyst'], grants: [grant(['SELECT', 'INSERT'], onTable('sales', 'orders'), true)] }),
        ],
      }),
      side({}),
      {},
      [
        'CREATE ROLE `base`',
        'CREATE ROLE `analyst`',
        `CREATE USER 'alice'@'%' IDENTIFIED WITH mysql_native_password AS '${D1}' DEFAULT ROLE \`analyst\``,
        'GRANT `base` TO ROLE `analyst`',
        'GRANT SELECT ON TABLE `sales`.`orders` TO ROLE `analyst`',
        "GRANT SELECT, INSERT ON TABLE `sales`.`orders` TO USER 'alice'@'%' WITH GRANT OPTION",
      ],
    ],
    [
      'in sync: nothing',
      side({ users: [ROOT, user('alice', { grants: [grant(['SELECT'], onTable('sales', 'orders'))] })] }),
      side({ users: [ROOT, user('alice', { grants: [grant(['SELECT'], onTable('sales', 'orders'))] })] }),
      {},
      [],
    ],
    [
      'a missing privilege on an existing entry is granted alone',
      side({ users: [ROOT, user('alice', { grants: [grant(['SELECT', 'INSERT'], onTable('sales', 'orders'))] })] }),
      side({ users: [ROOT, user('alice', { grants: [grant(['SELECT'], onTable('sales', 'orders'))] })] }),
      {},
      ["GRANT INSERT ON TABLE `sales`.`orders` TO USER 'alice'@'%'"],
    ],
    [
      'a user whose password differs is dropped and re-created with all its grants (ddl_job_allow_drop_inconsistent_user)',
      side({ users: [ROOT, user('alice', { grants: [grant(['SELECT'], onTable('sales', 'orders'))] })] }),
      side({ users: [ROOT, user('alice', { digest: D2, grants: [grant(['SELECT'], onTable('sales', 'orders'))] })] }),
      {},
      [
        "DROP USER 'alice'@'%'",
        `CREATE USER 'alice'@'%' IDENTIFIED WITH mysql_native_password AS '${D1}'`,
        "GRANT SELECT ON TABLE `sales`.`orders` TO USER 'alice'@'%'",
      ],
    ],
    [
      'the same, not allowed: kept (noted)',
      side({ users: [ROOT, user('alice')] }),
      side({ users: [ROOT, user('alice', { digest: D2 })] }),
      { ddlJobAllowDropInconsistentUser: false },
      [],
    ],
    [
      'target-only users, roles and grants are kept by default',
      side({}),
      side({ roles: [...BUILTIN, role('old')], users: [ROOT, user('bob'), user('alice', { roles: ['old'] })] }),
      {},
      [],
    ],
    [
      'target-only users, roles and grants go when their keys allow',
      side({ users: [ROOT, user('alice', { grants: [grant(['SELECT'], onTable('sales', 'orders'))] })] }),
      side({
        roles: [...BUILTIN, role('old')],
        users: [ROOT, user('bob'), user('alice', { roles: ['old'], grants: [grant(['SELECT', 'DELETE'], onTable('sales', 'orders'))] })],
      }),
      { ddlJobAllowDropUserTargetOnly: true, ddlJobAllowDropRoleTargetOnly: true, ddlJobAllowRevokeGrantTargetOnly: true },
      ["REVOKE DELETE ON TABLE `sales`.`orders` FROM USER 'alice'@'%'", "REVOKE `old` FROM 'alice'@'%'", "DROP USER 'bob'@'%'", 'DROP ROLE `old`'],
    ],
    [
      'never touched: root (another password), target_cluster_user, excluded users by name and identity, immutable and excluded roles; public: grants only',
      side({
        roles: [
          ...BUILTIN.filter((r) => r.name !== 'public'),
          role('public', { builtin: true, grants: [grant(['SELECT'], onTable('sales', 'orders'))] }),
          role('ops'),
        ],
        users: [user('root', { digest: D1 }), user('srsync'), user('jack'), user('jill', { host: '10.%' }), user('jill')],
      }),
      side({ roles: BUILTIN, users: [ROOT] }),
      {
        privilegeSyncExcludeUsers: [
          { user: 'jack', host: null },
          { user: 'jill', host: '10.%' },
        ],
        privilegeSyncExcludeRoles: ['ops'],
      },
      ["CREATE USER 'jill'@'%' IDENTIFIED WITH mysql_native_password AS '" + D1 + "'", 'GRANT SELECT ON TABLE `sales`.`orders` TO ROLE `public`'],
    ],
    [
      'names are quoted and escaped',
      side({
        roles: [...BUILTIN, role('r`x')],
        users: [ROOT, user("o'brien", { roles: ['r`x'], grants: [grant(['SELECT'], onTable('sales', 'orders'))] })],
      }),
      side({}),
      {},
      [
        'CREATE ROLE `r``x`',
        `CREATE USER 'o\\'brien'@'%' IDENTIFIED WITH mysql_native_password AS '${D1}'`,
        "GRANT `r``x` TO 'o\\'brien'@'%'",
        "GRANT SELECT ON TABLE `sales`.`orders` TO USER 'o\\'brien'@'%'",
      ],
    ],
  ])('%s', (_what, s, t, cfg, expected) => {
    expect(sqlOf(s, t, cfg)).toEqual(expected);
  });

  it('an inconsistent user kept is a difference, not in sync', () => {
    const p = diffPrivileges(
      side({ users: [ROOT, user('alice')] }),
      side({ users: [ROOT, user('alice', { digest: D2 })] }),
      { ...CFG, ddlJobAllowDropInconsistentUser: false },
      SELECT_ALL,
    );
    expect(p.notes.map((n) => [n.reason, n.configKey, n.message])).toEqual([
      ['user_inconsistent_kept', 'ddl_job_allow_drop_inconsistent_user', 'the password differs; kept as it is (dropping it is not allowed)'],
    ]);
    expect(p.progress.users).toEqual({ total: 1, inSync: 0 });
    expect(p.differs).toBe(true);
  });

  it('off (or no privileges read): nothing', () => {
    const s = side({ users: [ROOT, user('alice')] });
    expect(diffPrivileges(s, side({}), { ...CFG, enablePrivilegeSync: false }, SELECT_ALL).ddl).toEqual([]);
    expect(diffPrivileges({ ...s, privileges: undefined }, side({}), CFG, SELECT_ALL).ddl).toEqual([]);
  });

  it('grants on excluded objects are reported, not granted nor counted as a difference; on objects not created yet they wait', () => {
    const s = side({
      users: [ROOT, user('alice', { grants: [grant(['SELECT'], onTable('sales', 'secret')), grant(['SELECT'], onTable('sales', 'orders'))] })],
    });
    const p = diffPrivileges(s, side({ users: [ROOT, user('alice', { grants: [grant(['SELECT'], onTable('sales', 'orders'))] })] }), CFG, {
      includeDataList: [],
      excludeDataList: [{ db: 'sales', table: 'secret' }],
    });
    expect(p.ddl).toEqual([]);
    expect(p.notes.map((n) => [n.object, n.name, n.reason, n.message])).toEqual([
      [
        'grant',
        "'alice'@'%'",
        'grant_object_not_migrated',
        'GRANT SELECT ON TABLE sales.secret: not granted on the target: the object is not migrated (include/exclude_data_list)',
      ],
    ]);
    expect(p.differs).toBe(false);

    const pending = diffPrivileges(s, side({ tables: ['secret'], users: [ROOT, user('alice')] }), CFG, SELECT_ALL);
    expect(pending.ddl.map((a) => a.sql)).toEqual(["GRANT SELECT ON TABLE `sales`.`secret` TO USER 'alice'@'%'"]);
    expect(pending.notes.map((n) => n.reason)).toEqual(['grant_object_pending']);
    expect(pending.progress.pending).toBe(2);
    expect(pending.differs).toBe(true);
  });

  it('a grant srsync cannot write (a function) is a difference; unread grants: the user is not re-created', () => {
    const fn: GrantObjectRef = { kind: 'other', text: 'FUNCTION sales.f(INT)' };
    const p = diffPrivileges(
      side({ users: [ROOT, user('alice', { grants: [grant(['USAGE'], fn)] })] }),
      side({ users: [ROOT, user('alice')] }),
      CFG,
      SELECT_ALL,
    );
    expect(p.ddl).toEqual([]);
    expect(p.differs).toBe(true);
    const unread = diffPrivileges(
      side({ users: [ROOT, user('alice', { grants: null })] }),
      side({ users: [ROOT, user('alice', { digest: D2 })] }),
      CFG,
      SELECT_ALL,
    );
    expect(unread.ddl).toEqual([]);
    expect(unread.notes.map((n) => n.reason)).toEqual(['privilege_read_failed']);
  });

  it('users unreadable on either side (no SHOW SECRET): roles only, with one note', () => {
    const s = side({ users: null, usersUnreadable: 'SHOW CREATE USER shows <secret>', roles: [...BUILTIN, role('analyst')] });
    const p = diffPrivileges(s, side({}), CFG, SELECT_ALL);
    expect(p.ddl.map((a) => a.sql)).toEqual(['CREATE ROLE `analyst`']);
    expect(p.notes.map((n) => [n.reason, n.message])).toEqual([
      ['users_unreadable', 'users are not synced (only roles): on the source, SHOW CREATE USER shows <secret>'],
    ]);
  });

  it('progress figures and the line', () => {
    const s = side({
      roles: [...BUILTIN, role('analyst')],
      users: [ROOT, user('alice', { grants: [grant(['SELECT'], onTable('sales', 'orders'))] }), user('bob')],
    });
    const t = side({ users: [ROOT, user('bob')] });
    const p = diffPrivileges(s, t, CFG, SELECT_ALL);
    // roles: public (in sync) + analyst (created); users: alice (created), bob (in sync); grants: alice's one.
    expect(p.progress).toEqual({ users: { total: 2, inSync: 1 }, roles: { total: 2, inSync: 1 }, grants: { total: 1, inSync: 0 }, pending: 3 });
    expect(formatPrivilegeProgress(p.progress)).toBe(
      'Sync privilege progress: 40.00%, total: 5, inSync: 2, pending: 3, users: 1/2, roles: 1/2, grants: 0/1',
    );
    const done = diffPrivileges(s, s, CFG, SELECT_ALL);
    expect(done.differs).toBe(false);
    expect(formatPrivilegeProgress(done.progress)).toBe(
      'Sync privilege progress: 100.00%, total: 5, inSync: 5, pending: 0, users: 2/2, roles: 2/2, grants: 1/1',
    );
  });
});
