// Acceptance-suite plumbing: simulated clusters started in-process, and clients that talk to them only through
// the real protocols: mysql2 (text protocol), the Thrift FrontendService client (TBufferedTransport +
// TBinaryProtocol, unframed) and HTTP (node:http via fetch). Nothing here reads the simulator's memory.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import mysql from 'mysql2/promise';
import { startCluster, type ClusterHandle } from '../../../sim/cluster.js';
import { defaultOptions, type SimOptions } from '../../../sim/fe/state.js';
import { TRunMode, TTableType, type PartitionReplicationInfo, type TableReplicationRequest } from '../../../idl/thrift.js';

export const PASSWORD = 'sr-pass';

const tempDirs: string[] = [];

export function tempDir(prefix: string): string {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), `srsync-proto-${prefix}-`));
  tempDirs.push(d);
  return d;
}

export function removeTempDirs(): void {
  for (const d of tempDirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
}

/** One simulated cluster on ephemeral ports, no artificial latency, a fast daemon. */
export function startSim(name: string, objectStore: string, extra: Partial<SimOptions> = {}): Promise<ClusterHandle> {
  return startCluster(
    defaultOptions({
      name,
      objectStore,
      rootPassword: PASSWORD,
      daemonIntervalMs: 50,
      latencies: { ddlMs: 0, queryMs: 0, rpcMs: 0 },
      ...extra,
    }),
  );
}

// ---------------------------------------------------------------- MySQL

export function connect(port: number, opts: { user?: string; password?: string; database?: string } = {}): Promise<mysql.Connection> {
  return mysql.createConnection({
    host: '127.0.0.1',
    port,
    user: opts.user ?? 'root',
    password: opts.password ?? PASSWORD,
    ...(opts.database ? { database: opts.database } : {}),
    supportBigNumbers: true,
    bigNumberStrings: true,
    dateStrings: true,
  });
}

export type Cell = string | null;

/** A result set as the client saw it: column names in wire order, rows as strings (NULL stays null). */
export interface Result {
  columns: string[];
  rows: Cell[][];
  /** Rows keyed by column name. */
  objects: Array<Record<string, Cell>>;
}

const cell = (v: unknown): Cell => (v === null || v === undefined ? null : Buffer.isBuffer(v) ? v.toString('utf8') : String(v));

export async function query(conn: mysql.Connection, sql: string): Promise<Result> {
  const [rows, fields] = await conn.query({ sql, rowsAsArray: true });
  if (!Array.isArray(rows)) return { columns: [], rows: [], objects: [] };
  const columns = (fields ?? []).map((f) => f.name);
  const out = (rows as unknown[][]).map((r) => r.map(cell));
  return { columns, rows: out, objects: out.map((r) => Object.fromEntries(columns.map((c, i) => [c, r[i] ?? null]))) };
}

/** Runs statements that answer OK; returns the last OK packet. */
export async function exec(conn: mysql.Connection, ...statements: string[]): Promise<mysql.ResultSetHeader> {
  let last: mysql.ResultSetHeader | undefined;
  for (const s of statements) {
    const [r] = await conn.query(s);
    if (Array.isArray(r)) throw new Error(`expected an OK packet from: ${s}`);
    last = r as mysql.ResultSetHeader;
  }
  return last!;
}

export interface ServerError {
  errno: number;
  sqlState: string;
  message: string;
}

/** The error a statement is answered with (fails the test if it succeeds). */
export async function queryError(conn: mysql.Connection, sql: string): Promise<ServerError> {
  try {
    await conn.query(sql);
  } catch (e) {
    const x = e as { errno?: number; sqlState?: string; sqlMessage?: string; message: string };
    if (x.errno === undefined) throw e;
    return { errno: x.errno, sqlState: x.sqlState ?? '', message: x.sqlMessage ?? x.message };
  }
  throw new Error(`statement unexpectedly succeeded: ${sql}`);
}

/** The single value of a one-row, one-column result. */
export async function scalar(conn: mysql.Connection, sql: string): Promise<Cell> {
  const r = await query(conn, sql);
  if (r.rows.length !== 1 || r.columns.length !== 1) throw new Error(`expected one value from ${sql}, got ${JSON.stringify(r.rows)}`);
  return r.rows[0]![0]!;
}

export const sqlString = (s: string) => `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;

// ---------------------------------------------------------------- HTTP

export async function httpGet(port: number, urlPath: string): Promise<{ status: number; contentType: string; body: string }> {
  const r = await fetch(`http://127.0.0.1:${port}${urlPath}`);
  return { status: r.status, contentType: r.headers.get('content-type') ?? '', body: await r.text() };
}

export async function serviceId(httpPort: number): Promise<string> {
  const r = await httpGet(httpPort, '/service_id');
  if (r.status !== 200) throw new Error(`/service_id answered ${r.status}: ${r.body}`);
  return (JSON.parse(r.body) as { service_id: string }).service_id;
}

/** The simulator's control channel (POST /sim/faults). */
export async function control(httpPort: number, action: string, params: Record<string, unknown> = {}): Promise<unknown> {
  const r = await fetch(`http://127.0.0.1:${httpPort}/sim/faults`, { method: 'POST', body: JSON.stringify({ action, ...params }) });
  const body = (await r.json()) as { ok: boolean; result?: unknown; error?: string };
  if (r.status !== 200 || !body.ok) throw new Error(`control ${action} failed (${r.status}): ${body.error}`);
  return body.result;
}

// ---------------------------------------------------------------- Thrift

// The raw client (settles on a reply, an error, or the server closing) is the replication fixture's.
import { callStartTableReplication as startTableReplication, type CallOutcome as RpcOutcome } from '../replication/fixture.js';
export { startTableReplication, type RpcOutcome };

/** The reply's status as plain data: `{code, msgs}`; throws on a transport outcome. */
export async function rpcStatus(port: number, req: TableReplicationRequest): Promise<{ code: number; msgs: string[] }> {
  const o = await startTableReplication(port, req);
  if (o.kind !== 'reply') throw new Error(`expected a reply, got ${o.kind}${o.kind === 'error' ? `: ${o.error.message}` : ''}`);
  return { code: o.res.status!.status_code, msgs: o.res.status!.error_msgs ?? [] };
}

// ---------------------------------------------------------------- polling

/** Polls `probe` until `done(value)`; returns the value. Fails with the last value after `timeoutMs`. */
export async function eventually<T>(probe: () => Promise<T>, done: (v: T) => boolean, timeoutMs = 15_000, what = 'condition'): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: T;
  for (;;) {
    last = await probe();
    if (done(last)) return last;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; last value: ${JSON.stringify(last)}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

// ---------------------------------------------------------------- a table as SQL shows it

export interface IndexLayout {
  id: string;
  /** IndexName: the base index is named after the table; rollups and sync MVs keep theirs (reference §7). */
  name: string;
  schemaHash: number;
  /** Tablet ids sorted ascending (= bucket order, reference §7). */
  tablets: string[];
}

export interface PartitionLayout {
  id: string;
  name: string;
  visibleVersion: string;
  dataVersion: string;
  versionEpoch: string;
  indexes: IndexLayout[];
}

export interface TableLayout {
  dbId: string;
  tableId: string;
  dataSize: string;
  partitions: PartitionLayout[];
}

/** Reads ids, versions and tablets of `db.table` the way srsync would: SHOW PROC, SHOW PARTITIONS, partitions_meta. */
export async function tableLayout(conn: mysql.Connection, db: string, table: string): Promise<TableLayout> {
  const dbs = await query(conn, "SHOW PROC '/dbs'");
  const dbId = dbs.objects.find((r) => r['DbName'] === db)?.['DbId'];
  if (!dbId) throw new Error(`no db ${db}`);
  const tables = await query(conn, `SHOW PROC '/dbs/${dbId}'`);
  const tableId = tables.objects.find((r) => r['TableName'] === table)?.['TableId'];
  if (!tableId) throw new Error(`no table ${db}.${table}`);
  const schema = await query(conn, `SHOW PROC '/dbs/${dbId}/${tableId}/index_schema'`);
  const hashes = new Map(schema.objects.map((r) => [r['IndexId']!, Number(r['SchemaHash'])]));
  const parts = await query(conn, `SHOW PARTITIONS FROM \`${db}\`.\`${table}\``);
  const partitions: PartitionLayout[] = [];
  for (const p of parts.objects) {
    const indexes: IndexLayout[] = [];
    for (const idx of (await query(conn, `SHOW PROC '/dbs/${dbId}/${tableId}/partitions/${p['PartitionId']}'`)).objects) {
      const tablets = await query(conn, `SHOW PROC '/dbs/${dbId}/${tableId}/partitions/${p['PartitionId']}/${idx['IndexId']}'`);
      const ids = tablets.objects.map((t) => t['TabletId']!).sort((a, b) => (BigInt(a) < BigInt(b) ? -1 : 1));
      indexes.push({ id: idx['IndexId']!, name: idx['IndexName']!, schemaHash: hashes.get(idx['IndexId']!) ?? 0, tablets: ids });
    }
    partitions.push({
      id: p['PartitionId']!,
      name: p['PartitionName']!,
      visibleVersion: p['VisibleVersion']!,
      dataVersion: p['DataVersion']!,
      versionEpoch: p['VersionEpoch']!,
      indexes,
    });
  }
  const size = await query(
    conn,
    `SELECT DATA_SIZE FROM information_schema.partitions_meta WHERE DB_NAME = ${sqlString(db)} AND TABLE_NAME = ${sqlString(table)}`,
  );
  const dataSize = String(size.rows.reduce((n, r) => n + BigInt(r[0] ?? '0'), 0n));
  return { dbId, tableId, dataSize, partitions };
}

/**
 * The request of reference §3, built by hand: partitions paired by name, indexes by name (reference §7; all of them,
 * or `onlyIndexes`), tablets by position in tablet-id order; src_version = the source VisibleVersion.
 */
export function buildReplicationRequest(
  src: TableLayout,
  tgt: TableLayout,
  o: { srcServiceId: string; mirrorVolume: string; jobId: string; /** Only these indexes (by name); default every index. */ onlyIndexes?: string[] },
): TableReplicationRequest {
  const infos: Record<string, PartitionReplicationInfo> = {};
  for (const tp of tgt.partitions) {
    const sp = src.partitions.find((p) => p.name === tp.name);
    if (!sp) throw new Error(`no source partition ${tp.name}`);
    const index_replication_infos: PartitionReplicationInfo['index_replication_infos'] = {};
    for (const ti of tp.indexes) {
      if (o.onlyIndexes && !o.onlyIndexes.includes(ti.name)) continue;
      const si = sp.indexes.find((i) => i.name === ti.name);
      if (!si) throw new Error(`no source index ${ti.name}`);
      if (si.tablets.length !== ti.tablets.length) throw new Error(`tablet counts of index ${ti.name} differ`);
      index_replication_infos[ti.id] = {
        index_id: ti.id,
        src_schema_hash: si.schemaHash,
        tablet_replication_infos: Object.fromEntries(
          ti.tablets.map((t, b) => [t, { tablet_id: t, src_tablet_id: si.tablets[b]!, replica_replication_infos: [] }]),
        ),
      };
    }
    infos[tp.id] = {
      partition_id: tp.id,
      src_version: sp.visibleVersion,
      src_version_epoch: sp.versionEpoch,
      src_partition_id: sp.id,
      index_replication_infos,
    };
  }
  return {
    username: 'root',
    password: PASSWORD,
    database_id: tgt.dbId,
    table_id: tgt.tableId,
    src_token: '',
    src_table_type: TTableType.OLAP_TABLE,
    src_table_data_size: src.dataSize,
    partition_replication_infos: infos,
    job_id: o.jobId,
    src_cluster_run_mode: TRunMode.SHARED_DATA,
    src_storage_volume_name: o.mirrorVolume,
    src_service_id: o.srcServiceId,
    src_database_id: src.dbId,
    src_table_id: src.tableId,
  };
}

/** The job's row of SHOW PROC '/replications' on `conn`'s cluster (undefined when not listed). */
export async function replicationJobRow(conn: mysql.Connection, jobId: string): Promise<Record<string, string | null> | undefined> {
  return (await query(conn, "SHOW PROC '/replications'")).objects.find((r) => r['JobID'] === jobId);
}

/** Waits until the job is ABORTED, or COMMITTED with its txn (in `db`) VISIBLE; returns its row. */
export async function waitForReplicationJob(conn: mysql.Connection, db: string, jobId: string): Promise<Record<string, string | null>> {
  return eventually(
    async () => {
      const row = await replicationJobRow(conn, jobId);
      if (row?.['State'] === 'COMMITTED') {
        const txn = await query(conn, `SHOW TRANSACTION FROM \`${db}\` WHERE ID = ${row['TxnID']}`);
        if (txn.objects[0]?.['TransactionStatus'] !== 'VISIBLE') return { ...row, State: 'COMMITTED (not visible)' };
      }
      return row;
    },
    (row) => row?.['State'] === 'COMMITTED' || row?.['State'] === 'ABORTED',
    20_000,
    `replication job ${jobId}`,
  ) as Promise<Record<string, string | null>>;
}

/** `s3://bucket/x` → the directory of the simulated object store that holds it. */
export function objectPath(objectStore: string, uri: string): string {
  const m = /^s3:\/\/([^/]+)\/?(.*)$/.exec(uri);
  if (!m) throw new Error(`not an s3 uri: ${uri}`);
  return path.join(objectStore, m[1]!, m[2]!);
}

/** Files directly under `dir` (empty when it does not exist). */
export function listFiles(dir: string): string[] {
  try {
    return fs.readdirSync(dir).sort();
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw e;
  }
}

export const hex16 = (n: number | string) => BigInt(n).toString(16).toUpperCase().padStart(16, '0');

/**
 * The manual's preparations, over the wire: the source keeps old versions and stops compacting, the target stops
 * compacting, keeps legacy compatibility and gets the `mirror` volume at the source's builtin volume location.
 */
export async function prepareReplicationPair(source: mysql.Connection, target: mysql.Connection, mirror: string): Promise<void> {
  await exec(
    source,
    'ADMIN SET FRONTEND CONFIG ("lake_autovacuum_grace_period_minutes" = "10000000")',
    'ADMIN SET FRONTEND CONFIG ("lake_compaction_max_tasks" = "0")',
  );
  await exec(
    target,
    'ADMIN SET FRONTEND CONFIG ("lake_compaction_max_tasks" = "0")',
    'ADMIN SET FRONTEND CONFIG ("enable_legacy_compatibility_for_replication" = "true")',
  );
  const vol = (await query(source, 'DESC STORAGE VOLUME builtin_storage_volume')).objects[0]!;
  await exec(
    target,
    `CREATE STORAGE VOLUME ${mirror} TYPE = S3 LOCATIONS = ("${vol['Location']!.split(', ')[0]}") PROPERTIES (
       "aws.s3.region" = "us-east-1", "aws.s3.endpoint" = "http://127.0.0.1", "aws.s3.access_key" = "ak", "aws.s3.secret_key" = "sk")`,
  );
}
