// The target-write guard's state in a run: which written target partitions were reported, when the target was last
// polled for them. The decisions are target-write-guard.ts's (pure); this keeps their memory and reports each write
// once (an ERROR line and the status observer). The Migrator calls it after every round and on a commit-guard abort.
import type { Failure } from '../cluster/fe-answers.js';
import type { SqlClient } from '../cluster/sql-client.js';
import type { Logger } from '../log/logger.js';
import type { PlannerConfig } from '../planner/config.js';
import { makeScope } from '../planner/scope.js';
import { targetNamed } from '../planner/target-names.js';
import type { PlannedJob } from '../scheduler/replication-scheduler.js';
import type { SyncObserver } from '../status/model.js';
import type { SnapshotPair } from './scoped-plan.js';
import { commitGuardWrite, emptyGuardMemory, findTargetWrites, targetWriteLine, unseenWrites, WRITTEN_PARTITIONS_SQL } from './target-write-guard.js';
import type { GuardMemory, TargetWrite } from './target-write-guard.js';

/** How often the target is polled for partitions written outside replication. */
export const TARGET_WRITE_POLL_MS = 5_000;

export interface TargetWriteWatchDeps {
  readonly target: Pick<SqlClient, 'query'>;
  readonly planner: PlannerConfig;
  readonly log: Logger;
  readonly observer: SyncObserver | null;
  readonly now: () => number;
  /** Asks the engine for a full round (it reports what the poll saw). */
  readonly requestRound: () => void;
}

export class TargetWriteWatch {
  private memory: GuardMemory = emptyGuardMemory;
  /** Written target partitions a poll already asked a full round for. */
  private asked: ReadonlySet<string> = new Set();
  private lastPoll = 0;

  constructor(private readonly deps: TargetWriteWatchDeps) {}

  /** After a round read or updated the snapshots: each partition loaded on the target, once, as an ERROR. */
  afterRound(snaps: SnapshotPair | null): void {
    if (!snaps) return;
    const r = findTargetWrites(this.memory, snaps.source, snaps.target, makeScope(this.deps.planner).object, this.deps.planner);
    this.memory = r.memory;
    for (const w of r.writes) this.report(w, true);
  }

  /** A job the target aborted at commit because its partition was loaded (its ERROR is the job failure's). */
  commitGuardFired(job: PlannedJob, jobId: string, f: Failure, snaps: SnapshotPair | null): void {
    const src = snaps?.source.databases.get(job.db)?.tables.get(job.table);
    const r = commitGuardWrite(this.memory, job, jobId, f, src, this.deps.planner);
    this.memory = r.memory;
    if (r.write) this.report(r.write, false);
  }

  /** Every TARGET_WRITE_POLL_MS: a load into a migrated target partition asks for a full round now (it reports it). */
  async poll(snaps: SnapshotPair | null): Promise<void> {
    const now = this.deps.now();
    if (!snaps || now - this.lastPoll < TARGET_WRITE_POLL_MS) return;
    this.lastPoll = now;
    const rows = await this.deps.target.query(WRITTEN_PARTITIONS_SQL).catch((e: Error) => {
      this.deps.log.debug(`Cannot poll the target for written partitions: ${e.message}`);
      return null;
    });
    if (!rows) return;
    const named = targetNamed(snaps.source, this.deps.planner); // rename mapping: rows name target tables
    const r = unseenWrites(rows, this.memory, named.renamed.snapshot, named.scope.object, this.asked);
    this.asked = r.asked;
    if (r.fresh.length === 0) return;
    this.deps.log.info(`${r.fresh.length} target partition(s) written outside replication; reading the catalogs now`);
    this.deps.requestRound();
  }

  private report(w: TargetWrite, log: boolean): void {
    const line = targetWriteLine(w);
    if (log) this.deps.log.error(line);
    this.deps.observer?.targetWrite?.({ table: `${w.db}.${w.table}`, partition: w.partition, detectedBy: w.detectedBy, message: line });
  }
}
