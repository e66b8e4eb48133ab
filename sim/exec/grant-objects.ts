// GRANT / REVOKE of privileges: the statement's privileges and objects resolved as AuthorizationAnalyzer does
// (object type, privilege names, object ids), then applied to a user or a mutable role (AuthorizationMgr.grant /
// revoke). Messages: sim/fidelity/privileges.md.
import type { FeState } from '../fe/state.js';
import type { GrantObject, QualifiedName } from '../sql/ast.js';
import {
  ALL_PRIVILEGE_NAMES,
  grantInto,
  type ObjectTypeName,
  OBJECT_TYPES,
  PLURALS,
  PRIVILEGES_BY_TYPE,
  type PrivilegeEntry,
  type PrivObject,
  revokeFrom,
} from './auth-model.js';
import { ddl, semantic } from './users.js';

export interface ResolvedGrant {
  objectType: ObjectTypeName;
  objects: PrivObject[];
  privileges: string[];
}

const SUPPORTED: ObjectTypeName[] = ['SYSTEM', 'CATALOG', 'DATABASE', 'TABLE', 'VIEW', 'MATERIALIZED VIEW', 'STORAGE VOLUME', 'RESOURCE GROUP'];

function typeOf(name: string, plural: boolean): ObjectTypeName {
  const t = OBJECT_TYPES.find((x) => (plural ? PLURALS[x] : x) === name);
  if (!t) throw semantic(`cannot find privilege object type ${name}`);
  if (!SUPPORTED.includes(t)) throw semantic(`Grant/Revoke on ${t} is not supported by the simulator`);
  return t;
}

/** AuthorizationAnalyzer.visitGrantRevokePrivilegeStatement: object type, objects, privileges. */
export function resolveGrant(fe: FeState, currentDb: string | null, privileges: string[], object: GrantObject): ResolvedGrant {
  let objectType: ObjectTypeName;
  let objects: PrivObject[];
  switch (object.kind) {
    case 'system':
      objectType = 'SYSTEM';
      objects = [{ kind: 'system' }];
      break;
    case 'legacy':
      // `ON db.tbl` / `ON db.*` / `ON *.*` / `ON tbl`: TABLE objects.
      objectType = 'TABLE';
      objects = [tableObject(fe, currentDb, { db: object.db, name: object.table }, 'TABLE')];
      break;
    case 'objects':
      objectType = typeOf(object.objectType, false);
      objects = object.names.map((n) => namedObject(fe, currentDb, objectType, n));
      break;
    case 'all': {
      objectType = typeOf(object.objectType, true);
      objects = [allObject(fe, objectType, object.db, object.inAllDatabases === true)];
      break;
    }
  }
  const privs: string[] = [];
  for (const p of privileges) {
    if (p === 'ALL') {
      privs.push(...PRIVILEGES_BY_TYPE[objectType]);
      continue;
    }
    if (!ALL_PRIVILEGE_NAMES.has(p)) throw semantic(`cannot find privilege type ${p}`);
    if (!PRIVILEGES_BY_TYPE[objectType].includes(p)) throw semantic(`Cannot grant or revoke ${p} on '${objectType}' type object`);
    privs.push(p);
  }
  // DefaultAuthorizationProvider.validateGrant
  for (const bad of ['GRANT', 'NODE']) {
    if (objectType === 'SYSTEM' && privs.includes(bad)) {
      throw semantic(`Operation not permitted, '${bad}' cannot be granted to user or role directly, use built-in role instead`);
    }
  }
  return { objectType, objects, privileges: [...new Set(privs)] };
}

function dbOrFail(fe: FeState, name: string) {
  const db = fe.catalog.databases.get(name);
  if (!db) throw semantic(`cannot find db: ${name}`);
  return db;
}

/** TablePEntryObject.generate (and the view / MV variants): `cannot find table t in db d`. */
function tableObject(fe: FeState, currentDb: string | null, n: QualifiedName, type: 'TABLE' | 'VIEW' | 'MATERIALIZED VIEW'): PrivObject {
  const dbName = n.db ?? currentDb;
  if (dbName === null) throw semantic('No database selected', 1046);
  if (dbName === '*') return { kind: 'table', allCatalogs: false, db: '*', table: '*' };
  const db = dbOrFail(fe, dbName);
  if (n.name === '*') return { kind: 'table', allCatalogs: false, db: db.id, table: '*' };
  const t = db.tables.get(n.name);
  const what = type === 'TABLE' ? 'table' : type === 'VIEW' ? 'view' : 'materialized view';
  const ok =
    t &&
    (type === 'VIEW' ? t.kind === 'view' : type === 'MATERIALIZED VIEW' ? t.kind === 'olap' && t.mv !== null : t.kind === 'olap' && t.mv === null);
  if (!t || !ok) throw semantic(`cannot find ${what} ${n.name} in db ${dbName}`);
  return { kind: 'table', allCatalogs: false, db: db.id, table: t.id };
}

function namedObject(fe: FeState, currentDb: string | null, type: ObjectTypeName, n: QualifiedName): PrivObject {
  switch (type) {
    case 'TABLE':
    case 'VIEW':
    case 'MATERIALIZED VIEW':
      return tableObject(fe, currentDb, n, type);
    case 'DATABASE': {
      if (n.db !== null && n.db !== 'default_catalog') throw semantic(`cannot find catalog: ${n.db}`);
      if (n.name === '*') return { kind: 'db', allCatalogs: false, db: '*' };
      return { kind: 'db', allCatalogs: false, db: dbOrFail(fe, n.name).id };
    }
    case 'CATALOG':
      if (n.name !== 'default_catalog') throw semantic(`cannot find catalog: ${n.name}`);
      return { kind: 'catalog', name: n.name };
    case 'STORAGE VOLUME': {
      const v = fe.catalog.storageVolumes.get(n.name);
      if (!v) throw semantic(`cannot find storage volume: ${n.name}`);
      return { kind: 'named', name: v.id };
    }
    case 'RESOURCE GROUP':
      throw semantic(`cannot find resource group: ${n.name}`);
    default:
      throw semantic(`Grant/Revoke unsupported object type ${type}`);
  }
}

/** `ON ALL <plural> [IN ALL DATABASES | IN DATABASE db]`. */
function allObject(fe: FeState, type: ObjectTypeName, db: string | null, inAllDatabases: boolean): PrivObject {
  switch (type) {
    case 'TABLE':
    case 'VIEW':
    case 'MATERIALIZED VIEW':
      if (db !== null) return { kind: 'table', allCatalogs: false, db: dbOrFail(fe, db).id, table: '*' };
      if (!inAllDatabases) throw semantic(`Invalid grant statement with error privilege object [*]`);
      return { kind: 'table', allCatalogs: false, db: '*', table: '*' };
    case 'DATABASE':
      return { kind: 'db', allCatalogs: false, db: '*' };
    case 'CATALOG':
      return { kind: 'catalog', name: '*' };
    default:
      return { kind: 'named', name: '*' };
  }
}

/** AuthorizationMgr.grant / revoke on a user's or role's entries; a role must be mutable. */
export function applyGrant(
  entries: { grants: PrivilegeEntry[] },
  role: { name: string; mutable: boolean } | null,
  g: ResolvedGrant,
  revoke: boolean,
  withGrantOption: boolean,
): void {
  if (role && !role.mutable) throw ddl(revoke ? `role ${role.name} is not mutable!` : `failed to grant: role ${role.name} is not mutable!`);
  for (const o of g.objects) {
    if (revoke) revokeFrom(entries.grants, g.objectType, o, g.privileges);
    else grantInto(entries.grants, g.objectType, o, g.privileges, withGrantOption);
  }
}
