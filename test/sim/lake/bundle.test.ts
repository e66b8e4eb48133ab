// Bundled tablet metadata (file_bundling): the one-object-per-partition-and-version layout, the standalone-then-
// bundle readers with their corruption and identity checks, vacuum of whole bundles, and the replication copier
// with and without PR #77362's fallback.
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { OlapTable } from '../../../sim/catalog/model.js';
import {
  BundleCorruptionError,
  bundleMetaName,
  bundleMetaPath,
  encodeBundle,
  parseBundleMetaName,
  readBundle,
  readBundledTabletMeta,
} from '../../../sim/lake/bundle.js';
import { compactionTick } from '../../../sim/lake/compaction.js';
import { countRows } from '../../../sim/lake/count.js';
import { insertRows } from '../../../sim/lake/load.js';
import { ObjectNotFoundError } from '../../../sim/lake/segments.js';
import { readSourceTabletMeta, ShardNotExistError } from '../../../sim/lake/replica-copy.js';
import { EXIT_USAGE, main, toSimOptions, type StartFlags } from '../../../sim/cli.js';
import { readStandaloneTabletMeta, readTabletMeta, tabletMetaPath, type TabletMetadata } from '../../../sim/lake/tablet-meta.js';
import { vacuumTick } from '../../../sim/lake/vacuum.js';
import { replicateTablet } from '../../../sim/replication/cn-copy.js';
import { addTable, dirOf, listDir, newFixture, ppOf, type Fixture } from './fixture.js';

let fx: Fixture;
afterEach(() => fx?.cleanup());

const meta = (id: number, version: number, file = `f${id}.dat`): TabletMetadata => ({
  id,
  version,
  schemaHash: 7,
  rowsets: [{ txnId: 9, segments: [{ file, numRows: 1, dataSize: 10 }] }],
  commitTime: 1,
});

function bundledTable(f: Fixture, name = 't1', buckets = 2): OlapTable {
  const t = addTable(f, { name, buckets });
  t.properties['file_bundling'] = 'true';
  return t;
}

const metaFiles = (dir: string) => listDir(path.join(dir, 'meta'));

describe('layout', () => {
  it('a bundled table writes version 1 per tablet and one 0000000000000000_<v>.meta per later version', async () => {
    fx = newFixture();
    const t = bundledTable(fx);
    const pp = ppOf(t);
    const dir = dirOf(fx, t, pp);
    const [a, b] = pp.indexes[0]!.tablets.map((x) => x.id);
    await insertRows(fx.fe, fx.db, t, [{ k: 1 }, { k: 2 }, { k: 3 }]);
    await insertRows(fx.fe, fx.db, t, [{ k: 4 }]);
    expect(bundleMetaName(3)).toBe('0000000000000000_0000000000000003.meta');
    expect(metaFiles(dir)).toEqual(
      [path.basename(tabletMetaPath(dir, a!, 1)), path.basename(tabletMetaPath(dir, b!, 1)), bundleMetaName(2), bundleMetaName(3)].sort(),
    );
    expect(readBundle(dir, 3)!.map((m) => m.id)).toEqual([a, b].sort((x, y) => x! - y!));
    expect(readTabletMeta(dir, a!, 3)).toMatchObject({ id: a, version: 3 });
    expect(readStandaloneTabletMeta(dir, a!, 3)).toBeNull();
    expect(countRows(fx.fe, fx.db, t)).toBe(4);
    expect(pp.rowCount).toBe(4);
  });

  it('a table without file_bundling (or with "false") keeps one standalone JSON file per tablet and version', async () => {
    fx = newFixture();
    const t = addTable(fx, { buckets: 2 });
    t.properties['file_bundling'] = 'false';
    const pp = ppOf(t);
    const dir = dirOf(fx, t, pp);
    await insertRows(fx.fe, fx.db, t, [{ k: 1 }]);
    for (const tablet of pp.indexes[0]!.tablets) {
      const m = readStandaloneTabletMeta(dir, tablet.id, 2)!;
      expect(fs.readFileSync(tabletMetaPath(dir, tablet.id, 2), 'utf8')).toBe(JSON.stringify(m));
    }
    expect(
      metaFiles(dir)
        .map(parseBundleMetaName)
        .filter((v) => v !== null),
    ).toEqual([]);
  });

  it('compaction publishes a bundle too', async () => {
    fx = newFixture();
    fx.fe.config.set('lake_compaction_interval_ms_on_success', '0');
    const t = bundledTable(fx, 't1', 1);
    await insertRows(fx.fe, fx.db, t, [{ k: 1 }]);
    await insertRows(fx.fe, fx.db, t, [{ k: 2 }]);
    await compactionTick(fx.fe);
    const pp = ppOf(t);
    expect(pp.visibleVersion).toBe(4);
    const dir = dirOf(fx, t, pp);
    expect(metaFiles(dir)).toContain(bundleMetaName(4));
    expect(readTabletMeta(dir, pp.indexes[0]!.tablets[0]!.id, 4)!.rowsets).toHaveLength(1);
    expect(countRows(fx.fe, fx.db, t)).toBe(2);
  });
});

describe('reading a bundle', () => {
  function written(metas: TabletMetadata[], checksummed = true): string {
    const dir = fs.mkdtempSync(path.join(fx.root, 'b-'));
    fs.mkdirSync(path.join(dir, 'meta'));
    fs.writeFileSync(bundleMetaPath(dir, metas[0]!.version), encodeBundle(metas, checksummed));
    return dir;
  }

  it('the standalone file wins over the bundle; the bundle answers when it is absent', () => {
    fx = newFixture();
    const dir = written([meta(11, 5), meta(12, 5)]);
    fs.writeFileSync(tabletMetaPath(dir, 11, 5), JSON.stringify(meta(11, 5, 'standalone.dat')));
    expect(readTabletMeta(dir, 11, 5)!.rowsets[0]!.segments[0]!.file).toBe('standalone.dat');
    expect(readTabletMeta(dir, 12, 5)!.rowsets[0]!.segments[0]!.file).toBe('f12.dat');
    expect(readTabletMeta(dir, 12, 6)).toBeNull(); // no bundle of that version
    expect(readTabletMeta(dir, 13, 5)).toBeNull(); // a tablet the bundle does not hold
  });

  it('a legacy bundle (no checksums) is read', () => {
    fx = newFixture();
    const dir = written([meta(11, 5)], false);
    expect(readBundledTabletMeta(dir, 11, 5)).toEqual(meta(11, 5));
  });

  it('a torn bundle is refused', () => {
    fx = newFixture();
    const dir = written([meta(11, 5), meta(12, 5)]);
    const file = bundleMetaPath(dir, 5);
    const bytes = fs.readFileSync(file);
    fs.writeFileSync(file, bytes.subarray(bytes.length - 12)); // the tail only: the footer no longer fits
    expect(() => readTabletMeta(dir, 11, 5)).toThrow(
      /^Corruption: deserialized shared metadata\(.*_0000000000000005\.meta\) failed, file_size\(12\)/,
    );
    fs.writeFileSync(file, bytes.subarray(0, 3));
    expect(() => readTabletMeta(dir, 11, 5)).toThrow(BundleCorruptionError);
  });

  it('a flipped byte fails the page checksum or the footer checksum', () => {
    fx = newFixture();
    const dir = written([meta(11, 5), meta(12, 5)]);
    const file = bundleMetaPath(dir, 5);
    const good = fs.readFileSync(file);
    const page = Buffer.from(good);
    page[page.indexOf('f11.dat')] = 'g'.charCodeAt(0);
    fs.writeFileSync(file, page);
    expect(() => readTabletMeta(dir, 11, 5)).toThrow(/^Corruption: tablet 11 metadata page checksum mismatch/);
    expect(readTabletMeta(dir, 12, 5)).toEqual(meta(12, 5)); // the other page is intact
    const footer = Buffer.from(good);
    footer[footer.indexOf('tablet_meta_pages')] = 'T'.charCodeAt(0);
    fs.writeFileSync(file, footer);
    expect(() => readTabletMeta(dir, 12, 5)).toThrow(/^Corruption: bundle metadata footer checksum mismatch/);
  });

  it('a page that holds another tablet (or another version) is refused: the identity check', () => {
    fx = newFixture();
    // A legacy bundle whose page map points tablet 12 at tablet 11's page.
    const bytes = encodeBundle([meta(11, 5), meta(12, 5)], false).toString('latin1');
    const footerStart = bytes.indexOf('{"version"');
    const footer = JSON.parse(bytes.slice(footerStart, bytes.length - 8)) as { tablet_meta_pages: Record<string, unknown> };
    footer.tablet_meta_pages['12'] = footer.tablet_meta_pages['11'];
    const newFooter = Buffer.from(JSON.stringify(footer));
    const trailer = Buffer.alloc(8);
    trailer.writeBigUInt64LE(BigInt(newFooter.length));
    const dir = written([meta(1, 5)]);
    fs.writeFileSync(bundleMetaPath(dir, 5), Buffer.concat([Buffer.from(bytes.slice(0, footerStart), 'latin1'), newFooter, trailer]));
    expect(() => readTabletMeta(dir, 12, 5)).toThrow('Corruption: Tablet ID mismatch in bundle metadata, expected: 12, found: 11');
    // A bundle stored under another version's name.
    const other = written([meta(11, 5)]);
    fs.renameSync(bundleMetaPath(other, 5), bundleMetaPath(other, 6));
    expect(() => readTabletMeta(other, 11, 6)).toThrow(/Tablet version mismatch in bundle metadata, tablet: 11, expected: 6, found: 5/);
  });
});

describe('vacuum', () => {
  it('deletes a bundle once every tablet metadata in it is expired, and the segments only it referenced', async () => {
    fx = newFixture();
    fx.fe.config.set('lake_autovacuum_grace_period_minutes', '0');
    fx.fe.config.set('lake_autovacuum_partition_naptime_seconds', '0');
    const t = bundledTable(fx, 't1', 2);
    await insertRows(fx.fe, fx.db, t, [{ k: 1 }, { k: 2 }]);
    await insertRows(fx.fe, fx.db, t, [{ k: 3 }]);
    const pp = ppOf(t);
    const dir = dirOf(fx, t, pp);
    expect(metaFiles(dir)).toHaveLength(4); // 2 × v1 standalone, bundles of v2 and v3
    const r = vacuumTick(fx.fe, Date.now() + 1);
    expect(r.partitions).toEqual([pp.id]);
    expect(metaFiles(dir)).toEqual([bundleMetaName(3)]);
    expect(r.deletedMetaFiles).toBe(3);
    expect(countRows(fx.fe, fx.db, t)).toBe(3);
  });

  it('keeps a bundle that one tablet still needs', async () => {
    fx = newFixture();
    fx.fe.config.set('lake_autovacuum_partition_naptime_seconds', '0');
    const t = bundledTable(fx, 't1', 2);
    await insertRows(fx.fe, fx.db, t, [{ k: 1 }, { k: 2 }]);
    await insertRows(fx.fe, fx.db, t, [{ k: 3 }]);
    const dir = dirOf(fx, t, ppOf(t));
    vacuumTick(fx.fe, Date.now()); // default grace of 30 minutes: everything is kept
    expect(metaFiles(dir)).toHaveLength(4);
  });
});

describe('replication copier (PR #77362)', () => {
  async function bundledSource() {
    const t = bundledTable(fx, 'src', 2);
    await insertRows(fx.fe, fx.db, t, [{ k: 1 }, { k: 2 }, { k: 3 }, { k: 4 }]);
    const pp = ppOf(t);
    return { t, pp, dir: dirOf(fx, t, pp), tablet: pp.indexes[0]!.tablets[0]!.id };
  }

  it('reads the standalone file first and, on NotFound, the tablet page of the same-directory bundle', async () => {
    fx = newFixture();
    const { dir, tablet } = await bundledSource();
    expect(readSourceTabletMeta(dir, tablet, 2)).toMatchObject({ id: tablet, version: 2 });
    // Neither a standalone file nor a bundle: the standalone file's NotFound.
    expect(() => readSourceTabletMeta(dir, tablet, 3)).toThrow(ObjectNotFoundError);
    expect(() => readSourceTabletMeta(dir, tablet, 3)).toThrow(tabletMetaPath(dir, tablet, 3));
    // A bundle without the tablet's page: corruption, not NotFound.
    expect(() => readSourceTabletMeta(dir, 999, 2)).toThrow('Corruption: can not find tablet 999 from shared tablet metadata');
  });

  it('a CN without the fix fails a bundled source with "shard does not exist"; version 1 is standalone and still read', async () => {
    fx = newFixture();
    const { dir, tablet } = await bundledSource();
    expect(() => readSourceTabletMeta(dir, tablet, 2, { bundleFallback: false })).toThrow(ShardNotExistError);
    expect(() => readSourceTabletMeta(dir, tablet, 2, { bundleFallback: false })).toThrow(`shard does not exist: ${tablet}`);
    expect(readSourceTabletMeta(dir, tablet, 1, { bundleFallback: false })).toMatchObject({ id: tablet, version: 1 });
  });

  it('copies a bundled source tablet into a target tablet; without the fallback the task fails', async () => {
    fx = newFixture();
    const { dir, tablet, pp } = await bundledSource();
    const target = addTable(fx, { name: 'tgt', buckets: 2 });
    const tdir = dirOf(fx, target, ppOf(target));
    const input = { srcPartitionDir: dir, srcTabletId: tablet, srcVersion: 2, targetPartitionDir: tdir, targetDataVersion: 1, txnId: 77 };
    const rowsets = await replicateTablet(input, undefined, new AbortController().signal);
    const rows = readTabletMeta(dir, tablet, pp.visibleVersion)!
      .rowsets.flatMap((r) => r.segments)
      .reduce((n, s) => n + s.numRows, 0);
    expect(rowsets.flatMap((r) => r.segments).reduce((n, s) => n + s.numRows, 0)).toBe(rows);
    await expect(replicateTablet({ ...input, txnId: 78, bundleFallback: false }, undefined, new AbortController().signal)).rejects.toThrow(
      'shard does not exist',
    );
  });
});

describe('start flag --cn-bundle-fallback', () => {
  const flags: StartFlags = {
    name: 'tgt',
    queryPort: 0,
    rpcPort: 0,
    httpPort: 0,
    objectStore: 'os',
    version: '4.1.0',
    runMode: 'shared_data',
    rootPassword: '',
    cnCount: 1,
  };

  it('is absent by default (CNs with the fix) and carries an explicit false', () => {
    expect(toSimOptions(flags).cnBundleFallback).toBeUndefined();
    expect(toSimOptions({ ...flags, cnBundleFallback: false }).cnBundleFallback).toBe(false);
  });

  it('accepts only true or false', async () => {
    const argv = ['node', 'srsync-sim', 'start', '--name', 'x', '--query-port', '0', '--rpc-port', '0', '--http-port', '0', '--object-store', 'os'];
    const err = process.stderr.write;
    process.stderr.write = () => true;
    try {
      expect(await main([...argv, '--cn-bundle-fallback=maybe'])).toBe(EXIT_USAGE);
    } finally {
      process.stderr.write = err;
    }
  });
});
