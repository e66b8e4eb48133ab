// The CN side of a rollup / sync MV job (LakeRollupJob): create the new tablets (empty metadata at version 1),
// fill each one from the base tablet of the same bucket at the partition's visible version (merged by the base
// keys, projected to the index's columns, aggregated by the index's keys), then publish one new version of every
// tablet of the partition (the new tablets with their data, the others unchanged; StarRocks publishes the others
// with an empty txn). Dropping an index deletes its tablets' metadata and segment files. A file_bundling table
// writes the published version as one bundle (sim/lake/publish.ts); the new tablets' version 1 stays standalone.
import fs from 'node:fs';
import type { Database, MaterializedIndex, OlapTable, PhysicalPartition, RollupIndex, Tablet } from '../catalog/model.js';
import type { FeState } from '../fe/state.js';
import { baseIndexSchema, rollupIndexSchema, rowsForIndex } from './index-schema.js';
import { ownerPartition, partitionDir, partitionStoragePath, tabletsOf } from './layout.js';
import { mergeRows } from './merge.js';
import { parseBundleMetaName, readBundle } from './bundle.js';
import { parseTabletMetaName } from './paths.js';
import { readMetasAt, writeMetasAt } from './publish.js';
import { deleteSegments, readSegment, writeSegmentSync } from './segments.js';
import { metaDir, readTabletMeta, type Rowset, writeTabletMeta } from './tablet-meta.js';
import type { Row } from './values.js';
import { PARTITION_INIT_VERSION } from './versions.js';

/**
 * Builds the index in every physical partition listed in `commitVersions` (physical partition id → the version to
 * write). Throws before writing anything (no file, no size change; the FE moves no version) when a base file is missing.
 */
export function buildRollupIndex(
  fe: FeState,
  db: Database,
  table: OlapTable,
  rollup: RollupIndex,
  commitVersions: Map<number, number>,
  txnId: number,
  now = Date.now(),
): void {
  const schema = rollupIndexSchema(rollup);
  const base = baseIndexSchema(table);
  // Everything is read first: a missing base file fails the job before any file is written or any size moves.
  const plans: Array<{
    pp: PhysicalPartition;
    dir: string;
    version: number;
    tablets: Tablet[];
    next: Map<number, Rowset[]>;
    built: Map<number, Row[]>;
  }> = [];
  for (const p of table.partitions) {
    for (const pp of p.physicalPartitions) {
      const version = commitVersions.get(pp.id);
      if (version === undefined) continue;
      const index = pp.indexes.find((i) => i.id === rollup.indexId);
      const baseIndex = pp.indexes.find((i) => i.id === base.indexId);
      if (!index || !baseIndex) throw new Error(`partition ${pp.id} has no index ${rollup.indexId}`);
      const dir = partitionDir(fe, db, table, pp);
      const uri = partitionStoragePath(fe, db, table, pp);
      const others = tabletsOf(pp).filter((t) => !index.tablets.includes(t));
      const current = readMetasAt(dir, others, pp.visibleVersion, uri);
      const next = new Map<number, Rowset[]>();
      for (const [id, m] of current) next.set(id, m.rowsets);
      const built = new Map<number, Row[]>();
      index.tablets.forEach((t, bucket) => {
        const baseTablet = baseIndex.tablets[bucket % baseIndex.tablets.length]!;
        const meta = current.get(baseTablet.id)!;
        const rows = mergeRows(
          table,
          meta.rowsets.flatMap((rs) => rs.segments.flatMap((s) => readSegment(dir, s, `${uri}/data/${s.file}`))),
        );
        built.set(t.id, rowsForIndex(schema, rows));
      });
      plans.push({ pp, dir, version, tablets: index.tablets, next, built });
    }
  }
  for (const { pp, dir, version, tablets, next, built } of plans) {
    // CreateReplicaTask: every new tablet starts with empty metadata at PARTITION_INIT_VERSION.
    for (const t of tablets) {
      writeTabletMeta(dir, { id: t.id, version: PARTITION_INIT_VERSION, schemaHash: rollup.schemaHash, rowsets: [], commitTime: now });
      const out = built.get(t.id)!;
      next.set(t.id, out.length > 0 ? [{ txnId, segments: [writeSegmentSync(dir, txnId, out)] }] : []);
    }
    writeMetasAt(dir, table, pp, version, next, now);
  }
  fe.onChange();
}

/** Deletes the metadata (every version) and the segment files of the dropped index's tablets. */
export function dropRollupIndexData(
  fe: FeState,
  db: Database,
  table: OlapTable,
  removed: Array<{ pp: PhysicalPartition; index: MaterializedIndex }>,
): void {
  for (const { pp, index } of removed) {
    if (!ownerPartition(table, pp)) continue;
    const dir = partitionDir(fe, db, table, pp);
    const ids = new Set(index.tablets.map((t) => t.id));
    let names: string[];
    try {
      names = fs.readdirSync(metaDir(dir));
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') continue;
      throw e;
    }
    const files = new Set<string>();
    for (const name of names) {
      // A bundle (file_bundling) is shared with the other tablets: it stays (vacuum deletes it once every page
      // in it has expired), the dropped tablets' segments go.
      const bundleVersion = parseBundleMetaName(name);
      if (bundleVersion !== null) {
        for (const meta of readBundle(dir, bundleVersion) ?? []) {
          if (ids.has(meta.id)) for (const rs of meta.rowsets) for (const s of rs.segments) files.add(s.file);
        }
        continue;
      }
      const parsed = parseTabletMetaName(name);
      if (!parsed || !ids.has(parsed.tabletId)) continue;
      const meta = readTabletMeta(dir, parsed.tabletId, parsed.version);
      for (const rs of meta?.rowsets ?? []) for (const s of rs.segments) files.add(s.file);
      fs.rmSync(`${metaDir(dir)}/${name}`, { force: true });
    }
    // A segment belongs to one tablet (loads, compaction and replication write one per tablet).
    deleteSegments(dir, files);
    // The partition's sizes no longer count the dropped index.
    pp.dataSize = Math.max(0, pp.dataSize - (index.dataSize ?? 0));
  }
  fe.onChange();
}
