// Which databases and objects the migration covers (manual: include_data_list / exclude_data_list,
// "Effective order: 1. include 2. exclude"; include "Takes priority over exclude_data_list. Leave empty to
// migrate all"). Names match exactly and case-sensitively. Tables, views and MVs all match as `<db>.<name>`.
//
// Rule (see notes/decisions/planner.md): with include set, only included objects are candidates; the most specific
// matching entry decides (`db.table` beats `db`), and on a tie include wins. So include=db1 with exclude=db1.t2
// leaves t2 out, include=db1.t2 with exclude=db1 keeps t2, and include=db1 with exclude=db1 keeps db1.
import { quoteIdent } from '../sql/quote.js';
import type { DataListEntry, PlannerConfig } from './config.js';

export interface Scope {
  /** The database holds in-scope objects: create it when missing. */
  database(db: string): boolean;
  /** Every object of the database is in scope, so the database itself may be dropped. */
  wholeDatabase(db: string): boolean;
  /** A table, view or MV. */
  object(db: string, name: string): boolean;
}

/** 2 = matched as `db.name`, 1 = matched as `db`, 0 = no match. */
function specificity(list: readonly DataListEntry[], db: string, name: string): number {
  let best = 0;
  for (const e of list) {
    if (e.db !== db) continue;
    if (e.table === undefined) best = Math.max(best, 1);
    else if (e.table === name) return 2;
  }
  return best;
}

export function makeScope(cfg: Pick<PlannerConfig, 'includeDataList' | 'excludeDataList'>): Scope {
  const include = cfg.includeDataList;
  const exclude = cfg.excludeDataList;
  const object = (db: string, name: string): boolean => {
    const exc = specificity(exclude, db, name);
    if (include.length === 0) return exc === 0;
    const inc = specificity(include, db, name);
    return inc > 0 && exc <= inc;
  };
  const wholeDbIncluded = (db: string) => include.length === 0 || include.some((e) => e.db === db && e.table === undefined);
  return {
    object,
    database: (db) => {
      if (include.length > 0) return include.some((e) => e.db === db);
      return !exclude.some((e) => e.db === db && e.table === undefined);
    },
    wholeDatabase: (db) =>
      wholeDbIncluded(db) && !exclude.some((e) => e.db === db && e.table !== undefined) && (include.length > 0 || !exclude.some((e) => e.db === db)),
  };
}

/** The source catalog as far as selection checks need it: database names, and object names per database. */
export interface SelectionSource {
  databases: ReadonlyMap<
    string,
    {
      tables: ReadonlyMap<string, unknown>;
      views?: ReadonlyMap<string, unknown>;
      materializedViews?: ReadonlyMap<string, unknown>;
    }
  >;
}

/**
 * A name as an include/exclude entry would write it: bare when the manual's unquoted form reads it back unchanged,
 * else backtick-quoted with backticks doubled (StarRocks' quoting, as src/config/data-list.ts parses it).
 */
export function listName(name: string): string {
  const bare = name !== '' && name === name.trim() && !/[`.,*?%\u0000-\u001f\u007f]/.test(name);
  return bare ? name : quoteIdent(name);
}

/** An include_data_list / exclude_data_list entry that names nothing on the source. */
export interface UnmatchedSelectionEntry {
  key: 'include_data_list' | 'exclude_data_list';
  /** The entry as written in normalised form: `<db>` or `<db>.<name>`, names quoted where needed (listName). */
  entry: string;
  kind: 'database' | 'table';
}

function unmatchedIn(key: UnmatchedSelectionEntry['key'], list: readonly DataListEntry[], source: SelectionSource): UnmatchedSelectionEntry[] {
  const out: UnmatchedSelectionEntry[] = [];
  for (const e of list) {
    const db = source.databases.get(e.db);
    if (e.table === undefined) {
      if (db === undefined) out.push({ key, entry: listName(e.db), kind: 'database' });
      continue;
    }
    // Same matching as makeScope: exact, case-sensitive; tables, views and MVs all match as `<db>.<name>`.
    const found = db !== undefined && (db.tables.has(e.table) || db.views?.has(e.table) === true || db.materializedViews?.has(e.table) === true);
    if (!found) out.push({ key, entry: `${listName(e.db)}.${listName(e.table)}`, kind: 'table' });
  }
  return out;
}

/**
 * The include_data_list / exclude_data_list entries that match no database (`<db>`) or no table, view or MV
 * (`<db>.<name>`) of the source, include entries first, each list in its written order. Pure; a ClusterSnapshot
 * is a valid `source`. Duplicated entries are reported once.
 */
export function unmatchedSelection(
  config: Pick<PlannerConfig, 'includeDataList' | 'excludeDataList'>,
  source: SelectionSource,
): UnmatchedSelectionEntry[] {
  const all = [
    ...unmatchedIn('include_data_list', config.includeDataList, source),
    ...unmatchedIn('exclude_data_list', config.excludeDataList, source),
  ];
  const seen = new Set<string>();
  return all.filter((u) => {
    const k = `${u.key}\u0000${u.entry}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

/** One line naming the key and the entry, e.g. `include_data_list entry 'salez' matches no database on the source`. */
export function describeUnmatchedSelection(u: UnmatchedSelectionEntry): string {
  const what = u.kind === 'database' ? 'no database' : 'no table, view or materialized view';
  const hint = /[*?%]/.test(u.entry) ? ' (wildcards are not supported: list the databases or tables by name)' : '';
  return `${u.key} entry '${u.entry}' matches ${what} on the source${hint}`;
}
