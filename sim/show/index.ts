// Public API of sim/show: every result set the simulated StarRocks 4.1 shared-data FE returns.
export type { ColumnType, InfoSchemaHints, ResultColumn, ResultSet, Row, Cell } from './result-set.js';
export { columnNames, resultSet, varcharColumns } from './result-set.js';
export { NULL_STRING, byteSizeValue, formatDateTime, likeMatch, likePredicate, likeToRegExp, readableSize3, timeOrNullString } from './format.js';
export { showProc } from './proc.js';
export { showPartitions, partitionColumnNames } from './partitions.js';
export {
  showCreateTable,
  showCreateView,
  showCreateMaterializedView,
  createTableDdl,
  createViewDdl,
  createMaterializedViewDdl,
} from './create-table.js';
export { informationSchemaTable, INFO_SCHEMA_TABLES } from './info-schema/index.js';
export {
  columnsTable,
  materializedViewsTable,
  partitionsMetaTable,
  schemataTable,
  tablesConfigTable,
  tablesTable,
  viewsTable,
} from './info-schema/index.js';
export { showDatabases, showTables, showMaterializedViews } from './catalog-show.js';
export { showFrontends, showBackends, showComputeNodes } from './frontends.js';
export { adminShowFrontendConfig } from './config.js';
export { showStorageVolumes, descStorageVolume } from './storage-volumes.js';
export { showData } from './data.js';
export { showTabletsOfTable, showTabletById } from './tablets.js';
export { showIndex } from './show-index.js';
export { describeTable, DESC_ALL_COLUMNS } from './describe.js';
export { buildCreateMvSql, syncMaterializedViews, syncMvText } from './sync-mv-text.js';
export { showTransaction } from './transactions.js';
export { replicationsResult } from './replications.js';
export { showVariables, defaultVariables } from './variables.js';
