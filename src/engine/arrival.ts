// Did a COMMITTED replication job's data arrive? (reference §5.3: the target DataVersion reaches the src_version
// sent.) The job sender reads the target's partitions_meta for many checks at once; the decision is pure.
// A partition below its source version with a publish pending (NEXT_VERSION > VISIBLE_VERSION + 1: a txn
// committed and not yet visible) is still `publishing`; with nothing pending, the job moved nothing there.
import type { JobArrival, PlannedJob } from '../scheduler/replication-scheduler.js';

export interface TargetPartitionVersions {
  /** Physical partition id. */
  id: string;
  visibleVersion: number;
  nextVersion: number;
  dataVersion: number;
}

/** The verdict for `job` from its table's partitions on the target. A partition gone from the target is not waited for. */
export function arrivalOf(job: Pick<PlannedJob, 'partitions'>, partitions: readonly TargetPartitionVersions[]): JobArrival {
  const byId = new Map(partitions.map((p) => [p.id, p]));
  let publishing = false;
  const short: string[] = [];
  for (const want of job.partitions) {
    const p = byId.get(want.tgtPhysicalId);
    if (!p || p.dataVersion >= want.srcVersion) continue;
    if (p.nextVersion > p.visibleVersion + 1) publishing = true;
    else short.push(want.name);
  }
  if (publishing) return { kind: 'publishing' };
  return short.length > 0 ? { kind: 'moved_nothing', partitions: short } : { kind: 'arrived' };
}
