// Entry point of the simulated FE's SQL front end: one SQL statement string → one typed `Statement`.
// Anything outside the supported grammar is a SimError 1064 (syntaxError), never a silent no-op.
import { syntaxError } from '../fe/errors.js';
import type { Statement } from './ast.js';
import { Cursor } from './cursor.js';
import { parseAlterUser, parseCreateRole, parseCreateUser, parseDropRole, parseDropUser, parseGrantOrRevoke } from './parse-auth.js';
import {
  parseAlterStorageVolume,
  parseCreateDatabase,
  parseCreateStorageVolume,
  parseDesc,
  parseDropDatabase,
  parseDropStorageVolume,
  parseInsert,
  parseUse,
} from './parse-misc.js';
import { parseSelect } from './parse-select.js';
import { parseKill, parseSet } from './parse-session.js';
import { parseAdmin, parseShow } from './parse-show.js';
import { parseAlterTable, parseCreateIndex, parseCreateTable, parseDropIndex, parseDropTable, parseTruncateTable } from './parse-table.js';
import { parseAlterView, parseCreateMaterializedView, parseCreateView, parseDropMaterializedView, parseDropView } from './parse-view.js';

/** Parse one statement (an optional trailing `;` is allowed). Throws SimError 1064 on anything unsupported. */
export function parse(sql: string): Statement {
  const cur = new Cursor(sql);
  if (cur.atEof() || cur.isOp(';')) throw syntaxError(sql, 'Statement is empty');
  const start = cur.peek().start;
  const stmt = parseStatement(cur);
  // OriginStatement of a sync MV: the statement's own text, without the trailing `;`.
  if (stmt.kind === 'createMaterializedView') stmt.text = cur.textFrom(start).replace(/[\s;]+$/, '');
  cur.expectEnd();
  return stmt;
}

function parseStatement(cur: Cursor): Statement {
  const t = cur.peek();
  if (t.type !== 'ident') {
    if (cur.isOp('(')) throw cur.fail('Parenthesized queries are not supported by the simulator');
    throw cur.unexpected('SELECT, CREATE, DROP, ALTER, SHOW, ...');
  }
  switch (t.upper) {
    case 'SELECT':
    case 'WITH':
      return parseSelect(cur);
    case 'CREATE':
      cur.next();
      return parseCreate(cur);
    case 'DROP':
      cur.next();
      return parseDrop(cur);
    case 'ALTER':
      cur.next();
      if (cur.isKw('TABLE')) return parseAlterTable(cur);
      if (cur.isKw('VIEW')) return parseAlterView(cur);
      if (cur.isKws('STORAGE', 'VOLUME')) return parseAlterStorageVolume(cur);
      if (cur.isKw('USER')) return parseAlterUser(cur);
      throw cur.fail(`Unsupported ALTER statement: ALTER ${cur.peek().text}`);
    case 'TRUNCATE':
      cur.next();
      return parseTruncateTable(cur);
    case 'USE':
      cur.next();
      return parseUse(cur);
    case 'INSERT':
      cur.next();
      return parseInsert(cur);
    case 'SHOW':
      cur.next();
      return parseShow(cur);
    case 'DESC':
    case 'DESCRIBE':
      cur.next();
      return parseDesc(cur);
    case 'ADMIN':
      cur.next();
      return parseAdmin(cur);
    case 'SET':
      cur.next();
      return parseSet(cur);
    case 'KILL':
      cur.next();
      return parseKill(cur);
    case 'GRANT':
      cur.next();
      return parseGrantOrRevoke(cur, 'TO');
    case 'REVOKE':
      cur.next();
      return parseGrantOrRevoke(cur, 'FROM');
    default:
      throw cur.fail(`Unsupported statement: ${t.text}`);
  }
}

function parseCreate(cur: Cursor): Statement {
  if (cur.acceptKws('OR', 'REPLACE')) return parseCreateView(cur, true);
  if (cur.isKw('VIEW')) return parseCreateView(cur, false);
  if (cur.isKw('DATABASE') || cur.isKw('SCHEMA')) return parseCreateDatabase(cur);
  if (cur.isKw('TABLE') || cur.isKws('TEMPORARY', 'TABLE') || cur.isKws('EXTERNAL', 'TABLE')) return parseCreateTable(cur);
  if (cur.isKw('INDEX')) return parseCreateIndex(cur);
  if (cur.isKws('MATERIALIZED', 'VIEW')) return parseCreateMaterializedView(cur);
  if (cur.isKws('STORAGE', 'VOLUME')) return parseCreateStorageVolume(cur);
  if (cur.isKw('USER')) return parseCreateUser(cur);
  if (cur.isKw('ROLE')) return parseCreateRole(cur);
  throw cur.fail(`Unsupported CREATE statement: CREATE ${cur.peek().text}`);
}

function parseDrop(cur: Cursor): Statement {
  if (cur.isKw('DATABASE') || cur.isKw('SCHEMA')) return parseDropDatabase(cur);
  if (cur.isKw('TABLE') || cur.isKws('TEMPORARY', 'TABLE')) return parseDropTable(cur);
  if (cur.isKw('VIEW')) return parseDropView(cur);
  if (cur.isKws('MATERIALIZED', 'VIEW')) return parseDropMaterializedView(cur);
  if (cur.isKw('INDEX')) return parseDropIndex(cur);
  if (cur.isKws('STORAGE', 'VOLUME')) return parseDropStorageVolume(cur);
  if (cur.isKw('USER')) return parseDropUser(cur);
  if (cur.isKw('ROLE')) return parseDropRole(cur);
  throw cur.fail(`Unsupported DROP statement: DROP ${cur.peek().text}`);
}
