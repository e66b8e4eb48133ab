import { describe, expect, it } from 'vitest';
import type { Plan, ReplicationPartitionWork } from '../../../src/planner/actions.js';
import { bytesJobFinished, bytesWithPlan, emptyByteLedger, type ByteLedger } from '../../../src/progress/bytes.js';
import { ByteTracker } from '../../../src/progress/byte-tracker.js';

const part = (id: string, dataSize: number): ReplicationPartitionWork => ({
  name: `p${id}`,
  srcPhysicalId: id,
  tgtPhysicalId: `t${id}`,
  srcVersion: 3,
  srcVersionEpoch: '0',
  tgtDataVersion: 1,
  dataSize,
});

/** Per table, one job per size (one partition each). */
const plan = (tables: Record<string, number[]>, inSync: string[] = []): Plan => ({
  ddl: [],
  notes: [],
  inSync,
  replication: Object.entries(tables).map(([t, sizes]) => ({
    db: 'd',
    table: t,
    srcDbId: '1',
    srcTableId: '2',
    tgtDbId: '3',
    tgtTableId: '4',
    srcStorageVolume: 'v',
    mirrorVolume: 'src_v',
    jobs: sizes.map((s, i) => ({ partitions: [part(`${t}${i}`, s)], dataSize: s })),
  })),
});

describe('byte tracker', () => {
  it('initial copy and catch-up: copied, remaining, total, throughput and ETA; unknown while a table has no size', () => {
    const t = new ByteTracker(0, 60_000);
    const inScope = ['d.a', 'd.b', 'd.c'];
    const synced = new Set<string>();
    const view = (ledger: ByteLedger) => ({ ledger, inScope, synced: (k: string) => synced.has(k) });
    const ledger = emptyByteLedger();
    bytesWithPlan(ledger, plan({ a: [1_000, 1_000] }, ['d.b']), 0);
    synced.add('d.b');
    t.observe(view(ledger), 1_000);
    let f = t.figures(1_000)!;
    // d.c is not on the target yet: the totals that include it are unknown, not 0.
    expect(f.initialCopy).toMatchObject({ tables: 3, tablesDone: 1, remainingBytes: null, remainingBytesKnown: 2_000, tablesSizeUnknown: 1 });
    expect(f.initialCopy.totalBytes).toBeNull();
    expect(f.initialCopy.etaSeconds).toBeNull();
    expect(f.lag).toEqual({ versions: null, bytes: null, seconds: null });
    expect(f.tables.map((x) => [x.table, x.bytes])).toEqual([
      ['d.c', null],
      ['d.a', 2_000],
    ]);
    expect(f.tablesBehind).toBe(2);

    // d.c planned; a's first job finished: d.a counts as finished in the log line, its initial copy is not done.
    bytesWithPlan(ledger, plan({ c: [500] }), 2_000);
    bytesJobFinished(ledger, 'd.a', 1, 9_000);
    synced.add('d.a');
    t.observe(view(ledger), 10_000);
    f = t.figures(10_000)!;
    expect(f.copiedBytes).toBe(1_000);
    expect(f.bytesPerSecond).toBe(100); // 1,000 B in 10 s since the start
    expect(f.initialCopy).toMatchObject({ tablesDone: 1, copiedBytes: 1_000, remainingBytes: 1_500, totalBytes: 2_500, etaSeconds: 15 });
    expect(f.catchUp).toMatchObject({ remainingBytes: 1_500, tablesSizeUnknown: 0, etaSeconds: 15 });
    expect(f.lag).toEqual({ versions: 4, bytes: 1_500, seconds: 10 });
    expect(f.tables.find((x) => x.table === 'd.a')).toMatchObject({ synced: true, copiedBytes: 1_000, bytes: 1_000 });

    // a's second job and c's job finish; a full round replaces the ledger (looked at just before, as the publisher
    // does): every credit counted once.
    bytesJobFinished(ledger, 'd.a', 1, 11_000);
    t.observe(view(ledger), 12_000);
    const next = emptyByteLedger();
    bytesWithPlan(next, plan({ c: [500] }, ['d.a', 'd.b']), 14_000);
    bytesJobFinished(next, 'd.c', 1, 15_000);
    synced.add('d.c');
    t.observe(view(next), 20_000);
    f = t.figures(20_000)!;
    expect(f.copiedBytes).toBe(2_500);
    expect(f.initialCopy).toMatchObject({ tablesDone: 3, copiedBytes: 2_500, remainingBytes: 0, totalBytes: 2_500, etaSeconds: 0 });
    expect(f.catchUp).toMatchObject({ remainingBytes: 0, etaSeconds: 0 });
    expect(f.tables).toEqual([]);
    t.observe(view(next), 21_000);
    expect(t.figures(21_000)!.copiedBytes).toBe(2_500);

    // Catch-up of a table done: copied in this run, not initial copy (also in a new ledger that never saw it caught up).
    const third = emptyByteLedger();
    bytesWithPlan(third, plan({ a: [300] }, ['d.b', 'd.c']), 22_000);
    t.observe(view(third), 22_000);
    expect(t.figures(22_000)!.catchUp.remainingBytes).toBe(300);
    expect(t.figures(22_000)!.initialCopy.remainingBytes).toBe(0);
    bytesJobFinished(third, 'd.a', 1, 23_000);
    t.observe(view(third), 24_000);
    f = t.figures(24_000)!;
    expect(f.copiedBytes).toBe(2_800);
    expect(f.initialCopy.copiedBytes).toBe(2_500);
    expect(f.bytesPerSecond).toBeCloseTo(2_800 / 24);
  });

  it('a plan that sees the data arrive before the end of its job: credited once, in the same ledger or across a full round', () => {
    // Same ledger: a scoped plan finds d.a in sync, then the job's end arrives.
    const t = new ByteTracker(0, 60_000);
    const synced = new Set<string>();
    const view = (ledger: ByteLedger, active = true) => ({
      ledger,
      inScope: ['d.a', 'd.b'],
      synced: (k: string) => synced.has(k),
      jobActive: () => active,
    });
    const l1 = emptyByteLedger();
    bytesWithPlan(l1, plan({ a: [1_000], b: [700] }), 0);
    t.observe(view(l1), 500);
    bytesWithPlan(l1, plan({}, ['d.a']), 1_000);
    bytesJobFinished(l1, 'd.a', 1, 1_100);
    synced.add('d.a');
    t.observe(view(l1), 2_000);
    let f = t.figures(2_000)!;
    expect(f.copiedBytes).toBe(1_000);
    expect(f.initialCopy).toMatchObject({ copiedBytes: 1_000, tablesDone: 1 });

    // Across a full round: the new ledger's plan already has d.b in sync; its job's end credits nothing there.
    const l2 = emptyByteLedger();
    bytesWithPlan(l2, plan({}, ['d.a', 'd.b']), 3_000);
    bytesJobFinished(l2, 'd.b', 1, 3_100);
    synced.add('d.b');
    t.observe(view(l2), 4_000);
    f = t.figures(4_000)!;
    expect(f.copiedBytes).toBe(1_700);
    expect(f.initialCopy).toMatchObject({ copiedBytes: 1_700, tablesDone: 2, remainingBytes: 0 });
    expect(f.tables.find((x) => x.table === 'd.b')).toBeUndefined();
  });

  it('across a full round, a job still running whose data the plan saw arrive: credited now, not again at its end', () => {
    const t = new ByteTracker(0, 60_000);
    const view = (ledger: ByteLedger) => ({ ledger, inScope: ['d.a'], synced: () => false, jobActive: () => true });
    const l1 = emptyByteLedger();
    bytesWithPlan(l1, plan({ a: [1_000] }), 0);
    t.observe(view(l1), 500);
    // The new plan: the partition arrived (target at the version the job carried) and the source moved on.
    const l2 = emptyByteLedger();
    bytesWithPlan(
      l2,
      {
        ddl: [],
        notes: [],
        inSync: [],
        replication: [
          {
            ...plan({ a: [1_200] }).replication[0]!,
            jobs: [{ partitions: [{ ...part('a0', 1_200), srcVersion: 5, tgtDataVersion: 3 }], dataSize: 1_200 }],
          },
        ],
      },
      1_000,
    );
    t.observe(view(l2), 1_500);
    expect(t.figures(1_500)!.copiedBytes).toBe(1_000);
    bytesJobFinished(l2, 'd.a', 1, 2_000); // the job that carried version 3 ends
    t.observe(view(l2), 2_500);
    expect(t.figures(2_500)!.copiedBytes).toBe(1_000);
    // No job of the table around: a partition gone from one round to the next is not a copy (dropped on the source).
    const t2 = new ByteTracker(0, 60_000);
    const idle = (ledger: ByteLedger) => ({ ledger, inScope: ['d.a'], synced: () => true, jobActive: () => false });
    t2.observe(idle(l1), 500);
    const l3 = emptyByteLedger();
    bytesWithPlan(l3, plan({}, ['d.a']), 1_000);
    t2.observe(idle(l3), 1_500);
    expect(t2.figures(1_500)!.copiedBytes).toBe(0);
  });

  it('no figures before the first look; 0 B/s (known) when nothing was copied in the window', () => {
    const t = new ByteTracker(0, 10_000);
    expect(t.figures(0)).toBeNull();
    const ledger = emptyByteLedger();
    bytesWithPlan(ledger, plan({ a: [100] }), 0);
    t.observe({ ledger, inScope: ['d.a'], synced: () => false }, 5_000);
    const f = t.figures(5_000)!;
    expect(f.bytesPerSecond).toBe(0);
    expect(f.initialCopy.etaSeconds).toBeNull();
    expect(f.initialCopy.remainingBytes).toBe(100);
  });
});
