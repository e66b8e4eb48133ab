// INSERT: one statement = one load transaction (source type INSERT_STREAMING) that writes one segment per
// touched tablet and publishes a new version of every physical partition it touched. Any filtered row fails
// the whole statement in strict mode (StarRocks' default): the txn is aborted and nothing becomes visible.
import { randomUUID } from 'node:crypto';
import type { Database, OlapTable, Partition, PhysicalPartition } from '../catalog/model.js';
import type { FeState } from '../fe/state.js';
import { SimError } from '../fe/errors.js';
import { rowsForIndex, tabletSchemas } from './index-schema.js';
import { partitionDir, partitionStoragePath, tabletsOf } from './layout.js';
import { readMetasAt, writeMetasAt } from './publish.js';
import { FilteredValue, normalizeRow, shapeRows, type InputRow } from './row-input.js';
import { BucketRouter, loadTarget, PartitionRouter, RangeTabletRouter } from './routing.js';
import { deleteSegments, writeSegment } from './segments.js';
import type { Rowset } from './tablet-meta.js';
import { TxnManager } from './txn.js';
import type { Row } from './values.js';
import { commitLoad, publishVersion, type PartitionCommit } from './versions.js';

/** Creates a partition for automatic partitioning (provided by sim/ddl): adds it to the table, initialized. */
/** Automatic partitioning: the partition for one row's partition-column values (existing or new; sim/ddl decides). */
export type CreatePartition = (values: Array<string | null>) => Partition | Promise<Partition>;

export interface InsertOptions {
  /** `INSERT INTO t PARTITION (p1, p2)`: rows outside these partitions are filtered. */
  partitionNames?: string[];
  /** `INSERT INTO t TEMPORARY PARTITION (...)` */
  temporary?: boolean;
  /** Default `insert_<uuid>`. */
  label?: string;
  createPartition?: CreatePartition;
  /** Txn timeout; default insert_load_default_timeout_second = 3600 s. */
  timeoutMs?: number;
}

export interface InsertResult {
  txnId: number;
  label: string;
  rowCount: number;
}

const DEFAULT_INSERT_TIMEOUT_MS = 3600_000;

/** StarRocks: ERROR 5025 `Insert has filtered data in strict mode, tracking_url=...`. */
export function strictModeError(): SimError {
  const file = `error_log_insert_stmt_${randomUUID().replace(/-/g, '')}`;
  return new SimError(5025, `Insert has filtered data in strict mode, tracking_url=http://127.0.0.1:8040/api/_load_error_log?file=${file}`);
}

interface Written {
  dir: string;
  files: string[];
}

export async function insertRows(fe: FeState, db: Database, table: OlapTable, rows: InputRow[], opts: InsertOptions = {}): Promise<InsertResult> {
  const shaped = shapeRows(table, rows);
  const txns = new TxnManager(fe);
  const label = opts.label ?? `insert_${randomUUID()}`;
  const txn = txns.begin(db.id, label, 'INSERT_STREAMING', [table.id], opts.timeoutMs ?? DEFAULT_INSERT_TIMEOUT_MS);
  const written: Written[] = [];
  try {
    const byPartition = await routeRows(table, shaped, opts);
    const buckets = new BucketRouter(table, txn.id);
    const ranges = table.distribution.type === 'RANGE' ? new RangeTabletRouter(table) : null;
    // Segment writes first (async); the publish below is one synchronous step, so concurrent loads serialize.
    const pending = new Map<PhysicalPartition, Map<number, Rowset>>();
    for (const [pp, ppRows] of byPartition) {
      const dir = partitionDir(fe, db, table, pp);
      const w: Written = { dir, files: [] };
      written.push(w);
      // Every index of the partition gets the row in the same bucket (routing by the base distribution);
      // rollups / sync MVs store it projected to their columns and pre-aggregated by their keys.
      const tablets = new Map<number, Row[]>();
      for (const row of ppRows) {
        const b = ranges ? 0 : buckets.bucket(row, pp.indexes[0]?.tablets.length ?? 0);
        for (const index of pp.indexes) {
          const t = ranges ? ranges.tablet(index, row) : index.tablets[b % index.tablets.length]!;
          let list = tablets.get(t.id);
          if (!list) tablets.set(t.id, (list = []));
          list.push(row);
        }
      }
      const schemas = tabletSchemas(table, pp);
      const rowsets = new Map<number, Rowset>();
      for (const [tabletId, baseRows] of tablets) {
        const schema = schemas.get(tabletId);
        const tRows = schema ? rowsForIndex(schema, baseRows) : baseRows;
        const seg = await writeSegment(dir, txn.id, tRows);
        w.files.push(seg.file);
        rowsets.set(tabletId, { txnId: txn.id, segments: [seg] });
      }
      pending.set(pp, rowsets);
    }
    publishLoad(fe, db, table, txns, txn, pending);
    return { txnId: txn.id, label, rowCount: shaped.length };
  } catch (e) {
    txns.abort(txn, e instanceof Error ? e.message : String(e));
    for (const w of written) deleteSegments(w.dir, w.files);
    throw e;
  }
}

/** Normalizes and routes every row; creates automatic partitions on the way; any filtered row fails the load. */
async function routeRows(table: OlapTable, shaped: Array<Record<string, unknown>>, opts: InsertOptions): Promise<Map<PhysicalPartition, Row[]>> {
  const router = new PartitionRouter(table, opts);
  const out = new Map<PhysicalPartition, Row[]>();
  let filtered = 0;
  for (const raw of shaped) {
    let row: Row;
    try {
      row = normalizeRow(table, raw);
    } catch (e) {
      if (e instanceof FilteredValue) {
        filtered++;
        continue;
      }
      throw e;
    }
    let r = router.route(row);
    if (r.kind === 'create') {
      if (!opts.createPartition) {
        filtered++;
        continue;
      }
      const created = await opts.createPartition(r.values);
      router.addPartition(created);
      r = router.route(row);
    }
    if (r.kind !== 'partition') {
      filtered++;
      continue;
    }
    const pp = loadTarget(r.partition);
    let list = out.get(pp);
    if (!list) out.set(pp, (list = []));
    list.push(row);
  }
  if (filtered > 0) throw strictModeError();
  return out;
}

/** Commit + publish in one synchronous step: new metadata = visible rowsets + this load's rowset, for every tablet. */
function publishLoad(
  fe: FeState,
  db: Database,
  table: OlapTable,
  txns: TxnManager,
  txn: ReturnType<TxnManager['begin']>,
  pending: Map<PhysicalPartition, Map<number, Rowset>>,
): void {
  const now = Date.now();
  const live = new Set(table.partitions.flatMap((p) => p.physicalPartitions));
  // Read everything first: a missing visible metadata fails the load before any version moves.
  const plans = [...pending]
    .filter(([pp]) => live.has(pp))
    .map(([pp, rowsets]) => {
      const dir = partitionDir(fe, db, table, pp);
      const metas = readMetasAt(dir, tabletsOf(pp), pp.visibleVersion, partitionStoragePath(fe, db, table, pp));
      return { pp, dir, rowsets, metas };
    });
  const commits = new Map<PhysicalPartition, PartitionCommit>();
  const committed: Record<string, number> = {};
  for (const { pp } of plans) {
    const c = commitLoad(pp, now);
    commits.set(pp, c);
    committed[String(pp.id)] = c.version;
  }
  txns.commit(txn, plans.length ? { [String(table.id)]: committed } : {});
  for (const { pp, dir, rowsets, metas } of plans) {
    const c = commits.get(pp)!;
    const next = new Map<number, Rowset[]>();
    for (const t of tabletsOf(pp)) {
      const old = metas.get(t.id)!.rowsets;
      const add = rowsets.get(t.id);
      next.set(t.id, add ? [...old, add] : old);
    }
    // Segments written for tablets that left the partition meanwhile (a dropped rollup / sync MV) are garbage.
    for (const [tabletId, rs] of rowsets)
      if (!next.has(tabletId))
        deleteSegments(
          dir,
          rs.segments.map((s) => s.file),
        );
    writeMetasAt(dir, table, pp, c.version, next, now);
    publishVersion(pp, c, 'load', now);
  }
  txns.publish(txn);
  fe.onChange();
}
