// The byte figures of a run (copied, behind, throughput, ETA, lag per table): what outlives one sync ledger. A full
// round replaces the ledger; the tracker takes the credits each ledger received since it last looked (the
// publisher looks every second and just before a full round replaces the ledger), carries the "behind since"
// times over to the new ledger, and keeps the run's totals. Computation only: the caller says what time it is.
import { carryBehindSince, caughtUpBetween, sumKnown, tableLag, type ByteLedger, type TableLag } from './bytes.js';
import { etaSeconds, throughput, type TimedBytes } from './eta.js';

/** The window of the throughput (and so of the ETAs). */
export const THROUGHPUT_WINDOW_MS = 300_000;
/** Most tables listed with their lag. */
export const LAG_TABLES_SHOWN = 100;

export interface TableBytes extends TableLag {
  /** `db.table`. */
  table: string;
  /** Synchronized at least once in this run (the log line's finished table). */
  synced: boolean;
  /** Its initial copy is done: the target has had all its source data once in this run (see ByteFigures.initialCopy). */
  initialCopyDone: boolean;
  /** Credited to this run's finished jobs of the table. */
  copiedBytes: number;
}

export interface CopyFigures {
  /** Bytes still behind; null when a table concerned has no known size (`tablesSizeUnknown`). */
  remainingBytes: number | null;
  /** The part of remainingBytes over the tables whose size is known. */
  remainingBytesKnown: number;
  tablesSizeUnknown: number;
  /** remainingBytes at the current throughput; 0 when nothing remains, null when unknown. */
  etaSeconds: number | null;
}

export interface ByteFigures {
  /** Source data size of the partitions brought to the source version by this run's finished jobs. */
  copiedBytes: number;
  /**
   * Data size of the tables in scope at the last catalog read: copiedBytes above it is data copied more than once
   * (a job copies its partitions whole, e.g. a load's version and then its compaction's); null when unknown.
   */
  catalogBytes: number | null;
  /** copiedBytes per second over the window (or since the start when shorter); null before any time passed. */
  bytesPerSecond: number | null;
  windowSeconds: number;
  /**
   * Until the target has had all the source data of every table in scope once in this run (a table with several
   * jobs is done after its last one; one found in sync is done): the tables not done yet.
   */
  initialCopy: CopyFigures & {
    tables: number;
    tablesDone: number;
    /** Credited to tables before they were done. */
    copiedBytes: number;
    /** copiedBytes + remainingBytes; null when remainingBytes is. */
    totalBytes: number | null;
  };
  /** Everything behind now (initial copy included): until the target has every table's data the source has now. */
  catchUp: CopyFigures;
  /** Over the tables in scope: sums of versions and bytes behind, the largest lag in seconds; null when unknown. */
  lag: { versions: number | null; bytes: number | null; seconds: number | null };
  /** Tables behind or of unknown size, most bytes behind first (unknown first), at most LAG_TABLES_SHOWN. */
  tables: TableBytes[];
  /** Tables behind or of unknown size (tables lists the first of them). */
  tablesBehind: number;
}

export interface TrackerView {
  ledger: ByteLedger;
  inScope: Iterable<string>;
  /** Data size of the tables in scope at the last catalog read; unknown when not given. */
  catalogBytes?: number;
  /** Synchronized at least once in this run. */
  synced: (k: string) => boolean;
  /** A job of the table is on the target, or one finished since the previous look (default: true). */
  jobActive?: (k: string) => boolean;
}

export class ByteTracker {
  private ledger: ByteLedger | null = null;
  /** Credits of `ledger` already taken. */
  private taken = 0;
  private copied = 0;
  private initialCopied = 0;
  private readonly copiedByTable = new Map<string, number>();
  /** Tables whose initial copy is done. */
  private readonly done = new Set<string>();
  /** Credits within the throughput window. */
  private recent: TimedBytes[] = [];
  /**
   * Tables credited when a full round's plan showed their job's data arrived before the job's end was seen: that
   * end (the next credit of the table) is not counted again (a job commits all its partitions at once).
   */
  private readonly prepaid = new Set<string>();
  private view: TrackerView | null = null;

  constructor(
    private readonly startedAt: number,
    private readonly windowMs: number = THROUGHPUT_WINDOW_MS,
  ) {}

  /** Takes the ledger's new credits (and a replaced ledger's last ones). */
  observe(view: TrackerView, now: number): void {
    const l = view.ledger;
    if (this.ledger !== l) {
      const old = this.ledger;
      if (old) this.take(old, true);
      this.ledger = l;
      this.taken = 0;
      // The new ledger's credits before its "caught up" marks: a table its plan found in sync was still copying.
      this.take(l, false);
      if (old) {
        this.arrivedAcross(old, l, view, now);
        carryBehindSince(old, l);
      }
    }
    this.take(l, true);
    for (const k of view.inScope) if (!this.done.has(k) && (l.caughtUp.has(k) || l.tables.get(k)?.length === 0)) this.done.add(k);
    this.recent = this.recent.filter((c) => c.at > now - this.windowMs);
    this.view = view;
  }

  private take(l: ByteLedger, markDone: boolean): void {
    for (const c of l.credits.slice(this.taken)) {
      if (this.prepaid.delete(c.table)) continue;
      this.credit(c.table, c.bytes, c.initial, c.at);
    }
    this.taken = l.credits.length;
    if (markDone) for (const k of l.caughtUp) this.done.add(k);
  }

  private credit(table: string, bytes: number, initial: boolean, at: number): void {
    if (bytes <= 0) return;
    this.copied += bytes;
    if (initial && !this.done.has(table)) this.initialCopied += bytes;
    this.copiedByTable.set(table, (this.copiedByTable.get(table) ?? 0) + bytes);
    this.recent.push({ at, bytes });
  }

  /**
   * A full round replaced the ledger: partitions the old one had behind (or saw arrive) and the new one's plan has
   * arrived were copied by a job whose end the new ledger has not credited (the plan read the target first).
   */
  private arrivedAcross(old: ByteLedger, next: ByteLedger, view: TrackerView, now: number): void {
    for (const [k, list] of next.tables) {
      if (!(view.jobActive?.(k) ?? true)) continue;
      const arrived = [...caughtUpBetween(old.tables.get(k), list), ...(old.landed.get(k)?.partitions ?? [])];
      if (arrived.length === 0) continue;
      const ends = next.credits.filter((c) => c.table === k);
      const extra = arrived.reduce((n, x) => n + x.bytes, 0) - ends.reduce((n, c) => n + c.bytes, 0);
      if (extra <= 0) continue;
      this.credit(k, extra, !this.done.has(k), now);
      if (ends.length === 0) this.prepaid.add(k);
    }
  }

  /** The figures as of the last observe(); null before the first. */
  figures(now: number): ByteFigures | null {
    const v = this.view;
    if (!v) return null;
    const rate = throughput(this.recent, now, this.windowMs, this.startedAt);
    const all: TableBytes[] = [];
    for (const k of v.inScope)
      all.push({
        table: k,
        synced: v.synced(k),
        initialCopyDone: this.done.has(k),
        copiedBytes: this.copiedByTable.get(k) ?? 0,
        ...tableLag(v.ledger.tables.get(k), now),
      });
    const copy = (ts: TableBytes[]): CopyFigures => {
      const remaining = sumKnown(ts.map((t) => t.bytes));
      return {
        remainingBytes: remaining,
        remainingBytesKnown: ts.reduce((n, t) => n + (t.bytes ?? 0), 0),
        tablesSizeUnknown: ts.filter((t) => t.bytes === null).length,
        etaSeconds: etaSeconds(remaining, rate),
      };
    };
    const notDone = all.filter((t) => !this.done.has(t.table));
    const initial = copy(notDone);
    const behind = all.filter((t) => t.bytes === null || t.bytes > 0);
    behind.sort((a, b) => (b.bytes ?? Infinity) - (a.bytes ?? Infinity) || (a.table < b.table ? -1 : a.table > b.table ? 1 : 0));
    let seconds: number | null = 0;
    for (const t of all) seconds = seconds === null || t.seconds === null ? null : Math.max(seconds, t.seconds);
    return {
      copiedBytes: this.copied,
      catalogBytes: v.catalogBytes ?? null,
      bytesPerSecond: rate,
      windowSeconds: this.windowMs / 1000,
      initialCopy: {
        ...initial,
        tables: all.length,
        tablesDone: all.length - notDone.length,
        copiedBytes: this.initialCopied,
        totalBytes: initial.remainingBytes === null ? null : this.initialCopied + initial.remainingBytes,
      },
      catchUp: copy(all),
      lag: { versions: sumKnown(all.map((t) => t.versions)), bytes: sumKnown(all.map((t) => t.bytes)), seconds },
      tables: behind.slice(0, LAG_TABLES_SHOWN),
      tablesBehind: behind.length,
    };
  }
}
