import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CompactionSchedule, compactionTick } from '../../../sim/lake/compaction.js';
import { countRows } from '../../../sim/lake/count.js';
import { insertRows } from '../../../sim/lake/load.js';
import { readTabletMeta } from '../../../sim/lake/tablet-meta.js';
import { addTable, dirOf, listDir, newFixture, ppOf, type Fixture } from './fixture.js';

let fx: Fixture;
afterEach(() => fx?.cleanup());

const noInterval = (f: Fixture) => f.fe.config.set('lake_compaction_interval_ms_on_success', '0');

describe('compactionTick', () => {
  it('does nothing when lake_compaction_max_tasks = 0', async () => {
    fx = newFixture();
    noInterval(fx);
    fx.fe.config.set('lake_compaction_max_tasks', '0');
    const t = addTable(fx);
    await insertRows(fx.fe, fx.db, t, [{ k: 1 }]);
    await insertRows(fx.fe, fx.db, t, [{ k: 2 }]);
    const r = await compactionTick(fx.fe);
    expect(r.compacted).toEqual([]);
    expect(ppOf(t)).toMatchObject({ visibleVersion: 3, dataVersion: 3, compactVersion: 0 });
  });

  it('bumps VisibleVersion and CompactVersion but not DataVersion, epoch or txn type; merges segments', async () => {
    fx = newFixture();
    noInterval(fx);
    const t = addTable(fx, { buckets: 1 });
    const pp = ppOf(t);
    await insertRows(fx.fe, fx.db, t, [{ k: 1 }, { k: 2 }]);
    await insertRows(fx.fe, fx.db, t, [{ k: 3 }]);
    const epoch = pp.versionEpoch;
    const dir = dirOf(fx, t, pp);
    const before = listDir(path.join(dir, 'data'));
    expect(before).toHaveLength(2);

    const r = await compactionTick(fx.fe);
    expect(r).toEqual({ compacted: [pp.id], failed: [] });
    expect(pp).toMatchObject({
      visibleVersion: 4,
      dataVersion: 3,
      compactVersion: 4,
      nextVersion: 5,
      committedVersion: 4,
      committedDataVersion: 3,
      versionEpoch: epoch,
      versionTxnType: 'TXN_NORMAL',
      rowCount: 3,
    });
    const meta = readTabletMeta(dir, pp.indexes[0]!.tablets[0]!.id, 4)!;
    expect(meta.rowsets).toHaveLength(1);
    expect(meta.rowsets[0]!.segments).toHaveLength(1);
    const after = listDir(path.join(dir, 'data'));
    expect(after).toHaveLength(3); // inputs stay until vacuum
    expect(after).toEqual(expect.arrayContaining(before));
    expect(countRows(fx.fe, fx.db, t)).toBe(3);
    const txn = [...fx.fe.transactions.values()].find((x) => x.sourceType === 'LAKE_COMPACTION')!;
    expect(txn.status).toBe('VISIBLE');
    expect(txn.label).toMatch(/^COMPACTION_/);
    expect(txn.committedPartitions).toEqual({ [String(t.id)]: { [String(pp.id)]: 4 } });

    // Nothing new loaded: no further compaction.
    expect((await compactionTick(fx.fe)).compacted).toEqual([]);
    // The next load continues both counters independently.
    await insertRows(fx.fe, fx.db, t, [{ k: 4 }]);
    expect(pp).toMatchObject({ visibleVersion: 5, dataVersion: 4, nextVersion: 6 });
    expect(readTabletMeta(dir, pp.indexes[0]!.tablets[0]!.id, 5)!.rowsets).toHaveLength(2);
  });

  it('compacts at most lake_compaction_max_tasks partitions per tick and respects the success interval', async () => {
    fx = newFixture();
    fx.fe.config.set('lake_compaction_max_tasks', '1');
    const a = addTable(fx, { name: 'a' });
    const b = addTable(fx, { name: 'b' });
    await insertRows(fx.fe, fx.db, a, [{ k: 1 }]);
    await insertRows(fx.fe, fx.db, b, [{ k: 1 }]);
    const schedule = new CompactionSchedule();
    expect((await compactionTick(fx.fe, Date.now(), schedule)).compacted).toHaveLength(1);
    expect((await compactionTick(fx.fe, Date.now(), schedule)).compacted).toHaveLength(1);
    expect([ppOf(a).compactVersion, ppOf(b).compactVersion]).toEqual([3, 3]);
    // Default interval 10 s: a new load right away is not compacted until the interval has passed.
    await insertRows(fx.fe, fx.db, a, [{ k: 2 }]);
    expect((await compactionTick(fx.fe, Date.now(), schedule)).compacted).toEqual([]);
    expect((await compactionTick(fx.fe, Date.now() + 11_000, schedule)).compacted).toEqual([ppOf(a).id]);
  });

  it('merges keyed rows and keeps loads that were published during the compaction', async () => {
    fx = newFixture();
    noInterval(fx);
    const t = addTable(fx, { keysType: 'UNIQUE_KEYS', buckets: 1 });
    await insertRows(fx.fe, fx.db, t, [
      { k: 1, v: 'a' },
      { k: 1, v: 'b' },
    ]);
    await insertRows(fx.fe, fx.db, t, [
      { k: 1, v: 'c' },
      { k: 2, v: 'x' },
    ]);
    const tick = compactionTick(fx.fe);
    const load = insertRows(fx.fe, fx.db, t, [{ k: 3, v: 'y' }]);
    const [r] = await Promise.all([tick, load]);
    expect(r.failed).toEqual([]);
    const pp = ppOf(t);
    expect(pp.dataVersion).toBe(4);
    expect(countRows(fx.fe, fx.db, t)).toBe(3);
    const meta = readTabletMeta(dirOf(fx, t, pp), pp.indexes[0]!.tablets[0]!.id, pp.visibleVersion)!;
    expect(meta.rowsets.map((rs) => rs.segments[0]!.numRows)).toEqual([2, 1]);
  });
});
