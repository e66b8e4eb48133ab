// SHOW DATA [FROM db.tbl] (ShowExecutor.visitShowDataStatement, reference §6.10): sizes as
// DebugUtil.getByteUint + 3 decimals, the db form ending with Total / Quota / Left rows.
import type { OlapTable } from '../catalog/model.js';
import { SimError } from '../fe/errors.js';
import type { FeState } from '../fe/state.js';
import { readableSize3 } from './format.js';
import { baseIndexName, tableDataSize, tableRowCount, tabletCount } from './lookup.js';
import { resultSet, varcharColumns, type ResultSet, type Row } from './result-set.js';

/** Database.getDataQuota / getReplicaQuota defaults (FeConstants.default_db_data_quota_bytes, ..._replica_quota_size). */
export const DEFAULT_DATA_QUOTA = 9223372036854775807n;
export const DEFAULT_REPLICA_QUOTA = 1073741824;

/** The quota as `<n.nnn> <unit>` (8388608.000 TB for the default Long.MAX_VALUE). */
export function readableQuota(): string {
  return readableSize3(Number(DEFAULT_DATA_QUOTA));
}

export function showData(fe: FeState, dbName: string, tableName?: string): ResultSet {
  const db = fe.getDb(dbName);
  if (tableName === undefined) {
    const tables = [...db.tables.values()]
      .filter((t): t is OlapTable => t.kind === 'olap')
      .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    let totalSize = 0;
    let totalReplicas = 0;
    const rows: Row[] = tables.map((t) => {
      const size = tableDataSize(t);
      const replicas = tabletCount(t);
      totalSize += size;
      totalReplicas += replicas;
      return [t.name, readableSize3(size), String(replicas)];
    });
    const left = DEFAULT_DATA_QUOTA - BigInt(totalSize);
    rows.push(['Total', readableSize3(totalSize), String(totalReplicas)]);
    rows.push(['Quota', readableQuota(), String(DEFAULT_REPLICA_QUOTA)]);
    rows.push(['Left', readableSize3(Number(left > 0n ? left : 0n)), String(Math.max(0, DEFAULT_REPLICA_QUOTA - totalReplicas))]);
    return resultSet(varcharColumns(['TableName', 'Size', 'ReplicaCount']), rows);
  }
  const table = db.tables.get(tableName);
  if (!table) throw new SimError(1051, `Unknown table '${tableName}'`, '42S02');
  if (table.kind !== 'olap') throw new SimError(1064, `Table '${tableName}' is not a OLAP table`);
  // Only the base index is simulated (no rollups), so there is one index row and the Total row.
  const size = tableDataSize(table);
  const replicas = tabletCount(table);
  const rows: Row[] = [
    [tableName, baseIndexName(table), readableSize3(size), String(replicas), String(tableRowCount(table))],
    ['', 'Total', readableSize3(size), String(replicas), ''],
  ];
  return resultSet(varcharColumns(['TableName', 'IndexName', 'Size', 'ReplicaCount', 'RowCount']), rows);
}
