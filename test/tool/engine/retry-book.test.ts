import { describe, expect, it } from 'vitest';
import {
  backoffMs,
  ddlSubject,
  isWaiting,
  nextDueAt,
  recordFailure,
  recordSuccess,
  releaseCauses,
  takeAttempt,
  type RetryBook,
} from '../../../src/engine/retry-book.js';
import type { Failure } from '../../../src/cluster/fe-answers.js';

const permanent: Failure = { permanent: true, cause: 'syntax', message: 'syntax error', fix: 'fix it' };
const volume: Failure = { permanent: true, cause: 'missing_mirror_volume', message: 'Unknown src storage volume', fix: 'create it' };

describe('retry book', () => {
  it('backs off 5 s doubling to a cap of 5 min for permanent failures, 1 s doubling to 30 s for transient ones', () => {
    expect([1, 2, 3, 4, 7, 8, 50].map((n) => backoffMs(n, { permanent: true }))).toEqual([5_000, 10_000, 20_000, 40_000, 300_000, 300_000, 300_000]);
    expect([1, 2, 6, 9].map((n) => backoffMs(n, { permanent: false }))).toEqual([1_000, 2_000, 30_000, 30_000]);
  });

  it('reports a failure once, retries it with back-off, forgets it on success', () => {
    const book: RetryBook = new Map();
    const s = ddlSubject({ kind: 'add_partition', db: 'd', table: 't', name: 'p1' });
    expect(s).toBe('ddl:add_partition:d.t.p1');
    expect(recordFailure(book, s, 'add partition', 'd.t', permanent, 0).report).toBe(true);
    expect(isWaiting(book, s, 4_999)).toBe(true);
    expect(isWaiting(book, s, 5_000)).toBe(false);
    const second = recordFailure(book, s, 'add partition', 'd.t', permanent, 5_000);
    expect(second.report).toBe(false);
    expect(second.entry).toMatchObject({ attempts: 2, nextAt: 15_000 });
    expect(recordFailure(book, s, 'add partition', 'd.t', { ...permanent, message: 'other' }, 15_000).report).toBe(true);
    expect(recordSuccess(book, s)).toBe(true);
    expect(isWaiting(book, s, 15_001)).toBe(false);
    expect(nextDueAt(book)).toBeNull();
  });

  it('a due attempt is held off again for its wait (no hot loop when the try never reports back)', () => {
    const book: RetryBook = new Map();
    recordFailure(book, 'job:d.t', 'replication', 'd.t', permanent, 0);
    takeAttempt(book, 'job:d.t', 6_000);
    expect(isWaiting(book, 'job:d.t', 6_001)).toBe(true);
    expect(nextDueAt(book)).toBe(11_000);
  });

  it('a changed condition makes the failures it may cure due at once', () => {
    const book: RetryBook = new Map();
    recordFailure(book, 'job:d.a', 'replication', 'd.a', volume, 0);
    recordFailure(book, 'ddl:create_view:d.v', 'create view', 'd.v', { ...permanent, cause: 'syntax' }, 0);
    expect(releaseCauses(book, new Set(['missing_mirror_volume']), 1_000)).toEqual(['job:d.a']);
    expect(isWaiting(book, 'job:d.a', 1_000)).toBe(false);
    expect(isWaiting(book, 'ddl:create_view:d.v', 1_000)).toBe(true);
  });
});

describe('tryNow', () => {
  it('is false while the subject waits, true for unknown or due subjects (taking the attempt)', async () => {
    const { tryNow } = await import('../../../src/engine/retry-book.js');
    const book: RetryBook = new Map();
    expect(tryNow(book, 'job:d.t', 0)).toBe(true);
    recordFailure(book, 'job:d.t', 'replication', 'd.t', permanent, 0);
    expect(tryNow(book, 'job:d.t', 1_000)).toBe(false);
    expect(tryNow(book, 'job:d.t', 5_000)).toBe(true);
    expect(tryNow(book, 'job:d.t', 5_001)).toBe(false);
  });
});
