// Users, roles and grants of the simulated FE: StarRocks' AuthenticationMgr + AuthorizationMgr over the plain data
// of sim/exec/auth-model.ts (kept in the FE image as FeData.auth). Statements change it here; sim/exec/privileges.ts
// checks privileges against it; sim/show/grants.ts renders it. Messages and choices: sim/fidelity/privileges.md.
import { SimError } from '../fe/errors.js';
import type { FeState } from '../fe/state.js';
import type { UserIdentity } from '../sql/ast.js';
import { type AuthData, type AuthRole, type AuthUser, identity, initialAuth, nativeDigest, PUBLIC, ROOT, withPredecessors } from './auth-model.js';

export { ROOT } from './auth-model.js';

/** The user records of images written before FeData.auth existed (name → plain password and flat privileges). */
export interface LegacyUser {
  password: string;
  system: string[];
  object: string[];
  roles: string[];
}

/** A SemanticException: `Getting analyzing error. Detail message: <msg>.` (1064, 42000). */
export const semantic = (msg: string, code = 1064) => new SimError(code, `Getting analyzing error. Detail message: ${msg}.`, '42000');
/** A DdlException / PrivilegeException surfacing from the executor: the raw message (1064, HY000). */
export const ddl = (msg: string) => new SimError(1064, msg, 'HY000');

export class UserStore {
  private fe: FeState | null = null;
  private standalone: AuthData | null = null;

  constructor(
    private readonly legacy: Map<string, LegacyUser>,
    private readonly onChange: () => void,
  ) {}

  /** Keep the auth data in `fe` (FeData.auth, persisted with the image); the executor binds its FeState. */
  bind(fe: FeState): void {
    this.fe = fe;
  }

  /** The auth data; created (built-in roles, root, users of an older image) on first use. */
  get data(): AuthData {
    const holder = this.fe;
    let d = holder ? holder.auth : this.standalone;
    if (!d) {
      d = initialAuth();
      for (const [name, u] of this.legacy) {
        d.users.push({
          user: name,
          host: '%',
          digest: nativeDigest(u.password),
          plain: u.password,
          roles: u.roles.filter((r) => r !== PUBLIC),
          defaultRoles: u.roles.filter((r) => r !== PUBLIC),
          grants: [],
        });
      }
      this.legacy.clear();
      if (holder) holder.auth = d;
      else this.standalone = d;
      this.onChange();
    }
    return d;
  }

  changed(): void {
    this.onChange();
  }

  /** For the MySQL handshake and HTTP Basic auth: user name → stored digest (root is checked separately). */
  credentials(): Map<string, { digest: string }> {
    const out = new Map<string, { digest: string }>();
    for (const u of this.data.users) if (u.user !== ROOT && !out.has(u.user)) out.set(u.user, { digest: u.digest });
    return out;
  }

  // ---------------------------------------------------------------- lookups

  findUser(id: UserIdentity): AuthUser | undefined {
    return this.data.users.find((u) => u.user === id.user && u.host === id.host);
  }

  /** The user record a session logged in as (sessions carry the name only; `%` host preferred). */
  sessionUser(name: string): AuthUser | undefined {
    const all = this.data.users.filter((u) => u.user === name);
    return all.find((u) => u.host === '%') ?? all[0];
  }

  mustUser(id: UserIdentity): AuthUser {
    const u = this.findUser(id);
    if (!u) throw semantic(`cannot find user ${identity(id.user, id.host)}!`);
    return u;
  }

  findRole(name: string): AuthRole | undefined {
    return this.data.roles.find((r) => r.name === name);
  }

  /** AuthorizationAnalyzer.validRoleName: `<errMsg>: cannot find role <r>!`. */
  mustRole(name: string, errMsg: string): AuthRole {
    const r = this.findRole(name);
    if (!r) throw semantic(`${errMsg}: cannot find role ${name}!`);
    return r;
  }

  /** The roles a session has active: the user's default roles that are still granted and exist (login time). */
  activeRoles(u: AuthUser): string[] {
    return u.defaultRoles.filter((r) => u.roles.includes(r) && this.findRole(r));
  }

  /** Roles granted but not active (the access-denied hint's "Inactivated role(s)"). */
  inactiveRoles(u: AuthUser): string[] {
    const active = this.activeRoles(u);
    return u.roles.filter((r) => !active.includes(r) && this.findRole(r));
  }

  /** Every role whose privileges the session has: active roles, their predecessors, and public. */
  effectiveRoles(u: AuthUser): AuthRole[] {
    return withPredecessors(this.data, [...this.activeRoles(u), PUBLIC]);
  }

  // ---------------------------------------------------------------- users

  /** CREATE USER: the analyzer's checks, then AuthenticationMgr.createUser + AuthorizationMgr.onCreateUser. */
  createUser(id: UserIdentity, auth: AuthInput, defaultRoles: string[], ifNotExists: boolean): void {
    if (this.findUser(id)) {
      if (ifNotExists) return;
      throw semantic(`Operation CREATE USER failed for ${identity(id.user, id.host)} : user already exists`);
    }
    const digest = resolveDigest(auth);
    for (const r of defaultRoles) this.mustRole(r, 'Can not granted/revoke role to user');
    const roles = [...new Set(defaultRoles)];
    const u: AuthUser = { user: id.user, host: id.host, digest, roles, defaultRoles: roles, grants: [] };
    if (auth.password !== null && !auth.hashed) u.plain = auth.password;
    this.data.users.push(u);
    this.onChange();
  }

  alterUser(id: UserIdentity, auth: AuthInput | null, defaultRoles: string[] | null, ifExists: boolean): void {
    const u = this.findUser(id);
    if (!u) {
      if (ifExists) return;
      throw semantic(`cannot find user ${identity(id.user, id.host)}!`);
    }
    if (id.user === ROOT && auth) throw semantic('the simulator takes the root password from --root-password', 1064);
    if (auth) {
      u.digest = resolveDigest(auth);
      if (auth.password !== null && !auth.hashed) u.plain = auth.password;
      else delete u.plain;
    }
    if (defaultRoles) {
      for (const r of defaultRoles) this.mustRole(r, 'Can not granted/revoke role to user');
      u.roles = [...new Set([...u.roles, ...defaultRoles])];
      u.defaultRoles = [...new Set(defaultRoles)];
    }
    this.onChange();
  }

  dropUser(id: UserIdentity, ifExists: boolean): void {
    if (id.user === ROOT && id.host === '%')
      throw semantic(`Operation DROP USER failed for ${identity(id.user, id.host)} : cannot drop user ${identity(id.user, id.host)}`);
    const i = this.data.users.findIndex((u) => u.user === id.user && u.host === id.host);
    if (i < 0) {
      if (ifExists) return;
      throw semantic(`Operation DROP USER failed for ${identity(id.user, id.host)} : user not exists`);
    }
    this.data.users.splice(i, 1);
    this.onChange();
  }

  /** SET PASSWORD [FOR u] = PASSWORD('x') | '*digest'. */
  setPassword(name: string, password: string, hashed: boolean): void {
    if (name === ROOT) throw semantic('the simulator takes the root password from --root-password');
    const u = this.sessionUser(name);
    if (!u) throw semantic(`cannot find user ${identity(name, '%')}!`);
    u.digest = resolveDigest({ password, hashed, plugin: null });
    if (hashed) delete u.plain;
    else u.plain = password;
    this.onChange();
  }

  // ---------------------------------------------------------------- roles

  createRole(names: string[], comment: string | null, ifNotExists: boolean): void {
    for (const n of names) if (this.findRole(n) && !ifNotExists) throw semantic(`Operation CREATE ROLE failed for ${n} : role already exists`);
    for (const n of names) {
      if (this.findRole(n)) continue;
      this.data.roles.push({
        name: n,
        id: this.fe ? this.fe.allocId() : this.data.roles.length + 10000,
        comment,
        builtin: false,
        mutable: true,
        removable: true,
        parents: [],
        grants: [],
      });
    }
    this.onChange();
  }

  dropRole(names: string[], ifExists: boolean): void {
    for (const n of names) if (!this.findRole(n) && !ifExists) throw semantic(`Operation DROP ROLE failed for ${n} : role not exists`);
    for (const n of names) {
      const r = this.findRole(n);
      if (!r) continue;
      if (!r.removable) throw ddl(`role ${n} cannot be dropped!`);
    }
    const d = this.data;
    d.roles = d.roles.filter((r) => !names.includes(r.name));
    // Grants of a dropped role vanish (StarRocks keeps ids and skips missing roles; the visible result is the same).
    for (const r of d.roles) r.parents = r.parents.filter((p) => !names.includes(p));
    for (const u of d.users) {
      u.roles = u.roles.filter((x) => !names.includes(x));
      u.defaultRoles = u.defaultRoles.filter((x) => !names.includes(x));
    }
    this.onChange();
  }

  /** GRANT r1, r2 TO USER u / TO ROLE r (AuthorizationMgr.grantRoleToUser / grantRoleToRole). */
  grantRoles(roles: string[], grantee: { user: UserIdentity } | { role: string }): void {
    if ('user' in grantee) {
      const u = this.mustUser(grantee.user);
      for (const r of roles) this.mustRole(r, 'Can not granted/revoke role to/from user');
      if (roles.includes(PUBLIC))
        throw ddl('failed to grant role: Granting role PUBLIC has no effect.  Every user and role has role PUBLIC implicitly granted.');
      u.roles = [...new Set([...u.roles, ...roles])];
    } else {
      const target = this.mustRole(grantee.role, 'Can not granted/revoke role to/from role');
      for (const r of roles) this.mustRole(r, 'Can not granted/revoke role to/from user');
      if (roles.includes(PUBLIC))
        throw ddl('failed to grant role: Granting role PUBLIC has no effect.  Every user and role has role PUBLIC implicitly granted.');
      if (!target.mutable) throw ddl(`failed to grant role: role ${target.name} is not mutable!`);
      for (const r of roles) {
        const parent = this.findRole(r)!;
        if (withPredecessors(this.data, [r]).some((x) => x.name === target.name)) {
          throw ddl(`failed to grant role: role ${target.name}[${target.id}] is already a predecessor role of ${parent.name}[${parent.id}]`);
        }
      }
      target.parents = [...new Set([...target.parents, ...roles])];
    }
    this.onChange();
  }

  revokeRoles(roles: string[], grantee: { user: UserIdentity } | { role: string }): void {
    if ('user' in grantee) {
      const u = this.mustUser(grantee.user);
      for (const r of roles) this.mustRole(r, 'Can not granted/revoke role to/from user');
      if (roles.includes(PUBLIC))
        throw ddl('failed to revoke role: Revoking role PUBLIC has no effect.  Every user and role has role PUBLIC implicitly granted.');
      u.roles = u.roles.filter((r) => !roles.includes(r));
      u.defaultRoles = u.defaultRoles.filter((r) => !roles.includes(r));
    } else {
      const target = this.mustRole(grantee.role, 'Can not granted/revoke role to/from role');
      for (const r of roles) this.mustRole(r, 'Can not granted/revoke role to/from user');
      if (roles.includes(PUBLIC))
        throw ddl('failed to revoke role: Revoking role PUBLIC has no effect.  Every user and role has role PUBLIC implicitly granted.');
      if (!target.mutable) throw ddl(`failed to revoke role: role ${target.name} is not mutable!`);
      target.parents = target.parents.filter((p) => !roles.includes(p));
    }
    this.onChange();
  }

  /** SET DEFAULT ROLE {ALL | NONE | r, ...} TO u (AuthorizationAnalyzer.visitSetDefaultRoleStatement). */
  setDefaultRoles(id: UserIdentity, mode: 'ALL' | 'NONE' | 'ROLES', roles: string[]): void {
    const u = this.mustUser(id);
    if (mode === 'ROLES') {
      for (const r of roles) {
        this.mustRole(r, 'Cannot set role');
        if (!u.roles.includes(r)) throw semantic(`Role ${r} is not granted to ${identity(u.user, u.host)}`);
      }
    }
    u.defaultRoles = mode === 'ALL' ? [...u.roles] : mode === 'NONE' ? [] : [...new Set(roles)];
    this.onChange();
  }
}

export interface AuthInput {
  /** Plain password, or the digest when `hashed`; null = no password. */
  password: string | null;
  hashed: boolean;
  /** `IDENTIFIED WITH <plugin>`; null when not given. */
  plugin: string | null;
}

/** PrivilegeStmtAnalyzer.analysePassword + the IDENTIFIED WITH plugin check. */
export function resolveDigest(auth: AuthInput): string {
  if (auth.plugin !== null && auth.plugin.toUpperCase() !== 'MYSQL_NATIVE_PASSWORD') {
    throw semantic(`Plugin '${auth.plugin.toUpperCase()}' is not loaded`, 1524);
  }
  if (auth.password === null || auth.password === '') return '';
  if (!auth.hashed) return nativeDigest(auth.password);
  // MysqlPassword.checkPassword: `*` + 40 hex digits.
  if (!/^\*[0-9A-Fa-f]{40}$/.test(auth.password)) throw semantic('Password hash should be a 41-digit hexadecimal number');
  return auth.password.toUpperCase();
}
