// Helpers for the end-to-end tests (test/e2e): fault control over the simulator's HTTP port, bounded waits,
// convergence checks, a fingerprint of the source (to prove srsync never writes it) and bin/start.sh / stop.sh.
import { spawnSync } from 'node:child_process';
import http from 'node:http';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  prepareForMigration,
  rows,
  sql,
  startSim,
  startSrsync,
  verify,
  writeConf,
  ROOT,
  type SimProcess,
  type SrsyncProcess,
  type TableCheck,
} from './sim-pair.js';

/**
 * POST /sim/faults {"action": ..., ...params} on the simulator's http port; resolves with `result`. One fresh
 * connection per call (no keep-alive): the FE's HTTP server goes away with restart_fe.
 */
export function control(sim: SimProcess, action: string, params: Record<string, unknown> = {}): Promise<unknown> {
  const payload = JSON.stringify({ action, ...params });
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: '127.0.0.1',
        port: sim.httpPort,
        path: '/sim/faults',
        method: 'POST',
        agent: false,
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('error', reject);
        res.on('end', () => {
          try {
            const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { ok: boolean; result?: unknown; error?: string };
            if (!body.ok) reject(new Error(`control ${action} on ${sim.name} failed: ${body.error}`));
            else resolve(body.result);
          } catch (e) {
            reject(e);
          }
        });
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}

/** Polls `cond` every `everyMs` until it returns a truthy value, or throws after `timeoutMs` naming `what`. */
export async function waitUntil<T>(cond: () => Promise<T> | T, what: string, timeoutMs = 30_000, everyMs = 200): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const v = await cond();
      if (v) return v as NonNullable<T>;
    } catch (e) {
      last = e;
    }
    if (Date.now() >= deadline)
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${last ? ` (last error: ${(last as Error).message})` : ''}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

export const converged = (checks: TableCheck[]) => checks.length > 0 && checks.every((c) => c.sourceRows === c.targetRows && c.versionsMatch);

/** Polls verify() until every table of `dbs` has equal COUNT(*) and partition versions; returns the last checks. */
export async function waitForConvergence(source: SimProcess, target: SimProcess, dbs: string[], timeoutMs = 30_000): Promise<TableCheck[]> {
  let last: TableCheck[] = [];
  try {
    return await waitUntil(
      async () => {
        last = await verify(source, target, dbs);
        return converged(last) ? last : null;
      },
      `convergence of ${dbs.join(', ')}`,
      timeoutMs,
      300,
    );
  } catch (e) {
    throw new Error(`${(e as Error).message}; last check: ${JSON.stringify(last)}`);
  }
}

/**
 * Everything srsync could change on the source: storage volumes, databases, tables (SHOW CREATE TABLE), physical
 * partitions (ids and data versions) and transactions. The source's own compaction is left out: it moves
 * VisibleVersion (not DataVersion) and adds LAKE_COMPACTION txns whenever it likes.
 */
export interface SourceFingerprint {
  catalog: string[];
  partitions: string[];
  /** Transactions other than compaction (id, label, type, status): srsync must add none. */
  transactions: string[];
}

export async function sourceFingerprint(source: SimProcess): Promise<SourceFingerprint> {
  const catalog: string[] = [];
  const transactions: string[] = [];
  for (const v of await rows(source, 'SHOW STORAGE VOLUMES')) catalog.push(`volume ${v['Storage Volume']}`);
  const dbs = (await rows(source, "SHOW PROC '/dbs'"))
    .map((r) => r['DbName']!)
    .filter((d) => d !== 'information_schema' && d !== '_statistics_' && d !== 'sys');
  for (const db of dbs.sort()) {
    catalog.push(`db ${db}`);
    const q = `\`${db.replace(/`/g, '``')}\``;
    for (const t of await rows(source, `SHOW FULL TABLES FROM ${q}`)) {
      const name = Object.values(t)[0]!;
      const create = await rows(source, `SHOW CREATE TABLE ${q}.\`${name.replace(/`/g, '``')}\``);
      catalog.push(String(Object.values(create[0] ?? {})[1] ?? ''));
    }
    for (const state of ['running', 'finished']) {
      for (const r of await rows(source, `SHOW PROC '/transactions/${db}/${state}'`)) {
        if (r['LoadJobSourceType'] !== 'LAKE_COMPACTION')
          transactions.push(`${db} ${r['TransactionId']} ${r['Label']} ${r['LoadJobSourceType']} ${r['TransactionStatus']}`);
      }
    }
  }
  const partitions = (
    await rows(source, 'SELECT DB_NAME, TABLE_NAME, PARTITION_NAME, PARTITION_ID, DATA_VERSION FROM information_schema.partitions_meta')
  ).map((r) => Object.values(r).join(' '));
  return { catalog: catalog.sort(), partitions: partitions.sort(), transactions: transactions.sort() };
}

/** Two simulators sharing one object store, prepared as the manual asks, in a fresh temp dir. */
export interface Pair {
  dir: string;
  source: SimProcess;
  target: SimProcess;
  stop(): Promise<void>;
}

export interface PairOptions {
  sourceExtra?: string[];
  targetExtra?: string[];
  cnCount?: number;
  /**
   * The source's own compaction (default on, as in StarRocks). It publishes a new VisibleVersion ~100 ms after each
   * load, so whether srsync sees the load's version first (two jobs) or only the compacted one (one job) is a
   * matter of timing: tests that count jobs, or need one job to be the table's last, turn it off.
   */
  sourceCompaction?: boolean;
}

export async function startPair(opts: PairOptions = {}): Promise<Pair> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'srsync-e2e-'));
  const store = path.join(dir, 'object-store');
  const [source, target] = await Promise.all([
    startSim({ name: 'source', objectStore: store, password: 'src-pw', cnCount: opts.cnCount ?? 2, extra: opts.sourceExtra ?? [] }),
    startSim({ name: 'target', objectStore: store, password: 'tgt-pw', cnCount: opts.cnCount ?? 2, extra: opts.targetExtra ?? [] }),
  ]);
  await prepareForMigration(source, target);
  if (opts.sourceCompaction === false) await sql(source, ['ADMIN SET FRONTEND CONFIG ("lake_compaction_max_tasks" = "0")']);
  return {
    dir,
    source,
    target,
    /** Stops both clusters and removes the temp dir (kept when SRSYNC_E2E_KEEP is set, for the logs). */
    async stop() {
      await Promise.all([source.stop(), target.stop()]);
      if (!process.env['SRSYNC_E2E_KEEP']) fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * Waits until the source's compaction has caught up with every load of `dbs` (CompactVersion = VisibleVersion in
 * every partition that holds data), so that no VisibleVersion moves any more: after this, "in sync" stays true.
 * Set the source's lake_compaction_interval_ms_on_success low, or this waits up to that interval (10 s).
 */
export async function waitForQuietSource(source: SimProcess, dbs: string[], timeoutMs = 30_000): Promise<void> {
  const q = (s: string) => `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
  await waitUntil(
    async () => {
      for (const db of dbs) {
        const parts = await rows(source, `SELECT COMPACT_VERSION, VISIBLE_VERSION FROM information_schema.partitions_meta WHERE DB_NAME = ${q(db)}`);
        if (!parts.every((p) => p['VISIBLE_VERSION'] === '1' || p['COMPACT_VERSION'] === p['VISIBLE_VERSION'])) return false;
      }
      return true;
    },
    `the source's compaction of ${dbs.join(', ')} to catch up`,
    timeoutMs,
    100,
  );
}

/** Continuous-mode settings for fast tests (the manual's keys). */
export const CONTINUOUS: Record<string, string> = {
  one_time_run_mode: 'false',
  meta_job_interval_seconds: '2',
  report_interval_seconds: '1',
  replication_job_interval_seconds: '1',
  ddl_job_interval_seconds: '1',
};

const running = new Set<SrsyncProcess>();

/** Writes <dir>/<name>/conf/sync.properties and starts `bin/srsync.js run` with <dir>/<name>/log. */
export function runSrsync(pair: Pair, name: string, overrides: Record<string, string> = {}): SrsyncProcess {
  const conf = path.join(pair.dir, name, 'conf');
  if (!fs.existsSync(path.join(conf, 'sync.properties'))) writeConf(conf, pair.source, pair.target, { ...CONTINUOUS, ...overrides });
  const p = startSrsync(conf, path.join(pair.dir, name, 'log'));
  running.add(p);
  void p.exited.then(() => running.delete(p));
  return p;
}

/** Kills (SIGKILL) every srsync started by runSrsync that is still running: for afterEach after a failed test. */
export async function killAllSrsync(): Promise<void> {
  await Promise.all([...running].map((p) => p.stop('SIGKILL')));
}

/** The last "Sync job progress" and "Sync table progress" lines of a log text. */
export function lastProgress(log: string): { job: string; table: string } {
  const jobs = log.match(/Sync job progress: .*/g) ?? [];
  const tables = log.match(/Sync table progress: .*/g) ?? [];
  return { job: jobs[jobs.length - 1] ?? '', table: tables[tables.length - 1] ?? '' };
}

/** True when the last progress lines say 100 % of jobs and tables, nothing pending, failed or unknown. */
export function progressComplete(log: string): boolean {
  const { job, table } = lastProgress(log);
  return (
    /^Sync job progress: 100\.00%,.* ddlPending: 0, jobPending: 0, sent: 0, running: 0, .*failed: 0, unknown: 0/.test(job) &&
    /^Sync table progress: finishedTableRatio: 100\.00%, expiredTableRatio: 0\.00%/.test(table)
  );
}

/** Runs SQL on the source in a loop (one statement list per round) until stop() is called; counts the rounds. */
export function loadLoop(source: SimProcess, round: (i: number) => string[], gapMs = 150): { stop(): Promise<number> } {
  let stopped = false;
  let i = 0;
  const done = (async () => {
    while (!stopped) {
      await sql(source, round(i++));
      await new Promise((r) => setTimeout(r, gapMs));
    }
    return i;
  })();
  return {
    stop: async () => {
      stopped = true;
      return done;
    },
  };
}

/** A copy of bin/start.sh and bin/stop.sh environment for one install: SRSYNC_LOG_DIR and SRSYNC_PID_FILE under `home`. */
export interface ScriptInstall {
  home: string;
  confDir: string;
  logDir: string;
  pidFile: string;
  start(): { code: number | null; stdout: string; stderr: string };
  stop(args?: string[]): { code: number | null; stdout: string; stderr: string };
  pid(): number | null;
  infoLog(): string;
}

export function scriptInstall(pair: Pair, name: string, overrides: Record<string, string> = {}): ScriptInstall {
  const home = path.join(pair.dir, name);
  const confDir = path.join(home, 'conf');
  const logDir = path.join(home, 'log');
  const pidFile = path.join(home, 'srsync.pid');
  writeConf(confDir, pair.source, pair.target, { ...CONTINUOUS, ...overrides });
  const env = { ...process.env, SRSYNC_LOG_DIR: logDir, SRSYNC_PID_FILE: pidFile };
  const run = (script: string, args: string[]) => {
    const r = spawnSync('bash', [path.join(ROOT, 'bin', script), ...args], { env, encoding: 'utf8', cwd: home, timeout: 40_000 });
    return { code: r.status, stdout: r.stdout, stderr: r.stderr };
  };
  return {
    home,
    confDir,
    logDir,
    pidFile,
    start: () => run('start.sh', ['--conf', confDir]),
    stop: (args = []) => run('stop.sh', ['--timeout', '30', ...args]),
    pid: () => {
      try {
        return Number(fs.readFileSync(pidFile, 'utf8').trim()) || null;
      } catch {
        return null;
      }
    },
    infoLog: () => {
      try {
        return fs.readFileSync(path.join(logDir, 'sync.INFO.log'), 'utf8');
      } catch {
        return '';
      }
    },
  };
}
