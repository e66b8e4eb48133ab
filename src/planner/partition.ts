// Partitions of a table present on both sides. Paired by name (temporary partitions are not in snapshots),
// physical partitions by ascending id (reference §7).
// Manual: ddl_job_allow_drop_inconsistent_partition ("partitions with inconsistent data distribution ... The tool
// re-syncs them automatically"), ddl_job_allow_drop_inconsistent_time_partition (the same for time/expression-
// partitioned tables) and ddl_job_allow_drop_partition_target_only ("partitions that were deleted in the source").
import type { PartitionInfo, TableInfo } from '../model/snapshot.js';
import type { DdlAction, PlanNoteDraft } from './actions.js';
import type { PlannerConfig } from './config.js';
import { sortedNames } from './context.js';
import { autoRangeBatch } from './auto-partition.js';
import { addPartition, addPartitionBatch, dropPartition, renderBatchRange, renderBound, renderDistribution } from './ddl.js';
import { effectiveDistribution } from './distribution.js';

export type InconsistencyCause = 'bound' | 'buckets' | 'physical_count' | 'version_ahead' | 'target_written' | 'epoch_mismatch';

export interface Inconsistency {
  cause: InconsistencyCause;
  detail: string;
}

export interface PartitionPair {
  name: string;
  src: PartitionInfo;
  tgt: PartitionInfo;
}

export interface PartitionDiff {
  actions: DdlAction[];
  notes: PlanNoteDraft[];
  /** Consistent pairs: the candidates for replication. */
  pairs: PartitionPair[];
  /** Some partition is inconsistent and stays so: the table must not be replicated. */
  blocked: boolean;
  /** Target-only partitions are left in place: the table cannot be fully in sync. */
  leftovers: boolean;
  /** Unpartitioned table whose single partition is inconsistent and may be dropped: re-create the whole table. */
  recreateTable: Inconsistency | null;
}

function sameBound(a: PartitionInfo, b: PartitionInfo): boolean {
  if (a.bound.kind === 'none' && b.bound.kind === 'none') return a.value === b.value;
  return JSON.stringify(a.bound) === JSON.stringify(b.bound);
}

const epochKnown = (e: string) => e !== '' && e !== '0';

/**
 * Why a target partition cannot receive the source partition's data, or null.
 * - bound, bucket count or number of physical partitions differ (tablets pair by position, reference §7);
 * - target DataVersion > source VisibleVersion (the FE refuses: "Target data version ... is larger", §4.1 item 6),
 *   e.g. the source partition was re-created;
 * - the target was written by a normal load after creation (VersionTxnType TXN_NORMAL with DataVersion > 1), or it
 *   was replicated from another incarnation of the source partition (VersionEpoch differs): reference §4.3.
 */
export function partitionInconsistency(src: PartitionInfo, tgt: PartitionInfo): Inconsistency | null {
  if (!sameBound(src, tgt)) return { cause: 'bound', detail: `bound ${tgt.value} != ${src.value}` };
  if (src.buckets !== tgt.buckets) return { cause: 'buckets', detail: `buckets ${tgt.buckets} != ${src.buckets}` };
  if (src.physical.length !== tgt.physical.length) {
    return { cause: 'physical_count', detail: `physical partitions ${tgt.physical.length} != ${src.physical.length}` };
  }
  for (let i = 0; i < src.physical.length; i++) {
    const s = src.physical[i]!;
    const t = tgt.physical[i]!;
    if (t.dataVersion > s.visibleVersion) {
      return { cause: 'version_ahead', detail: `target data version ${t.dataVersion} > source visible version ${s.visibleVersion}` };
    }
    if (t.dataVersion > 1 && t.versionTxnType === 'TXN_NORMAL') {
      return { cause: 'target_written', detail: `target loaded directly (data version ${t.dataVersion}, TXN_NORMAL)` };
    }
    if (t.dataVersion > 1 && epochKnown(s.versionEpoch) && epochKnown(t.versionEpoch) && s.versionEpoch !== t.versionEpoch) {
      return { cause: 'epoch_mismatch', detail: `version epoch ${t.versionEpoch} != ${s.versionEpoch}` };
    }
  }
  return null;
}

/** The partitions of a table on both sides, paired by name (matchPartitions). */
export interface PartitionMatch {
  /** Consistent pairs: the candidates for replication (laggingPartitions tells which of them lag). */
  pairs: PartitionPair[];
  /** Partition names only on the source (to be added on the target). */
  sourceOnly: string[];
  /** Partition names only on the target. */
  targetOnly: string[];
  /** Pairs the target cannot receive the source's data into (partitionInconsistency). */
  inconsistent: Array<{ name: string } & Inconsistency>;
}

/**
 * The pairing of a table's partitions (diffPartitions acts on it; `srsync verify` reports it): by name in
 * sortedNames order; an unpartitioned table's single partitions pair with each other whatever their names. No
 * config: it says what differs, not what the planner does about it.
 */
export function matchPartitions(src: TableInfo, tgt: TableInfo): PartitionMatch {
  const out: PartitionMatch = { pairs: [], sourceOnly: [], targetOnly: [], inconsistent: [] };
  const add = (name: string, s: PartitionInfo | undefined, t: PartitionInfo | undefined) => {
    if (s && !t) out.sourceOnly.push(name);
    else if (!s && t) out.targetOnly.push(name);
    if (!s || !t) return;
    const inc = partitionInconsistency(s, t);
    if (inc) out.inconsistent.push({ name, ...inc });
    else out.pairs.push({ name, src: s, tgt: t });
  };
  if (src.partitionType === 'UNPARTITIONED') {
    const s = [...src.partitions.values()][0];
    const t = [...tgt.partitions.values()][0];
    add((s ?? t)?.name ?? src.name, s, t);
    return out;
  }
  for (const name of sortedNames(src.partitions, tgt.partitions)) add(name, src.partitions.get(name), tgt.partitions.get(name));
  return out;
}

/** Time/expression-partitioned tables use ddl_job_allow_drop_inconsistent_time_partition. */
export function isTimePartitioned(t: TableInfo): boolean {
  return t.partitionType === 'EXPR_RANGE' || t.partitionType === 'EXPR_RANGE_V2' || t.properties['dynamic_partition.enable'] === 'true';
}

type NoteBody = Omit<PlanNoteDraft, 'object' | 'db' | 'table' | 'name'>;

/**
 * The ADD PARTITION that gives the target `p` with the source's bound and bucket count, or the note why none can.
 * `DISTRIBUTED BY ... BUCKETS n` only when the table default would give another bucket count; the distribution is
 * the SHOW CREATE TABLE text's when read, else the snapshot's (never `HASH()`, issue 6 item 1). Automatic
 * expression-partitioned tables (EXPR_RANGE) take `ADD PARTITIONS START .. END .. EVERY (INTERVAL 1 <unit>)`, the
 * only form StarRocks accepts for them (auto-partition.ts).
 */
export function planAddPartition(
  db: string,
  src: TableInfo,
  tgt: TableInfo,
  p: PartitionInfo,
  reason: 'missing_on_target' | 'inconsistent',
): { action: DdlAction; note?: undefined } | { action?: undefined; note: NoteBody } {
  let dist: string | null = null;
  if (p.buckets > 0 && p.buckets !== tgt.distribution.buckets) {
    const d = effectiveDistribution(src);
    dist = renderDistribution(d, p.buckets);
    if (dist === null) {
      return {
        note: {
          reason: 'unknown_distribution',
          message: `the table's distribution columns are unknown (HASH without columns); cannot add it with ${p.buckets} buckets`,
        },
      };
    }
  }
  if (src.partitionType === 'EXPR_RANGE') {
    const batch = autoRangeBatch(p.bound, p.name);
    if (batch === null) {
      return {
        note: {
          reason: 'partition_not_addable',
          message: `bound ${p.value} is not one automatic partition named ${p.name} (StarRocks adds partitions of an automatic-partitioned table only as START/END/EVERY INTERVAL 1 of its own unit); cannot add it`,
        },
      };
    }
    return { action: addPartitionBatch(db, src.name, p.name, renderBatchRange(batch.start, batch.end, batch.unit), dist, reason) };
  }
  const values = renderBound(p.bound, src.partitionColumns.length);
  if (values === null) return { note: { reason: 'unknown_partition_bound', message: `unknown bound ${p.value}; cannot add it` } };
  return { action: addPartition(db, src.name, p.name, values, dist, reason) };
}

export function diffPartitions(db: string, src: TableInfo, tgt: TableInfo, cfg: PlannerConfig): PartitionDiff {
  const out: PartitionDiff = { actions: [], notes: [], pairs: [], blocked: false, leftovers: false, recreateTable: null };
  const table = src.name;
  const note = (name: string, n: Omit<PlanNoteDraft, 'object' | 'db' | 'table' | 'name'>) =>
    out.notes.push({ object: 'partition', db, table, name, ...n });
  const dropKey = isTimePartitioned(src) ? 'ddl_job_allow_drop_inconsistent_time_partition' : 'ddl_job_allow_drop_inconsistent_partition';
  const dropAllowed = isTimePartitioned(src) ? cfg.ddlJobAllowDropInconsistentTimePartition : cfg.ddlJobAllowDropInconsistentPartition;

  const match = matchPartitions(src, tgt);
  out.pairs = match.pairs;

  if (src.partitionType === 'UNPARTITIONED') {
    // One partition named after the table; it cannot be dropped on its own.
    const inc = match.inconsistent[0];
    if (!inc) return out;
    const s = [...src.partitions.values()][0]!;
    if (inc.cause === 'physical_count' && s.physical.length > 1) {
      out.blocked = true;
      note(s.name, { reason: 'physical_partition_mismatch', message: `${inc.detail}; re-creating cannot reproduce them` });
    } else if (dropAllowed) {
      out.recreateTable = { cause: inc.cause, detail: inc.detail };
    } else {
      out.blocked = true;
      note(s.name, {
        reason: inc.cause === 'buckets' ? 'bucket_mismatch' : 'inconsistent_partition',
        configKey: dropKey,
        message: `${inc.detail}; not replicated (dropping it is not allowed)`,
      });
    }
    return out;
  }

  // In name order, as the statements are logged and run.
  const sourceOnly = new Set(match.sourceOnly);
  const targetOnly = new Set(match.targetOnly);
  const inconsistent = new Map(match.inconsistent.map((i) => [i.name, i]));
  for (const name of sortedNames(src.partitions, tgt.partitions)) {
    if (sourceOnly.has(name)) {
      const r = planAddPartition(db, src, tgt, src.partitions.get(name)!, 'missing_on_target');
      if (r.action) out.actions.push(r.action);
      else note(name, r.note); // the other partitions still replicate
      continue;
    }
    if (targetOnly.has(name)) {
      if (cfg.ddlJobAllowDropPartitionTargetOnly) out.actions.push(dropPartition(db, table, name, 'dropped_on_source'));
      else {
        out.leftovers = true;
        note(name, {
          reason: 'drop_not_allowed',
          configKey: 'ddl_job_allow_drop_partition_target_only',
          message: 'exists only on the target; kept',
        });
      }
      continue;
    }
    const inc = inconsistent.get(name);
    if (!inc) continue;
    const s = src.partitions.get(name)!;
    out.blocked = true;
    if (inc.cause === 'physical_count' && s.physical.length > 1) {
      note(name, { reason: 'physical_partition_mismatch', message: `${inc.detail}; re-adding cannot reproduce them` });
      continue;
    }
    if (!dropAllowed) {
      note(name, {
        reason: inc.cause === 'buckets' ? 'bucket_mismatch' : 'inconsistent_partition',
        configKey: dropKey,
        message: `${inc.detail}; table not replicated (dropping it is not allowed)`,
      });
      continue;
    }
    const r = planAddPartition(db, src, tgt, s, 'inconsistent');
    if (!r.action) {
      note(name, { ...r.note, message: `${inc.detail}, and ${r.note.message.replace(/; cannot add it$/, '')}; not re-created` });
      continue;
    }
    out.actions.push(dropPartition(db, table, name, 'inconsistent'));
    out.actions.push(r.action);
  }
  if (out.leftovers) {
    // The target holds rows the source no longer has: not in sync (one note per table, notes/decisions/planner.md).
    out.notes.push({
      object: 'table',
      db,
      table,
      reason: 'target_only_partitions_kept',
      configKey: 'ddl_job_allow_drop_partition_target_only',
      message: 'target-only partitions kept (ddl_job_allow_drop_partition_target_only=false)',
    });
  }
  return out;
}
