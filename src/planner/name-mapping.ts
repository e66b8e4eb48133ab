// Rename mapping (issue 9): target_database_mapping / target_table_mapping. A source database or object (table,
// view, MV) lands on the target under another name; a table keeps its database's mapping (`sales.orders:orders_2024`
// with `sales:sales_new` lands in `sales_new.orders_2024`). Pure lookups over the config entries, the check that no
// two sources share a target name (an unmapped source counts with its own name), and the source catalog renamed into
// target names for the planner (plan.ts pairs it with the target catalog by name, so every diff sees mapped names).
// Include/exclude keep naming source names; see notes/decisions/rename-mapping.md.
import type { NameMappingEntry } from '../config/data-list.js';
import type { ClusterSnapshot, DatabaseInfo, DefinedObjectInfo, SyncIndexInfo, TableInfo } from '../model/snapshot.js';
import { listName } from './scope.js';

export type { NameMappingEntry };

/** The two keys as the planner config holds them (SyncConfig's field names). */
export interface NameMappingConfig {
  /** target_database_mapping entries (`table` null). */
  targetDatabaseMapping: readonly NameMappingEntry[];
  /** target_table_mapping entries. */
  targetTableMapping: readonly NameMappingEntry[];
}

/** A database (`table` undefined) or an object of one. */
export interface ObjectName {
  db: string;
  table?: string;
}

/** Lookups over the mapping keys alone (no catalog). */
export interface NameMapping {
  /** No entry maps anything to another name. */
  readonly identity: boolean;
  /** The database's target name (its own when not mapped). */
  targetDb(db: string): string;
  /** The object's target names: its database's mapping, and its own name's. */
  targetName(db: string, table: string): { db: string; table: string };
  /**
   * The source names an object of the target would have: the database mapped onto `targetDb` (else the same name),
   * and the object of it mapped onto `targetTable` (else the same name). For target-only objects this is the
   * name they would be selected by (include/exclude name source objects).
   */
  sourceOf(targetDb: string, targetTable?: string): ObjectName;
  /** True when the database or the object is renamed. */
  isMapped(db: string, table?: string): boolean;
}

const key = (db: string, table: string) => `${db}\u0000${table}`;

export function makeNameMapping(cfg: NameMappingConfig): NameMapping {
  const dbs = new Map<string, string>();
  for (const e of cfg.targetDatabaseMapping) if (e.table === null) dbs.set(e.db, e.to);
  const tables = new Map<string, string>();
  for (const e of cfg.targetTableMapping) if (e.table !== null) tables.set(key(e.db, e.table), e.to);
  const dbsBack = new Map<string, string>();
  for (const [from, to] of dbs) if (from !== to) dbsBack.set(to, from);
  const tablesBack = new Map<string, string>();
  for (const e of cfg.targetTableMapping) if (e.table !== null && e.to !== e.table) tablesBack.set(key(e.db, e.to), e.table);
  const targetDb = (db: string) => dbs.get(db) ?? db;
  const identity = [...dbs].every(([a, b]) => a === b) && [...cfg.targetTableMapping].every((e) => e.table === e.to);
  return {
    identity,
    targetDb,
    targetName: (db, table) => ({ db: targetDb(db), table: tables.get(key(db, table)) ?? table }),
    sourceOf: (targetDb, targetTable) => {
      const db = dbsBack.get(targetDb) ?? targetDb;
      return targetTable === undefined ? { db } : { db, table: tablesBack.get(key(db, targetTable)) ?? targetTable };
    },
    isMapped: (db, table) => targetDb(db) !== db || (table !== undefined && (tables.get(key(db, table)) ?? table) !== table),
  };
}

/** The source catalog as far as the collision check needs it: database names, object names per database. */
export interface MappingSource {
  databases: ReadonlyMap<
    string,
    { tables: ReadonlyMap<string, unknown>; views?: ReadonlyMap<string, unknown>; materializedViews?: ReadonlyMap<string, unknown> }
  >;
}

/** Two (or more) source names that would have one target name. */
export interface MappingCollision {
  /** The key to fix: target_table_mapping when a table entry is involved, else target_database_mapping. */
  key: 'target_database_mapping' | 'target_table_mapping';
  /** The shared target name. */
  target: ObjectName;
  /** The sources, sorted; `mapped` false for a source that keeps its own name. */
  sources: Array<ObjectName & { mapped: boolean }>;
}

const sorted = (xs: Iterable<string>) => [...xs].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));

function objectNames(db: MappingSource['databases'] extends ReadonlyMap<string, infer D> ? D : never): string[] {
  return sorted(new Set([...db.tables.keys(), ...(db.views?.keys() ?? []), ...(db.materializedViews?.keys() ?? [])]));
}

/**
 * Every target name two sources would share: databases first (two source databases onto one), then objects of the
 * databases that do not collide themselves. Pure; a ClusterSnapshot is a valid `source`.
 */
export function mappingCollisions(m: NameMapping, source: MappingSource): MappingCollision[] {
  if (m.identity) return [];
  const out: MappingCollision[] = [];
  const byDb = new Map<string, string[]>();
  for (const db of sorted(source.databases.keys())) {
    const t = m.targetDb(db);
    byDb.set(t, [...(byDb.get(t) ?? []), db]);
  }
  for (const [target, dbs] of byDb) {
    if (dbs.length < 2) continue;
    out.push({ key: 'target_database_mapping', target: { db: target }, sources: dbs.map((db) => ({ db, mapped: m.isMapped(db) })) });
  }
  for (const [target, dbs] of byDb) {
    if (dbs.length !== 1) continue;
    const db = dbs[0]!;
    const byName = new Map<string, string[]>();
    for (const name of objectNames(source.databases.get(db)!)) {
      const t = m.targetName(db, name).table;
      byName.set(t, [...(byName.get(t) ?? []), name]);
    }
    for (const [name, names] of byName) {
      if (names.length < 2) continue;
      out.push({
        key: 'target_table_mapping',
        target: { db: target, table: name },
        sources: names.map((table) => ({ db, table, mapped: m.targetName(db, table).table !== table })),
      });
    }
  }
  return out;
}

const shownName = (n: ObjectName) => (n.table === undefined ? listName(n.db) : `${listName(n.db)}.${listName(n.table)}`);

/** One phrase: `target_table_mapping: sales.orders (mapped) and sales.orders_2024 (not mapped) would both be sales_new.orders_2024 on the target`. */
export function describeMappingCollision(c: MappingCollision): string {
  const sources = c.sources.map((s) => `${shownName(s)} (${s.mapped ? 'mapped' : 'not mapped'})`);
  const list = sources.length === 2 ? sources.join(' and ') : `${sources.slice(0, -1).join(', ')} and ${sources[sources.length - 1]!}`;
  const what = c.target.table === undefined ? 'source databases' : 'source objects';
  return `${c.key}: the ${what} ${list} would all be ${shownName(c.target)} on the target; two sources cannot share a target name`;
}

/** The source catalog in target names, and the way back. */
export interface RenamedSource {
  /** The source snapshot with databases and objects under their target names (definitions naming mapped objects rewritten). */
  snapshot: ClusterSnapshot;
  /** The source names of a renamed database or object (its target names); undefined for names no source object has. */
  sourceOf(db: string, table?: string): ObjectName | undefined;
  /** Sources left out because they share a target name (nothing is planned for them). */
  collisions: MappingCollision[];
}

/** Rewrites the references of query / statement texts of objects of database `srcDb` (mapping.ts' rewriter). */
export type RefsRewriter = (text: string, srcDb: string) => string;

function renameTable(t: TableInfo, db: string, name: string, refs: RefsRewriter, srcDb: string): TableInfo {
  const indexes = t.indexes.map((i) => (i.name === t.name ? { ...i, name } : i));
  const syncIndexes = t.syncIndexes?.map((i): SyncIndexInfo => (i.kind === 'mv' ? { ...i, definition: refs(i.definition, srcDb) } : i));
  return { ...t, dbName: db, name, indexes, ...(syncIndexes ? { syncIndexes } : {}) };
}

function renameDefined<T extends DefinedObjectInfo>(o: T, db: string, name: string, refs: RefsRewriter, srcDb: string): T {
  return { ...o, dbName: db, name, definition: refs(o.definition, srcDb) };
}

/**
 * The source snapshot under target names: databases, tables, views and MVs renamed; view / MV definitions and sync
 * MV statements with their references rewritten (`refs`). Sources that would share a target name are left out
 * (and listed in `collisions`). The identity mapping returns `source` itself.
 */
export function renameSource(source: ClusterSnapshot, m: NameMapping, refs: RefsRewriter): RenamedSource {
  if (m.identity) return { snapshot: source, sourceOf: (db, table) => (table === undefined ? { db } : { db, table }), collisions: [] };
  const collisions = mappingCollisions(m, source);
  const collidingDbs = new Set(collisions.filter((c) => c.target.table === undefined).flatMap((c) => c.sources.map((s) => s.db)));
  const collidingObjects = new Set(collisions.filter((c) => c.target.table !== undefined).flatMap((c) => c.sources.map((s) => key(s.db, s.table!))));
  const dbBack = new Map<string, string>();
  const objBack = new Map<string, ObjectName>();
  const databases = new Map<string, DatabaseInfo>();
  for (const [srcDb, db] of source.databases) {
    if (collidingDbs.has(srcDb)) continue;
    const tdb = m.targetDb(srcDb);
    dbBack.set(tdb, srcDb);
    const renamed = <V>(objects: ReadonlyMap<string, V>, rename: (v: V, name: string) => V): Map<string, V> => {
      const out = new Map<string, V>();
      for (const [name, v] of objects) {
        if (collidingObjects.has(key(srcDb, name))) continue;
        const tname = m.targetName(srcDb, name).table;
        objBack.set(key(tdb, tname), { db: srcDb, table: name });
        out.set(tname, rename(v, tname));
      }
      return out;
    };
    databases.set(tdb, {
      ...db,
      name: tdb,
      tables: renamed(db.tables, (t, name) => renameTable(t, tdb, name, refs, srcDb)),
      views: renamed(db.views, (v, name) => renameDefined(v, tdb, name, refs, srcDb)),
      materializedViews: renamed(db.materializedViews, (v, name) => renameDefined(v, tdb, name, refs, srcDb)),
    });
  }
  return {
    snapshot: { ...source, databases },
    sourceOf: (db, table) => {
      if (table !== undefined) return objBack.get(key(db, table));
      const src = dbBack.get(db);
      return src === undefined ? undefined : { db: src };
    },
    collisions,
  };
}

/**
 * The source databases whose object names the collision check needs (those named by target_table_mapping), or null
 * when nothing is renamed (no check, nothing to read).
 */
export function mappingReadDatabases(cfg: Partial<NameMappingConfig>): string[] | null {
  const m = makeNameMapping({ targetDatabaseMapping: cfg.targetDatabaseMapping ?? [], targetTableMapping: cfg.targetTableMapping ?? [] });
  if (m.identity) return null;
  return [...new Set((cfg.targetTableMapping ?? []).map((e) => e.db))];
}

/**
 * The start-up check's verdict (`srsync run` before any DDL, `srsync verify`): null, or the key to fix and one
 * line naming every collision and saying that nothing changed.
 */
export function mappingCollisionError(
  cfg: Partial<NameMappingConfig>,
  source: MappingSource,
): { key: MappingCollision['key']; message: string } | null {
  const m = makeNameMapping({ targetDatabaseMapping: cfg.targetDatabaseMapping ?? [], targetTableMapping: cfg.targetTableMapping ?? [] });
  const collisions = mappingCollisions(m, source);
  if (collisions.length === 0) return null;
  const message = `${collisions.map(describeMappingCollision).join('; ')} (names are case-sensitive); fix the mapping; nothing changed on either cluster`;
  return { key: collisions[0]!.key, message };
}

/**
 * A source table's `db.table` key (as the sync ledger and status name tables) → the target table's key under the
 * mapping (the same key when nothing maps it). Keys are split where a mapping entry matches (names may hold dots):
 * a mapped table's key first, else the longest mapped database followed by `.`.
 */
export function targetKeyOf(cfg: Partial<NameMappingConfig>): (key: string) => string {
  const m = makeNameMapping({ targetDatabaseMapping: cfg.targetDatabaseMapping ?? [], targetTableMapping: cfg.targetTableMapping ?? [] });
  if (m.identity) return (k) => k;
  const tables = new Map<string, string>();
  for (const e of cfg.targetTableMapping ?? []) {
    if (e.table === null) continue;
    const t = m.targetName(e.db, e.table);
    tables.set(`${e.db}.${e.table}`, `${t.db}.${t.table}`);
  }
  const dbs = (cfg.targetDatabaseMapping ?? []).filter((e) => e.to !== e.db).sort((a, b) => b.db.length - a.db.length);
  return (k) => {
    const t = tables.get(k);
    if (t !== undefined) return t;
    const d = dbs.find((e) => k.startsWith(`${e.db}.`));
    return d ? `${d.to}${k.slice(d.db.length)}` : k;
  };
}
