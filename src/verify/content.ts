// `verify --content`, the pure half: the fingerprint query each cluster runs over one partition, and the verdict
// from the two fingerprints and the partition versions read before and after them. A fingerprint is
// (COUNT(*), SUM(murmur_hash3_32(<every column as text>)), SUM(murmur_hash3_32('srsync', <same>))): order-independent,
// computed by each cluster over its own rows, so a lost file, a changed row or a duplicated load shows up even when
// COUNT(*) agrees. Every column is hashed as CAST(col AS STRING) prefixed with 'v', NULL as 'n'
// (murmur_hash3_32 is NULL when any argument is, so NULLs are made explicit; the prefix keeps a NULL apart from a
// string 'n'). Columns of aggregate-state types (BITMAP, HLL, PERCENTILE) cannot be cast to a string: left out.
import type { ColumnInfo, PartitionInfo } from '../model/snapshot.js';
import { qualifiedName, quoteIdent, quoteString } from '../sql/quote.js';

/** One cluster's fingerprint of one partition. */
export interface Fingerprint {
  rows: number;
  /** SUM(murmur_hash3_32(...)) as the cluster printed it (decimal text; null for an empty partition). */
  hash1: string | null;
  /** SUM(murmur_hash3_32('srsync', ...)). */
  hash2: string | null;
}

/** Versions of a partition's physical partitions (ascending id) on one side. */
export interface PartitionVersions {
  visible: readonly number[];
  data: readonly number[];
}

export type ContentStatus = 'same' | 'differs' | 'not_compared';

export interface PartitionContent {
  name: string;
  status: ContentStatus;
  /** Why the partition was not compared: `versions moved`, `versions differ (...)`, `query failed on the target: ...`. */
  reason?: string;
  source?: Fingerprint;
  target?: Fingerprint;
  /** Source VisibleVersion(s) the fingerprints were taken at. */
  sourceVersions?: readonly number[];
}

export interface TableContent {
  db: string;
  table: string;
  /** Columns left out of the hash (aggregate-state types). */
  skippedColumns: string[];
  partitions: PartitionContent[];
}

export interface ContentSummary {
  tables: number;
  partitions: number;
  same: number;
  differs: number;
  notCompared: number;
}

/** Hidden columns of expression partitioning (not returned by SELECT *). */
const HIDDEN_PREFIX = '__generated_partition_column_';
const UNHASHABLE = /^(bitmap|hll|percentile|object)\b/i;

/** The columns hashed (every column whose type has a string form) and the ones left out. */
export function hashedColumns(columns: readonly ColumnInfo[]): { hashed: string[]; skipped: string[] } {
  const hashed: string[] = [];
  const skipped: string[] = [];
  for (const c of columns) {
    if (c.name.startsWith(HIDDEN_PREFIX)) continue; // derived from other columns (expression partitioning)
    (UNHASHABLE.test(c.type.trim()) ? skipped : hashed).push(c.name);
  }
  return { hashed, skipped };
}

/** `ifnull(concat('v', CAST(`c` AS STRING)), 'n')` per column. */
export function columnTerms(columns: readonly string[]): string[] {
  return columns.map((c) => `ifnull(concat('v', CAST(${quoteIdent(c)} AS STRING)), 'n')`);
}

/** The fingerprint query of one partition (same text on both sides). */
export function fingerprintSql(db: string, table: string, partition: string, columns: readonly string[]): string {
  const terms = columns.length > 0 ? columnTerms(columns).join(', ') : `'-'`;
  return (
    `SELECT COUNT(*) AS row_count, SUM(murmur_hash3_32(${terms})) AS hash1, ` +
    `SUM(murmur_hash3_32(${quoteString('srsync')}, ${terms})) AS hash2 ` +
    `FROM ${qualifiedName(db, table)} PARTITION (${quoteIdent(partition)})`
  );
}

/** The versions query of one table (partitions_meta, one row per physical partition). */
export function versionsSql(db: string, table: string): string {
  return (
    'SELECT PARTITION_NAME, PARTITION_ID, VISIBLE_VERSION, DATA_VERSION FROM information_schema.partitions_meta ' +
    `WHERE DB_NAME = ${quoteString(db)} AND TABLE_NAME = ${quoteString(table)}`
  );
}

/** partitions_meta rows → versions per partition name (physical partitions by ascending id). */
export function parseVersions(rows: ReadonlyArray<Record<string, unknown>>): Map<string, PartitionVersions> {
  const by = new Map<string, Array<{ id: bigint; visible: number; data: number }>>();
  for (const r of rows) {
    const name = String(r['PARTITION_NAME']);
    const list = by.get(name) ?? [];
    list.push({ id: BigInt(String(r['PARTITION_ID'])), visible: Number(r['VISIBLE_VERSION']), data: Number(r['DATA_VERSION']) });
    by.set(name, list);
  }
  const out = new Map<string, PartitionVersions>();
  for (const [name, list] of by) {
    list.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    out.set(name, { visible: list.map((x) => x.visible), data: list.map((x) => x.data) });
  }
  return out;
}

/** A fingerprint query's single row. */
export function parseFingerprint(row: Record<string, unknown> | undefined): Fingerprint {
  if (!row) throw new Error('the fingerprint query returned no row');
  const text = (v: unknown) => (v === null || v === undefined ? null : String(v));
  const rows = Number(row['row_count']);
  if (!Number.isFinite(rows)) throw new Error(`COUNT(*) returned ${String(row['row_count'])}`);
  return { rows, hash1: text(row['hash1']), hash2: text(row['hash2']) };
}

const sameList = (a: readonly number[], b: readonly number[]) => a.length === b.length && a.every((x, i) => x === b[i]);
const sameVersions = (a: PartitionVersions | undefined, b: PartitionVersions | undefined) =>
  a !== undefined && b !== undefined && sameList(a.visible, b.visible) && sameList(a.data, b.data);

export const sameFingerprint = (a: Fingerprint, b: Fingerprint) => a.rows === b.rows && a.hash1 === b.hash1 && a.hash2 === b.hash2;

/** What one side gave for one partition: versions before and after, and the fingerprint or the query's error. */
export interface SideReading {
  before: PartitionVersions | undefined;
  after: PartitionVersions | undefined;
  fingerprint?: Fingerprint;
  error?: string;
}

/**
 * The verdict of one partition. Compared only when neither side's versions moved during the fingerprint query (each
 * fingerprint is then the content at one known version) and the target is not behind the source (source
 * VisibleVersion <= target DataVersion, reference §4.3); otherwise "not compared" with the reason. A failed query on a side whose versions held (a file the data needs is gone) is
 * "not compared" with the side's error: never "same".
 */
export function judgePartition(name: string, source: SideReading, target: SideReading): PartitionContent {
  const base = { name };
  const missing = [!source.before || !source.after ? 'source' : '', !target.before || !target.after ? 'target' : ''].filter(Boolean);
  if (missing.length > 0) return { ...base, status: 'not_compared', reason: `partition versions unavailable on the ${missing.join(' and ')}` };
  if (!sameVersions(source.before, source.after) || !sameVersions(target.before, target.after)) {
    const moved = [!sameVersions(source.before, source.after) ? 'source' : '', !sameVersions(target.before, target.after) ? 'target' : ''].filter(
      Boolean,
    );
    return { ...base, status: 'not_compared', reason: `versions moved on the ${moved.join(' and ')}` };
  }
  const s = source.before!;
  const t = target.before!;
  // Lagging (the planner's rule: source VisibleVersion > target DataVersion): the target does not hold the source's
  // rows yet, a difference would say nothing. A target ahead of the source (loaded into directly) is compared.
  if (s.visible.length !== t.data.length || s.visible.some((x, i) => x > t.data[i]!)) {
    return {
      ...base,
      status: 'not_compared',
      reason: `target behind the source (source visible version ${s.visible.join('/')}, target data version ${t.data.join('/')})`,
    };
  }
  const errors = [source.error ? `source: ${source.error}` : '', target.error ? `target: ${target.error}` : ''].filter(Boolean);
  if (errors.length > 0 || !source.fingerprint || !target.fingerprint) {
    return { ...base, status: 'not_compared', reason: `query failed: ${errors.join('; ') || 'no fingerprint'}`, sourceVersions: s.visible };
  }
  const status: ContentStatus = sameFingerprint(source.fingerprint, target.fingerprint) ? 'same' : 'differs';
  return { ...base, status, source: source.fingerprint, target: target.fingerprint, sourceVersions: s.visible };
}

/** Partition names of a table present on both sides, in name order (the ones fingerprinted). */
export function commonPartitions(source: ReadonlyMap<string, PartitionInfo>, target: ReadonlyMap<string, PartitionInfo>): string[] {
  return [...source.keys()].filter((n) => target.has(n)).sort();
}

export function summarizeContent(tables: readonly TableContent[]): ContentSummary {
  const parts = tables.flatMap((t) => t.partitions);
  return {
    tables: tables.length,
    partitions: parts.length,
    same: parts.filter((p) => p.status === 'same').length,
    differs: parts.filter((p) => p.status === 'differs').length,
    notCompared: parts.filter((p) => p.status === 'not_compared').length,
  };
}

/** One line per partition not `same`: `content differs db.t partition p: rows source 3, target 3; ...`. */
export function contentLines(tables: readonly TableContent[]): string[] {
  const out: string[] = [];
  for (const t of tables) {
    for (const p of t.partitions) {
      const where = `${t.db}.${t.table} partition ${p.name}`;
      if (p.status === 'differs') {
        const s = p.source!;
        const g = p.target!;
        out.push(
          `content differs ${where}: rows source ${s.rows}, target ${g.rows}; fingerprint source ${s.hash1}/${s.hash2}, target ${g.hash1}/${g.hash2}`,
        );
      } else if (p.status === 'not_compared') out.push(`content could not compare ${where}: ${p.reason ?? ''}`);
    }
    if (t.skippedColumns.length > 0) out.push(`note: ${t.db}.${t.table}: columns not fingerprinted (no string form): ${t.skippedColumns.join(', ')}`);
  }
  return out.map((l) => l.replace(/[\r\n]+/g, ' '));
}

export function contentSummaryLine(s: ContentSummary): string {
  return `content: ${s.tables} tables, ${s.partitions} partitions fingerprinted, ${s.same} same, ${s.differs} differ, ${s.notCompared} could not compare; ${s.differs + s.notCompared === 0 ? 'SAME' : 'NOT SAME'}`;
}
