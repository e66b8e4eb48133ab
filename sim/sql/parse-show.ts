// SHOW ..., DESC STORAGE VOLUME and ADMIN statements (StarRocks.g4 show*Statement, adminSetConfigStatement,
// adminShowConfigStatement).
import { analysisError } from '../fe/errors.js';
import type { AdminSetFrontendConfigStmt, AdminShowFrontendConfigStmt, QualifiedName, ShowPredicate, Statement } from './ast.js';
import type { Cursor } from './cursor.js';
import { tryParseShowAuth } from './parse-auth.js';
import { parseShowPredicate } from './parse-select.js';
import { parsePartitionNames } from './parse-table.js';

const optionalLike = (cur: Cursor): string | null => (cur.acceptKw('LIKE') ? cur.string() : null);

/** `(FROM | IN) db` → db, else null. */
function optionalFromDb(cur: Cursor): string | null {
  return cur.acceptOneOf('FROM', 'IN') ? cur.ident() : null;
}

/** After `SHOW`. */
export function parseShow(cur: Cursor): Statement {
  const auth = tryParseShowAuth(cur);
  if (auth) return auth;
  if (cur.acceptKw('DATABASES') || cur.acceptKw('SCHEMAS')) {
    if (cur.isKw('FROM') || cur.isKw('IN')) throw cur.fail('SHOW DATABASES FROM <catalog> is not supported by the simulator');
    const like = optionalLike(cur);
    return { kind: 'showDatabases', like, predicate: parseShowPredicate(cur) };
  }
  if (cur.isKw('FULL') || cur.isKw('TABLES') || cur.isKw('COLUMNS') || cur.isKw('FIELDS')) {
    const full = cur.acceptKw('FULL');
    if (cur.acceptKw('TABLES')) {
      const db = optionalFromDb(cur);
      const like = optionalLike(cur);
      return { kind: 'showTables', full, db, like, predicate: parseShowPredicate(cur) };
    }
    cur.expectOneOf('COLUMNS', 'FIELDS');
    cur.expectOneOf('FROM', 'IN');
    const table = withDb(cur.qualifiedName(), optionalFromDb(cur));
    const like = optionalLike(cur);
    return { kind: 'showColumns', full, table, like, predicate: parseShowPredicate(cur) };
  }
  if (cur.acceptKw('CREATE')) {
    let objectType: 'TABLE' | 'VIEW' | 'MATERIALIZED VIEW';
    if (cur.acceptKw('TABLE')) objectType = 'TABLE';
    else if (cur.acceptKw('VIEW')) objectType = 'VIEW';
    else if (cur.acceptKws('MATERIALIZED', 'VIEW')) objectType = 'MATERIALIZED VIEW';
    else throw cur.unexpected('TABLE, VIEW, MATERIALIZED VIEW');
    return { kind: 'showCreate', objectType, name: cur.qualifiedName() };
  }
  if (cur.isKw('TEMPORARY') || cur.isKw('PARTITIONS')) {
    const temporary = cur.acceptKw('TEMPORARY');
    cur.expectKw('PARTITIONS');
    cur.expectKw('FROM');
    const table = cur.qualifiedName();
    const predicate = parseShowPredicate(cur);
    return { kind: 'showPartitions', temporary, table, ...spread(predicate), predicate };
  }
  if (cur.isKw('TABLET') || cur.isKw('TABLETS')) {
    if (cur.isKw('TABLET') && cur.peek(1).type === 'number') {
      cur.next();
      return { kind: 'showTabletById', tabletId: cur.integerText() };
    }
    cur.next();
    cur.expectKw('FROM');
    const table = cur.qualifiedName();
    const partitions = parsePartitionNames(cur);
    const predicate = parseShowPredicate(cur);
    return { kind: 'showTabletsFromTable', table, partitions, ...spread(predicate), predicate };
  }
  if (cur.acceptOneOf('INDEX', 'INDEXES', 'KEY', 'KEYS')) {
    cur.expectOneOf('FROM', 'IN');
    const table = withDb(cur.qualifiedName(), optionalFromDb(cur));
    return { kind: 'showIndex', table, predicate: parseShowPredicate(cur) };
  }
  if (cur.acceptKw('DATA')) {
    if (cur.isKw('DISTRIBUTION')) throw cur.fail('SHOW DATA DISTRIBUTION is not supported by the simulator');
    const table = cur.acceptKw('FROM') ? cur.qualifiedName() : null;
    return { kind: 'showData', table, predicate: parseShowPredicate(cur) };
  }
  if (cur.acceptKw('FRONTENDS')) return { kind: 'showFrontends', predicate: parseShowPredicate(cur) };
  if (cur.acceptKw('BACKENDS')) return { kind: 'showBackends', predicate: parseShowPredicate(cur) };
  if (cur.acceptKws('COMPUTE', 'NODES')) return { kind: 'showComputeNodes', predicate: parseShowPredicate(cur) };
  if (cur.acceptKw('PROC')) return { kind: 'showProc', path: cur.string() };
  if (cur.acceptKw('TRANSACTION')) {
    const db = optionalFromDb(cur);
    const predicate = parseShowPredicate(cur);
    return { kind: 'showTransaction', db, txnId: transactionId(predicate) };
  }
  if (
    cur.isKw('VARIABLES') ||
    (cur.isKw('VARIABLES', 1) && (cur.isKw('GLOBAL') || cur.isKw('SESSION') || cur.isKw('LOCAL') || cur.isKw('VERBOSE')))
  ) {
    const s = cur.acceptOneOf('GLOBAL', 'SESSION', 'LOCAL', 'VERBOSE');
    cur.expectKw('VARIABLES');
    const scope = s === null ? null : s === 'GLOBAL' ? 'GLOBAL' : 'SESSION';
    const like = optionalLike(cur);
    const predicate = parseShowPredicate(cur);
    return { kind: 'showVariables', scope, like, where: predicate?.where ?? null, predicate };
  }
  if (cur.acceptKw('GRANTS')) {
    let user = null;
    let role: string | null = null;
    if (cur.acceptKw('FOR')) {
      if (cur.acceptKw('ROLE')) role = cur.identOrString();
      else if (cur.acceptKw('CURRENT_USER')) {
        if (cur.acceptOp('(')) cur.expectOp(')');
      } else {
        cur.acceptKw('USER');
        user = cur.user();
      }
    }
    return { kind: 'showGrants', user, all: false, role, predicate: parseShowPredicate(cur) };
  }
  if (cur.acceptKws('MATERIALIZED', 'VIEWS')) {
    const db = optionalFromDb(cur);
    const like = optionalLike(cur);
    return { kind: 'showMaterializedViews', db, like, predicate: parseShowPredicate(cur) };
  }
  if (cur.acceptKws('STORAGE', 'VOLUMES')) {
    const like = optionalLike(cur);
    return { kind: 'showStorageVolumes', like, predicate: parseShowPredicate(cur) };
  }
  throw cur.fail(`Unsupported SHOW statement: SHOW ${cur.peek().text}`);
}

function spread(p: ShowPredicate | null): ShowPredicate {
  return { where: p?.where ?? null, orderBy: p?.orderBy ?? [], limit: p?.limit ?? null };
}

/** A trailing `FROM db` overrides the table's qualifier, as in StarRocks. */
function withDb(name: QualifiedName, db: string | null): QualifiedName {
  return db === null ? name : { db, name: name.name };
}

/** ShowTransactionStmtAnalyzer: the WHERE clause must be exactly `ID = <integer>`. */
function transactionId(p: ShowPredicate | null): string {
  const where = p?.where ?? null;
  if (where === null) throw analysisError('should supply condition like: ID = $transaction_id');
  if (
    where.kind === 'binary' &&
    where.op === '=' &&
    where.left.kind === 'column' &&
    where.left.qualifier.length === 0 &&
    where.left.name.toLowerCase() === 'id' &&
    where.right.kind === 'number' &&
    /^[0-9]+$/.test(where.right.text)
  ) {
    return where.right.text;
  }
  throw analysisError('Where clause should looks like: ID = $transaction_id');
}

/** After `ADMIN`. */
export function parseAdmin(cur: Cursor): AdminSetFrontendConfigStmt | AdminShowFrontendConfigStmt {
  if (cur.acceptKws('SET', 'FRONTEND', 'CONFIG')) {
    cur.expectOp('(');
    const key = cur.string();
    cur.expectOp('=');
    const value = cur.string();
    cur.expectOp(')');
    const persistent = cur.acceptKws('WITH', 'PERSISTENT');
    return { kind: 'adminSetFrontendConfig', key, value, persistent };
  }
  if (cur.acceptKws('SHOW', 'FRONTEND', 'CONFIG')) {
    const like = optionalLike(cur);
    return { kind: 'adminShowFrontendConfig', like, predicate: parseShowPredicate(cur) };
  }
  throw cur.fail(`Unsupported ADMIN statement: ADMIN ${cur.peek().text}`);
}
