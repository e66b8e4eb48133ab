// SET ... and KILL (StarRocks.g4 setStatement / setVar / setDefaultStorageVolumeStatement / killStatement).
import type { Expr, KillStmt, SetNamesStmt, SetPasswordStmt, Statement, VariableAssignment } from './ast.js';
import type { Cursor } from './cursor.js';
import { parseExpr } from './expr.js';
import { parseSetDefaultRole } from './parse-auth.js';

type SetVar =
  { kind: 'assign'; assignment: VariableAssignment } | { kind: 'names'; stmt: SetNamesStmt } | { kind: 'password'; stmt: SetPasswordStmt };

/** After `SET`. */
export function parseSet(cur: Cursor): Statement {
  // SET name AS DEFAULT STORAGE VOLUME
  if ((cur.isIdent() || cur.isString()) && cur.isKw('AS', 1)) {
    const name = cur.identOrString();
    cur.expectKw('AS', 'DEFAULT', 'STORAGE', 'VOLUME');
    return { kind: 'setDefaultStorageVolume', name };
  }
  for (const kw of ['CATALOG', 'ROLE', 'PROPERTY', 'WAREHOUSE']) {
    if (cur.isKw(kw) && !cur.isOp('=', 1)) throw cur.fail(`SET ${kw} is not supported by the simulator`);
  }
  if (cur.isKws('DEFAULT', 'ROLE')) return parseSetDefaultRole(cur);
  const vars = [parseSetVar(cur)];
  while (cur.acceptOp(',')) vars.push(parseSetVar(cur));
  if (vars.length === 1 && vars[0]!.kind !== 'assign') return vars[0]!.stmt;
  const assignments = vars.map((v) => {
    if (v.kind !== 'assign') throw cur.fail('SET NAMES / SET PASSWORD combined with other variables is not supported by the simulator');
    return v.assignment;
  });
  return { kind: 'setVariables', assignments };
}

function parseSetVar(cur: Cursor): SetVar {
  if (cur.isKw('CHARSET') || cur.isKws('CHAR', 'SET') || cur.isKws('CHARACTER', 'SET')) {
    if (!cur.acceptKw('CHARSET')) {
      cur.next();
      cur.next();
    }
    const charset = cur.acceptKw('DEFAULT') ? null : cur.identOrString();
    return { kind: 'names', stmt: { kind: 'setNames', charset, collate: null } };
  }
  if (cur.isKw('NAMES') && !cur.isOp('=', 1)) {
    cur.next();
    const charset = cur.acceptKw('DEFAULT') ? null : cur.identOrString();
    let collate: string | null = null;
    if (cur.acceptKw('COLLATE')) collate = cur.acceptKw('DEFAULT') ? null : cur.identOrString();
    return { kind: 'names', stmt: { kind: 'setNames', charset, collate } };
  }
  if (cur.isKw('PASSWORD') && (cur.isOp('=', 1) || cur.isKw('FOR', 1))) {
    cur.next();
    const user = cur.acceptKw('FOR') ? cur.user() : null;
    cur.expectOp('=');
    if (cur.acceptKw('PASSWORD')) {
      cur.expectOp('(');
      const password = cur.string();
      cur.expectOp(')');
      return { kind: 'password', stmt: { kind: 'setPassword', user, password, hashed: false } };
    }
    return { kind: 'password', stmt: { kind: 'setPassword', user, password: cur.string(), hashed: true } };
  }
  if (cur.isOp('@') && !cur.isOp('@', 1)) {
    cur.next();
    const name = cur.identOrString();
    cur.expectOp('=');
    const start = cur.peek().start;
    const value = parseExpr(cur);
    return { kind: 'assign', assignment: { scope: null, user: true, name, value, isDefault: false, valueText: cur.textFrom(start) } };
  }
  let scope: 'SESSION' | 'GLOBAL' | null = null;
  if (cur.isOp('@') && cur.isOp('@', 1)) {
    cur.next();
    cur.next();
    if (cur.isOp('.', 1) && (cur.isKw('GLOBAL') || cur.isKw('SESSION') || cur.isKw('LOCAL') || cur.isKw('VERBOSE'))) {
      scope = cur.next().upper === 'GLOBAL' ? 'GLOBAL' : 'SESSION';
      cur.next();
    }
  } else if (cur.isIdent(1) && (cur.isKw('GLOBAL') || cur.isKw('SESSION') || cur.isKw('LOCAL') || cur.isKw('VERBOSE'))) {
    scope = cur.next().upper === 'GLOBAL' ? 'GLOBAL' : 'SESSION';
  }
  if (cur.isKw('TRANSACTION')) throw cur.fail('SET TRANSACTION is not supported by the simulator');
  const name = cur.ident();
  cur.expectOp('=');
  const start = cur.peek().start;
  let value: Expr;
  let isDefault = false;
  if (cur.acceptKw('DEFAULT')) {
    value = { kind: 'default' };
    isDefault = true;
  } else if (cur.acceptKw('ON')) value = { kind: 'string', value: 'ON' };
  else if (cur.acceptKw('ALL')) value = { kind: 'string', value: 'ALL' };
  else value = parseExpr(cur);
  return { kind: 'assign', assignment: { scope, user: false, name, value, isDefault, valueText: cur.textFrom(start) } };
}

/** After `KILL`: `[CONNECTION | QUERY] (id | 'query-id')`. */
export function parseKill(cur: Cursor): KillStmt {
  const queryOnly = cur.acceptOneOf('CONNECTION', 'QUERY') === 'QUERY';
  if (cur.isString()) return { kind: 'kill', queryOnly, connectionId: '', queryId: cur.string() };
  return { kind: 'kill', queryOnly, connectionId: cur.integerText() };
}
