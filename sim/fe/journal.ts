// The FE edit log (`<dataDir>/journal.log`): what makes an acknowledged statement survive a kill -9, as
// StarRocks' BDB journal does (an edit is logged before the client gets its answer).
//
// The state is cut into units (one per table, database, transaction, replication job, plus one "meta" unit for
// ids, config, users, CNs and storage volumes). A group commit compares every unit's JSON with the text last
// logged and appends one line holding the units that changed (`{"seq":N,"set":{key:unit},"del":[key]}`), then
// fdatasyncs. Replies wait for the group holding their change (`durable()`); nothing a client can see is newer
// than the log. When the log grows past `compactBytes`, the whole image is written (image.json, atomic) with the
// last seq it covers and the log is emptied. Start: image + the log's records after the image's seq; a torn last
// line (a crash during an append nobody was answered for) is cut off.
import { closeSync, existsSync, fdatasync, fdatasyncSync, ftruncateSync, openSync, readFileSync, write, writeSync } from 'node:fs';
import { join } from 'node:path';
import { deserializeJson, loadImageFile, mapReplacer, saveImage } from './persistence.js';
import type { FeData, FeState, Transaction } from './state.js';

export const JOURNAL_FILE = 'journal.log';
const DEFAULT_COMPACT_BYTES = 64 * 1024 * 1024;
const IDLE_FLUSH_MS = 50;

export function journalPath(dataDir: string): string {
  return join(dataDir, JOURNAL_FILE);
}

// ---- units: FeData <-> key → plain object ----

interface MetaUnit {
  nextId: number;
  nextTxnId: number;
  serviceId: string;
  config: Record<string, string>;
  cns: FeData['cns'];
  users: FeData['users'];
  /** Users, roles and grants (sim/exec/auth-model.ts). */
  auth?: FeData['auth'];
  /** The catalog without its databases (storage volumes, default volume, ...). */
  catalog: Omit<FeData['catalog'], 'databases'>;
  /** catalog.databases in order: [name, db id]. */
  dbs: Array<[string, number]>;
}

const isFinal = (t: Transaction) => t.status === 'VISIBLE' || t.status === 'ABORTED';

/** Every unit of `data` in a stable order (meta, then each database followed by its tables, transactions, jobs). */
export function* unitsOf(data: FeData): Generator<[string, unknown, Transaction?]> {
  const { databases, ...catalogRest } = data.catalog;
  const meta: MetaUnit = {
    nextId: data.nextId,
    nextTxnId: data.nextTxnId,
    serviceId: data.serviceId,
    config: data.config,
    cns: data.cns,
    users: data.users,
    ...(data.auth ? { auth: data.auth } : {}),
    catalog: catalogRest,
    dbs: [...databases.entries()].map(([name, db]) => [name, db.id]),
  };
  yield ['meta', meta];
  for (const db of databases.values()) {
    yield [`db:${db.id}`, { ...db, tables: [...db.tables.entries()].map(([name, t]) => [name, t.id]) }];
    for (const t of db.tables.values()) yield [`t:${t.id}`, t];
  }
  for (const t of data.transactions) yield [`txn:${t.id}`, t, t];
  for (const j of data.replicationJobs) yield [`job:${j.jobId}`, j];
}

/** Inverse of unitsOf: rebuilds FeData from a unit map (Map order = the original orders). */
export function assemble(units: Map<string, unknown>): FeData {
  const meta = units.get('meta') as MetaUnit | undefined;
  if (!meta) throw new Error('journal replay: no meta unit');
  const databases = new Map<string, FeData['catalog']['databases'] extends Map<string, infer D> ? D : never>();
  for (const [name, dbId] of meta.dbs) {
    const db = units.get(`db:${dbId}`) as { tables: Array<[string, number]> } & Record<string, unknown>;
    if (!db) throw new Error(`journal replay: database ${dbId} missing`);
    const tables = new Map(
      db.tables.map(([tname, tid]) => {
        const t = units.get(`t:${tid}`);
        if (!t) throw new Error(`journal replay: table ${tid} missing`);
        return [tname, t];
      }),
    );
    databases.set(name, { ...db, tables } as never);
  }
  const transactions: FeData['transactions'] = [];
  const replicationJobs: FeData['replicationJobs'] = [];
  for (const [k, v] of units) {
    if (k.startsWith('txn:')) transactions.push(v as Transaction);
    else if (k.startsWith('job:')) replicationJobs.push(v as FeData['replicationJobs'][number]);
  }
  return {
    nextId: meta.nextId,
    nextTxnId: meta.nextTxnId,
    serviceId: meta.serviceId,
    catalog: { ...meta.catalog, databases } as FeData['catalog'],
    config: meta.config,
    cns: meta.cns,
    transactions,
    replicationJobs,
    ...(meta.users ? { users: meta.users } : {}),
    ...(meta.auth ? { auth: meta.auth } : {}),
  };
}

// ---- replay ----

interface Record_ {
  seq: number;
  set: Record<string, unknown>;
  del: string[];
}

export interface Recovered {
  data: FeData | null;
  /** Last seq in the image or the log (the next record gets lastSeq + 1). */
  lastSeq: number;
  /** Records replayed from the log, and bytes of a torn tail that was cut off. */
  replayed: number;
  tornBytes: number;
}

/** The image plus every complete log record after it; cuts a torn tail off the log file. */
export function recover(dataDir: string): Recovered {
  const file = loadImageFile(dataDir);
  const image = file?.data ?? null;
  let lastSeq = file?.journalSeq ?? 0;
  const path = journalPath(dataDir);
  if (!existsSync(path)) return { data: image, lastSeq, replayed: 0, tornBytes: 0 };
  const buf = readFileSync(path);
  const units = new Map<string, unknown>();
  if (image) for (const [k, v] of unitsOf(image)) units.set(k, v);
  let pos = 0;
  let replayed = 0;
  while (pos < buf.length) {
    const nl = buf.indexOf(10, pos);
    if (nl < 0) break; // torn: no newline
    let rec: Record_;
    try {
      rec = deserializeJson(buf.subarray(pos, nl).toString('utf8')) as Record_;
    } catch {
      break; // torn or garbage: everything after it was never acknowledged
    }
    if (rec.seq > lastSeq) {
      for (const [k, v] of Object.entries(rec.set)) units.set(k, v);
      for (const k of rec.del) units.delete(k);
      lastSeq = rec.seq;
      replayed++;
    }
    pos = nl + 1;
  }
  const tornBytes = buf.length - pos;
  if (tornBytes > 0) {
    const fd = openSync(path, 'r+');
    try {
      ftruncateSync(fd, pos);
    } finally {
      closeSync(fd);
    }
  }
  return { data: replayed > 0 || !image ? (units.size ? assemble(units) : null) : image, lastSeq, replayed, tornBytes };
}

// ---- the writer ----

export interface JournalStats {
  groups: number;
  unitsWritten: number;
  bytesWritten: number;
  compactions: number;
  /** Total ms spent diffing (synchronous, on the event loop) and writing + syncing. */
  diffMs: number;
  syncMs: number;
}

export class Journal {
  private readonly memo = new Map<string, string>();
  private readonly memoFinal = new Set<string>();
  private changeSeq = 0;
  private durableSeq = 0;
  private seq: number;
  private fd: number;
  private bytes = 0;
  private running: Promise<void> | null = null;
  private waiters: Array<{ seq: number; resolve: () => void }> = [];
  private closed = false;
  private closing = false;
  private idleTimer: NodeJS.Timeout | null = null;
  readonly stats: JournalStats = { groups: 0, unitsWritten: 0, bytesWritten: 0, compactions: 0, diffMs: 0, syncMs: 0 };

  constructor(
    private readonly dataDir: string,
    private readonly getData: () => FeData,
    lastSeq: number,
    private readonly compactBytes = DEFAULT_COMPACT_BYTES,
  ) {
    this.seq = lastSeq;
    // Start from a fresh image (it holds everything replayed, and the memo is filled from the same state) and an
    // empty log (opened for appending: writes go to its end even after a compaction truncated it).
    this.diff();
    saveImage(dataDir, getData(), this.seq);
    this.fd = openSync(journalPath(dataDir), 'a');
    ftruncateSync(this.fd, 0);
  }

  /**
   * A change happened: the next group logs it. Groups are formed when a reply waits (durable()); changes nobody
   * waits for (background daemons) are logged within `idleFlushMs`, so one statement's several changes (begin,
   * commit, publish) cost one group.
   */
  markDirty(): void {
    this.changeSeq++;
    this.armIdle();
  }

  private armIdle(): void {
    if (this.running || this.idleTimer || this.closed || this.closing) return;
    this.idleTimer = setTimeout(() => {
      this.idleTimer = null;
      this.schedule();
    }, IDLE_FLUSH_MS);
    this.idleTimer.unref();
  }

  /** Resolves once every change made before the call is on disk (immediately when there is none pending). */
  durable(): Promise<void> {
    if (this.durableSeq >= this.changeSeq || this.closed) return Promise.resolve();
    const seq = this.changeSeq;
    return new Promise((resolve) => {
      this.waiters.push({ seq, resolve });
      this.schedule();
    });
  }

  /** Lets the group being written finish, logs what is pending and closes the log (stop / restart). */
  async close(): Promise<void> {
    if (this.closed || this.closing) return;
    this.closing = true;
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = null;
    // An append in flight must land before the last one (and before the fd is closed).
    while (this.running) await this.running;
    this.closed = true;
    const target = this.changeSeq;
    const line = this.diff();
    if (line) {
      writeAllSync(this.fd, line);
      fdatasyncSync(this.fd);
    }
    closeSync(this.fd);
    this.durableSeq = target;
    this.release();
  }

  private schedule(): void {
    if (this.running || this.closed || this.closing) return;
    this.running = new Promise<void>((res) => setImmediate(res))
      .then(() => this.loop())
      .finally(() => {
        this.running = null;
        if (this.durableSeq >= this.changeSeq || this.closed || this.closing) return;
        // Changes made while the last group was written: at once if a reply waits, else within IDLE_FLUSH_MS.
        if (this.waiters.length) this.schedule();
        else this.armIdle();
      });
  }

  private async loop(): Promise<void> {
    while (!this.closed && !this.closing && this.durableSeq < this.changeSeq) {
      const target = this.changeSeq;
      const line = this.diff();
      if (line) {
        const t0 = performance.now();
        try {
          await appendAndSync(this.fd, line);
        } catch (e) {
          if (this.closed) return;
          // The units of this group are not on disk: forget their text so the next group writes them again.
          this.memo.clear();
          this.memoFinal.clear();
          process.stderr.write(`[srsync-sim] journal write failed (retrying): ${e instanceof Error ? e.message : String(e)}\n`);
          await new Promise((r) => setTimeout(r, 100));
          continue;
        }
        this.stats.syncMs += performance.now() - t0;
        const n = Buffer.byteLength(line);
        this.bytes += n;
        this.stats.bytesWritten += n;
      }
      this.durableSeq = target;
      this.release();
      if (this.bytes >= this.compactBytes && !this.closed) this.compact();
    }
  }

  private release(): void {
    const still: typeof this.waiters = [];
    for (const w of this.waiters) {
      if (w.seq <= this.durableSeq) w.resolve();
      else still.push(w);
    }
    this.waiters = still;
  }

  /** The image now, then an empty log (a crash in between replays records the image already holds: skipped by seq). */
  private compact(): void {
    // Catch the memo up with the state the image holds (both taken in this synchronous block); the changes of
    // that diff are in the image, so its line is not appended.
    const target = this.changeSeq;
    this.diff();
    saveImage(this.dataDir, this.getData(), this.seq);
    ftruncateSync(this.fd, 0);
    this.bytes = 0;
    this.stats.compactions++;
    this.durableSeq = Math.max(this.durableSeq, target);
    this.release();
  }

  /** The log line for every unit that changed since the last call (null when nothing did); updates the memo. */
  private diff(): string | null {
    const t0 = performance.now();
    const seen = new Set<string>();
    const set: string[] = [];
    for (const [key, unit, txn] of unitsOf(this.getData())) {
      seen.add(key);
      if (txn && this.memoFinal.has(key)) continue; // a finished transaction never changes again
      // Tables, transactions and jobs hold no Maps (sim/catalog/model.ts): the plain stringify is twice as fast.
      const text = key === 'meta' || key.startsWith('db:') ? JSON.stringify(unit, mapReplacer) : JSON.stringify(unit);
      if (this.memo.get(key) !== text) {
        this.memo.set(key, text);
        set.push(`${JSON.stringify(key)}:${text}`);
      }
      if (txn && isFinal(txn)) this.memoFinal.add(key);
    }
    const del: string[] = [];
    if (seen.size !== this.memo.size) {
      for (const key of this.memo.keys()) {
        if (!seen.has(key)) {
          del.push(key);
          this.memo.delete(key);
          this.memoFinal.delete(key);
        }
      }
    }
    this.stats.diffMs += performance.now() - t0;
    if (!set.length && !del.length) return null;
    this.seq++;
    this.stats.groups++;
    this.stats.unitsWritten += set.length + del.length;
    return `{"seq":${this.seq},"set":{${set.join(',')}},"del":${JSON.stringify(del)}}\n`;
  }
}

function writeAllSync(fd: number, text: string): void {
  const buf = Buffer.from(text, 'utf8');
  let off = 0;
  while (off < buf.length) off += writeSync(fd, buf, off, buf.length - off);
}

function appendAndSync(fd: number, text: string): Promise<void> {
  const buf = Buffer.from(text, 'utf8');
  return new Promise((resolve, reject) => {
    const step = (off: number) => {
      if (off >= buf.length) {
        fdatasync(fd, (e) => (e ? reject(e) : resolve()));
        return;
      }
      write(fd, buf, off, buf.length - off, null, (e, n) => (e ? reject(e) : step(off + n)));
    };
    step(0);
  });
}

/** Wires `state.onChange` to a new Journal over `dataDir` (writes a fresh image first); close() it on shutdown. */
export function attachJournal(state: FeState, dataDir: string, lastSeq: number, compactBytes?: number): Journal {
  const journal = new Journal(dataDir, () => state.toData(), lastSeq, compactBytes);
  state.onChange = () => journal.markDirty();
  return journal;
}
