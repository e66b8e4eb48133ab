// The information_schema tables the simulator computes, by (lower-case) name.
import type { FeState } from '../../fe/state.js';
import type { InfoSchemaHints, ResultSet } from '../result-set.js';
import { columnsScan, columnsTable } from './columns.js';
import { materializedViewsTable } from './materialized-views.js';
import { partitionsMetaScan, partitionsMetaTable } from './partitions-meta.js';
import { schemataTable } from './schemata.js';
import { tablesConfigScan, tablesConfigTable } from './tables-config.js';
import { tabletReshardJobsTable } from './tablet-reshard-jobs.js';
import { tablesTable } from './tables.js';
import { viewsTable } from './views.js';

export type InfoSchemaTableFn = (fe: FeState, hints?: InfoSchemaHints) => ResultSet;

/** The big ones answer with a ScannableResultSet: a SELECT over them never holds all their rows at once. */
export const INFO_SCHEMA_TABLES: Readonly<Record<string, InfoSchemaTableFn>> = {
  columns: columnsScan,
  materialized_views: materializedViewsTable,
  partitions_meta: partitionsMetaScan,
  schemata: schemataTable,
  tables: tablesTable,
  tables_config: tablesConfigScan,
  tablet_reshard_jobs: tabletReshardJobsTable,
  views: viewsTable,
};

/** The full result set of information_schema.<name> (the caller applies WHERE/ORDER/LIMIT); undefined if unknown. */
export function informationSchemaTable(fe: FeState, name: string, hints?: InfoSchemaHints): ResultSet | undefined {
  return INFO_SCHEMA_TABLES[name.toLowerCase()]?.(fe, hints);
}

export { columnsTable, materializedViewsTable, partitionsMetaTable, schemataTable, tablesConfigTable, tablesTable, viewsTable };
