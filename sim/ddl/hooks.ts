// The only coupling from DDL to storage: callbacks for physical partitions that appear and disappear.
// The integrator wires them to sim/lake (initPhysicalPartition writes the version-1 tablet metadata; drop
// deletes or recycles the partition directory). DDL itself never touches the object store.
import type { Database, MaterializedIndex, OlapTable, PhysicalPartition, RollupIndex } from '../catalog/model.js';
import type { FeState } from '../fe/state.js';

export interface DdlHooks {
  /** A new physical partition (with its tablets) exists; called after ids are assigned, before the DDL commits. */
  onNewPhysicalPartition(db: Database, table: OlapTable, pp: PhysicalPartition): void;
  /**
   * A physical partition left the catalog. `force` = DROP ... FORCE (data deleted now); otherwise StarRocks keeps
   * it in the recycle bin until `catalog_trash_expire_second` (the lake side decides what to simulate).
   */
  onDropPhysicalPartition(db: Database, table: OlapTable, pp: PhysicalPartition, force: boolean): void;
  /**
   * A rollup / sync MV job runs (LakeRollupJob): its index is already in `table.rollups` and in every physical
   * partition's `indexes`. The CNs create the new tablets (version 1), fill them from the base tablets at the
   * visible version, and write the metadata of every tablet of each partition at `commitVersions.get(ppId)`
   * (the FE then makes that version visible). Throwing cancels the job (the DDL removes the index again).
   */
  onBuildRollupIndex(db: Database, table: OlapTable, rollup: RollupIndex, commitVersions: Map<number, number>, txnId: number): void;
  /** A rollup / sync MV left the catalog: `removed` are its tablets per physical partition (their shards are deleted). */
  onDropRollupIndex(db: Database, table: OlapTable, rollup: RollupIndex, removed: Array<{ pp: PhysicalPartition; index: MaterializedIndex }>): void;
}

export const NO_HOOKS: DdlHooks = {
  onNewPhysicalPartition: () => {},
  onDropPhysicalPartition: () => {},
  onBuildRollupIndex: () => {},
  onDropRollupIndex: () => {},
};

const registry = new WeakMap<FeState, DdlHooks>();

/** Registers the hooks every DDL function on `fe` uses unless it is given hooks explicitly. */
export function setDdlHooks(fe: FeState, hooks: Partial<DdlHooks>): void {
  registry.set(fe, { ...NO_HOOKS, ...hooks });
}

export const hooksOf = (fe: FeState): DdlHooks => registry.get(fe) ?? NO_HOOKS;
