// CREATE [OR REPLACE] VIEW / ALTER VIEW / DROP VIEW: views keep their defining query text and column list.
import type { ViewTable } from '../catalog/model.js';
import type { FeState } from '../fe/state.js';
import type { AlterViewStmt, CreateViewStmt, DropViewStmt, ViewColumn } from '../sql/ast.js';
import { ERR, semanticError } from './errors.js';
import { objectToDrop, resolveDb } from './resolve.js';
import { checkColumnName, checkTableName } from './names.js';

function columnNames(cols: ViewColumn[] | null): string[] | null {
  if (!cols) return null;
  const seen = new Set<string>();
  for (const c of cols) {
    if (seen.has(c.name.toLowerCase())) throw ERR.dupFieldName(c.name);
    seen.add(c.name.toLowerCase());
  }
  return cols.map((c) => c.name);
}

function checkQuery(text: string): string {
  const q = text.trim().replace(/;+\s*$/, '');
  if (q === '') throw semanticError('View definition can not be empty');
  return q;
}

/** CREATE [OR REPLACE] VIEW [IF NOT EXISTS] [db.]v [(c1, c2)] [COMMENT '...'] AS <query>. */
export function createView(fe: FeState, currentDb: string | null, stmt: CreateViewStmt): ViewTable | null {
  const db = resolveDb(fe, stmt.name, currentDb);
  const name = stmt.name.name;
  checkTableName(name);
  for (const c of stmt.columns ?? []) checkColumnName(c.name);
  const names = columnNames(stmt.columns);
  const query = checkQuery(stmt.query.text);
  const existing = db.tables.get(name);
  if (existing) {
    if (stmt.orReplace) {
      if (existing.kind !== 'view') throw ERR.wrongObject(db.name, name, 'VIEW');
      existing.columnNames = names;
      existing.query = query;
      existing.comment = stmt.comment ?? existing.comment;
      fe.onChange();
      return existing;
    }
    if (stmt.ifNotExists) return null;
    throw ERR.tableExists(name);
  }
  const view: ViewTable = {
    kind: 'view',
    id: fe.allocId(),
    name,
    columnNames: names,
    query,
    comment: stmt.comment ?? '',
    createTime: Date.now(),
  };
  db.tables.set(name, view);
  fe.onChange();
  return view;
}

/** ALTER VIEW [db.]v [(c1, c2)] AS <query>. */
export function alterView(fe: FeState, currentDb: string | null, stmt: AlterViewStmt): ViewTable {
  const db = resolveDb(fe, stmt.name, currentDb);
  const name = stmt.name.name;
  const t = db.tables.get(name);
  if (!t) throw ERR.badTable(name);
  if (t.kind !== 'view') throw semanticError(`The specified table [${name}] is not a view`);
  t.columnNames = columnNames(stmt.columns);
  t.query = checkQuery(stmt.query.text);
  if (stmt.comment !== null) t.comment = stmt.comment;
  fe.onChange();
  return t;
}

/** DROP VIEW [IF EXISTS] [db.]v. */
export function dropView(fe: FeState, currentDb: string | null, stmt: DropViewStmt): void {
  const found = objectToDrop(fe, stmt.name, currentDb, stmt.ifExists);
  if (!found) return;
  const { db, t } = found;
  const name = stmt.name.name;
  if (t.kind !== 'view') throw ERR.wrongObject(db.name, name, 'VIEW');
  db.tables.delete(name);
  fe.onChange();
}
