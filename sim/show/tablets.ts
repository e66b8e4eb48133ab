// Tablets of a cloud-native index: SHOW PROC '/dbs/<db>/<tbl>/partitions/<ppId>/<indexId>' (the 2026
// LakeTabletsProcDir: TabletId, BackendId, DataSize, RowCount, MinVersion, Range, StorageVolume, StoragePath),
// SHOW TABLET FROM db.tbl (same columns) and SHOW TABLET <id> (10 columns). Reference §6.9.
import type { Database, MaterializedIndex, OlapTable, PhysicalPartition, Tablet } from '../catalog/model.js';
import { SimError } from '../fe/errors.js';
import type { FeState } from '../fe/state.js';
import { byteSizeValue } from './format.js';
import { rangeOf, rangeText } from '../range/ranges.js';
import { baseIndexName, indexNameById, partitionStoragePath, volumeOf } from './lookup.js';
import { resultSet, varcharColumns, type ResultSet, type Row } from './result-set.js';

export const LAKE_TABLET_COLUMNS = ['TabletId', 'BackendId', 'DataSize', 'RowCount', 'MinVersion', 'Range', 'StorageVolume', 'StoragePath'] as const;
export const SHOW_TABLET_BY_ID_COLUMNS = [
  'DbName',
  'TableName',
  'PartitionName',
  'IndexName',
  'DbId',
  'TableId',
  'PartitionId',
  'IndexId',
  'IsSync',
  'DetailCmd',
] as const;

/**
 * Per-tablet size and rows. The catalog keeps them per physical partition; a tablet carries its own only if the
 * storage layer added `dataSize`/`rowCount` to it (local adapter). Otherwise the partition's totals are split
 * evenly in bucket order (the remainder going to the first tablets).
 */
export function tabletStats(pp: PhysicalPartition, index: MaterializedIndex): Map<number, { dataSize: number; rowCount: number }> {
  const out = new Map<number, { dataSize: number; rowCount: number }>();
  const n = index.tablets.length;
  // The index's own totals when the storage layer keeps them (needed once a partition has several indexes).
  const totalSize = index.dataSize ?? pp.dataSize;
  const totalRows = index.rowCount ?? pp.rowCount;
  index.tablets.forEach((t: Tablet & { dataSize?: number; rowCount?: number }, i) => {
    const share = (total: number) => Math.floor(total / n) + (i < total % n ? 1 : 0);
    out.set(t.id, {
      dataSize: typeof t.dataSize === 'number' ? t.dataSize : share(totalSize),
      rowCount: typeof t.rowCount === 'number' ? t.rowCount : share(totalRows),
    });
  });
  return out;
}

/** One LakeTabletsProcDir row per tablet of the index (unsorted). */
export function lakeTabletRows(fe: FeState, db: Database, table: OlapTable, pp: PhysicalPartition, index: MaterializedIndex): Row[] {
  const stats = tabletStats(pp, index);
  const volume = volumeOf(fe, table)?.name ?? '';
  const path = partitionStoragePath(fe, db, table, pp.id) ?? '';
  return index.tablets.map((t) => {
    const s = stats.get(t.id)!;
    // Tablet.getRange() is null for hash/random-distributed tablets (printed `null`), a Range.toString otherwise;
    // MinVersion is 0 unless the tablet was resharded.
    const range = table.distribution.type === 'RANGE' ? rangeText(rangeOf(t)) : 'null';
    return [String(t.id), `[${t.backendId}]`, byteSizeValue(s.dataSize), String(s.rowCount), '0', range, volume, path];
  });
}

export const sortByTabletId = (rows: Row[]): Row[] => rows.sort((a, b) => Number(a[0]) - Number(b[0]));

export function lakeTabletsResult(fe: FeState, db: Database, table: OlapTable, pp: PhysicalPartition, index: MaterializedIndex): ResultSet {
  return resultSet(varcharColumns(LAKE_TABLET_COLUMNS), sortByTabletId(lakeTabletRows(fe, db, table, pp, index)));
}

/**
 * SHOW TABLET FROM db.tbl [PARTITION (p, ...)] [WHERE IndexName = "x"]: the tablets of every physical partition
 * of the named partitions (all when none are named) and of the index (all when none), sorted by TabletId.
 */
export function showTabletsOfTable(fe: FeState, dbName: string, tableName: string, partitionNames?: string[], indexName?: string): ResultSet {
  const db = fe.getDb(dbName);
  const table = fe.getOlapTable(dbName, tableName);
  let partitions = table.partitions.filter((p) => !p.isTemp);
  if (partitionNames && partitionNames.length > 0) {
    partitions = partitionNames.map((name) => {
      const p = table.partitions.find((x) => x.name === name);
      if (!p) throw new SimError(1064, `Unknown partition: ${name}`);
      return p;
    });
  }
  let indexId: number | undefined;
  if (indexName !== undefined) {
    indexId = indexName === baseIndexName(table) ? table.baseIndex.indexId : table.rollups?.find((r) => r.name === indexName)?.indexId;
    // ShowExecutor.visitShowTabletStatement: an unknown IndexName reports ERR_BAD_TABLE_ERROR with the index name.
    if (indexId === undefined) throw new SimError(1051, `Getting analyzing error. Detail message: Unknown table '${indexName}'.`, '42S02');
  }
  const rows: Row[] = [];
  for (const p of partitions) {
    for (const pp of p.physicalPartitions) {
      for (const idx of pp.indexes) if (indexId === undefined || idx.id === indexId) rows.push(...lakeTabletRows(fe, db, table, pp, idx));
    }
  }
  return resultSet(varcharColumns(LAKE_TABLET_COLUMNS), sortByTabletId(rows));
}

/** SHOW TABLET <id>: names are NULL and ids -1 when the tablet is unknown (TabletInvertedIndex.NOT_EXIST_VALUE). */
export function showTabletById(fe: FeState, tabletId: number): ResultSet {
  for (const db of fe.catalog.databases.values()) {
    for (const t of db.tables.values()) {
      if (t.kind !== 'olap') continue;
      for (const p of t.partitions) {
        for (const pp of p.physicalPartitions) {
          for (const idx of pp.indexes) {
            if (!idx.tablets.some((x) => x.id === tabletId)) continue;
            const cmd = `SHOW PROC '/dbs/${db.id}/${t.id}/partitions/${pp.id}/${idx.id}/${tabletId}';`;
            return resultSet(varcharColumns(SHOW_TABLET_BY_ID_COLUMNS), [
              [db.name, t.name, p.name, indexNameById(t, idx.id), String(db.id), String(t.id), String(pp.id), String(idx.id), 'true', cmd],
            ]);
          }
        }
      }
    }
  }
  const cmd = `SHOW PROC '/dbs/-1/-1/partitions/-1/-1/${tabletId}';`;
  return resultSet(varcharColumns(SHOW_TABLET_BY_ID_COLUMNS), [[null, null, null, null, '-1', '-1', '-1', '-1', 'false', cmd]]);
}
