// Owns replication concurrency, retries and back-pressure: which job is sent when, and what became of it.
// One job per table at a time (the FE keys running jobs by table id); a slot is refilled as soon as one frees up.
import { randomUUID } from 'node:crypto';
import type { ReplicationAnswer } from '../cluster/fe-rpc-client.js';
import type { Logger } from '../log/logger.js';
import { sleep } from '../util/sleep.js';
import type { ReplicationPartitionWork } from '../planner/actions.js';

/** A partition of a job: exactly what the planner decided for it. */
export type JobPartition = ReplicationPartitionWork;

/** One replication job to send: some partitions of one table. */
export interface PlannedJob {
  /** `db.table` key, for one-job-per-table. */
  tableKey: string;
  db: string;
  table: string;
  srcDbId: string;
  srcTableId: string;
  tgtDbId: string;
  tgtTableId: string;
  mirrorVolume: string;
  partitions: JobPartition[];
  dataSize: number;
}

export type JobStatus = 'pending' | 'sent' | 'running' | 'finished' | 'failed' | 'unknown';

export interface TrackedJob {
  job: PlannedJob;
  jobId: string;
  status: JobStatus;
  attempts: number;
  sentAt: number;
  error: string;
}

export interface TargetJobRow {
  jobId: string;
  tableId: string;
  state: string;
  error: string;
}

export interface SchedulerDeps {
  /** Builds the request for `job` under `jobId` and sends it. Throws on transport errors. */
  send(job: PlannedJob, jobId: string): Promise<ReplicationAnswer>;
  /** SHOW PROC '/replications' on the target. */
  listTargetJobs(): Promise<TargetJobRow[]>;
  now(): number;
  log: Logger;
  /** Told about each send, outcome, retry and back-pressure deferral (status/metrics); optional. */
  events?: SchedulerEvents;
}

/** What happened to jobs, as it happens (counters for monitoring). */
export interface SchedulerEvents {
  /** The target accepted a job. */
  sent(): void;
  /** A job finished (committed, or the target had nothing to replicate). */
  finished(): void;
  /** An attempt failed (rejected, aborted, not delivered, lost); `retrying` when it is queued again. */
  failed(retrying: boolean): void;
  /** The target deferred a job (back-pressure): it is sent again when a slot frees up. */
  deferred(): void;
}

export interface SchedulerOptions {
  /** Most jobs in flight at once (the target's replication_max_parallel_table_count). */
  maxInFlight: number;
  /** Most RPCs sent concurrently in one burst (replication_job_batch_size). */
  sendConcurrency: number;
  /**
   * A sent job never seen on the target's job list after this long is `unknown` (the FE registers a job before it
   * answers OK, so only a lagging follower or a lost job explains it). A job seen there and gone since (history
   * eviction, FE restart) is `unknown` at once. Unknown jobs are resolved by the caller through the partition
   * versions (resolveByVersions, reference §5.3).
   */
  unknownAfterMs: number;
  /** Attempts per job before it stays failed until the next full round. */
  maxAttempts: number;
  /** Pause after a back-pressure refusal before sending again. */
  backoffMs: number;
}

export interface SchedulerCounters {
  jobPending: number;
  sent: number;
  running: number;
  finished: number;
  failed: number;
  unknown: number;
}

const BACKPRESSURE = /exceeds (?:the )?replication_max_parallel|is already running|is being constructed|Leader work admission is closed|publish version not finished/;
const IN_SYNC = /No data need to replicate/;

export class ReplicationScheduler {
  private readonly pending: PlannedJob[] = [];
  /** Jobs queued behind a running job of the same table. */
  private readonly waiting = new Map<string, PlannedJob[]>();
  private readonly inFlight = new Map<string, TrackedJob>(); // by tableKey
  private readonly attempts = new Map<string, number>(); // by tableKey, reset on success
  /** Jobs finished in this run (cumulative, as the manual's `finished`). */
  private finishedCount = 0;
  /** Tables whose last job failed and will not be retried before the next plan offers them again. */
  private readonly givenUp = new Map<string, string>();
  /** Lowered on back-pressure, raised again as jobs finish. */
  private cap: number;
  /** After a back-pressure refusal, nothing is sent before this time. */
  private backoffUntil = 0;
  private readonly senders = new Set<Promise<number>>();
  /** Per table, the versions its last finished jobs brought each (source>target) partition to. */
  private readonly doneVersions = new Map<string, Map<string, number>>();
  private polling: Promise<void> | null = null;
  /** Set while drive() runs: new work and freed slots start senders at once. */
  private driving: AbortSignal | null = null;
  /** Tables synced at least once (a job finished or the FE said nothing to replicate), and when. */
  readonly lastSuccess = new Map<string, number>();
  /** Callbacks for finished jobs (the migrator re-reads the table's versions). */
  onFinished: (job: TrackedJob) => void = () => {};
  /** Called when a table needs a fresh plan (an adopted job failed, a job became unknown). */
  onReplan: (job: TrackedJob) => void = () => {};

  constructor(
    private readonly deps: SchedulerDeps,
    private readonly options: SchedulerOptions,
  ) {
    this.cap = options.maxInFlight;
  }

  setMaxInFlight(n: number): void {
    this.options.maxInFlight = Math.max(1, n);
    this.cap = Math.min(Math.max(this.cap, 1), this.options.maxInFlight);
  }

  /**
   * Replaces the queued work of each offered table with the offered jobs (newer versions win). `plannedAt` is when
   * the catalogs the plan saw were read: a table whose job finished since then, carrying the same partitions at
   * the same or newer versions, is skipped (the plan saw it mid-job).
   */
  offer(jobsByTable: Map<string, PlannedJob[]>, plannedAt?: number): void {
    for (const [tableKey, jobs] of jobsByTable) {
      if (jobs.length === 0) continue;
      if (plannedAt !== undefined && (this.lastSuccess.get(tableKey) ?? -Infinity) >= plannedAt && this.alreadyDone(tableKey, jobs)) continue;
      this.givenUp.delete(tableKey);
      for (let i = this.pending.length - 1; i >= 0; i--) if (this.pending[i]!.tableKey === tableKey) this.pending.splice(i, 1);
      if (this.inFlight.has(tableKey)) {
        // Planned before the running job ends: its versions are stale. The round after the job finishes
        // re-plans the table; keep only what the job's own plan queued behind it.
        continue;
      } else {
        this.waiting.delete(tableKey);
        this.pending.push(jobs[0]!);
        if (jobs.length > 1) this.waiting.set(tableKey, jobs.slice(1));
      }
    }
    this.kick();
  }

  private alreadyDone(tableKey: string, jobs: PlannedJob[]): boolean {
    const done = this.doneVersions.get(tableKey);
    if (!done) return false;
    return jobs.every((j) => j.partitions.every((p) => (done.get(`${p.srcPhysicalId}>${p.tgtPhysicalId}`) ?? -1) >= p.srcVersion));
  }

  isBusy(tableKey: string): boolean {
    return this.inFlight.has(tableKey) || this.pending.some((j) => j.tableKey === tableKey) || this.waiting.has(tableKey);
  }

  idle(): boolean {
    return this.pending.length === 0 && this.inFlight.size === 0 && this.waiting.size === 0;
  }

  inFlightCount(): number {
    return this.inFlight.size;
  }

  snapshotCounters(): SchedulerCounters {
    let sent = 0;
    let running = 0;
    let unknown = 0;
    for (const t of this.inFlight.values()) {
      if (t.status === 'sent') sent++;
      else if (t.status === 'running') running++;
      else if (t.status === 'unknown') unknown++;
    }
    return { jobPending: this.pendingCount(), sent, running, finished: this.finishedCount, failed: this.givenUp.size, unknown };
  }

  /** Per table with queued or in-flight work: the state of its current job (`pending` when not sent yet). */
  tableStates(): Map<string, JobStatus> {
    const out = new Map<string, JobStatus>();
    for (const j of this.pending) out.set(j.tableKey, 'pending');
    for (const k of this.waiting.keys()) if (!out.has(k)) out.set(k, 'pending');
    for (const [k, t] of this.inFlight) out.set(k, t.status);
    return out;
  }

  /** Tables given up (failed without a retry left) with the last error. */
  failures(): ReadonlyMap<string, string> {
    return this.givenUp;
  }

  /**
   * Adopts a job already running on the target (after a restart): it is followed, not sent again. `job` is what
   * the current plan would send for the table (retried if the adopted job fails), or a record without partitions
   * when the plan has nothing (then a failure only asks for a new plan).
   */
  adopt(job: PlannedJob, jobId: string): void {
    this.pending.splice(0, this.pending.length, ...this.pending.filter((j) => j.tableKey !== job.tableKey));
    this.waiting.delete(job.tableKey);
    this.inFlight.set(job.tableKey, { job, jobId, status: 'running', attempts: 1, sentAt: this.deps.now(), error: '' });
  }

  /** In-flight jobs whose fate the target's job list no longer tells (see unknownAfterMs). */
  unknownJobs(): TrackedJob[] {
    return [...this.inFlight.values()].filter((t) => t.status === 'unknown');
  }

  /**
   * Keeps up to `sendConcurrency` sends in flight while slots are free and jobs pending: each sender takes the next
   * job as soon as its previous send returned (no waves). Resolves when every sender running now has stopped, with
   * the number of jobs they got accepted. Calling it while senders run only adds senders up to the limit.
   */
  pump(signal?: AbortSignal): Promise<number> {
    while (this.senders.size < Math.max(1, this.options.sendConcurrency) && this.canSend(signal)) {
      const sender: Promise<number> = this.sender(signal).finally(() => this.senders.delete(sender));
      this.senders.add(sender);
    }
    return Promise.all([...this.senders]).then((counts) => counts.reduce((a, b) => a + b, 0));
  }

  /**
   * Drives submission until `signal` aborts: follows in-flight jobs through the target's job list every
   * `pollMs` (one SHOW PROC covers them all) and refills slots at once - after every send, every poll, every offer.
   */
  async drive(signal: AbortSignal, pollMs: number): Promise<void> {
    this.driving = signal;
    try {
      while (!signal.aborted) {
        if (this.inFlight.size > 0) await this.poll().catch((e: Error) => this.deps.log.warn(`Cannot read replication jobs on the target: ${e.message}`));
        void this.pump(signal);
        await sleep(pollMs, signal);
      }
    } finally {
      this.driving = null;
    }
  }

  private canSend(signal?: AbortSignal): boolean {
    return !signal?.aborted && this.deps.now() >= this.backoffUntil && this.pending.length > 0 && this.inFlight.size < this.cap;
  }

  private async sender(signal?: AbortSignal): Promise<number> {
    let accepted = 0;
    while (this.canSend(signal)) {
      const job = this.pending.shift()!;
      if ((await this.sendOne(job)) === true) accepted++;
    }
    return accepted;
  }

  /** Starts senders when the scheduler is being driven (new work or a freed slot). */
  private kick(): void {
    if (this.driving && !this.driving.aborted) void this.pump(this.driving);
  }

  /** Follows the in-flight jobs through the target's job list (one call at a time). */
  async poll(): Promise<void> {
    if (this.polling) return this.polling;
    this.polling = this.pollOnce().finally(() => (this.polling = null));
    return this.polling;
  }

  private async sendOne(job: PlannedJob): Promise<boolean | 'backpressure'> {
    const jobId = randomUUID();
    const tracked: TrackedJob = { job, jobId, status: 'sent', attempts: (this.attempts.get(job.tableKey) ?? 0) + 1, sentAt: this.deps.now(), error: '' };
    this.inFlight.set(job.tableKey, tracked);
    let answer: ReplicationAnswer;
    try {
      answer = await this.deps.send(job, jobId);
    } catch (e) {
      this.inFlight.delete(job.tableKey);
      this.fail(tracked, `request not delivered: ${(e as Error).message}`, true);
      return false;
    }
    if (answer.kind === 'accepted') {
      this.deps.log.info(`Replication job ${jobId} sent for ${job.db}.${job.table}: ${job.partitions.length} partition(s), ${job.dataSize} bytes`);
      this.deps.events?.sent();
      return true;
    }
    this.inFlight.delete(job.tableKey);
    if (IN_SYNC.test(answer.message)) {
      this.deps.log.info(`Replication of ${job.db}.${job.table}: the target answered "${answer.message}"; the table is in sync`);
      this.succeed(tracked);
      return false;
    }
    if (BACKPRESSURE.test(answer.message)) {
      // The target is full or still finishing this table: retry when a slot frees up.
      this.pending.unshift(job);
      if (/exceeds (?:the )?replication_max_parallel/.test(answer.message)) this.cap = Math.max(1, this.inFlight.size);
      this.backoffUntil = this.deps.now() + this.options.backoffMs;
      this.deps.log.info(`Replication of ${job.db}.${job.table} deferred by the target: ${answer.message}`);
      this.deps.events?.deferred();
      return 'backpressure';
    }
    this.fail(tracked, answer.message || `rejected with status ${answer.code}`, true);
    return false;
  }

  private async pollOnce(): Promise<void> {
    if (this.inFlight.size === 0) return;
    const rows = await this.deps.listTargetJobs();
    const byId = new Map(rows.map((r) => [r.jobId, r]));
    const now = this.deps.now();
    for (const t of [...this.inFlight.values()]) {
      const row = byId.get(t.jobId);
      if (!row) {
        if (t.status === 'unknown') continue;
        if (t.status === 'running' || now - t.sentAt > this.options.unknownAfterMs) {
          t.status = 'unknown';
          this.deps.log.warn(`Replication job ${t.jobId} for ${t.job.db}.${t.job.table} is no longer listed on the target; checking the partition versions`);
          this.onReplan(t);
        }
        continue;
      }
      switch (row.state) {
        case 'INITIALIZING':
        case 'SNAPSHOTING':
        case 'REPLICATING':
          t.status = 'running';
          break;
        case 'COMMITTED':
          this.inFlight.delete(t.job.tableKey);
          this.slotFreed();
          this.succeed(t);
          break;
        case 'ABORTED':
          this.inFlight.delete(t.job.tableKey);
          this.slotFreed();
          this.fail(t, row.error || 'aborted', true);
          break;
        default:
          t.status = 'unknown';
      }
    }
  }

  /** Marks an unknown job finished when the caller verified the partition versions (reference §5.3). */
  resolveByVersions(tableKey: string, caughtUp: boolean): void {
    const t = this.inFlight.get(tableKey);
    if (!t || t.status !== 'unknown') return;
    this.inFlight.delete(tableKey);
    this.slotFreed();
    if (caughtUp) this.succeed(t);
    else this.fail(t, 'job lost on the target', true);
  }

  /** A job of ours ended on the target: its slot is free now, and the target may take one more than before. */
  private slotFreed(): void {
    if (this.cap < this.options.maxInFlight) this.cap++;
    this.backoffUntil = 0;
    this.kick();
  }

  private succeed(t: TrackedJob): void {
    t.status = 'finished';
    this.finishedCount++;
    this.attempts.delete(t.job.tableKey);
    this.lastSuccess.set(t.job.tableKey, this.deps.now());
    let done = this.doneVersions.get(t.job.tableKey);
    if (!done) this.doneVersions.set(t.job.tableKey, (done = new Map()));
    for (const p of t.job.partitions) done.set(`${p.srcPhysicalId}>${p.tgtPhysicalId}`, Math.max(done.get(`${p.srcPhysicalId}>${p.tgtPhysicalId}`) ?? -1, p.srcVersion));
    this.deps.log.info(`Replication job ${t.jobId} finished for ${t.job.db}.${t.job.table}`);
    this.deps.events?.finished();
    this.onFinished(t);
    this.releaseNext(t.job.tableKey);
  }

  private fail(t: TrackedJob, error: string, retry: boolean): void {
    t.status = 'failed';
    t.error = error;
    this.attempts.set(t.job.tableKey, t.attempts);
    if (t.job.partitions.length === 0) {
      // An adopted job for which the plan had nothing: there is nothing to resend; the next round decides.
      this.deps.log.warn(`Replication job ${t.jobId} failed for ${t.job.db}.${t.job.table}: ${error}; planning the table again`);
      this.deps.events?.failed(false);
      this.releaseNext(t.job.tableKey, true);
      this.onReplan(t);
      return;
    }
    const again = retry && t.attempts < this.options.maxAttempts;
    this.deps.events?.failed(again);
    this.deps.log.warn(`Replication job ${t.jobId} failed for ${t.job.db}.${t.job.table} (attempt ${t.attempts}/${this.options.maxAttempts}): ${error}${again ? '; retrying' : ''}`);
    if (again) {
      this.pending.push(t.job);
    } else {
      this.givenUp.set(t.job.tableKey, error);
      this.releaseNext(t.job.tableKey, true);
    }
  }

  private releaseNext(tableKey: string, dropRest = false): void {
    const rest = this.waiting.get(tableKey);
    if (!rest || rest.length === 0 || dropRest) {
      this.waiting.delete(tableKey);
      return;
    }
    this.pending.push(rest[0]!);
    if (rest.length > 1) this.waiting.set(tableKey, rest.slice(1));
    else this.waiting.delete(tableKey);
  }

  /** Failure attempts so far for a table (for one-time mode's verdict). */
  attemptsOf(tableKey: string): number {
    return this.attempts.get(tableKey) ?? 0;
  }

  private pendingCount(): number {
    let n = this.pending.length;
    for (const w of this.waiting.values()) n += w.length;
    return n;
  }
}
