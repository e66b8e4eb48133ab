// Privilege checks of the simulated FE (StarRocks' Authorizer / NativeAccessController, reduced to what the
// simulator executes). A session's privileges: the user's own entries, its active roles with their
// predecessors, and public. A refusal is ErrorCode.ERR_ACCESS_DENIED (5203, 42000), worded by
// AccessDeniedException.reportAccessDenied. Sources: sim/fidelity/privileges.md.
import { SimError } from '../fe/errors.js';
import type { FeState } from '../fe/state.js';
import { type CheckTarget, entriesAllow, type ObjectTypeName } from './auth-model.js';
import type { UserStore } from './users.js';

/** The SYSTEM privileges the executor asks for. */
export type Privilege = 'OPERATE' | 'NODE' | 'GRANT' | 'CREATE STORAGE VOLUME' | 'SHOW SECRET';

const list = (xs: string[]) => (xs.length === 0 ? 'NONE' : `[${xs.join(', ')}]`);

/**
 * ERR_ACCESS_DENIED: `Access denied; you need (at least one of) the %s privilege(s) on %s%s for this operation.
 * Please ask the admin to grant permission(s) or try activating existing roles using <set [default] role>.
 * Current role(s): %s. Inactivated role(s): %s.`
 */
export function accessDenied(users: UserStore, userName: string, privilege: string, objectType: string, object: string | null): SimError {
  const u = users.sessionUser(userName);
  const active = u ? users.activeRoles(u) : [];
  const inactive = u ? users.inactiveRoles(u) : [];
  return new SimError(
    5203,
    `Access denied; you need (at least one of) the ${privilege} privilege(s) on ${objectType}${object === null ? '' : ` ${object}`} for this operation. ` +
      `Please ask the admin to grant permission(s) or try activating existing roles using <set [default] role>. Current role(s): ${list(active)}. Inactivated role(s): ${list(inactive)}.`,
    '42000',
  );
}

/** Whether the session user holds `privilege` on `objectType` `target` (with grant option when asked). */
export function hasPrivilege(
  users: UserStore,
  userName: string,
  objectType: ObjectTypeName,
  privilege: string,
  target: CheckTarget,
  withGrantOption = false,
): boolean {
  const u = users.sessionUser(userName);
  if (!u) return false;
  if (entriesAllow(u.grants, objectType, privilege, target, withGrantOption)) return true;
  return users.effectiveRoles(u).some((r) => entriesAllow(r.grants, objectType, privilege, target, withGrantOption));
}

/** A SYSTEM privilege, or ERR_ACCESS_DENIED `... the <p> privilege(s) on SYSTEM ...`. */
export function checkPrivilege(users: UserStore, user: string, p: Privilege): void {
  if (!hasPrivilege(users, user, 'SYSTEM', p, { kind: 'system' })) throw accessDenied(users, user, p, 'SYSTEM', null);
}

/** The checks of statements on catalog objects; names are what the refusal prints (the object's own name). */
export class ObjectChecks {
  constructor(
    private readonly users: UserStore,
    private readonly fe: FeState,
  ) {}

  /** CREATE DATABASE: `CREATE DATABASE` on CATALOG default_catalog. */
  catalog(user: string, privilege: string): void {
    if (!hasPrivilege(this.users, user, 'CATALOG', privilege, { kind: 'catalog', name: 'default_catalog' })) {
      throw accessDenied(this.users, user, privilege, 'CATALOG', 'default_catalog');
    }
  }

  /** A privilege on DATABASE db (CREATE TABLE / VIEW / MATERIALIZED VIEW, DROP, ALTER). Unknown dbs pass (the statement reports them). */
  database(user: string, dbName: string, privilege: string): void {
    const db = this.fe.catalog.databases.get(dbName);
    if (!db) return;
    if (!hasPrivilege(this.users, user, 'DATABASE', privilege, { kind: 'db', db: db.id }))
      throw accessDenied(this.users, user, privilege, 'DATABASE', dbName);
  }

  /** A privilege on a table, view or materialized view (its type decides which entries count). */
  table(user: string, dbName: string, tableName: string, privilege: string, as?: ObjectTypeName): void {
    const db = this.fe.catalog.databases.get(dbName);
    const t = db?.tables.get(tableName);
    if (!db || !t) return;
    const type: ObjectTypeName = as ?? (t.kind === 'view' ? 'VIEW' : t.mv ? 'MATERIALIZED VIEW' : 'TABLE');
    if (!hasPrivilege(this.users, user, type, privilege, { kind: 'table', db: db.id, table: t.id }))
      throw accessDenied(this.users, user, privilege, type, tableName);
  }

  /** A privilege on STORAGE VOLUME name. */
  storageVolume(user: string, name: string, privilege: string): void {
    const v = this.fe.catalog.storageVolumes.get(name);
    if (!v) return;
    if (!hasPrivilege(this.users, user, 'STORAGE VOLUME', privilege, { kind: 'named', name: v.id }))
      throw accessDenied(this.users, user, privilege, 'STORAGE VOLUME', name);
  }
}
