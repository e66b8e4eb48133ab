// SHOW PARTITIONS FROM db.tbl (= SHOW PROC '/dbs/<db>/<tbl>/partitions' or '/temp_partitions') for a
// cloud-native table: common/proc/PartitionsProcDir.java, ../shared/reference/starrocks-fe-interface.md §6.8.
import type { OlapTable, Partition, PhysicalPartition } from '../catalog/model.js';
import { analysisError } from '../fe/errors.js';
import type { FeState } from '../fe/state.js';
import { bool, byteSizeValue, fixed2 } from './format.js';
import { listedPartitions, partitionColumnTypes, rangeOrListValues } from './partition-text.js';
import { resultSet, varcharColumns, type ResultSet, type Row } from './result-set.js';

/** The 22 cloud-native columns; the 8th is `List` for LIST tables and `Range` otherwise. */
export function partitionColumnNames(table: OlapTable): string[] {
  return [
    'PartitionId',
    'PartitionName',
    'CompactVersion',
    'VisibleVersion',
    'NextVersion',
    'State',
    'PartitionKey',
    table.partitionInfo.type === 'LIST' ? 'List' : 'Range',
    'DistributionKey',
    'Buckets',
    'DataSize',
    'StorageSize',
    'RowCount',
    'EnableDataCache',
    'AsyncWrite',
    'AvgCS',
    'P50CS',
    'MaxCS',
    'DataVersion',
    'VersionEpoch',
    'VersionTxnType',
    'MetaSwitchVersion',
  ];
}

/** PartitionsProcDir.distributionKeyAsString: column names for HASH, `ALL KEY` otherwise. */
export function distributionKeyText(table: OlapTable): string {
  return table.distribution.type === 'HASH' ? table.distribution.columns.join(', ') : 'ALL KEY';
}

/** Partition column names (findPartitionColNames): none for an unpartitioned table. */
export function partitionKeyText(table: OlapTable): string {
  return table.partitionInfo.type === 'UNPARTITIONED' ? '' : table.partitionInfo.columns.join(', ');
}

function lakeRow(table: OlapTable, partition: Partition, pp: PhysicalPartition, key: string, dist: string, value: string): Row {
  const asyncWrite = (table.properties['enable_async_write_back'] ?? 'false').toLowerCase() === 'true';
  return [
    String(pp.id),
    partition.name,
    String(pp.compactVersion),
    String(pp.visibleVersion),
    String(pp.nextVersion),
    'NORMAL',
    key,
    value,
    dist,
    String(partition.buckets),
    byteSizeValue(pp.dataSize),
    byteSizeValue(pp.dataSize),
    String(pp.rowCount),
    bool(partition.dataCacheEnable),
    bool(asyncWrite),
    fixed2(0),
    fixed2(0),
    fixed2(0),
    String(pp.dataVersion),
    String(pp.versionEpoch),
    pp.versionTxnType,
    String(pp.metaSwitchVersion),
  ];
}

/** The rows of SHOW PARTITIONS: one per physical partition, range partitions in range order. */
export function partitionRows(table: OlapTable, temp: boolean): Row[] {
  const key = partitionKeyText(table);
  const dist = distributionKeyText(table);
  const types = partitionColumnTypes(table);
  const rows: Row[] = [];
  for (const p of listedPartitions(table, temp)) {
    const value = rangeOrListValues(table, p, types);
    for (const pp of p.physicalPartitions) rows.push(lakeRow(table, p, pp, key, dist, value));
  }
  return rows;
}

export function partitionsResult(table: OlapTable, temp: boolean): ResultSet {
  return resultSet(varcharColumns(partitionColumnNames(table)), partitionRows(table, temp));
}

/** SHOW [TEMPORARY] PARTITIONS FROM db.tbl. */
export function showPartitions(fe: FeState, dbName: string, tableName: string, temp = false): ResultSet {
  const table = fe.getTable(dbName, tableName);
  if (table.kind !== 'olap') throw analysisError(`Table[${tableName}] is not a OLAP/MATERIALIZED_VIEW/ELASTICSEARCH/HIVE/HUDI table`);
  return partitionsResult(table, temp);
}
