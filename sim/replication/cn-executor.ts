// One simulated CN's replication worker pool: at most `replication_threads` tasks at once (0 → 4 × 2 simulated
// cores = 8), and an optional copy bandwidth (cn.bandwidthBytesPerSec) shared by the CN's running tasks through
// one RateLimiter. A queued task whose signal aborts leaves the queue at once.
import type { ComputeNode } from '../catalog/model.js';
import { RateLimiter } from '../lake/rate-limiter.js';

export class TaskCancelled extends Error {
  constructor() {
    super('Cancelled');
    this.name = 'TaskCancelled';
  }
}

export const DEFAULT_REPLICATION_THREADS = 8;

export class CnExecutor {
  private running = 0;
  private peak = 0;
  private readonly waiting: Array<{ start: () => void }> = [];
  /** Reads the CN's bandwidth setting live, so a change applies to copies already running. */
  private readonly limiter = new RateLimiter(() => this.cn.bandwidthBytesPerSec);

  constructor(readonly cn: ComputeNode) {}

  get slots(): number {
    return this.cn.replicationThreads > 0 ? this.cn.replicationThreads : DEFAULT_REPLICATION_THREADS;
  }

  stats(): { running: number; queued: number; peakRunning: number } {
    return { running: this.running, queued: this.waiting.length, peakRunning: this.peak };
  }

  /** Runs `work` in a slot with the CN's shared limiter; rejects if aborted while queued. */
  async run<T>(work: (limiter: RateLimiter) => Promise<T>, signal: AbortSignal): Promise<T> {
    await this.acquire(signal);
    try {
      return await work(this.limiter);
    } finally {
      this.release();
    }
  }

  private acquire(signal: AbortSignal): Promise<void> {
    if (signal.aborted) return Promise.reject(new TaskCancelled());
    if (this.running < this.slots) {
      this.take();
      return Promise.resolve();
    }
    return new Promise((resolve, reject) => {
      const onAbort = () => {
        const i = this.waiting.indexOf(entry);
        if (i >= 0) this.waiting.splice(i, 1);
        reject(new TaskCancelled());
      };
      const entry = {
        start: () => {
          signal.removeEventListener('abort', onAbort);
          this.take();
          resolve();
        },
      };
      signal.addEventListener('abort', onAbort, { once: true });
      this.waiting.push(entry);
    });
  }

  private take(): void {
    this.running++;
    this.peak = Math.max(this.peak, this.running);
  }

  private release(): void {
    this.running--;
    while (this.running < this.slots && this.waiting.length > 0) this.waiting.shift()!.start();
  }
}
