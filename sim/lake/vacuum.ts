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
 * longer in the partition (a dropped index) counts as expired.
 */
export function vacuumPartition(fe: FeState, db: Database, table: OlapTable, pp: PhysicalPartition, now = Date.now()): VacuumResult {
  const dir = partitionDir(fe, db, table, pp);
  const graceTs = now - fe.config.getInt('lake_autovacuum_grace_period_minutes') * 60_000;
  const minRetainVersion = pp.visibleVersion;
  const listing = listMeta(dir);
  const garbage = new Set<string>();
  const keep = new Set<string>();
  const deleteMeta: string[] = [];
  const retainedInBundle = new Set<number>();
  for (const tablet of tabletsOf(pp)) {
    const vs = versionsOf(listing, tablet.id);
    let floor: number | null = null;
    const retained: TabletMetadata[] = [];
    for (let i = vs.length - 1; i >= 0; i--) {
      const v = vs[i]!;
      const m = metaAt(dir, listing, tablet.id, v);
      if (!m) continue;
      const retain = v > minRetainVersion || floor === null;
      if (retain) {
        retained.push(m);
        if (listing.bundles.get(v)?.has(tablet.id)) retainedInBundle.add(v);
        if (v <= minRetainVersion && m.commitTime <= graceTs) floor = v;
        continue;
      }
      if (listing.standalone.get(tablet.id)?.includes(v)) deleteMeta.push(tabletMetaPath(dir, tablet.id, v));
      for (const f of filesOf(m)) garbage.add(f);
    }
    for (const m of retained) for (const f of filesOf(m)) keep.add(f);
  }
  for (const v of listing.bundles.keys()) if (!retainedInBundle.has(v) && v > 1) deleteMeta.push(bundleMetaPath(dir, v));
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
