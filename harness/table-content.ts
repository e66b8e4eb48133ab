// What a table holds, read the way a query does (the simulator's SQL answers only COUNT(*) on user tables): ids and
// versions over SQL (SHOW PROC, SHOW PARTITIONS, partitions_meta), then each base-index tablet's metadata at the
// partition's visible version and the segments it references, from the simulated object store.
// A content fingerprint (row count + sum of 64-bit row hashes) compares two clusters without shipping rows.
import { createHash } from 'node:crypto';
import path from 'node:path';
import { readMetasAt } from '../sim/lake/publish.js';
import { readSegment } from '../sim/lake/segments.js';
import { rows, type SimProcess } from './sim-pair.js';

/** A row by column name, as the segment stores it. */
export type ContentRow = Record<string, unknown>;

export interface TableContent {
  rows: ContentRow[];
  /** Partition name → visible version. */
  versions: Record<string, string>;
}

export interface Fingerprint {
  count: number;
  /** Sum of the first 8 bytes of each row's SHA-256, mod 2^64, hex. */
  hash: string;
}

/** `s3://bucket/x` → the directory of the simulated object store that holds it. */
export function objectDir(objectStore: string, uri: string): string {
  const m = /^s3:\/\/([^/]+)\/?(.*)$/.exec(uri);
  if (!m) throw new Error(`not an s3 uri: ${uri}`);
  return path.join(objectStore, m[1]!, m[2]!);
}

const sqlString = (s: string) => `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
const ident = (s: string) => `\`${s.replace(/`/g, '``')}\``;

/** Every row of `db.table` at the visible versions (base index; duplicate-key tables are read as is). */
export async function readTableContent(sim: SimProcess, objectStore: string, db: string, table: string): Promise<TableContent> {
  const dbId = (await rows(sim, "SHOW PROC '/dbs'")).find((r) => r['DbName'] === db)?.['DbId'];
  if (!dbId) throw new Error(`no database ${db}`);
  const tableId = (await rows(sim, `SHOW PROC '/dbs/${dbId}'`)).find((r) => r['TableName'] === table)?.['TableId'];
  if (!tableId) throw new Error(`no table ${db}.${table}`);
  const meta = await rows(
    sim,
    `SELECT PARTITION_ID, STORAGE_PATH FROM information_schema.partitions_meta WHERE DB_NAME = ${sqlString(db)} AND TABLE_NAME = ${sqlString(table)}`,
  );
  const storage = new Map(meta.map((r) => [String(r['PARTITION_ID']), String(r['STORAGE_PATH'])]));
  const out: ContentRow[] = [];
  const versions: Record<string, string> = {};
  for (const p of await rows(sim, `SHOW PARTITIONS FROM ${ident(db)}.${ident(table)}`)) {
    const pid = String(p['PartitionId']);
    const version = Number(p['VisibleVersion']);
    versions[String(p['PartitionName'])] = String(p['VisibleVersion']);
    const uri = storage.get(pid);
    if (!uri) throw new Error(`no storage path for partition ${pid} of ${db}.${table}`);
    const dir = objectDir(objectStore, uri);
    const indexes = await rows(sim, `SHOW PROC '/dbs/${dbId}/${tableId}/partitions/${pid}'`);
    const base = indexes.find((i) => i['IndexName'] === table) ?? indexes[0];
    if (!base) continue;
    const tablets = (await rows(sim, `SHOW PROC '/dbs/${dbId}/${tableId}/partitions/${pid}/${base['IndexId']}'`)).map((t) => ({
      id: Number(t['TabletId']),
      backendId: 0,
    }));
    for (const m of readMetasAt(dir, tablets, version, uri).values()) {
      for (const rs of m.rowsets) for (const seg of rs.segments) out.push(...(readSegment(dir, seg) as ContentRow[]));
    }
  }
  return { rows: out, versions };
}

export function fingerprint(content: readonly ContentRow[]): Fingerprint {
  let sum = 0n;
  for (const r of content) sum = (sum + createHash('sha256').update(canonical(r)).digest().readBigUInt64BE(0)) & 0xffffffffffffffffn;
  return { count: content.length, hash: sum.toString(16).padStart(16, '0') };
}

/** The row as JSON with its columns in name order (the same row hashes the same whatever wrote it). */
function canonical(r: ContentRow): string {
  return JSON.stringify(
    Object.keys(r)
      .sort()
      .map((k) => [k, r[k]]),
  );
}
