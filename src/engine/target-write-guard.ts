// The target-write guard (issue 8): a write to a target table that did not come from replication is reported at once,
// naming the table and the partition, with what to do. The manual forbids loading into the target during migration;
// the official tool does not notice. Two signals (reference §4.3):
// - a target physical partition whose VersionTxnType is TXN_NORMAL with DataVersion > 1: only a load sets it
//   (replication sets TXN_REPLICATION, compaction changes neither, a new partition starts at DataVersion 1), so
//   someone loaded into it on the target (findTargetWrites, over the snapshots the engine reads);
// - the target's commit-time guard (PR #68223) aborted a replication job because the partition was loaded while the
//   job ran (commitGuardWrite, from the job's classified failure, cluster/fe-answers.ts `target_written`).
// Each written partition is reported once, until its data version moves again. Pure: the Migrator keeps the memory.
import type { Failure } from '../cluster/fe-answers.js';
import type { ClusterSnapshot, TableInfo } from '../model/snapshot.js';
import type { PlannerConfig } from '../planner/config.js';
import { isTimePartitioned } from '../planner/partition.js';

/** PhysicalPartition.PARTITION_INIT_VERSION: a partition nobody loaded into. */
const INIT_VERSION = 1;

export type TargetWriteSignal = 'version_txn_type' | 'commit_guard';

/** What srsync does about a written partition (the planner's rule for inconsistent partitions, planner/partition.ts). */
export type TargetWriteRemedy = 'recopy_partition' | 'recreate_table' | 'blocked';

export interface TargetWrite {
  db: string;
  table: string;
  /** Logical partition name (the physical id when the name is not known). */
  partition: string;
  /** Target physical partition id. */
  physicalId: string;
  detectedBy: TargetWriteSignal;
  /** The target DataVersion the write left; null when not known (commit guard). */
  dataVersion: number | null;
  /** The data version srsync's replication had left there earlier in this run (seen TXN_REPLICATION); null when not seen. */
  replicatedAt: number | null;
  /** Replication job the target aborted (commit guard). */
  jobId?: string;
  remedy: TargetWriteRemedy;
}

/** What the guard remembers of one target physical partition. */
export interface PartitionMemory {
  /** DataVersion when last seen TXN_REPLICATION; null when never. */
  readonly replicatedAt: number | null;
  /** The data version of the write last reported; null: reported by the commit guard, version not known yet. */
  readonly reported?: number | null;
}

/** Per target physical partition id. */
export type GuardMemory = ReadonlyMap<string, PartitionMemory>;

export const emptyGuardMemory: GuardMemory = new Map();

export type GuardConfig = Pick<PlannerConfig, 'ddlJobAllowDropInconsistentPartition' | 'ddlJobAllowDropInconsistentTimePartition'>;

/** What the planner does with an inconsistent partition of `src` (diffPartitions): the fix the report names. */
export function remedyOf(src: TableInfo | undefined, cfg: GuardConfig): TargetWriteRemedy {
  if (!src) return 'blocked';
  const allowed = isTimePartitioned(src) ? cfg.ddlJobAllowDropInconsistentTimePartition : cfg.ddlJobAllowDropInconsistentPartition;
  if (!allowed) return 'blocked';
  return src.partitionType === 'UNPARTITIONED' ? 'recreate_table' : 'recopy_partition';
}

/**
 * Partitions of migrated tables (in `inScope` and on the source) that a load wrote on the target: TXN_NORMAL with
 * DataVersion > 1. A partition already reported at the same data version (or reported by the commit guard and not
 * seen since) is not reported again. The memory returned holds the target partitions of this snapshot only.
 */
export function findTargetWrites(
  memory: GuardMemory,
  source: ClusterSnapshot,
  target: ClusterSnapshot,
  inScope: (db: string, table: string) => boolean,
  cfg: GuardConfig,
): { memory: GuardMemory; writes: TargetWrite[] } {
  const next = new Map<string, PartitionMemory>();
  const writes: TargetWrite[] = [];
  for (const [db, tdb] of target.databases) {
    const sdb = source.databases.get(db);
    if (!sdb) continue;
    for (const [name, t] of tdb.tables) {
      const s = sdb.tables.get(name);
      if (!s || !inScope(db, name)) continue;
      for (const p of t.partitions.values()) {
        for (const pp of p.physical) {
          const prev = memory.get(pp.id);
          const replicatedAt = pp.versionTxnType === 'TXN_REPLICATION' ? pp.dataVersion : (prev?.replicatedAt ?? null);
          const written = pp.versionTxnType === 'TXN_NORMAL' && pp.dataVersion > INIT_VERSION;
          if (!written) {
            next.set(pp.id, { replicatedAt });
            continue;
          }
          next.set(pp.id, { replicatedAt, reported: pp.dataVersion });
          if (prev?.reported === null || prev?.reported === pp.dataVersion) continue; // told already
          writes.push({
            db,
            table: name,
            partition: p.name,
            physicalId: pp.id,
            detectedBy: 'version_txn_type',
            dataVersion: pp.dataVersion,
            replicatedAt: prev?.replicatedAt ?? null,
            remedy: remedyOf(s, cfg),
          });
        }
      }
    }
  }
  return { memory: next, writes };
}

/** ReplicationJob.commitTransaction's PR #68223 guard (as cluster/fe-answers.ts matches it). */
const GUARD = /Partition (\d+) data version mismatch for replication/;

/** The job as the guard needs it: its table and its partitions (target physical id → name). */
export interface GuardedJob {
  db: string;
  table: string;
  partitions: ReadonlyArray<{ name: string; tgtPhysicalId: string }>;
}

/**
 * The write a `target_written` job failure stands for (null for any other failure, or when the catalog signal
 * reported the partition already). The partition is remembered as reported, so the catalog signal that follows (the
 * same load: TXN_NORMAL) is not reported a second time.
 */
export function commitGuardWrite(
  memory: GuardMemory,
  job: GuardedJob,
  jobId: string,
  failure: Failure,
  src: TableInfo | undefined,
  cfg: GuardConfig,
): { memory: GuardMemory; write: TargetWrite | null } {
  if (failure.cause !== 'target_written') return { memory, write: null };
  const id = GUARD.exec(failure.detail ?? failure.message)?.[1] ?? job.partitions[0]?.tgtPhysicalId ?? '';
  const prev = memory.get(id);
  if (prev?.reported !== undefined) return { memory, write: null }; // the catalog showed this write already
  const next = new Map(memory);
  next.set(id, { replicatedAt: prev?.replicatedAt ?? null, reported: null });
  return {
    memory: next,
    write: {
      db: job.db,
      table: job.table,
      partition: job.partitions.find((p) => p.tgtPhysicalId === id)?.name ?? id,
      physicalId: id,
      detectedBy: 'commit_guard',
      dataVersion: null,
      replicatedAt: prev?.replicatedAt ?? null,
      jobId,
      remedy: remedyOf(src, cfg),
    },
  };
}

const REMEDY: Record<TargetWriteRemedy, string> = {
  recopy_partition:
    'srsync drops the written partition on the target and copies it again from the source (ddl_job_allow_drop_inconsistent_partition / ddl_job_allow_drop_inconsistent_time_partition = true): the rows loaded on the target are discarded',
  recreate_table:
    'srsync re-creates the table on the target and copies it again from the source (its only partition was written; ddl_job_allow_drop_inconsistent_partition = true): the rows loaded on the target are discarded',
  blocked:
    'the table stays out of the migration until the written partition is dropped on the target (or ddl_job_allow_drop_inconsistent_partition / ddl_job_allow_drop_inconsistent_time_partition is set to true)',
};

/** What the DBA should do about a written partition. */
export function targetWriteFix(w: TargetWrite): string {
  return `stop loading into the target during migration (the manual forbids writing to the target before cutover; point applications at the target only after srsync cutover); ${REMEDY[w.remedy]}`;
}

/** The ERROR line: the table, the partition, what was seen, and the fix. */
export function targetWriteLine(w: TargetWrite): string {
  const where = `${w.db}.${w.table} partition ${w.partition}`;
  const after = w.replicatedAt !== null ? ` after srsync replicated it at data version ${w.replicatedAt}` : '';
  const seen =
    w.detectedBy === 'version_txn_type'
      ? `its VersionTxnType is TXN_NORMAL at data version ${w.dataVersion}${after}: a load on the target, not srsync's replication`
      : `the target aborted replication job ${w.jobId ?? '?'} at commit because the partition was loaded while the job ran${after}`;
  return `Target written outside replication: ${where} (target physical partition ${w.physicalId}): ${seen}; fix: ${targetWriteFix(w)}`;
}

/**
 * The cheap signal between full rounds (meta_job_interval_seconds may be minutes): the target partitions a load
 * wrote, from information_schema.partitions_meta (reference §6.8; few rows: replicated partitions are TXN_REPLICATION).
 */
export const WRITTEN_PARTITIONS_SQL =
  'SELECT DB_NAME, TABLE_NAME, PARTITION_ID, DATA_VERSION FROM information_schema.partitions_meta ' +
  "WHERE VERSION_TXN_TYPE = 'TXN_NORMAL' AND DATA_VERSION > 1";

/**
 * The written partitions of a poll that the guard has not reported yet (of migrated tables: in scope and on the
 * source), as `<physical id>@<data version>` keys not in `asked` (each asks for one full round, whose catalog read
 * reports it). `asked` comes back holding only the keys the poll still shows.
 */
export function unseenWrites(
  rows: ReadonlyArray<Record<string, unknown>>,
  memory: GuardMemory,
  source: ClusterSnapshot,
  inScope: (db: string, table: string) => boolean,
  asked: ReadonlySet<string>,
): { fresh: string[]; asked: Set<string> } {
  const fresh: string[] = [];
  const next = new Set<string>();
  for (const r of rows) {
    const db = String(r['DB_NAME'] ?? '');
    const table = String(r['TABLE_NAME'] ?? '');
    const id = String(r['PARTITION_ID'] ?? '');
    const version = Number(r['DATA_VERSION'] ?? 0);
    if (!inScope(db, table) || !source.databases.get(db)?.tables.has(table)) continue;
    const reported = memory.get(id)?.reported;
    if (reported === null || reported === version) continue;
    const key = `${id}@${version}`;
    next.add(key);
    if (!asked.has(key)) fresh.push(key);
  }
  return { fresh, asked: next };
}
