// A job carries the source's newest visible versions when it is sent, not the ones its plan read (issue 10,
// "bytes copied twice"): every job copies every file the source metadata references at src_version (reference
// §4.4), so a job for a load's version followed by one for the compaction that published right after copies the
// data twice. Read just before the send (one partitions_meta query for many jobs), a newer VisibleVersion of the
// same physical partition replaces the planned one (any visible version is a valid src_version; partition ids are
// never reused). A partition whose newer version is committed and still publishing (NEXT_VERSION > VISIBLE_VERSION
// + 1, reference §6.8) is waited for, briefly and bounded (PUBLISH_WAIT_MS): it becomes visible within moments,
// and sending now would mean a second job for it right after. So is one being compacted right now (a running
// LAKE_COMPACTION transaction on it, with loads not compacted yet: CompactVersion < VisibleVersion): the compaction
// publishes a new version that references new files, which a job sent now would copy again right after. Pure.
import type { PartitionVersions } from '../inspector/bulk-jobs.js';
import type { PlannedJob } from '../scheduler/replication-scheduler.js';

/** Longest a job waits for a source partition's publishing or compacting version before it is sent with what is visible. */
export const PUBLISH_WAIT_MS = 500;
/** How often the versions are read again while waiting. */
export const PUBLISH_RECHECK_MS = 100;

export interface FreshJob {
  /** The job with the newest visible versions (the same object when nothing moved). */
  readonly job: PlannedJob;
  /** Partitions (physical ids) whose newer version is being published or compacted. */
  readonly publishing: readonly string[];
  /** Partitions whose planned version was raised. */
  readonly raised: number;
}

/**
 * `job` with the source's newest visible versions of its partitions (`rows`: the source's partitions_meta;
 * `compacting`: physical ids with a compaction transaction running).
 */
export function freshenJob(job: PlannedJob, rows: readonly PartitionVersions[], compacting: ReadonlySet<string> = new Set()): FreshJob {
  const byId = new Map(rows.map((r) => [r.id, r]));
  const publishing: string[] = [];
  let raised = 0;
  const partitions = job.partitions.map((p) => {
    const r = byId.get(p.srcPhysicalId);
    if (!r) return p;
    if (r.nextVersion > r.visibleVersion + 1 || (compacting.has(r.id) && r.compactVersion < r.visibleVersion)) publishing.push(p.srcPhysicalId);
    if (r.visibleVersion <= p.srcVersion) return p;
    raised++;
    return { ...p, srcVersion: r.visibleVersion, srcVersionEpoch: r.versionEpoch || p.srcVersionEpoch, dataSize: r.dataSize };
  });
  if (raised === 0) return { job, publishing, raised };
  return { job: { ...job, partitions, dataSize: partitions.reduce((n, p) => n + p.dataSize, 0) }, publishing, raised };
}

/** Whether a job that has waited `waitedMs` for publishing partitions waits on (and re-reads), or is sent now. */
export function waitForPublish(fresh: FreshJob, waitedMs: number): boolean {
  return fresh.publishing.length > 0 && waitedMs + PUBLISH_RECHECK_MS <= PUBLISH_WAIT_MS;
}

/** Whether a running compaction could concern the job: a partition has loads not compacted yet (worth one read). */
export function mayBeCompacting(job: PlannedJob, rows: readonly PartitionVersions[]): boolean {
  const ids = new Set(job.partitions.map((p) => p.srcPhysicalId));
  return rows.some((r) => ids.has(r.id) && r.compactVersion < r.visibleVersion);
}
