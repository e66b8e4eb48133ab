// The account-management statements of the simulated FE: privilege check (Authorizer), analysis and execution
// (AuthenticationMgr / AuthorizationMgr via sim/exec/users.ts), SHOW output (sim/show/grants.ts).
import type { FeState } from '../fe/state.js';
import type { QueryResult, Session } from '../server/session.js';
import type { Statement, UserIdentity } from '../sql/ast.js';
import type { ResultSet } from '../show/result-set.js';
import { showCreateUser, showRoleGrants, showRoles, showUserGrants, showUsers } from '../show/grants.js';
import { entriesAllow, identity, type PrivObject, type CheckTarget } from './auth-model.js';
import { applyGrant, resolveGrant } from './grant-objects.js';
import { accessDenied, checkPrivilege, hasPrivilege } from './privileges.js';
import { semantic, type UserStore } from './users.js';

const ok = (): QueryResult => ({ kind: 'ok', affectedRows: 0 });
const rows = (rs: ResultSet): QueryResult => ({ kind: 'rows', columns: rs.columns, rows: rs.rows });

/** The target a grant-option check asks about (the object itself; fuzzy objects need a fuzzy entry). */
function asTarget(o: PrivObject): CheckTarget | null {
  if (o.kind === 'system') return { kind: 'system' };
  if (o.kind === 'catalog' && o.name !== '*') return { kind: 'catalog', name: o.name };
  if (o.kind === 'db' && o.db !== '*') return { kind: 'db', db: o.db };
  if (o.kind === 'table' && o.db !== '*' && o.table !== '*') return { kind: 'table', db: o.db, table: o.table };
  if (o.kind === 'named' && o.name !== '*') return { kind: 'named', name: o.name };
  return null;
}

/** Runs `stmt` when it is an account-management statement; null otherwise. */
export function runAuthStatement(fe: FeState, users: UserStore, session: Session, stmt: Statement): QueryResult | null {
  const need = () => checkPrivilege(users, session.user, 'GRANT');
  const self = (id: UserIdentity | null) => {
    const me = users.sessionUser(session.user);
    return id === null || (me !== undefined && me.user === id.user && me.host === id.host);
  };
  switch (stmt.kind) {
    case 'createUser':
      need();
      users.createUser(
        stmt.user,
        { password: stmt.password, hashed: stmt.passwordHashed, plugin: stmt.authPlugin ?? null },
        stmt.defaultRoles,
        stmt.ifNotExists,
      );
      return ok();
    case 'alterUser': {
      need();
      const auth =
        stmt.password !== null || stmt.authPlugin ? { password: stmt.password, hashed: stmt.passwordHashed, plugin: stmt.authPlugin ?? null } : null;
      users.alterUser(stmt.user, auth, stmt.defaultRoles, stmt.ifExists);
      return ok();
    }
    case 'dropUser':
      need();
      users.dropUser(stmt.user, stmt.ifExists);
      return ok();
    case 'setPassword':
      if (stmt.user && !self(stmt.user)) need();
      users.setPassword(stmt.user?.user ?? session.user, stmt.password, stmt.hashed);
      return ok();
    case 'createRole':
      need();
      users.createRole(stmt.roles, stmt.comment, stmt.ifNotExists);
      return ok();
    case 'dropRole':
      need();
      users.dropRole(stmt.roles, stmt.ifExists);
      return ok();
    case 'grantRole':
    case 'revokeRole': {
      need();
      const grantee = stmt.grantee.kind === 'user' ? { user: stmt.grantee.user } : { role: stmt.grantee.role };
      if (stmt.kind === 'grantRole') users.grantRoles(stmt.roles, grantee);
      else users.revokeRoles(stmt.roles, grantee);
      return ok();
    }
    case 'setDefaultRole':
      need();
      users.setDefaultRoles(stmt.user, stmt.mode, stmt.roles);
      return ok();
    case 'grantPrivileges':
    case 'revokePrivileges': {
      // The analyzer first: grantee, object type, objects, privilege names.
      const target =
        stmt.grantee.kind === 'user' ? users.mustUser(stmt.grantee.user) : users.mustRole(stmt.grantee.role, 'Can not grant/revoke to role');
      const g = resolveGrant(fe, session.currentDb, stmt.privileges, stmt.object);
      // Authorizer: GRANT on SYSTEM, or every privilege WITH GRANT OPTION on the object.
      if (!hasPrivilege(users, session.user, 'SYSTEM', 'GRANT', { kind: 'system' })) {
        const me = users.sessionUser(session.user);
        const mayGrant =
          me !== undefined &&
          g.objects.every((o) => {
            const t = asTarget(o);
            return (
              t !== null &&
              g.privileges.every(
                (p) =>
                  entriesAllow(me.grants, g.objectType, p, t, true) ||
                  users.effectiveRoles(me).some((r) => entriesAllow(r.grants, g.objectType, p, t, true)),
              )
            );
          });
        if (!mayGrant) throw accessDenied(users, session.user, 'GRANT', 'SYSTEM', null);
      }
      const role = 'name' in target ? target : null;
      applyGrant(target, role, g, stmt.kind === 'revokePrivileges', stmt.kind === 'grantPrivileges' && stmt.withGrantOption);
      users.changed();
      return ok();
    }
    case 'showUsers':
      need();
      return rows(showUsers(users.data.users));
    case 'showRoles':
      need();
      return rows(showRoles(users.data.roles));
    case 'showGrants': {
      if (stmt.all) throw semantic('SHOW ALL GRANTS is not supported');
      const existing = new Set(users.data.roles.map((r) => r.name));
      if (stmt.role) {
        need();
        const r = users.mustRole(stmt.role, `There is no such grant defined for role ${stmt.role}`);
        return rows(showRoleGrants(fe, r, existing));
      }
      if (!self(stmt.user)) need();
      const u = stmt.user ? users.mustUser(stmt.user) : users.sessionUser(session.user);
      if (!u) throw semantic(`cannot find user ${identity(session.user, '%')}!`);
      return rows(showUserGrants(fe, u, existing));
    }
    case 'showCreateUser': {
      const u = stmt.user ? users.findUser(stmt.user) : users.sessionUser(session.user);
      if (!u) throw semantic(`cannot find user ${stmt.user ? identity(stmt.user.user, stmt.user.host) : identity(session.user, '%')}!`);
      if (!self(stmt.user)) need();
      return rows(showCreateUser(u, hasPrivilege(users, session.user, 'SYSTEM', 'SHOW SECRET', { kind: 'system' })));
    }
    default:
      return null;
  }
}
