// Many callers asking for keys at about the same time share one read: keys asked for while a read runs (or in
// the same turn of the event loop) go into the next read, together. The job sender reads the source's partition
// versions before each send and the target's after each commit this way: one partitions_meta query for many
// tables instead of one per job.

type Waiter<V> = { resolve: (v: V | undefined) => void; reject: (e: unknown) => void };

export class BatchedReader<V> {
  private waiting = new Map<string, Array<Waiter<V>>>();
  private reading = false;
  private scheduled = false;
  /** Reads done so far (for tests and figures). */
  reads = 0;

  constructor(
    /** Reads the values of many keys at once; a key missing from the answer resolves undefined. */
    private readonly readMany: (keys: string[]) => Promise<Map<string, V>>,
    /** Most keys per read (the rest waits for the next one). */
    private readonly maxKeys = 500,
    private readonly defer: (f: () => void) => void = (f) => void setImmediate(f),
  ) {}

  get(key: string): Promise<V | undefined> {
    return new Promise<V | undefined>((resolve, reject) => {
      const list = this.waiting.get(key);
      if (list) list.push({ resolve, reject });
      else this.waiting.set(key, [{ resolve, reject }]);
      this.schedule();
    });
  }

  private schedule(): void {
    if (this.reading || this.scheduled || this.waiting.size === 0) return;
    this.scheduled = true;
    this.defer(() => {
      this.scheduled = false;
      void this.flush();
    });
  }

  private async flush(): Promise<void> {
    if (this.reading || this.waiting.size === 0) return;
    const batch = [...this.waiting.entries()].slice(0, this.maxKeys);
    for (const [k] of batch) this.waiting.delete(k);
    this.reading = true;
    this.reads++;
    try {
      const values = await this.readMany(batch.map(([k]) => k));
      for (const [k, ws] of batch) for (const w of ws) w.resolve(values.get(k));
    } catch (e) {
      for (const [, ws] of batch) for (const w of ws) w.reject(e);
    } finally {
      this.reading = false;
      this.schedule();
    }
  }
}
