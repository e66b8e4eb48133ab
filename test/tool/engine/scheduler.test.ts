import { describe, it, expect, vi } from 'vitest';
import { ReplicationScheduler } from '../../../src/scheduler/replication-scheduler.js';
import type { PlannedJob, TargetJobRow } from '../../../src/scheduler/replication-scheduler.js';
import type { ReplicationAnswer } from '../../../src/cluster/fe-rpc-client.js';

const quietLog = { info() {}, warn() {}, error() {}, debug() {} } as never;

function job(table: string, partitions = 1): PlannedJob {
  return {
    tableKey: `db.${table}`,
    db: 'db',
    table,
    srcDbId: '1',
    srcTableId: '2',
    tgtDbId: '3',
    tgtTableId: table,
    mirrorVolume: 'src_v',
    partitions: Array.from({ length: partitions }, (_, i) => ({
      name: `p${i}`,
      srcPhysicalId: `${i}`,
      tgtPhysicalId: `${i}`,
      srcVersion: 2,
      srcVersionEpoch: '0',
      tgtDataVersion: 1,
      dataSize: 10,
    })),
    dataSize: 10 * partitions,
  };
}

function harness(answers: (job: PlannedJob, jobId: string) => ReplicationAnswer, maxInFlight = 2) {
  const rows: TargetJobRow[] = [];
  const sent: Array<{ table: string; jobId: string }> = [];
  let now = 0;
  const s = new ReplicationScheduler(
    {
      send: async (j, id) => {
        sent.push({ table: j.table, jobId: id });
        const a = answers(j, id);
        if (a.kind === 'accepted') rows.push({ jobId: id, tableId: j.tgtTableId, state: 'REPLICATING', error: '' });
        return a;
      },
      listTargetJobs: async () => rows,
      now: () => now,
      log: quietLog,
    },
    { maxInFlight, replicationJobBatchSize: 10, unknownAfterMs: 1000, maxAttempts: 3, backoffMs: 100 },
  );
  return { s, rows, sent, advance: (ms: number) => (now += ms) };
}

describe('ReplicationScheduler', () => {
  it('keeps at most maxInFlight jobs and refills a slot as soon as one finishes', async () => {
    const h = harness(() => ({ kind: 'accepted' }));
    h.s.offer(new Map(['a', 'b', 'c'].map((t) => [`db.${t}`, [job(t)]])));
    await h.s.pump();
    expect(h.sent.map((x) => x.table)).toEqual(['a', 'b']);
    expect(h.s.snapshotCounters()).toMatchObject({ jobPending: 1, sent: 2 });
    h.rows[0]!.state = 'COMMITTED';
    await h.s.poll();
    await h.s.pump();
    expect(h.sent.map((x) => x.table)).toEqual(['a', 'b', 'c']);
    expect(h.s.snapshotCounters()).toMatchObject({ finished: 1, running: 1, sent: 1, jobPending: 0 });
  });

  it('runs the jobs of one table one after another', async () => {
    const h = harness(() => ({ kind: 'accepted' }), 10);
    h.s.offer(new Map([['db.a', [job('a'), job('a')]]]));
    await h.s.pump();
    expect(h.sent).toHaveLength(1);
    h.rows[0]!.state = 'COMMITTED';
    await h.s.poll();
    await h.s.pump();
    expect(h.sent).toHaveLength(2);
  });

  it('treats "No data need to replicate" as in sync and parallel-limit refusals as back-pressure', async () => {
    let refuse = true;
    const h = harness((j) => {
      if (j.table === 'insync') return { kind: 'rejected', code: 6, message: 'No data need to replicate' };
      if (refuse) {
        refuse = false;
        return { kind: 'rejected', code: 6, message: 'The replication jobs exceeds the replication_max_parallel_table_count: 100' };
      }
      return { kind: 'accepted' };
    }, 5);
    h.s.offer(
      new Map([
        ['db.insync', [job('insync')]],
        ['db.b', [job('b')]],
      ]),
    );
    await h.s.pump();
    expect(h.s.lastSuccess.has('db.insync')).toBe(true);
    expect(h.s.snapshotCounters().jobPending).toBe(1); // b deferred, not failed
    expect(h.s.snapshotCounters().failed).toBe(0);
    await h.s.pump();
    expect(h.sent.filter((x) => x.table === 'b')).toHaveLength(1); // still backing off
    h.advance(200);
    await h.s.poll();
    await h.s.pump();
    expect(h.sent.filter((x) => x.table === 'b')).toHaveLength(2);
  });

  it('retries aborted jobs with a new job id, then gives up', async () => {
    const h = harness(() => ({ kind: 'accepted' }), 5);
    h.s.offer(new Map([['db.a', [job('a')]]]));
    for (let i = 0; i < 3; i++) {
      await h.s.pump();
      h.rows[h.rows.length - 1]!.state = 'ABORTED';
      h.rows[h.rows.length - 1]!.error = 'boom';
      await h.s.poll();
    }
    expect(new Set(h.sent.map((x) => x.jobId)).size).toBe(3);
    expect(h.s.snapshotCounters().failed).toBe(1);
    expect(h.s.failures().get('db.a')).toBe('boom');
    expect(h.s.idle()).toBe(true);
  });

  it('marks a job unknown when the target does not list it, and resolves it by versions', async () => {
    const h = harness(() => ({ kind: 'accepted' }), 5);
    h.s.offer(new Map([['db.a', [job('a')]]]));
    await h.s.pump();
    h.rows.length = 0;
    h.advance(5000);
    await h.s.poll();
    expect(h.s.snapshotCounters().unknown).toBe(1);
    h.s.resolveByVersions('db.a', true);
    expect(h.s.snapshotCounters()).toMatchObject({ unknown: 0, finished: 1 });
  });
});

describe('ReplicationScheduler: a job that vanishes from the target', () => {
  it('becomes unknown as soon as a job seen running is no longer listed, asks for a re-plan, and is settled by versions', async () => {
    const h = harness(() => ({ kind: 'accepted' }), 5);
    let replans = 0;
    h.s.onReplan = () => replans++;
    h.s.offer(
      new Map([
        ['db.a', [job('a')]],
        ['db.b', [job('b')]],
      ]),
    );
    await h.s.pump();
    await h.s.poll(); // both seen REPLICATING
    expect(h.s.snapshotCounters().running).toBe(2);
    h.rows.length = 0; // e.g. the target FE restarted without its job history
    await h.s.poll();
    expect(
      h.s
        .unknownJobs()
        .map((t) => t.job.table)
        .sort(),
    ).toEqual(['a', 'b']);
    expect(h.s.snapshotCounters().unknown).toBe(2);
    expect(replans).toBeGreaterThan(0);
    h.s.resolveByVersions('db.a', true); // target DataVersion reached src_version
    h.s.resolveByVersions('db.b', false); // it did not: retried
    expect(h.s.snapshotCounters()).toMatchObject({ unknown: 0, finished: 1 });
    await h.s.pump();
    expect(h.sent.filter((x) => x.table === 'b')).toHaveLength(2);
  });
});

describe('ReplicationScheduler: continuous submission', () => {
  it('keeps replicationJobBatchSize sends in flight and starts the next one as soon as any send returns (no waves)', async () => {
    const resolvers: Array<() => void> = [];
    let active = 0;
    let maxActive = 0;
    const order: string[] = [];
    const s = new ReplicationScheduler(
      {
        send: (j) =>
          new Promise<ReplicationAnswer>((resolve) => {
            active++;
            maxActive = Math.max(maxActive, active);
            order.push(j.table);
            resolvers.push(() => {
              active--;
              resolve({ kind: 'accepted' });
            });
          }),
        listTargetJobs: async () => [],
        now: () => 0,
        log: quietLog,
      },
      { maxInFlight: 100, replicationJobBatchSize: 3, unknownAfterMs: 1000, maxAttempts: 3, backoffMs: 100 },
    );
    s.offer(new Map(Array.from({ length: 6 }, (_, i) => [`db.t${i}`, [job(`t${i}`)]])));
    const done = s.pump();
    await Promise.resolve();
    expect(order).toEqual(['t0', 't1', 't2']);
    resolvers[1]!(); // one send returns: the next starts while the other two are still out
    await new Promise((r) => setTimeout(r, 0));
    expect(order).toEqual(['t0', 't1', 't2', 't3']);
    expect(active).toBe(3);
    while (order.length < 6 || active > 0) {
      for (const r of resolvers.splice(0)) r();
      await new Promise((r) => setTimeout(r, 0));
    }
    expect(await done).toBe(6);
    expect(maxActive).toBe(3);
    expect(s.snapshotCounters().sent).toBe(6);
  });

  it('drive() follows the job list on its own and refills a freed slot without being called again', async () => {
    const h = harness(() => ({ kind: 'accepted' }), 1);
    h.s.offer(new Map(['a', 'b'].map((t) => [`db.${t}`, [job(t)]])));
    const stop = new AbortController();
    const driving = h.s.drive(stop.signal, 1);
    await vi.waitFor(() => expect(h.sent.map((x) => x.table)).toEqual(['a']));
    h.rows[0]!.state = 'COMMITTED';
    await vi.waitFor(() => expect(h.sent.map((x) => x.table)).toEqual(['a', 'b']));
    expect(h.s.snapshotCounters().finished).toBe(1);
    // Work offered later is sent at once (offer starts a sender while driven).
    h.s.offer(new Map([['db.c', [job('c')]]]));
    h.rows[1]!.state = 'COMMITTED';
    await vi.waitFor(() => expect(h.sent.map((x) => x.table)).toEqual(['a', 'b', 'c']));
    stop.abort();
    await driving;
  });
});

describe('ReplicationScheduler: plans made while a job ran', () => {
  it('skips work a job finished after the plan read the catalogs, but not newer versions', async () => {
    const h = harness(() => ({ kind: 'accepted' }), 5);
    h.s.offer(new Map([['db.a', [job('a')]]]));
    await h.s.pump();
    const plannedAt = 0; // catalogs read while the job ran
    h.advance(10);
    h.rows[0]!.state = 'COMMITTED';
    await h.s.poll();
    h.s.offer(new Map([['db.a', [job('a')]]]), plannedAt); // the same versions: already done
    expect(h.s.idle()).toBe(true);
    const newer = job('a');
    newer.partitions[0]!.srcVersion = 3;
    h.s.offer(new Map([['db.a', [newer]]]), plannedAt);
    expect(h.s.snapshotCounters().jobPending).toBe(1);
    h.s.offer(new Map([['db.a', [job('a')]]]), 20); // planned after the job finished: trusted as is
    await h.s.pump();
    expect(h.sent).toHaveLength(2);
  });
});

describe('ReplicationScheduler: figures that tell the truth (issue 6, items 5, 9, 10)', () => {
  it('counts a job as pending, not sent, until the target accepted it', async () => {
    let accept: () => void = () => {};
    const s = new ReplicationScheduler(
      {
        send: () => new Promise<ReplicationAnswer>((resolve) => (accept = () => resolve({ kind: 'accepted' }))),
        listTargetJobs: async () => [],
        now: () => 0,
        log: quietLog,
      },
      { maxInFlight: 5, replicationJobBatchSize: 5, unknownAfterMs: 1000, maxAttempts: 3, backoffMs: 100 },
    );
    s.offer(new Map([['db.a', [job('a')]]]));
    const pumped = s.pump();
    await Promise.resolve();
    expect(s.snapshotCounters()).toMatchObject({ jobPending: 1, sent: 0 });
    expect(s.tableStates().get('db.a')).toBe('pending');
    accept();
    await pumped;
    expect(s.snapshotCounters()).toMatchObject({ jobPending: 0, sent: 1 });
  });

  it('a COMMITTED job whose partitions did not move is failed (not finished) and given up at once', async () => {
    const arrivals: Array<'publishing' | 'moved_nothing'> = ['publishing', 'moved_nothing'];
    const rows: TargetJobRow[] = [];
    const givenUp: string[] = [];
    let sends = 0;
    const s = new ReplicationScheduler(
      {
        send: async (j, id) => {
          sends++;
          rows.push({ jobId: id, tableId: j.tgtTableId, state: 'COMMITTED', error: '' });
          return { kind: 'accepted' };
        },
        listTargetJobs: async () => rows,
        checkArrival: async () => (arrivals.shift() === 'publishing' ? { kind: 'publishing' } : { kind: 'moved_nothing', partitions: ['p0'] }),
        now: () => 0,
        log: quietLog,
      },
      { maxInFlight: 5, replicationJobBatchSize: 5, unknownAfterMs: 1000, maxAttempts: 3, backoffMs: 100 },
    );
    s.onGivenUp = (t, f) => givenUp.push(`${t.job.tableKey}:${f.cause}`);
    s.offer(new Map([['db.a', [job('a')]]]));
    await s.pump();
    await s.poll(); // publishing: still running
    expect(s.snapshotCounters()).toMatchObject({ running: 1, finished: 0 });
    await s.poll(); // nothing pending and the partition below the source version
    expect(s.snapshotCounters()).toMatchObject({ running: 0, finished: 0, failed: 1 });
    expect(s.lastSuccess.has('db.a')).toBe(false);
    expect(givenUp).toEqual(['db.a:moved_nothing']);
    expect(s.failures().get('db.a')).toMatch(/did not reach the source version.*fix: check that src_v/);
    await s.pump();
    expect(sends).toBe(1); // permanent: not re-sent by the scheduler (the engine retries with back-off)
  });

  it('a COMMITTED job whose data arrived is finished', async () => {
    const h = harness(() => ({ kind: 'accepted' }), 5);
    h.s.offer(new Map([['db.a', [job('a')]]]));
    await h.s.pump();
    h.rows[0]!.state = 'COMMITTED';
    await h.s.poll();
    expect(h.s.snapshotCounters()).toMatchObject({ finished: 1, failed: 0 });
  });

  it('a missing src_ volume is permanent: one send, given up with the fix', async () => {
    const causes: string[] = [];
    const h = harness(() => ({ kind: 'rejected', code: 6, message: 'Unknown src storage volume while creating virtual tablet: src_v' }), 5);
    h.s.onGivenUp = (_t, f) => causes.push(f.cause);
    h.s.offer(new Map([['db.a', [job('a')]]]));
    await h.s.pump();
    await h.s.pump();
    expect(h.sent).toHaveLength(1);
    expect(causes).toEqual(['missing_mirror_volume']);
    expect(h.s.snapshotCounters().failed).toBe(1);
  });
});

describe('ReplicationScheduler: an adopted job (a previous run sent it)', () => {
  it('committing below the planned versions is retried with the planned job, not reported as a permanent failure', async () => {
    const rows: TargetJobRow[] = [{ jobId: 'old', tableId: 'a', state: 'COMMITTED', error: '' }];
    const sent: string[] = [];
    let givenUp = 0;
    const s = new ReplicationScheduler(
      {
        send: async (j, id) => {
          sent.push(j.table);
          rows.push({ jobId: id, tableId: j.tgtTableId, state: 'REPLICATING', error: '' });
          return { kind: 'accepted' };
        },
        listTargetJobs: async () => rows,
        checkArrival: async () => ({ kind: 'moved_nothing', partitions: ['p0'] }),
        now: () => 0,
        log: quietLog,
      },
      { maxInFlight: 5, replicationJobBatchSize: 5, unknownAfterMs: 1000, maxAttempts: 3, backoffMs: 100 },
    );
    s.onGivenUp = () => givenUp++;
    s.adopt(job('a'), 'old');
    await s.poll();
    await s.pump();
    expect(sent).toEqual(['a']);
    expect(givenUp).toBe(0);
  });
});

describe('ReplicationScheduler: the attempt counter (issue 11 item 6: "attempt 11/3")', () => {
  it('adopted jobs without planned work that fail leave no attempts behind: the next job is attempt 1/3', async () => {
    const lines: string[] = [];
    const log = { info: (l: string) => lines.push(l), warn: (l: string) => lines.push(l), error() {}, debug() {} } as never;
    const rows: TargetJobRow[] = [];
    const s = new ReplicationScheduler(
      {
        send: async (j, id) => {
          rows.push({ jobId: id, tableId: j.tgtTableId, state: 'ABORTED', error: 'Transaction not found' });
          return { kind: 'accepted' };
        },
        listTargetJobs: async () => rows,
        now: () => 0,
        log,
      },
      { maxInFlight: 5, replicationJobBatchSize: 5, unknownAfterMs: 1000, maxAttempts: 3, backoffMs: 100 },
    );
    for (let i = 0; i < 5; i++) {
      rows.push({ jobId: `old${i}`, tableId: 'a', state: 'ABORTED', error: 'Transaction not found' });
      s.adopt({ ...job('a'), partitions: [], dataSize: 0 }, `old${i}`);
      await s.poll();
    }
    s.offer(new Map([['db.a', [job('a')]]]));
    for (let i = 0; i < 4; i++) {
      await s.pump();
      await s.poll();
    }
    const counted = lines.map((l) => /\(attempt (\d+)\/(\d+)\)/.exec(l)).filter((m) => m !== null);
    expect(counted.length).toBeGreaterThan(0);
    expect(counted[0]![1]).toBe('1');
    for (const m of counted) expect(Number(m[1])).toBeLessThanOrEqual(Number(m[2]));
  });
});

describe('ReplicationScheduler: a committed job frees its target slot while its arrival is checked', () => {
  it('with one slot, the next table is sent as soon as the first job is COMMITTED, before its partitions are confirmed', async () => {
    const rows: TargetJobRow[] = [];
    const sent: string[] = [];
    let confirm: (() => void) | null = null;
    const s = new ReplicationScheduler(
      {
        send: async (j, id) => {
          sent.push(j.table);
          rows.push({ jobId: id, tableId: j.tgtTableId, state: 'REPLICATING', error: '' });
          return { kind: 'accepted' };
        },
        listTargetJobs: async () => rows,
        // The first check says the commit is still being published; later ones that it arrived.
        checkArrival: async () => (confirm === null ? ((confirm = () => undefined), { kind: 'publishing' as const }) : { kind: 'arrived' as const }),
        now: () => 0,
        log: quietLog,
      },
      { maxInFlight: 1, replicationJobBatchSize: 1, unknownAfterMs: 1000, maxAttempts: 3, backoffMs: 100 },
    );
    s.offer(
      new Map([
        ['db.a', [job('a')]],
        ['db.b', [job('b')]],
      ]),
    );
    await s.pump();
    expect(sent).toEqual(['a']);
    rows[0]!.state = 'COMMITTED';
    await s.poll(); // a: committed, still publishing: not finished yet, but its slot is free
    expect(s.snapshotCounters()).toMatchObject({ finished: 0 });
    await s.pump();
    expect(sent).toEqual(['a', 'b']);
    await s.poll(); // a arrived
    expect(s.snapshotCounters()).toMatchObject({ finished: 1 });
  });
});

describe('ReplicationScheduler: jobs built ahead, bytes copied (issue 10)', () => {
  it('tells prepare about every job as it is queued, and the next job of a table when it is released', async () => {
    const rows: TargetJobRow[] = [];
    const prepared: string[] = [];
    const s = new ReplicationScheduler(
      {
        send: async (j, id) => {
          rows.push({ jobId: id, tableId: j.tgtTableId, state: 'REPLICATING', error: '' });
          return { kind: 'accepted' };
        },
        listTargetJobs: async () => rows,
        now: () => 0,
        log: quietLog,
        prepare: (jobs) => prepared.push(...jobs.map((j) => `${j.table}:${j.partitions[0]!.name}`)),
      },
      { maxInFlight: 10, replicationJobBatchSize: 10, unknownAfterMs: 1000, maxAttempts: 3, backoffMs: 100 },
    );
    const second = { ...job('a'), partitions: [{ ...job('a').partitions[0]!, name: 'p9' }] };
    s.offer(
      new Map([
        ['db.a', [job('a'), second]],
        ['db.b', [job('b')]],
      ]),
    );
    expect(prepared).toEqual(['a:p0', 'b:p0']);
    await s.pump();
    expect(s.bytesCopied()).toBe(0);
    rows[0]!.state = 'COMMITTED';
    await s.poll();
    expect(prepared).toEqual(['a:p0', 'b:p0', 'a:p9']);
    expect(s.bytesCopied()).toBe(10);
  });
});
