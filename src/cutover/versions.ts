// The source's partition versions as `srsync cutover` watches them (pure): which selected partitions got a new
// version between two reads, and how to say it. A new DataVersion is a load; a new VisibleVersion alone is the
// source's compaction (reference §4.3: compaction moves VisibleVersion, not DataVersion), which the target must still
// replicate (lag is source VisibleVersion > target DataVersion). A partition that appears or goes is a change too.
import type { ClusterSnapshot } from '../model/snapshot.js';

export interface PartitionVersion {
  db: string;
  table: string;
  partition: string;
  visible: number;
  data: number;
}

/** Per source physical partition id. */
export type SourceVersions = ReadonlyMap<string, PartitionVersion>;

/** Whether `db.table` is one of the tables the cutover covers. */
export type Selected = (db: string, table: string) => boolean;

/** partitions_meta rows (DB_NAME, TABLE_NAME, PARTITION_NAME, PARTITION_ID, VISIBLE_VERSION, DATA_VERSION) of selected tables. */
export function versionsOfRows(rows: ReadonlyArray<Record<string, unknown>>, selected: Selected): SourceVersions {
  const out = new Map<string, PartitionVersion>();
  for (const r of rows) {
    const db = String(r['DB_NAME'] ?? '');
    const table = String(r['TABLE_NAME'] ?? '');
    if (!selected(db, table)) continue;
    out.set(String(r['PARTITION_ID'] ?? ''), {
      db,
      table,
      partition: String(r['PARTITION_NAME'] ?? ''),
      visible: Number(r['VISIBLE_VERSION'] ?? 0),
      data: Number(r['DATA_VERSION'] ?? 0),
    });
  }
  return out;
}

/** The same, from a catalog snapshot (a full read). */
export function versionsOfSnapshot(snap: ClusterSnapshot, selected: Selected): SourceVersions {
  const out = new Map<string, PartitionVersion>();
  for (const [db, d] of snap.databases) {
    for (const [table, t] of d.tables) {
      if (!selected(db, table)) continue;
      for (const p of t.partitions.values()) {
        for (const pp of p.physical) out.set(pp.id, { db, table, partition: p.name, visible: pp.visibleVersion, data: pp.dataVersion });
      }
    }
  }
  return out;
}

/** A table whose source partitions moved between two reads, with what moved (in partition order). */
export interface TableMovement {
  db: string;
  table: string;
  /** `p1 data version 5 -> 6`, `p1 visible version 7 -> 8 (compaction)`, `p9 new`, `p3 gone`. */
  changes: string[];
  /** True when a load (a new data version, or a new or gone partition) is among the changes. */
  loads: boolean;
}

/** What moved from `before` to `after`, by table in name order. */
export function versionMovements(before: SourceVersions, after: SourceVersions): TableMovement[] {
  const by = new Map<string, TableMovement>();
  const add = (v: PartitionVersion, change: string, load: boolean) => {
    const key = `${v.db}\u0000${v.table}`;
    const m = by.get(key) ?? { db: v.db, table: v.table, changes: [], loads: false };
    m.changes.push(change);
    m.loads ||= load;
    by.set(key, m);
  };
  for (const [id, a] of after) {
    const b = before.get(id);
    if (!b) add(a, `${a.partition} new`, true);
    else if (a.data !== b.data) add(a, `${a.partition} data version ${b.data} -> ${a.data}`, true);
    else if (a.visible !== b.visible) add(a, `${a.partition} visible version ${b.visible} -> ${a.visible} (compaction)`, false);
  }
  for (const [id, b] of before) if (!after.has(id)) add(b, `${b.partition} gone`, true);
  const out = [...by.values()];
  for (const m of out) m.changes.sort();
  return out.sort((x, y) => (x.db === y.db ? (x.table < y.table ? -1 : 1) : x.db < y.db ? -1 : 1));
}

/** Changes named per table before "and N more". */
const SHOWN_CHANGES = 3;
/** Tables named before "and N more tables". */
const SHOWN_TABLES = 10;

/** `db.t (p1 data version 5 -> 6), db.u (p9 new)`. */
export function movementText(moves: readonly TableMovement[]): string {
  const table = (m: TableMovement) => {
    const head = m.changes.slice(0, SHOWN_CHANGES).join(', ');
    const more = m.changes.length > SHOWN_CHANGES ? ` and ${m.changes.length - SHOWN_CHANGES} more` : '';
    return `${m.db}.${m.table} (${head}${more})`;
  };
  const head = moves.slice(0, SHOWN_TABLES).map(table).join(', ');
  return moves.length > SHOWN_TABLES ? `${head} and ${moves.length - SHOWN_TABLES} more tables` : head;
}

/** What step 3's findings mean for the cutover. */
export type ContentVerdict =
  /** Every table in sync, the same content, the source still where it was. */
  | { kind: 'done' }
  /**
   * Only the source's compaction moved versions during the verification (no load, no partition new or gone): no
   * write reached the source, but the target must reach the compacted versions and the partitions it moved are
   * compared again, from step 1 (within --timeout).
   */
  | { kind: 'again'; why: string }
  | { kind: 'not_done'; reasons: string[] };

export function contentVerdict(o: {
  /** Tables not in sync at step 2 (0 = zero lag reached). */
  notInSync: number;
  differs: number;
  notCompared: number;
  /** What moved on the source between step 1's quiet versions and the end of step 3. */
  after: readonly TableMovement[];
}): ContentVerdict {
  const compactedOnly = o.after.length > 0 && o.after.every((m) => !m.loads);
  if (compactedOnly && o.notInSync === 0 && o.differs === 0) {
    return { kind: 'again', why: `the source compacted during the verification (no writes): ${movementText(o.after)}` };
  }
  const reasons: string[] = [];
  if (o.notInSync > 0) reasons.push(`${o.notInSync} table(s) not in sync`);
  if (o.differs > 0) reasons.push(`${o.differs} partition(s) with different content`);
  if (o.notCompared > 0) reasons.push(`${o.notCompared} partition(s) could not be compared`);
  if (o.after.length > 0) reasons.push(`the source received writes during the verification: ${movementText(o.after)}`);
  return reasons.length > 0 ? { kind: 'not_done', reasons } : { kind: 'done' };
}
