// CREATE DATABASE / DROP DATABASE (LocalMetastore.createDb / dropDb).
import type { Database } from '../catalog/model.js';
import { SYSTEM_DATABASES } from '../catalog/model.js';
import type { FeState } from '../fe/state.js';
import type { CreateDatabaseStmt, DropDatabaseStmt } from '../sql/ast.js';
import { ddlError, ERR, semanticError } from './errors.js';
import { type DdlHooks, hooksOf } from './hooks.js';
import { hasCommittedTxn } from './resolve.js';
import { removeTable } from './table.js';
import { volumeForDb } from './storage-volume.js';
import { checkDbName } from './names.js';

const isSystemDb = (name: string) => (SYSTEM_DATABASES as readonly string[]).includes(name.toLowerCase());

/** CREATE DATABASE [IF NOT EXISTS] db [PROPERTIES ("storage_volume" = "v")]; null when it already existed. */
export function createDatabase(fe: FeState, stmt: CreateDatabaseStmt): Database | null {
  checkDbName(stmt.name);
  if (fe.catalog.databases.has(stmt.name) || isSystemDb(stmt.name)) {
    if (stmt.ifNotExists) return null;
    throw ERR.dbCreateExists(stmt.name);
  }
  const props = { ...stmt.properties };
  const volumeKey = props['storage_volume'] ?? 'default';
  delete props['storage_volume'];
  const id = fe.allocId();
  const db: Database = { id, name: stmt.name, tables: new Map(), createTime: Date.now() };
  if (fe.options.runMode === 'shared_data') {
    const svId = volumeForDb(fe, volumeKey);
    if (!fe.storageVolumeById(svId)) throw ddlError(`Storage volume ${volumeKey} not exists`);
    db.storageVolumeId = svId;
  }
  fe.catalog.databases.set(db.name, db);
  fe.onChange();
  return db;
}

/** DROP DATABASE [IF EXISTS] db [FORCE]: its tables go with it. */
export function dropDatabase(fe: FeState, stmt: DropDatabaseStmt, hooks: DdlHooks = hooksOf(fe)): void {
  if (stmt.name.toLowerCase() === 'information_schema' || stmt.name.toLowerCase() === 'sys') {
    throw semanticError(`Access denied for user 'root' to database '${stmt.name}'`, 1044, '42000');
  }
  const db = fe.catalog.databases.get(stmt.name);
  if (!db) {
    if (stmt.ifExists) return;
    throw ERR.dbDropNotExists(stmt.name);
  }
  if (!stmt.force && hasCommittedTxn(fe, db.id)) {
    throw ddlError(
      `There are still some transactions in the COMMITTED state waiting to be completed. The database [${db.name}] cannot be dropped. If you want to forcibly drop(cannot be recovered), please use "DROP DATABASE <database> FORCE".`,
    );
  }
  for (const t of [...db.tables.values()]) {
    if (t.kind === 'olap') removeTable(fe, db, t, stmt.force, hooks);
  }
  fe.catalog.databases.delete(db.name);
  fe.onChange();
}
