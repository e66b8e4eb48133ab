// After a restart (also kill -9) the previous run's jobs may still be running on the target: they are followed,
// not sent twice. Done once, in the first full round, before anything is offered.
import type { Logger } from '../log/logger.js';
import type { ClusterInspector } from '../inspector/inspector.js';
import type { ClusterSnapshot } from '../model/snapshot.js';
import type { PlannedJob, ReplicationScheduler } from '../scheduler/replication-scheduler.js';
import { jobsToAdopt } from './planned-jobs.js';

/**
 * Follows the replication jobs already running on the target for tables of this run (planned-jobs.ts; `works`
 * loses the adopted tables). False when the target's job list cannot be read (nothing may be offered before it was).
 */
export async function adoptRunningJobs(
  target: ClusterSnapshot,
  works: Map<string, PlannedJob[]>,
  deps: { inspector: Pick<ClusterInspector, 'replicationJobs'>; scheduler: Pick<ReplicationScheduler, 'isBusy' | 'adopt'>; log: Logger },
): Promise<boolean> {
  try {
    for (const { jobId, job } of jobsToAdopt(await deps.inspector.replicationJobs(), target, works, (k) => deps.scheduler.isBusy(k))) {
      deps.log.info(`Replication job ${jobId} for ${job.tableKey} is already running on the target; following it instead of sending it again`);
      deps.scheduler.adopt(job, jobId);
    }
    return true;
  } catch (e) {
    deps.log.warn(`Cannot read the replication jobs on the target: ${(e as Error).message}; retrying`);
    return false;
  }
}
