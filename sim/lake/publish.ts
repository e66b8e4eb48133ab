// Reading a partition's tablet metadata at a version and writing the next version of every tablet: the CN side
// of a publish. StarRocks publishes every tablet of a touched partition, so each tablet gets a metadata file
// at each new version even when its rowsets did not change. A table with file_bundling gets one bundle per
// partition and version instead (aggregate publish, sim/lake/bundle.ts); version 1 stays standalone.
import type { OlapTable, PhysicalPartition, Tablet } from '../catalog/model.js';
import { writeBundle, writesBundle } from './bundle.js';
import { tabletSchemas } from './index-schema.js';
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

/**
 * Writes every tablet's metadata at `version` (with its index's schema hash) and sets the sizes from it: per
 * index (MaterializedIndex.dataSize/rowCount), and for the partition the bytes of every index and the rows of the
 * base index (PhysicalPartition.getDataSize / getRowCount).
 */
export function writeMetasAt(
  partitionDir: string,
  table: OlapTable,
  pp: PhysicalPartition,
  version: number,
  rowsetsByTablet: Map<number, Rowset[]>,
  now: number,
): void {
  const schemas = tabletSchemas(table, pp);
  for (const t of tabletsOf(pp)) if (!rowsetsByTablet.has(t.id)) throw new Error(`no rowsets for tablet ${t.id} of partition ${pp.id}`);
  const bundled = writesBundle(table, version);
  const pages: TabletMetadata[] = [];
  let bytes = 0;
  for (const index of pp.indexes) {
    let indexBytes = 0;
    let indexRows = 0;
    for (const t of index.tablets) {
      const rowsets = rowsetsByTablet.get(t.id)!;
      const schemaHash = schemas.get(t.id)?.schemaHash ?? table.baseIndex.schemaHash;
      const meta: TabletMetadata = { id: t.id, version, schemaHash, rowsets, commitTime: now, ...(t.range ? { range: t.range } : {}) };
      if (bundled) pages.push(meta);
      else writeTabletMeta(partitionDir, meta);
      const tBytes = metaBytes(meta);
      const tRows = metaRows(meta);
      // Range tablets differ in size (split points): keep each one's own stats for SHOW TABLET (sim/show/tablets.ts).
      if (t.range) Object.assign(t, { dataSize: tBytes, rowCount: tRows });
      indexBytes += tBytes;
      indexRows += tRows;
    }
    index.dataSize = indexBytes;
    index.rowCount = indexRows;
    bytes += indexBytes;
  }
  if (bundled && pages.length > 0) writeBundle(partitionDir, pages);
  pp.dataSize = bytes;
  pp.rowCount = pp.indexes[0]?.rowCount ?? 0;
}
