// The only coupling from DDL to storage: callbacks for physical partitions that appear and disappear.
// The integrator wires them to sim/lake (initPhysicalPartition writes the version-1 tablet metadata; drop
// deletes or recycles the partition directory). DDL itself never touches the object store.
import type { Database, OlapTable, PhysicalPartition } from '../catalog/model.js';
import type { FeState } from '../fe/state.js';

export interface DdlHooks {
  /** A new physical partition (with its tablets) exists; called after ids are assigned, before the DDL commits. */
  onNewPhysicalPartition(db: Database, table: OlapTable, pp: PhysicalPartition): void;
  /**
   * A physical partition left the catalog. `force` = DROP ... FORCE (data deleted now); otherwise StarRocks keeps
   * it in the recycle bin until `catalog_trash_expire_second` (the lake side decides what to simulate).
   */
  onDropPhysicalPartition(db: Database, table: OlapTable, pp: PhysicalPartition, force: boolean): void;
}

export const NO_HOOKS: DdlHooks = {
  onNewPhysicalPartition: () => {},
  onDropPhysicalPartition: () => {},
};

const registry = new WeakMap<FeState, DdlHooks>();

/** Registers the hooks every DDL function on `fe` uses unless it is given hooks explicitly. */
export function setDdlHooks(fe: FeState, hooks: Partial<DdlHooks>): void {
  registry.set(fe, { ...NO_HOOKS, ...hooks });
}

export const hooksOf = (fe: FeState): DdlHooks => registry.get(fe) ?? NO_HOOKS;
