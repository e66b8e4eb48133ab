// A byte-rate limiter (a virtual clock): each reservation of n bytes is scheduled right after the previous one
// at `bytesPerSec`, and the caller waits until its bytes are "paid". One instance per CN shares the CN's
// bandwidth among all copies running on it.
import { setTimeout as sleep } from 'node:timers/promises';

export class RateLimiter {
  private nextFree = 0;

  constructor(readonly bytesPerSec: number) {
    if (!(bytesPerSec > 0)) throw new Error(`bytesPerSec must be > 0, got ${bytesPerSec}`);
  }

  /** Chunk size that keeps waits around 50 ms. */
  get chunkBytes(): number {
    return Math.min(1 << 20, Math.max(4096, Math.floor(this.bytesPerSec / 20)));
  }

  /** Waits until `bytes` may be transferred; rejects with the signal's reason when aborted. */
  async take(bytes: number, signal?: AbortSignal): Promise<void> {
    const now = Date.now();
    const start = Math.max(now, this.nextFree);
    this.nextFree = start + (bytes * 1000) / this.bytesPerSec;
    const delay = this.nextFree - now;
    try {
      if (delay >= 1) await sleep(delay, undefined, signal ? { signal } : undefined);
    } catch (e) {
      signal?.throwIfAborted(); // the caller's reason, not node's generic AbortError
      throw e;
    }
    signal?.throwIfAborted();
  }
}
