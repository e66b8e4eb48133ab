// Tablet reshard jobs of range-distributed tables (TabletReshardJobMgr, SplitTabletJob, MergeTabletJob; PR #66342):
// admission (init) puts the table into TABLET_RESHARD, the leader daemon advances each job one state per round
// (PENDING → PREPARING → RUNNING → CLEANING → FINISHED), the RUNNING step rewrites the tablets and publishes a new
// visible version (txn type TXN_TABLET_RESHARD: VisibleVersion moves, DataVersion does not), FINISHED puts the
// table back to NORMAL. Automatic split (tablet_reshard_target_size) and merge (tablet_reshard_enable_tablet_merge)
// are proposed by the same daemon. Jobs live on their table (OlapTable.reshardJobs), so they survive FE restarts and
// resume where they were. See sim/fidelity/range.md.
import type { Database, MaterializedIndex, OlapTable, PhysicalPartition, Tablet, TabletRange, TabletReshardJobInfo } from '../catalog/model.js';
import { SimError } from '../fe/errors.js';
import type { FeState } from '../fe/state.js';
import { backendFor } from '../ddl/physical.js';
import { partitionDir, partitionStoragePath, tabletsOf } from '../lake/layout.js';
import { readMetasAt, writeMetasAt } from '../lake/publish.js';
import { readSegment, writeSegmentSync } from '../lake/segments.js';
import { metaBytes, type Rowset, type TabletMetadata } from '../lake/tablet-meta.js';
import type { Row } from '../lake/values.js';
import { cellText, compareTuples, isRangeTable, rangeColumns, rangeContains, rangeOf, rowKey, sortByRange } from './ranges.js';

export type ReshardJob = TabletReshardJobInfo;
export type ReshardJobType = ReshardJob['type'];
export type ReshardJobState = ReshardJob['state'];
/** One tablet to split into the given child ranges (half-open, covering the parent exactly). */
export type SplitPlan = ReshardJob['splits'][number];
/** Adjacent tablets (in range order) of one index to merge into one. */
export type MergePlan = ReshardJob['merges'][number];

const DONE = new Set<ReshardJobState>(['FINISHED', 'ABORTED']);
export const isDone = (j: ReshardJob): boolean => DONE.has(j.state);

/** Every range table with its db. */
function* olapTables(fe: FeState): Generator<{ db: Database; table: OlapTable }> {
  for (const db of fe.catalog.databases.values()) for (const t of db.tables.values()) if (t.kind === 'olap') yield { db, table: t };
}

/** Every reshard job the FE keeps (information_schema.tablet_reshard_jobs), by job id. */
export function reshardJobs(fe: FeState): ReshardJob[] {
  const out: ReshardJob[] = [];
  for (const { table } of olapTables(fe)) out.push(...(table.reshardJobs ?? []));
  return out.sort((a, b) => a.jobId - b.jobId);
}

/** Whether a replication job of the table is running (ReplicationMgr.isTableUnderReplication). */
export const isTableUnderReplication = (fe: FeState, dbId: number, tableId: number): boolean =>
  [...fe.replicationJobs.values()].some((j) => j.dbId === dbId && j.tableId === tableId && j.state !== 'COMMITTED' && j.state !== 'ABORTED');

/**
 * TabletReshardJob.init + TabletReshardJobMgr.addTabletReshardJob: a table under replication or not NORMAL refuses
 * the job; otherwise the table enters TABLET_RESHARD and the job is registered PENDING. Returns the job id.
 */
export function addReshardJob(
  fe: FeState,
  db: Database,
  table: OlapTable,
  type: ReshardJobType,
  plans: { splits?: SplitPlan[]; merges?: MergePlan[] },
): number {
  if (isTableUnderReplication(fe, db.id, table.id)) {
    throw new SimError(1064, `Table ${table.name} is under replication, tablet reshard is not allowed`);
  }
  if (table.state !== 'NORMAL') throw new SimError(1064, `Unexpected table state ${table.state} in table ${table.name}`);
  const job: ReshardJob = {
    jobId: fe.allocId(),
    type,
    state: 'PENDING',
    dbId: db.id,
    tableId: table.id,
    transactionId: 0,
    createdTimeMs: Date.now(),
    finishedTimeMs: 0,
    errorMessage: '',
    splits: plans.splits ?? [],
    merges: plans.merges ?? [],
  };
  table.state = 'TABLET_RESHARD';
  (table.reshardJobs ??= []).push(job);
  fe.onChange();
  return job.jobId;
}

const findPp = (table: OlapTable, id: number): PhysicalPartition | undefined =>
  table.partitions.flatMap((p) => p.physicalPartitions).find((pp) => pp.id === id);

/** A load (or other non-reshard) txn of the table still open: the split waits for it (the watershed txn). */
const hasOpenTxn = (fe: FeState, job: ReshardJob): boolean =>
  [...fe.transactions.values()].some(
    (t) => t.dbId === job.dbId && t.tableIds.includes(job.tableId) && (t.status === 'PREPARE' || t.status === 'COMMITTED'),
  );

function finish(fe: FeState, job: ReshardJob, table: OlapTable, error?: string): void {
  job.state = error === undefined ? 'FINISHED' : 'ABORTED';
  if (error !== undefined) job.errorMessage = error;
  job.finishedTimeMs = Date.now();
  if (table.state === 'TABLET_RESHARD') table.state = 'NORMAL';
  fe.onChange();
}

/** One round of TabletReshardJobMgr: every unfinished job moves one state; then automatic split/merge proposals; then expiry. */
export function reshardTick(fe: FeState, now = Date.now()): void {
  for (const { db, table } of [...olapTables(fe)]) {
    for (const job of table.reshardJobs ?? []) {
      if (isDone(job)) continue;
      try {
        switch (job.state) {
          case 'PENDING':
            job.transactionId = fe.allocTxnId();
            job.state = 'PREPARING';
            break;
          case 'PREPARING':
            if (hasOpenTxn(fe, job)) break; // wait for the txns begun before the job
            job.state = 'RUNNING';
            break;
          case 'RUNNING':
            runJob(fe, db, table, job);
            job.state = 'CLEANING';
            break;
          case 'CLEANING':
            finish(fe, job, table);
            break;
          default:
            finish(fe, job, table, job.errorMessage || 'aborted');
        }
        fe.onChange();
      } catch (e) {
        finish(fe, job, table, e instanceof Error ? e.message : String(e));
      }
    }
  }
  proposeJobs(fe);
  const keepMs = Number(fe.config.get('tablet_reshard_history_job_keep_max_ms'));
  for (const { table } of olapTables(fe)) {
    const jobs = table.reshardJobs;
    if (!jobs?.some((j) => isDone(j) && now - j.finishedTimeMs > keepMs)) continue;
    table.reshardJobs = jobs.filter((j) => !(isDone(j) && now - j.finishedTimeMs > keepMs));
    fe.onChange();
  }
}

// ---------------------------------------------------------------- the data step

interface TabletRows {
  /** Rows of each rowset, in rowset order (the merge order of keys tables). */
  rowsets: Array<{ txnId: number; rows: Row[] }>;
}

function readTabletRows(dir: string, uri: string, meta: TabletMetadata): TabletRows {
  return { rowsets: meta.rowsets.map((rs) => ({ txnId: rs.txnId, rows: rs.segments.flatMap((s) => readSegment(dir, s, `${uri}/data/${s.file}`)) })) };
}

/** Runs the job's tablet changes on every touched physical partition and publishes visible + 1 there. */
function runJob(fe: FeState, db: Database, table: OlapTable, job: ReshardJob): void {
  const byPp = new Map<number, { splits: SplitPlan[]; merges: MergePlan[] }>();
  const entry = (id: number) => byPp.get(id) ?? byPp.set(id, { splits: [], merges: [] }).get(id)!;
  for (const s of job.splits) entry(s.physicalPartitionId).splits.push(s);
  for (const m of job.merges) entry(m.physicalPartitionId).merges.push(m);
  const now = Date.now();
  for (const [ppId, plans] of byPp) {
    const pp = findPp(table, ppId);
    if (!pp) continue;
    const dir = partitionDir(fe, db, table, pp);
    const uri = partitionStoragePath(fe, db, table, pp);
    const metas = readMetasAt(dir, tabletsOf(pp), pp.visibleVersion, uri);
    const next = new Map<number, Rowset[]>();
    for (const [id, m] of metas) next.set(id, m.rowsets);
    for (const s of plans.splits) splitTablet(fe, table, pp, dir, uri, metas, next, s, job.transactionId);
    for (const m of plans.merges) mergeTablets(fe, table, pp, metas, next, m);
    // TXN_TABLET_RESHARD: only the version counter moves (commitVersion = visible + 1), as a compaction's does.
    const version = pp.nextVersion;
    pp.nextVersion = version + 1;
    pp.committedVersion = version;
    writeMetasAt(dir, table, pp, version, next, now);
    pp.visibleVersion = version;
    pp.visibleVersionTime = now;
  }
}

const indexOf = (pp: PhysicalPartition, indexId: number): MaterializedIndex => {
  const idx = pp.indexes.find((i) => i.id === indexId);
  if (!idx) throw new Error(`Index ${indexId} not found in partition ${pp.id}`);
  return idx;
};

function newTablet(fe: FeState, range: TabletRange): Tablet {
  const id = fe.allocId();
  return { id, backendId: backendFor(fe, id), range };
}

function splitTablet(
  fe: FeState,
  table: OlapTable,
  pp: PhysicalPartition,
  dir: string,
  uri: string,
  metas: Map<number, TabletMetadata>,
  next: Map<number, Rowset[]>,
  plan: SplitPlan,
  txnId: number,
): void {
  const index = indexOf(pp, plan.indexId);
  const pos = index.tablets.findIndex((t) => t.id === plan.parentTabletId);
  const meta = metas.get(plan.parentTabletId);
  if (pos < 0 || !meta) throw new Error(`Tablet ${plan.parentTabletId} not found in index ${plan.indexId}`);
  const cols = rangeColumns(table, plan.indexId);
  const children = plan.ranges.map((r) => newTablet(fe, r));
  const rows = readTabletRows(dir, uri, meta);
  for (const child of children) {
    const rowsets: Rowset[] = [];
    for (const rs of rows.rowsets) {
      const mine = rs.rows.filter((r) => rangeContains(cols, rangeOf(child), rowKey(cols, r)));
      if (mine.length > 0) rowsets.push({ txnId: rs.txnId, segments: [writeSegmentSync(dir, txnId, mine)] });
    }
    next.set(child.id, rowsets);
  }
  index.tablets.splice(pos, 1, ...children);
  next.delete(plan.parentTabletId);
}

function mergeTablets(
  fe: FeState,
  table: OlapTable,
  pp: PhysicalPartition,
  metas: Map<number, TabletMetadata>,
  next: Map<number, Rowset[]>,
  plan: MergePlan,
): void {
  const index = indexOf(pp, plan.indexId);
  const cols = rangeColumns(table, plan.indexId);
  const olds = sortByRange(
    cols,
    plan.tabletIds.map((id) => {
      const t = index.tablets.find((x) => x.id === id);
      if (!t || !metas.has(id)) throw new Error(`Tablet ${id} not found in index ${plan.indexId}`);
      return t;
    }),
  );
  const first = rangeOf(olds[0]!);
  const last = rangeOf(olds[olds.length - 1]!);
  const merged = newTablet(fe, { lower: first.lower, lowerIncluded: first.lowerIncluded, upper: last.upper, upperIncluded: last.upperIncluded });
  // Key ranges are disjoint: the merged tablet references the old tablets' rowsets as they are.
  next.set(
    merged.id,
    olds.flatMap((t) => metas.get(t.id)!.rowsets),
  );
  const pos = index.tablets.findIndex((t) => t.id === olds[0]!.id);
  index.tablets = index.tablets.filter((t) => !plan.tabletIds.includes(t.id));
  index.tablets.splice(Math.min(pos, index.tablets.length), 0, merged);
  for (const t of olds) next.delete(t.id);
}

// ---------------------------------------------------------------- automatic split and merge

/** Boundaries splitting `rows` into about `n` parts of equal row counts: distinct keys above the smallest one. */
function quantileBoundaries(cols: ReturnType<typeof rangeColumns>, rows: Row[], n: number): Array<Array<string | null>> {
  const keys = rows.map((r) => rowKey(cols, r)).sort((a, b) => compareTuples(cols, a, b));
  const out: Array<Array<string | null>> = [];
  let prev = keys[0];
  for (let i = 1; i < n; i++) {
    const k = keys[Math.floor((i * keys.length) / n)];
    if (!k || !prev || compareTuples(cols, k, prev) <= 0) continue; // every part must hold a key
    out.push(k.map(cellText));
    prev = k;
  }
  return out;
}

/** Half-open children of `parent` cut at `bounds` (ascending, strictly inside the parent). */
export function childRanges(parent: TabletRange, bounds: Array<Array<string | null>>): TabletRange[] {
  const out: TabletRange[] = [];
  let lower = parent.lower;
  let lowerIncluded = parent.lowerIncluded;
  for (const b of bounds) {
    out.push({ lower, lowerIncluded, upper: b, upperIncluded: false });
    lower = b;
    lowerIncluded = true;
  }
  out.push({ lower, lowerIncluded, upper: parent.upper, upperIncluded: parent.upperIncluded });
  return out;
}

const hasUnfinishedJob = (table: OlapTable) => (table.reshardJobs ?? []).some((j) => !isDone(j));

/** Proposes at most one job per eligible range table: splits of oversized tablets, else merges of small neighbours. */
function proposeJobs(fe: FeState): void {
  const target = Number(fe.config.get('tablet_reshard_target_size'));
  const maxSplit = fe.config.getInt('tablet_reshard_max_split_count');
  const mergeOn = fe.config.getBool('tablet_reshard_enable_tablet_merge');
  for (const db of fe.catalog.databases.values()) {
    for (const table of db.tables.values()) {
      if (table.kind !== 'olap' || !isRangeTable(table) || table.state !== 'NORMAL') continue;
      if (hasUnfinishedJob(table) || isTableUnderReplication(fe, db.id, table.id)) continue;
      const splits: SplitPlan[] = [];
      const merges: MergePlan[] = [];
      for (const pp of table.partitions.flatMap((p) => p.physicalPartitions)) {
        const dir = partitionDir(fe, db, table, pp);
        const uri = partitionStoragePath(fe, db, table, pp);
        let metas: Map<number, TabletMetadata>;
        try {
          metas = readMetasAt(dir, tabletsOf(pp), pp.visibleVersion, uri);
        } catch {
          continue;
        }
        for (const index of pp.indexes) {
          const cols = rangeColumns(table, index.id);
          for (const t of index.tablets) {
            const size = metaBytes(metas.get(t.id)!);
            if (size <= target) continue;
            const n = Math.min(maxSplit, Math.max(2, Math.ceil(size / target)));
            const rows = readTabletRows(dir, uri, metas.get(t.id)!).rowsets.flatMap((r) => r.rows);
            const bounds = quantileBoundaries(cols, rows, n);
            if (bounds.length === 0) continue; // a single key cannot be split
            splits.push({ physicalPartitionId: pp.id, indexId: index.id, parentTabletId: t.id, ranges: childRanges(rangeOf(t), bounds) });
          }
          if (!mergeOn || splits.length > 0) continue;
          const sorted = sortByRange(cols, index.tablets);
          for (let i = 0; i + 1 < sorted.length; i++) {
            const a = sorted[i]!;
            const b = sorted[i + 1]!;
            if (metaBytes(metas.get(a.id)!) + metaBytes(metas.get(b.id)!) > target / 2) continue;
            merges.push({ physicalPartitionId: pp.id, indexId: index.id, tabletIds: [a.id, b.id] });
            i++;
          }
        }
      }
      try {
        if (splits.length > 0) addReshardJob(fe, db, table, 'SPLIT_TABLET', { splits });
        else if (merges.length > 0) addReshardJob(fe, db, table, 'MERGE_TABLET', { merges });
      } catch {
        // refused (e.g. a replication job started): proposed again next round
      }
    }
  }
}
