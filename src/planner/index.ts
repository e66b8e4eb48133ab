// Public surface of the planner.
export { plan, missingCreateSql } from './plan.js';
export * from './actions.js';
export { defaultPlannerConfig, plannerConfig, parseDataList, GIB, type PlannerConfig, type DataListEntry } from './config.js';
export { makeScope, type Scope } from './scope.js';
export { rewriteCreateSql, parseCreate, CreateSqlError, type PropertyChanges } from './create-sql.js';
export { chooseStorageVolume, schemaDifferences, BUILTIN_STORAGE_VOLUME } from './table.js';
export {
  partitionInconsistency,
  isTimePartitioned,
  matchPartitions,
  type Inconsistency,
  type InconsistencyCause,
  type PartitionMatch,
  type PartitionPair,
} from './partition.js';
export { splitIntoJobs, laggingPartitions, mirrorVolumeName } from './replication.js';
export { SYNCED_PROPERTIES, isSyncedProperty } from './table-properties.js';
