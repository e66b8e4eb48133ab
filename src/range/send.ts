// The job sender's range part (engine/job-sender.ts calls it for jobs of range-distributed tables): before the job's
// versions are read, the table is aligned (RangeAligner: the send is held while the target is split at the source's
// boundaries); after they are read, the source's tablets are confirmed unchanged; the request's tablets come from the
// two topologies, paired by range. A permanent refusal is remembered (RangeRefusals: a blocking note in the next
// plans) and re-checked at full rounds.
import type { Logger } from '../log/logger.js';
import { RangeAligner, type AlignerOptions, type RangeAlignment } from './aligner.js';
import { RangeRefusals } from './gate.js';
import { rangePartitionTablets, type RangePartitionTablets } from './pairing.js';
import { RangeAlignmentError, RangeBusyError, RangeClient, type SqlQuery } from './reader.js';
import { compareTopologies, type PartitionLink } from './topology.js';

/** A replication job of a range table, as the sender has it (PlannedJob fits). */
export interface RangeSendJob {
  readonly tableKey: string;
  readonly db: string;
  readonly table: string;
  readonly tgtTableId: string;
  readonly partitions: readonly PartitionLink[];
  /** The target table's names (rename mapping); absent: the source's. */
  readonly range?: { readonly tgtDb: string; readonly tgtTable: string };
}

export interface RangeSenderDeps {
  readonly source: SqlQuery;
  readonly target: SqlQuery;
  readonly log?: Pick<Logger, 'info' | 'warn'>;
  readonly now?: () => number;
  readonly sleep?: (ms: number) => Promise<void>;
  readonly options?: Partial<AlignerOptions>;
}

const links = (job: RangeSendJob): PartitionLink[] => job.partitions.map((p) => ({ srcPhysicalId: p.srcPhysicalId, tgtPhysicalId: p.tgtPhysicalId }));
const rangeJob = (job: RangeSendJob) => ({
  db: job.db,
  table: job.table,
  tgtDb: job.range?.tgtDb ?? job.db,
  tgtTable: job.range?.tgtTable ?? job.table,
  partitions: links(job),
});

export class RangeSender {
  readonly refusals = new RangeRefusals();
  private readonly aligner: RangeAligner;
  private readonly source: RangeClient;
  private readonly target: RangeClient;

  constructor(deps: RangeSenderDeps) {
    this.source = new RangeClient(deps.source, 'source');
    this.target = new RangeClient(deps.target, 'target');
    const noLog = { info: () => undefined, warn: () => undefined };
    this.aligner = new RangeAligner(
      {
        source: this.source,
        target: this.target,
        log: deps.log ?? noLog,
        now: deps.now ?? Date.now,
        sleep: deps.sleep ?? ((ms) => new Promise((r) => setTimeout(r, ms))),
      },
      deps.options,
    );
  }

  /** Aligns the job's table (splitting the target where the source has more boundaries); records a permanent refusal. */
  async align(job: RangeSendJob): Promise<RangeAlignment> {
    try {
      const a = await this.aligner.align(rangeJob(job));
      this.refusals.forget(job.tableKey);
      return a;
    } catch (e) {
      if (e instanceof RangeAlignmentError && e.failure.permanent)
        this.refusals.record(job.tableKey, { ...rangeJob(job), tgtTableId: job.tgtTableId, failure: e.failure });
      throw e;
    }
  }

  /** The source's tablets are still those of the alignment (read after the job's versions). */
  confirm(job: RangeSendJob, a: RangeAlignment): Promise<void> {
    return this.aligner.confirm(rangeJob(job), a);
  }

  /** One partition's request inputs from the alignment (null when the alignment does not have it). */
  tablets(a: RangeAlignment, srcPhysicalId: string, tgtPhysicalId: string): RangePartitionTablets | null {
    const p = a.partitions.find((x) => x.srcPhysicalId === srcPhysicalId && x.tgtPhysicalId === tgtPhysicalId);
    return p ? rangePartitionTablets(p) : null;
  }

  /**
   * Re-checks each refused table (at a full round): a table whose topologies no longer need a merge (the source split
   * where the target had boundaries, the target table was re-created) is forgotten, and its work returns to the plan.
   * Read failures keep the refusal.
   */
  async recheck(): Promise<void> {
    for (const [key, r] of this.refusals.entries()) {
      try {
        const [s, t] = await Promise.all([this.source.topology(r.db, r.table), this.target.topology(r.tgtDb, r.tgtTable)]);
        if (compareTopologies(s, t, r.partitions).kind !== 'refuse') this.refusals.forget(key);
      } catch (e) {
        if (e instanceof RangeBusyError) continue;
        if (e instanceof RangeAlignmentError && e.failure.permanent) continue;
        // The table or a partition is gone, or the FE cannot be read now: its next plan decides.
        if (e instanceof RangeAlignmentError) this.refusals.forget(key);
      }
    }
  }
}
