// (4) Lag under a continuous load: srsync in continuous mode (one_time_run_mode=false); a loader INSERTs into a
// random table every ~interval; each load's publish time (the INSERT returned) is compared with the first target
// sample in which that partition's DATA_VERSION reached the load's version.
// `lag` runs it on a small catalog made by SQL; `measureLag` is also used on the big generated catalog of (2).
import type { SimProcess, SrsyncProcess } from '../../harness/sim-pair.js';
import {
  Conn,
  control,
  CpuMeter,
  defaultConf,
  every,
  formatCpu,
  type CpuReport,
  inParallel,
  prepareForMigration,
  q,
  Resources,
  ScratchDir,
  sleep,
  startBenchSrsync,
  withoutLatency,
} from '../lib/pair.js';
import { startWarmPair } from '../lib/warm-pair.js';
import { fmtS, percentile } from '../lib/stats.js';
import { goalRow, type GoalRow } from '../lib/goals.js';
import { parseLog, type LogEvent } from '../lib/srsync-log.js';

export interface LagResult {
  /** Tables in the catalog srsync follows, and how many of them the loader writes to. */
  catalogTables: number;
  loadedTables: number;
  loads: number;
  /** Loads that became visible on the target before the deadline. */
  seen: number;
  p50S: number;
  p95S: number;
  maxS: number;
  /** Seconds from srsync's start until the catalog was in sync (the load starts then). */
  initialSyncS: number;
  /** Target job durations (first seen in SHOW PROC '/replications' → first seen COMMITTED), s. */
  jobP50S: number;
  jobsObserved: number;
  exitCode: number | null;
  /** CPU seconds per process while loading and draining. */
  cpu: CpuReport;
  /**
   * Where the lag goes, from srsync's log: publish → srsync's next "Replication job … sent for <table>" (noticing
   * the version and building the job), and that send → visible on the target (the job on the target plus the
   * bench's ~100 ms sampling). Over the seen loads that have such a send; p50/p95 by nearest rank.
   */
  split?: LagSplit;
}

export interface LagSplit {
  n: number;
  toSentP50S: number;
  toSentP95S: number;
  sentToVisibleP50S: number;
  sentToVisibleP95S: number;
}

/** Matches each load to the first job srsync sent for its table at or after its publish (pure). */
export function lagSplit(
  loads: ReadonlyArray<{ db: string; table: string; publishedAt: number; visibleAt?: number }>,
  events: readonly LogEvent[],
): LagSplit {
  const sends = new Map<string, number[]>();
  for (const e of events) {
    const m = /^Replication job \S+ sent for (.+?): /.exec(e.text);
    if (!m) continue;
    const list = sends.get(m[1]!) ?? [];
    list.push(e.at);
    sends.set(m[1]!, list);
  }
  const toSent: number[] = [];
  const after: number[] = [];
  for (const l of loads) {
    if (l.visibleAt === undefined) continue;
    const at = sends.get(`${l.db}.${l.table}`)?.find((t) => t >= l.publishedAt);
    if (at === undefined || at > l.visibleAt) continue;
    toSent.push((at - l.publishedAt) / 1000);
    after.push((l.visibleAt - at) / 1000);
  }
  return {
    n: toSent.length,
    toSentP50S: percentile(toSent, 0.5),
    toSentP95S: percentile(toSent, 0.95),
    sentToVisibleP50S: percentile(after, 0.5),
    sentToVisibleP95S: percentile(after, 0.95),
  };
}

/** A table the loader writes to: one partition, and the VALUES tuple of the i-th load. */
export interface LoadTarget {
  db: string;
  table: string;
  values(i: number): string;
}

interface Load {
  target: LoadTarget;
  partition: string;
  version: number;
  publishedAt: number;
  visibleAt?: number;
}

type Versions = Map<string, number>; // db \0 table \0 partition → version

async function versions(c: Conn, dbs: string[], col: 'VISIBLE_VERSION' | 'DATA_VERSION'): Promise<Versions> {
  const rows = await c.rows(
    `SELECT DB_NAME, TABLE_NAME, PARTITION_NAME, ${col} AS V FROM information_schema.partitions_meta WHERE DB_NAME IN (${dbs.map(q).join(', ')})`,
  );
  return new Map(rows.map((r) => [`${r['DB_NAME']}\u0000${r['TABLE_NAME']}\u0000${r['PARTITION_NAME']}`, Number(r['V'])]));
}

/** Waits until every partition of `dbs` on the target has the source's version (srsync running). */
export async function waitInSync(
  source: SimProcess,
  target: SimProcess,
  run: SrsyncProcess,
  dbs: string[],
  timeoutMs: number,
  res: Resources,
): Promise<void> {
  const src = await Conn.open(res, source);
  const tgt = await Conn.open(res, target);
  const started = Date.now();
  const want = await versions(src, dbs, 'VISIBLE_VERSION');
  for (;;) {
    if (run.child.exitCode !== null)
      throw new Error(`srsync exited (${run.child.exitCode}) before the catalog was in sync: ${run.warnLog().slice(-500)}`);
    const t = await versions(tgt, dbs, 'DATA_VERSION');
    if ([...want].every(([k, v]) => (t.get(k) ?? -1) >= v)) break;
    if (Date.now() - started > timeoutMs) throw new Error(`catalog not in sync after ${timeoutMs / 1000} s`);
    await sleep(250);
  }
  await Promise.all([src.close(), tgt.close()]);
}

/**
 * Loads into random `targets` every ~intervalMs for durationMs (srsync running in continuous mode), then waits up
 * to drainMs for the last loads to show on the target. Returns the lags (s) and the observed target job durations.
 */
export async function measureLag(
  res: Resources,
  source: SimProcess,
  target: SimProcess,
  run: SrsyncProcess,
  targets: LoadTarget[],
  o: { durationMs: number; intervalMs: number; drainMs: number },
): Promise<{ lags: number[]; loads: number; jobs: number[]; cpu: CpuReport; split: LagSplit }> {
  const src = await Conn.open(res, source);
  const tgt = await Conn.open(res, target);
  const dbs = [...new Set(targets.map((t) => t.db))];
  const cpuMeter = new CpuMeter({ srsync: run.child.pid, source: source.child.pid, target: target.child.pid });
  const loads: Load[] = [];
  const firstSeen = new Map<string, number>();
  const committedSeen = new Map<string, number>();
  const watcher = every(100, async () => {
    const t = await versions(tgt, dbs, 'DATA_VERSION');
    const now = Date.now();
    for (const l of loads)
      if (l.visibleAt === undefined && (t.get(`${l.target.db}\u0000${l.target.table}\u0000${l.partition}`) ?? -1) >= l.version) l.visibleAt = now;
    for (const r of await tgt.rows("SHOW PROC '/replications'")) {
      const id = String(r['JobID']);
      if (!firstSeen.has(id)) firstSeen.set(id, now);
      if (r['State'] === 'COMMITTED' && !committedSeen.has(id)) committedSeen.set(id, now);
    }
  });

  const loadEnd = Date.now() + o.durationMs;
  let i = 0;
  while (Date.now() < loadEnd) {
    if (run.child.exitCode !== null) throw new Error(`srsync exited (${run.child.exitCode}) during the load: ${run.warnLog().slice(-500)}`);
    const started = Date.now();
    const t = targets[Math.floor(Math.random() * targets.length)]!;
    await src.exec(`INSERT INTO \`${t.db}\`.\`${t.table}\` VALUES ${t.values(++i)}`);
    const publishedAt = Date.now();
    // The loader is the only writer, so the partition's visible version right after the INSERT is this load's.
    const row = (
      await src.rows(
        `SELECT PARTITION_NAME, VISIBLE_VERSION FROM information_schema.partitions_meta WHERE DB_NAME = ${q(t.db)} AND TABLE_NAME = ${q(t.table)}`,
      )
    )[0];
    loads.push({ target: t, partition: String(row?.['PARTITION_NAME']), version: Number(row?.['VISIBLE_VERSION']), publishedAt });
    await sleep(Math.max(0, o.intervalMs - (Date.now() - started)));
  }
  const drainUntil = Date.now() + o.drainMs;
  while (loads.some((l) => l.visibleAt === undefined) && Date.now() < drainUntil) await sleep(200);
  await watcher.stop();
  const cpu = await cpuMeter.stop();
  await Promise.all([src.close(), tgt.close()]);
  const jobs: number[] = [];
  for (const [id, at] of committedSeen) if (at > firstSeen.get(id)!) jobs.push((at - firstSeen.get(id)!) / 1000);
  const split = lagSplit(
    loads.map((l) => ({
      db: l.target.db,
      table: l.target.table,
      publishedAt: l.publishedAt,
      ...(l.visibleAt !== undefined ? { visibleAt: l.visibleAt } : {}),
    })),
    parseLog(run.infoLog()),
  );
  return {
    lags: loads.filter((l) => l.visibleAt !== undefined).map((l) => (l.visibleAt! - l.publishedAt) / 1000),
    loads: loads.length,
    jobs,
    cpu,
    split,
  };
}

export function lagResult(
  m: Awaited<ReturnType<typeof measureLag>>,
  x: { catalogTables: number; loadedTables: number; initialSyncS: number; exitCode: number | null },
): LagResult {
  return {
    ...x,
    loads: m.loads,
    seen: m.lags.length,
    p50S: percentile(m.lags, 0.5),
    p95S: percentile(m.lags, 0.95),
    maxS: m.lags.length ? Math.max(...m.lags) : NaN,
    jobP50S: percentile(m.jobs, 0.5),
    jobsObserved: m.jobs.length,
    cpu: m.cpu,
    split: m.split,
  };
}

const DB = 'lag_db';

/** The small-catalog lag run: `tables` tables made by SQL, srsync continuous, load, measure, stop. */
export async function lag(tables: number, durationMs: number, intervalMs: number, say: (s: string) => void): Promise<LagResult> {
  const res = new Resources();
  const dir = new ScratchDir('srsync-bench-lag-');
  try {
    const { source, target } = await startWarmPair(res, dir);
    const names = Array.from({ length: tables }, (_, i) => `t${i}`);
    const src = await Conn.open(res, source);
    await withoutLatency(source, async () => {
      await src.exec(`CREATE DATABASE ${DB}`);
      await inParallel(1, names, async (t) => {
        await src.exec(`CREATE TABLE ${DB}.${t} (id BIGINT NOT NULL, v VARCHAR(32)) DUPLICATE KEY(id) DISTRIBUTED BY HASH(id) BUCKETS 2`);
        await src.exec(`INSERT INTO ${DB}.${t} VALUES (0, 'initial')`);
      });
    });
    await src.close();
    await prepareForMigration(source, target);

    const conf = defaultConf(dir.sub('conf'), source, target, { oneTime: false, reportS: 5 });
    const t0 = Date.now();
    const run = startBenchSrsync(res, conf, dir.sub('log'));
    await waitInSync(source, target, run, [DB], 120_000, res);
    const initialSyncS = (Date.now() - t0) / 1000;
    say(
      `  initial copy of ${tables} tables in sync after ${initialSyncS.toFixed(1)} s; loading for ${durationMs / 1000} s, one INSERT every ~${intervalMs} ms`,
    );
    const targets: LoadTarget[] = names.map((t) => ({ db: DB, table: t, values: (i) => `(${i}, 'load ${i}')` }));
    const m = await measureLag(res, source, target, run, targets, { durationMs, intervalMs, drainMs: 60_000 });
    say(`  ${formatCpu(m.cpu)}`);
    const exitCode = await run.stop('SIGTERM');
    return lagResult(m, { catalogTables: tables, loadedTables: tables, initialSyncS, exitCode });
  } finally {
    await res.dispose();
    dir.dispose();
  }
}

/** Issue 10's lag goal: publish → visible p95 on the 10,000-table catalog. */
export const LAG_P95_GOAL_S = 1.0;

/** The p95 against the goal, with where the time went (lagSplit) in the note. */
export function lagGoalRows(r: LagResult): GoalRow[] {
  const x = r.split;
  const note = x
    ? `publish → srsync's job sent p50 ${fmtS(x.toSentP50S)} / p95 ${fmtS(x.toSentP95S)} (noticing the version: its partitions_meta poll, and building the job), sent → visible p50 ${fmtS(x.sentToVisibleP50S)} / p95 ${fmtS(x.sentToVisibleP95S)} (the target's job, its 100 ms daemon ticks, publish, and the bench's ~100 ms sampling); ${x.n} loads matched to a send`
    : undefined;
  return [goalRow(`lag publish → visible p95 (${r.catalogTables.toLocaleString('en')}-table catalog)`, r.p95S, LAG_P95_GOAL_S, 's', note)];
}

export interface BigLagSizes {
  dbs: number;
  tablesPerDb: number;
  loadedTables: number;
  durationMs: number;
  intervalMs: number;
}

export const BIG_LAG_FULL: BigLagSizes = { dbs: 10, tablesPerDb: 1000, loadedTables: 20, durationMs: 30_000, intervalMs: 200 };
export const BIG_LAG_QUICK: BigLagSizes = { dbs: 2, tablesPerDb: 500, loadedTables: 10, durationMs: 10_000, intervalMs: 200 };

/**
 * (4c) Lag on a big catalog without creating it through srsync first: the same catalog is generated on both
 * clusters (generate_catalog, 1 partition × 1 bucket, metadata files written: every partition at version 1 on
 * both sides, so in sync from the start), srsync runs in continuous mode over all of it, and `loadedTables` tables
 * of the first database are loaded as in (4). Measures what (4b) measures, without depending on (2) finishing.
 */
export async function lagBigCatalog(s: BigLagSizes, say: (line: string) => void): Promise<LagResult> {
  const res = new Resources();
  const dir = new ScratchDir('srsync-bench-biglag-');
  try {
    const { source, target } = await startWarmPair(res, dir);
    const spec = {
      databases: s.dbs,
      tablesPerDb: s.tablesPerDb,
      partitionsPerTable: 1,
      bucketsPerPartition: 1,
      writeMetaFiles: true,
      dbPrefix: 'gen_db',
    };
    await Promise.all([control(source, 'generate_catalog', spec), control(target, 'generate_catalog', spec)]);
    await prepareForMigration(source, target);
    const n = s.dbs * s.tablesPerDb;
    const conf = defaultConf(dir.sub('conf'), source, target, { oneTime: false, reportS: 5 });
    const t0 = Date.now();
    const run = startBenchSrsync(res, conf, dir.sub('log'));
    await run.waitForLog(/Sync table progress/, 180_000); // its first round (both catalogs read) is done
    await waitInSync(source, target, run, ['gen_db0'], 120_000, res);
    const initialSyncS = (Date.now() - t0) / 1000;
    const targets: LoadTarget[] = Array.from({ length: Math.min(s.loadedTables, s.tablesPerDb) }, (_, j) => ({
      db: 'gen_db0',
      table: `t${Math.floor((j * s.tablesPerDb) / s.loadedTables)}`,
      values: (i: number) => `('2024-01-01', ${i}, 'load ${i}', 1.5, '2024-01-01 00:00:00')`,
    }));
    say(
      `  ${n} tables generated on both clusters (in sync at version 1); srsync continuous, first round done after ${initialSyncS.toFixed(1)} s; loading ${targets.length} tables for ${s.durationMs / 1000} s, one INSERT every ~${s.intervalMs} ms`,
    );
    const m = await measureLag(res, source, target, run, targets, { durationMs: s.durationMs, intervalMs: s.intervalMs, drainMs: 90_000 });
    say(`  ${formatCpu(m.cpu)}`);
    if (m.split.n > 0)
      say(
        `  where the lag goes (${m.split.n} loads): publish → job sent p50 ${fmtS(m.split.toSentP50S)} / p95 ${fmtS(m.split.toSentP95S)}; sent → visible p50 ${fmtS(m.split.sentToVisibleP50S)} / p95 ${fmtS(m.split.sentToVisibleP95S)}`,
      );
    const exitCode = await run.stop('SIGTERM');
    return lagResult(m, { catalogTables: n, loadedTables: targets.length, initialSyncS, exitCode });
  } finally {
    await res.dispose();
    dir.dispose();
  }
}
