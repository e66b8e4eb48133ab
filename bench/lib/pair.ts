// The benchmark's clusters and srsync runs: real `srsync-sim` processes (harness startSim) with the chosen
// latencies, srsync as a real child process (harness startSrsync) with the DEFAULT configuration.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import mysql from 'mysql2/promise';
import { prepareForMigration, startSim, startSrsync, writeConf, type SimProcess, type SrsyncProcess } from '../../harness/sim-pair.js';
import { control } from '../../harness/e2e-run.js';

/** Per-statement latencies of both simulated FEs (ms) and the per-CN copy bandwidth. */
export const LATENCY = { ddlMs: 20, queryMs: 2, rpcMs: 5 } as const;
export const CN_BANDWIDTH = '100M';

export const SIM_FLAGS = [
  '--ddl-latency-ms',
  String(LATENCY.ddlMs),
  '--query-latency-ms',
  String(LATENCY.queryMs),
  '--rpc-latency-ms',
  String(LATENCY.rpcMs),
  '--cn-bandwidth',
  CN_BANDWIDTH,
];

/**
 * The only sync.properties keys the benchmark sets: where the clusters are, the run mode and how often progress
 * is logged. Everything that bounds the schedule (meta/ddl/replication intervals and batch sizes, threads) keeps
 * its default, so srsync cannot win by configuration.
 */
export const ALLOWED_KEYS = new Set([
  'source_fe_host',
  'source_fe_query_port',
  'source_cluster_user',
  'source_cluster_password',
  'target_fe_host',
  'target_fe_query_port',
  'target_cluster_user',
  'target_cluster_password',
  'one_time_run_mode',
  'report_interval_seconds',
]);

/** What is still to be cleaned up, for a bench interrupted by SIGINT/SIGTERM (see cleanUpOnSignal). */
const live = new Set<{ dispose(): unknown }>();

/** On SIGINT/SIGTERM: stop every process and remove every scratch dir still registered, then exit 130/143. */
export function cleanUpOnSignal(): void {
  const handler = (signal: NodeJS.Signals) => {
    process.stderr.write(`bench: ${signal}, cleaning up\n`);
    void (async () => {
      // Processes first (Resources), then the directories they were using.
      const all = [...live].reverse();
      for (const x of [...all.filter((x) => x instanceof Resources), ...all.filter((x) => !(x instanceof Resources))]) {
        await Promise.resolve(x.dispose()).catch(() => undefined);
      }
      process.exit(signal === 'SIGINT' ? 130 : 143);
    })();
  };
  process.once('SIGINT', handler);
  process.once('SIGTERM', handler);
}

/**
 * Where scratch directories (the simulated object stores, the sims' images, srsync's logs) live: BENCH_TMPDIR, else
 * /dev/shm when it is a writable directory, else the OS temp directory. The simulated object store is a local
 * directory standing in for S3: on a disk file system each new directory or file costs the simulated CNs about
 * 0.5 ms of kernel CPU on this VM (and swings with other disk activity), a cost real object storage does not put on
 * a CN's CPU; tmpfs keeps that artifact out of the figures.
 */
export function scratchRoot(): string {
  const env = process.env['BENCH_TMPDIR'];
  if (env) return env;
  try {
    fs.accessSync('/dev/shm', fs.constants.W_OK);
    if (fs.statSync('/dev/shm').isDirectory()) return '/dev/shm';
  } catch {
    // no tmpfs: the OS temp directory
  }
  return os.tmpdir();
}

/** A scratch directory removed by `dispose()`. */
export class ScratchDir {
  readonly path: string;
  constructor(prefix: string) {
    this.path = fs.mkdtempSync(path.join(scratchRoot(), prefix));
    live.add(this);
  }
  sub(name: string): string {
    return path.join(this.path, name);
  }
  /** Removes the directory (kept, and named on stderr, when BENCH_KEEP=1: for reading srsync's log). */
  dispose(): void {
    live.delete(this);
    if (process.env['BENCH_KEEP'] === '1') {
      process.stderr.write(`bench: kept ${this.path}\n`);
      return;
    }
    fs.rmSync(this.path, { recursive: true, force: true });
  }
}

/** Everything a scenario starts, stopped in reverse order by `dispose()` (also after a failure). */
export class Resources {
  private readonly stops: Array<() => Promise<unknown> | unknown> = [];
  constructor() {
    live.add(this);
  }
  add(stop: () => Promise<unknown> | unknown): void {
    this.stops.push(stop);
  }
  async dispose(): Promise<void> {
    live.delete(this);
    for (const stop of this.stops.reverse()) {
      try {
        await stop();
      } catch (e) {
        process.stderr.write(`bench: cleanup step failed: ${(e as Error).message}\n`);
      }
    }
    this.stops.length = 0;
  }
}

export async function startBenchSim(res: Resources, name: string, objectStore: string, password: string): Promise<SimProcess> {
  const sim = await startSim({ name, objectStore, password, extra: SIM_FLAGS });
  res.add(() => sim.stop());
  return sim;
}

export async function startBenchPair(res: Resources, dir: ScratchDir): Promise<{ source: SimProcess; target: SimProcess }> {
  const store = dir.sub('object-store');
  const [source, target] = await Promise.all([startBenchSim(res, 'source', store, 'source-pw'), startBenchSim(res, 'target', store, 'target-pw')]);
  return { source, target };
}

/** POST /sim/faults {action, ...params}: the simulator's control actions (generate_catalog, set_latency, ...); the result. */
export { control };

/** Runs `f` with the sim's latencies at 0 (fixture loading is not measured), then restores the bench latencies. */
export async function withoutLatency<T>(sim: SimProcess, f: () => Promise<T>): Promise<T> {
  await control(sim, 'set_latency', { ddlMs: 0, queryMs: 0, rpcMs: 0 });
  try {
    return await f();
  } finally {
    await control(sim, 'set_latency', { ...LATENCY });
  }
}

export { prepareForMigration };

/** Writes conf/sync.properties with the default configuration (plus run mode and report interval only). */
export function defaultConf(
  dir: string,
  source: SimProcess,
  target: SimProcess,
  o: { oneTime: boolean; reportS: number; /** Steering keys (the "steering costs nothing" scenario only). */ steering?: Record<string, string> },
): string {
  const overrides = { one_time_run_mode: String(o.oneTime), report_interval_seconds: String(o.reportS), ...o.steering };
  writeConf(dir, source, target, overrides);
  const keys = fs
    .readFileSync(path.join(dir, 'sync.properties'), 'utf8')
    .split('\n')
    .filter((l) => l.includes('='))
    .map((l) => l.slice(0, l.indexOf('=')).trim());
  const extra = keys.filter((k) => !ALLOWED_KEYS.has(k) && !(o.steering && k in o.steering));
  if (extra.length > 0) throw new Error(`bench conf sets non-default keys: ${extra.join(', ')}`);
  return dir;
}

export function startBenchSrsync(res: Resources, conf: string, logDir: string): SrsyncProcess {
  const run = startSrsync(conf, logDir);
  res.add(() => run.stop());
  return run;
}

/** One persistent MySQL connection for frequent polling (the harness opens one per call). */
export class Conn {
  private constructor(private readonly c: mysql.Connection) {}

  static async open(res: Resources, sim: SimProcess): Promise<Conn> {
    const c = await mysql.createConnection({
      host: '127.0.0.1',
      port: sim.queryPort,
      user: 'root',
      password: sim.password,
      supportBigNumbers: true,
      bigNumberStrings: true,
      dateStrings: true,
    });
    const conn = new Conn(c);
    res.add(() => conn.close());
    return conn;
  }

  async rows(sql: string): Promise<Array<Record<string, string | null>>> {
    const [r] = await this.c.query(sql);
    return (Array.isArray(r) ? r : []) as Array<Record<string, string | null>>;
  }

  async exec(sql: string): Promise<void> {
    await this.c.query(sql);
  }

  async close(): Promise<void> {
    await this.c.end().catch(() => this.c.destroy());
  }
}

/** Runs `f` over `items` with at most `n` at once. */
export async function inParallel<T>(n: number, items: readonly T[], f: (x: T, i: number) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      await f(items[i]!, i);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(n, items.length)) }, worker));
}

/** A repeating sampler that never overlaps itself; `stop()` waits for the sample in progress. */
export function every(ms: number, f: () => Promise<void>): { stop(): Promise<void> } {
  let stopped = false;
  let running: Promise<void> = Promise.resolve();
  let timer: NodeJS.Timeout | undefined;
  const tick = () => {
    running = f()
      .catch((e: unknown) => {
        process.stderr.write(`bench: sampler: ${(e as Error).message}\n`);
      })
      .finally(() => {
        if (!stopped) timer = setTimeout(tick, ms);
      });
  };
  tick();
  return {
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
  };
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export const q = (s: string) => `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;

/** CPU seconds (user + system) a process has used so far, from /proc/<pid>/stat; null when unreadable. */
export function cpuSeconds(pid: number | undefined): number | null {
  if (pid === undefined) return null;
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // fields[0] is field 3 (state); utime and stime are fields 14 and 15; USER_HZ is 100 on Linux.
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return null;
  }
}

/** Peak resident set size (VmHWM) of a process so far, MB; null when unreadable. */
export function peakRssMb(pid: number | undefined): number | null {
  if (pid === undefined) return null;
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Math.round(Number(m[1]) / 1024) : null;
  } catch {
    return null;
  }
}

/**
 * CPU used by each named process during a measured interval (sampled every 250 ms, so a process that exits
 * keeps its last reading), and by the bench process itself. Shows which process a figure is bound by.
 */
export class CpuMeter {
  private readonly first = new Map<string, number>();
  private readonly last = new Map<string, number>();
  private readonly peak = new Map<string, number>();
  private readonly t0 = Date.now();
  private readonly bench0 = process.cpuUsage();
  private readonly sampler: { stop(): Promise<void> };
  private readonly procs: Record<string, number | undefined>;

  constructor(procs: Record<string, number | undefined>) {
    this.procs = procs;
    this.sampler = every(250, async () => this.sample());
  }

  private sample(): void {
    for (const [name, pid] of Object.entries(this.procs)) {
      const s = cpuSeconds(pid);
      if (s === null) continue;
      if (!this.first.has(name)) this.first.set(name, s);
      this.last.set(name, s);
      const p = peakRssMb(pid);
      if (p !== null) this.peak.set(name, p);
    }
  }

  /** CPU seconds per process over the interval, the wall seconds, and each process's peak RSS (MB, VmHWM). */
  async stop(): Promise<{ wallS: number; cpuS: Record<string, number>; peakRssMb: Record<string, number> }> {
    this.sample();
    await this.sampler.stop();
    const cpuS: Record<string, number> = {};
    for (const [name, a] of this.first) cpuS[name] = Math.round(((this.last.get(name) ?? a) - a) * 10) / 10;
    const b = process.cpuUsage(this.bench0);
    cpuS['bench'] = Math.round((b.user + b.system) / 1e5) / 10;
    return { wallS: (Date.now() - this.t0) / 1000, cpuS, peakRssMb: Object.fromEntries(this.peak) };
  }
}

export type CpuReport = Awaited<ReturnType<CpuMeter['stop']>>;

export function formatCpu(c: CpuReport): string {
  const parts = Object.entries(c.cpuS).map(([n, s]) => `${n} ${s.toFixed(1)} s (${Math.round((s / c.wallS) * 100)} % of a core)`);
  const rss = Object.entries(c.peakRssMb).map(([n, mb]) => `${n} ${mb} MB`);
  return `CPU over ${c.wallS.toFixed(1)} s wall: ${parts.join(', ')}; ${os.cpus().length} cores. Peak RSS: ${rss.join(', ')}`;
}
