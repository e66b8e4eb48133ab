// Snapshots are immutable once read (model/snapshot.ts): what the engine learns later (a DDL text, bitmap indexes,
// a table re-read, a database just created) makes a new snapshot. Only the databases touched are copied.
import type { ClusterSnapshot, DatabaseInfo, MaterializedViewInfo, TableInfo, ViewInfo } from '../model/snapshot.js';

interface Named {
  readonly dbName: string;
  readonly name: string;
}

/** `snap` with `objects` put into their databases' map (replacing same-named ones); unknown databases are skipped. */
function withMembers<T extends Named>(
  snap: ClusterSnapshot,
  objects: Iterable<T>,
  members: (db: DatabaseInfo) => ReadonlyMap<string, T>,
  put: (db: DatabaseInfo, m: Map<string, T>) => DatabaseInfo,
): ClusterSnapshot {
  const copies = new Map<string, Map<string, T>>();
  for (const o of objects) {
    let m = copies.get(o.dbName);
    if (!m) {
      const old = snap.databases.get(o.dbName);
      if (!old) continue;
      copies.set(o.dbName, (m = new Map(members(old))));
    }
    m.set(o.name, o);
  }
  if (copies.size === 0) return snap;
  const databases = new Map(snap.databases);
  for (const [name, m] of copies) databases.set(name, put(snap.databases.get(name)!, m));
  return { ...snap, databases };
}

/** `snap` with these tables (new or replacing the same-named ones). */
export const withTables = (snap: ClusterSnapshot, tables: Iterable<TableInfo>): ClusterSnapshot =>
  withMembers(
    snap,
    tables,
    (db) => db.tables,
    (db, tables) => ({ ...db, tables }),
  );
export const withViews = (snap: ClusterSnapshot, views: Iterable<ViewInfo>): ClusterSnapshot =>
  withMembers(
    snap,
    views,
    (db) => db.views,
    (db, views) => ({ ...db, views }),
  );
export const withMaterializedViews = (snap: ClusterSnapshot, mvs: Iterable<MaterializedViewInfo>): ClusterSnapshot =>
  withMembers(
    snap,
    mvs,
    (db) => db.materializedViews,
    (db, materializedViews) => ({ ...db, materializedViews }),
  );

/** `snap` with an empty database added (one just created on the target); a database already there is kept. */
export function withEmptyDatabase(snap: ClusterSnapshot, name: string, id: string): ClusterSnapshot {
  if (snap.databases.has(name)) return snap;
  const db: DatabaseInfo = { id, name, tables: new Map(), views: new Map(), materializedViews: new Map() };
  return { ...snap, databases: new Map([...snap.databases, [name, db]]) };
}
