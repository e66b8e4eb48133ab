import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { OlapTable } from '../../../sim/catalog/model.js';
import { compactionTick } from '../../../sim/lake/compaction.js';
import { countRows } from '../../../sim/lake/count.js';
import { insertRows } from '../../../sim/lake/load.js';
import { copyTabletFiles, publishReplication, readSourceTabletMeta } from '../../../sim/lake/replica-copy.js';
import { ObjectNotFoundError } from '../../../sim/lake/segments.js';
import { readTabletMeta, type Rowset } from '../../../sim/lake/tablet-meta.js';
import { commitReplication } from '../../../sim/lake/versions.js';
import { addTable, dirOf, listDir, newFixture, ppOf, type Fixture } from './fixture.js';

const cleanups: Array<() => void> = [];
afterEach(() => cleanups.splice(0).forEach((c) => c()));

function clusters() {
  const src = newFixture('src', '11111111-1111-4111-8111-111111111111');
  const dst = newFixture('dst', '22222222-2222-4222-8222-222222222222', src.root);
  cleanups.push(src.cleanup);
  return { src, dst };
}

async function replicate(src: Fixture, st: OlapTable, dst: Fixture, dt: OlapTable) {
  const spp = ppOf(st);
  const tpp = ppOf(dt);
  const srcVersion = spp.visibleVersion;
  const rowsets = new Map<number, Rowset[]>();
  const srcTablets = spp.indexes[0]!.tablets;
  for (const [i, tb] of tpp.indexes[0]!.tablets.entries()) {
    const meta = readSourceTabletMeta(dirOf(src, st, spp), srcTablets[i]!.id, srcVersion);
    rowsets.set(tb.id, await copyTabletFiles(dirOf(src, st, spp), meta, dirOf(dst, dt, tpp), { txnId: 99 }));
  }
  const c = commitReplication(tpp, srcVersion, spp.versionEpoch);
  publishReplication(dst.fe, dst.db, dt, tpp, c.version, rowsets, srcVersion, spp.versionEpoch);
  return { spp, tpp, srcVersion, version: c.version };
}

describe('replication copy primitives', () => {
  it('copies a source snapshot and applies the §4.3 version rule', async () => {
    const { src, dst } = clusters();
    src.fe.config.set('lake_compaction_interval_ms_on_success', '0');
    const st = addTable(src, { buckets: 3 });
    const dt = addTable(dst, { buckets: 3 });
    await insertRows(
      src.fe,
      src.db,
      st,
      Array.from({ length: 30 }, (_, i) => ({ k: i })),
    );
    await insertRows(
      src.fe,
      src.db,
      st,
      Array.from({ length: 5 }, (_, i) => ({ k: 100 + i })),
    );
    await compactionTick(src.fe); // source: visible 4, data 3
    expect(ppOf(st)).toMatchObject({ visibleVersion: 4, dataVersion: 3 });

    const { spp, tpp, version } = await replicate(src, st, dst, dt);
    // Fresh target (committed 1, data 1): visible = 1 + (4 - 1) = 4 = data.
    expect(version).toBe(4);
    expect(tpp).toMatchObject({
      visibleVersion: 4,
      dataVersion: 4,
      nextVersion: 5,
      committedVersion: 4,
      committedDataVersion: 4,
      versionEpoch: spp.versionEpoch,
      versionTxnType: 'TXN_REPLICATION',
      rowCount: 35,
    });
    expect(countRows(dst.fe, dst.db, dt)).toBe(35);
    const tdir = dirOf(dst, dt, tpp);
    for (const tb of tpp.indexes[0]!.tablets) expect(readTabletMeta(tdir, tb.id, 4)).not.toBeNull();
    // New names, in the target's own data/ dir; the source files are untouched.
    const srcFiles = new Set(listDir(path.join(dirOf(src, st, spp), 'data')));
    const dstFiles = listDir(path.join(tdir, 'data'));
    expect(dstFiles.length).toBeGreaterThan(0);
    expect(dstFiles.every((f) => !srcFiles.has(f) && f.startsWith('0000000000000063_'))).toBe(true);

    // A later load on the target flips it back to TXN_NORMAL with a fresh epoch.
    await insertRows(dst.fe, dst.db, dt, [{ k: 1000 }]);
    expect(tpp).toMatchObject({ visibleVersion: 5, dataVersion: 5, versionTxnType: 'TXN_NORMAL' });
    expect(tpp.versionEpoch).not.toBe(spp.versionEpoch);
  });

  it('replaces the target content and computes visible from the old committed version', async () => {
    const { src, dst } = clusters();
    const st = addTable(src, { buckets: 2 });
    const dt = addTable(dst, { buckets: 2 });
    for (let i = 0; i < 4; i++) await insertRows(src.fe, src.db, st, [{ k: i }]);
    await insertRows(dst.fe, dst.db, dt, [{ k: 500 }, { k: 501 }]);
    dst.fe.config.set('lake_compaction_interval_ms_on_success', '0');
    await compactionTick(dst.fe); // target: visible 3, data 2, committed 3
    const { tpp } = await replicate(src, st, dst, dt);
    // visible = oldCommitted 3 + (src 5 - oldData 2) = 6; data = 5
    expect(tpp).toMatchObject({ visibleVersion: 6, dataVersion: 5, nextVersion: 7 });
    expect(countRows(dst.fe, dst.db, dt)).toBe(4);
  });

  it('fails on a missing source metadata or segment and leaves no partial files', async () => {
    const { src, dst } = clusters();
    const st = addTable(src, { buckets: 1 });
    const dt = addTable(dst, { buckets: 1 });
    await insertRows(src.fe, src.db, st, [{ k: 1 }]);
    await insertRows(src.fe, src.db, st, [{ k: 2 }]);
    const sdir = dirOf(src, st, ppOf(st));
    const tablet = ppOf(st).indexes[0]!.tablets[0]!.id;
    expect(() => readSourceTabletMeta(sdir, tablet, 9)).toThrow(ObjectNotFoundError);
    const meta = readSourceTabletMeta(sdir, tablet, 3);
    const second = meta.rowsets[1]!.segments[0]!.file;
    fs.unlinkSync(path.join(sdir, 'data', second));
    const tdir = dirOf(dst, dt, ppOf(dt));
    const e = await copyTabletFiles(sdir, meta, tdir).then(
      () => null,
      (x: unknown) => x,
    );
    expect(e).toBeInstanceOf(ObjectNotFoundError);
    expect((e as Error).message).toContain(second);
    expect(listDir(path.join(tdir, 'data'))).toEqual([]);
  });

  it('honours a bandwidth limit and stops on cancellation, removing what it copied', async () => {
    const { src, dst } = clusters();
    const st = addTable(src, {
      buckets: 1,
      columns: [
        { name: 'k', type: 'int(11)', isKey: true, aggType: null, nullable: false, defaultValue: null, autoIncrement: false, comment: '' },
        { name: 'v', type: 'string', isKey: false, aggType: null, nullable: true, defaultValue: null, autoIncrement: false, comment: '' },
      ],
    });
    const dt = addTable(dst, { buckets: 1, columns: st.columns });
    await insertRows(
      src.fe,
      src.db,
      st,
      Array.from({ length: 50 }, (_, i) => ({ k: i, v: 'x'.repeat(1000) })),
    );
    const sdir = dirOf(src, st, ppOf(st));
    const meta = readSourceTabletMeta(sdir, ppOf(st).indexes[0]!.tablets[0]!.id, 2);
    const tdir = dirOf(dst, dt, ppOf(dt));

    // 1 KB/s for ~50 KB cannot finish before the abort.
    const ac = new AbortController();
    const copying = copyTabletFiles(sdir, meta, tdir, { bytesPerSec: 1024, signal: ac.signal });
    setTimeout(() => ac.abort(new Error('txn aborted')), 20);
    await expect(copying).rejects.toThrow('txn aborted');
    expect(listDir(path.join(tdir, 'data'))).toEqual([]);

    // A generous limit copies the same bytes.
    const rowsets = await copyTabletFiles(sdir, meta, tdir, { bytesPerSec: 100 * 1024 * 1024 });
    const copied = rowsets[0]!.segments[0]!;
    expect(fs.readFileSync(path.join(tdir, 'data', copied.file))).toEqual(
      fs.readFileSync(path.join(sdir, 'data', meta.rowsets[0]!.segments[0]!.file)),
    );
    expect(copied.dataSize).toBe(meta.rowsets[0]!.segments[0]!.dataSize);
  });

  it('refuses to publish when a tablet has no copied rowsets', async () => {
    const { dst } = clusters();
    const dt = addTable(dst, { buckets: 2 });
    const tpp = ppOf(dt);
    const only = new Map([[tpp.indexes[0]!.tablets[0]!.id, [] as Rowset[]]]);
    expect(() => publishReplication(dst.fe, dst.db, dt, tpp, 2, only, 2, 0)).toThrow(/has unfinished tablets/);
    expect(tpp.visibleVersion).toBe(1);
  });
});
