// Tablet metadata files: `meta/<tabletId:016X>_<version:016X>.meta`, one per tablet per visible version.
// Real StarRocks writes a protobuf TabletMetadataPB; the simulator writes JSON with the parts that matter:
// which segment files (under the partition's data/ dir) make up the tablet at that version, and their rows/bytes.
// Tables with file_bundling keep versions ≥ 2 in one bundle per partition and version (sim/lake/bundle.ts);
// readTabletMeta reads the standalone file first and the bundle of that version only when it is absent.
import fs from 'node:fs';
import path from 'node:path';
import { readBundledTabletMeta } from './bundle.js';
import { writeInDirSync } from './known-dirs.js';
import { tabletMetaName } from './paths.js';
import type { TabletRange } from '../catalog/model.js';

export interface SegmentRef {
  /** File name under `<partition dir>/data/`. */
  file: string;
  numRows: number;
  dataSize: number;
}

export interface Rowset {
  /** Id of the txn (load, compaction or replication) that produced it. */
  txnId: number;
  segments: SegmentRef[];
}

export interface TabletMetadata {
  id: number;
  version: number;
  schemaHash: number;
  rowsets: Rowset[];
  /** Epoch ms when this version was written (vacuum's grace period counts from the next version's commit). */
  commitTime: number;
  /** Range-distributed tablets: the key range (TabletMetadataPB.range); absent for hash/random tablets. */
  range?: TabletRange;
}

export const metaDir = (partitionDir: string) => path.join(partitionDir, 'meta');
export const dataDir = (partitionDir: string) => path.join(partitionDir, 'data');

export function tabletMetaPath(partitionDir: string, tabletId: number, version: number): string {
  return path.join(metaDir(partitionDir), tabletMetaName(tabletId, version));
}

/** Writes the standalone file atomically (temp file + rename); meta/ is created unless already known (known-dirs). */
export function writeTabletMeta(partitionDir: string, meta: TabletMetadata): void {
  const dir = metaDir(partitionDir);
  const file = path.join(dir, tabletMetaName(meta.id, meta.version));
  const tmp = `${file}.tmp${process.pid}`;
  const body = JSON.stringify(meta);
  writeInDirSync(dir, () => {
    fs.writeFileSync(tmp, body);
    fs.renameSync(tmp, file);
  });
}

/** The standalone `<tabletId>_<version>.meta` only; null if it does not exist. */
export function readStandaloneTabletMeta(partitionDir: string, tabletId: number, version: number): TabletMetadata | null {
  const file = tabletMetaPath(partitionDir, tabletId, version);
  // A missing file is the common case of a bundled table: answered without an ENOENT exception (costly in a hot path).
  if (fs.statSync(file, { throwIfNoEntry: false }) === undefined) return null;
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8')) as TabletMetadata;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw e;
  }
}

/**
 * Reads a tablet's metadata at a version: the standalone file, else (NotFound) the tablet's page in the bundle of
 * that version in the same meta/ dir, identity-checked; null if neither exists (e.g. vacuumed). A torn or
 * mismatching bundle throws BundleCorruptionError.
 */
export function readTabletMeta(partitionDir: string, tabletId: number, version: number): TabletMetadata | null {
  return readStandaloneTabletMeta(partitionDir, tabletId, version) ?? readBundledTabletMeta(partitionDir, tabletId, version);
}

export const metaRows = (m: TabletMetadata) => m.rowsets.reduce((n, r) => n + r.segments.reduce((a, s) => a + s.numRows, 0), 0);
export const metaBytes = (m: TabletMetadata) => m.rowsets.reduce((n, r) => n + r.segments.reduce((a, s) => a + s.dataSize, 0), 0);
