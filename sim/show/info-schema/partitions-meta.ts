// information_schema.partitions_meta (PartitionsMetaSystemTable + InformationSchemaDataSource.genPartitionMetaInfo,
// reference §6.8): one row per physical partition, temporary partitions included with IS_TEMP = 1.
// Per-table text is computed once per table so that 100,000 partitions stay cheap.
import type { Column, Database, OlapTable, Partition } from '../../catalog/model.js';
import type { FeState } from '../../fe/state.js';
import { columnSql } from '../create-table.js';
import { NULL_STRING } from '../format.js';
import { tableStoragePath } from '../lookup.js';
import { partitionColumnTypes, rangeOrListValues, SHADOW_PARTITION_PREFIX } from '../partition-text.js';
import { distributionKeyText } from '../partitions.js';
import {
  resultSet,
  scannableResultSet,
  typedColumns,
  type InfoSchemaHints,
  type ResultSet,
  type Row,
  type ScannableResultSet,
} from '../result-set.js';
import { boolCell, epochCell, hintedDbs, tableAllowed } from './common.js';

export const PARTITIONS_META_COLUMNS = typedColumns([
  ['DB_NAME', 'VARCHAR'],
  ['TABLE_NAME', 'VARCHAR'],
  ['PARTITION_NAME', 'VARCHAR'],
  ['PARTITION_ID', 'BIGINT'],
  ['COMPACT_VERSION', 'BIGINT'],
  ['VISIBLE_VERSION', 'BIGINT'],
  ['VISIBLE_VERSION_TIME', 'DATETIME'],
  ['NEXT_VERSION', 'BIGINT'],
  ['DATA_VERSION', 'BIGINT'],
  ['VERSION_EPOCH', 'BIGINT'],
  ['VERSION_TXN_TYPE', 'VARCHAR'],
  ['PARTITION_KEY', 'VARCHAR'],
  ['PARTITION_VALUE', 'VARCHAR'],
  ['DISTRIBUTION_KEY', 'VARCHAR'],
  ['BUCKETS', 'INT'],
  ['REPLICATION_NUM', 'INT'],
  ['STORAGE_MEDIUM', 'VARCHAR'],
  ['COOLDOWN_TIME', 'DATETIME'],
  ['LAST_CONSISTENCY_CHECK_TIME', 'DATETIME'],
  ['IS_IN_MEMORY', 'BOOLEAN'],
  ['IS_TEMP', 'BOOLEAN'],
  ['DATA_SIZE', 'BIGINT'],
  ['ROW_COUNT', 'BIGINT'],
  ['ENABLE_DATACACHE', 'BOOLEAN'],
  ['AVG_CS', 'DOUBLE'],
  ['P50_CS', 'DOUBLE'],
  ['MAX_CS', 'DOUBLE'],
  ['STORAGE_PATH', 'VARCHAR'],
  ['STORAGE_SIZE', 'BIGINT'],
  ['TABLET_BALANCED', 'BOOLEAN'],
  ['METADATA_SWITCH_VERSION', 'BIGINT'],
]);

/** DataProperty's MAX_COOLDOWN_TIME_MS (9999-12-31 23:59:59) as the BE prints it. */
const MAX_COOLDOWN = '9999-12-31 23:59:59';

/**
 * PARTITION_KEY joins the partition *Column objects* (`Joiner.on(", ").join(getPartitionColumns(...))`), so each
 * prints as Column.toString() = Column.toSql, e.g. "`dt` date NOT NULL COMMENT \"\"".
 */
function partitionKeyColumnsText(table: OlapTable): string {
  if (table.partitionInfo.type === 'UNPARTITIONED') return '';
  return table.partitionInfo.columns
    .map((name) => table.columns.find((c: Column) => c.name.toLowerCase() === name.toLowerCase()))
    .filter((c): c is Column => c !== undefined)
    .map((c) => columnSql(c, { ...table, keysType: table.keysType === 'PRIMARY_KEYS' ? 'DUP_KEYS' : table.keysType }))
    .join(', ');
}

function tableRows(fe: FeState, db: Database, table: OlapTable, visit: (row: Row) => void): void {
  const key = partitionKeyColumnsText(table);
  const dist = distributionKeyText(table);
  const types = partitionColumnTypes(table);
  const tablePath = tableStoragePath(fe, db, table);
  const replicationNum = table.properties['replication_num'] ?? '1';
  const lake = table.type === 'CLOUD_NATIVE';
  // Many partitions share a visible-version time; format each distinct value once.
  let lastTime = Number.NaN;
  let lastTimeCell: string | null = null;
  const timeCell = (t: number) => {
    if (t !== lastTime) [lastTime, lastTimeCell] = [t, epochCell(t)];
    return lastTimeCell;
  };
  const emit = (p: Partition) => {
    if (p.name.startsWith(SHADOW_PARTITION_PREFIX)) return;
    const value = rangeOrListValues(table, p, types);
    const buckets = String(p.buckets);
    const temp = boolCell(p.isTemp);
    const cache = lake ? boolCell(p.dataCacheEnable) : null;
    for (const pp of p.physicalPartitions) {
      const size = String(pp.dataSize);
      visit([
        db.name,
        table.name,
        p.name,
        String(pp.id),
        lake ? String(pp.compactVersion) : null,
        String(pp.visibleVersion),
        timeCell(pp.visibleVersionTime),
        String(pp.nextVersion),
        String(pp.dataVersion),
        String(pp.versionEpoch),
        pp.versionTxnType,
        key,
        value,
        dist,
        buckets,
        replicationNum,
        'HDD',
        MAX_COOLDOWN,
        null,
        '0',
        temp,
        size,
        String(pp.rowCount),
        cache,
        lake ? '0' : null,
        lake ? '0' : null,
        lake ? '0' : null,
        lake ? (tablePath === null ? NULL_STRING : `${tablePath}/${pp.id}`) : null,
        size,
        '1',
        lake ? String(pp.metaSwitchVersion) : null,
      ]);
    }
  };
  for (const p of table.partitions) if (!p.isTemp) emit(p);
  for (const p of table.partitions) if (p.isTemp) emit(p);
}

/** Visits the rows of partitions_meta the hints allow, in the table's order (tables by id, temp partitions last). */
function scanPartitionsMeta(fe: FeState, hints: InfoSchemaHints, visit: (row: Row) => void): void {
  for (const db of hintedDbs(fe, hints)) {
    const tables = [...db.tables.values()].filter((t): t is OlapTable => t.kind === 'olap' && tableAllowed(hints, t.name));
    tables.sort((a, b) => a.id - b.id);
    for (const t of tables) tableRows(fe, db, t, visit);
  }
}

/** The whole table at once (a plain result set: its rows are collected by the scan below). */
export function partitionsMetaTable(fe: FeState, hints: InfoSchemaHints = {}): ResultSet {
  return resultSet(PARTITIONS_META_COLUMNS, partitionsMetaScan(fe, hints).rows);
}

/** partitions_meta for a SELECT: its rows produced while the SELECT reads them (see ScannableResultSet). */
export function partitionsMetaScan(fe: FeState, hints: InfoSchemaHints = {}): ScannableResultSet {
  return scannableResultSet(PARTITIONS_META_COLUMNS, (visit) => scanPartitionsMeta(fe, hints, visit));
}
