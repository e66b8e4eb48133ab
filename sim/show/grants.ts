// SHOW USERS, SHOW ROLES, SHOW GRANTS [FOR user | FOR ROLE r], SHOW CREATE USER: StarRocks' columns and text
// (ShowResultMetaFactory, ShowGrantsExecutor, AstToStringBuilder GRANT rendering, ShowCreateUserTest).
// Sources: sim/fidelity/privileges.md.
import type { FeState } from '../fe/state.js';
import { type AuthRole, type AuthUser, identity, PLURALS, PRIVILEGES_BY_TYPE, type PrivilegeEntry } from '../exec/auth-model.js';
import type { ResultSet } from './result-set.js';

const varchar = (names: string[]) => names.map((name) => ({ name, type: 'VARCHAR' as const }));

export function showUsers(users: readonly AuthUser[]): ResultSet {
  return { columns: varchar(['User']), rows: users.map((u) => [identity(u.user, u.host)]) };
}

/** Built-in roles first (ids -1..-5), then created roles in creation order; no comment = `\N` (FeConstants.NULL_STRING). */
export function showRoles(roles: readonly AuthRole[]): ResultSet {
  const ordered = [...roles].sort((a, b) => (a.builtin === b.builtin ? (a.builtin ? b.id - a.id : a.id - b.id) : a.builtin ? -1 : 1));
  return {
    columns: varchar(['Name', 'Builtin', 'Comment']),
    rows: ordered.map((r) => [r.name, String(r.builtin), r.comment === null || r.comment === '' ? '\\N' : r.comment]),
  };
}

/** PEntryObject.toString, or null when the object no longer exists (SHOW GRANTS skips such entries). */
function objectText(fe: FeState, e: PrivilegeEntry): string | null {
  const o = e.object;
  const dbName = (id: number) => [...fe.catalog.databases.values()].find((d) => d.id === id)?.name ?? null;
  switch (o.kind) {
    case 'system':
      return 'SYSTEM';
    case 'all': {
      const inDbs = e.objectType === 'FUNCTION' || e.objectType === 'PIPE';
      return `ALL ${PLURALS[e.objectType]}${inDbs ? ' IN ALL DATABASES' : ''}`;
    }
    case 'catalog':
      return o.name === '*' ? 'ALL CATALOGS' : `CATALOG ${o.name}`;
    case 'named': {
      if (o.name === '*') return `ALL ${PLURALS[e.objectType]}`;
      if (e.objectType === 'STORAGE VOLUME') {
        const v = [...fe.catalog.storageVolumes.values()].find((x) => x.id === o.name);
        return v ? `STORAGE VOLUME ${v.name}` : null;
      }
      return `${e.objectType} ${o.name}`;
    }
    case 'db': {
      if (o.allCatalogs || o.db === '*') return 'ALL DATABASES';
      const n = dbName(o.db);
      return n === null ? null : `DATABASE ${n}`;
    }
    case 'table': {
      const plural = PLURALS[e.objectType];
      if (o.allCatalogs || o.db === '*') return `ALL ${plural} IN ALL DATABASES`;
      const n = dbName(o.db);
      if (n === null) return null;
      if (o.table === '*') return `ALL ${plural} IN DATABASE ${n}`;
      const t = [...fe.catalog.databases.get(n)!.tables.values()].find((x) => x.id === o.table);
      return t ? `${e.objectType} ${n}.${t.name}` : null;
    }
  }
}

/** ShowGrantsExecutor.getCatalogNameFromPEntry: NULL for the `*` catalog of built-in roles. */
function catalogOf(e: PrivilegeEntry): string | null {
  const o = e.object;
  if (e.objectType === 'CATALOG' && o.kind === 'catalog') return o.name === '*' ? null : 'default_catalog';
  if (e.objectType === 'DATABASE' && o.kind === 'db') return o.allCatalogs ? null : 'default_catalog';
  if (e.objectType === 'TABLE' && o.kind === 'table') return o.allCatalogs ? null : 'default_catalog';
  return 'default_catalog';
}

/** AstToStringBuilder.visitGrantRevokePrivilegeStatement for one entry; null when its object is gone. */
export function grantText(fe: FeState, e: PrivilegeEntry, to: string): string | null {
  const obj = objectText(fe, e);
  if (obj === null) return null;
  const privs = PRIVILEGES_BY_TYPE[e.objectType].filter((p) => e.privileges.includes(p));
  return `GRANT ${privs.join(', ')} ON ${obj} TO ${to}${e.withGrantOption ? ' WITH GRANT OPTION' : ''}`;
}

const quoted = (names: readonly string[]) => names.map((r) => `'${r}'`).join(', ');

/** SHOW GRANTS [FOR 'u'@'h']: the granted roles, then one row per privilege entry. */
export function showUserGrants(fe: FeState, u: AuthUser, existingRoles: ReadonlySet<string>): ResultSet {
  const who = identity(u.user, u.host);
  const rows: Array<Array<string | null>> = [];
  const roles = u.roles.filter((r) => existingRoles.has(r));
  if (roles.length > 0) rows.push([who, null, `GRANT ${quoted(roles)} TO ${who}`]);
  for (const e of u.grants) {
    const g = grantText(fe, e, `USER ${who}`);
    if (g !== null) rows.push([who, catalogOf(e), g]);
  }
  return { columns: varchar(['UserIdentity', 'Catalog', 'Grants']), rows };
}

/** SHOW GRANTS FOR ROLE r: its parent roles, then its entries (`TO ROLE 'r'`). */
export function showRoleGrants(fe: FeState, r: AuthRole, existingRoles: ReadonlySet<string>): ResultSet {
  const rows: Array<Array<string | null>> = [];
  const parents = r.parents.filter((p) => existingRoles.has(p));
  if (parents.length > 0) rows.push([r.name, null, `GRANT ${quoted(parents)} TO ROLE ${r.name}`]);
  for (const e of r.grants) {
    const g = grantText(fe, e, `ROLE '${r.name}'`);
    if (g !== null) rows.push([r.name, catalogOf(e), g]);
  }
  return { columns: varchar(['UserIdentity', 'Catalog', 'Grants']), rows };
}

/**
 * SHOW CREATE USER: `User`, `Create User`; clauses only when they differ from the default, one per line; the digest
 * only for holders of SHOW SECRET on SYSTEM (`<secret>` otherwise, even for oneself).
 */
export function showCreateUser(u: AuthUser, showSecret: boolean): ResultSet {
  const who = identity(u.user, u.host);
  let ddl = `CREATE USER ${who}`;
  if (u.digest !== '') ddl += `\nIDENTIFIED WITH mysql_native_password AS '${showSecret ? u.digest : '<secret>'}'`;
  const defaults = [...u.defaultRoles].sort();
  if (defaults.length > 0) ddl += `\nDEFAULT ROLE ${quoted(defaults)}`;
  return { columns: varchar(['User', 'Create User']), rows: [[who, ddl]] };
}
