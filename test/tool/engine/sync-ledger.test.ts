// The sync ledger on plain data: what counts where in `Sync job progress`, and the one-time verdict.
import { describe, expect, it } from 'vitest';
import type { Plan, PlanNote, TableReplicationWork } from '../../../src/planner/actions.js';
import { jobProgressRatio } from '../../../src/progress/progress.js';
import {
  emptyLedger,
  inSync,
  jobFinished,
  jobProgress,
  ledgerAfterFullRound,
  oneTimeVerdict,
  tableCreated,
  tableProgress,
  withPlan,
  type SchedulerView,
} from '../../../src/engine/sync-ledger.js';
import { recordFailure, type RetryBook } from '../../../src/engine/retry-book.js';

const work = (table: string, partitions = 1): TableReplicationWork => ({
  db: 'd',
  table,
  srcDbId: '1',
  srcTableId: '2',
  tgtDbId: '3',
  tgtTableId: '4',
  srcStorageVolume: 'v',
  mirrorVolume: 'src_v',
  jobs: [
    {
      partitions: Array.from({ length: partitions }, (_, i) => ({
        name: `p${i}`,
        srcPhysicalId: `${i}`,
        tgtPhysicalId: `${i}`,
        srcVersion: 3,
        srcVersionEpoch: '0',
        tgtDataVersion: 2,
        dataSize: 1,
      })),
      dataSize: partitions,
    },
  ],
});
const note = (table: string, reason: PlanNote['reason'], blocking = true): PlanNote => ({
  object: 'table',
  db: 'd',
  table,
  reason,
  message: `${table}: ${reason}`,
  blocking,
});
const plan = (p: Partial<Plan>): Plan => ({ ddl: [], replication: [], notes: [], inSync: [], ...p });
const idle: SchedulerView = {
  counters: { jobPending: 0, sent: 0, running: 0, finished: 0, failed: 0, unknown: 0 },
  busy: () => false,
  failed: () => false,
};

describe('sync ledger: progress tells the truth', () => {
  it('right after a restart with every table in sync: 100 %', () => {
    const synced = new Set(['d.a', 'd.b']);
    const l = ledgerAfterFullRound(
      plan({ inSync: ['d.a', 'd.b'] }),
      ['d.a', 'd.b'],
      () => true,
      (k) => synced.has(k),
    );
    const job = jobProgress(l, idle, [], new Map(), (k) => synced.has(k));
    expect(jobProgressRatio(job)).toBe('100.00%');
    expect(tableProgress(l, (k) => synced.has(k))).toEqual({ total: 2, finished: 2, expired: 0 });
  });

  it('counts a table not created yet and one whose DDL keeps failing as ddlPending, a blocked one as jobPending', () => {
    const synced = new Set(['d.ok']);
    const p = plan({
      inSync: ['d.ok'],
      ddl: [{ kind: 'add_partition', db: 'd', table: 'failing', name: 'p9', reason: 'missing_on_target', sql: 'ALTER TABLE ...' }],
      notes: [note('novol', 'missing_mirror_volume'), note('failing', 'replication_deferred', false)],
    });
    const l = ledgerAfterFullRound(
      p,
      ['d.ok', 'd.new', 'd.failing', 'd.novol'],
      (k) => k !== 'd.new',
      (k) => synced.has(k),
    );
    const book: RetryBook = new Map();
    recordFailure(
      book,
      'ddl:add_partition:d.failing.p9',
      'add partition',
      'd.failing',
      { permanent: true, cause: 'syntax', message: 'x', fix: 'y' },
      0,
    );
    const job = jobProgress(l, { ...idle, counters: { ...idle.counters, finished: 3 } }, [], book, (k) => synced.has(k));
    expect(job).toMatchObject({ ddlPending: 2, jobPending: 1, finished: 3 });
    expect(jobProgressRatio(job)).not.toBe('100.00%');
  });

  it('never reads 100 % while a selected table is not in sync (whatever the scheduler says)', () => {
    const cases: Array<{ name: string; p: Plan; synced: string[]; onTarget?: (k: string) => boolean }> = [
      { name: 'lagging, nothing queued', p: plan({ replication: [work('a')] }), synced: ['d.a'] },
      { name: 'never synced, no plan entry', p: plan({}), synced: [] },
      { name: 'blocked', p: plan({ notes: [note('a', 'bucket_mismatch')] }), synced: ['d.a'] },
      { name: 'missing on the target', p: plan({}), synced: [], onTarget: () => false },
    ];
    for (const c of cases) {
      const s = new Set(c.synced);
      const l = ledgerAfterFullRound(c.p, ['d.a'], c.onTarget ?? (() => true), (k) => s.has(k));
      const job = jobProgress(l, { ...idle, counters: { ...idle.counters, finished: 5 } }, [], new Map(), (k) => s.has(k));
      expect(jobProgressRatio(job), c.name).not.toBe('100.00%');
    }
  });

  it('a table counted by the scheduler is not counted twice; finished jobs and creation update the ledger', () => {
    const synced = new Set<string>();
    const l = ledgerAfterFullRound(
      plan({ replication: [work('a', 2)] }),
      ['d.a', 'd.b'],
      (k) => k !== 'd.b',
      (k) => synced.has(k),
    );
    const busy: SchedulerView = { ...idle, counters: { ...idle.counters, running: 1 }, busy: (k) => k === 'd.a' };
    expect(jobProgress(l, busy, [], new Map(), (k) => synced.has(k))).toMatchObject({ ddlPending: 1, jobPending: 0, running: 1 });
    tableCreated(l, 'd.b');
    expect(l.missing.has('d.b')).toBe(false);
    jobFinished(l, 'd.a', 2);
    synced.add('d.a');
    expect(inSync(l, 'd.a', (k) => synced.has(k))).toBe(true);
    // A later plan finds it behind again: expired.
    withPlan(l, plan({ replication: [work('a')] }), (k) => synced.has(k));
    expect(l.expired.has('d.a')).toBe(true);
    expect(inSync(l, 'd.a', (k) => synced.has(k))).toBe(false);
  });

  it('a DDL statement running counts its object once in ddlPending', () => {
    const l = ledgerAfterFullRound(
      plan({}),
      ['d.a'],
      () => false,
      () => false,
    );
    expect(jobProgress(l, idle, ['d.a', 'd.v'], new Map(), () => false)).toMatchObject({ ddlPending: 2, jobPending: 0 });
    expect(emptyLedger().inScope.size).toBe(0);
  });
});

describe('one-time verdict', () => {
  const failure = (attempts: number, permanent = true) => ({ object: 'd.t', attempts, permanent, line: 'table d.t: failed' });

  it('waits while busy, while work is due and while a failure has retries left', () => {
    expect(oneTimeVerdict({ busy: true, actionable: 0, failures: [], blocks: [] })).toEqual({ kind: 'continue' });
    expect(oneTimeVerdict({ busy: false, actionable: 1, failures: [], blocks: [] })).toEqual({ kind: 'continue' });
    expect(oneTimeVerdict({ busy: false, actionable: 0, failures: [failure(2)], blocks: [] })).toEqual({ kind: 'continue' });
    expect(oneTimeVerdict({ busy: false, actionable: 0, failures: [failure(4, false)], blocks: [] })).toEqual({ kind: 'continue' });
  });

  it('ends: done when nothing failed or is blocked, else one line per object', () => {
    expect(oneTimeVerdict({ busy: false, actionable: 0, failures: [], blocks: [] })).toEqual({ kind: 'done' });
    expect(
      oneTimeVerdict({
        busy: false,
        actionable: 0,
        failures: [failure(3), { ...failure(3), line: 'again' }],
        blocks: [{ object: 'd.u', line: 'table d.u: storage volume src_v is missing' }],
      }),
    ).toEqual({ kind: 'failed', unsynced: ['table d.t: failed', 'table d.u: storage volume src_v is missing'] });
  });
});
