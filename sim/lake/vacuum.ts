// The autovacuum daemon step (fe lake/vacuum/AutovacuumDaemon.java + be storage/lake/vacuum.cpp).
// Per partition, at most every lake_autovacuum_partition_naptime_seconds, skipping partitions still at version 1
// and partitions without a new version for 12 hours (lake_autovacuum_stale_partition_threshold):
//   grace = now − lake_autovacuum_grace_period_minutes; walking a tablet's versions down from the visible one,
//   versions committed after `grace` are kept, and so is the newest version committed at or before it; every
//   older version's metadata file is deleted, then the segment files those deleted versions referenced that no
//   remaining metadata of the partition references. The visible version is never deleted.
import fs from 'node:fs';
import type { Database, OlapTable, PhysicalPartition } from '../catalog/model.js';
import type { FeState } from '../fe/state.js';
import { partitionDir, tabletsOf } from './layout.js';
import { parseTabletMetaName } from './paths.js';
import { deleteSegments } from './segments.js';
import { bundleMetaPath, parseBundleMetaName, readBundle } from './bundle.js';
import { metaDir, readStandaloneTabletMeta, tabletMetaPath, type TabletMetadata } from './tablet-meta.js';

/** Config.lake_autovacuum_stale_partition_threshold default (hours), not an FE config key of the simulator. */
export const STALE_PARTITION_THRESHOLD_MS = 12 * 3_600_000;

/** Partition.nextVacuumTime (transient in StarRocks too). */
export class VacuumSchedule {
  readonly nextTime = new Map<number, number>();
}

export interface VacuumResult {
  deletedMetaFiles: number;
  deletedDataFiles: number;
}

export interface VacuumReport extends VacuumResult {
  partitions: number[];
}

/** What meta/ holds: standalone versions per tablet (ascending) and, per bundle version, the bundle's tablets. */
interface MetaListing {
  standalone: Map<number, number[]>;
  bundles: Map<number, Map<number, TabletMetadata>>;
}

function listMeta(dir: string): MetaListing {
  const out: MetaListing = { standalone: new Map(), bundles: new Map() };
  let names: string[];
  try {
    names = fs.readdirSync(metaDir(dir));
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return out;
    throw e;
  }
  for (const name of names) {
    const bundleVersion = parseBundleMetaName(name);
    if (bundleVersion !== null) {
      const metas = readBundle(dir, bundleVersion);
      if (metas) out.bundles.set(bundleVersion, new Map(metas.map((m) => [m.id, m])));
      continue;
    }
    const p = parseTabletMetaName(name);
    if (!p) continue;
    let list = out.standalone.get(p.tabletId);
    if (!list) out.standalone.set(p.tabletId, (list = []));
    list.push(p.version);
  }
  return out;
}

/** A tablet's versions under meta/ (standalone or in a bundle), ascending. */
function versionsOf(listing: MetaListing, tabletId: number): number[] {
  const vs = new Set(listing.standalone.get(tabletId) ?? []);
  for (const [v, metas] of listing.bundles) if (metas.has(tabletId)) vs.add(v);
  return [...vs].sort((a, b) => a - b);
}

/** The tablet's metadata at v: the standalone file first, then its page of the bundle of v. */
function metaAt(dir: string, listing: MetaListing, tabletId: number, v: number): TabletMetadata | null {
  if (listing.standalone.get(tabletId)?.includes(v)) {
    const m = readStandaloneTabletMeta(dir, tabletId, v);
    if (m) return m;
  }
  return listing.bundles.get(v)?.get(tabletId) ?? null;
}

const filesOf = (m: TabletMetadata) => m.rowsets.flatMap((r) => r.segments.map((s) => s.file));

/**
 * Vacuums one physical partition now (no naptime/stale checks). A bundle (file_bundling) is deleted once every
 * tablet metadata in it is expired (vacuum.cpp: ALL_TABLETS_TO_BE_DELETED); a tablet of the bundle that is no
 * longer in the partition (a dropped index) counts as expired. Standalone metadata is read only where it decides
 * something: the commit time of a version that could become the floor, the files of a version to delete, and,
 * only when there is garbage, the files of the retained versions; a partition with nothing to delete costs a
 * listing and its bundles (sim/fidelity/lake.md).
 */
export function vacuumPartition(fe: FeState, db: Database, table: OlapTable, pp: PhysicalPartition, now = Date.now()): VacuumResult {
  const dir = partitionDir(fe, db, table, pp);
  const graceTs = now - fe.config.getInt('lake_autovacuum_grace_period_minutes') * 60_000;
  const minRetainVersion = pp.visibleVersion;
  const listing = listMeta(dir);
  const garbage = new Set<string>();
  const deleteMeta: string[] = [];
  const retainedInBundle = new Set<number>();
  /** Retained versions whose files have not been read: needed only if something is garbage. */
  const unread: Array<{ tabletId: number; v: number }> = [];
  const keep = new Set<string>();
  for (const tablet of tabletsOf(pp)) {
    const vs = versionsOf(listing, tablet.id);
    let floor: number | null = null;
    for (let i = vs.length - 1; i >= 0; i--) {
      const v = vs[i]!;
      const inBundle = listing.bundles.get(v)?.has(tablet.id) ?? false;
      // Retained whatever its content (above the visible version, or the last one before a floor is found):
      // only its existence matters now, and a bundle page exists (metaAt reads the standalone file first).
      const retainedAnyway = v > minRetainVersion || (floor === null && i === 0);
      if (retainedAnyway && !inBundle) {
        unread.push({ tabletId: tablet.id, v });
        continue;
      }
      const m = metaAt(dir, listing, tablet.id, v);
      if (!m) continue;
      const retain = v > minRetainVersion || floor === null;
      if (retain) {
        for (const f of filesOf(m)) keep.add(f);
        if (inBundle) retainedInBundle.add(v);
        if (v <= minRetainVersion && m.commitTime <= graceTs) floor = v;
        continue;
      }
      if (listing.standalone.get(tablet.id)?.includes(v)) deleteMeta.push(tabletMetaPath(dir, tablet.id, v));
      for (const f of filesOf(m)) garbage.add(f);
    }
  }
  for (const v of listing.bundles.keys()) if (!retainedInBundle.has(v) && v > 1) deleteMeta.push(bundleMetaPath(dir, v));
  if (garbage.size > 0) {
    for (const { tabletId, v } of unread) {
      const m = metaAt(dir, listing, tabletId, v);
      if (m) for (const f of filesOf(m)) keep.add(f);
    }
  }
  for (const f of keep) garbage.delete(f);
  const deletedDataFiles = deleteSegments(dir, garbage);
  let deletedMetaFiles = 0;
  for (const p of deleteMeta) {
    try {
      fs.unlinkSync(p);
      deletedMetaFiles++;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
    }
  }
  return { deletedMetaFiles, deletedDataFiles };
}

/** One daemon step over every cloud-native table. Errors of one partition do not stop the others. */
export function vacuumTick(fe: FeState, now = Date.now(), schedule = new VacuumSchedule()): VacuumReport {
  const report: VacuumReport = { partitions: [], deletedMetaFiles: 0, deletedDataFiles: 0 };
  const naptimeMs = fe.config.getInt('lake_autovacuum_partition_naptime_seconds') * 1000;
  for (const db of fe.catalog.databases.values()) {
    for (const table of db.tables.values()) {
      if (table.kind !== 'olap') continue;
      for (const p of table.partitions) {
        for (const pp of p.physicalPartitions) {
          if (pp.visibleVersion <= 1) continue;
          if (pp.visibleVersionTime <= now - STALE_PARTITION_THRESHOLD_MS) continue;
          if (now < (schedule.nextTime.get(pp.id) ?? 0)) continue;
          try {
            const r = vacuumPartition(fe, db, table, pp, now);
            report.partitions.push(pp.id);
            report.deletedMetaFiles += r.deletedMetaFiles;
            report.deletedDataFiles += r.deletedDataFiles;
          } catch {
            // StarRocks logs and retries after the naptime.
          }
          schedule.nextTime.set(pp.id, now + naptimeMs);
        }
      }
    }
  }
  return report;
}
