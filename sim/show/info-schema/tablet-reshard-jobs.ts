// information_schema.tablet_reshard_jobs (TabletReshardJob.getInfo → TTabletReshardJobsItem, PR #66342): one row per
// split/merge job the leader keeps (finished ones until tablet_reshard_history_job_keep_max_ms).
import type { FeState } from '../../fe/state.js';
import { reshardJobs } from '../../range/reshard.js';
import { resultSet, typedColumns, type InfoSchemaHints, type ResultSet, type Row } from '../result-set.js';
import { epochCell } from './common.js';

export const TABLET_RESHARD_JOBS_COLUMNS = typedColumns([
  ['JOB_ID', 'BIGINT'],
  ['DB_ID', 'BIGINT'],
  ['DB_NAME', 'VARCHAR'],
  ['TABLE_ID', 'BIGINT'],
  ['TABLE_NAME', 'VARCHAR'],
  ['JOB_TYPE', 'VARCHAR'],
  ['JOB_STATE', 'VARCHAR'],
  ['TRANSACTION_ID', 'BIGINT'],
  ['PARALLEL_PARTITIONS', 'BIGINT'],
  ['PARALLEL_TABLETS', 'BIGINT'],
  ['CREATED_TIME', 'DATETIME'],
  ['FINISHED_TIME', 'DATETIME'],
  ['ERROR_MESSAGE', 'VARCHAR'],
]);

/** getInfo sets the time in seconds; a job not finished yet has finished_time 0, shown as NULL (inferred). */
const secondsCell = (ms: number): string | null => (ms > 0 ? epochCell(Math.floor(ms / 1000) * 1000) : null);

export function tabletReshardJobsTable(fe: FeState, hints: InfoSchemaHints = {}): ResultSet {
  const rows: Row[] = [];
  for (const j of reshardJobs(fe)) {
    const db = fe.findDbById(j.dbId);
    const table = db ? fe.findTableById(db, j.tableId) : undefined;
    if (hints.dbNames && db && !hints.dbNames.has(db.name)) continue;
    if (hints.tableNames && table && !hints.tableNames.has(table.name)) continue;
    const partitions = new Set([...j.splits, ...j.merges].map((p) => p.physicalPartitionId));
    const tablets = j.splits.length + j.merges.reduce((n, m) => n + m.tabletIds.length, 0);
    rows.push([
      String(j.jobId),
      String(j.dbId),
      db?.name ?? '',
      String(j.tableId),
      table?.name ?? '',
      j.type,
      j.state,
      String(j.transactionId),
      String(partitions.size),
      String(tablets),
      secondsCell(j.createdTimeMs),
      secondsCell(j.finishedTimeMs),
      j.errorMessage,
    ]);
  }
  return resultSet(TABLET_RESHARD_JOBS_COLUMNS, rows);
}
