// The DDL a full round starts (one task beside the loop, ddl-task.ts): the tables missing on the target first
// (their databases, then each table's text read and its CREATE run at once: create-pipeline.ts), otherwise the
// plan's statements. Failed statements wait for their retry (retry-book.ts).
import type { DdlOutcome } from '../applier/ddl-applier.js';
import type { ClusterInspector } from '../inspector/inspector.js';
import type { DdlAction, Plan } from '../planner/actions.js';
import type { PlannerConfig } from '../planner/config.js';
import { createTablesPipelined, planCreateTable } from './create-pipeline.js';
import type { SnapshotPair } from './scoped-plan.js';
import { ddlObject, ddlSubject, tryNow } from './retry-book.js';
import type { RetryBook } from './retry-book.js';
import { withEmptyDatabase } from './snapshot-edits.js';

export type NewTable = { readonly db: string; readonly name: string };

export type DdlStart =
  | { kind: 'none' }
  /** Missing tables (not held back) and the databases they need. */
  | { kind: 'create_tables'; databases: DdlAction[]; tables: NewTable[]; objects: string[] }
  /** The plan's statements not held back. */
  | { kind: 'apply'; ddl: DdlAction[]; objects: string[] };

/**
 * What DDL a round starts. Takes an attempt (retry-book.ts tryNow) of each statement it returns: missing tables go
 * first and alone, the rest of the plan waits for the next round.
 */
export function ddlToStart(p: Plan, newTables: readonly NewTable[], book: RetryBook, now: number): DdlStart {
  const tables = newTables.filter((t) => tryNow(book, ddlSubject({ kind: 'create_table', db: t.db, table: t.name }), now));
  if (tables.length > 0) {
    const databases = p.ddl.filter((a) => a.kind === 'create_database');
    return { kind: 'create_tables', databases, tables, objects: [...tables.map((t) => `${t.db}.${t.name}`), ...databases.map(ddlObject)] };
  }
  const ddl = p.ddl.filter((a) => tryNow(book, ddlSubject(a), now));
  return ddl.length > 0 ? { kind: 'apply', ddl, objects: ddl.map(ddlObject) } : { kind: 'none' };
}

/**
 * The plan without the DDL of tables whose replication job is running on the target (sent, not ended), and those
 * tables. A partition dropped or re-created under a running job would make the job commit without it (the FE skips
 * a partition that is gone) and hide what the DDL was for (e.g. a write to the target); the statements run in the
 * round after the job ended.
 */
export function holdForRunningJobs(p: Plan, replicating: (tableKey: string) => boolean): { plan: Plan; held: string[] } {
  const held = new Set<string>();
  const ddl = p.ddl.filter((a) => {
    if (a.table === undefined) return true;
    const k = a.srcTable !== undefined ? `${a.srcDb}.${a.srcTable}` : `${a.db}.${a.table}`; // rename mapping: source key
    if (!replicating(k)) return true;
    held.add(k);
    return false;
  });
  return held.size === 0 ? { plan: p, held: [] } : { plan: { ...p, ddl }, held: [...held] };
}

export interface CreateTablesDeps {
  readonly cfg: PlannerConfig;
  readonly metaJobThreads: number;
  readonly ddlJobBatchSize: number;
  readonly source: Pick<ClusterInspector, 'createTableSql'>;
  readonly target: Pick<ClusterInspector, 'databaseIds'>;
  apply(actions: DdlAction[]): Promise<DdlOutcome[]>;
  /** A database was created on the target (its id read there). */
  onDatabase(name: string, id: string): void;
  /** A table's CREATE TABLE is being sent (create-pipeline.ts). */
  onCreating?(db: string, table: string): void;
  /** A table was created on the target. */
  onCreated(db: string, table: string): void;
}

/**
 * The full round a creation asks for. `now`: the rest of the plan waits for it (views, MVs, indexes on the new
 * tables) or tables were left over (their texts are read the old way). `when_idle`: only a check of everything,
 * run once replication is idle, not in the middle of the first copies (the created tables' own jobs come from
 * new-table rounds, scoped-rounds.ts). `none`: nothing was created.
 */
export type RoundAfterCreate = 'now' | 'when_idle' | 'none';

export function roundAfterCreate(r: { created: number; skipped: number; failed: number }, databases: number, otherDdl: boolean): RoundAfterCreate {
  if (r.skipped > 0 || r.failed > 0 || (otherDdl && (r.created > 0 || databases > 0))) return 'now';
  return r.created > 0 || databases > 0 ? 'when_idle' : 'none';
}

/**
 * Creates the missing tables: their databases first, then each table's text is read and its CREATE run at once.
 * Returns the tables left over (for a later round that reads them the old way) and the full round it asks for
 * (`otherDdl`: the plan has statements besides the creations, roundAfterCreate).
 */
export async function createMissingTables(
  databases: DdlAction[],
  tables: NewTable[],
  snaps: SnapshotPair,
  deps: CreateTablesDeps,
  otherDdl: boolean,
  signal?: AbortSignal,
): Promise<{ leftOver: NewTable[]; round: RoundAfterCreate }> {
  let target = snaps.target;
  if (databases.length > 0) {
    await deps.apply(databases);
    const ids = await deps.target.databaseIds();
    for (const a of databases) {
      const id = ids.get(a.db);
      if (!id) continue;
      target = withEmptyDatabase(target, a.db, id);
      deps.onDatabase(a.db, id);
    }
  }
  const r = await createTablesPipelined(
    tables,
    deps.metaJobThreads,
    deps.ddlJobBatchSize,
    {
      readCreateSql: (db, name) => deps.source.createTableSql(db, name),
      planTable: (db, name, createSql) => planCreateTable(snaps.source, target, db, name, createSql, deps.cfg),
      apply: async (a) => (await deps.apply([a])).every((o) => o.ok),
      onCreated: deps.onCreated,
      ...(deps.onCreating ? { onCreating: deps.onCreating } : {}),
      onPending: () => undefined,
    },
    signal,
  );
  return { leftOver: r.leftOver, round: roundAfterCreate(r, databases.length, otherDdl) };
}
