import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { formatVersionEpoch, GTID_EPOCH_MS, nextVersionEpoch } from '../../../sim/lake/epoch.js';
import { partitionDir, partitionStoragePath, tableStoragePath, volumeOf } from '../../../sim/lake/layout.js';
import { readTabletMeta } from '../../../sim/lake/tablet-meta.js';
import { addTable, listDir, newFixture, ppOf, type Fixture } from './fixture.js';

let fx: Fixture;
afterEach(() => fx?.cleanup());

describe('layout and initial versions', () => {
  it('resolves the volume, the s3 paths and the local partition directory', () => {
    fx = newFixture();
    const t = addTable(fx);
    const pp = ppOf(t);
    expect(volumeOf(fx.fe, t).name).toBe('builtin_storage_volume');
    const sid = fx.fe.serviceId;
    expect(tableStoragePath(fx.fe, fx.db, t)).toBe(`s3://src-bucket/prefix/${sid}/db${fx.db.id}/${t.id}`);
    expect(partitionStoragePath(fx.fe, fx.db, t, pp)).toBe(`s3://src-bucket/prefix/${sid}/db${fx.db.id}/${t.id}/${pp.id}`);
    expect(partitionDir(fx.fe, fx.db, t, pp)).toBe(path.join(fx.root, 'src-bucket', 'prefix', sid, `db${fx.db.id}`, String(t.id), String(pp.id)));
  });

  it('writes one version-1 metadata file per tablet with the exact StarRocks name', () => {
    fx = newFixture();
    const t = addTable(fx, { buckets: 3 });
    const pp = ppOf(t);
    const dir = partitionDir(fx.fe, fx.db, t, pp);
    const expected = pp.indexes[0]!.tablets.map((tb) => `${tb.id.toString(16).toUpperCase().padStart(16, '0')}_0000000000000001.meta`).sort();
    expect(listDir(path.join(dir, 'meta'))).toEqual(expected);
    expect(expected[0]).toMatch(/^[0-9A-F]{16}_0000000000000001\.meta$/);
    const meta = readTabletMeta(dir, pp.indexes[0]!.tablets[0]!.id, 1)!;
    expect(meta).toMatchObject({ version: 1, rowsets: [], schemaHash: 12345 });
    expect(fs.existsSync(path.join(dir, 'data'))).toBe(false);
  });

  it('starts the partition at Visible = Data = 1, Next = 2, TXN_NORMAL with a fresh epoch', () => {
    fx = newFixture();
    const t = addTable(fx, {
      partitions: [
        ['p1', { kind: 'none' }],
        ['p2', { kind: 'none' }],
      ],
    });
    const [a, b] = [ppOf(t, 'p1'), ppOf(t, 'p2')];
    expect(a).toMatchObject({
      visibleVersion: 1,
      dataVersion: 1,
      nextVersion: 2,
      committedVersion: 1,
      committedDataVersion: 1,
      versionTxnType: 'TXN_NORMAL',
      compactVersion: 0,
      dataSize: 0,
      rowCount: 0,
    });
    expect(a.versionEpoch).toBeGreaterThan(0);
    expect(b.versionEpoch).not.toBe(a.versionEpoch);
  });
});

describe('version epochs', () => {
  it('are GTID-sized, strictly increasing and exactly printable', () => {
    const now = Date.now();
    const e1 = nextVersionEpoch(now);
    const e2 = nextVersionEpoch(now);
    expect(e2).toBeGreaterThan(e1);
    expect(e1).toBeGreaterThan(2 ** 53); // real GTIDs exceed 2^53 too
    const text = formatVersionEpoch(e2);
    expect(BigInt(text) >> 21n).toBe(BigInt(e2 / 2 ** 21));
    expect(Number(BigInt(text) >> 21n)).toBeGreaterThanOrEqual(now - GTID_EPOCH_MS);
  });
});
