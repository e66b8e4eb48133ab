// Statements of StarRocks' account management beyond CREATE/DROP USER and GRANT/REVOKE (sim/sql/ast.ts):
// ALTER USER, CREATE/DROP ROLE, SET DEFAULT ROLE, SHOW USERS / ROLES / CREATE USER (StarRocks.g4).
import type { UserIdentity } from './ast.js';

export interface AlterUserStmt {
  kind: 'alterUser';
  ifExists: boolean;
  user: UserIdentity;
  /** As CreateUserStmt: plain password, or the digest when `passwordHashed`; null when no IDENTIFIED clause. */
  password: string | null;
  passwordHashed: boolean;
  authPlugin?: string | null;
  /** `DEFAULT ROLE ...`; null when absent. */
  defaultRoles: string[] | null;
}

export interface CreateRoleStmt {
  kind: 'createRole';
  ifNotExists: boolean;
  roles: string[];
  comment: string | null;
}

export interface DropRoleStmt {
  kind: 'dropRole';
  ifExists: boolean;
  roles: string[];
}

export interface SetDefaultRoleStmt {
  kind: 'setDefaultRole';
  /** `SET DEFAULT ROLE ALL|NONE TO u` or a list of roles. */
  mode: 'ALL' | 'NONE' | 'ROLES';
  roles: string[];
  user: UserIdentity;
}

export interface ShowUsersStmt {
  kind: 'showUsers';
}

export interface ShowRolesStmt {
  kind: 'showRoles';
}

export interface ShowCreateUserStmt {
  kind: 'showCreateUser';
  /** null for `CURRENT_USER[()]`. */
  user: UserIdentity | null;
}

export type AuthStatement = AlterUserStmt | CreateRoleStmt | DropRoleStmt | SetDefaultRoleStmt | ShowUsersStmt | ShowRolesStmt | ShowCreateUserStmt;
