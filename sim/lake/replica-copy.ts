// What a CN does for one lake replication task (be/src/storage/lake/lake_replication_txn_manager.cpp), as
// primitives for sim/replication: read the source tablet metadata at src_version, copy every segment it
// references into the target partition's data/ under new names, and, at publish, replace the target tablets'
// content with the copied rowsets and apply the version rule of reference §4.3.
import fs from 'node:fs';
import type { Database, OlapTable, PhysicalPartition } from '../catalog/model.js';
import type { FeState } from '../fe/state.js';
import { SimError } from '../fe/errors.js';
import { createInDir, ensureDir } from './known-dirs.js';
import { partitionDir, tabletsOf } from './layout.js';
import { writeMetasAt } from './publish.js';
import { RateLimiter } from './rate-limiter.js';
import { CorruptObjectError, ObjectNotFoundError, segmentFileName, segmentPath } from './segments.js';
import { readBundledTabletMeta } from './bundle.js';
import { dataDir, readStandaloneTabletMeta, tabletMetaPath, type Rowset, type SegmentRef, type TabletMetadata } from './tablet-meta.js';
import { publishVersion, type PartitionCommit } from './versions.js';

/** A CN without PR #77362 resolved a source tablet id as one of its own shards (no such shard on the target). */
export class ShardNotExistError extends SimError {
  constructor(readonly srcTabletId: number) {
    super(1064, `shard does not exist: ${srcTabletId}`);
    this.name = 'ShardNotExistError';
  }
}

export interface SourceMetaOptions {
  /**
   * PR #77362 (default true): on NotFound of the standalone file, read the tablet's page of the same-directory
   * bundle, checksum- and identity-checked. false = a CN before the fix: a missing standalone file at a version
   * above 1 fails with "shard does not exist" (get_single_tablet_metadata resolved the source tablet id through the
   * target's own location provider).
   */
  bundleFallback?: boolean;
}

/**
 * Source tablet metadata at `srcVersion` (LakeReplicationTxnManager::build_source_tablet_meta): the standalone
 * file, else the bundle of that version (only a NotFound of the bundle is ignored: the standalone file's
 * ObjectNotFoundError is thrown, e.g. vacuumed); a torn or mismatching bundle throws BundleCorruptionError.
 */
export function readSourceTabletMeta(srcPartitionDir: string, srcTabletId: number, srcVersion: number, opts: SourceMetaOptions = {}): TabletMetadata {
  const file = tabletMetaPath(srcPartitionDir, srcTabletId, srcVersion);
  let meta: TabletMetadata | null;
  try {
    meta = readStandaloneTabletMeta(srcPartitionDir, srcTabletId, srcVersion);
  } catch (e) {
    throw new CorruptObjectError(file, (e as Error).message);
  }
  if (meta) return meta;
  if (srcVersion > 1 && opts.bundleFallback === false) throw new ShardNotExistError(srcTabletId);
  meta = readBundledTabletMeta(srcPartitionDir, srcTabletId, srcVersion, true);
  if (!meta) throw new ObjectNotFoundError(file);
  return meta;
}

export interface CopyOptions {
  /** Copy bandwidth for this call (ignored when `limiter` is given). */
  bytesPerSec?: number;
  /** A shared limiter, e.g. one per CN. */
  limiter?: RateLimiter;
  signal?: AbortSignal;
  /** The replication txn id: names the new files and the target rowsets (default: the source rowset's txn id). */
  txnId?: number;
}

/**
 * Copies one file; returns its size. A file of at most one limiter chunk is metered with one reservation of its
 * size, as the chunk loop would (one read, one take, one write), then copied in one copyFile (no file handles, no
 * chunk buffer); bigger files go chunk by chunk. `create` wraps the operation that creates `dst` (createInDir:
 * the retry after a stale known data/ dir).
 */
async function copyOne(
  src: string,
  dst: string,
  limiter: RateLimiter | undefined,
  signal: AbortSignal | undefined,
  create: <T>(op: () => Promise<T>) => Promise<T>,
): Promise<number> {
  signal?.throwIfAborted();
  if (!limiter && !signal) {
    await create(() => fs.promises.copyFile(src, dst, fs.constants.COPYFILE_EXCL));
    return (await fs.promises.stat(dst)).size;
  }
  const chunk = limiter?.chunkBytes ?? 1 << 20;
  const { size } = fs.statSync(src);
  if (size <= chunk) {
    if (size > 0 && limiter) await limiter.take(size, signal);
    signal?.throwIfAborted();
    await create(() => fs.promises.copyFile(src, dst, fs.constants.COPYFILE_EXCL));
    signal?.throwIfAborted();
    return size;
  }
  const buf = Buffer.allocUnsafe(chunk);
  const from = await fs.promises.open(src, 'r');
  try {
    const to = await create(() => fs.promises.open(dst, 'wx'));
    try {
      let total = 0;
      for (;;) {
        signal?.throwIfAborted();
        const { bytesRead } = await from.read(buf, 0, chunk, null);
        if (bytesRead === 0) return total;
        if (limiter) await limiter.take(bytesRead, signal);
        await to.write(buf, 0, bytesRead);
        total += bytesRead;
      }
    } finally {
      await to.close();
    }
  } finally {
    await from.close();
  }
}

/**
 * Copies every segment `srcMeta` references from the source partition's data/ into the target's data/ under new
 * names. On failure or cancellation the files copied so far are removed and the error is rethrown
 * (ObjectNotFoundError for a missing source file; the signal's reason when aborted).
 */
export async function copyTabletFiles(
  srcPartitionDir: string,
  srcMeta: TabletMetadata,
  dstPartitionDir: string,
  opts: CopyOptions = {},
): Promise<Rowset[]> {
  const limiter = opts.limiter ?? (opts.bytesPerSec && opts.bytesPerSec > 0 ? new RateLimiter(opts.bytesPerSec) : undefined);
  const dstDir = dataDir(dstPartitionDir);
  const hinted = await ensureDir(dstDir);
  const create = <T>(op: () => Promise<T>) => createInDir(dstDir, hinted, op);
  const created: string[] = [];
  try {
    const out: Rowset[] = [];
    for (const rs of srcMeta.rowsets) {
      const txnId = opts.txnId ?? rs.txnId;
      const segments: SegmentRef[] = [];
      for (const s of rs.segments) {
        const src = segmentPath(srcPartitionDir, s.file);
        const file = segmentFileName(txnId);
        const dst = segmentPath(dstPartitionDir, file);
        let size: number;
        try {
          created.push(dst);
          size = await copyOne(src, dst, limiter, opts.signal, create);
        } catch (e) {
          if ((e as NodeJS.ErrnoException).code === 'ENOENT' && !fs.existsSync(src)) throw new ObjectNotFoundError(src);
          throw e;
        }
        segments.push({ file, numRows: s.numRows, dataSize: size });
      }
      out.push({ txnId, segments });
    }
    return out;
  } catch (e) {
    for (const f of created) fs.rmSync(f, { force: true });
    throw e;
  }
}

/**
 * Publishes a replication on the target physical partition: every tablet's metadata at `newVisibleVersion` is
 * exactly the copied rowsets (replication replaces the tablet's content), and reference §4.3 applies:
 * DataVersion := srcVersion; VisibleVersion := newVisibleVersion (= oldCommittedVersion + (srcVersion −
 * oldDataVersion), see versions.commitReplication); VersionEpoch := srcVersionEpoch if > 0;
 * VersionTxnType := TXN_REPLICATION; NextVersion := visible + 1; DataSize/RowCount from the new metadata.
 */
export function publishReplication(
  fe: FeState,
  db: Database,
  table: OlapTable,
  pp: PhysicalPartition,
  newVisibleVersion: number,
  rowsetsByTablet: Map<number, Rowset[]>,
  srcVersion: number,
  srcVersionEpoch: number,
  now = Date.now(),
): void {
  const missing = tabletsOf(pp)
    .filter((t) => !rowsetsByTablet.has(t.id))
    .map((t) => t.id);
  if (missing.length) throw new SimError(1064, `table '${table.name}" has unfinished tablets: [${missing.join(', ')}]`);
  writeMetasAt(partitionDir(fe, db, table, pp), table, pp, newVisibleVersion, rowsetsByTablet, now);
  const c: PartitionCommit = { version: newVisibleVersion, dataVersion: srcVersion, versionEpoch: srcVersionEpoch };
  pp.nextVersion = newVisibleVersion + 1;
  pp.committedVersion = newVisibleVersion;
  pp.committedDataVersion = srcVersion;
  publishVersion(pp, c, 'replication', now);
  fe.onChange();
}
