// Segment files under `<partition dir>/data/`. Real StarRocks names them `<txnId:016x>_<uuid>.dat`
// (be/src/storage/lake/filenames.h gen_segment_filename); the simulator keeps that shape and writes JSON
// `{"rows": [...]}` instead of the columnar format.
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { SimError } from '../fe/errors.js';
import { hex16 } from './paths.js';
import { dataDir, type SegmentRef } from './tablet-meta.js';
import type { Row } from './values.js';

/** A file the reader needs is missing: StarRocks reports `Not found: <path>: No such file or directory`. */
export class ObjectNotFoundError extends SimError {
  constructor(readonly objectPath: string) {
    super(1064, `Not found: ${objectPath}: No such file or directory`);
    this.name = 'ObjectNotFoundError';
  }
}

/** A file exists but cannot be parsed. */
export class CorruptObjectError extends SimError {
  constructor(
    readonly objectPath: string,
    detail: string,
  ) {
    super(1064, `Corruption: Bad segment file ${objectPath}: ${detail}`);
    this.name = 'CorruptObjectError';
  }
}

export const segmentFileName = (txnId: number): string => `${hex16(txnId).toLowerCase()}_${randomUUID()}.dat`;

export function segmentPath(partitionDir: string, file: string): string {
  return path.join(dataDir(partitionDir), file);
}

export const encodeSegment = (rows: Row[]): string => JSON.stringify({ rows });

/** Writes a new segment with `rows` for a txn; returns its reference (size = bytes on disk). */
export async function writeSegment(partitionDir: string, txnId: number, rows: Row[]): Promise<SegmentRef> {
  const file = segmentFileName(txnId);
  const body = encodeSegment(rows);
  await fs.promises.mkdir(dataDir(partitionDir), { recursive: true });
  await fs.promises.writeFile(segmentPath(partitionDir, file), body);
  return { file, numRows: rows.length, dataSize: Buffer.byteLength(body) };
}

/** writeSegment, synchronously (for work that must not interleave with other statements, e.g. a rollup job). */
export function writeSegmentSync(partitionDir: string, txnId: number, rows: Row[]): SegmentRef {
  const file = segmentFileName(txnId);
  const body = encodeSegment(rows);
  fs.mkdirSync(dataDir(partitionDir), { recursive: true });
  fs.writeFileSync(segmentPath(partitionDir, file), body);
  return { file, numRows: rows.length, dataSize: Buffer.byteLength(body) };
}

/**
 * Reads a segment's rows. `displayPath` names the object in errors (e.g. its s3:// URI); default the local path.
 */
export function readSegment(partitionDir: string, ref: SegmentRef, displayPath?: string): Row[] {
  const local = segmentPath(partitionDir, ref.file);
  let text: string;
  try {
    text = fs.readFileSync(local, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') throw new ObjectNotFoundError(displayPath ?? local);
    throw e;
  }
  try {
    const parsed = JSON.parse(text) as { rows?: unknown };
    if (!Array.isArray(parsed.rows)) throw new Error('no rows');
    return parsed.rows as Row[];
  } catch (e) {
    throw new CorruptObjectError(displayPath ?? local, (e as Error).message);
  }
}

/** Removes files under data/, ignoring ones already gone. Returns how many were deleted. */
export function deleteSegments(partitionDir: string, files: Iterable<string>): number {
  let n = 0;
  for (const f of files) {
    try {
      fs.unlinkSync(segmentPath(partitionDir, f));
      n++;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
    }
  }
  return n;
}
