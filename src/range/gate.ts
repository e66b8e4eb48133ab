// Range tables srsync refuses to replicate (fail closed): the alignment found that convergence would need a merge on
// the target, or the FE refused the protocol for the table (range-colocate, the static script switch off, ...).
// Each refusal becomes a blocking plan note for its table (counted not in sync, a one-time run ends with exit 4
// naming the table and the reason) and the table's replication work leaves the plan, until a re-check finds the
// table alignable again (the DBA dropped the target table, turned merge off and the source split again, ...).
import type { Failure } from '../cluster/fe-answers.js';
import type { NoteReason, Plan, PlanNote } from '../planner/actions.js';
import type { PartitionLink } from './topology.js';

/** The blocking note's reason (planner/actions.ts NOTE_BLOCKING: always). */
export const RANGE_NOTE_REASON: NoteReason = 'range_not_aligned';

export interface RangeRefusal {
  readonly db: string;
  readonly table: string;
  readonly tgtDb: string;
  readonly tgtTable: string;
  /** Target table id when refused: a re-created target table is checked afresh. */
  readonly tgtTableId: string;
  /** The job's partitions when refused (a re-check compares them again). */
  readonly partitions: readonly PartitionLink[];
  readonly failure: Failure;
}

export class RangeRefusals {
  private readonly byTable = new Map<string, RangeRefusal>();

  /** A table's alignment was refused for good (a permanent RangeAlignmentError). */
  record(tableKey: string, r: RangeRefusal): void {
    this.byTable.set(tableKey, r);
  }

  forget(tableKey: string): void {
    this.byTable.delete(tableKey);
  }

  get size(): number {
    return this.byTable.size;
  }

  entries(): Array<[string, RangeRefusal]> {
    return [...this.byTable];
  }

  /**
   * The plan without the replication of refused tables, with a blocking note for each refused table the plan
   * wanted to replicate. A table the plan has no work for keeps its refusal (it is checked when work returns), and a
   * work item for a re-created target table (another target id) drops the refusal: its send aligns it afresh.
   */
  filter(p: Plan): Plan {
    if (this.byTable.size === 0) return p;
    const notes: PlanNote[] = [];
    const replication = p.replication.filter((w) => {
      const key = `${w.db}.${w.table}`;
      const r = this.byTable.get(key);
      if (!r) return true;
      if (r.tgtTableId !== w.tgtTableId) {
        this.byTable.delete(key);
        return true;
      }
      notes.push({
        object: 'table',
        db: w.db,
        table: w.table,
        reason: RANGE_NOTE_REASON,
        message: `${r.failure.message}${r.failure.fix ? `; fix: ${r.failure.fix}` : ''}`,
        blocking: true,
      });
      return false;
    });
    if (notes.length === 0) return p;
    return { ...p, replication, notes: [...p.notes, ...notes] };
  }
}
