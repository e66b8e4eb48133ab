// Aligns a range-distributed table's target topology with its source before a replication job is sent (the official
// workflow, starrocks-2026.md §1.5 step 5, improved): the job is held (its send waits here; the scheduler sends one
// job per table, so the table's earlier job has drained), both topologies are read on the FEs, exact-boundary splits
// are submitted on the target and their reshard job followed to its end, and the job goes on only when the
// topologies are structurally equal: its tablets are then paired by range. Where convergence would need a merge on
// the target (a target boundary the source lacks), or the FE refuses the protocol, it fails closed with the table and
// the reason (RangeAlignmentError, permanent).
import type { Logger } from '../log/logger.js';
import { RangeAlignmentError, RangeBusyError, RESHARD_DONE, type RangeClient } from './reader.js';
import {
  compareTopologies,
  sourceTabletIds,
  sourceTabletIdsOf,
  splitRequest,
  type CompareOptions,
  type PartitionLink,
  type PartitionPairing,
  type RangeTopology,
} from './topology.js';

/** The job as the aligner needs it: the table on each side, and its partitions. */
export interface RangeJob {
  readonly db: string;
  readonly table: string;
  /** The target's names (rename mapping); default: the source's. */
  readonly tgtDb?: string;
  readonly tgtTable?: string;
  readonly partitions: readonly PartitionLink[];
}

export interface RangeAlignment {
  /** Per job partition: each index's tablets paired by range. */
  readonly partitions: readonly PartitionPairing[];
  /** Target splits this alignment submitted (0 when the topologies were equal at once). */
  readonly splits: number;
}

export interface AlignerOptions {
  /** Longest wait for a table to leave TABLET_RESHARD (its own reshard jobs, or a split srsync submitted). */
  readonly waitLimitMs: number;
  /** Pause between reads while waiting. */
  readonly pollMs: number;
  /** Most split submissions for one job before giving up (the source may keep splitting meanwhile). */
  readonly maxSplitRounds: number;
  readonly compare?: CompareOptions;
}

export const DEFAULT_ALIGNER_OPTIONS: AlignerOptions = { waitLimitMs: 600_000, pollMs: 500, maxSplitRounds: 8 };

export interface AlignerDeps {
  readonly source: RangeClient;
  readonly target: RangeClient;
  readonly log: Pick<Logger, 'info' | 'warn'>;
  readonly now: () => number;
  readonly sleep: (ms: number) => Promise<void>;
}

const transient = (message: string): RangeAlignmentError => new RangeAlignmentError({ permanent: false, cause: 'transient', message, fix: '' });

export class RangeAligner {
  private readonly o: AlignerOptions;

  constructor(
    private readonly deps: AlignerDeps,
    opts: Partial<AlignerOptions> = {},
  ) {
    this.o = { ...DEFAULT_ALIGNER_OPTIONS, ...opts };
  }

  /**
   * Makes the target's tablets of the job's partitions own exactly the source's ranges (splitting the target where
   * needed) and returns the pairing. Throws RangeAlignmentError (permanent: merge needed, refused protocol;
   * transient: did not settle in time).
   */
  async align(job: RangeJob): Promise<RangeAlignment> {
    const name = `${job.db}.${job.table}`;
    const tgtDb = job.tgtDb ?? job.db;
    const tgtTable = job.tgtTable ?? job.table;
    let splits = 0;
    for (let round = 0; ; round++) {
      const [src, tgt] = await Promise.all([this.settled(this.deps.source, job.db, job.table), this.settled(this.deps.target, tgtDb, tgtTable)]);
      const cmp = compareTopologies(src, tgt, job.partitions, this.o.compare);
      if (cmp.kind === 'equal') return { partitions: cmp.partitions, splits };
      if (cmp.kind === 'refuse')
        throw new RangeAlignmentError({
          permanent: true,
          cause: 'admission_refused',
          message: `range-distributed table ${name} cannot be aligned: ${cmp.reason}`,
          fix:
            'set tablet_reshard_enable_tablet_merge=false and tablet_reshard_target_size=9223372036854775807 on the target (srsync check), ' +
            'then drop the target table so srsync re-creates it (ddl_job_allow_drop_inconsistent_table=true), or exclude it',
        });
      if (round >= this.o.maxSplitRounds)
        throw transient(`range-distributed table ${name}: the target topology did not converge after ${splits} split(s) (${cmp.why})`);
      const request = splitRequest(cmp.splits);
      const children = cmp.splits.reduce((n, s) => n + s.children.length, 0);
      const jobId = await this.submit(tgtDb, tgtTable, request);
      if (jobId === null) continue; // the table went busy: read again once it settles
      splits++;
      this.deps.log.info(
        `Range table ${name}: replication held; split job ${jobId} submitted on the target (${cmp.splits.length} tablet(s) into ${children}) to match the source's ranges (${cmp.why})`,
      );
      await this.waitForJob(tgtDb, tgtTable, jobId);
    }
  }

  /**
   * After the job's versions were read: the source tablets of `a` are still the source's current ones (no split
   * in between), else the alignment is stale (transient: the next attempt aligns again).
   */
  async confirm(job: RangeJob, a: RangeAlignment): Promise<void> {
    const src = await this.settled(this.deps.source, job.db, job.table);
    if (sourceTabletIdsOf(src, a.partitions) !== sourceTabletIds(a.partitions))
      throw transient(`range-distributed table ${job.db}.${job.table}: the source's tablets changed while the job was prepared (a source split)`);
  }

  /** The topology once the table is not resharding (waits up to waitLimitMs). */
  private async settled(client: RangeClient, db: string, table: string): Promise<RangeTopology> {
    const start = this.deps.now();
    for (;;) {
      try {
        return await client.topology(db, table);
      } catch (e) {
        if (!(e instanceof RangeBusyError)) throw e;
        if (this.deps.now() - start >= this.o.waitLimitMs)
          throw transient(`${db}.${table} on the ${client.side} stayed busy for ${Math.round(this.o.waitLimitMs / 1000)} s: ${e.message}`);
        await this.deps.sleep(this.o.pollMs);
      }
    }
  }

  /** Submits a split; null when the table was busy (the caller reads the topologies again). */
  private async submit(db: string, table: string, request: Parameters<RangeClient['submitSplit']>[2]): Promise<string | null> {
    try {
      return await this.deps.target.submitSplit(db, table, request);
    } catch (e) {
      if (!(e instanceof RangeBusyError)) throw e;
      await this.deps.sleep(this.o.pollMs);
      return null;
    }
  }

  /** Follows the split job to its end; an aborted job is a transient failure (its error named). */
  private async waitForJob(db: string, table: string, jobId: string): Promise<void> {
    const start = this.deps.now();
    for (;;) {
      const row = (await this.deps.target.reshardJobs(db, table)).find((r) => r.jobId === jobId);
      if (row && RESHARD_DONE.has(row.state)) {
        if (row.state === 'FINISHED') return;
        throw transient(`${db}.${table}: split job ${jobId} on the target ended ${row.state}: ${row.error || 'no message'}`);
      }
      if (!row && this.deps.now() - start > this.o.pollMs * 20) return; // expired from the history: read the topology
      if (this.deps.now() - start >= this.o.waitLimitMs)
        throw transient(`${db}.${table}: split job ${jobId} on the target did not finish within ${Math.round(this.o.waitLimitMs / 1000)} s`);
      await this.deps.sleep(this.o.pollMs);
    }
  }
}
