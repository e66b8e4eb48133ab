// Owns replication concurrency, retries and back-pressure: which job is sent when, and what became of it.
// One job per table at a time (the FE keys running jobs by table id); a slot is refilled as soon as one frees up.
import { randomUUID } from 'node:crypto';
import type { ReplicationAnswer } from '../cluster/fe-rpc-client.js';
import { classifyJobError, classifyRefusal, describeFailure, movedNothingFailure } from '../cluster/fe-answers.js';
import type { Failure } from '../cluster/fe-answers.js';
import type { Logger } from '../log/logger.js';
import { sleep } from '../util/sleep.js';
import type { ReplicationPartitionWork } from '../planner/actions.js';
import type { JobAdmission } from '../steering/steering.js';

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
  /** A range-distributed table (its target names): the sender aligns the topology and pairs tablets by range. */
  range?: { tgtDb: string; tgtTable: string };
}

/** `sending`: the RPC has not returned yet (counted as pending: the target has not accepted it). */
export type JobStatus = 'pending' | 'sending' | 'sent' | 'running' | 'finished' | 'failed' | 'unknown';

/**
 * What the target's partitions say after a job COMMITTED (reference §5.3): the data `arrived` (every partition of
 * the job reached its source version), a publish is still `publishing`, or partitions were left below the source
 * version with nothing pending: the job `moved_nothing` there.
 */
export type JobArrival = { kind: 'arrived' } | { kind: 'publishing' } | { kind: 'moved_nothing'; partitions: string[] };

export interface TrackedJob {
  job: PlannedJob;
  jobId: string;
  status: JobStatus;
  attempts: number;
  sentAt: number;
  error: string;
  /** When the target's job list first showed it COMMITTED (the partition check runs from then on). */
  committedAt?: number;
  /** Found running on the target (a previous run sent it): its versions may be older than `job`'s. */
  adopted?: boolean;
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
  /**
   * Reads the target's partition versions of a COMMITTED job's table: `finished` means the data arrived. Without
   * it a COMMITTED job counts as finished (unit tests of other behaviour).
   */
  checkArrival?(job: PlannedJob): Promise<JobArrival>;
  /**
   * Told about jobs as they are queued, so that their requests can be built ahead (reads of indexes and tablets)
   * while earlier jobs are sent; optional.
   */
  prepare?(jobs: readonly PlannedJob[]): void;
  /**
   * Steering (src/steering/): asked before each send while `active` (pause, time windows, bytes in flight, byte
   * budget); a held job stays at the head of the queue. Inactive or absent: not asked (one property read).
   */
  admission?: JobAdmission;
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
  /** Most replication RPCs in flight at once (replication_job_batch_size; the same name from the key to here). */
  replicationJobBatchSize: number;
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
  /** A COMMITTED job whose partitions are still being published after this long failed (default 30 s). */
  publishGraceMs?: number;
}

export interface SchedulerCounters {
  jobPending: number;
  sent: number;
  running: number;
  finished: number;
  failed: number;
  unknown: number;
}

export class ReplicationScheduler {
  private readonly pending: PlannedJob[] = [];
  /** Jobs queued behind a running job of the same table. */
  private readonly waiting = new Map<string, PlannedJob[]>();
  private readonly inFlight = new Map<string, TrackedJob>(); // by tableKey
  private readonly attempts = new Map<string, number>(); // by tableKey, reset on success
  /** Jobs finished in this run (cumulative, as the manual's `finished`). */
  private finishedCount = 0;
  /** Bytes the finished jobs of this run copied: the sum of their source partitions' data sizes (copyFigures). */
  private bytesFinished = 0;
  /** Tables whose last job failed and will not be retried before the next plan offers them again. */
  private readonly givenUp = new Map<string, string>();
  private readonly givenUpFailures = new Map<string, Failure>();
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
  /** Called when a table's job is given up: at once for a permanent failure, after maxAttempts for others. */
  onGivenUp: (job: TrackedJob, failure: Failure) => void = () => {};

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
    const queued: PlannedJob[] = [];
    for (const [tableKey, jobs] of jobsByTable) {
      if (jobs.length === 0) continue;
      if (plannedAt !== undefined && (this.lastSuccess.get(tableKey) ?? -Infinity) >= plannedAt && this.alreadyDone(tableKey, jobs)) continue;
      this.givenUp.delete(tableKey);
      this.givenUpFailures.delete(tableKey);
      for (let i = this.pending.length - 1; i >= 0; i--) if (this.pending[i]!.tableKey === tableKey) this.pending.splice(i, 1);
      if (this.inFlight.has(tableKey)) {
        // Planned before the running job ends: its versions are stale. The round after the job finishes
        // re-plans the table; keep only what the job's own plan queued behind it.
        continue;
      } else {
        this.waiting.delete(tableKey);
        this.pending.push(jobs[0]!);
        queued.push(jobs[0]!);
        if (jobs.length > 1) this.waiting.set(tableKey, jobs.slice(1));
      }
    }
    if (queued.length > 0) this.deps.prepare?.(queued);
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

  /** True while a job of the table is on the target (being sent, sent, running, or its fate unknown). */
  replicating(tableKey: string): boolean {
    return this.inFlight.has(tableKey);
  }

  idle(): boolean {
    return this.pending.length === 0 && this.inFlight.size === 0 && this.waiting.size === 0;
  }

  /** Bytes copied by the jobs finished in this run (each job copies its partitions whole, reference §4.4). */
  bytesCopied(): number {
    return this.bytesFinished;
  }

  inFlightCount(): number {
    return this.inFlight.size;
  }

  snapshotCounters(): SchedulerCounters {
    let sent = 0;
    let running = 0;
    let unknown = 0;
    let sending = 0;
    for (const t of this.inFlight.values()) {
      if (t.status === 'sending') sending++;
      else if (t.status === 'sent') sent++;
      else if (t.status === 'running') running++;
      else if (t.status === 'unknown') unknown++;
    }
    return { jobPending: this.pendingCount() + sending, sent, running, finished: this.finishedCount, failed: this.givenUp.size, unknown };
  }

  /** Per table with queued or in-flight work: the state of its current job (`pending` when not sent yet). */
  tableStates(): Map<string, Exclude<JobStatus, 'sending'>> {
    const out = new Map<string, Exclude<JobStatus, 'sending'>>();
    for (const j of this.pending) out.set(j.tableKey, 'pending');
    for (const k of this.waiting.keys()) if (!out.has(k)) out.set(k, 'pending');
    for (const [k, t] of this.inFlight) out.set(k, t.status === 'sending' ? 'pending' : t.status);
    return out;
  }

  /** Tables given up (failed without a retry left) with the last error (and its fix, for permanent failures). */
  failures(): ReadonlyMap<string, string> {
    return this.givenUp;
  }

  /** Tables given up, with the classified failure. */
  failureDetails(): ReadonlyMap<string, Failure> {
    return this.givenUpFailures;
  }

  /**
   * Adopts a job already running on the target (after a restart): it is followed, not sent again. `job` is what
   * the current plan would send for the table (retried if the adopted job fails), or a record without partitions
   * when the plan has nothing (then a failure only asks for a new plan).
   */
  adopt(job: PlannedJob, jobId: string): void {
    this.pending.splice(0, this.pending.length, ...this.pending.filter((j) => j.tableKey !== job.tableKey));
    this.waiting.delete(job.tableKey);
    this.inFlight.set(job.tableKey, { job, jobId, status: 'running', attempts: 1, sentAt: this.deps.now(), error: '', adopted: true });
  }

  /** In-flight jobs whose fate the target's job list no longer tells (see unknownAfterMs). */
  unknownJobs(): TrackedJob[] {
    return [...this.inFlight.values()].filter((t) => t.status === 'unknown');
  }

  /**
   * Keeps up to `replicationJobBatchSize` sends in flight while slots are free and jobs pending: each sender takes the next
   * job as soon as its previous send returned (no waves). Resolves when every sender running now has stopped, with
   * the number of jobs they got accepted. Calling it while senders run only adds senders up to the limit.
   */
  pump(signal?: AbortSignal): Promise<number> {
    while (this.senders.size < Math.max(1, this.options.replicationJobBatchSize) && this.canSend(signal)) {
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
        if (this.inFlight.size > 0)
          await this.poll().catch((e: Error) => this.deps.log.warn(`Cannot read replication jobs on the target: ${e.message}`));
        void this.pump(signal);
        await sleep(pollMs, signal);
      }
    } finally {
      this.driving = null;
    }
  }

  private canSend(signal?: AbortSignal): boolean {
    return (
      !signal?.aborted &&
      this.deps.now() >= this.backoffUntil &&
      this.pending.length > 0 &&
      this.slotsInUse() < this.cap &&
      (this.deps.admission?.active !== true || this.admits(this.deps.admission))
    );
  }

  private admits(a: JobAdmission): boolean {
    return a.mayStart(this.pending[0]!, () => this.bytesInFlight(), this.deps.now());
  }

  /** Planned bytes of the jobs on the target: sent (or being sent) and not seen COMMITTED (replication_max_bytes_in_flight). */
  bytesInFlight(): number {
    let n = 0;
    for (const t of this.inFlight.values()) if (t.committedAt === undefined) n += t.job.dataSize;
    return n;
  }

  /** The job sent next (steering's status: why it waits). */
  nextJob(): PlannedJob | undefined {
    return this.pending[0];
  }

  private async sender(signal?: AbortSignal): Promise<number> {
    let accepted = 0;
    while (this.canSend(signal)) {
      const job = this.pending.shift()!;
      this.deps.admission?.started(job, this.deps.now());
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
    const tracked: TrackedJob = {
      job,
      jobId,
      status: 'sending',
      attempts: (this.attempts.get(job.tableKey) ?? 0) + 1,
      sentAt: this.deps.now(),
      error: '',
    };
    this.inFlight.set(job.tableKey, tracked);
    let answer: ReplicationAnswer;
    try {
      answer = await this.deps.send(job, jobId);
    } catch (e) {
      this.inFlight.delete(job.tableKey);
      // A send that failed for a known reason carries its classified failure (src/range/reader.ts RangeAlignmentError).
      const known = (e as { failure?: Failure }).failure;
      this.fail(tracked, known ?? { permanent: false, cause: 'transient', message: `request not delivered: ${(e as Error).message}`, fix: '' });
      return false;
    }
    if (answer.kind === 'accepted') {
      if (tracked.status === 'sending') tracked.status = 'sent';
      this.deps.log.info(`Replication job ${jobId} sent for ${job.db}.${job.table}: ${job.partitions.length} partition(s), ${job.dataSize} bytes`);
      this.deps.events?.sent();
      return true;
    }
    this.inFlight.delete(job.tableKey);
    const refusal = classifyRefusal(answer.message, job.mirrorVolume);
    if (refusal.kind === 'in_sync') {
      this.deps.log.info(`Replication of ${job.db}.${job.table}: the target answered "${answer.message}"; the table is in sync`);
      this.succeed(tracked);
      return false;
    }
    if (refusal.kind === 'backpressure') {
      // The target is full or still finishing this table: retry when a slot frees up.
      this.pending.unshift(job);
      this.deps.admission?.handedBack(job, this.deps.now());
      if (refusal.slotLimit) this.cap = Math.max(1, this.slotsInUse());
      this.backoffUntil = this.deps.now() + this.options.backoffMs;
      this.deps.log.info(`Replication of ${job.db}.${job.table} deferred by the target: ${answer.message}`);
      this.deps.events?.deferred();
      return 'backpressure';
    }
    this.fail(tracked, refusal.failure.message ? refusal.failure : { ...refusal.failure, message: `rejected with status ${answer.code}` });
    return false;
  }

  private async pollOnce(): Promise<void> {
    if (this.inFlight.size === 0) return;
    const rows = await this.deps.listTargetJobs();
    const byId = new Map(rows.map((r) => [r.jobId, r]));
    const now = this.deps.now();
    const committed: TrackedJob[] = [];
    for (const t of [...this.inFlight.values()]) {
      if (t.status === 'sending') continue; // not accepted yet: the target may not list it
      const row = byId.get(t.jobId);
      if (!row) {
        if (t.status === 'unknown') continue;
        if (t.status === 'running' || now - t.sentAt > this.options.unknownAfterMs) {
          t.status = 'unknown';
          this.deps.log.warn(
            `Replication job ${t.jobId} for ${t.job.db}.${t.job.table} is no longer listed on the target; checking the partition versions`,
          );
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
          t.status = 'running'; // until the partitions show the data arrived
          if (t.committedAt === undefined) {
            // The target counts running jobs only: its slot is free now, while srsync checks what arrived.
            t.committedAt = now;
            this.slotFreed();
          }
          committed.push(t);
          break;
        case 'ABORTED':
          this.inFlight.delete(t.job.tableKey);
          this.slotFreed();
          this.fail(t, classifyJobError(row.error || 'aborted', { table: `${t.job.db}.${t.job.table}`, partitions: t.job.partitions }));
          break;
        default:
          t.status = 'unknown';
      }
    }
    await Promise.all(committed.map((t) => this.settleCommitted(t, now)));
  }

  /**
   * A COMMITTED job is finished only when the target's partitions reached the job's source versions: the FE
   * commits a job whose copy tasks of a whole partition all failed, leaving that partition unchanged (issue 6).
   */
  private async settleCommitted(t: TrackedJob, now: number): Promise<void> {
    let arrival: JobArrival = { kind: 'arrived' };
    if (this.deps.checkArrival) {
      try {
        arrival = await this.deps.checkArrival(t.job);
      } catch (e) {
        this.deps.log.warn(`Cannot read the target's partition versions of ${t.job.db}.${t.job.table}: ${(e as Error).message}; checking again`);
        return;
      }
    }
    if (this.inFlight.get(t.job.tableKey) !== t) return;
    if (arrival.kind === 'publishing') {
      if (now - (t.committedAt ?? now) < (this.options.publishGraceMs ?? 30_000)) return;
      this.release(t);
      this.fail(t, {
        permanent: false,
        cause: 'transient',
        message: `the job committed but its versions were not visible on the target after ${Math.round((this.options.publishGraceMs ?? 30_000) / 1000)} s`,
        fix: '',
      });
      return;
    }
    this.release(t);
    if (arrival.kind === 'arrived') this.succeed(t);
    else if (t.adopted) {
      // A previous run's job may have carried older versions than this plan: send the planned job (a job of this
      // run that moves nothing is the permanent failure).
      this.fail(t, {
        permanent: false,
        cause: 'transient',
        message: `the adopted job ${t.jobId} committed below the planned versions of partition(s) ${arrival.partitions.join(', ')}`,
        fix: '',
      });
    } else this.fail(t, movedNothingFailure(`${t.job.db}.${t.job.table}`, t.job.mirrorVolume, arrival.partitions));
  }

  /** Marks an unknown job finished when the caller verified the partition versions (reference §5.3). */
  resolveByVersions(tableKey: string, caughtUp: boolean): void {
    const t = this.inFlight.get(tableKey);
    if (!t || t.status !== 'unknown') return;
    this.release(t);
    if (caughtUp) this.succeed(t);
    else this.fail(t, { permanent: false, cause: 'transient', message: 'job lost on the target', fix: '' });
  }

  /** Jobs holding one of the target's slots: sent and not seen COMMITTED (a committed job is being checked). */
  private slotsInUse(): number {
    let n = 0;
    for (const t of this.inFlight.values()) if (t.committedAt === undefined) n++;
    return n;
  }

  /** A job leaves srsync's hands; its target slot is freed unless that happened when it was seen COMMITTED. */
  private release(t: TrackedJob): void {
    this.inFlight.delete(t.job.tableKey);
    if (t.committedAt === undefined) this.slotFreed();
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
    this.bytesFinished += t.job.dataSize;
    this.attempts.delete(t.job.tableKey);
    this.lastSuccess.set(t.job.tableKey, this.deps.now());
    let done = this.doneVersions.get(t.job.tableKey);
    if (!done) this.doneVersions.set(t.job.tableKey, (done = new Map()));
    for (const p of t.job.partitions)
      done.set(`${p.srcPhysicalId}>${p.tgtPhysicalId}`, Math.max(done.get(`${p.srcPhysicalId}>${p.tgtPhysicalId}`) ?? -1, p.srcVersion));
    this.deps.log.info(`Replication job ${t.jobId} finished for ${t.job.db}.${t.job.table}`);
    this.deps.events?.finished();
    this.onFinished(t);
    this.releaseNext(t.job.tableKey);
  }

  /**
   * A failed attempt. Transient failures are sent again at once, up to maxAttempts; a permanent one (the same
   * request would fail the same way) is given up at once: the caller retries it with back-off (retry-book.ts).
   */
  private fail(t: TrackedJob, failure: Failure): void {
    const error = failure.message;
    t.status = 'failed';
    t.error = error;
    if (t.job.partitions.length === 0) {
      // An adopted job for which the plan had nothing: there is nothing to resend; the next round decides (and
      // its job is a first attempt: the adopted one was not ours to count).
      this.deps.log.warn(`Replication job ${t.jobId} failed for ${t.job.db}.${t.job.table}: ${error}; planning the table again`);
      this.deps.events?.failed(false);
      this.releaseNext(t.job.tableKey, true);
      this.onReplan(t);
      return;
    }
    this.attempts.set(t.job.tableKey, t.attempts);
    const again = !failure.permanent && t.attempts < this.options.maxAttempts;
    this.deps.events?.failed(again);
    const line = `Replication job ${t.jobId} failed for ${t.job.db}.${t.job.table} (attempt ${t.attempts}/${this.options.maxAttempts}): ${error}${again ? '; retrying' : ''}`;
    // A permanent failure is reported once, with its fix, by whoever retries it later (onGivenUp).
    if (failure.permanent) this.deps.log.info(line);
    else this.deps.log.warn(line);
    if (again) {
      this.pending.push(t.job);
    } else {
      this.givenUp.set(t.job.tableKey, describeFailure(failure));
      this.givenUpFailures.set(t.job.tableKey, failure);
      this.attempts.delete(t.job.tableKey);
      this.releaseNext(t.job.tableKey, true);
      this.onGivenUp(t, failure);
    }
  }

  private releaseNext(tableKey: string, dropRest = false): void {
    const rest = this.waiting.get(tableKey);
    if (!rest || rest.length === 0 || dropRest) {
      this.waiting.delete(tableKey);
      return;
    }
    this.pending.push(rest[0]!);
    this.deps.prepare?.([rest[0]!]);
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
