// Users of the simulated FE beyond root: passwords and granted privileges (kept in the FE image).
// A reduced model of StarRocks' RBAC: SYSTEM privileges (OPERATE, NODE, GRANT, ...) and object privileges
// (SELECT, INSERT, ALTER, DROP, CREATE TABLE, ALL ...) granted on any object; roles `root`/`db_admin`/`user_admin`.
import { SimError } from '../fe/errors.js';
import type { ResultSet } from '../show/index.js';

export interface SimUser {
  password: string;
  system: string[];
  object: string[];
  roles: string[];
}

export const ROOT = 'root';

export class UserStore {
  constructor(
    private readonly users: Map<string, SimUser>,
    private readonly onChange: () => void,
  ) {}

  /** For the MySQL handshake: name → plain password (root is checked separately). */
  passwords(): Map<string, { password: string }> {
    return new Map([...this.users].map(([n, u]) => [n, { password: u.password }]));
  }

  get(name: string): SimUser | undefined {
    return this.users.get(name);
  }

  create(name: string, password: string, hashed: boolean, ifNotExists: boolean): void {
    if (hashed) throw new SimError(1064, 'Getting analyzing error. Detail message: the simulator needs plain passwords (IDENTIFIED BY).', '42000');
    if (name === ROOT || this.users.has(name)) {
      if (ifNotExists) return;
      throw new SimError(5055, `Operation CREATE USER failed for '${name}'@'%' : user already exists`, 'HY000');
    }
    this.users.set(name, { password, system: [], object: [], roles: [] });
    this.onChange();
  }

  drop(name: string, ifExists: boolean): void {
    if (!this.users.delete(name) && !ifExists) throw new SimError(5055, `Operation DROP USER failed for '${name}'@'%' : user not exists`, 'HY000');
    this.onChange();
  }

  setPassword(name: string, password: string, hashed: boolean): void {
    if (name === ROOT) throw new SimError(1064, 'Getting analyzing error. Detail message: the simulator takes the root password from --root-password.', '42000');
    const u = this.mustGet(name);
    if (hashed) throw new SimError(1064, 'Getting analyzing error. Detail message: the simulator needs plain passwords.', '42000');
    u.password = password;
    this.onChange();
  }

  grant(name: string, privileges: string[], on: 'SYSTEM' | 'OBJECT', revoke: boolean): void {
    const u = this.mustGet(name);
    const list = on === 'SYSTEM' ? u.system : u.object;
    for (const p of privileges) {
      const i = list.indexOf(p);
      if (revoke && i >= 0) list.splice(i, 1);
      if (!revoke && i < 0) list.push(p);
    }
    this.onChange();
  }

  grantRole(name: string, role: string, revoke: boolean): void {
    const u = this.mustGet(name);
    if (!['root', 'db_admin', 'user_admin', 'cluster_admin', 'public'].includes(role)) throw new SimError(5501, `Getting analyzing error. Detail message: cannot find role ${role}.`, '42000');
    u.roles = revoke ? u.roles.filter((r) => r !== role) : [...new Set([...u.roles, role])];
    this.onChange();
  }

  showGrants(name: string): ResultSet {
    const u = name === ROOT ? null : this.mustGet(name);
    const grants = u
      ? [
          ...(u.roles.length ? [`GRANT ${u.roles.map((r) => `'${r}'`).join(', ')} TO '${name}'@'%'`] : []),
          ...(u.system.length ? [`GRANT ${u.system.join(', ')} ON SYSTEM TO USER '${name}'@'%'`] : []),
          ...(u.object.length ? [`GRANT ${u.object.join(', ')} ON ALL TABLES IN ALL DATABASES TO USER '${name}'@'%'`] : []),
        ]
      : [`GRANT 'root' TO 'root'@'%'`];
    return { columns: [{ name: 'UserIdentity', type: 'VARCHAR' }, { name: 'Catalog', type: 'VARCHAR' }, { name: 'Grants', type: 'VARCHAR' }], rows: grants.map((g) => [`'${name}'@'%'`, null, g]) };
  }

  private mustGet(name: string): SimUser {
    const u = this.users.get(name);
    if (!u) throw new SimError(5055, `Getting analyzing error. Detail message: cannot find user '${name}'@'%'.`, 'HY000');
    return u;
  }
}
