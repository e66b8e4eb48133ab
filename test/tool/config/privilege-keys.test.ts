// The 2026 tool's privilege sync keys: defaults, the exclude lists' two forms, and a bad entry as a config error.
import { describe, expect, it } from 'vitest';
import { redact } from '../../../src/config/redact.js';
import { HOSTS, errorOf, parse } from './helpers.js';

describe('privilege sync keys', () => {
  it('defaults: off, drops of target-only users/roles and revokes off, inconsistent users re-created, nothing excluded', () => {
    const c = parse(HOSTS).config;
    expect([
      c.enablePrivilegeSync,
      c.ddlJobAllowDropUserTargetOnly,
      c.ddlJobAllowDropRoleTargetOnly,
      c.ddlJobAllowDropInconsistentUser,
      c.ddlJobAllowRevokeGrantTargetOnly,
    ]).toEqual([false, false, false, true, false]);
    expect(c.privilegeSyncExcludeUsers).toEqual([]);
    expect(c.privilegeSyncExcludeRoles).toEqual([]);
  });

  it("exclude users by name (every host) or by identity 'jack'@'%'; roles by name", () => {
    const c = parse(
      `${HOSTS}enable_privilege_sync=true\nprivilege_sync_exclude_users=jack, 'jill'@'10.%', 'bob'\nprivilege_sync_exclude_roles=analyst, 'ops'\n`,
    ).config;
    expect(c.enablePrivilegeSync).toBe(true);
    expect(c.privilegeSyncExcludeUsers).toEqual([
      { user: 'jack', host: null },
      { user: 'jill', host: '10.%' },
      { user: 'bob', host: null },
    ]);
    expect(c.privilegeSyncExcludeRoles).toEqual(['analyst', 'ops']);
  });

  it('an exclude entry that is neither a name nor an identity is a one-line config error naming the key', () => {
    const e = errorOf(`${HOSTS}privilege_sync_exclude_users=jack@%\n`);
    expect(e.message).toMatch(/privilege_sync_exclude_users.*jack@%.*not a user name/);
  });

  it('the effective configuration prints the lists as they would be written', () => {
    const r = redact(parse(`${HOSTS}privilege_sync_exclude_users=jack, 'jill'@'10.%'\nprivilege_sync_exclude_roles=analyst,ops\n`).config);
    expect(r['privilege_sync_exclude_users']).toBe("jack,'jill'@'10.%'");
    expect(r['privilege_sync_exclude_roles']).toBe('analyst,ops');
    expect(r['enable_privilege_sync']).toBe('false');
  });
});
