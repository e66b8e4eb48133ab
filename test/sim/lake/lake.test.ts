import fs from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { Lake } from '../../../sim/lake/lake.js';
import { addTable, dirOf, newFixture, ppOf, type Fixture } from './fixture.js';

let fx: Fixture;
afterEach(() => fx?.cleanup());

describe('Lake facade', () => {
  it('loads, counts and runs compaction then vacuum in one tick', async () => {
    fx = newFixture();
    fx.fe.config.set('lake_autovacuum_grace_period_minutes', '0');
    fx.fe.config.set('lake_autovacuum_partition_naptime_seconds', '0');
    const lake = new Lake(fx.fe);
    const t = addTable(fx, { buckets: 2 });
    await lake.insertRows(fx.db, t, [{ k: 1 }, { k: 2 }]);
    await lake.insertRows(fx.db, t, [[3, null, 'x']]);
    expect(lake.countRows(fx.db, t)).toBe(3);
    const [a, b] = [lake.tick(Date.now() + 1), lake.tick(Date.now() + 1)];
    expect(a).toBe(b); // overlapping calls share the round
    const r = await a;
    const pp = ppOf(t);
    expect(r.compaction.compacted).toEqual([pp.id]);
    expect(r.vacuum.partitions).toEqual([pp.id]);
    expect(r.vacuum.deletedMetaFiles).toBeGreaterThan(0);
    expect(pp).toMatchObject({ visibleVersion: 4, dataVersion: 3, compactVersion: 4 });
    expect(lake.countRows(fx.db, t)).toBe(3);
  });

  it('exposes DDL hooks: new partitions get version-1 metadata, dropped ones lose their directory', () => {
    fx = newFixture();
    const lake = new Lake(fx.fe);
    const t = addTable(fx);
    const pp = ppOf(t);
    const dir = dirOf(fx, t, pp);
    expect(fs.existsSync(dir)).toBe(true);
    lake.ddlHooks().onDropPhysicalPartition(fx.db, t, pp, false);
    expect(fs.existsSync(dir)).toBe(false);
    lake.ddlHooks().onNewPhysicalPartition(fx.db, t, pp);
    expect(fs.readdirSync(`${dir}/meta`)).toHaveLength(3);
    expect(lake.tableStoragePath(fx.db, t)).toMatch(/^s3:\/\/src-bucket\/prefix\/.+\/db\d+\/\d+$/);
  });
});
