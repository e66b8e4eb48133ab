// SHOW PROC '/replications' (ReplicationsProcNode, reference §5 item 1): the rows come from sim/replication,
// which owns the job state and its formatting; this wraps them into a result set.
import type { FeState } from '../fe/state.js';
import { REPLICATIONS_COLUMNS, replicationRows } from '../replication/proc.js';
import { resultSet, varcharColumns, type ResultSet } from './result-set.js';

export function replicationsResult(fe: FeState): ResultSet {
  return resultSet(varcharColumns(REPLICATIONS_COLUMNS), replicationRows(fe));
}
