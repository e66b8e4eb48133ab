// SHOW PROC '/replications' (ReplicationsProcNode, reference §5.1): one row per kept job, running jobs first,
// then aborted, then committed, each by creation time.
import type { FeState, ReplicationJob } from '../fe/state.js';
import { timeOrNullString } from '../show/format.js';

export const REPLICATIONS_COLUMNS = ['JobID', 'DatabaseID', 'TableID', 'TxnID', 'CreatedTime', 'FinishedTime', 'State', 'Progress', 'Error'] as const;

const GROUP: Record<ReplicationJob['state'], number> = { INITIALIZING: 0, SNAPSHOTING: 0, REPLICATING: 0, ABORTED: 1, COMMITTED: 2 };

export function replicationRows(fe: FeState): string[][] {
  const jobs = [...fe.replicationJobs.values()].sort((a, b) => GROUP[a.state] - GROUP[b.state] || a.createdTime - b.createdTime);
  return jobs.map((job) => [
    job.jobId,
    String(job.dbId),
    String(job.tableId),
    String(Math.max(0, job.txnId)), // transactionId is 0 until the txn begins
    timeOrNullString(job.createdTime),
    timeOrNullString(job.finishedTime),
    job.state,
    job.state === 'SNAPSHOTING' || job.state === 'REPLICATING' ? progress(job) : '',
    errorOf(fe, job),
  ]);
}

/** `<finishedTasks>/<totalTasks>` (PR #66757): reported tasks, failed ones included. */
function progress(job: ReplicationJob): string {
  const done = job.tasks.filter((t) => t.state === 'FINISHED' || t.state === 'FAILED').length;
  return `${done}/${job.tasks.length}`;
}

/** The abort reason is read from the txn, as StarRocks does; a job whose txn is gone (or never began) says so. */
function errorOf(fe: FeState, job: ReplicationJob): string {
  if (job.state !== 'ABORTED') return '';
  const txn = job.txnId > 0 ? fe.transactions.get(job.txnId) : undefined;
  return txn ? txn.reason : 'Transaction not found';
}
