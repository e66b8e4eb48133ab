// The one-time rule for privileges (src/engine/privilege-round.ts): compared again while they differ, given up after
// 3 consecutive differing full-round comparisons; an in-sync comparison resets the count. And a privilege read that
// fails for the cluster (no SHOW USERS privilege) is a noted difference, not a failed round.
import { describe, expect, it } from 'vitest';
import { afterComparison, noPrivilegeState, planPrivileges, privilegeVerdict } from '../../../src/engine/privilege-round.js';
import type { PrivilegePlan } from '../../../src/planner/privileges.js';
import { SqlError } from '../../../src/cluster/sql-client.js';
import { cluster } from './fixtures.js';

const plan = (differs: boolean): PrivilegePlan => ({
  ddl: differs ? [{ kind: 'create_role', db: 'role r', reason: 'missing_on_target', sql: 'CREATE ROLE `r`' }] : [],
  notes: [],
  progress: {
    users: { total: 0, inSync: 0 },
    roles: { total: 1, inSync: differs ? 0 : 1 },
    grants: { total: 0, inSync: 0 },
    pending: differs ? 1 : 0,
  },
  differs,
});

describe('privilege verdict in one-time mode', () => {
  it('in sync at once, compare again twice, give up at the third differing comparison in a row', () => {
    expect(privilegeVerdict(noPrivilegeState)).toEqual({ kind: 'in_sync' });
    let s = afterComparison(noPrivilegeState, plan(true));
    expect(privilegeVerdict(s).kind).toBe('compare_again');
    s = afterComparison(s, plan(true));
    expect(privilegeVerdict(s).kind).toBe('compare_again');
    const reset = afterComparison(s, plan(false));
    expect(reset.differingInARow).toBe(0);
    expect(privilegeVerdict(reset)).toEqual({ kind: 'in_sync' });
    s = afterComparison(s, plan(true));
    expect(privilegeVerdict(s)).toEqual({
      kind: 'failed',
      line: 'privileges: still differ after 3 consecutive comparisons (1 pending): still needed: CREATE ROLE `r`',
    });
  });

  it('a refused privilege read is a noted difference; a lost connection fails the round', async () => {
    const round = { source: cluster([]), target: cluster([]), plan: { ddl: [], replication: [], notes: [], inSync: [] } };
    const cfg = {
      enablePrivilegeSync: true,
      ddlJobAllowDropUserTargetOnly: false,
      ddlJobAllowDropRoleTargetOnly: false,
      ddlJobAllowDropInconsistentUser: true,
      ddlJobAllowRevokeGrantTargetOnly: false,
      privilegeSyncExcludeUsers: [],
      privilegeSyncExcludeRoles: [],
      targetClusterUser: 'root',
    };
    const ok = { privileges: async () => ({ users: [], roles: [] }) };
    const denied = {
      privileges: async () =>
        Promise.reject(new SqlError('Access denied; you need (at least one of) the GRANT privilege(s) on SYSTEM', 5203, 'SHOW ROLES', false)),
    };
    const r = await planPrivileges({ source: denied, target: ok }, round, cfg, { includeDataList: [], excludeDataList: [] }, 1);
    expect(r.privileges.differs).toBe(true);
    expect(r.plan.notes.map((n) => [n.reason, n.blocking])).toEqual([['privilege_read_failed', false]]);
    expect(r.plan.notes[0]!.message).toMatch(/on the source: Access denied/);
    const lost = { privileges: async () => Promise.reject(new SqlError('connection lost', undefined, 'SHOW ROLES', true)) };
    await expect(planPrivileges({ source: lost, target: ok }, round, cfg, { includeDataList: [], excludeDataList: [] }, 1)).rejects.toThrow(
      /connection lost/,
    );
  });
});
