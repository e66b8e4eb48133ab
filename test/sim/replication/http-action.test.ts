import { describe, expect, it } from 'vitest';
import type { ReplicationJob } from '../../../sim/fe/state.js';
import { replicationAction, restBaseResult } from '../../../sim/replication/http-action.js';

const job = (jobId: string, state: ReplicationJob['state'], tasks: Array<'PENDING' | 'RUNNING' | 'FINISHED' | 'FAILED'> = []): ReplicationJob =>
  ({ jobId, state, txnId: state === 'INITIALIZING' ? -1 : 7, tasks: tasks.map((s) => ({ state: s })) }) as unknown as ReplicationJob;

function target(jobs: ReplicationJob[]) {
  let cancelled = 0;
  return {
    mgr: { abortAllRunning: () => (cancelled += jobs.filter((j) => j.state !== 'COMMITTED' && j.state !== 'ABORTED').length), jobs: () => jobs },
    cancelled: () => cancelled,
  };
}

describe('GET /api/replication (ReplicationAction)', () => {
  it('type=cancel_all cancels every running job and answers RestBaseResult OK', () => {
    const t = target([job('a', 'REPLICATING'), job('b', 'COMMITTED')]);
    expect(replicationAction(t.mgr, 'root', new URLSearchParams('type=cancel_all'))).toEqual({
      status: 200,
      contentType: 'application/json',
      body: '{"status":"OK","code":"0","msg":"Success","message":"OK"}',
    });
    expect(t.cancelled()).toBe(1);
  });

  it('type=show lists aborted and committed ids and the running jobs with their task counts', () => {
    const t = target([
      job('r', 'REPLICATING', ['FINISHED', 'RUNNING', 'FAILED']),
      job('i', 'INITIALIZING', ['PENDING']),
      job('c', 'COMMITTED'),
      job('x', 'ABORTED'),
    ]);
    expect(JSON.parse(replicationAction(t.mgr, 'root', new URLSearchParams('type=show')).body)).toEqual({
      abortedIds: ['x'],
      committedIds: ['c'],
      running: [
        { jobId: 'r', txnId: 7, state: 'REPLICATING', finishedTaskNum: 2, totalTaskNum: 3 },
        { jobId: 'i', txnId: 0, state: 'INITIALIZING', finishedTaskNum: 0, totalTaskNum: 0 },
      ],
    });
  });

  it('a non-admin user is refused and nothing is cancelled; type=cancel (gone from the 2026 ReplicationMgr) is refused', () => {
    const t = target([job('a', 'REPLICATING')]);
    expect(replicationAction(t.mgr, 'alice', new URLSearchParams('type=cancel_all')).status).toBe(403);
    expect(t.cancelled()).toBe(0);
    expect(replicationAction(t.mgr, 'root', new URLSearchParams('type=cancel&table_id=1')).body).toBe(restBaseResult('Unsupported type: cancel'));
    expect(t.cancelled()).toBe(0);
  });
});
