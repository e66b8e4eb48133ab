// A byte-rate limiter (a virtual clock): each reservation of n bytes is scheduled right after the previous one
// at the current rate, and the caller waits until its bytes are "paid". One instance per CN shares the CN's
// bandwidth among all copies running on it. The rate may be a live setting (a function): a waiting caller
// re-reads it every SLICE_MS, so a changed rate (0 = unlimited) applies to copies already under way, as a
// changed throttle does on a real CN.
import { setTimeout as sleep } from 'node:timers/promises';

const SLICE_MS = 100;

export class RateLimiter {
  private nextFree = 0;
  private clockRate = 0;

  constructor(private readonly rate: number | (() => number)) {
    if (typeof rate === 'number' && !(rate > 0)) throw new Error(`bytesPerSec must be > 0, got ${rate}`);
  }

  /** The current rate in bytes per second; 0 or less = unlimited. */
  get bytesPerSec(): number {
    return typeof this.rate === 'function' ? this.rate() : this.rate;
  }

  /** Chunk size that keeps waits around 50 ms (1 MiB when unlimited). */
  get chunkBytes(): number {
    const rate = this.bytesPerSec;
    if (!(rate > 0)) return 1 << 20;
    return Math.min(1 << 20, Math.max(4096, Math.floor(rate / 20)));
  }

  /** Waits until `bytes` may be transferred; rejects with the signal's reason when aborted. */
  async take(bytes: number, signal?: AbortSignal): Promise<void> {
    let unpaid = bytes;
    for (;;) {
      signal?.throwIfAborted();
      const rate = this.bytesPerSec;
      if (!(rate > 0)) {
        this.clockRate = 0; // unlimited ends the clock: a later limited rate starts afresh
        return;
      }
      if (rate !== this.clockRate) {
        this.clockRate = rate; // a changed rate starts a new clock
        this.nextFree = 0;
      }
      const start = Math.max(Date.now(), this.nextFree);
      const end = start + (unpaid * 1000) / rate;
      this.nextFree = end;
      let now = Date.now();
      try {
        while (now < end - 1 && this.bytesPerSec === rate) {
          await this.pause(Math.min(end - now, SLICE_MS), signal);
          now = Date.now();
        }
        signal?.throwIfAborted();
      } catch (e) {
        // An aborted caller transfers nothing more: what it had not paid yet is given back to the clock.
        if (this.clockRate === rate) this.nextFree -= end - Math.max(Date.now(), start);
        throw e;
      }
      if (now >= end - 1) return;
      // The rate changed while waiting: what was not yet paid is reserved again at the new rate.
      unpaid *= 1 - Math.max(0, now - start) / (end - start);
    }
  }

  private async pause(ms: number, signal: AbortSignal | undefined): Promise<void> {
    try {
      await sleep(ms, undefined, signal ? { signal } : undefined);
    } catch (e) {
      signal?.throwIfAborted(); // the caller's reason, not node's generic AbortError
      throw e;
    }
  }
}
