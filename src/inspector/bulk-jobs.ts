// The reads a replication job is built from, shaped for many jobs at once (issue 10). Partition versions come from
// one information_schema.partitions_meta query for many tables (reference §6.8: no id columns, so filtered by
// names). Indexes and tablets have no multi-table form in StarRocks (reference §6.7/§6.9: index_schema per table,
// the tablet list per physical partition and index; SHOW TABLET FROM mixes partitions), so they are one query per
// table / partition-index, all issued at once (the caller's pool bounds them) and never one after another.
import type { Row } from '../cluster/sql-client.js';
import type { MaterializedIndexInfo, PartitionTablets } from '../model/snapshot.js';
import { quoteString } from '../sql/quote.js';

/** The part of a SQL client these reads use. */
export interface SqlReader {
  query(sql: string): Promise<Row[]>;
}

export interface TableRef {
  readonly db: string;
  readonly table: string;
}

/** One physical partition's versions as partitions_meta prints them. */
export interface PartitionVersions {
  readonly db: string;
  readonly table: string;
  /** Physical partition id. */
  readonly id: string;
  /** 0 when the partition has no compaction statistics yet (reference §6.8). */
  readonly compactVersion: number;
  readonly visibleVersion: number;
  readonly nextVersion: number;
  readonly dataVersion: number;
  readonly versionEpoch: string;
  readonly dataSize: number;
}

/** Most tables named in one partitions_meta query (the IN lists stay short). */
export const TABLES_PER_QUERY = 500;

const str = (v: string | null | undefined): string => (v === null || v === undefined ? '' : String(v));
const num = (v: string | null | undefined): number => Number(v ?? 0) || 0;

/**
 * Versions of every physical partition of `tables`, one query per TABLES_PER_QUERY tables. A table missing from
 * the answer (dropped) has no rows.
 */
export async function readPartitionVersions(sql: SqlReader, tables: readonly TableRef[]): Promise<PartitionVersions[]> {
  const out: PartitionVersions[] = [];
  const unique = [...new Map(tables.map((t) => [`${t.db}\u0000${t.table}`, t])).values()];
  for (let i = 0; i < unique.length; i += TABLES_PER_QUERY) {
    const chunk = unique.slice(i, i + TABLES_PER_QUERY);
    const wanted = new Set(chunk.map((t) => `${t.db}\u0000${t.table}`));
    const dbs = [...new Set(chunk.map((t) => t.db))].map(quoteString).join(', ');
    const names = [...new Set(chunk.map((t) => t.table))].map(quoteString).join(', ');
    const rows = await sql.query(
      `SELECT DB_NAME, TABLE_NAME, PARTITION_ID, COMPACT_VERSION, VISIBLE_VERSION, NEXT_VERSION, DATA_VERSION, VERSION_EPOCH, DATA_SIZE FROM information_schema.partitions_meta WHERE DB_NAME IN (${dbs}) AND TABLE_NAME IN (${names})`,
    );
    for (const r of rows) {
      const db = str(r['DB_NAME']);
      const table = str(r['TABLE_NAME']);
      if (!wanted.has(`${db}\u0000${table}`)) continue; // the IN lists' cross product names other tables too
      out.push({
        db,
        table,
        id: str(r['PARTITION_ID']),
        compactVersion: num(r['COMPACT_VERSION']),
        visibleVersion: num(r['VISIBLE_VERSION']),
        nextVersion: num(r['NEXT_VERSION']),
        dataVersion: num(r['DATA_VERSION']),
        versionEpoch: str(r['VERSION_EPOCH']),
        dataSize: num(r['DATA_SIZE']),
      });
    }
  }
  return out;
}

/** SHOW PROC '/dbs/<db>/<tbl>/index_schema' rows → indexes, base first (reference §6.7). */
export function parseIndexSchema(rows: readonly Row[]): MaterializedIndexInfo[] {
  return rows.map((r) => ({
    id: str(r['IndexId']),
    name: str(r['IndexName']),
    schemaHash: num(r['SchemaHash']),
    schemaVersion: num(r['SchemaVersion']),
  }));
}

export async function readIndexes(sql: SqlReader, dbId: string, tableId: string): Promise<MaterializedIndexInfo[]> {
  return parseIndexSchema(await sql.query(`SHOW PROC ${quoteString(`/dbs/${dbId}/${tableId}/index_schema`)}`));
}

/** Tablet ids in bucket order: ascending id (reference §7). */
export function bucketOrder(ids: readonly string[]): string[] {
  return [...ids].sort((a, b) => {
    const x = BigInt(a);
    const y = BigInt(b);
    return x < y ? -1 : x > y ? 1 : 0;
  });
}

/** Tablets of one physical partition per index (all indexes read at once), in bucket order. */
export async function readPartitionTablets(
  sql: SqlReader,
  dbId: string,
  tableId: string,
  physicalPartitionId: string,
  indexes: readonly MaterializedIndexInfo[],
): Promise<PartitionTablets> {
  const lists = await Promise.all(
    indexes.map((idx) => sql.query(`SHOW PROC ${quoteString(`/dbs/${dbId}/${tableId}/partitions/${physicalPartitionId}/${idx.id}`)}`)),
  );
  return {
    physicalPartitionId,
    indexes: indexes.map((idx, i) => ({ indexId: idx.id, indexName: idx.name, tabletIds: bucketOrder(lists[i]!.map((r) => str(r['TabletId']))) })),
  };
}

/**
 * Physical partitions of a database with a compaction running now: the LAKE_COMPACTION transactions of
 * SHOW PROC '/transactions/<dbId>/running' (reference §5.2), whose label StarRocks' CompactionScheduler writes as
 * `COMPACTION_<dbId>-<tableId>-<physicalPartitionId>-<ms>`. One query for every table of the database.
 */
export async function readRunningCompactions(sql: SqlReader, dbId: string): Promise<Set<string>> {
  return compactingPartitions(await sql.query(`SHOW PROC ${quoteString(`/transactions/${dbId}/running`)}`));
}

/** The physical partition ids of the running compaction transactions among `rows` (pure). */
export function compactingPartitions(rows: readonly Row[]): Set<string> {
  const out = new Set<string>();
  for (const r of rows) {
    const m = /^COMPACTION_\d+-\d+-(\d+)-\d+$/.exec(str(r['Label']));
    const status = str(r['TransactionStatus']);
    if (m && status !== 'VISIBLE' && status !== 'ABORTED') out.add(m[1]!);
  }
  return out;
}
