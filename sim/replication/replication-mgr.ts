// The simulated FE's ReplicationMgr (reference §4): admits startTableReplication requests, runs the lake
// replication jobs from a leader daemon tick (INITIALIZING → REPLICATING → COMMITTED | ABORTED), dispatches one
// copy task per target tablet to the tablet's simulated CN, commits and publishes the REPLICATION txn.
// Job and task state lives in FeState (so it survives an FE image); CN work in flight lives here.
import { setMaxListeners } from 'node:events';
import { TStatusCode, type TableReplicationRequest, type TableReplicationResponse } from '../../idl/thrift.js';
import type { Database, OlapTable, PhysicalPartition, Tablet } from '../catalog/model.js';
import type { FeState, ReplicationJob, ReplicationTask, Transaction } from '../fe/state.js';
import type { TxnManager } from '../lake/txn.js';
import { publishReplication } from '../lake/replica-copy.js';
import type { Rowset } from '../lake/tablet-meta.js';
import { CloseWithoutReply } from '../thrift/faults.js';
import type { ReplicationHandler } from '../thrift/server.js';
import {
  AdmissionError,
  checkBeforeRegister,
  createReplicationJob,
  getTargetTable,
  isLakeJob,
  isRunningJob,
  virtualTablet,
  type AdmissionContext,
} from './admission.js';
import { CnExecutor, TaskCancelled } from './cn-executor.js';
import { CnTaskError, replicateTablet, type ReplicateTabletInput } from './cn-copy.js';
import {
  applyCommitVersions,
  checkDataVersionGuard,
  CommitError,
  findPhysicalPartition,
  planOf,
  preCommit,
  tableForCommit,
  unfinishedTabletsMessage,
} from './commit.js';
import type { ReplicationPaths } from './paths.js';
import { rangeOf } from '../range/ranges.js';

export interface ReplicationDeps extends ReplicationPaths {
  txns: TxnManager;
  /** Publish of one physical partition; default sim/lake/replica-copy.ts publishReplication. */
  publishReplication?: typeof publishReplication;
  now?: () => number;
  log?: (line: string) => void;
}

/**
 * Config.publish_version_interval_ms (StarRocks 3.x/4.x Config.java: a static key, default 10): the period of the
 * leader's PublishVersionDaemon, which makes committed txns visible, replication txns included.
 */
export const PUBLISH_VERSION_INTERVAL_MS = 10;

/** ReplicationJob.cancel()'s txn abort reason. */
export const CANCEL_REASON = 'Replication job cancelled';
/** ReplicationJob.isTransactionAborted (2026): the txn is still PREPARE but the target db or table is gone. */
export const TABLE_DELETED_REASON = 'Table is deleted';
/** DatabaseTransactionMgr's reason for a txn that ran past its timeout (as sim/lake/txn.ts words it). */
export const TXN_TIMEOUT_REASON = 'timeout by txn manager';

const ACTIVE_TXN = new Set<Transaction['status']>(['PREPARE', 'PREPARED', 'COMMITTED']);
const reported = (t: ReplicationTask) => t.state === 'FINISHED' || t.state === 'FAILED';
const messageOf = (e: unknown) => (e instanceof AdmissionError ? (e.javaMessage ?? '') : e instanceof Error ? e.message : String(e));

interface TaskResult {
  rowsets: Rowset[];
}
const isTaskResult = (v: unknown): v is TaskResult => v !== null && typeof v === 'object' && Array.isArray((v as TaskResult).rowsets);

/** Each FE's leader work admission (GlobalStateMgr.isLeaderWorkAdmissionOpen), read by the range-migration bridge. */
const LEADER_ADMISSION = new WeakMap<FeState, () => boolean>();

/** isLeader() && isLeaderWorkAdmissionOpen() of this FE (true when no ReplicationMgr runs: the simulated FE is the leader). */
export const leaderAdmissionOpen = (fe: FeState): boolean => LEADER_ADMISSION.get(fe)?.() ?? true;

export class ReplicationMgr implements ReplicationHandler {
  private admissionOpen = true;
  private ticking = false;
  private timer: NodeJS.Timeout | null = null;
  private publishTimer: NodeJS.Timeout | null = null;
  /** Jobs this leader committed whose txn the publish daemon has not made visible yet. */
  private readonly committedJobs = new Set<string>();
  private readonly executors = new Map<number, CnExecutor>();
  private readonly controllers = new Map<string, AbortController>();
  private readonly inflight = new Set<Promise<void>>();
  private readonly copyFailures: string[] = [];
  /**
   * Jobs whose task bookkeeping this leader session does not have (restored from the image / journal): the next
   * daemon round sends their tasks again (ReplicationJob.isCrashRecovery / resetLeaderSessionTaskState).
   */
  private readonly recovering = new Set<string>();

  /** Fault: the next `n` copy tasks to start on any CN fail with `message`. */
  readonly cnFaults = {
    failNextCopies: (n: number, message: string): void => {
      if (!Number.isInteger(n) || n < 0) throw new RangeError(`n must be a non-negative integer, got ${n}`);
      for (let i = 0; i < n; i++) this.copyFailures.push(message);
    },
    pending: (): number => this.copyFailures.length,
    clear: (): void => {
      this.copyFailures.length = 0;
    },
  };

  constructor(
    private readonly fe: FeState,
    private readonly deps: ReplicationDeps,
  ) {
    LEADER_ADMISSION.set(fe, () => this.admissionOpen);
    // A restored image may hold jobs that were running when the FE stopped: the job, its id and its txn survive;
    // the tasks sent by the previous leader session are forgotten and sent again by the next daemon round.
    for (const job of this.runningJobs()) {
      if (job.state !== 'REPLICATING') continue;
      for (const t of job.tasks) {
        t.state = 'PENDING';
        t.error = '';
        t.result = null;
      }
      this.recovering.add(job.jobId);
    }
  }

  // ---------------------------------------------------------------- RPC

  async startTableReplication(req: TableReplicationRequest): Promise<TableReplicationResponse> {
    const now = this.now();
    try {
      const job = createReplicationJob(this.fe, req, this.admissionContext(now));
      checkBeforeRegister(this.fe, job, this.admissionContext(now));
      this.register(job);
      this.log(`added replication job ${job.jobId} for table ${job.tableId}: ${job.tasks.length} tablets`);
      return { status: { status_code: TStatusCode.OK } };
    } catch (e) {
      if (e instanceof AdmissionError && e.javaMessage === null) {
        throw new CloseWithoutReply('exception without a message: the reply cannot be written');
      }
      return { status: { status_code: TStatusCode.INTERNAL_ERROR, error_msgs: [messageOf(e)] } };
    }
  }

  // ---------------------------------------------------------------- daemon

  /** One run of the leader daemon (replication_interval_ms): publish committed txns, advance running jobs, expire history. */
  async tick(now = this.now()): Promise<void> {
    if (this.ticking) return;
    this.ticking = true;
    try {
      // What is committed and not yet visible first (the publish daemon makes the txns of this round visible
      // PUBLISH_VERSION_INTERVAL_MS later; a round publishes restored txns and retries failed publishes).
      this.publishCommitted(now);
      for (const job of this.runningJobs().sort((a, b) => a.createdTime - b.createdTime)) this.runJob(job, now);
      this.clearExpiredJobs(now);
    } finally {
      this.ticking = false;
    }
  }

  /**
   * Ticks every fe.options.daemonIntervalMs until stop(), and publishes the txns the ticks commit every
   * PUBLISH_VERSION_INTERVAL_MS (the publish daemon), as StarRocks does: a committed job's data is visible
   * about 10 ms later, not a whole replication round later.
   */
  start(): void {
    if (this.timer) return;
    const publishLoop = () => {
      this.publishTimer = setTimeout(() => {
        if (this.committedJobs.size > 0) this.publishJobs([...this.committedJobs], this.now());
        if (this.publishTimer) publishLoop();
      }, PUBLISH_VERSION_INTERVAL_MS);
      this.publishTimer.unref();
    };
    publishLoop();
    const loop = () => {
      this.timer = setTimeout(() => {
        void this.tick()
          .catch((e: unknown) => this.log(`replication daemon: ${messageOf(e)}`))
          .finally(() => {
            if (this.timer) loop();
          });
      }, this.fe.options.daemonIntervalMs);
      this.timer.unref();
    };
    loop();
  }

  stop(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (this.publishTimer) clearTimeout(this.publishTimer);
    this.publishTimer = null;
  }

  /** Stops the daemon and cancels CN work without touching job state (what a process exit does). */
  async shutdown(): Promise<void> {
    this.stop();
    for (const c of this.controllers.values()) c.abort(new TaskCancelled());
    this.controllers.clear();
    await this.idle();
  }

  /** Resolves when no CN copy is queued or running. */
  async idle(): Promise<void> {
    while (this.inflight.size > 0) await Promise.allSettled([...this.inflight]);
  }

  // ---------------------------------------------------------------- faults / admin

  closeAdmission(): void {
    this.admissionOpen = false;
  }

  openAdmission(): void {
    this.admissionOpen = true;
  }

  /** Aborts a running job (and its txn) with `reason`; false if there is no such running job. */
  abortJob(jobId: string, reason = CANCEL_REASON): boolean {
    const job = this.fe.replicationJobs.get(jobId);
    if (!job || !isRunningJob(job)) return false;
    this.abortWith(job, reason, this.now());
    return true;
  }

  /** Aborts every running job; returns how many. */
  abortAllRunning(reason = CANCEL_REASON): number {
    const jobs = this.runningJobs();
    for (const job of jobs) this.abortWith(job, reason, this.now());
    return jobs.length;
  }

  /** Per-CN worker statistics (peakRunning: the most copies that ran at once). */
  cnStats(): Map<number, { running: number; queued: number; peakRunning: number }> {
    return new Map([...this.executors].map(([id, e]) => [id, e.stats()]));
  }

  /** Every kept job (running and finished), for /api/replication?type=show. */
  jobs(): ReplicationJob[] {
    return [...this.fe.replicationJobs.values()];
  }

  runningJobs(): ReplicationJob[] {
    return [...this.fe.replicationJobs.values()].filter(isRunningJob);
  }

  // ---------------------------------------------------------------- admission helpers

  private admissionContext(now: number): AdmissionContext {
    return {
      admissionOpen: this.admissionOpen,
      runningJobs: this.runningJobs(),
      hasActiveReplicationTxn: (dbId, tableId) =>
        [...this.fe.transactions.values()].some(
          (t) => t.dbId === dbId && t.sourceType === 'REPLICATION' && ACTIVE_TXN.has(t.status) && t.tableIds.includes(tableId),
        ),
      now,
    };
  }

  /** Registers the job; the table's previous (finished) job is dropped: only the latest job per table is kept. */
  private register(job: ReplicationJob): void {
    const clash = this.fe.replicationJobs.get(job.jobId);
    if (clash && clash.tableId !== job.tableId && isRunningJob(clash)) {
      // Jobs are kept by id here; StarRocks keys them by table and would accept this (simulator limitation).
      throw new AdmissionError(`Replication job ${job.jobId} is already running for table ${clash.tableId}`);
    }
    for (const [id, j] of this.fe.replicationJobs) {
      if (j.tableId === job.tableId && !isRunningJob(j)) this.fe.replicationJobs.delete(id);
    }
    this.fe.replicationJobs.delete(job.jobId);
    this.fe.replicationJobs.set(job.jobId, job);
    this.fe.onChange();
  }

  // ---------------------------------------------------------------- job state machine

  private runJob(job: ReplicationJob, now: number): void {
    try {
      if (job.state === 'INITIALIZING') {
        this.beginJob(job);
        return;
      }
      const txn = this.deps.txns.get(job.txnId);
      if (txn && txn.status === 'PREPARE' && now - txn.prepareTime > txn.timeoutMs) this.deps.txns.abort(txn, TXN_TIMEOUT_REASON);
      if (!txn || txn.status === 'ABORTED') {
        this.markAborted(job, txn?.reason || 'Transaction not found', now);
        return;
      }
      if (txn.status === 'PREPARE' && !this.tryLocate(job)) {
        this.abortWith(job, TABLE_DELETED_REASON, now);
        return;
      }
      if (this.recovering.delete(job.jobId)) {
        this.sendTasks(job, txn.id);
        this.log(`replication job ${job.jobId} recovered, state: ${job.state}, transaction id: ${txn.id}`);
        return;
      }
      if (job.state === 'SNAPSHOTING') {
        this.failRemoteSnapshots(job);
        return;
      }
      if (job.tasks.every(reported)) this.commitJob(job, txn, now);
    } catch (e) {
      this.abortWith(job, messageOf(e), now);
    }
  }

  /** INITIALIZING: begin the REPLICATION txn and send the tasks (LakeReplicationJob.run). */
  private beginJob(job: ReplicationJob): void {
    const { table } = this.locate(job);
    const label = `REPLICATION_${job.dbId}_${job.tableId}_${job.jobId}`;
    const timeoutMs = this.fe.config.getInt('replication_transaction_timeout_sec') * 1000;
    const txn = this.deps.txns.begin(job.dbId, label, 'REPLICATION', [job.tableId], timeoutMs);
    job.txnId = txn.id;
    if (job.tasks.length === 0) throw new Error('Running tasks is empty');
    if (!isLakeJob(job)) {
      // The shared-nothing job asks BE snapshots from the source; it cannot work between shared-data clusters.
      job.state = 'SNAPSHOTING';
      for (const t of job.tasks) t.state = 'RUNNING';
      this.fe.onChange();
      return;
    }
    // LakeReplicationJob: a range-distributed target sends every task of a partition to one anchor CN, the one
    // serving the partition's smallest target tablet id; hash/random tables route each task to its tablet's CN.
    const anchors = table.distribution.type === 'RANGE' ? rangeAnchors(table, job.tasks) : null;
    for (const task of job.tasks) {
      const tablet = findPhysicalPartition(table, task.physicalPartitionId)
        ?.indexes.find((i) => i.id === task.indexId)
        ?.tablets.find((t) => t.id === task.tabletId);
      const cnId = anchors?.get(task.physicalPartitionId) ?? tablet?.backendId ?? task.backendId;
      if (!this.fe.cns.some((cn) => cn.id === cnId)) {
        throw new Error(`Send lake replicate task failed, no compute node found for tablet: ${task.tabletId}`);
      }
      task.backendId = cnId;
    }
    job.state = 'REPLICATING';
    this.fe.onChange();
    this.sendTasks(job, txn.id);
  }

  /** Simulator choice for a job created without src_cluster_run_mode = SHARED_DATA. */
  private failRemoteSnapshots(job: ReplicationJob): void {
    const first = job.tasks[0]!;
    const msg = `Remote snapshot task failed, tablet: ${first.tabletId}, error: make snapshot is not supported for lake tablets`;
    for (const t of job.tasks) {
      t.state = 'FAILED';
      t.error = msg;
    }
    throw new Error(msg);
  }

  private commitJob(job: ReplicationJob, txn: Transaction, now: number): void {
    const { table } = tableForCommit(this.fe, job);
    checkDataVersionGuard(table, job);
    const { dirty, unfinished } = preCommit(table, job);
    if (unfinished.length > 0) throw new CommitError(unfinishedTabletsMessage(table, unfinished));
    const versions = applyCommitVersions(job, dirty);
    this.deps.txns.commit(txn, { [String(job.tableId)]: versions });
    job.state = 'COMMITTED';
    job.finishedTime = now;
    this.committedJobs.add(job.jobId);
    this.controllers.delete(job.jobId);
    this.fe.onChange();
    this.log(`replication job ${job.jobId} committed, txn ${txn.id}`);
  }

  /** Aborts the job's txn (if any) with `reason` and the job with it. */
  private abortWith(job: ReplicationJob, reason: string, now: number): void {
    const txn = job.txnId > 0 ? this.deps.txns.get(job.txnId) : undefined;
    if (txn) this.deps.txns.abort(txn, reason);
    this.markAborted(job, reason, now);
  }

  private markAborted(job: ReplicationJob, reason: string, now: number): void {
    job.state = 'ABORTED';
    job.error = reason;
    job.finishedTime = now;
    this.controllers.get(job.jobId)?.abort(new TaskCancelled());
    this.controllers.delete(job.jobId);
    this.recovering.delete(job.jobId);
    this.fe.onChange();
    this.log(`replication job ${job.jobId} aborted: ${reason}`);
  }

  private locate(job: ReplicationJob): { db: Database; table: OlapTable } {
    try {
      return getTargetTable(this.fe, job.dbId, job.tableId);
    } catch (e) {
      throw new Error(messageOf(e));
    }
  }

  // ---------------------------------------------------------------- CN side

  private executor(cnId: number): CnExecutor {
    let e = this.executors.get(cnId);
    const cn = this.fe.cns.find((c) => c.id === cnId);
    if (!e || (cn && e.cn !== cn)) {
      e = new CnExecutor(cn ?? { id: cnId, host: '127.0.0.1', replicationThreads: 0, bandwidthBytesPerSec: 0 });
      this.executors.set(cnId, e);
    }
    return e;
  }

  private sendTasks(job: ReplicationJob, txnId: number): void {
    const ctl = new AbortController();
    setMaxListeners(0, ctl.signal); // every queued task of the job listens on it
    this.controllers.set(job.jobId, ctl);
    for (const task of job.tasks) {
      task.state = 'PENDING';
      const p: Promise<void> = this.executor(task.backendId)
        .run(async (limiter) => {
          task.state = 'RUNNING';
          const injected = this.copyFailures.shift();
          if (injected !== undefined) throw new CnTaskError(injected);
          return replicateTablet(this.taskInput(job, task, txnId), limiter, ctl.signal);
        }, ctl.signal)
        .then(
          (rowsets) => {
            if (ctl.signal.aborted) {
              task.state = 'FAILED';
              task.error = 'Cancelled';
              return;
            }
            task.state = 'FINISHED';
            task.result = { rowsets } satisfies TaskResult;
          },
          (e: unknown) => {
            task.state = 'FAILED';
            task.error = e instanceof TaskCancelled || ctl.signal.aborted ? 'Cancelled' : messageOf(e);
          },
        )
        .finally(() => {
          this.inflight.delete(p);
          this.fe.onChange();
        });
      this.inflight.add(p);
    }
  }

  private taskInput(job: ReplicationJob, task: ReplicationTask, txnId: number): ReplicateTabletInput {
    const located = this.tryLocate(job);
    const pp = located ? findPhysicalPartition(located.table, task.physicalPartitionId) : undefined;
    if (!located || !pp) throw new CnTaskError(`Tablet ${task.tabletId} not found`);
    const volume = this.fe.catalog.storageVolumes.get(job.srcStorageVolumeName);
    const vt = volume ? virtualTablet(volume) : null;
    if (!volume || !vt || vt.tabletId !== job.virtualTabletId) throw new CnTaskError(`shard ${job.virtualTabletId} does not exist`);
    return {
      srcPartitionDir: this.deps.sourcePartitionDir(volume, vt.serviceId, job.srcDbId, job.srcTableId, task.srcPartitionId),
      srcTabletId: task.srcTabletId,
      srcVersion: task.srcVersion,
      targetPartitionDir: this.deps.partitionDir(located.db, located.table, pp),
      targetDataVersion: pp.dataVersion,
      txnId,
      bundleFallback: this.fe.options.cnBundleFallback !== false, // PR #77362 on this cluster's CNs
      ...(located.table.distribution.type === 'RANGE' ? { targetRange: rangeOf(findTabletIn(pp, task.tabletId) ?? { id: 0, backendId: 0 }) } : {}),
    };
  }

  // ---------------------------------------------------------------- publish / history

  /** Publishes every committed replication txn at the start of a round (a failure is retried on the next one). */
  private publishCommitted(now: number): void {
    this.publishJobs([...this.fe.replicationJobs.keys()], now);
  }

  /**
   * Publishes the committed txns of `jobIds` (the publish daemon's step). One that fails stays committed and is
   * retried by the next round (publishCommitted), not every PUBLISH_VERSION_INTERVAL_MS.
   */
  private publishJobs(jobIds: readonly string[], now: number): void {
    const publish = this.deps.publishReplication ?? publishReplication;
    for (const id of jobIds) {
      const job = this.fe.replicationJobs.get(id);
      const txn = job?.state === 'COMMITTED' ? this.deps.txns.get(job.txnId) : undefined;
      if (!job || !txn || txn.status !== 'COMMITTED') {
        this.committedJobs.delete(id);
        continue;
      }
      try {
        const located = this.tryLocate(job); // a dropped table has nothing left to make visible
        if (located) {
          const { db, table } = located;
          const rowsets = new Map<number, Rowset[]>();
          for (const t of job.tasks) if (t.state === 'FINISHED' && isTaskResult(t.result)) rowsets.set(t.tabletId, t.result.rowsets);
          for (const [ppId, version] of Object.entries(txn.committedPartitions[String(job.tableId)] ?? {})) {
            const pp = findPhysicalPartition(table, Number(ppId));
            const plan = planOf(job, Number(ppId));
            if (pp && plan) publish(this.fe, db, table, pp, version, rowsets, plan.srcVersion, plan.srcVersionEpoch, now);
          }
        }
        if (txn.status === 'COMMITTED') this.deps.txns.publish(txn);
        this.committedJobs.delete(id);
      } catch (e) {
        this.committedJobs.delete(id);
        this.log(`publish of replication txn ${txn.id} failed, will retry: ${messageOf(e)}`);
      }
    }
  }

  private tryLocate(job: ReplicationJob): { db: Database; table: OlapTable } | null {
    try {
      return getTargetTable(this.fe, job.dbId, job.tableId);
    } catch {
      return null;
    }
  }

  /** clearExpiredJobs: finished jobs older than history_job_keep_max_second are forgotten. */
  private clearExpiredJobs(now: number): void {
    const keepMs = this.fe.config.getInt('history_job_keep_max_second') * 1000;
    let changed = false;
    for (const [id, job] of this.fe.replicationJobs) {
      if (isRunningJob(job) || job.finishedTime <= 0 || now - job.finishedTime <= keepMs) continue;
      const txn = this.deps.txns.get(job.txnId);
      if (job.state === 'COMMITTED' && txn?.status === 'COMMITTED') continue; // not published yet
      this.fe.replicationJobs.delete(id);
      changed = true;
    }
    if (changed) this.fe.onChange();
  }

  private now(): number {
    return this.deps.now ? this.deps.now() : Date.now();
  }

  private log(line: string): void {
    this.deps.log?.(line);
  }
}

/** Per physical partition of a range table: the CN of the smallest target tablet id among the job's tasks. */
function rangeAnchors(table: OlapTable, tasks: ReplicationTask[]): Map<number, number> {
  const smallest = new Map<number, number>();
  for (const t of tasks) smallest.set(t.physicalPartitionId, Math.min(smallest.get(t.physicalPartitionId) ?? Infinity, t.tabletId));
  const out = new Map<number, number>();
  for (const [ppId, tabletId] of smallest) {
    const tablet = findPhysicalPartition(table, ppId)
      ?.indexes.flatMap((i) => i.tablets)
      .find((t) => t.id === tabletId);
    if (tablet) out.set(ppId, tablet.backendId);
  }
  return out;
}

const findTabletIn = (pp: PhysicalPartition, id: number): Tablet | undefined => pp.indexes.flatMap((i) => i.tablets).find((t) => t.id === id);
