// What the FE decides when every task of a lake replication job has reported (reference §3 "Whole-partition
// rule", §4.2, §4.3): the PR #68223 data-version guard, LakeTableTxnStateListener.preCommit's unfinished-tablet
// check, and the partition version bookkeeping at commit and at publish.
import type { Database, OlapTable, PhysicalPartition } from '../catalog/model.js';
import { FeState, type ReplicationJob } from '../fe/state.js';
import { javaLongHashMapOrder } from '../ddl/java.js';
import { commitReplication } from '../lake/versions.js';

/** Thrown by the commit path; the job aborts with exactly this message as the txn's reason. */
export class CommitError extends Error {}

/**
 * ReplicationJob.commitTransaction (2026, [C-RJ] `ReplicationJob.java@6b3e681e`): under the table write lock the
 * table is looked up again; a table gone since the last daemon round fails the commit with this message.
 */
export function tableForCommit(fe: FeState, job: Pick<ReplicationJob, 'dbId' | 'tableId'>): { db: Database; table: OlapTable } {
  const db = fe.findDbById(job.dbId);
  const table = db ? fe.findTableById(db, job.tableId) : undefined;
  if (!db || !table || table.kind !== 'olap') throw new CommitError(`Table ${job.tableId} is not found when committing replication`);
  return { db, table };
}

/**
 * PR #68223 guard ([C-RJ] commitTransaction): before committing, every partition of the job must still have
 * committedDataVersion == dataVersion == the data version seen at admission (a load committed or published
 * meanwhile moves them). A partition dropped meanwhile is skipped. Checked in the job's partition order.
 */
export function checkDataVersionGuard(table: OlapTable, job: ReplicationJob): void {
  for (const plan of job.partitions) {
    const pp = findPhysicalPartition(table, plan.physicalPartitionId);
    if (!pp) continue;
    const committed = pp.committedDataVersion;
    const current = pp.dataVersion;
    const expected = plan.baseDataVersion;
    if (committed !== current || current !== expected) {
      throw new CommitError(
        `Partition ${plan.physicalPartitionId} data version mismatch for replication, committed: ${committed}, current: ${current}, expected: ${expected}`,
      );
    }
  }
}

/**
 * LakeTableTxnStateListener.preCommit: the dirty partitions are those with at least one finished tablet; in each
 * of them, every index must have all its tablets finished, else the first unfinished tablet of that index (in
 * tablet order) is listed. A partition whose tablets all failed is not dirty: it is silently left out.
 */
export function preCommit(table: OlapTable, job: ReplicationJob): { dirty: PhysicalPartition[]; unfinished: number[] } {
  const finished = new Set(job.tasks.filter((t) => t.state === 'FINISHED').map((t) => t.tabletId));
  const dirty: PhysicalPartition[] = [];
  for (const pp of FeState.physicalPartitions(table)) {
    if (pp.indexes.some((i) => i.tablets.some((t) => finished.has(t.id)))) dirty.push(pp);
  }
  dirty.sort((a, b) => a.id - b.id); // Java HashSet<Long> order for small ids
  const unfinished: number[] = [];
  for (const pp of dirty) {
    // PhysicalPartition.getMaterializedIndices(ALL): the base index, then the rollups in HashMap order of their ids.
    const [base, ...rollups] = pp.indexes;
    const order = javaLongHashMapOrder(rollups.map((i) => i.id));
    const indexes = [base!, ...order.map((id) => rollups.find((i) => i.id === id)!)];
    for (const index of indexes) {
      const t = index.tablets.find((x) => !finished.has(x.id));
      if (t) unfinished.push(t.id);
    }
  }
  return { dirty, unfinished };
}

export const unfinishedTabletsMessage = (table: OlapTable, ids: number[]) => `table '${table.name}" has unfinished tablets: [${ids.join(', ')}]`;

/**
 * Commit-time bookkeeping of a REPLICATION txn on the dirty partitions (sim/lake/versions.commitReplication): the
 * committed version jumps by (src_version − dataVersion), so VisibleVersion becomes oldCommittedVersion +
 * (src_version − oldDataVersion) at publish. Returns physicalPartitionId → committed version.
 */
export function applyCommitVersions(job: ReplicationJob, dirty: PhysicalPartition[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const pp of dirty) {
    const plan = planOf(job, pp.id);
    if (plan) out[String(pp.id)] = commitReplication(pp, plan.srcVersion, plan.srcVersionEpoch).version;
  }
  return out;
}

export const planOf = (job: ReplicationJob, ppId: number) => job.partitions.find((p) => p.physicalPartitionId === ppId);

export function findPhysicalPartition(table: OlapTable, id: number): PhysicalPartition | undefined {
  for (const p of table.partitions) for (const pp of p.physicalPartitions) if (pp.id === id) return pp;
  return undefined;
}
