// StarRocks' RBAC as data (AuthenticationMgr + AuthorizationMgr, reduced): users with a mysql_native_password
// digest, roles with parent roles, and privilege entries per object type. Pure functions over plain,
// JSON-serializable data (kept in the FE image as FeData.auth). Sources: sim/fidelity/privileges.md.
import { createHash } from 'node:crypto';

// ---------------------------------------------------------------- object and privilege types

/** ObjectType.OBJECT_TO_NAME, in id order (the order SHOW GRANTS lists the types in). */
export const OBJECT_TYPES = [
  'TABLE',
  'DATABASE',
  'SYSTEM',
  'USER',
  'RESOURCE',
  'VIEW',
  'CATALOG',
  'MATERIALIZED VIEW',
  'FUNCTION',
  'RESOURCE GROUP',
  'GLOBAL FUNCTION',
  'STORAGE VOLUME',
  'PIPE',
  'WAREHOUSE',
] as const;
export type ObjectTypeName = (typeof OBJECT_TYPES)[number];

export const PLURALS: Record<ObjectTypeName, string> = {
  TABLE: 'TABLES',
  DATABASE: 'DATABASES',
  SYSTEM: 'SYSTEM',
  USER: 'USERS',
  RESOURCE: 'RESOURCES',
  VIEW: 'VIEWS',
  CATALOG: 'CATALOGS',
  'MATERIALIZED VIEW': 'MATERIALIZED VIEWS',
  FUNCTION: 'FUNCTIONS',
  'RESOURCE GROUP': 'RESOURCE GROUPS',
  'GLOBAL FUNCTION': 'GLOBAL FUNCTIONS',
  'STORAGE VOLUME': 'STORAGE VOLUMES',
  PIPE: 'PIPES',
  WAREHOUSE: 'WAREHOUSES',
};

/** DefaultAuthorizationProvider.typeToActionList: the privileges of each type, in the order GRANT text lists them. */
export const PRIVILEGES_BY_TYPE: Record<ObjectTypeName, readonly string[]> = {
  TABLE: ['DELETE', 'DROP', 'INSERT', 'SELECT', 'ALTER', 'EXPORT', 'UPDATE'],
  DATABASE: ['CREATE TABLE', 'DROP', 'ALTER', 'CREATE VIEW', 'CREATE FUNCTION', 'CREATE MATERIALIZED VIEW', 'CREATE PIPE'],
  SYSTEM: [
    'GRANT',
    'NODE',
    'CREATE RESOURCE',
    'PLUGIN',
    'FILE',
    'BLACKLIST',
    'OPERATE',
    'CREATE EXTERNAL CATALOG',
    'REPOSITORY',
    'CREATE RESOURCE GROUP',
    'CREATE GLOBAL FUNCTION',
    'CREATE STORAGE VOLUME',
    'CREATE WAREHOUSE',
    'SECURITY',
    'SHOW SECRET',
  ],
  USER: ['IMPERSONATE'],
  RESOURCE: ['USAGE', 'ALTER', 'DROP'],
  VIEW: ['SELECT', 'ALTER', 'DROP'],
  CATALOG: ['USAGE', 'CREATE DATABASE', 'DROP', 'ALTER'],
  'MATERIALIZED VIEW': ['ALTER', 'REFRESH', 'DROP', 'SELECT'],
  FUNCTION: ['USAGE', 'DROP'],
  'RESOURCE GROUP': ['ALTER', 'DROP'],
  'GLOBAL FUNCTION': ['USAGE', 'DROP'],
  'STORAGE VOLUME': ['DROP', 'ALTER', 'USAGE'],
  PIPE: ['ALTER', 'DROP', 'USAGE'],
  WAREHOUSE: ['USAGE', 'ALTER', 'DROP'],
};

/** PrivilegeType.VALID_PRIVILEGE_TYPE names (plus SHOW SECRET, SECURITY of 2026). */
export const ALL_PRIVILEGE_NAMES = new Set(Object.values(PRIVILEGES_BY_TYPE).flat());

/**
 * The object of a privilege entry (PEntryObject). `db`/`table` are catalog ids (so a re-created table does not
 * inherit grants); `'*'` = all. `allCatalogs` = the built-in roles' `*` catalog (Catalog column NULL).
 */
export type PrivObject =
  | { kind: 'system' }
  | { kind: 'catalog'; name: string }
  | { kind: 'db'; allCatalogs: boolean; db: number | '*' }
  | { kind: 'table'; allCatalogs: boolean; db: number | '*'; table: number | '*' }
  | { kind: 'named'; name: string }
  | { kind: 'all' };

export interface PrivilegeEntry {
  objectType: ObjectTypeName;
  object: PrivObject;
  privileges: string[];
  withGrantOption: boolean;
}

// ---------------------------------------------------------------- users and roles

export interface AuthUser {
  user: string;
  host: string;
  /** `*` + 40 upper-case hex digits (mysql_native_password digest); '' = no password. */
  digest: string;
  /** The plain password when it was given in clear (the simulator's handshake verifies plain passwords). */
  plain?: string;
  /** Granted roles (names), and the subset activated at login. */
  roles: string[];
  defaultRoles: string[];
  grants: PrivilegeEntry[];
}

export interface AuthRole {
  name: string;
  /** Built-in roles have StarRocks' negative ids; created roles take ids from the FE's id generator. */
  id: number;
  comment: string | null;
  builtin: boolean;
  mutable: boolean;
  removable: boolean;
  /** Roles granted to this role (`GRANT parent TO ROLE this`). */
  parents: string[];
  grants: PrivilegeEntry[];
}

/** FeData.auth: everything AuthenticationMgr/AuthorizationMgr persist. */
export interface AuthData {
  version: 1;
  users: AuthUser[];
  roles: AuthRole[];
}

export const ROOT = 'root';
export const PUBLIC = 'public';
export const identity = (user: string, host: string) => `'${user}'@'${host}'`;

/** MysqlPassword.makeScrambledPassword: `*` + HEX(SHA1(SHA1(pw))); '' for an empty password. */
export function nativeDigest(password: string): string {
  if (password === '') return '';
  const stage1 = createHash('sha1').update(password, 'utf8').digest();
  return `*${createHash('sha1').update(stage1).digest('hex').toUpperCase()}`;
}

const everything = (t: ObjectTypeName): PrivilegeEntry => ({
  objectType: t,
  object:
    t === 'SYSTEM'
      ? { kind: 'system' }
      : t === 'TABLE' || t === 'VIEW' || t === 'MATERIALIZED VIEW'
        ? { kind: 'table', allCatalogs: true, db: '*', table: '*' }
        : t === 'DATABASE'
          ? { kind: 'db', allCatalogs: true, db: '*' }
          : t === 'CATALOG'
            ? { kind: 'catalog', name: '*' }
            : { kind: 'all' },
  privileges: [...PRIVILEGES_BY_TYPE[t]],
  withGrantOption: false,
});

/** AuthorizationMgr.initBuiltinRolesAndUsers: root, db_admin, cluster_admin, user_admin (immutable), public. */
export function builtinRoles(): AuthRole[] {
  const role = (id: number, name: string, comment: string, grants: PrivilegeEntry[], mutable = false): AuthRole => ({
    name,
    id,
    comment,
    builtin: true,
    mutable,
    removable: false,
    parents: [],
    grants,
  });
  const rootTypes: ObjectTypeName[] = [
    'TABLE',
    'DATABASE',
    'SYSTEM',
    'USER',
    'RESOURCE',
    'VIEW',
    'CATALOG',
    'MATERIALIZED VIEW',
    'FUNCTION',
    'RESOURCE GROUP',
    'PIPE',
    'GLOBAL FUNCTION',
    'STORAGE VOLUME',
    'WAREHOUSE',
  ];
  const dbAdminTypes: ObjectTypeName[] = [
    'CATALOG',
    'DATABASE',
    'TABLE',
    'VIEW',
    'MATERIALIZED VIEW',
    'RESOURCE',
    'RESOURCE GROUP',
    'FUNCTION',
    'GLOBAL FUNCTION',
    'STORAGE VOLUME',
    'PIPE',
  ];
  const system = (privs: string[]): PrivilegeEntry => ({
    objectType: 'SYSTEM',
    object: { kind: 'system' },
    privileges: privs,
    withGrantOption: false,
  });
  return [
    role(-1, 'root', 'built-in root role which has all privileges on all objects', rootTypes.map(everything)),
    role(-2, 'db_admin', 'built-in database administration role', [
      system([
        'CREATE RESOURCE',
        'PLUGIN',
        'FILE',
        'BLACKLIST',
        'OPERATE',
        'CREATE EXTERNAL CATALOG',
        'REPOSITORY',
        'CREATE RESOURCE GROUP',
        'CREATE GLOBAL FUNCTION',
        'CREATE STORAGE VOLUME',
      ]),
      ...dbAdminTypes.map(everything),
    ]),
    role(-3, 'cluster_admin', 'built-in cluster administration role', [system(['NODE', 'CREATE WAREHOUSE']), everything('WAREHOUSE')]),
    role(-4, 'user_admin', 'built-in user administration role', [system(['GRANT']), everything('USER')]),
    role(-5, 'public', 'built-in public role which is owned by any user', [], true),
  ];
}

export function initialAuth(): AuthData {
  return {
    version: 1,
    users: [{ user: ROOT, host: '%', digest: '', roles: ['root'], defaultRoles: ['root'], grants: [] }],
    roles: builtinRoles(),
  };
}

// ---------------------------------------------------------------- privilege collections

const isFuzzy = (o: PrivObject): boolean =>
  o.kind === 'all' ||
  (o.kind === 'catalog' && o.name === '*') ||
  (o.kind === 'named' && o.name === '*') ||
  (o.kind === 'db' && (o.allCatalogs || o.db === '*')) ||
  (o.kind === 'table' && (o.allCatalogs || o.db === '*' || o.table === '*'));

export function sameObject(a: PrivObject, b: PrivObject): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** The PEntryObject.compareTo order: fuzzy objects first (last for storage volumes), then ids compared as strings. */
function compareObjects(a: PrivObject, b: PrivObject): number {
  const fa = isFuzzy(a);
  const fb = isFuzzy(b);
  // StorageVolumePEntryObject.compareTo puts ALL last; the table/db/catalog objects put fuzzy objects first.
  if (fa !== fb) return (fa ? -1 : 1) * (a.kind === 'named' ? -1 : 1);
  const key = (o: PrivObject): string[] =>
    o.kind === 'table'
      ? [String(o.db), String(o.table)]
      : o.kind === 'db'
        ? [String(o.db)]
        : o.kind === 'catalog' || o.kind === 'named'
          ? [o.name]
          : [];
  const ka = key(a);
  const kb = key(b);
  for (let i = 0; i < Math.max(ka.length, kb.length); i++) {
    const x = ka[i] ?? '';
    const y = kb[i] ?? '';
    if (x !== y) return x < y ? -1 : 1;
  }
  return 0;
}

/** PrivilegeCollectionV2.grant: one entry per (object, grant option); actions merged; entries kept sorted. */
export function grantInto(
  list: PrivilegeEntry[],
  objectType: ObjectTypeName,
  object: PrivObject,
  privileges: string[],
  withGrantOption: boolean,
): void {
  const e = list.find((x) => x.objectType === objectType && x.withGrantOption === withGrantOption && sameObject(x.object, object));
  if (e) {
    for (const p of privileges) if (!e.privileges.includes(p)) e.privileges.push(p);
  } else {
    list.push({ objectType, object, privileges: [...new Set(privileges)], withGrantOption });
  }
  list.sort((a, b) => OBJECT_TYPES.indexOf(a.objectType) - OBJECT_TYPES.indexOf(b.objectType) || compareObjects(a.object, b.object));
}

/** PrivilegeCollectionV2.revoke: the actions leave every entry on that object; empty entries go. */
export function revokeFrom(list: PrivilegeEntry[], objectType: ObjectTypeName, object: PrivObject, privileges: string[]): void {
  for (const e of list) {
    if (e.objectType === objectType && sameObject(e.object, object)) e.privileges = e.privileges.filter((p) => !privileges.includes(p));
  }
  for (let i = list.length - 1; i >= 0; i--) if (list[i]!.privileges.length === 0) list.splice(i, 1);
}

/** The object a check asks about (always concrete). */
export type CheckTarget =
  | { kind: 'system' }
  | { kind: 'catalog'; name: string }
  | { kind: 'db'; db: number }
  | { kind: 'table'; db: number; table: number }
  | { kind: 'named'; name: string };

/** PEntryObject.match: does the entry's (possibly fuzzy) object cover the target? */
export function covers(entry: PrivObject, target: CheckTarget): boolean {
  switch (entry.kind) {
    case 'system':
      return target.kind === 'system';
    case 'all':
      return true;
    case 'catalog':
      return target.kind === 'catalog' && (entry.name === '*' || entry.name === target.name);
    case 'named':
      return target.kind === 'named' && (entry.name === '*' || entry.name === target.name);
    case 'db':
      return target.kind === 'db' && (entry.allCatalogs || entry.db === '*' || entry.db === target.db);
    case 'table':
      return (
        target.kind === 'table' &&
        (entry.allCatalogs || entry.db === '*' || (entry.db === target.db && (entry.table === '*' || entry.table === target.table)))
      );
  }
}

/** Does any entry of `objectType` holding `privilege` cover `target`? */
export function entriesAllow(
  list: readonly PrivilegeEntry[],
  objectType: ObjectTypeName,
  privilege: string,
  target: CheckTarget,
  needGrantOption = false,
): boolean {
  return list.some(
    (e) => e.objectType === objectType && e.privileges.includes(privilege) && (!needGrantOption || e.withGrantOption) && covers(e.object, target),
  );
}

/** A role and every role granted to it, transitively (getAllPredecessorRoleIds). */
export function withPredecessors(auth: AuthData, names: Iterable<string>): AuthRole[] {
  const out = new Map<string, AuthRole>();
  const visit = (n: string) => {
    if (out.has(n)) return;
    const r = auth.roles.find((x) => x.name === n);
    if (!r) return; // a dropped role is ignored, as StarRocks does
    out.set(n, r);
    for (const p of r.parents) visit(p);
  };
  for (const n of names) visit(n);
  return [...out.values()];
}
