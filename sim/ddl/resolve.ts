// Name resolution shared by the DDL statements: the target database of `[db.]name`, and table lookups.
import type { Database, Table } from '../catalog/model.js';
import type { FeState } from '../fe/state.js';
import type { QualifiedName } from '../sql/ast.js';
import { ERR } from './errors.js';

/** MetaUtils.normalizationTableName + getDatabase: the db of a qualified name, or the session's current db. */
export function resolveDb(fe: FeState, name: QualifiedName, currentDb: string | null): Database {
  const dbName = name.db ?? currentDb;
  if (!dbName) throw ERR.noDbSelected();
  const db = fe.catalog.databases.get(dbName);
  if (!db) throw ERR.badDb(dbName);
  return db;
}

/** Tables currently in COMMITTED transactions (DROP without FORCE refuses them). */
export function hasCommittedTxn(fe: FeState, dbId: number, tableId?: number): boolean {
  for (const t of fe.transactions.values()) {
    if (t.dbId === dbId && t.status === 'COMMITTED' && (tableId === undefined || t.tableIds.includes(tableId))) return true;
  }
  return false;
}

export const isMaterializedView = (t: Table) => t.kind === 'olap' && t.mv !== null;
