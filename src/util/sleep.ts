/** Waits `ms`, or less when `signal` aborts (resolves either way: a stop is not an error). */
export function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const t = setTimeout(done, ms);
    function done() {
      clearTimeout(t);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });
}

/**
 * A loop's sleep that an event cuts short, so that new work is taken at once rather than at the next tick. A wake()
 * while the loop is not sleeping (during its steps) cuts its next sleep short.
 */
export class Wakeup {
  private wakeNow: (() => void) | null = null;
  private woken = false;

  /** Waits `ms`, or until wake(), or until `signal` aborts (resolves either way). */
  sleep(ms: number, signal: AbortSignal): Promise<void> {
    if (this.woken || signal.aborted) {
      this.woken = false;
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(t);
        signal.removeEventListener('abort', done);
        this.wakeNow = null;
        resolve();
      };
      const t = setTimeout(done, ms);
      this.wakeNow = done;
      signal.addEventListener('abort', done, { once: true });
    });
  }

  wake(): void {
    if (this.wakeNow) this.wakeNow();
    else this.woken = true;
  }
}
