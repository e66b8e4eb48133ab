// Privilege checks of the simulated FE (AuthorizerStmtVisitor, reduced): see sim/exec/users.ts for the model.
import { SimError } from '../fe/errors.js';
import { ROOT, type UserStore } from './users.js';

export type Privilege = 'OPERATE' | 'NODE' | 'GRANT';

/** StarRocks' ErrorCode.ERR_ACCESS_DENIED (5203? printed as 1227-style access denied for SYSTEM privileges). */
export function checkPrivilege(users: UserStore, user: string, p: Privilege): void {
  if (user === ROOT) return;
  const u = users.get(user);
  if (u && (u.roles.includes('root') || (p !== 'GRANT' && u.roles.includes('cluster_admin')) || (p === 'GRANT' && u.roles.includes('user_admin')) || u.system.includes(p))) return;
  throw new SimError(
    1227,
    `Access denied; you need (at least one of) the ${p} privilege(s) on SYSTEM for this operation. Please ask the admin to grant permission(s) or try activating existing roles using <set [default] role>. Current role(s): NONE. Inactivated role(s): NONE.`,
    '42000',
  );
}
