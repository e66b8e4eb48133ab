// Work done ahead, a few at a time and in order (the job sender's reads for jobs not sent yet): at most
// `concurrency` tasks run, so the connection pool's own queue stays short and a send that needs a read now is
// not stuck behind hundreds of reads ahead.

export class WorkQueue {
  private readonly tasks: Array<() => Promise<unknown>> = [];
  private running = 0;

  constructor(private readonly concurrency: number) {}

  /** Tasks waiting to start. */
  get waiting(): number {
    return this.tasks.length;
  }

  /** Queues `task`; its failure is its own (ignored here). */
  push(task: () => Promise<unknown>): void {
    this.tasks.push(task);
    this.next();
  }

  private next(): void {
    while (this.running < Math.max(1, this.concurrency) && this.tasks.length > 0) {
      const task = this.tasks.shift()!;
      this.running++;
      void Promise.resolve()
        .then(task)
        .catch(() => undefined)
        .finally(() => {
          this.running--;
          this.next();
        });
    }
  }
}
