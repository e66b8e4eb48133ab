// The known-directory hint (sim/lake/known-dirs.ts) and the writers that use it: a directory deleted behind the
// simulator's back is recreated, one deleted by the simulator (DROP) is forgotten, and copies meter small files
// with one reservation as the chunk loop did.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { writeBundle } from '../../../sim/lake/bundle.js';
import { dropPhysicalPartitionData, dropTableData } from '../../../sim/lake/drop.js';
import { initPhysicalPartition } from '../../../sim/lake/init.js';
import { insertRows } from '../../../sim/lake/load.js';
import { createInDir, ensureDir, ensureDirSync, forgetKnownDirs, isKnownDir, knownDirCount, writeInDirSync } from '../../../sim/lake/known-dirs.js';
import { RateLimiter } from '../../../sim/lake/rate-limiter.js';
import { copyTabletFiles, readSourceTabletMeta } from '../../../sim/lake/replica-copy.js';
import { ObjectNotFoundError } from '../../../sim/lake/segments.js';
import { metaDir, readTabletMeta, writeTabletMeta, type TabletMetadata } from '../../../sim/lake/tablet-meta.js';
import { addTable, col, dirOf, key, listDir, newFixture, ppOf, type Fixture } from './fixture.js';

const cleanups: Array<() => void> = [];
afterEach(() => cleanups.splice(0).forEach((c) => c()));

function tmp(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'srsync-known-dirs-'));
  cleanups.push(() => fs.rmSync(dir, { recursive: true, force: true }));
  return dir;
}

function fixture(name = 'src', root?: string): Fixture {
  const fx = newFixture(name, name === 'src' ? '11111111-1111-4111-8111-111111111111' : '22222222-2222-4222-8222-222222222222', root);
  cleanups.push(fx.cleanup);
  return fx;
}

const meta = (id: number, version: number): TabletMetadata => ({ id, version, schemaHash: 1, rowsets: [], commitTime: 1 });

/** A limiter with the smallest chunk (4096 bytes) at a rate nothing waits for, recording every reservation. */
class RecordingLimiter extends RateLimiter {
  readonly takes: number[] = [];
  constructor() {
    super(1 << 30);
  }
  override get chunkBytes(): number {
    return 4096;
  }
  override take(bytes: number, signal?: AbortSignal): Promise<void> {
    this.takes.push(bytes);
    return super.take(bytes, signal);
  }
}

describe('known directories', () => {
  it('creates a directory once and then trusts the hint without touching the disk', () => {
    const dir = path.join(tmp(), 'a', 'b', 'meta');
    expect(ensureDirSync(dir)).toBe(false);
    expect(fs.statSync(dir).isDirectory()).toBe(true);
    expect(isKnownDir(dir)).toBe(true);
    fs.rmSync(dir, { recursive: true });
    // Known: no mkdir (the hint says it exists), so the deletion behind its back is not seen here...
    expect(ensureDirSync(dir)).toBe(true);
    expect(fs.existsSync(dir)).toBe(false);
    // ...but a write into it recreates it and succeeds.
    writeInDirSync(dir, () => fs.writeFileSync(path.join(dir, 'f'), 'x'));
    expect(fs.readFileSync(path.join(dir, 'f'), 'utf8')).toBe('x');
  });

  it('does not retry an ENOENT of a directory it has just created', () => {
    const dir = path.join(tmp(), 'fresh');
    let calls = 0;
    expect(() =>
      writeInDirSync(dir, () => {
        calls++;
        fs.writeFileSync(path.join(dir, 'missing-subdir', 'f'), 'x');
      }),
    ).toThrow(/ENOENT/);
    expect(calls).toBe(1);
  });

  it('createInDir recreates a known directory deleted behind its back, once', async () => {
    const dir = path.join(tmp(), 'data');
    expect(await ensureDir(dir)).toBe(false);
    expect(await ensureDir(dir)).toBe(true);
    fs.rmSync(dir, { recursive: true });
    let calls = 0;
    await createInDir(dir, true, async () => {
      calls++;
      await fs.promises.writeFile(path.join(dir, 'f'), 'y', { flag: 'wx' });
    });
    expect(calls).toBe(2);
    expect(fs.readFileSync(path.join(dir, 'f'), 'utf8')).toBe('y');
    // A second ENOENT (the cause is elsewhere) is thrown.
    await expect(createInDir(dir, true, () => fs.promises.readFile(path.join(dir, 'nope')))).rejects.toThrow(/ENOENT/);
  });

  it('forgetKnownDirs forgets everything', () => {
    const dir = path.join(tmp(), 'x');
    ensureDirSync(dir);
    expect(knownDirCount()).toBeGreaterThan(0);
    forgetKnownDirs();
    expect(isKnownDir(dir)).toBe(false);
    expect(knownDirCount()).toBe(0);
  });
});

describe('writers over the hint', () => {
  it('tablet metadata and bundles are written even after their partition directory was deleted behind the simulator', () => {
    const fx = fixture();
    const t = addTable(fx, { buckets: 2 });
    const pp = ppOf(t);
    const dir = dirOf(fx, t, pp);
    expect(isKnownDir(metaDir(dir))).toBe(true);
    fs.rmSync(dir, { recursive: true }); // e.g. a test or an operator, not DROP
    writeTabletMeta(dir, meta(pp.indexes[0]!.tablets[0]!.id, 1));
    expect(readTabletMeta(dir, pp.indexes[0]!.tablets[0]!.id, 1)).toMatchObject({ version: 1 });
    fs.rmSync(dir, { recursive: true });
    writeBundle(dir, [meta(pp.indexes[0]!.tablets[0]!.id, 2), meta(pp.indexes[0]!.tablets[1]!.id, 2)]);
    expect(readTabletMeta(dir, pp.indexes[0]!.tablets[1]!.id, 2)).toMatchObject({ version: 2 });
  });

  it('DROP forgets the directories it deletes; a partition created again at the same place gets its files', () => {
    const fx = fixture();
    const t = addTable(fx, { buckets: 2 });
    const pp = ppOf(t);
    const dir = dirOf(fx, t, pp);
    dropPhysicalPartitionData(fx.fe, fx.db, t, pp);
    expect(fs.existsSync(dir)).toBe(false);
    expect(isKnownDir(metaDir(dir))).toBe(false);
    initPhysicalPartition(fx.fe, fx.db, t, pp);
    expect(listDir(metaDir(dir))).toHaveLength(2);

    dropTableData(fx.fe, fx.db, t);
    expect(isKnownDir(metaDir(dir))).toBe(false);
    initPhysicalPartition(fx.fe, fx.db, t, pp);
    expect(listDir(metaDir(dir))).toHaveLength(2);
  });

  it('a copy recreates a known target data/ deleted behind its back; a missing source still fails as not found', async () => {
    const src = fixture('src');
    const dst = fixture('dst', src.root);
    const st = addTable(src, { buckets: 1 });
    const dt = addTable(dst, { buckets: 1 });
    await insertRows(src.fe, src.db, st, [{ k: 1 }, { k: 2 }]);
    const sdir = dirOf(src, st, ppOf(st));
    const tdir = dirOf(dst, dt, ppOf(dt));
    const m = readSourceTabletMeta(sdir, ppOf(st).indexes[0]!.tablets[0]!.id, 2);
    const signal = new AbortController().signal;
    await copyTabletFiles(sdir, m, tdir, { txnId: 7, signal });
    expect(isKnownDir(path.join(tdir, 'data'))).toBe(true);
    fs.rmSync(path.join(tdir, 'data'), { recursive: true });
    for (const opts of [{ txnId: 8, signal }, { txnId: 9 }]) {
      const [rs] = await copyTabletFiles(sdir, m, tdir, opts);
      expect(fs.readFileSync(path.join(tdir, 'data', rs!.segments[0]!.file))).toEqual(
        fs.readFileSync(path.join(sdir, 'data', m.rowsets[0]!.segments[0]!.file)),
      );
      fs.rmSync(path.join(tdir, 'data'), { recursive: true });
    }
    fs.unlinkSync(path.join(sdir, 'data', m.rowsets[0]!.segments[0]!.file));
    await expect(copyTabletFiles(sdir, m, tdir, { txnId: 10, signal })).rejects.toBeInstanceOf(ObjectNotFoundError);
    expect(listDir(path.join(tdir, 'data'))).toEqual([]);
  });

  it('a copy with zero segments still creates the target data/ (as before the hint)', async () => {
    const dst = fixture('dst');
    const dt = addTable(dst, { buckets: 1 });
    const tdir = dirOf(dst, dt, ppOf(dt));
    await copyTabletFiles(tdir, meta(1, 2), tdir, { txnId: 3 });
    expect(fs.statSync(path.join(tdir, 'data')).isDirectory()).toBe(true);
  });

  it('meters a file of at most one chunk with one reservation and a bigger one chunk by chunk', async () => {
    const src = fixture('src');
    const dst = fixture('dst', src.root);
    const st = addTable(src, { buckets: 1, columns: [key('k', 'int(11)'), col('v', 'varchar(20000)')] });
    const dt = addTable(dst, { buckets: 1, columns: st.columns });
    await insertRows(src.fe, src.db, st, [{ k: 1, v: 'small' }]);
    await insertRows(src.fe, src.db, st, [{ k: 2, v: 'x'.repeat(10_000) }]);
    const sdir = dirOf(src, st, ppOf(st));
    const tdir = dirOf(dst, dt, ppOf(dt));
    const m = readSourceTabletMeta(sdir, ppOf(st).indexes[0]!.tablets[0]!.id, 3);
    const [small, big] = m.rowsets.map((r) => r.segments[0]!);
    expect(small!.dataSize).toBeLessThan(4096);
    expect(big!.dataSize).toBeGreaterThan(2 * 4096);
    const limiter = new RecordingLimiter();
    const rowsets = await copyTabletFiles(sdir, m, tdir, { limiter, txnId: 11 });
    const rest = big!.dataSize % 4096;
    expect(limiter.takes).toEqual([small!.dataSize, ...Array<number>(Math.floor(big!.dataSize / 4096)).fill(4096), ...(rest ? [rest] : [])]);
    for (const [i, rs] of rowsets.entries()) {
      const copied = rs.segments[0]!;
      expect(copied.dataSize).toBe(m.rowsets[i]!.segments[0]!.dataSize);
      expect(fs.readFileSync(path.join(tdir, 'data', copied.file))).toEqual(
        fs.readFileSync(path.join(sdir, 'data', m.rowsets[i]!.segments[0]!.file)),
      );
    }
  });
});
