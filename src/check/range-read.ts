// `srsync check` on range-distributed tables that exist on both clusters: both topologies read (read-only frontend
// scripts), partitions linked by name, and compared as the job sender will (src/range/topology.ts): a table that
// would need a merge on the target is reported now, not when its first job is about to be sent.
import { RangeAlignmentError, RangeBusyError, RangeClient, type SqlQuery } from '../range/reader.js';
import { compareTopologies, type PartitionLink } from '../range/topology.js';
import { inParallel } from '../util/parallel.js';
import type { RangeAlignmentFact } from './range.js';

const messageOf = (e: unknown): string => (e instanceof RangeAlignmentError ? e.failure.message : e instanceof Error ? e.message : String(e));

/** The verdict for each table (`db`, `table` on both sides); at most `threads` tables read at once. */
export async function readRangeAlignment(
  source: SqlQuery,
  target: SqlQuery,
  tables: ReadonlyArray<{ db: string; table: string }>,
  threads = 4,
): Promise<RangeAlignmentFact[]> {
  const src = new RangeClient(source, 'source');
  const tgt = new RangeClient(target, 'target');
  const out = new Map<string, RangeAlignmentFact>();
  await inParallel(threads, tables, async ({ db, table }) => {
    const key = `${db}.${table}`;
    try {
      const [s, t] = await Promise.all([src.topology(db, table), tgt.topology(db, table)]);
      const byName = new Map(t.partitions.map((p) => [p.partitionName, p]));
      const links: PartitionLink[] = [];
      for (const p of s.partitions) {
        const q = byName.get(p.partitionName);
        if (q) links.push({ srcPhysicalId: p.physicalPartitionId, tgtPhysicalId: q.physicalPartitionId });
      }
      const c = compareTopologies(s, t, links);
      out.set(
        key,
        c.kind === 'equal'
          ? { table: key, verdict: 'aligned', detail: '' }
          : c.kind === 'split'
            ? { table: key, verdict: 'split', detail: c.why }
            : { table: key, verdict: 'refuse', detail: c.reason },
      );
    } catch (e) {
      const busy = e instanceof RangeBusyError;
      out.set(key, { table: key, verdict: 'unreadable', detail: busy ? `busy now (${messageOf(e)})` : messageOf(e) });
    }
  });
  return tables.map((t) => out.get(`${t.db}.${t.table}`)!).filter(Boolean);
}
