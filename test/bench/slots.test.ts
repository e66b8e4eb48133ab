import { describe, it, expect } from 'vitest';
import { busyShare, loggedRefills, refillLatencies, sampledRefills, slotEvents, waitingTables, type JobSample } from '../../bench/lib/slots.js';
import { officialDefaults, officialRefillQuantile } from '../../bench/lib/official.js';
import { jobEventTimes, parseLog } from '../../bench/lib/srsync-log.js';

const sample = (t: number, jobs: Record<string, string>, waiting: number, pending = 10): JobSample => ({
  t,
  jobs: new Map(Object.entries(jobs)),
  pending,
  replicable: pending,
  waiting,
});

describe('slot figures (bench)', () => {
  it('busy share: of the slots the work left could use, the share that was busy', () => {
    const s = [
      { running: 2, pending: 10 }, // 2 of 4 slots
      { running: 4, pending: 10 }, // all 4
      { running: 1, pending: 2 }, // 1 of the 2 the work could use
      { running: 0, pending: 0 }, // no work: not counted
    ];
    expect(busyShare(s, 4, (x) => x.pending)).toBeCloseTo((0.5 + 1 + 0.5) / 3, 9);
    expect(busyShare([], 4, () => 1)).toBeNaN();
  });

  it('tables waiting for a slot exclude those with a running or committed (not yet published) job', () => {
    const jobs = [
      { tableId: '1', state: 'REPLICATING' },
      { tableId: '2', state: 'COMMITTED' },
      { tableId: '3', state: 'ABORTED' },
    ];
    expect(waitingTables(['1', '2', '3', '4'], jobs)).toBe(2);
  });

  it('admissions are new job ids; ends are jobs no longer listed running', () => {
    const ev = slotEvents([
      sample(0, { a: 'REPLICATING', b: 'INITIALIZING' }, 5),
      sample(100, { a: 'COMMITTED', b: 'REPLICATING', c: 'SNAPSHOTING' }, 4),
      sample(200, { b: 'REPLICATING', c: 'REPLICATING', d: 'COMMITTED' }, 3), // a's entry replaced; d ran between samples
    ]);
    expect(ev.map((e) => [e.admitted, e.ended])).toEqual([
      [2, 0],
      [1, 1],
      [1, 1],
    ]);
  });

  it('refill latency: each end while work waits is taken by the next admission, oldest end first', () => {
    const r = refillLatencies([
      { t: 0, admitted: 3, ended: 0, waitingAfter: 5 }, // ramp-up: no end to refill
      { t: 100, admitted: 0, ended: 2, waitingAfter: 5 },
      { t: 200, admitted: 1, ended: 0, waitingAfter: 4 },
      { t: 300, admitted: 0, ended: 1, waitingAfter: 0 }, // nothing waiting: not a refill
      { t: 500, admitted: 2, ended: 0, waitingAfter: 2 },
      { t: 600, admitted: 0, ended: 1, waitingAfter: 1 }, // never refilled
    ]);
    expect(r).toEqual({ latencies: [100, 400], ends: 3, unmatched: 1 });
  });

  it('refill latency from samples counts an end refilled within the same sample as 0', () => {
    const r = sampledRefills([
      sample(0, { a: 'REPLICATING' }, 2),
      sample(100, { a: 'COMMITTED', b: 'REPLICATING' }, 1),
      sample(200, { b: 'COMMITTED' }, 1),
      sample(300, { c: 'REPLICATING' }, 0),
    ]);
    expect(r).toEqual({ latencies: [0, 100], ends: 2, unmatched: 0 });
  });

  it("srsync's log: ends of a poll when all slots were in use, matched to the next sends", () => {
    // 2 slots: a, b sent; both finish in one poll; c, d sent; c finishes, nothing left to send.
    const r = loggedRefills([0, 1, 1000, 1010], [900, 900, 2000], 2);
    expect(r).toEqual({ latencies: [100, 110], ends: 2, unmatched: 0 });
  });

  it('reads job sent/finished times, leaving out "finished" lines of tables no job was sent for', () => {
    const log = [
      '2026-01-01 00:00:00.000 INFO [sync] Replication job j1 sent for d.t1: 1 partition(s), 10 bytes',
      '2026-01-01 00:00:00.500 INFO [sync] Replication job j2 finished for d.t2',
      '2026-01-01 00:00:01.000 INFO [sync] Replication job j1 finished for d.t1',
    ].join('\n');
    const { sentAt, finishedAt } = jobEventTimes(parseLog(log));
    expect(sentAt).toHaveLength(1);
    expect(finishedAt.map((t) => t - sentAt[0]!)).toEqual([1000]);
  });

  it('official refill latency: a freed slot waits for the next job tick, U(0, 10 s)', () => {
    const d = officialDefaults();
    expect(officialRefillQuantile(0.5, d)).toBe(5);
    expect(officialRefillQuantile(0.95, d)).toBeCloseTo(9.5, 9);
  });
});
