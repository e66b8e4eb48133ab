// When a failed piece of work may be tried again (pure data + functions; time is passed in). A subject is a DDL
// statement (`ddl:<kind>:<object>`) or a table's replication (`job:<db.table>`). Each failure doubles the wait,
// from 5 s (1 s for transient failures) to a cap of a few minutes; a success forgets the subject; a changed
// condition (a storage volume created, an FE setting fixed) releases the subjects waiting on it at once.
import type { Failure, FailureCause } from '../cluster/fe-answers.js';

export interface RetryPolicy {
  firstMs: number;
  capMs: number;
}

export const PERMANENT_BACKOFF: RetryPolicy = { firstMs: 5_000, capMs: 300_000 };
export const TRANSIENT_BACKOFF: RetryPolicy = { firstMs: 1_000, capMs: 30_000 };

export interface RetryEntry {
  /** What failed, in the words of the log (the table, statement or job). */
  what: string;
  /** `db.table` (or `db.name`, `db`) the subject belongs to, for progress and the one-time verdict. */
  object: string;
  failure: Failure;
  /** Failures in a row. */
  attempts: number;
  /** Not tried again before this time (epoch ms). */
  nextAt: number;
}

export type RetryBook = Map<string, RetryEntry>;

/** The wait after the `attempts`-th failure in a row. */
export function backoffMs(attempts: number, failure: Pick<Failure, 'permanent'>): number {
  const p = failure.permanent ? PERMANENT_BACKOFF : TRANSIENT_BACKOFF;
  return Math.min(p.capMs, p.firstMs * 2 ** Math.max(0, Math.min(attempts - 1, 30)));
}

/**
 * Records a failure. `report` is true the first time this subject fails this way (log it as a WARN/ERROR with the
 * fix); later failures of the same kind are retries of a known problem.
 */
export function recordFailure(
  book: RetryBook,
  subject: string,
  what: string,
  object: string,
  failure: Failure,
  now: number,
): { entry: RetryEntry; report: boolean } {
  const prev = book.get(subject);
  const attempts = (prev?.attempts ?? 0) + 1;
  const report = !prev || prev.failure.cause !== failure.cause || prev.failure.message !== failure.message;
  // The same failure again keeps what was learnt about it (a diagnosis added to the fix).
  const entry: RetryEntry = { what, object, failure: report ? failure : prev.failure, attempts, nextAt: now + backoffMs(attempts, failure) };
  book.set(subject, entry);
  return { entry, report };
}

export function recordSuccess(book: RetryBook, subject: string): boolean {
  return book.delete(subject);
}

/** True while `subject` waits for its next attempt. */
export function isWaiting(book: RetryBook, subject: string, now: number): boolean {
  const e = book.get(subject);
  return e !== undefined && now < e.nextAt;
}

/**
 * Lets `subject` be tried now (it is due) and holds it off again for its current wait, so that a try that never
 * reports back (the work was skipped or merged) does not make it due on every tick.
 */
export function takeAttempt(book: RetryBook, subject: string, now: number): void {
  const e = book.get(subject);
  if (e) e.nextAt = now + backoffMs(e.attempts, e.failure);
}

/** False while `subject` waits; otherwise true, and a due retry is taken (see takeAttempt). */
export function tryNow(book: RetryBook, subject: string, now: number): boolean {
  if (isWaiting(book, subject, now)) return false;
  takeAttempt(book, subject, now);
  return true;
}

/** The earliest time a waiting subject is due, or null when none waits. */
export function nextDueAt(book: RetryBook): number | null {
  let min: number | null = null;
  for (const e of book.values()) if (min === null || e.nextAt < min) min = e.nextAt;
  return min;
}

/** Makes every subject whose failure has one of `causes` due now (the condition it waited for changed). */
export function releaseCauses(book: RetryBook, causes: ReadonlySet<FailureCause>, now: number): string[] {
  const out: string[] = [];
  for (const [k, e] of book) {
    if (!causes.has(e.failure.cause)) continue;
    e.nextAt = Math.min(e.nextAt, now);
    out.push(k);
  }
  return out;
}

/** Makes every subject due now. */
export function releaseAll(book: RetryBook, now: number): void {
  for (const e of book.values()) e.nextAt = Math.min(e.nextAt, now);
}

export const ddlSubject = (a: { kind: string; db: string; table?: string; name?: string }): string =>
  `ddl:${a.kind}:${[a.db, a.table, a.name].filter((x) => x !== undefined).join('.')}`;

/** The object a DDL statement brings in sync: its table, else its view / MV, else its database (source names: rename mapping). */
export const ddlObject = (a: { db: string; table?: string; name?: string; srcDb?: string; srcTable?: string }): string =>
  a.srcTable !== undefined
    ? `${a.srcDb}.${a.srcTable}`
    : a.table !== undefined
      ? `${a.db}.${a.table}`
      : a.name !== undefined
        ? `${a.db}.${a.name}`
        : a.db;

export const jobSubject = (tableKey: string): string => `job:${tableKey}`;
