// CREATE / ALTER / DROP USER, CREATE / DROP ROLE, SET DEFAULT ROLE, GRANT and REVOKE, SHOW USERS / ROLES /
// CREATE USER (StarRocks.g4 createUserStatement, alterUserStatement, createRoleStatement, grantPrivilegeStatement,
// grantRoleStatement, revoke*, setDefaultRoleStatement, showUserStatement, showRolesStatement).
// The executor interprets privileges; here they are only named.
import type { CreateUserStmt, DropUserStmt, GrantObject, Grantee, QualifiedName, Statement } from './ast.js';
import type {
  AlterUserStmt,
  CreateRoleStmt,
  DropRoleStmt,
  SetDefaultRoleStmt,
  ShowCreateUserStmt,
  ShowRolesStmt,
  ShowUsersStmt,
} from './ast-auth.js';
import type { Cursor } from './cursor.js';

interface AuthClause {
  password: string | null;
  passwordHashed: boolean;
  authPlugin: string | null;
}

/** authOption: `IDENTIFIED BY [PASSWORD] 'x'` | `IDENTIFIED WITH plugin [BY|AS 'x']`. */
function parseAuthOption(cur: Cursor): AuthClause {
  const out: AuthClause = { password: null, passwordHashed: false, authPlugin: null };
  if (!cur.acceptKw('IDENTIFIED')) return out;
  if (cur.acceptKw('BY')) {
    out.passwordHashed = cur.acceptKw('PASSWORD');
    out.password = cur.string();
    return out;
  }
  cur.expectKw('WITH');
  out.authPlugin = cur.identOrString();
  const how = cur.acceptOneOf('BY', 'AS');
  if (how !== null) {
    out.password = cur.string();
    out.passwordHashed = how === 'AS';
  }
  return out;
}

function roleList(cur: Cursor): string[] {
  const roles = [cur.identOrString()];
  while (cur.acceptOp(',')) roles.push(cur.identOrString());
  return roles;
}

function refuseUserOptions(cur: Cursor): void {
  if (cur.isKw('EXPIRE_PASSWORD') || cur.isKw('LOCK') || cur.isKw('UNLOCK')) throw cur.fail(`${cur.peek().upper} is not supported by the simulator`);
  if (cur.isKw('PROPERTIES')) throw cur.fail('User properties are not supported by the simulator');
}

/** After `CREATE`: `USER [IF NOT EXISTS] user [authOption] [DEFAULT ROLE r, ...] [PROPERTIES (...)]`. */
export function parseCreateUser(cur: Cursor): CreateUserStmt {
  cur.expectKw('USER');
  const ifNotExists = cur.acceptIfNotExists();
  const user = cur.user();
  const auth = parseAuthOption(cur);
  const defaultRoles = cur.acceptKws('DEFAULT', 'ROLE') ? roleList(cur) : [];
  refuseUserOptions(cur);
  const stmt: CreateUserStmt = { kind: 'createUser', ifNotExists, user, password: auth.password, passwordHashed: auth.passwordHashed, defaultRoles };
  if (auth.authPlugin !== null) stmt.authPlugin = auth.authPlugin;
  return stmt;
}

/** After `ALTER`: `USER [IF EXISTS] user [authOption] [DEFAULT ROLE r, ...]`. */
export function parseAlterUser(cur: Cursor): AlterUserStmt {
  cur.expectKw('USER');
  const ifExists = cur.acceptIfExists();
  const user = cur.user();
  const auth = parseAuthOption(cur);
  const defaultRoles = cur.acceptKws('DEFAULT', 'ROLE') ? roleList(cur) : null;
  refuseUserOptions(cur);
  if (auth.password === null && auth.authPlugin === null && defaultRoles === null) throw cur.unexpected('IDENTIFIED or DEFAULT ROLE');
  const stmt: AlterUserStmt = { kind: 'alterUser', ifExists, user, password: auth.password, passwordHashed: auth.passwordHashed, defaultRoles };
  if (auth.authPlugin !== null) stmt.authPlugin = auth.authPlugin;
  return stmt;
}

/** After `CREATE`: `ROLE [IF NOT EXISTS] r [, r2] [COMMENT 'c']`. */
export function parseCreateRole(cur: Cursor): CreateRoleStmt {
  cur.expectKw('ROLE');
  const ifNotExists = cur.acceptIfNotExists();
  const roles = roleList(cur);
  return { kind: 'createRole', ifNotExists, roles, comment: cur.optionalComment() };
}

/** After `DROP`: `ROLE [IF EXISTS] r [, r2]`. */
export function parseDropRole(cur: Cursor): DropRoleStmt {
  cur.expectKw('ROLE');
  const ifExists = cur.acceptIfExists();
  return { kind: 'dropRole', ifExists, roles: roleList(cur) };
}

/** After `SET`: `DEFAULT ROLE {ALL | NONE | r [, r2]} TO user`. */
export function parseSetDefaultRole(cur: Cursor): SetDefaultRoleStmt {
  cur.expectKw('DEFAULT', 'ROLE');
  let mode: SetDefaultRoleStmt['mode'] = 'ROLES';
  let roles: string[] = [];
  if (cur.isKw('ALL') && cur.isKw('TO', 1)) {
    cur.next();
    mode = 'ALL';
  } else if (cur.isKw('NONE') && cur.isKw('TO', 1)) {
    cur.next();
    mode = 'NONE';
  } else {
    roles = roleList(cur);
  }
  cur.expectKw('TO');
  return { kind: 'setDefaultRole', mode, roles, user: cur.user() };
}

/** After `SHOW`, when the next words are USERS, ROLES or CREATE USER; null otherwise (nothing consumed). */
export function tryParseShowAuth(cur: Cursor): ShowUsersStmt | ShowRolesStmt | ShowCreateUserStmt | null {
  if (cur.acceptKw('USERS')) return { kind: 'showUsers' };
  if (cur.acceptKw('ROLES')) return { kind: 'showRoles' };
  if (cur.isKws('CREATE', 'USER')) {
    cur.next();
    cur.next();
    if (cur.acceptKw('CURRENT_USER')) {
      if (cur.acceptOp('(')) cur.expectOp(')');
      return { kind: 'showCreateUser', user: null };
    }
    return { kind: 'showCreateUser', user: cur.user() };
  }
  return null;
}

/** After `DROP`: `USER [IF EXISTS] user`. */
export function parseDropUser(cur: Cursor): DropUserStmt {
  cur.expectKw('USER');
  const ifExists = cur.acceptIfExists();
  return { kind: 'dropUser', ifExists, user: cur.user() };
}

const CREATE_TARGETS: string[][] = [
  ['GLOBAL', 'FUNCTION'],
  ['MATERIALIZED', 'VIEW'],
  ['RESOURCE', 'GROUP'],
  ['EXTERNAL', 'CATALOG'],
  ['MASKING', 'POLICY'],
  ['ROW', 'ACCESS', 'POLICY'],
  ['STORAGE', 'VOLUME'],
  ['FAILOVER', 'GROUP'],
  ['DATABASE'],
  ['TABLE'],
  ['VIEW'],
  ['FUNCTION'],
  ['RESOURCE'],
  ['WAREHOUSE'],
  ['CNGROUP'],
  ['PIPE'],
];

const SIMPLE_PRIVILEGES = [
  'ALTER',
  'APPLY',
  'BLACKLIST',
  'DELETE',
  'DROP',
  'EXPORT',
  'FILE',
  'IMPERSONATE',
  'INSERT',
  'GRANT',
  'NODE',
  'OPERATE',
  'SECURITY',
  'PLUGIN',
  'REPOSITORY',
  'REFRESH',
  'SELECT',
  'UPDATE',
  'USAGE',
];

const OBJECT_TYPES: string[][] = [
  ['MATERIALIZED', 'VIEW'],
  ['MASKING', 'POLICY'],
  ['ROW', 'ACCESS', 'POLICY'],
  ['RESOURCE', 'GROUP'],
  ['STORAGE', 'VOLUME'],
  ['FAILOVER', 'GROUP'],
  ['CATALOG'],
  ['DATABASE'],
  ['RESOURCE'],
  ['TABLE'],
  ['VIEW'],
  ['WAREHOUSE'],
  ['PIPE'],
];

const PLURAL_TYPES: string[][] = [
  ['GLOBAL', 'FUNCTIONS'],
  ['MATERIALIZED', 'VIEWS'],
  ['MASKING', 'POLICIES'],
  ['ROW', 'ACCESS', 'POLICIES'],
  ['RESOURCE', 'GROUPS'],
  ['STORAGE', 'VOLUMES'],
  ['FAILOVER', 'GROUPS'],
  ['CATALOGS'],
  ['DATABASES'],
  ['FUNCTIONS'],
  ['RESOURCES'],
  ['TABLES'],
  ['USERS'],
  ['VIEWS'],
  ['WAREHOUSES'],
  ['PIPES'],
];

/** Accept the longest keyword sequence from `options`; returns it joined by spaces, or null. */
function acceptPhrase(cur: Cursor, options: string[][]): string | null {
  for (const words of options) if (cur.acceptKws(...words)) return words.join(' ');
  return null;
}

/** privilegeTypeList, or null when the tokens ahead are not privileges followed by ON. */
function tryPrivileges(cur: Cursor): string[] | null {
  const save = cur.pos;
  const out: string[] = [];
  do {
    let p: string | null = null;
    if (cur.acceptKw('ALL')) {
      cur.acceptKw('PRIVILEGES');
      p = 'ALL';
    } else if (cur.acceptKws('SHOW', 'SECRET')) {
      p = 'SHOW SECRET';
    } else if (cur.acceptKw('CREATE')) {
      const target = acceptPhrase(cur, CREATE_TARGETS);
      if (target === null) break;
      p = `CREATE ${target}`;
    } else {
      p = cur.acceptOneOf(...SIMPLE_PRIVILEGES);
    }
    if (p === null) break;
    out.push(p);
  } while (cur.acceptOp(','));
  if (out.length > 0 && cur.isKw('ON')) return out;
  cur.pos = save;
  return null;
}

/** `identifierOrString | *` */
function nameOrStar(cur: Cursor): string {
  if (cur.acceptOp('*')) return '*';
  return cur.identOrString();
}

function privObjectName(cur: Cursor): QualifiedName {
  const first = nameOrStar(cur);
  if (cur.acceptOp('.')) return { db: first, name: nameOrStar(cur) };
  return { db: null, name: first };
}

function parseGrantObject(cur: Cursor, to: 'TO' | 'FROM'): GrantObject {
  cur.expectKw('ON');
  if (cur.isKw('SYSTEM') && cur.isKw(to, 1)) {
    cur.next();
    return { kind: 'system' };
  }
  if (cur.acceptKw('ALL')) {
    const objectType = acceptPhrase(cur, PLURAL_TYPES);
    if (objectType === null) throw cur.unexpected('TABLES, DATABASES, VIEWS, MATERIALIZED VIEWS, ...');
    if (cur.acceptKw('IN')) {
      if (cur.acceptKws('ALL', 'DATABASES')) return { kind: 'all', objectType, db: null, inAllDatabases: true };
      cur.expectKw('DATABASE');
      return { kind: 'all', objectType, db: cur.identOrString() };
    }
    return { kind: 'all', objectType, db: null };
  }
  if (cur.isKw('FUNCTION') || cur.isKws('GLOBAL', 'FUNCTION')) throw cur.fail('Function privileges are not supported by the simulator');
  const save = cur.pos;
  const objectType = acceptPhrase(cur, OBJECT_TYPES);
  if (objectType !== null && !cur.isKw(to)) {
    const names = [privObjectName(cur)];
    while (cur.acceptOp(',')) names.push(privObjectName(cur));
    return { kind: 'objects', objectType, names };
  }
  cur.pos = save;
  const name = privObjectName(cur);
  if (cur.isOp(',')) throw cur.fail('Several objects in one brief-form GRANT are not supported by the simulator');
  return { kind: 'legacy', db: name.db, table: name.name };
}

/** `USER? user | ROLE r` */
function parseGrantee(cur: Cursor): Grantee {
  if (cur.acceptKw('ROLE')) return { kind: 'role', role: cur.identOrString() };
  if (cur.isKws('EXTERNAL', 'GROUP')) throw cur.fail('External groups are not supported by the simulator');
  cur.acceptKw('USER');
  return { kind: 'user', user: cur.user() };
}

/** After `GRANT` (`to` = TO) or `REVOKE` (`to` = FROM). */
export function parseGrantOrRevoke(cur: Cursor, to: 'TO' | 'FROM'): Statement {
  if (cur.isKws('IMPERSONATE', 'ON')) throw cur.fail('IMPERSONATE grants are not supported by the simulator');
  const privileges = tryPrivileges(cur);
  if (privileges !== null) {
    const object = parseGrantObject(cur, to);
    cur.expectKw(to);
    const grantee = parseGrantee(cur);
    if (to === 'FROM') return { kind: 'revokePrivileges', privileges, object, grantee };
    const withGrantOption = cur.acceptKws('WITH', 'GRANT', 'OPTION');
    return { kind: 'grantPrivileges', privileges, object, grantee, withGrantOption };
  }
  const roles = [cur.identOrString()];
  while (cur.acceptOp(',')) roles.push(cur.identOrString());
  cur.expectKw(to);
  const grantee = parseGrantee(cur);
  return to === 'TO' ? { kind: 'grantRole', roles, grantee } : { kind: 'revokeRole', roles, grantee };
}
