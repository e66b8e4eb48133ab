import { describe, expect, it } from 'vitest';
import type { Plan, ReplicationPartitionWork, TableReplicationWork } from '../../../src/planner/actions.js';
import { bytesJobFinished, bytesWithPlan, carryBehindSince, emptyByteLedger, sumKnown, tableLag } from '../../../src/progress/bytes.js';
import { etaSeconds, throughput } from '../../../src/progress/eta.js';

const plan = (p: Partial<Plan>): Plan => ({ ddl: [], replication: [], notes: [], inSync: [], ...p });

const part = (id: string, dataSize: number, srcVersion = 5, tgtDataVersion = 1): ReplicationPartitionWork => ({
  name: `p${id}`,
  srcPhysicalId: id,
  tgtPhysicalId: `t${id}`,
  srcVersion,
  srcVersionEpoch: '0',
  tgtDataVersion,
  dataSize,
});

/** A table's work, one job per inner array. */
function work(table: string, jobs: ReplicationPartitionWork[][]): TableReplicationWork {
  return {
    db: 'd',
    table,
    srcDbId: '1',
    srcTableId: '2',
    tgtDbId: '3',
    tgtTableId: '4',
    srcStorageVolume: 'v',
    mirrorVolume: 'src_v',
    jobs: jobs.map((ps) => ({ partitions: ps, dataSize: ps.reduce((n, p) => n + p.dataSize, 0) })),
  };
}

describe('byte ledger', () => {
  it('knows a table once a plan covered it: its partitions behind with sizes and versions, [] when in sync', () => {
    const b = emptyByteLedger();
    bytesWithPlan(b, plan({ replication: [work('a', [[part('1', 100, 7, 2), part('2', 50)]])], inSync: ['d.b'] }), 1_000);
    expect(tableLag(b.tables.get('d.a'), 11_000)).toEqual({ partitions: 2, versions: 9, bytes: 150, seconds: 10 });
    expect(tableLag(b.tables.get('d.b'), 11_000)).toEqual({ partitions: 0, versions: 0, bytes: 0, seconds: 0 });
    expect(tableLag(b.tables.get('d.c'), 11_000)).toEqual({ partitions: null, versions: null, bytes: null, seconds: null });
  });

  it('a table with a note (blocked, DDL first) has no known size', () => {
    const b = emptyByteLedger();
    bytesWithPlan(b, plan({ replication: [work('a', [[part('1', 100)]])] }), 0);
    bytesWithPlan(b, plan({ notes: [{ object: 'table', db: 'd', table: 'a', reason: 'missing_mirror_volume', message: 'x', blocking: true }] }), 0);
    expect(b.tables.has('d.a')).toBe(false);
  });

  it('a finished job credits its partitions in plan order (one job at a time per table); the last one catches the table up', () => {
    const b = emptyByteLedger();
    bytesWithPlan(b, plan({ replication: [work('a', [[part('1', 100), part('2', 50)], [part('3', 7)]])] }), 0);
    bytesJobFinished(b, 'd.a', 2, 5_000);
    expect(b.credits).toEqual([{ at: 5_000, table: 'd.a', bytes: 150, initial: true }]);
    expect(tableLag(b.tables.get('d.a'), 5_000).bytes).toBe(7);
    expect(b.caughtUp.has('d.a')).toBe(false);
    bytesJobFinished(b, 'd.a', 1, 6_000);
    expect(tableLag(b.tables.get('d.a'), 6_000)).toEqual({ partitions: 0, versions: 0, bytes: 0, seconds: 0 });
    expect(b.caughtUp.has('d.a')).toBe(true);
    // Behind again: a catch-up job, not the initial copy.
    bytesWithPlan(b, plan({ replication: [work('a', [[part('1', 120, 6, 5)]])] }), 7_000);
    bytesJobFinished(b, 'd.a', 1, 8_000);
    expect(b.credits[2]).toEqual({ at: 8_000, table: 'd.a', bytes: 120, initial: false });
    // Nothing known of the table (an adopted job without a plan), or an empty job: no credit.
    bytesJobFinished(b, 'd.z', 3, 9_000);
    bytesJobFinished(b, 'd.a', 0, 9_000);
    expect(b.credits).toHaveLength(3);
  });

  it('a partition still behind keeps when it was first found behind, across plans and a new ledger', () => {
    const b = emptyByteLedger();
    bytesWithPlan(b, plan({ replication: [work('a', [[part('1', 100, 3)]])] }), 1_000);
    bytesWithPlan(b, plan({ replication: [work('a', [[part('1', 120, 4), part('2', 10)]])] }), 5_000);
    expect(b.tables.get('d.a')!.map((x) => x.behindSince)).toEqual([1_000, 5_000]);
    const next = emptyByteLedger();
    bytesWithPlan(next, plan({ replication: [work('a', [[part('1', 130, 5)]])] }), 9_000);
    carryBehindSince(b, next);
    expect(tableLag(next.tables.get('d.a'), 21_000)).toEqual({ partitions: 1, versions: 4, bytes: 130, seconds: 20 });
    // Caught up in between: a partition behind again is behind since the plan that found it so.
    const c = emptyByteLedger();
    bytesWithPlan(c, plan({ replication: [work('a', [[part('1', 100)]])] }), 1_000);
    bytesJobFinished(c, 'd.a', 1, 2_000);
    bytesWithPlan(c, plan({ replication: [work('a', [[part('1', 110, 6, 5)]])] }), 3_000);
    expect(c.tables.get('d.a')![0]!.behindSince).toBe(3_000);
  });

  it('sums stay unknown when one part is unknown', () => {
    expect(sumKnown([1, 2, 3])).toBe(6);
    expect(sumKnown([1, null, 3])).toBeNull();
    expect(sumKnown([])).toBe(0);
  });
});

describe('throughput and ETA', () => {
  const credits = [
    { at: 1_000, bytes: 1_000 },
    { at: 50_000, bytes: 4_000 },
    { at: 60_000, bytes: 6_000 },
  ];

  it('bytes credited within the window over its length', () => {
    expect(throughput(credits, 60_000, 20_000, 0)).toBe(500); // 10,000 B in the last 20 s
    expect(throughput(credits, 60_000, 120_000, 0)).toBeCloseTo(11_000 / 60); // since the start when shorter
    expect(throughput(credits, 100_000, 20_000, 0)).toBe(0); // nothing copied lately: 0 B/s, known
    expect(throughput(credits, 5_000, 20_000, 5_000)).toBeNull(); // no time passed
  });

  it('ETA: 0 when nothing remains, unknown without a rate or a size, rounded up', () => {
    expect(etaSeconds(0, null)).toBe(0);
    expect(etaSeconds(1_000, 300)).toBe(4);
    expect(etaSeconds(1_000, 0)).toBeNull();
    expect(etaSeconds(1_000, null)).toBeNull();
    expect(etaSeconds(null, 300)).toBeNull();
  });
});
