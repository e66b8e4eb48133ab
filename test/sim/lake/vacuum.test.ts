import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { compactionTick } from '../../../sim/lake/compaction.js';
import { countRows } from '../../../sim/lake/count.js';
import { insertRows } from '../../../sim/lake/load.js';
import { parseTabletMetaName } from '../../../sim/lake/paths.js';
import { ObjectNotFoundError } from '../../../sim/lake/segments.js';
import { readSourceTabletMeta } from '../../../sim/lake/replica-copy.js';
import { readTabletMeta, writeTabletMeta } from '../../../sim/lake/tablet-meta.js';
import { VacuumSchedule, vacuumTick } from '../../../sim/lake/vacuum.js';
import { addTable, dirOf, listDir, newFixture, ppOf, type Fixture } from './fixture.js';

let fx: Fixture;
afterEach(() => fx?.cleanup());

const versionsOf = (dir: string, tabletId: number) =>
  listDir(path.join(dir, 'meta'))
    .map(parseTabletMetaName)
    .filter((p) => p?.tabletId === tabletId)
    .map((p) => p!.version);

async function loadedAndCompacted(f: Fixture) {
  f.fe.config.set('lake_compaction_interval_ms_on_success', '0');
  const t = addTable(f, { buckets: 1 });
  await insertRows(f.fe, f.db, t, [{ k: 1 }]);
  await insertRows(f.fe, f.db, t, [{ k: 2 }]);
  await compactionTick(f.fe); // version 4 = one merged segment
  const pp = ppOf(t);
  const dir = dirOf(f, t, pp);
  return { t, pp, dir, tablet: pp.indexes[0]!.tablets[0]!.id };
}

describe('vacuumTick', () => {
  it('with grace 0 deletes every version older than the visible one and the segments only they referenced', async () => {
    fx = newFixture();
    fx.fe.config.set('lake_autovacuum_grace_period_minutes', '0');
    fx.fe.config.set('lake_autovacuum_partition_naptime_seconds', '0');
    const { t, pp, dir, tablet } = await loadedAndCompacted(fx);
    expect(versionsOf(dir, tablet)).toEqual([1, 2, 3, 4]);
    expect(listDir(path.join(dir, 'data'))).toHaveLength(3);

    const r = vacuumTick(fx.fe, Date.now() + 1);
    expect(r.partitions).toEqual([pp.id]);
    expect(versionsOf(dir, tablet)).toEqual([4]);
    const kept = readTabletMeta(dir, tablet, 4)!.rowsets.flatMap((rs) => rs.segments.map((s) => s.file));
    expect(listDir(path.join(dir, 'data'))).toEqual(kept);
    expect(r).toMatchObject({ deletedMetaFiles: 3, deletedDataFiles: 2 });
    expect(countRows(fx.fe, fx.db, t)).toBe(2);

    // An old source version is gone: a replication that needs it fails.
    expect(() => readSourceTabletMeta(dir, tablet, 3)).toThrow(ObjectNotFoundError);
  });

  it('keeps versions inside the grace period, plus the newest one committed before it', async () => {
    fx = newFixture();
    fx.fe.config.set('lake_autovacuum_partition_naptime_seconds', '0');
    const { dir, tablet } = await loadedAndCompacted(fx); // default grace: 30 minutes
    vacuumTick(fx.fe, Date.now());
    expect(versionsOf(dir, tablet)).toEqual([1, 2, 3, 4]);
    vacuumTick(fx.fe, Date.now() + 31 * 60_000);
    expect(versionsOf(dir, tablet)).toEqual([4]);
  });

  it('never deletes a version whose successor was committed within the grace period', async () => {
    fx = newFixture();
    fx.fe.config.set('lake_autovacuum_partition_naptime_seconds', '0');
    fx.fe.config.set('lake_autovacuum_grace_period_minutes', '10');
    const t = addTable(fx, { buckets: 1 });
    await insertRows(fx.fe, fx.db, t, [{ k: 1 }]);
    const pp = ppOf(t);
    const dir = dirOf(fx, t, pp);
    const tablet = pp.indexes[0]!.tablets[0]!.id;
    // Make versions 1 and 2 old; version 3 is written now.
    for (const v of [1, 2]) {
      const m = readTabletMeta(dir, tablet, v)!;
      m.commitTime -= 60 * 60_000;
      writeTabletMeta(dir, m);
    }
    await insertRows(fx.fe, fx.db, t, [{ k: 2 }]);
    vacuumTick(fx.fe, Date.now());
    // Version 2 is the newest committed before the grace timestamp: kept; version 1 deleted.
    expect(versionsOf(dir, tablet)).toEqual([2, 3]);
  });

  it('keeps the files of a retained version above the visible one when older versions go', async () => {
    fx = newFixture();
    fx.fe.config.set('lake_autovacuum_grace_period_minutes', '0');
    const { pp, dir, tablet } = await loadedAndCompacted(fx);
    // Version 5 committed but not yet visible, still referencing the segments of the loads (versions 2 and 3).
    writeTabletMeta(dir, { ...readTabletMeta(dir, tablet, 3)!, version: 5 });
    expect(pp.visibleVersion).toBe(4);
    const r = vacuumTick(fx.fe, Date.now() + 1);
    expect(versionsOf(dir, tablet)).toEqual([4, 5]);
    expect(r).toMatchObject({ deletedMetaFiles: 3, deletedDataFiles: 0 });
    expect(listDir(path.join(dir, 'data'))).toHaveLength(3);
  });

  it('skips partitions at version 1 and honours the naptime', async () => {
    fx = newFixture();
    fx.fe.config.set('lake_autovacuum_grace_period_minutes', '0');
    const empty = addTable(fx, { name: 'empty' });
    const { dir, tablet, pp } = await loadedAndCompacted(fx);
    const schedule = new VacuumSchedule();
    const now = Date.now() + 1;
    expect(vacuumTick(fx.fe, now, schedule).partitions).toEqual([pp.id]);
    expect(ppOf(empty).visibleVersion).toBe(1);
    expect(versionsOf(dir, tablet)).toEqual([4]);
    // naptime 180 s (default): the partition is not vacuumed again before that.
    expect(vacuumTick(fx.fe, now + 1000, schedule).partitions).toEqual([]);
    expect(vacuumTick(fx.fe, now + 181_000, schedule).partitions).toEqual([pp.id]);
  });
});
