// The DDL running beside the loop (one task at a time): polling, scoped rounds and progress go on while it runs;
// the next full round waits for it. Knows which objects it works on (they count as ddlPending).

export class DdlTask {
  private task: Promise<void> | null = null;
  private objects: ReadonlySet<string> = new Set();

  constructor(
    private readonly onError: (e: Error) => void,
    /** Told when a task has ended (the loop takes what the DDL made possible at once). */
    private readonly onSettled: () => void = () => undefined,
  ) {}

  get running(): boolean {
    return this.task !== null;
  }

  /** Objects (`db`, `db.table`, `db.view`) the running task works on; empty when none runs. */
  get inFlight(): ReadonlySet<string> {
    return this.objects;
  }

  /** Runs `work` on `objects`; its failure is reported, never thrown. Only one task at a time. */
  start(work: Promise<void>, objects: Iterable<string>): void {
    if (this.task) throw new Error('a DDL task is already running');
    this.objects = new Set(objects);
    this.task = work
      .catch((e: Error) => this.onError(e))
      .finally(() => {
        this.task = null;
        this.objects = new Set();
        this.onSettled();
      });
  }

  /** Resolves when the running task (if any) has ended. */
  async settled(): Promise<void> {
    await this.task;
  }
}
