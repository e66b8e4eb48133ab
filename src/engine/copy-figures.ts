// Bytes in the catalog, against which the bytes copied are reported (issue 10, "bytes copied twice"): every job
// copies its partitions whole (reference §4.4), so copied bytes above the catalog's are data copied more than once
// (e.g. a load's version, then its compaction's). Pure.
import type { ClusterSnapshot } from '../model/snapshot.js';

/** Bytes of the selected source tables (`db.table` in `inScope`) as the catalog read saw them: their data sizes. */
export function catalogBytes(source: ClusterSnapshot | null, inScope: ReadonlySet<string>): number {
  let bytes = 0;
  for (const db of source?.databases.values() ?? []) for (const t of db.tables.values()) if (inScope.has(`${db.name}.${t.name}`)) bytes += t.dataSize;
  return bytes;
}

/** catalogBytes, computed again only when the snapshot or the selection is another value (snapshots are never edited). */
export function memoCatalogBytes(): (source: ClusterSnapshot | null, inScope: ReadonlySet<string>) => number {
  let last: { source: ClusterSnapshot | null; inScope: ReadonlySet<string>; bytes: number } | null = null;
  return (source, inScope) => {
    if (last?.source !== source || last.inScope !== inScope) last = { source, inScope, bytes: catalogBytes(source, inScope) };
    return last.bytes;
  };
}
