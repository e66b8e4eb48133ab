// A range alignment as the replication request's inputs (replication/request-builder.ts): each side's tablets of a
// partition, per index, in range order, with the target tablet → source tablet pairs by equal range (never by
// position across different layouts).
import type { PartitionTablets } from '../model/snapshot.js';
import type { PartitionPairing } from './topology.js';

export interface RangePartitionTablets {
  readonly src: PartitionTablets;
  readonly tgt: PartitionTablets;
  /** Target tablet id → source tablet id (equal ranges). */
  readonly tabletPairs: ReadonlyMap<string, string>;
}

export function rangePartitionTablets(p: PartitionPairing): RangePartitionTablets {
  const tabletPairs = new Map<string, string>();
  for (const i of p.indexes) for (const [t, s] of i.pairs) tabletPairs.set(t, s);
  return {
    src: {
      physicalPartitionId: p.srcPhysicalId,
      indexes: p.indexes.map((i) => ({ indexId: i.srcIndexId, indexName: i.indexName, tabletIds: i.srcTabletIds })),
    },
    tgt: {
      physicalPartitionId: p.tgtPhysicalId,
      indexes: p.indexes.map((i) => ({ indexId: i.tgtIndexId, indexName: i.indexName, tabletIds: i.tgtTabletIds })),
    },
    tabletPairs,
  };
}
