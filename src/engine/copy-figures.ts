// Bytes copied against bytes in the catalog (issue 10, "bytes copied twice"): the engine-side figures for the
// status document and the bench. Every job copies its partitions whole (reference §4.4), so a ratio above 1 is
// data copied more than once (e.g. a load's version, then its compaction's). Pure.
import type { ClusterSnapshot } from '../model/snapshot.js';

export interface CopyFigures {
  /** Bytes the jobs finished in this run carried (the sum of their source partitions' data sizes). */
  readonly bytesCopied: number;
  /** Bytes of the selected source tables as the last catalog read saw them (sum of their data sizes). */
  readonly bytesInCatalog: number;
}

/** `bytesCopied` from ReplicationScheduler.bytesCopied(); `inScope`: the selected tables (`db.table`, the sync ledger's). */
export function copyFigures(bytesCopied: number, source: ClusterSnapshot | null, inScope: ReadonlySet<string>): CopyFigures {
  let bytesInCatalog = 0;
  for (const db of source?.databases.values() ?? [])
    for (const t of db.tables.values()) if (inScope.has(`${db.name}.${t.name}`)) bytesInCatalog += t.dataSize;
  return { bytesCopied, bytesInCatalog };
}
