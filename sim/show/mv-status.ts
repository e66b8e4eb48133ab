// ShowMaterializedViewStatus: the per-MV status behind SHOW MATERIALIZED VIEWS and
// information_schema.materialized_views (27 columns as in [dec31]; newer FEs append more, parse by name).
import type { Database, OlapTable, RollupIndex } from '../catalog/model.js';
import type { FeState } from '../fe/state.js';
import { createMaterializedViewDdl } from './create-table.js';
import { tableRowCount } from './lookup.js';
import type { ColumnType, Row } from './result-set.js';
import { syncMvText } from './sync-mv-text.js';

export { buildCreateMvSql, syncMaterializedViews, syncMvText } from './sync-mv-text.js';

/** [SHOW MATERIALIZED VIEWS name, information_schema name, type]. */
export const MV_STATUS_FIELDS: ReadonlyArray<readonly [string, string, ColumnType]> = [
  ['id', 'MATERIALIZED_VIEW_ID', 'BIGINT'],
  ['database_name', 'TABLE_SCHEMA', 'VARCHAR'],
  ['name', 'TABLE_NAME', 'VARCHAR'],
  ['refresh_type', 'REFRESH_TYPE', 'VARCHAR'],
  ['is_active', 'IS_ACTIVE', 'VARCHAR'],
  ['inactive_reason', 'INACTIVE_REASON', 'VARCHAR'],
  ['partition_type', 'PARTITION_TYPE', 'VARCHAR'],
  ['task_id', 'TASK_ID', 'BIGINT'],
  ['task_name', 'TASK_NAME', 'VARCHAR'],
  ['last_refresh_start_time', 'LAST_REFRESH_START_TIME', 'DATETIME'],
  ['last_refresh_finished_time', 'LAST_REFRESH_FINISHED_TIME', 'DATETIME'],
  ['last_refresh_duration', 'LAST_REFRESH_DURATION', 'DOUBLE'],
  ['last_refresh_state', 'LAST_REFRESH_STATE', 'VARCHAR'],
  ['last_refresh_force_refresh', 'LAST_REFRESH_FORCE_REFRESH', 'VARCHAR'],
  ['last_refresh_start_partition', 'LAST_REFRESH_START_PARTITION', 'VARCHAR'],
  ['last_refresh_end_partition', 'LAST_REFRESH_END_PARTITION', 'VARCHAR'],
  ['last_refresh_base_refresh_partitions', 'LAST_REFRESH_BASE_REFRESH_PARTITIONS', 'VARCHAR'],
  ['last_refresh_mv_refresh_partitions', 'LAST_REFRESH_MV_REFRESH_PARTITIONS', 'VARCHAR'],
  ['last_refresh_error_code', 'LAST_REFRESH_ERROR_CODE', 'VARCHAR'],
  ['last_refresh_error_message', 'LAST_REFRESH_ERROR_MESSAGE', 'VARCHAR'],
  ['rows', 'TABLE_ROWS', 'BIGINT'],
  ['text', 'MATERIALIZED_VIEW_DEFINITION', 'VARCHAR'],
  ['extra_message', 'EXTRA_MESSAGE', 'VARCHAR'],
  ['query_rewrite_status', 'QUERY_REWRITE_STATUS', 'VARCHAR'],
  ['creator', 'CREATOR', 'VARCHAR'],
  ['last_refresh_process_time', 'LAST_REFRESH_PROCESS_TIME', 'DATETIME'],
  ['last_refresh_job_id', 'LAST_REFRESH_JOB_ID', 'VARCHAR'],
];

/** The async MVs of a database, in creation order. */
export function materializedViews(db: Database): OlapTable[] {
  const out: OlapTable[] = [];
  for (const t of db.tables.values()) if (t.kind === 'olap' && t.mv) out.push(t);
  return out;
}

/** One status row of a never-refreshed MV (the simulator does not run refresh tasks). */
export function mvStatusRow(fe: FeState, db: Database, mv: OlapTable): Row {
  const info = mv.mv!;
  return [
    String(mv.id),
    db.name,
    mv.name,
    info.refreshType,
    info.isActive ? 'true' : 'false',
    '',
    mv.partitionInfo.type,
    null,
    `mv-${mv.id}`,
    null,
    null,
    null,
    '',
    '',
    '',
    '',
    '',
    '',
    '',
    '',
    String(tableRowCount(mv)),
    createMaterializedViewDdl(fe, mv),
    '',
    info.isActive ? 'VALID' : 'INVALID',
    info.creator,
    null,
    '',
  ];
}

/** ShowMaterializedViewStatus.of(dbName, olapTable, indexMeta): refresh type ROLLUP, always active. */
export function syncMvStatusRow(db: Database, table: OlapTable, index: RollupIndex): Row {
  // Rows: the index's row count of the single partition of an unpartitioned table, else 0.
  let rows = 0;
  if (table.partitionInfo.type === 'UNPARTITIONED') {
    const pp = table.partitions.find((p) => !p.isTemp)?.physicalPartitions[0];
    rows = pp?.indexes.find((i) => i.id === index.indexId)?.rowCount ?? 0;
  }
  return [
    String(index.indexId),
    db.name,
    index.name,
    'ROLLUP',
    'true',
    '',
    table.partitionInfo.type,
    '0',
    '',
    null,
    null,
    null,
    '',
    '',
    '',
    '',
    '',
    '',
    '',
    '',
    String(rows),
    syncMvText(table, index),
    '',
    '',
    '',
    null,
    '',
  ];
}
