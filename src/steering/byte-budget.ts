// The bytes-per-second budget for job admission (replication_bytes_per_second): a token bucket over the jobs'
// planned sizes. Pure: a bucket is a value, refilled and taken from as functions of the time.
//
// The bucket holds at most one second of budget (the burst). A job may start when the bucket holds its size, or is
// full when the job is larger than one second of budget (else a job over the burst could never start); starting
// takes its whole size, so the bucket may go below zero and later jobs wait until the debt is paid back. Over any
// interval of T seconds the jobs admitted carry at most rate × T + rate (the burst) + one job's size beyond it.

export interface Bucket {
  /** Bytes that may still be admitted now (negative: debt). */
  readonly tokens: number;
  /** When `tokens` was computed (epoch ms). */
  readonly at: number;
}

/** A full bucket at `now`. */
export const fullBucket = (rate: number, now: number): Bucket => ({ tokens: rate, at: now });

/** The bucket at `now`: refilled at `rate` bytes/s up to one second of budget. */
export function refill(b: Bucket, rate: number, now: number): Bucket {
  if (now <= b.at) return b;
  return { tokens: Math.min(rate, b.tokens + (rate * (now - b.at)) / 1000), at: now };
}

/** May a job of `size` bytes start now? */
export function mayTake(b: Bucket, rate: number, size: number, now: number): boolean {
  const r = refill(b, rate, now);
  return r.tokens >= Math.min(size, rate);
}

/** The bucket after a job of `size` bytes started at `now`. */
export function take(b: Bucket, rate: number, size: number, now: number): Bucket {
  const r = refill(b, rate, now);
  return { tokens: r.tokens - size, at: r.at };
}

/** The bucket after a started job was handed back unsent (the target deferred it): its bytes return. */
export function giveBack(b: Bucket, rate: number, size: number, now: number): Bucket {
  const r = refill(b, rate, now);
  return { tokens: Math.min(rate, r.tokens + size), at: r.at };
}

/** Milliseconds until a job of `size` may start (0: now). */
export function waitMs(b: Bucket, rate: number, size: number, now: number): number {
  const r = refill(b, rate, now);
  const need = Math.min(size, rate) - r.tokens;
  return need <= 0 ? 0 : Math.ceil((need * 1000) / rate);
}
