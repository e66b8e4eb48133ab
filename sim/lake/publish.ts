// Reading a partition's tablet metadata at a version and writing the next version of every tablet: the CN side
// of a publish. StarRocks publishes every tablet of a touched partition, so each tablet gets a metadata file
// at each new version even when its rowsets did not change.
import type { OlapTable, PhysicalPartition, Tablet } from '../catalog/model.js';
import { tabletsOf } from './layout.js';
import { ObjectNotFoundError } from './segments.js';
import { metaBytes, metaRows, readTabletMeta, tabletMetaPath, writeTabletMeta, type Rowset, type TabletMetadata } from './tablet-meta.js';
import { tabletMetaName } from './paths.js';

/**
 * Metadata of the given tablets at `version`. A missing file throws ObjectNotFoundError naming
 * `<displayBase>/meta/<file>` (the s3:// URI when given) or the local path.
 */
export function readMetasAt(partitionDir: string, tablets: Tablet[], version: number, displayBase?: string): Map<number, TabletMetadata> {
  const out = new Map<number, TabletMetadata>();
  for (const t of tablets) {
    const m = readTabletMeta(partitionDir, t.id, version);
    if (!m) {
      const shown = displayBase ? `${displayBase}/meta/${tabletMetaName(t.id, version)}` : tabletMetaPath(partitionDir, t.id, version);
      throw new ObjectNotFoundError(shown);
    }
    out.set(t.id, m);
  }
  return out;
}

/** Writes every tablet's metadata at `version` and sets the partition's dataSize/rowCount from it. */
export function writeMetasAt(
  partitionDir: string,
  table: OlapTable,
  pp: PhysicalPartition,
  version: number,
  rowsetsByTablet: Map<number, Rowset[]>,
  now: number,
): void {
  let bytes = 0;
  let rows = 0;
  for (const t of tabletsOf(pp)) {
    const rowsets = rowsetsByTablet.get(t.id);
    if (!rowsets) throw new Error(`no rowsets for tablet ${t.id} of partition ${pp.id}`);
    const meta: TabletMetadata = { id: t.id, version, schemaHash: table.baseIndex.schemaHash, rowsets, commitTime: now };
    writeTabletMeta(partitionDir, meta);
    bytes += metaBytes(meta);
    rows += metaRows(meta);
  }
  pp.dataSize = bytes;
  pp.rowCount = rows;
}
