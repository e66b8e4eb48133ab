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
import { metaDir, readTabletMeta, tabletMetaPath, type TabletMetadata } from './tablet-meta.js';

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

/** Versions of each tablet present under meta/, ascending. */
function listVersions(dir: string): Map<number, number[]> {
  const out = new Map<number, number[]>();
  let names: string[];
  try {
    names = fs.readdirSync(metaDir(dir));
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return out;
    throw e;
  }
  for (const name of names) {
    const p = parseTabletMetaName(name);
    if (!p) continue;
    let list = out.get(p.tabletId);
    if (!list) out.set(p.tabletId, (list = []));
    list.push(p.version);
  }
  for (const l of out.values()) l.sort((a, b) => a - b);
  return out;
}

const filesOf = (m: TabletMetadata) => m.rowsets.flatMap((r) => r.segments.map((s) => s.file));

/** Vacuums one physical partition now (no naptime/stale checks). */
export function vacuumPartition(fe: FeState, db: Database, table: OlapTable, pp: PhysicalPartition, now = Date.now()): VacuumResult {
  const dir = partitionDir(fe, db, table, pp);
  const graceTs = now - fe.config.getInt('lake_autovacuum_grace_period_minutes') * 60_000;
  const minRetainVersion = pp.visibleVersion;
  const versions = listVersions(dir);
  const garbage = new Set<string>();
  const keep = new Set<string>();
  const deleteMeta: string[] = [];
  for (const tablet of tabletsOf(pp)) {
    const vs = versions.get(tablet.id) ?? [];
    let floor: number | null = null;
    const retained: TabletMetadata[] = [];
    for (let i = vs.length - 1; i >= 0; i--) {
      const v = vs[i]!;
      if (v > minRetainVersion) {
        const m = readTabletMeta(dir, tablet.id, v);
        if (m) retained.push(m);
        continue;
      }
      const m = readTabletMeta(dir, tablet.id, v);
      if (!m) continue;
      if (floor === null) {
        retained.push(m);
        if (m.commitTime <= graceTs) floor = v;
        continue;
      }
      deleteMeta.push(tabletMetaPath(dir, tablet.id, v));
      for (const f of filesOf(m)) garbage.add(f);
    }
    for (const m of retained) for (const f of filesOf(m)) keep.add(f);
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
