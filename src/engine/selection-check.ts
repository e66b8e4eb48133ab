// The start-up check of include_data_list / exclude_data_list against the source (issue 6, item 3): an entry that
// names no database or no table/view/MV of the source is a configuration mistake (a typo like `salez` would
// otherwise migrate nothing and report success). Reads only: SHOW PROC '/dbs' and, for the databases that
// `<db>.<name>` entries name, SHOW PROC '/dbs/<id>' (the same listings the catalog read uses, so the check and the
// migration see the same names). Used by `srsync run` (preflight, before any DDL) and `srsync verify`.
import { SqlError, type SqlClient } from '../cluster/sql-client.js';
import { ClusterError, ConfigError, SelectionError } from '../errors.js';
import type { ClusterInspector } from '../inspector/inspector.js';
import type { PlannerConfig } from '../planner/config.js';
import { mappingCollisionError, mappingReadDatabases, type NameMappingConfig } from '../planner/name-mapping.js';
import { describeUnmatchedSelection, unmatchedSelection, type SelectionSource, type UnmatchedSelectionEntry } from '../planner/scope.js';
import { quoteString } from '../sql/quote.js';
import { inParallel } from '../util/parallel.js';

export type SelectionConfig = Pick<PlannerConfig, 'includeDataList' | 'excludeDataList'> & Partial<NameMappingConfig>;

/** Ids are not needed; every listed object (table, view, MV) counts as a name. */
const PRESENT: ReadonlyMap<string, unknown> = new Map();

/**
 * The source's database names and, for the databases named by `<db>.<name>` entries, their object names.
 * Nothing is read when both lists are empty.
 */
export async function readSelectionSource(sql: SqlClient, inspector: ClusterInspector, cfg: SelectionConfig): Promise<SelectionSource> {
  const databases = new Map<string, { tables: Map<string, unknown> }>();
  const entries = [...cfg.includeDataList, ...cfg.excludeDataList];
  const mapped = mappingReadDatabases(cfg); // rename mapping: names a collision check needs (name-mapping.ts)
  if (entries.length === 0 && mapped === null) return { databases };
  const ids = await inspector.databaseIds();
  for (const name of ids.keys()) databases.set(name, { tables: new Map() });
  const named = [...entries.filter((e) => e.table !== undefined).map((e) => e.db), ...(mapped ?? [])];
  const wanted = [...new Set(named.filter((db) => ids.has(db)))];
  await inParallel(4, wanted, async (db) => {
    const rows = await sql.query(`SHOW PROC ${quoteString(`/dbs/${ids.get(db)!}`)}`);
    const tables = databases.get(db)!.tables;
    for (const r of rows) {
      const name = r['TableName'];
      if (name) tables.set(name, PRESENT);
    }
  });
  return { databases };
}

/** The one-line message: every mistaken entry, then what it means for the clusters. */
export function selectionErrorMessage(mistakes: readonly UnmatchedSelectionEntry[]): string {
  const what = mistakes.map(describeUnmatchedSelection).join('; ');
  return `${what} (names are case-sensitive); fix conf/sync.properties; nothing changed on either cluster`;
}

/**
 * Throws a SelectionError (exit code 2) naming every include/exclude entry that matches nothing on the source; a
 * source that cannot be read is a ClusterError (exit code 3). Reads nothing when both lists are empty.
 */
export async function checkSelection(sql: SqlClient, inspector: ClusterInspector, cfg: SelectionConfig): Promise<void> {
  if (cfg.includeDataList.length === 0 && cfg.excludeDataList.length === 0 && mappingReadDatabases(cfg) === null) return;
  let source: SelectionSource;
  try {
    source = await readSelectionSource(sql, inspector, cfg);
  } catch (e) {
    if (!(e instanceof SqlError)) throw e;
    const where = `${sql.endpoint.host}:${sql.endpoint.port}`;
    throw new ClusterError(
      `cannot read the source catalog at ${where} to check include_data_list / exclude_data_list: ${e.message}`,
      { side: 'source', object: where },
      { cause: e },
    );
  }
  const mistakes = unmatchedSelection(cfg, source);
  if (mistakes.length > 0) throw new SelectionError(selectionErrorMessage(mistakes), mistakes, { file: 'sync.properties' });
  const collision = mappingCollisionError(cfg, source);
  if (collision) throw new ConfigError(`sync.properties: ${collision.message}`, { file: 'sync.properties', key: collision.key });
}
