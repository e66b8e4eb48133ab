// The catalog side of every DDL statement of the simulated FE (StarRocks 4.1 shared-data), operating on FeState.
export { createDatabase, dropDatabase } from './database.js';
export { createTable, dropTable, materializeTable, registerTable, removeTable, type TableBlueprint } from './table.js';
export {
  addBitmapIndex,
  addColumn,
  addColumns,
  addPartition,
  addPartitionsToTable,
  alterSortKey,
  alterTable,
  alterTableSet,
  alterTarget,
  createAutomaticPartition,
  createIndex,
  dropBitmapIndex,
  dropColumn,
  dropIndex,
  dropPartition,
  modifyColumn,
  renameColumn,
  renameTable,
} from './alter-table.js';
export { alterView, createView, dropView } from './view.js';
export { createMaterializedView, dropMaterializedView } from './mv.js';
export { addRollups, dropRollups, findRollup, hasMaterializedIndex, rollupColumns, rollupsOf, type RollupPlan } from './rollup.js';
export { createSyncMaterializedView, dropSyncMaterializedView, findSyncMvTable, isSyncMaterializedView } from './sync-mv.js';
export {
  alterStorageVolume,
  createStorageVolume,
  defaultVolume,
  dropStorageVolume,
  ensureBuiltinStorageVolume,
  setDefaultStorageVolume,
  volumeReferences,
} from './storage-volume.js';
export { type DdlHooks, hooksOf, NO_HOOKS, setDdlHooks } from './hooks.js';
export { isShadowPartition, SHADOW_PARTITION_NAME } from './partitions.js';
export { autoBucketNum } from './distribution.js';
