// SHOW DATA [FROM db.tbl] (ShowExecutor.visitShowDataStatement, reference §6.10): sizes as
// DebugUtil.getByteUint + 3 decimals, the db form ending with Total / Quota / Left rows.
import type { OlapTable } from '../catalog/model.js';
import { SimError } from '../fe/errors.js';
import type { FeState } from '../fe/state.js';
import { readableSize3 } from './format.js';
import { baseIndexName, tableDataSize, tabletCount } from './lookup.js';
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
  // One row per index, sorted by index name (TreeMap of getIndexNameToId); the table name on the first row only.
  const names = [baseIndexName(table), ...(table.rollups ?? []).map((r) => r.name)].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const rows: Row[] = [];
  let totalSize = 0;
  let totalReplicas = 0;
  names.forEach((name, i) => {
    const id = name === baseIndexName(table) ? table.baseIndex.indexId : table.rollups!.find((r) => r.name === name)!.indexId;
    let size = 0;
    let replicas = 0;
    let rowCount = 0;
    for (const p of table.partitions) {
      if (p.isTemp) continue;
      for (const pp of p.physicalPartitions) {
        const idx = pp.indexes.find((x) => x.id === id);
        if (!idx) continue;
        // Partitions written before per-index sizes were kept hold the totals on the partition (base index only).
        size += idx.dataSize ?? (id === table.baseIndex.indexId ? pp.dataSize : 0);
        rowCount += idx.rowCount ?? (id === table.baseIndex.indexId ? pp.rowCount : 0);
        replicas += idx.tablets.length;
      }
    }
    totalSize += size;
    totalReplicas += replicas;
    rows.push([i === 0 ? tableName : '', name, readableSize3(size), String(replicas), String(rowCount)]);
  });
  rows.push(['', 'Total', readableSize3(totalSize), String(totalReplicas), '']);
  return resultSet(varcharColumns(['TableName', 'IndexName', 'Size', 'ReplicaCount', 'RowCount']), rows);
}
