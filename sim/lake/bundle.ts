// Bundled tablet metadata (tables with `file_bundling = true`, the 4.x default for new shared-data tables).
// StarRocks' aggregate publish writes ONE object per physical partition per version, named as tablet 0:
// `meta/0000000000000000_<version:016X>.meta` (LocationProvider::bundle_tablet_metadata_location), holding every
// tablet's TabletMetadataPB as a page, then a footer BundleTabletMetadataPB (tablet id → page pointer), then the
// footer size as a fixed64 (TabletManager::put_bundle_tablet_metadata / parse_bundle_tablet_metadata, be/src/
// storage/lake/tablet_manager.cpp). Newer writers add checksums (the checksummed footer layout of PR #77362).
// The simulator keeps that structure with JSON pages and a JSON footer:
//   [page JSON]... [footer JSON] [crc32(footer) u32 LE] [u64 LE: footer size | CHECKSUM_FLAG]
// (a legacy bundle, without the flag, has no footer crc and no page crcs). Version 1 is never bundled: tablet
// creation writes standalone metadata, and get_single_tablet_metadata answers NotFound for kInitialVersion.
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import type { OlapTable } from '../catalog/model.js';
import { SimError } from '../fe/errors.js';
import { writeInDirSync } from './known-dirs.js';
import { hex16, parseTabletMetaName } from './paths.js';
import type { TabletMetadata } from './tablet-meta.js';

/** The tablet id in a bundle's file name. */
export const BUNDLE_TABLET_ID = 0;
/** Top bit of the trailing fixed64: the footer is followed by its crc32 and pages carry crc32s. */
const CHECKSUM_FLAG = 1n << 63n;
const TRAILER = 8;
const CRC = 4;

export interface PagePointer {
  offset: number;
  size: number;
  /** crc32 of the page bytes (checksummed layout only). */
  crc32?: number;
}

/** BundleTabletMetadataPB, as JSON. */
export interface BundleFooter {
  version: number;
  /** Tablet id (decimal text) → its page. */
  tablet_meta_pages: Record<string, PagePointer>;
  /** Tablet id → schema id (the simulator's schema hash). */
  tablet_to_schema: Record<string, number>;
}

/** A bundle (or one of its pages) that is torn, truncated, fails its checksum or holds another tablet. */
export class BundleCorruptionError extends SimError {
  constructor(
    readonly objectPath: string,
    detail: string,
  ) {
    super(1064, `Corruption: ${detail}`);
    this.name = 'BundleCorruptionError';
  }
}

export const bundleMetaName = (version: number): string => `${hex16(BUNDLE_TABLET_ID)}_${hex16(version)}.meta`;

export const bundleMetaPath = (partitionDir: string, version: number): string => path.join(partitionDir, 'meta', bundleMetaName(version));

/** `0000000000000000_<v>.meta` → v; null for a standalone name or anything else. */
export function parseBundleMetaName(name: string): number | null {
  const p = parseTabletMetaName(name);
  return p && p.tabletId === BUNDLE_TABLET_ID ? p.version : null;
}

/** OlapTable.isFileBundling(): the table property `file_bundling` (absent = false, e.g. tables from before 4.0). */
export const isFileBundling = (table: Pick<OlapTable, 'properties'>): boolean => (table.properties['file_bundling'] ?? '').toLowerCase() === 'true';

/** Whether a publish of `version` writes a bundle: bundled tables from version 2 on (version 1 is the creation's). */
export const writesBundle = (table: Pick<OlapTable, 'properties'>, version: number): boolean => isFileBundling(table) && version > 1;

/** The bytes of a bundle holding `metas` (all at one version, at least one). */
export function encodeBundle(metas: TabletMetadata[], checksummed = true): Buffer {
  if (metas.length === 0) throw new Error('tablet_metas cannot be empty');
  const version = metas[0]!.version;
  const pages: Buffer[] = [];
  const footer: BundleFooter = { version, tablet_meta_pages: {}, tablet_to_schema: {} };
  let offset = 0;
  for (const m of [...metas].sort((a, b) => a.id - b.id)) {
    if (m.version !== version) throw new Error(`bundle of version ${version} given tablet ${m.id} at version ${m.version}`);
    const page = Buffer.from(JSON.stringify(m));
    footer.tablet_meta_pages[String(m.id)] = { offset, size: page.length, ...(checksummed ? { crc32: zlib.crc32(page) } : {}) };
    footer.tablet_to_schema[String(m.id)] = m.schemaHash;
    pages.push(page);
    offset += page.length;
  }
  const footerBytes = Buffer.from(JSON.stringify(footer));
  const trailer = Buffer.alloc(TRAILER);
  trailer.writeBigUInt64LE(BigInt(footerBytes.length) | (checksummed ? CHECKSUM_FLAG : 0n));
  const parts = [...pages, footerBytes];
  if (checksummed) {
    const crc = Buffer.alloc(CRC);
    crc.writeUInt32LE(zlib.crc32(footerBytes));
    parts.push(crc);
  }
  parts.push(trailer);
  return Buffer.concat(parts);
}

interface ParsedBundle {
  footer: BundleFooter;
  /** Where the footer starts: every page must end before it. */
  footerOffset: number;
  checksummed: boolean;
}

/** parse_bundle_tablet_metadata: the footer of a bundle, with the size arithmetic and checksum checked. */
export function parseBundle(shown: string, buf: Buffer): ParsedBundle {
  const fileSize = buf.length;
  const torn = (size: bigint | number) =>
    new BundleCorruptionError(shown, `deserialized shared metadata(${shown}) failed, file_size(${fileSize}), bundle_metadata_size(${size})`);
  if (fileSize < TRAILER) throw torn(0);
  const raw = buf.readBigUInt64LE(fileSize - TRAILER);
  const checksummed = (raw & CHECKSUM_FLAG) !== 0n;
  const size = raw & ~CHECKSUM_FLAG;
  const suffix = BigInt(TRAILER + (checksummed ? CRC : 0));
  if (size === 0n || BigInt(fileSize) < suffix + size) throw torn(size);
  const footerOffset = fileSize - Number(suffix) - Number(size);
  const footerBytes = buf.subarray(footerOffset, footerOffset + Number(size));
  if (checksummed) {
    const expected = buf.readUInt32LE(fileSize - TRAILER - CRC);
    const actual = zlib.crc32(footerBytes);
    if (expected !== actual)
      throw new BundleCorruptionError(shown, `bundle metadata footer checksum mismatch (${shown}), expected: ${expected}, actual: ${actual}`);
  }
  let footer: BundleFooter;
  try {
    footer = JSON.parse(footerBytes.toString('utf8')) as BundleFooter;
  } catch {
    throw new BundleCorruptionError(shown, 'deserialized shared metadata failed');
  }
  if (!footer || typeof footer !== 'object' || typeof footer.tablet_meta_pages !== 'object' || footer.tablet_meta_pages === null) {
    throw new BundleCorruptionError(shown, 'deserialized shared metadata failed');
  }
  return { footer, footerOffset, checksummed };
}

/** One tablet's page of a parsed bundle, checked: bounds, checksum, parse, identity (tablet id and version). */
function pageOf(shown: string, buf: Buffer, parsed: ParsedBundle, tabletId: number, version: number): TabletMetadata {
  const ptr = parsed.footer.tablet_meta_pages[String(tabletId)];
  if (!ptr) throw new BundleCorruptionError(shown, `can not find tablet ${tabletId} from shared tablet metadata`);
  const { offset, size } = ptr;
  if (!Number.isSafeInteger(offset) || !Number.isSafeInteger(size) || offset < 0 || size <= 0 || offset + size > parsed.footerOffset) {
    throw new BundleCorruptionError(shown, `deserialized shared metadata(${shown}) failed, file_size(${buf.length}) too small(${offset}/${size})`);
  }
  const page = buf.subarray(offset, offset + size);
  if (parsed.checksummed) {
    const actual = zlib.crc32(page);
    if (ptr.crc32 !== actual) {
      throw new BundleCorruptionError(
        shown,
        `tablet ${tabletId} metadata page checksum mismatch (${shown}), expected: ${ptr.crc32}, actual: ${actual}`,
      );
    }
  }
  let meta: TabletMetadata;
  try {
    meta = JSON.parse(page.toString('utf8')) as TabletMetadata;
  } catch {
    throw new BundleCorruptionError(shown, `deserialized tablet ${tabletId} metadata failed`);
  }
  if (meta.id !== tabletId) throw new BundleCorruptionError(shown, `Tablet ID mismatch in bundle metadata, expected: ${tabletId}, found: ${meta.id}`);
  if (meta.version !== version) {
    throw new BundleCorruptionError(
      shown,
      `Tablet version mismatch in bundle metadata, tablet: ${tabletId}, expected: ${version}, found: ${meta.version}`,
    );
  }
  return meta;
}

function readFileOrNull(file: string): Buffer | null {
  try {
    return fs.readFileSync(file);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw e;
  }
}

/**
 * One tablet's metadata from the bundle of `version` in the partition's meta/ dir; null when there is no bundle
 * of that version (NotFound), and, unless `strict`, when the bundle has no page for the tablet (a tablet created
 * after that version, e.g. a rollup's). A bundle that is torn, fails a checksum or holds another tablet's page
 * throws BundleCorruptionError; so does a missing page when `strict` (get_single_tablet_metadata's "can not find
 * tablet ... from shared tablet metadata", what the replication copier gets).
 */
export function readBundledTabletMeta(partitionDir: string, tabletId: number, version: number, strict = false): TabletMetadata | null {
  if (version <= 1) return null;
  const file = bundleMetaPath(partitionDir, version);
  const buf = readFileOrNull(file);
  if (!buf) return null;
  const parsed = parseBundle(file, buf);
  if (!strict && !parsed.footer.tablet_meta_pages[String(tabletId)]) return null;
  return pageOf(file, buf, parsed, tabletId, version);
}

/** Every tablet's metadata in the bundle of `version` (get_metas_from_bundle_tablet_metadata); null if absent. */
export function readBundle(partitionDir: string, version: number): TabletMetadata[] | null {
  const file = bundleMetaPath(partitionDir, version);
  const buf = readFileOrNull(file);
  if (!buf) return null;
  const parsed = parseBundle(file, buf);
  return Object.keys(parsed.footer.tablet_meta_pages)
    .map(Number)
    .sort((a, b) => a - b)
    .map((id) => pageOf(file, buf, parsed, id, version));
}

/** Writes the bundle of one version atomically (temp file + rename, as a single object PUT). */
export function writeBundle(partitionDir: string, metas: TabletMetadata[]): void {
  const bytes = encodeBundle(metas);
  const file = bundleMetaPath(partitionDir, metas[0]!.version);
  const tmp = `${file}.tmp${process.pid}`;
  writeInDirSync(path.dirname(file), () => {
    fs.writeFileSync(tmp, bytes);
    fs.renameSync(tmp, file);
  });
}
