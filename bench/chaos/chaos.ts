// The chaos suite (issue 11): srsync between two simulated clusters started with --data-dir, under continuous load
// from a recorded writer (every acknowledged INSERT kept with its rows), while
//   - srsync is killed with SIGKILL at seeded random moments and started again,
//   - either simulated FE is killed with SIGKILL and started again on the same ports and data dir,
//   - every fault the simulator can inject (POST /sim/faults) is applied once,
// and after each of them (writer paused) the target must hold exactly the source's rows: per table COUNT(*),
// partition versions, and a content fingerprint (row count + sum of row hashes, read back through the object store
// as a query does); the source must hold every acknowledged row once. A final one-time run must end with exit 0
// and the same result. Used by test/e2e/chaos.test.ts (a small seeded slice) and bench/chaos/run.ts (`npm run chaos`).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import mysql from 'mysql2/promise';
import { control, converged, progressComplete, waitUntil } from '../../harness/e2e-run.js';
import { runSrsyncOnce } from '../../harness/e2e-catalog.js';
import { rows, sql, startSim, startSrsync, verify, writeConf, type SimProcess, type SrsyncProcess } from '../../harness/sim-pair.js';
import { fingerprint, readTableContent, type ContentRow } from '../../harness/table-content.js';

// ---------------------------------------------------------------- seeded randomness

/** mulberry32: a small deterministic PRNG (uniform in [0, 1)). */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// ---------------------------------------------------------------- faults

export interface FaultStep {
  name: string;
  /** Applies the fault (on the target unless said otherwise); `undo` (if any) runs after `holdMs`. */
  apply(c: Clusters): Promise<void>;
  undo?(c: Clusters): Promise<void>;
  holdMs: number;
}

interface Clusters {
  source: SimProcess;
  target: SimProcess;
}

/** Every control action of sim/cluster.ts and sim/server/faults.ts that injects a fault, once each. */
export const FAULTS: readonly FaultStep[] = [
  {
    name: 'fail_rpcs',
    holdMs: 1500,
    apply: async (c) => void (await control(c.target, 'fail_rpcs', { count: 3, message: 'forward request to fe master failed' })),
  },
  { name: 'delay_rpcs', holdMs: 1500, apply: async (c) => void (await control(c.target, 'delay_rpcs', { count: 2, ms: 3000 })) },
  { name: 'drop_rpcs', holdMs: 1500, apply: async (c) => void (await control(c.target, 'drop_rpcs', { count: 2 })) },
  {
    name: 'abort_replication_jobs',
    holdMs: 300,
    apply: async (c) => {
      await control(c.target, 'set_cn_bandwidth', { bytesPerSec: 64 });
      await waitUntil(
        async () => ((await control(c.target, 'abort_replication_jobs')) as { aborted: number }).aborted > 0,
        'a running job to abort',
        15_000,
        100,
      );
    },
    undo: async (c) => void (await control(c.target, 'set_cn_bandwidth', { bytesPerSec: 0 })),
  },
  { name: 'fail_cn_copies', holdMs: 1500, apply: async (c) => void (await control(c.target, 'fail_cn_copies', { count: 3 })) },
  {
    name: 'close_admission',
    holdMs: 2000,
    apply: async (c) => void (await control(c.target, 'close_admission')),
    undo: async (c) => void (await control(c.target, 'open_admission')),
  },
  {
    name: 'set_latency',
    holdMs: 2000,
    apply: async (c) => void (await control(c.target, 'set_latency', { ddlMs: 300, queryMs: 100, rpcMs: 200 })),
    undo: async (c) => void (await control(c.target, 'set_latency', { ddlMs: 3, queryMs: 1, rpcMs: 2 })),
  },
  {
    name: 'set_cn_bandwidth',
    holdMs: 2000,
    apply: async (c) => void (await control(c.target, 'set_cn_bandwidth', { bytesPerSec: 256 })),
    undo: async (c) => void (await control(c.target, 'set_cn_bandwidth', { bytesPerSec: 0 })),
  },
  { name: 'restart_fe', holdMs: 1500, apply: async (c) => void (await control(c.target, 'restart_fe')) },
  {
    name: 'drop_connections',
    holdMs: 1000,
    apply: async (c) => {
      await control(c.source, 'drop_connections');
      await control(c.target, 'drop_connections');
    },
  },
  { name: 'drop_next_connections', holdMs: 1500, apply: async (c) => void (await control(c.target, 'drop_next_connections', { count: 2 })) },
  {
    name: 'fail_queries',
    holdMs: 1500,
    apply: async (c) => void (await control(c.target, 'fail_queries', { count: 3, code: 1064, message: 'injected failure' })),
  },
  { name: 'delay_queries', holdMs: 1500, apply: async (c) => void (await control(c.target, 'delay_queries', { count: 3, ms: 1500 })) },
];

// ---------------------------------------------------------------- the pair with data dirs

const SRC_PW = 'src-pw';
const TGT_PW = 'tgt-pw';
const DB = 'chaos';

class ChaosPair implements Clusters {
  source!: SimProcess;
  target!: SimProcess;
  constructor(readonly dir: string) {}

  private spec(which: 'source' | 'target', ports?: SimProcess) {
    return {
      name: which,
      objectStore: path.join(this.dir, 'object-store'),
      dataDir: path.join(this.dir, `${which}-fe`),
      password: which === 'source' ? SRC_PW : TGT_PW,
      cnCount: 2,
      ...(ports ? { ports: { query: ports.queryPort, rpc: ports.rpcPort, http: ports.httpPort } } : {}),
    };
  }

  async start(): Promise<void> {
    [this.source, this.target] = await Promise.all([startSim(this.spec('source')), startSim(this.spec('target'))]);
  }

  /** kill -9 of one FE, then `srsync-sim start` again with the same ports and data dir. */
  async killFe(which: 'source' | 'target', downMs: number): Promise<void> {
    const old = this[which];
    await old.stop('SIGKILL');
    await new Promise((r) => setTimeout(r, downMs));
    this[which] = await startSim(this.spec(which, old));
  }

  async stop(): Promise<void> {
    await Promise.all([this.source?.stop(), this.target?.stop()]);
  }
}

/** The manual's preparations, WITH PERSISTENT (what fe.conf would hold: they survive an FE restart). */
async function prepare(p: ChaosPair): Promise<void> {
  await sql(p.source, [
    'ADMIN SET FRONTEND CONFIG ("lake_autovacuum_grace_period_minutes" = "10000000") WITH PERSISTENT',
    'ADMIN SET FRONTEND CONFIG ("lake_compaction_max_tasks" = "0") WITH PERSISTENT',
  ]);
  await sql(p.target, [
    'ADMIN SET FRONTEND CONFIG ("lake_compaction_max_tasks" = "0") WITH PERSISTENT',
    'ADMIN SET FRONTEND CONFIG ("enable_legacy_compatibility_for_replication" = "true") WITH PERSISTENT',
  ]);
  const loc = String((await rows(p.source, 'DESC STORAGE VOLUME builtin_storage_volume'))[0]!['Location']).split(', ')[0];
  await sql(p.target, [
    `CREATE STORAGE VOLUME src_builtin_storage_volume TYPE = S3 LOCATIONS = ("${loc}") PROPERTIES ("enabled" = "true", "aws.s3.region" = "us-east-1", "aws.s3.endpoint" = "http://127.0.0.1", "aws.s3.use_aws_sdk_default_behavior" = "false", "aws.s3.use_instance_profile" = "false", "aws.s3.access_key" = "ak", "aws.s3.secret_key" = "sk", "aws.s3.enable_partitioned_prefix" = "false")`,
  ]);
}

// ---------------------------------------------------------------- the recorded writer

/** INSERTs into the source's tables until stopped; every acknowledged row recorded, unanswered ones kept apart. */
class RecordedWriter {
  /** id → table, for rows whose INSERT was acknowledged. */
  readonly acked = new Map<number, string>();
  /** Rows of INSERTs that got no answer (FE killed, connection dropped): may or may not be there, never twice. */
  readonly uncertain = new Map<number, string>();
  inserts = 0;
  failures = 0;
  private nextId = 1;
  private paused = true;
  private stopped = false;
  private done: Promise<void> | null = null;
  private conn: mysql.Connection | null = null;
  private inFlight = false;
  private readonly ackWaiters: Array<() => void> = [];

  constructor(
    private readonly pair: ChaosPair,
    private readonly tables: string[],
    private readonly random: () => number,
    private readonly rowsPerInsert = 4,
    private readonly gapMs = 60,
  ) {}

  start(): void {
    this.paused = false;
    this.done = this.loop();
  }

  private async connection(): Promise<mysql.Connection> {
    if (this.conn) return this.conn;
    const c = await mysql.createConnection({
      host: '127.0.0.1',
      port: this.pair.source.queryPort,
      user: 'root',
      password: SRC_PW,
      connectTimeout: 2000,
    });
    c.on('error', () => {
      if (this.conn === c) this.conn = null;
    });
    this.conn = c;
    return c;
  }

  private async loop(): Promise<void> {
    const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
    while (!this.stopped) {
      if (this.paused) {
        await sleep(20);
        continue;
      }
      this.inFlight = true;
      try {
        await this.insertOnce();
      } finally {
        this.inFlight = false;
      }
      await sleep(this.gapMs);
    }
  }

  private async insertOnce(): Promise<void> {
    let conn: mysql.Connection;
    try {
      conn = await this.connection();
    } catch {
      await new Promise((r) => setTimeout(r, 100)); // the FE is down: nothing was sent
      return;
    }
    const table = this.tables[Math.floor(this.random() * this.tables.length)]!;
    const ids = Array.from({ length: this.rowsPerInsert }, () => this.nextId++);
    const values = ids.map((id) => `(${id}, 's-${id}', ${id % 97})`).join(', ');
    try {
      await conn.query(`INSERT INTO ${DB}.${table} VALUES ${values}`);
      for (const id of ids) this.acked.set(id, table);
      this.inserts++;
      for (const w of this.ackWaiters.splice(0)) w();
    } catch {
      this.failures++;
      for (const id of ids) this.uncertain.set(id, table);
      conn.destroy();
      if (this.conn === conn) this.conn = null;
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  /** Resolves right when the next INSERT is acknowledged (before the writer sends anything else). */
  nextAck(): Promise<void> {
    return new Promise((r) => this.ackWaiters.push(r));
  }

  /** Stops writing; resolves once the INSERT in flight (if any) has its answer. */
  async pause(): Promise<void> {
    this.paused = true;
    while (this.inFlight) await new Promise((r) => setTimeout(r, 10));
  }

  resume(): void {
    this.paused = false;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await this.done;
    this.conn?.destroy();
  }
}

// ---------------------------------------------------------------- checks

export interface ContentCheck {
  /** Acknowledged rows missing from the source (`source:<id>`), source rows missing from the target (`target:<row>`). */
  lost: Set<string>;
  /** A source id present more than once, target rows beyond the source's. */
  duplicated: Set<string>;
  /** Source rows that no INSERT wrote (should be none). */
  foreign: Set<string>;
  rowsChecked: number;
  details: string[];
}

const idOf = (r: ContentRow) => Number(r['id']);
const rowKey = (r: ContentRow) =>
  JSON.stringify(
    Object.keys(r)
      .sort()
      .map((c) => [c, r[c]]),
  );

function multiset(rows: ContentRow[]): Map<string, number> {
  const m = new Map<string, number>();
  for (const r of rows) m.set(rowKey(r), (m.get(rowKey(r)) ?? 0) + 1);
  return m;
}

/** Source against the writer's record, target against the source: by row, COUNT(*) and fingerprint. */
async function checkContent(p: ChaosPair, w: RecordedWriter, tables: string[]): Promise<ContentCheck> {
  const out: ContentCheck = { lost: new Set(), duplicated: new Set(), foreign: new Set(), rowsChecked: 0, details: [] };
  const store = path.join(p.dir, 'object-store');
  for (const t of tables) {
    const [src, tgt] = await Promise.all([readTableContent(p.source, store, DB, t), readTableContent(p.target, store, DB, t)]);
    out.rowsChecked += src.rows.length;
    const seen = new Map<number, number>();
    for (const r of src.rows) seen.set(idOf(r), (seen.get(idOf(r)) ?? 0) + 1);
    for (const [id, n] of seen) {
      for (let i = 1; i < n; i++) out.duplicated.add(`source:${id}#${i}`);
      if ((w.acked.get(id) ?? w.uncertain.get(id)) !== t) out.foreign.add(`source:${t}:${id}`);
    }
    for (const [id, table] of w.acked) if (table === t && !seen.has(id)) out.lost.add(`source:${id}`);
    const sm = multiset(src.rows);
    const tm = multiset(tgt.rows);
    for (const [k, n] of sm) {
      const m = tm.get(k) ?? 0;
      for (let i = m; i < n; i++) out.lost.add(`target:${t}:${k}#${i}`);
    }
    for (const [k, m] of tm) for (let i = sm.get(k) ?? 0; i < m; i++) out.duplicated.add(`target:${t}:${k}#${i}`);
    const [fs1, fs2] = [fingerprint(src.rows), fingerprint(tgt.rows)];
    const [c1, c2] = await Promise.all([count(p.source, t), count(p.target, t)]);
    if (fs1.hash !== fs2.hash || fs1.count !== fs2.count || c1 !== c2 || c1 !== src.rows.length) {
      out.details.push(`${t}: source ${c1} rows (${fs1.hash}), target ${c2} rows (${fs2.hash})`);
    }
  }
  return out;
}

async function count(sim: SimProcess, table: string): Promise<number> {
  return Number(Object.values((await rows(sim, `SELECT COUNT(*) FROM ${DB}.${table}`))[0] ?? {})[0] ?? -1);
}

// ---------------------------------------------------------------- the run

export interface ChaosOptions {
  seed: number;
  /** srsync kills (SIGKILL at a seeded moment, then started again). */
  kills: number;
  /** Simulated FE kills, in order. */
  feKills: Array<'source' | 'target'>;
  /** Fault names from FAULTS (default: all). */
  faults?: string[];
  tables?: number;
  /** A kill lands between minMs and maxMs after srsync's start (seeded). */
  killWindowMs?: [number, number];
  /** Check convergence after every `checkEvery` kills (and after each FE kill and fault). */
  checkEvery?: number;
  convergeTimeoutMs?: number;
  log?: (line: string) => void;
  /** Keep the working directory (logs, data dirs). */
  keep?: boolean;
}

export interface ChaosFigures {
  seed: number;
  kills: number;
  feKills: number;
  faults: number;
  faultsSurvived: number;
  checks: number;
  checksClean: number;
  rowsWritten: number;
  rowsUncertain: number;
  rowsChecked: number;
  /** Distinct rows found lost / duplicated / written by nobody, over every check of the run. */
  rowsLost: number;
  rowsDuplicated: number;
  rowsForeign: number;
  finalRunExit: number | null;
  seconds: number;
  failures: string[];
  dir: string;
}

export function clean(f: ChaosFigures): boolean {
  return (
    f.failures.length === 0 &&
    f.rowsLost === 0 &&
    f.rowsDuplicated === 0 &&
    f.rowsForeign === 0 &&
    f.faultsSurvived === f.faults &&
    f.finalRunExit === 0 &&
    f.checks === f.checksClean
  );
}

export async function runChaos(o: ChaosOptions): Promise<ChaosFigures> {
  const t0 = Date.now();
  const log = o.log ?? (() => {});
  const random = rng(o.seed);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'srsync-chaos-'));
  const tables = Array.from({ length: o.tables ?? 3 }, (_, i) => `t${i}`);
  const faults = FAULTS.filter((f) => !o.faults || o.faults.includes(f.name));
  const [minMs, maxMs] = o.killWindowMs ?? [300, 2500];
  const checkEvery = o.checkEvery ?? 1;
  const convergeTimeoutMs = o.convergeTimeoutMs ?? 60_000;
  const figures: ChaosFigures = {
    seed: o.seed,
    kills: 0,
    feKills: 0,
    faults: faults.length,
    faultsSurvived: 0,
    checks: 0,
    checksClean: 0,
    rowsWritten: 0,
    rowsUncertain: 0,
    rowsChecked: 0,
    rowsLost: 0,
    rowsDuplicated: 0,
    rowsForeign: 0,
    finalRunExit: null,
    seconds: 0,
    failures: [],
    dir,
  };
  const lost = new Set<string>();
  const duplicated = new Set<string>();
  const foreign = new Set<string>();
  /** Adds a check's findings (distinct rows over the whole run); true when it found nothing. */
  const record = (c: ContentCheck): boolean => {
    figures.rowsChecked = c.rowsChecked;
    for (const k of c.lost) lost.add(k);
    for (const k of c.duplicated) duplicated.add(k);
    for (const k of c.foreign) foreign.add(k);
    figures.rowsLost = lost.size;
    figures.rowsDuplicated = duplicated.size;
    figures.rowsForeign = foreign.size;
    return c.lost.size + c.duplicated.size + c.foreign.size === 0 && c.details.length === 0;
  };
  const summary = (c: ContentCheck) =>
    `lost ${c.lost.size}, duplicated ${c.duplicated.size}, foreign ${c.foreign.size}${c.details.length ? `; ${c.details.join('; ')}` : ''}`;
  const pair = new ChaosPair(dir);
  const confDir = path.join(dir, 'srsync', 'conf');
  const logDir = path.join(dir, 'srsync', 'log');
  let srsync: SrsyncProcess | null = null;
  let writer: RecordedWriter | null = null;
  const startSrsyncNow = () => (srsync = startSrsync(confDir, logDir));

  /** Pauses the writer, waits for versions and counts to match, compares content, resumes. */
  const check = async (what: string): Promise<boolean> => {
    figures.checks++;
    await writer!.pause();
    try {
      if (srsync && srsync.child.exitCode !== null) {
        figures.failures.push(`${what}: srsync exited by itself with code ${srsync.child.exitCode}`);
        startSrsyncNow();
      }
      await waitUntil(async () => converged(await verify(pair.source, pair.target, [DB])), `convergence after ${what}`, convergeTimeoutMs, 300);
      const c = await checkContent(pair, writer!, tables);
      const ok = record(c);
      if (ok) figures.checksClean++;
      else figures.failures.push(`${what}: ${summary(c)}`);
      log(`  check after ${what}: ${ok ? 'clean' : 'NOT CLEAN'} (${c.rowsChecked} rows on the source)`);
      return ok;
    } catch (e) {
      figures.failures.push(`${what}: ${(e as Error).message}`);
      log(`  check after ${what}: FAILED: ${(e as Error).message}`);
      return false;
    } finally {
      writer!.resume();
    }
  };

  try {
    await pair.start();
    await prepare(pair);
    await sql(pair.source, [
      `CREATE DATABASE ${DB}`,
      ...tables.map((t) => `CREATE TABLE ${DB}.${t} (id BIGINT NOT NULL, s VARCHAR(40), v INT) DUPLICATE KEY(id) DISTRIBUTED BY HASH(id) BUCKETS 2`),
    ]);
    writeConf(confDir, pair.source, pair.target, {
      one_time_run_mode: 'false',
      meta_job_interval_seconds: '2',
      report_interval_seconds: '1',
      replication_job_interval_seconds: '1',
      ddl_job_interval_seconds: '1',
      include_data_list: DB,
    });
    writer = new RecordedWriter(pair, tables, random);
    writer.start();
    startSrsyncNow();
    log(`chaos: seed ${o.seed}, ${o.kills} srsync kills, FE kills [${o.feKills.join(', ')}], ${faults.length} faults, dir ${dir}`);

    for (let k = 1; k <= o.kills; k++) {
      const at = Math.round(minMs + random() * (maxMs - minMs));
      await new Promise((r) => setTimeout(r, at));
      await srsync!.stop('SIGKILL');
      figures.kills++;
      startSrsyncNow();
      log(`kill ${k}/${o.kills}: srsync killed ${at} ms after its start (${writer.acked.size} rows acknowledged so far)`);
      if (k % checkEvery === 0 || k === o.kills) await check(`srsync kill ${k}`);
    }

    for (const which of o.feKills) {
      // Mid-migration: let srsync have jobs in flight (the writer keeps loading), then kill the FE.
      // The source FE dies right after acknowledging an INSERT (the writer's record must still hold there).
      await new Promise((r) => setTimeout(r, Math.round(500 + random() * 1500)));
      if (which === 'source') await writer.nextAck();
      await pair.killFe(which, 300);
      figures.feKills++;
      log(
        `FE kill: ${which} FE killed with SIGKILL${which === 'source' ? ' right after an acknowledged INSERT' : ''}, started again on the same ports`,
      );
      await check(`${which} FE kill`);
    }

    for (const f of faults) {
      await new Promise((r) => setTimeout(r, 300));
      try {
        await f.apply(pair);
        await new Promise((r) => setTimeout(r, f.holdMs));
        if (f.undo) await waitUntil(async () => (await f.undo!(pair), true), `undo ${f.name}`, 15_000, 200);
      } catch (e) {
        figures.failures.push(`fault ${f.name}: ${(e as Error).message}`);
      }
      if (await check(`fault ${f.name}`)) figures.faultsSurvived++;
      log(`fault ${f.name}: applied once`);
    }

    // The end: writer stopped, srsync killed one last time, then a one-time run to its end.
    await writer.stop();
    await srsync!.stop('SIGKILL');
    srsync = null;
    const onceConf = path.join(dir, 'srsync-once', 'conf');
    writeConf(onceConf, pair.source, pair.target, { one_time_run_mode: 'true', include_data_list: DB, report_interval_seconds: '1' });
    const once = await runSrsyncOnce(onceConf, path.join(dir, 'srsync-once', 'log'), 120_000);
    figures.finalRunExit = once.code;
    if (once.code !== 0) figures.failures.push(`final one-time run exited ${once.code}`);
    else if (!progressComplete(once.info)) figures.failures.push('final one-time run: last progress lines not at 100 %');
    log(`final one-time run: exit ${once.code}`);
    figures.checks++;
    const checks = await verify(pair.source, pair.target, [DB]);
    if (!converged(checks)) figures.failures.push(`after the final run: not in sync ${JSON.stringify(checks)}`);
    const c = await checkContent(pair, writer, tables);
    if (record(c) && converged(checks)) figures.checksClean++;
    else figures.failures.push(`final: ${summary(c)}`);
    figures.rowsWritten = writer.acked.size;
    figures.rowsUncertain = writer.uncertain.size;
  } catch (e) {
    figures.failures.push(`run: ${(e as Error).stack ?? (e as Error).message}`);
  } finally {
    if (writer) {
      figures.rowsWritten = writer.acked.size;
      figures.rowsUncertain = writer.uncertain.size;
      await writer.stop().catch(() => {});
    }
    await (srsync as SrsyncProcess | null)?.stop('SIGKILL');
    await pair.stop().catch(() => {});
    figures.seconds = (Date.now() - t0) / 1000;
    if (!o.keep && clean(figures)) fs.rmSync(dir, { recursive: true, force: true });
  }
  return figures;
}

export function formatFigures(f: ChaosFigures): string {
  const verdict = (n: number) => (n === 0 ? '0 (clean)' : `${n} (NOT CLEAN)`);
  return [
    `chaos figures (seed ${f.seed}, ${f.seconds.toFixed(1)} s)`,
    `  srsync kills (SIGKILL):     ${f.kills}`,
    `  FE kills (SIGKILL):         ${f.feKills}`,
    `  faults survived:            ${f.faultsSurvived}/${f.faults}`,
    `  convergence checks clean:   ${f.checksClean}/${f.checks}`,
    `  rows written (acknowledged): ${f.rowsWritten} (+${f.rowsUncertain} unanswered, may or may not exist)`,
    `  rows on the source at the end: ${f.rowsChecked}`,
    `  rows lost:                  ${verdict(f.rowsLost)}`,
    `  rows duplicated:            ${verdict(f.rowsDuplicated)}`,
    `  rows nobody wrote:          ${verdict(f.rowsForeign)}`,
    `  final one-time run exit:    ${f.finalRunExit}`,
    ...(f.failures.length ? ['  failures:', ...f.failures.map((x) => `    - ${x}`), `  (work dir kept: ${f.dir})`] : ['  verdict: CLEAN']),
  ].join('\n');
}
