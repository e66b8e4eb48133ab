// Two simulated clusters (source and target) as real `srsync-sim start` processes sharing one object store,
// prepared the way the manual asks. Used by the demo, the benchmark and the end-to-end tests.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';
import { fileURLToPath } from 'node:url';
import mysql from 'mysql2/promise';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export interface SimProcess {
  name: string;
  queryPort: number;
  rpcPort: number;
  httpPort: number;
  password: string;
  child: ChildProcess;
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

export interface SimStartOptions {
  name: string;
  objectStore: string;
  password?: string;
  dataDir?: string;
  cnCount?: number;
  version?: string;
  runMode?: 'shared_data' | 'shared_nothing';
  /** Extra flags (latencies, bandwidth, ...). */
  extra?: string[];
  /** Fixed ports (default: ephemeral); a restart after a kill -9 reuses the ports the clients know. */
  ports?: { query: number; rpc: number; http: number };
}

export async function startSim(o: SimStartOptions): Promise<SimProcess> {
  const args = [
    path.join(ROOT, 'bin/srsync-sim.js'),
    'start',
    '--name',
    o.name,
    '--query-port',
    String(o.ports?.query ?? 0),
    '--rpc-port',
    String(o.ports?.rpc ?? 0),
    '--http-port',
    String(o.ports?.http ?? 0),
    '--object-store',
    o.objectStore,
    '--root-password',
    o.password ?? '',
    '--cn-count',
    String(o.cnCount ?? 3),
    ...(o.dataDir ? ['--data-dir', o.dataDir] : []),
    ...(o.version ? ['--version', o.version] : []),
    ...(o.runMode ? ['--run-mode', o.runMode] : []),
    ...(o.extra ?? []),
  ];
  const child = spawn(process.execPath, [...childNodeArgs(), ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => {
    stderr = (stderr + d.toString()).slice(-4000);
  });
  const ready = await new Promise<{ queryPort: number; rpcPort: number; httpPort: number }>((resolve, reject) => {
    const rl = readline.createInterface({ input: child.stdout! });
    const timer = setTimeout(() => reject(new Error(`simulator ${o.name} did not become ready: ${stderr}`)), 30_000);
    rl.once('line', (line) => {
      clearTimeout(timer);
      try {
        const j = JSON.parse(line) as { ready?: boolean; queryPort: number; rpcPort: number; httpPort: number };
        if (!j.ready) throw new Error(line);
        resolve(j);
      } catch (e) {
        reject(new Error(`simulator ${o.name} printed ${line}: ${(e as Error).message}`));
      }
    });
    child.once('exit', (code) => reject(new Error(`simulator ${o.name} exited with ${code}: ${stderr}`)));
  });
  return {
    name: o.name,
    ...ready,
    password: o.password ?? '',
    child,
    stop: (signal: NodeJS.Signals = 'SIGTERM') =>
      new Promise((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve(child.exitCode);
        child.once('exit', (code) => resolve(code));
        child.kill(signal);
      }),
  };
}

export async function connect(sim: SimProcess): Promise<mysql.Connection> {
  return mysql.createConnection({
    host: '127.0.0.1',
    port: sim.queryPort,
    user: 'root',
    password: sim.password,
    supportBigNumbers: true,
    bigNumberStrings: true,
    dateStrings: true,
  });
}

export async function sql(sim: SimProcess, statements: string[]): Promise<void> {
  const c = await connect(sim);
  try {
    for (const s of statements) await c.query(s);
  } finally {
    await c.end();
  }
}

export async function rows(sim: SimProcess, statement: string): Promise<Array<Record<string, string | null>>> {
  const c = await connect(sim);
  try {
    const [r] = await c.query(statement);
    return r as Array<Record<string, string | null>>;
  } finally {
    await c.end();
  }
}

/** The manual's preparations: source vacuum grace, target compaction off + legacy compatibility + src_ volumes. */
export async function prepareForMigration(source: SimProcess, target: SimProcess): Promise<void> {
  await sql(source, ['ADMIN SET FRONTEND CONFIG ("lake_autovacuum_grace_period_minutes" = "10000000")']);
  await sql(target, [
    'ADMIN SET FRONTEND CONFIG ("lake_compaction_max_tasks" = "0")',
    'ADMIN SET FRONTEND CONFIG ("enable_legacy_compatibility_for_replication" = "true")',
  ]);
  for (const v of await rows(source, 'SHOW STORAGE VOLUMES')) {
    const name = v['Storage Volume']!;
    const desc = (await rows(source, `DESC STORAGE VOLUME \`${name.replace(/`/g, '``')}\``))[0]!;
    const loc = String(desc['Location']).split(', ')[0]!;
    await sql(target, [
      `CREATE STORAGE VOLUME IF NOT EXISTS \`src_${name.replace(/`/g, '``')}\` TYPE = S3 LOCATIONS = ("${loc}") PROPERTIES ("enabled" = "true", "aws.s3.region" = "us-east-1", "aws.s3.endpoint" = "http://127.0.0.1", "aws.s3.use_aws_sdk_default_behavior" = "false", "aws.s3.use_instance_profile" = "false", "aws.s3.access_key" = "ak", "aws.s3.secret_key" = "sk", "aws.s3.enable_partitioned_prefix" = "false")`,
    ]);
  }
}

/** conf/sync.properties for a pair (plus overrides), written into `dir`. */
export function writeConf(dir: string, source: SimProcess, target: SimProcess, overrides: Record<string, string> = {}): void {
  fs.mkdirSync(dir, { recursive: true });
  const base: Record<string, string> = {
    source_fe_host: '127.0.0.1',
    source_fe_query_port: String(source.queryPort),
    source_cluster_user: 'root',
    source_cluster_password: source.password,
    target_fe_host: '127.0.0.1',
    target_fe_query_port: String(target.queryPort),
    target_cluster_user: 'root',
    target_cluster_password: target.password,
    ...overrides,
  };
  fs.writeFileSync(
    path.join(dir, 'sync.properties'),
    Object.entries(base)
      .map(([k, v]) => `${k}=${v}`)
      .join('\n') + '\n',
  );
}

export interface TableCheck {
  table: string;
  sourceRows: number;
  targetRows: number;
  versionsMatch: boolean;
}

/** COUNT(*) of every table and partition versions (target DataVersion = source VisibleVersion) on both sides. */
export async function verify(source: SimProcess, target: SimProcess, dbs: string[]): Promise<TableCheck[]> {
  const out: TableCheck[] = [];
  for (const db of dbs) {
    const q = (s: string) => `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
    const srcParts = await rows(
      source,
      `SELECT TABLE_NAME, PARTITION_NAME, VISIBLE_VERSION FROM information_schema.partitions_meta WHERE DB_NAME = ${q(db)}`,
    );
    const tgtParts = await rows(
      target,
      `SELECT TABLE_NAME, PARTITION_NAME, DATA_VERSION FROM information_schema.partitions_meta WHERE DB_NAME = ${q(db)}`,
    );
    const tgtVersion = new Map(tgtParts.map((r) => [`${r['TABLE_NAME']}\u0000${r['PARTITION_NAME']}`, r['DATA_VERSION']]));
    const tables = new Set(srcParts.map((r) => r['TABLE_NAME']!));
    for (const t of tables) {
      const id = `\`${db.replace(/`/g, '``')}\`.\`${t.replace(/`/g, '``')}\``;
      const count = async (sim: SimProcess) => Number(Object.values((await rows(sim, `SELECT COUNT(*) FROM ${id}`))[0] ?? {})[0] ?? -1);
      const versionsMatch = srcParts
        .filter((r) => r['TABLE_NAME'] === t)
        .every((r) => tgtVersion.get(`${t}\u0000${r['PARTITION_NAME']}`) === r['VISIBLE_VERSION']);
      out.push({ table: `${db}.${t}`, sourceRows: await count(source), targetRows: await count(target).catch(() => -1), versionsMatch });
    }
  }
  return out;
}

export interface SrsyncProcess {
  child: ChildProcess;
  logDir: string;
  /** Resolves with the exit code. */
  exited: Promise<number | null>;
  /** Text of log/sync.INFO.log so far ('' before it exists). */
  infoLog(): string;
  warnLog(): string;
  /** Waits until `pattern` appears in sync.INFO.log (polling), or rejects after `timeoutMs`. */
  waitForLog(pattern: RegExp, timeoutMs?: number): Promise<void>;
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

/**
 * Extra node options for the simulators and srsync started here, from SRSYNC_CHILD_NODE_ARGS (space-separated), e.g.
 * `--cpu-prof --cpu-prof-dir=/tmp/prof` to profile a bench scenario (NODE_OPTIONS refuses --cpu-prof).
 */
function childNodeArgs(): string[] {
  return (process.env['SRSYNC_CHILD_NODE_ARGS'] ?? '').split(' ').filter(Boolean);
}

/**
 * Starts `bin/srsync.js run --conf <conf> --log-dir <logDir>` in the foreground (as a child process); with
 * SRSYNC_CLI set (the bench: a compiled build, bench/lib/compiled-srsync.ts) that cli.js instead of the launcher.
 */
export function startSrsync(conf: string, logDir: string, extraArgs: string[] = []): SrsyncProcess {
  const child = spawn(
    process.execPath,
    [
      ...childNodeArgs(),
      process.env['SRSYNC_CLI'] || path.join(ROOT, 'bin/srsync.js'),
      'run',
      '--conf',
      conf,
      '--log-dir',
      logDir,
      '--no-console',
      ...extraArgs,
    ],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  child.stdout!.resume();
  child.stderr!.resume();
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code, sig) => resolve(code ?? (sig ? 128 : null))));
  const read = (f: string) => {
    try {
      return fs.readFileSync(path.join(logDir, f), 'utf8');
    } catch {
      return '';
    }
  };
  return {
    child,
    logDir,
    exited,
    infoLog: () => read('sync.INFO.log'),
    warnLog: () => read('sync.WARN.log'),
    async waitForLog(pattern, timeoutMs = 30_000) {
      const deadline = Date.now() + timeoutMs;
      while (Date.now() < deadline) {
        if (pattern.test(read('sync.INFO.log'))) return;
        if (child.exitCode !== null) throw new Error(`srsync exited (${child.exitCode}) before logging ${pattern}`);
        await new Promise((r) => setTimeout(r, 100));
      }
      throw new Error(`timed out waiting for ${pattern} in sync.INFO.log`);
    },
    stop: (signal: NodeJS.Signals = 'SIGTERM') => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
  };
}
