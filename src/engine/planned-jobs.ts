// Planned replication work as the scheduler takes it, and what a target snapshot says of a job (pure).
import type { ClusterSnapshot } from '../model/snapshot.js';
import type { TableReplicationWork } from '../planner/actions.js';
import type { PlannedJob } from '../scheduler/replication-scheduler.js';

/** Planned work → scheduler jobs, per table (a table's jobs run one after another). */
export function jobsByTable(works: readonly TableReplicationWork[]): Map<string, PlannedJob[]> {
  const out = new Map<string, PlannedJob[]>();
  for (const w of works) {
    const key = `${w.db}.${w.table}`;
    out.set(
      key,
      w.jobs.map((j) => ({
        tableKey: key,
        db: w.db,
        table: w.table,
        srcDbId: w.srcDbId,
        srcTableId: w.srcTableId,
        tgtDbId: w.tgtDbId,
        tgtTableId: w.tgtTableId,
        mirrorVolume: w.mirrorVolume,
        partitions: j.partitions,
        dataSize: j.dataSize,
        ...(w.rangeDistributed ? { range: { tgtDb: w.tgtDb ?? w.db, tgtTable: w.tgtTable ?? w.table } } : {}),
      })),
    );
  }
  return out;
}

/** True when every partition the job carried has reached its source version on the target (or is gone there). */
export function caughtUp(job: PlannedJob, target: ClusterSnapshot, works: ReadonlyMap<string, PlannedJob[]>): boolean {
  if (job.partitions.length === 0) return !works.has(job.tableKey);
  const dataVersion = new Map<string, number>();
  // By name, unless that is another table (rename mapping: jobs name the source table): then by the target ids.
  const named = target.databases.get(job.db)?.tables.get(job.table);
  const byId = () =>
    [...([...target.databases.values()].find((d) => d.id === job.tgtDbId)?.tables.values() ?? [])].find((t) => t.id === job.tgtTableId);
  const table = named?.id === job.tgtTableId ? named : byId();
  for (const p of table?.partitions.values() ?? []) for (const pp of p.physical) dataVersion.set(pp.id, pp.dataVersion);
  return job.partitions.every((p) => (dataVersion.get(p.tgtPhysicalId) ?? Infinity) >= p.srcVersion);
}

/** An adopted job's record when the plan has nothing for its table (a failure then only asks for a new plan). */
export function emptyJob(tableKey: string, db: string, table: string, tgtDbId: string, tgtTableId: string): PlannedJob {
  return { tableKey, db, table, srcDbId: '', srcTableId: '', tgtDbId, tgtTableId, mirrorVolume: '', partitions: [], dataSize: 0 };
}

/**
 * The target's running replication jobs for tables of `target` that the scheduler does not follow yet (after a
 * restart, also kill -9): each with the table's planned first job (removed from `works`), or an empty record.
 */
export function jobsToAdopt(
  rows: ReadonlyArray<{ jobId: string; tableId: string; state: string }>,
  target: ClusterSnapshot,
  works: Map<string, PlannedJob[]>,
  isBusy: (tableKey: string) => boolean,
): Array<{ jobId: string; job: PlannedJob }> {
  const tableById = new Map<string, { db: string; table: string; dbId: string }>();
  for (const db of target.databases.values()) for (const t of db.tables.values()) tableById.set(t.id, { db: db.name, table: t.name, dbId: db.id });
  const out: Array<{ jobId: string; job: PlannedJob }> = [];
  for (const j of rows) {
    if (j.state !== 'INITIALIZING' && j.state !== 'REPLICATING' && j.state !== 'SNAPSHOTING') continue;
    const t = tableById.get(j.tableId);
    if (!t) continue;
    // Rename mapping: the planned work of this target table names it by its source key.
    const key = [...works].find(([, js]) => js[0]?.tgtTableId === j.tableId)?.[0] ?? `${t.db}.${t.table}`;
    if (isBusy(key)) continue;
    const planned = works.get(key)?.[0];
    works.delete(key);
    out.push({ jobId: j.jobId, job: planned ?? emptyJob(key, t.db, t.table, t.dbId, j.tableId) });
  }
  return out;
}

/** A source table whose job layout (indexes, tablets) can be read before its job exists (job-sender.ts prepareSource). */
export interface SourceTableRef {
  readonly dbId: string;
  readonly tableId: string;
  readonly physicalPartitionIds: readonly string[];
}

/** The source tables of `tables` (missing on the target, about to be created) as the job sender reads them ahead. */
export function sourceTablesOf(source: ClusterSnapshot, tables: ReadonlyArray<{ db: string; name: string }>): SourceTableRef[] {
  const out: SourceTableRef[] = [];
  for (const t of tables) {
    const db = source.databases.get(t.db);
    const info = db?.tables.get(t.name);
    if (!db || !info || info.readError !== undefined) continue;
    out.push({ dbId: db.id, tableId: info.id, physicalPartitionIds: [...info.partitions.values()].flatMap((p) => p.physical.map((pp) => pp.id)) });
  }
  return out;
}
