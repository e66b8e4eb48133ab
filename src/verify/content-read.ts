// `verify --content`, the reading half: per table present on both sides with the same schema, the partition versions
// (partitions_meta) on both sides, then every common partition's fingerprint on both sides, then the versions again.
// The verdict per partition is content.ts' judgePartition. Reads only (SELECT over the query port).
import type { ClusterSnapshot } from '../model/snapshot.js';
import { inParallel } from '../util/parallel.js';
import {
  commonPartitions,
  fingerprintSql,
  hashedColumns,
  judgePartition,
  parseFingerprint,
  parseVersions,
  versionsSql,
  type PartitionVersions,
  type TableContent,
} from './content.js';
import type { VerifySide } from './read.js';

const messageOf = (e: unknown) => (e instanceof Error ? e.message : String(e));

async function versions(s: VerifySide, db: string, table: string): Promise<Map<string, PartitionVersions> | string> {
  try {
    return parseVersions(await s.sql.query(versionsSql(db, table)));
  } catch (e) {
    return messageOf(e);
  }
}

/** Fingerprints of one table's common partitions, judged. */
export async function tableContent(
  source: VerifySide,
  target: VerifySide,
  src: ClusterSnapshot,
  tgt: ClusterSnapshot,
  db: string,
  table: string,
  /** Rename mapping: the target table's names (default: the source's). */
  tgtName: { db: string; table: string } = { db, table },
): Promise<TableContent> {
  const s = src.databases.get(db)!.tables.get(table)!;
  const t = tgt.databases.get(tgtName.db)!.tables.get(tgtName.table)!;
  const { hashed, skipped } = hashedColumns(s.columns);
  const names = commonPartitions(s.partitions, t.partitions);
  const [sb, tb] = await Promise.all([versions(source, db, table), versions(target, tgtName.db, tgtName.table)]);
  const prints = new Map<string, [PromiseSettledResult<unknown>, PromiseSettledResult<unknown>]>();
  for (const p of names) {
    const q = fingerprintSql(db, table, p, hashed);
    const qt = fingerprintSql(tgtName.db, tgtName.table, p, hashed);
    const r = await Promise.allSettled([
      source.sql.query(q).then((rows) => parseFingerprint(rows[0])),
      target.sql.query(qt).then((rows) => parseFingerprint(rows[0])),
    ]);
    prints.set(p, r);
  }
  const [sa, ta] = await Promise.all([versions(source, db, table), versions(target, tgtName.db, tgtName.table)]);
  const at = (m: Map<string, PartitionVersions> | string, p: string) => (typeof m === 'string' ? undefined : m.get(p));
  const reading = (
    before: Map<string, PartitionVersions> | string,
    after: Map<string, PartitionVersions> | string,
    r: PromiseSettledResult<unknown>,
    p: string,
  ) => ({
    before: at(before, p),
    after: at(after, p),
    ...(r.status === 'fulfilled' ? { fingerprint: r.value as ReturnType<typeof parseFingerprint> } : { error: messageOf(r.reason) }),
  });
  const partitions = names.map((p) => {
    const [rs, rt] = prints.get(p)!;
    return judgePartition(p, reading(sb, sa, rs, p), reading(tb, ta, rt, p));
  });
  return { db, table, skippedColumns: skipped, partitions };
}

/** `tableContent` of each table, `threads` tables at a time, in the order given. */
export async function contentOfTables(
  source: VerifySide,
  target: VerifySide,
  src: ClusterSnapshot,
  tgt: ClusterSnapshot,
  tables: ReadonlyArray<{ db: string; table: string; targetDb?: string; targetTable?: string }>,
  threads: number,
): Promise<TableContent[]> {
  const out = new Map<string, TableContent>();
  await inParallel(threads, [...tables], async ({ db, table, targetDb, targetTable }) => {
    out.set(`${db}\u0000${table}`, await tableContent(source, target, src, tgt, db, table, { db: targetDb ?? db, table: targetTable ?? table }));
  });
  return tables.map(({ db, table }) => out.get(`${db}\u0000${table}`)!);
}
