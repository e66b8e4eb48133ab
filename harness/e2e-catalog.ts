// Helpers for the catalog/config CLI end-to-end tests (test/e2e/catalog*, test/e2e/config*): one-shot srsync runs
// with captured output, progress-line parsing, catalog fingerprints ("nothing changed"), a counting TCP proxy
// (hosts.properties mapping) and a storage-volume statement. Additive: sim-pair.ts is unchanged.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { ROOT, rows, type SimProcess, type TableCheck } from './sim-pair.js';

export function tempDir(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), `srsync-${prefix}-`));
}

export interface SrsyncRun extends CliRun {
  /** log/sync.INFO.log ('' when none was written). */
  info: string;
  /** log/sync.WARN.log ('' when none was written). */
  warn: string;
  logDir: string;
}

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** `bin/srsync.js <args>` to its end; rejects after `timeoutMs` with `what` and the tail of `context()`. */
export function runCli(args: string[], timeoutMs = 60_000, context: () => string = () => ''): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(ROOT, 'bin/srsync.js'), ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`srsync ${args[0] ?? ''} did not exit within ${timeoutMs} ms; stderr: ${stderr}\n${context().slice(-4000)}`));
    }, timeoutMs);
    child.once('exit', (code, sig) => {
      clearTimeout(timer);
      resolve({ code: code ?? (sig ? 128 : null), stdout, stderr });
    });
  });
}

/** `bin/srsync.js run --conf <conf> --log-dir <logDir> --no-console` to its end; rejects after `timeoutMs`. */
export async function runSrsyncOnce(conf: string, logDir: string, timeoutMs = 90_000): Promise<SrsyncRun> {
  const r = await runCli(['run', '--conf', conf, '--log-dir', logDir, '--no-console'], timeoutMs, () => `log:\n${readLog(logDir, 'sync.INFO.log')}`);
  return { ...r, info: readLog(logDir, 'sync.INFO.log'), warn: readLog(logDir, 'sync.WARN.log'), logDir };
}

function readLog(dir: string, file: string): string {
  try {
    return fs.readFileSync(path.join(dir, file), 'utf8');
  } catch {
    return '';
  }
}

/** The last `Sync job progress: ...` and `Sync table progress: ...` lines of a log (undefined when none). */
export function lastProgressLines(info: string): { job?: string; table?: string } {
  const lines = info.split('\n');
  const last = (re: RegExp) => [...lines].reverse().find((l) => re.test(l));
  return { job: last(/Sync job progress: /), table: last(/Sync table progress: /) };
}

/** The `name: value` fields of a progress line (`percent` = the job line's leading ratio). */
export function progressFields(line: string): Record<string, string> {
  const body = line.replace(/^.*Sync (job|table) progress: /, '');
  const out: Record<string, string> = {};
  const first = /^([\d.]+%)/.exec(body);
  if (first) out['percent'] = first[1]!;
  for (const m of body.matchAll(/([A-Za-z][A-Za-z ]*?): ([\d.]+%?)/g)) out[m[1]!.trim()] = m[2]!;
  return out;
}

/** Single-quoted SQL string literal. */
export const literal = (s: string): string => `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;

/** `` `db` `` or `` `db`.`name` ``. */
export function ident(db: string, name?: string): string {
  const one = (s: string) => '`' + s.replace(/`/g, '``') + '`';
  return name === undefined ? one(db) : `${one(db)}.${one(name)}`;
}

const SYSTEM_DBS = new Set(['information_schema', 'sys', '_statistics_']);

/**
 * Everything srsync could change on a cluster: databases, tables (id, type, state), partitions (ids, versions),
 * storage volumes, replication jobs, views' text and the FE configs the manual asks to set.
 */
export async function catalogFingerprint(sim: SimProcess): Promise<string> {
  const out: string[] = [];
  for (const v of await rows(sim, 'SHOW STORAGE VOLUMES')) out.push(`volume ${v['Storage Volume']}`);
  for (const db of await rows(sim, "SHOW PROC '/dbs'")) {
    out.push(`db ${db['DbId']} ${db['DbName']} ${db['TableNum']}`);
    if (SYSTEM_DBS.has(db['DbName'] ?? '')) continue;
    for (const t of await rows(sim, `SHOW PROC '/dbs/${db['DbId']}'`))
      out.push(`table ${db['DbName']} ${t['TableId']} ${t['TableName']} ${t['Type']} ${t['State']} ${t['PartitionNum']}`);
    const parts = await rows(
      sim,
      `SELECT TABLE_NAME, PARTITION_NAME, PARTITION_ID, VISIBLE_VERSION, DATA_VERSION FROM information_schema.partitions_meta WHERE DB_NAME = ${literal(db['DbName']!)}`,
    );
    for (const p of parts)
      out.push(
        `partition ${db['DbName']} ${p['TABLE_NAME']} ${p['PARTITION_NAME']} ${p['PARTITION_ID']} ${p['VISIBLE_VERSION']} ${p['DATA_VERSION']}`,
      );
    for (const v of await rows(
      sim,
      `SELECT TABLE_NAME, VIEW_DEFINITION FROM information_schema.views WHERE TABLE_SCHEMA = ${literal(db['DbName']!)}`,
    )) {
      out.push(`view ${db['DbName']} ${v['TABLE_NAME']} ${v['VIEW_DEFINITION']}`);
    }
  }
  for (const j of await rows(sim, "SHOW PROC '/replications'")) out.push(`job ${j['JobID']} ${j['State']}`);
  for (const k of ['lake_compaction_max_tasks', 'enable_legacy_compatibility_for_replication', 'lake_autovacuum_grace_period_minutes']) {
    for (const r of await rows(sim, `ADMIN SHOW FRONTEND CONFIG LIKE ${literal(k)}`)) out.push(`config ${r['Key']}=${r['Value']}`);
  }
  return out.sort().join('\n');
}

/** A TCP proxy on an ephemeral port to 127.0.0.1:<to>, counting the connections it forwarded. */
export interface CountingProxy {
  port: number;
  connections(): number;
  close(): Promise<void>;
}

export async function countingProxy(to: number): Promise<CountingProxy> {
  let n = 0;
  const sockets = new Set<net.Socket>();
  const server = net.createServer((client) => {
    n++;
    const upstream = net.connect(to, '127.0.0.1');
    sockets.add(client).add(upstream);
    const done = () => {
      client.destroy();
      upstream.destroy();
      sockets.delete(client);
      sockets.delete(upstream);
    };
    client.on('error', done).on('close', done);
    upstream.on('error', done).on('close', done);
    client.pipe(upstream);
    upstream.pipe(client);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  return {
    port,
    connections: () => n,
    close: () =>
      new Promise((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

/** CREATE STORAGE VOLUME on the simulated object store (placeholder credentials, as prepareForMigration uses). */
export function createVolumeSql(name: string, location: string): string {
  return `CREATE STORAGE VOLUME ${ident(name)} TYPE = S3 LOCATIONS = ("${location}") PROPERTIES ("enabled" = "true", "aws.s3.region" = "us-east-1", "aws.s3.endpoint" = "http://127.0.0.1", "aws.s3.use_aws_sdk_default_behavior" = "false", "aws.s3.use_instance_profile" = "false", "aws.s3.access_key" = "ak", "aws.s3.secret_key" = "sk", "aws.s3.enable_partitioned_prefix" = "false")`;
}

/** The single value of a one-row, one-column query. */
export async function scalar(sim: SimProcess, statement: string): Promise<string | null> {
  const r = (await rows(sim, statement))[0];
  return r ? (Object.values(r)[0] ?? null) : null;
}

/**
 * verify() of sim-pair.ts without temporary partitions (srsync migrates formal partitions only): COUNT(*) of every
 * table of `dbs` on both clusters, and every formal source partition's VisibleVersion = the target's DataVersion.
 */
export async function verifyFormal(source: SimProcess, target: SimProcess, dbs: string[]): Promise<TableCheck[]> {
  const out: TableCheck[] = [];
  for (const db of dbs) {
    const formal = (r: Record<string, string | null>) => !['1', 'true'].includes(String(r['IS_TEMP']).toLowerCase());
    const srcParts = (
      await rows(
        source,
        `SELECT TABLE_NAME, PARTITION_NAME, VISIBLE_VERSION, IS_TEMP FROM information_schema.partitions_meta WHERE DB_NAME = ${literal(db)}`,
      )
    ).filter(formal);
    const tgtParts = (
      await rows(
        target,
        `SELECT TABLE_NAME, PARTITION_NAME, DATA_VERSION, IS_TEMP FROM information_schema.partitions_meta WHERE DB_NAME = ${literal(db)}`,
      )
    ).filter(formal);
    const tgtVersion = new Map(tgtParts.map((r) => [`${r['TABLE_NAME']}\u0000${r['PARTITION_NAME']}`, r['DATA_VERSION']]));
    for (const t of new Set(srcParts.map((r) => r['TABLE_NAME']!))) {
      const count = async (sim: SimProcess) => Number(await scalar(sim, `SELECT COUNT(*) FROM ${ident(db, t)}`));
      const versionsMatch = srcParts
        .filter((r) => r['TABLE_NAME'] === t)
        .every((r) => tgtVersion.get(`${t}\u0000${r['PARTITION_NAME']}`) === r['VISIBLE_VERSION']);
      out.push({ table: `${db}.${t}`, sourceRows: await count(source), targetRows: await count(target).catch(() => -1), versionsMatch });
    }
  }
  return out;
}

/**
 * SHOW CREATE TABLE text with the documented differences between two clusters holding the same table taken out:
 * LIST partitions are printed in the iteration order of a HashMap keyed by partition id
 * (ListPartitionInfo.idToValues), and ids differ between clusters, so their lines are sorted.
 */
export function comparableCreateTable(text: string): string {
  return text.replace(/(PARTITION BY LIST\([^\n]*\)\(\n)([\s\S]*?)(\n\))/g, (_m, head: string, body: string, tail: string) => {
    const lines = body.split(',\n').map((l) => l.trimEnd());
    return head + [...lines].sort().join(',\n') + tail;
  });
}

/** A port nothing listens on right now. */
export async function freePort(): Promise<number> {
  const s = net.createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const port = (s.address() as net.AddressInfo).port;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}
