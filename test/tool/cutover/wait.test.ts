import { describe, expect, it } from 'vitest';
import type { ClusterSnapshot } from '../../../src/model/snapshot.js';
import { compareClusters } from '../../../src/verify/compare.js';
import { versionsOfRows, versionsOfSnapshot, type SourceVersions } from '../../../src/cutover/versions.js';
import { SAY_EVERY_MS, waitForQuietSource, waitForZeroLag, type Clock } from '../../../src/cutover/wait.js';
import { cluster, database, part, table, targetOf, tpart } from '../planner/fixtures.js';

/** A clock that only moves when slept on. */
function fakeClock(start = 1_000_000): Clock & { t: number } {
  const c = {
    t: start,
    now: () => c.t,
    sleep: async (ms: number) => {
      c.t += ms;
    },
  };
  return c;
}

const versions = (v: number): SourceVersions =>
  versionsOfRows([{ DB_NAME: 'db1', TABLE_NAME: 't', PARTITION_NAME: 'p1', PARTITION_ID: '11', VISIBLE_VERSION: v, DATA_VERSION: v }], () => true);

describe('waiting for a quiet source', () => {
  it('quiet from the start: done after the quiet period, without a waiting line', async () => {
    const clock = fakeClock();
    const said: string[] = [];
    const r = await waitForQuietSource({
      read: async () => versions(3),
      quietMs: 2000,
      pollMs: 500,
      deadline: clock.t + 10_000,
      clock,
      say: (l) => said.push(l),
    });
    expect(r).toMatchObject({ kind: 'quiet', quietSince: 1_000_000 });
    expect(clock.t - 1_000_000).toBe(2000);
    expect(said).toEqual([]);
  });

  it('writes for a while: says which table moves, then waits the full period after the last one', async () => {
    const clock = fakeClock();
    const said: string[] = [];
    let reads = 0;
    // Versions 3, 4, 5 on the first three reads (every 500 ms), then no more.
    const read = async () => versions(3 + Math.min(reads++, 2));
    const r = await waitForQuietSource({ read, quietMs: 2000, pollMs: 500, deadline: clock.t + 10_000, clock, say: (l) => said.push(l) });
    expect(r.kind).toBe('quiet');
    expect(r.kind === 'quiet' && r.quietSince).toBe(1_001_000);
    expect(clock.t).toBe(1_003_000);
    // The same table moving again within SAY_EVERY_MS is said once.
    expect(said).toEqual([
      'waiting: the source is still receiving writes: 1 table(s) moved: db1.t (p1 data version 3 -> 4); waiting for 2 s without new versions',
    ]);
  });

  it('writes that never stop: timeout with what still moves; the line is repeated every SAY_EVERY_MS', async () => {
    const clock = fakeClock();
    const said: string[] = [];
    let v = 3;
    const r = await waitForQuietSource({
      read: async () => versions(v++),
      quietMs: 2000,
      pollMs: 1000,
      deadline: clock.t + 25_000,
      clock,
      say: (l) => said.push(l),
    });
    expect(r.kind).toBe('timeout');
    expect(r.kind === 'timeout' && r.moving).toMatchObject([{ db: 'db1', table: 't', loads: true }]);
    expect(clock.t).toBe(1_025_000);
    expect(said).toHaveLength(Math.ceil(25_000 / SAY_EVERY_MS));
  });

  it('quiet, but the deadline comes before the period is over: timeout with nothing moving', async () => {
    const clock = fakeClock();
    const r = await waitForQuietSource({
      read: async () => versions(3),
      quietMs: 5000,
      pollMs: 1000,
      deadline: clock.t + 3000,
      clock,
      say: () => {},
    });
    expect(r).toEqual({ kind: 'timeout', moving: [], quietMs: 3000 });
  });
});

const CFG = { includeDataList: [], excludeDataList: [], enableViewSync: false, enableMaterializedViewSync: false };
const SRC = table('t', { partitions: [part('p1', { version: 3, id: '11' })] });
const src = cluster([database('db1', { tables: [SRC] })]);
const tgtAt = (v: number) => cluster([database('db1', { tables: [targetOf(SRC, [tpart('p1', { version: v, id: '91' })])] })]);

function lagWait(reads: Array<{ source: ClusterSnapshot; target: ClusterSnapshot }>, runActive = true, deadlineMs = 10_000) {
  const clock = fakeClock();
  const said: string[] = [];
  let i = 0;
  return {
    clock,
    said,
    run: () =>
      waitForZeroLag({
        read: async () => reads[Math.min(i, reads.length - 1)]!,
        readVersions: async () => versionsOfSnapshot(reads[Math.min(i++, reads.length - 1)]!.source, () => true),
        compare: (s, t) => compareClusters(s, t, CFG),
        quiet: versionsOfSnapshot(src, () => true),
        runActive,
        pollMs: 1000,
        deadline: clock.t + deadlineMs,
        clock,
        say: (l) => said.push(l),
      }),
  };
}

describe('waiting for zero lag', () => {
  it('lagging, then in sync: says which table lags, then done', async () => {
    const w = lagWait([
      { source: src, target: tgtAt(2) },
      { source: src, target: tgtAt(3) },
    ]);
    const r = await w.run();
    expect(r.kind).toBe('in_sync');
    expect(w.said).toEqual([
      expect.stringMatching(
        /^waiting for zero lag: 1 of 1 table\(s\) not in sync yet: lagging db1\.t: 1 partition\(s\) behind: p1 \(source version 3, target data version 2\)$/,
      ),
    ]);
  });

  it('never in sync: timeout with the last comparison', async () => {
    const w = lagWait([{ source: src, target: tgtAt(2) }], true, 5000);
    const r = await w.run();
    expect(r.kind).toBe('timeout');
    expect(r.kind === 'timeout' && r.report.summary.lagging).toBe(1);
  });

  it('no srsync run to bring it in sync: not_in_sync at once, no waiting', async () => {
    const w = lagWait([{ source: src, target: tgtAt(2) }], false);
    expect((await w.run()).kind).toBe('not_in_sync');
    expect(w.clock.t).toBe(1_000_000);
  });

  it('the source moved since it was found quiet: back to step 1', async () => {
    const moved = cluster([database('db1', { tables: [table('t', { partitions: [part('p1', { version: 4, id: '11' })] })] })]);
    const r = await lagWait([{ source: moved, target: tgtAt(3) }]).run();
    expect(r).toMatchObject({ kind: 'source_moved', moving: [{ table: 't', changes: ['p1 data version 3 -> 4'] }] });
  });
});
