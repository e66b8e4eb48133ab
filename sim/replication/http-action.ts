// The FE's `GET /api/replication` (ReplicationAction, admin only): the one way StarRocks offers to cancel running
// replication jobs. `type=cancel_all` → ReplicationMgr.cancelRunningJobs() → ReplicationJob.cancel() on every
// running job (txn aborted with "Replication job cancelled"); `type=show` lists the jobs. `type=cancel&table_id=`
// called ReplicationMgr.cancelRunningJob(tableId), which the 2026 ReplicationMgr no longer has (starrocks-2026.md
// F10): the simulator refuses it (sim/fidelity/replication.md 21).
import type { ReplicationJob } from '../fe/state.js';
import { isRunningJob } from './admission.js';

/** What the action needs of the FE's ReplicationMgr. */
export interface ReplicationActionTarget {
  abortAllRunning(): number;
  jobs(): ReplicationJob[];
}

export interface HttpAnswer {
  status: number;
  contentType: string;
  body: string;
}

/** RestBaseResult.toJson(): `{"status":"OK","code":"0","msg":"Success","message":"OK"}`, or FAILED/1 with the message. */
export function restBaseResult(failure?: string): string {
  return failure === undefined
    ? JSON.stringify({ status: 'OK', code: '0', msg: 'Success', message: 'OK' })
    : JSON.stringify({ status: 'FAILED', code: '1', msg: failure, message: failure });
}

const json = (body: string, status = 200): HttpAnswer => ({ status, contentType: 'application/json', body });

/** ReplicationAction.executeWithoutPassword for an authenticated `user` (checkUserOwnsAdminRole first). */
export function replicationAction(mgr: ReplicationActionTarget, user: string, params: URLSearchParams): HttpAnswer {
  if (user !== 'root') return json(restBaseResult('Access denied; you need (at least one of) the ADMIN privilege(s) for this operation'), 403);
  const type = params.get('type');
  if (type === 'cancel_all') {
    mgr.abortAllRunning();
    return json(restBaseResult());
  }
  if (type === 'show') {
    const jobs = mgr.jobs();
    const ids = (state: string) => jobs.filter((j) => j.state === state).map((j) => j.jobId);
    const running = jobs.filter(isRunningJob).map((j) => ({
      jobId: j.jobId,
      txnId: Math.max(0, j.txnId),
      state: j.state,
      finishedTaskNum: j.tasks.filter((t) => t.state === 'FINISHED' || t.state === 'FAILED').length,
      totalTaskNum: j.state === 'INITIALIZING' ? 0 : j.tasks.length,
    }));
    return json(JSON.stringify({ abortedIds: ids('ABORTED'), committedIds: ids('COMMITTED'), running }));
  }
  if (type === null) return { status: 500, contentType: 'text/plain; charset=utf-8', body: 'java.lang.NullPointerException' };
  return json(restBaseResult(`Unsupported type: ${type}`));
}
