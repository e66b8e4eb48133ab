// Bytes behind and bytes copied, from the plans' partition data sizes and the jobs that finished (plain data; the
// sync ledger holds one). Sizes are the source catalog's partition DATA_SIZE (as the planner puts them in
// ReplicationPartitionWork): a partition counts with its whole source size while its target is behind, and a job
// carrying it is credited with that size when it finishes. A first copy moves that whole size; a catch-up job
// moves only the versions the target lacks, so for catch-up these are the sizes of the partitions concerned, not
// the bytes sent over the network. Lists are replaced, never edited in place.
import type { Plan } from '../planner/actions.js';

/** A physical partition whose target DataVersion is behind the source VisibleVersion (as of its table's last plan). */
export interface LaggingPartition {
  /** Source physical partition id. */
  readonly id: string;
  /** Source data size, bytes. */
  readonly bytes: number;
  /** Source VisibleVersion − target DataVersion. */
  readonly versions: number;
  /** The source VisibleVersion the target must reach. */
  readonly srcVersion: number;
  readonly tgtDataVersion: number;
  /** Epoch ms of the first plan that found this partition behind (and it has not caught up since). */
  readonly behindSince: number;
}

export interface ByteLedger {
  /**
   * Per table whose last plan covered it: its lagging partitions in plan (= job) order; [] when in sync. A table
   * missing here has no known size (not on the target yet, blocked, its DDL pending, not read yet).
   */
  tables: Map<string, readonly LaggingPartition[]>;
  /** Tables found with nothing behind (by a plan, or after their last job) while this ledger was current. */
  caughtUp: Set<string>;
  /** Finished jobs, oldest first. */
  credits: Credit[];
  /**
   * Per table, partitions a plan found caught up while listed behind (the target reached their version before the
   * job's end was seen): the next finished job of the table is credited with them first.
   */
  landed: Map<string, { partitions: LaggingPartition[]; initial: boolean }>;
}

/** A finished job: the source data size of the partitions it brought to the source version. */
export interface Credit {
  /** Epoch ms. */
  readonly at: number;
  /** `db.table`. */
  readonly table: string;
  readonly bytes: number;
  /** The table had not been found caught up in this ledger before (its initial copy, unless an earlier ledger found it). */
  readonly initial: boolean;
}

export function emptyByteLedger(): ByteLedger {
  return { tables: new Map(), caughtUp: new Set(), credits: [], landed: new Map() };
}

const key = (db: string, table: string) => `${db}.${table}`;

/** Folds a (full or scoped) plan's findings for the tables it covers into `b` (mutates it); `now` = when planned. */
export function bytesWithPlan(b: ByteLedger, p: Plan, now: number): void {
  for (const n of p.notes) if (n.table !== undefined) b.tables.delete(key(n.db, n.table));
  for (const w of p.replication) {
    const k = key(w.db, w.table);
    const before = new Map((b.tables.get(k) ?? []).map((x) => [x.id, x.behindSince]));
    const list: LaggingPartition[] = [];
    for (const j of w.jobs)
      for (const x of j.partitions)
        list.push({
          id: x.srcPhysicalId,
          bytes: x.dataSize,
          versions: Math.max(0, x.srcVersion - x.tgtDataVersion),
          srcVersion: x.srcVersion,
          tgtDataVersion: x.tgtDataVersion,
          behindSince: before.get(x.srcPhysicalId) ?? now,
        });
    land(b, k, caughtUpBetween(b.tables.get(k), list));
    b.tables.set(k, list);
  }
  for (const k of p.inSync) {
    land(b, k, caughtUpBetween(b.tables.get(k), []));
    b.tables.set(k, []);
    b.caughtUp.add(k);
  }
}

function land(b: ByteLedger, k: string, partitions: readonly LaggingPartition[]): void {
  if (partitions.length === 0) return;
  const l = b.landed.get(k);
  if (l) l.partitions.push(...partitions);
  else b.landed.set(k, { partitions: [...partitions], initial: !b.caughtUp.has(k) });
}

/** The partitions of `before` that `after` no longer has behind: gone, or the target reached the version they had to reach. */
export function caughtUpBetween(before: readonly LaggingPartition[] | undefined, after: readonly LaggingPartition[]): LaggingPartition[] {
  if (!before || before.length === 0) return [];
  const now = new Map(after.map((x) => [x.id, x]));
  return before.filter((x) => {
    const y = now.get(x.id);
    return !y || y.tgtDataVersion >= x.srcVersion;
  });
}

/**
 * A job of `k` carrying `partitions` partitions finished: the first `partitions` lagging partitions of the table
 * (its jobs run in plan order, each a run of the plan's partitions) are credited and no longer behind.
 */
export function bytesJobFinished(b: ByteLedger, k: string, partitions: number, now: number): void {
  const list = b.tables.get(k);
  const landed = b.landed.get(k);
  if ((!list && !landed) || partitions <= 0) return;
  // Partitions a plan already saw arrive first (they are no longer in the list), then the list's first ones.
  const fromLanded = landed ? landed.partitions.splice(0, partitions) : [];
  if (landed && landed.partitions.length === 0) b.landed.delete(k);
  const rest = partitions - fromLanded.length;
  const fromList = list ? list.slice(0, rest) : [];
  const bytes = [...fromLanded, ...fromList].reduce((n, x) => n + x.bytes, 0);
  b.credits.push({ at: now, table: k, bytes, initial: fromLanded.length > 0 ? landed!.initial : !b.caughtUp.has(k) });
  if (list) {
    b.tables.set(k, list.slice(rest));
    if (list.length <= rest) b.caughtUp.add(k);
  }
}

/** A new ledger (a full round) keeps when each partition still behind was first seen behind by the previous one. */
export function carryBehindSince(prev: ByteLedger, next: ByteLedger): void {
  for (const [k, list] of next.tables) {
    const old = prev.tables.get(k);
    if (!old || list.length === 0) continue;
    const since = new Map(old.map((x) => [x.id, x.behindSince]));
    next.tables.set(
      k,
      list.map((x) => {
        const s = since.get(x.id);
        return s !== undefined && s < x.behindSince ? { ...x, behindSince: s } : x;
      }),
    );
  }
}

/** One table's lag: null figures when its size is not known. */
export interface TableLag {
  partitions: number | null;
  versions: number | null;
  bytes: number | null;
  /** Seconds since the oldest lagging partition was first found behind; 0 in sync. */
  seconds: number | null;
}

export function tableLag(list: readonly LaggingPartition[] | undefined, now: number): TableLag {
  if (!list) return { partitions: null, versions: null, bytes: null, seconds: null };
  let versions = 0;
  let bytes = 0;
  let since = Infinity;
  for (const x of list) {
    versions += x.versions;
    bytes += x.bytes;
    since = Math.min(since, x.behindSince);
  }
  return { partitions: list.length, versions, bytes, seconds: list.length === 0 ? 0 : Math.max(0, Math.floor((now - since) / 1000)) };
}

/** Sum of numbers, null when any is null (unknown stays unknown). */
export function sumKnown(values: Iterable<number | null>): number | null {
  let total = 0;
  for (const v of values) {
    if (v === null) return null;
    total += v;
  }
  return total;
}
