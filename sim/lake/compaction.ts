// The compaction daemon step (CompactionScheduler for cloud-native tables). Each compaction is a LAKE_COMPACTION
// transaction over one physical partition: every tablet with more than one segment gets its rows merged into one
// new segment, and a new version is published: VisibleVersion and CompactVersion move, DataVersion, VersionEpoch
// and VersionTxnType do not. Input files stay until vacuum removes the versions that reference them.
import type { Database, OlapTable, PhysicalPartition } from '../catalog/model.js';
import type { FeState } from '../fe/state.js';
import { partitionDir, partitionStoragePath, tabletsOf } from './layout.js';
import { tabletSchemas } from './index-schema.js';
import { mergeRowsBy } from './merge.js';
import { readMetasAt, writeMetasAt } from './publish.js';
import { deleteSegments, readSegment, writeSegment } from './segments.js';
import type { Rowset, TabletMetadata } from './tablet-meta.js';
import { TxnManager } from './txn.js';
import type { Row } from './values.js';
import { commitCompaction, publishVersion } from './versions.js';

/** Scheduler memory that StarRocks keeps in CompactionMgr (not persisted): next allowed time and running jobs. */
export class CompactionSchedule {
  readonly nextTime = new Map<number, number>();
  readonly running = new Set<number>();
}

export interface CompactionReport {
  compacted: number[];
  failed: Array<{ physicalPartitionId: number; error: string }>;
}

interface Candidate {
  db: Database;
  table: OlapTable;
  pp: PhysicalPartition;
}

const COMPACTION_TXN_TIMEOUT_MS = 86_400_000;

/** Partitions with data loaded (or replicated) since their last compaction, oldest visible version time first. */
export function compactionCandidates(fe: FeState, now: number, schedule: CompactionSchedule): Candidate[] {
  const out: Candidate[] = [];
  for (const db of fe.catalog.databases.values()) {
    for (const table of db.tables.values()) {
      if (table.kind !== 'olap') continue;
      for (const p of table.partitions) {
        for (const pp of p.physicalPartitions) {
          if (pp.dataVersion <= pp.lastCompactedDataVersion) continue;
          if (schedule.running.has(pp.id) || now < (schedule.nextTime.get(pp.id) ?? 0)) continue;
          out.push({ db, table, pp });
        }
      }
    }
  }
  return out.sort((a, b) => a.pp.visibleVersionTime - b.pp.visibleVersionTime);
}

/**
 * One daemon step: compacts up to `lake_compaction_max_tasks` partitions (-1 = adaptive, treated as no limit;
 * 0 = compaction disabled). Failures abort the compaction txn and are reported, never thrown.
 */
export async function compactionTick(fe: FeState, now = Date.now(), schedule = new CompactionSchedule()): Promise<CompactionReport> {
  const report: CompactionReport = { compacted: [], failed: [] };
  const maxTasks = fe.config.getInt('lake_compaction_max_tasks');
  if (maxTasks === 0) return report;
  let picked = compactionCandidates(fe, now, schedule);
  if (maxTasks > 0) picked = picked.slice(0, Math.max(0, maxTasks - schedule.running.size));
  const interval = fe.config.getInt('lake_compaction_interval_ms_on_success');
  await Promise.all(
    picked.map(async (c) => {
      schedule.running.add(c.pp.id);
      try {
        await compactPartition(fe, c.db, c.table, c.pp);
        report.compacted.push(c.pp.id);
      } catch (e) {
        report.failed.push({ physicalPartitionId: c.pp.id, error: e instanceof Error ? e.message : String(e) });
      } finally {
        schedule.running.delete(c.pp.id);
        schedule.nextTime.set(c.pp.id, Date.now() + interval);
      }
    }),
  );
  return report;
}

const sameFiles = (a: Rowset, b: Rowset) => a.segments.length === b.segments.length && a.segments.every((s, i) => s.file === b.segments[i]!.file);

/** Runs one compaction transaction over a physical partition; resolves with the published version. */
export async function compactPartition(fe: FeState, db: Database, table: OlapTable, pp: PhysicalPartition): Promise<number> {
  const txns = new TxnManager(fe);
  const label = `COMPACTION_${db.id}-${table.id}-${pp.id}-${Date.now()}`;
  const txn = txns.begin(db.id, label, 'LAKE_COMPACTION', [table.id], COMPACTION_TXN_TIMEOUT_MS);
  const dir = partitionDir(fe, db, table, pp);
  const uri = partitionStoragePath(fe, db, table, pp);
  const outputs: string[] = [];
  try {
    const baseDataVersion = pp.dataVersion;
    const inputs = readMetasAt(dir, tabletsOf(pp), pp.visibleVersion, uri);
    const schemas = tabletSchemas(table, pp);
    const results = new Map<number, { inputs: Rowset[]; output: Rowset[] }>();
    for (const [tabletId, meta] of inputs) {
      const segCount = meta.rowsets.reduce((n, r) => n + r.segments.length, 0);
      if (segCount < 2) continue;
      const rows: Row[] = [];
      for (const rs of meta.rowsets) for (const s of rs.segments) rows.push(...readSegment(dir, s, `${uri}/data/${s.file}`));
      // Each tablet merges by its own index's keys (a rollup / sync MV aggregates by its keys).
      const merged = mergeRowsBy(schemas.get(tabletId) ?? table, rows);
      const output: Rowset[] = [];
      if (merged.length > 0) {
        const seg = await writeSegment(dir, txn.id, merged);
        outputs.push(seg.file);
        output.push({ txnId: txn.id, segments: [seg] });
      }
      results.set(tabletId, { inputs: meta.rowsets, output });
    }
    return publishCompaction(fe, db, table, pp, txns, txn, dir, uri, results, baseDataVersion);
  } catch (e) {
    txns.abort(txn, e instanceof Error ? e.message : String(e));
    deleteSegments(dir, outputs);
    throw e;
  }
}

function publishCompaction(
  fe: FeState,
  db: Database,
  table: OlapTable,
  pp: PhysicalPartition,
  txns: TxnManager,
  txn: ReturnType<TxnManager['begin']>,
  dir: string,
  uri: string,
  results: Map<number, { inputs: Rowset[]; output: Rowset[] }>,
  baseDataVersion: number,
): number {
  if (!table.partitions.some((p) => p.physicalPartitions.includes(pp)) || ![...db.tables.values()].includes(table)) {
    throw new Error(`partition ${pp.id} was dropped during compaction`);
  }
  const now = Date.now();
  // Rebase on what is visible now: loads published meanwhile only appended rowsets after the inputs.
  const current: Map<number, TabletMetadata> = readMetasAt(dir, tabletsOf(pp), pp.visibleVersion, uri);
  const next = new Map<number, Rowset[]>();
  for (const [tabletId, meta] of current) {
    const r = results.get(tabletId);
    if (!r) {
      next.set(tabletId, meta.rowsets);
      continue;
    }
    const prefixOk = r.inputs.length <= meta.rowsets.length && r.inputs.every((rs, i) => sameFiles(rs, meta.rowsets[i]!));
    if (!prefixOk) throw new Error(`compaction input of tablet ${tabletId} changed (conflict with a concurrent publish)`);
    next.set(tabletId, [...r.output, ...meta.rowsets.slice(r.inputs.length)]);
  }
  const c = commitCompaction(pp);
  txns.commit(txn, { [String(table.id)]: { [String(pp.id)]: c.version } });
  writeMetasAt(dir, table, pp, c.version, next, now);
  publishVersion(pp, c, 'compaction', now);
  pp.lastCompactedDataVersion = baseDataVersion;
  txns.publish(txn);
  fe.onChange();
  return c.version;
}
