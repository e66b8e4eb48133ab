// Name resolution shared by the DDL statements: the target database of `[db.]name`, and table lookups.
import type { Database, Table } from '../catalog/model.js';
import type { FeState } from '../fe/state.js';
import type { QualifiedName } from '../sql/ast.js';
import { ERR, semanticError } from './errors.js';

/** MetaUtils.normalizationTableName + getDatabase: the db of a qualified name, or the session's current db. */
export function resolveDb(fe: FeState, name: QualifiedName, currentDb: string | null): Database {
  const dbName = name.db ?? currentDb;
  if (!dbName) throw ERR.noDbSelected();
  const db = fe.catalog.databases.get(dbName);
  if (!db) throw ERR.badDb(dbName);
  return db;
}

/**
 * The object a DROP TABLE / DROP VIEW names: null when it is absent and IF EXISTS was given. An async MV is
 * refused with StarRocks' message (it needs DROP MATERIALIZED VIEW).
 */
export function objectToDrop(fe: FeState, name: QualifiedName, currentDb: string | null, ifExists: boolean): { db: Database; t: Table } | null {
  const db = resolveDb(fe, name, currentDb);
  const t = db.tables.get(name.name);
  if (!t) {
    if (ifExists) return null;
    throw ERR.badTable(name.name);
  }
  if (t.kind === 'olap' && t.mv) {
    throw semanticError(
      `The data of '${name.name}' cannot be dropped because '${name.name}' is a materialized view,use 'drop materialized view ${name.name}' to drop it.`,
    );
  }
  return { db, t };
}

/** Tables currently in COMMITTED transactions (DROP without FORCE refuses them). */
export function hasCommittedTxn(fe: FeState, dbId: number, tableId?: number): boolean {
  for (const t of fe.transactions.values()) {
    if (t.dbId === dbId && t.status === 'COMMITTED' && (tableId === undefined || t.tableIds.includes(tableId))) return true;
  }
  return false;
}

export const isMaterializedView = (t: Table) => t.kind === 'olap' && t.mv !== null;
