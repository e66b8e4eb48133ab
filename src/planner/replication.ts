// Replication work for a consistent table: the physical partitions whose source VisibleVersion is ahead of the
// target DataVersion (reference §3: src_version = source VisibleVersion; §4.1 item 6: equal versions are skipped),
// split into jobs of at most max_replication_data_size_per_job_in_gb (manual). A partition larger than the limit
// is a job of its own. Jobs of one table run one after another (one job per table, reference §4.1 item 4).
import type { ClusterSnapshot, TableInfo } from '../model/snapshot.js';
import type { PlanNoteDraft, ReplicationJobWork, ReplicationPartitionWork, TableReplicationWork } from './actions.js';
import type { PartitionPair } from './partition.js';
import { sourceVolumeOf } from './table.js';

/** `src_<volume>` (manual: "Create source storage volumes on the target cluster"). */
export function mirrorVolumeName(sourceVolume: string): string {
  return `src_${sourceVolume}`;
}

/** The physical partitions of consistent pairs that lag, in source physical id order. */
export function laggingPartitions(pairs: readonly PartitionPair[]): ReplicationPartitionWork[] {
  const out: ReplicationPartitionWork[] = [];
  for (const { name, src, tgt } of pairs) {
    src.physical.forEach((s, i) => {
      const t = tgt.physical[i];
      if (!t || s.visibleVersion <= t.dataVersion) return;
      out.push({
        name,
        srcPhysicalId: s.id,
        tgtPhysicalId: t.id,
        srcVersion: s.visibleVersion,
        srcVersionEpoch: s.versionEpoch,
        tgtDataVersion: t.dataVersion,
        dataSize: s.dataSize,
      });
    });
  }
  const id = (x: string) => (/^\d+$/.test(x) ? BigInt(x) : 0n);
  return out.sort((a, b) => {
    const x = id(a.srcPhysicalId);
    const y = id(b.srcPhysicalId);
    return x < y ? -1 : x > y ? 1 : a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
  });
}

/** Greedy split in order: a job is closed when the next partition would take it over the limit (<= 0: no limit). */
export function splitIntoJobs(partitions: readonly ReplicationPartitionWork[], limitBytes: number): ReplicationJobWork[] {
  const jobs: ReplicationJobWork[] = [];
  let current: ReplicationJobWork | null = null;
  for (const p of partitions) {
    if (current && limitBytes > 0 && current.dataSize + p.dataSize > limitBytes) current = null;
    if (!current) {
      current = { partitions: [], dataSize: 0 };
      jobs.push(current);
    }
    current.partitions.push(p);
    current.dataSize += p.dataSize;
  }
  return jobs;
}

export interface ReplicationInput {
  db: string;
  srcDbId: string;
  tgtDbId: string;
  src: TableInfo;
  tgt: TableInfo;
  pairs: readonly PartitionPair[];
  source: ClusterSnapshot;
  target: ClusterSnapshot;
  limitBytes: number;
}

/** Work for one table, or the note why it cannot be sent; `work` is null and no note when nothing lags. */
export function planTableReplication(input: ReplicationInput): { work: TableReplicationWork | null; note?: PlanNoteDraft } {
  const { db, src, tgt } = input;
  const lagging = laggingPartitions(input.pairs);
  if (lagging.length === 0) return { work: null };
  const base = { object: 'table' as const, db, table: src.name };
  // A range table's TABLET_RESHARD (a split srsync submitted, or the target's own) ends by itself: its send waits
  // for it (src/range/aligner.ts) instead of a blocking note.
  const resharding = src.distribution.type === 'RANGE' && tgt.state === 'TABLET_RESHARD';
  if (tgt.state !== '' && tgt.state !== 'NORMAL' && !resharding) {
    return { work: null, note: { ...base, reason: 'target_table_not_normal', message: `is ${tgt.state} on the target; replication waits` } };
  }
  const srcVolume = sourceVolumeOf(src, input.source);
  const mirror = mirrorVolumeName(srcVolume);
  if (!input.target.storageVolumes.has(mirror)) {
    return {
      work: null,
      note: {
        ...base,
        reason: 'missing_mirror_volume',
        message: `storage volume ${mirror} is missing on the target; create it to replicate the table`,
      },
    };
  }
  return {
    work: {
      db,
      table: src.name,
      srcDbId: input.srcDbId,
      srcTableId: src.id,
      tgtDbId: input.tgtDbId,
      tgtTableId: tgt.id,
      srcStorageVolume: srcVolume,
      mirrorVolume: mirror,
      jobs: splitIntoJobs(lagging, input.limitBytes),
      ...(src.distribution.type === 'RANGE' ? { rangeDistributed: true } : {}),
    },
  };
}
