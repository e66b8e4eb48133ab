// `npm run bench [-- --quick] [-- --only catalog,create,loaded,slots,lag,biglag,copy,scale,steer,twice [--merge]]`: srsync
// against the official tool's schedule (and issue 10's goals) on two simulated StarRocks shared-data clusters.
//
// SETUP (every scenario; what is printed as "setup" at the start of the run)
//   * Clusters: real `srsync-sim start` processes (harness startSim), 3 CNs each, sharing one object store, with
//     --ddl-latency-ms 20 --query-latency-ms 2 --rpc-latency-ms 5 --cn-bandwidth 100M (bench/lib/pair.ts):
//     every DDL statement and INSERT takes ≥ 20 ms, every query/SHOW ≥ 2 ms, every Thrift RPC ≥ 5 ms (the sims'
//     latencies overlap across connections, like a real FE's). Fixture loading on the source runs with the
//     latencies at 0 (set_latency) and is not timed; every timed part runs with them.
//   * srsync: `bin/srsync.js run` as a child process (harness startSrsync) with the DEFAULT configuration: the
//     conf sets only hosts/ports/users/passwords, one_time_run_mode and report_interval_seconds (checked in
//     bench/lib/pair.ts defaultConf). So meta_job_interval_seconds=180, meta_job_threads=4,
//     ddl_job_interval_seconds=5, ddl_job_batch_size=10, replication_job_interval_seconds=10,
//     replication_job_batch_size=10: srsync must beat the official schedule with the official numbers.
//   * Both clusters are prepared as the manual says (harness prepareForMigration).
//   * Warm simulators, cold srsync (bench/lib/warm-pair.ts): every scenario that times a migration first migrates
//     100 loaded tables of its own through both simulators with srsync and drops them on both sides, because a
//     StarRocks FE is a long-running JVM, while a fresh simulator process runs its first DDL, catalog answers and
//     replication jobs through V8's interpreter and spends about a CPU second per process compiling them on the
//     2 shared cores inside the timed window. Every timed srsync run is a new process.
//
// OFFICIAL SCHEDULE (bench/lib/official.ts; defaults read from src/config's key table = the manual's file)
//   M = meta_job_interval_seconds = 180, Id = ddl_job_interval_seconds = 5, Bd = ddl_job_batch_size = 10,
//   Ij = replication_job_interval_seconds = 10, Bj = replication_job_batch_size = 10,
//   S = replication_max_parallel_table_count = 100 (target FE), J = a job's run time measured on the same sims.
//   The official tool is credited with doing its work instantly at each tick: every figure is a LOWER bound of
//   its time (an upper bound of its slot use), so the ratios understate srsync's advantage, never overstate it.
//   (1) catalog read: the official tool reads metadata every M = 180 s; its read time itself is not known, so
//       the comparison is srsync's read time against the period M after which the official tool sees a catalog
//       change at the latest. Peak RSS: no official figure (n/a).
//   (2) create N tables: ceil(N/Bd)·Id            (N = 10,000 → 5,000 s; (ceil(N/Bd) − 1)·Id as a lower bound)
//   (3) N loaded tables in sync:
//         sequential (the issue's arithmetic) = ceil(N/Bd)·Id + ceil(N/Bj)·Ij + J        (N = 2,000 → 3,000 s + J)
//         pipelined lower bound = Id + (ceil(N/Bj) − 1)·Ij + J  (jobs start one DDL tick in and then go out at
//         the job rate; the metadata refresh the official tool needs to see the new target tables is not counted)
//       seconds per job while jobs are pending: Ij/Bj = 1 s
//   (4) lag, publish → visible: wait for the next metadata read U(0,M), then the next job tick U(0,Ij), then J.
//       Quantile q of U(0,M)+U(0,Ij) = q·M + Ij/2 (for Ij/2M ≤ q ≤ 1 − Ij/2M):
//         p50 = 0.5·M + Ij/2 + J = 95 s + J,   p95 = 0.95·M + Ij/2 + J = 176 s + J   (J = the lag run's job p50).
//   (5) slot share: jobs arrive at Bj/Ij per second and hold a slot J seconds each → Bj·J/Ij slots busy on average
//       (Little's law), out of S: share ≤ min(1, Bj·J/(Ij·S))   (J = the job p50 of the same run; an upper bound,
//       since the official tool's few jobs would share the CN bandwidth with fewer others and run shorter).
//       slot refill latency: jobs go out only at the ticks, every Ij, so a slot freed at a moment uniformly spread
//       over the tick period waits U(0, Ij) for the next admission: p50 = Ij/2 = 5 s, p95 = 0.95·Ij = 9.5 s
//       (a model, not a bound: with equal job times every end has the same phase, Ij − J mod Ij).
//
// SRSYNC MEASUREMENTS
//   (1) bench/read-catalog.ts in a fresh child process per run: srsync's ClusterInspector.snapshot() (src/inspector
//       over src/cluster SqlClient, 4 connections = meta_job_threads) of a source made by generate_catalog
//       {10 dbs × 1,000 tables × 10 partitions × 10 buckets} = 10,000 tables / 100,000 partitions / 1,000,000
//       tablets. Time = wall time of snapshot() (median of the runs); peak RSS = process.resourceUsage().maxRSS of
//       that process (max over the runs; node + tsx + modules are ~85 MB of it, printed as the baseline).
//   (2) generate_catalog {10 × 1,000 tables × 1 partition × 1 bucket, writeMetaFiles} on the source, one-time
//       srsync run to a fresh target; time = srsync start → first SHOW PROC '/dbs' sample (every ~500 ms) in
//       which the target's gen_db* TableNum sum reaches N. The exit time (all in sync) is printed too.
//   (3) N tables made on the source by SQL (CREATE TABLE, 2 buckets, + one 10-row INSERT each, 8 connections),
//       one-time srsync run; time = srsync start → exit 0 (it exits only after a round found every table in sync;
//       the bench's own version sampler and COUNT(*) on a sample of 20 tables confirm it).
//       Seconds per job = (last "Replication job … finished" − first "… sent" in srsync's log) / jobs finished.
//       The CPU seconds each process used during a timed run are printed (from /proc/<pid>/stat) to show
//       whether a figure is bound by CPU or by waiting.
//   (4) continuous srsync run on a small catalog (20 tables made by SQL); after the initial copy, a loader INSERTs
//       into a random table every ~200 ms for 30 s. Publish time = the INSERT's return; the load's version = the
//       partition's VISIBLE_VERSION read right after (the loader is the only writer). Visible time = the first
//       target sample (information_schema.partitions_meta, every ~100 ms) with DATA_VERSION ≥ that version
//       (DATA_VERSION moves at publish together with VISIBLE_VERSION, reference §4.3: the rows are queryable then).
//       Lag = visible − publish (resolution ~100 ms + query time); p50/p95 by nearest rank. Loads not visible
//       within the drain deadline (60 s / 90 s) are counted and excluded (printed).
//   (4b) the same load on the big catalog of (2) (10,000 tables, after the one-time run finished): a continuous
//       srsync run, started after (2), follows the whole catalog while 20 tables of gen_db0 are loaded. Shows how
//       the lag scales with the catalog srsync has to re-read.
//   (5) during (3), the tiny-table run: every ~100 ms, running = target jobs in INITIALIZING/SNAPSHOTING/REPLICATING
//       (SHOW PROC '/replications'); every ~300 ms, pending = source tables not yet in sync on the target (missing
//       there, or a partition's DATA_VERSION below the source VISIBLE_VERSION), replicable = those of them that
//       already exist on the target. busy share = mean over samples with pending > 0 of min(1, running / min(pending,
//       S)). Its jobs copy 10 rows and last J ≈ 0.2 s, so S busy slots would need S/J (hundreds of) accepted jobs
//       per second: the figure is bound by the rate at which jobs are built and sent (both printed), not by the
//       refill of a freed slot.
//   (5) slot refill (bench/scenarios/slot-refill.ts, bench/lib/slots.ts): N tables (N > S = 100, the target's
//       default) of 200 rows each; the target CNs' bandwidth is set (set_cn_bandwidth) so that a job lasts ~2 s with
//       every slot busy (measured J is printed), one-time srsync run. The target's job list is read every ~25 ms
//       (+ query time; the achieved interval is printed) and the tables still behind every ~100 ms. busy share as
//       above (also printed: over samples with created tables waiting for a slot, and in the steady state from the
//       first moment all slots were busy to the last table waiting). Refill latency: an end = a job no longer listed
//       running, an admission = a new JobID; each end while created tables were waiting for a slot (not running,
//       not COMMITTED awaiting publish) is matched FIFO to the next admission; latency = admission sample − end
//       sample (each known to ±1 sample). srsync's own reaction from its log ("finished" → next "sent", ms stamps)
//       is printed beside it: it excludes the time srsync takes to notice the end (its job poll, 100 ms).
//
//   (4c) lag on a big catalog (bench/scenarios/lag.ts lagBigCatalog): the (2) catalog generated on BOTH clusters
//       (in sync at version 1, no srsync DDL needed), srsync continuous over all of it, 20 tables of gen_db0 loaded
//       as in (4); its p95 against issue 10's goal (≤ 1.0 s), and where the lag goes from srsync's log
//       (publish → its job sent for the table; sent → visible).
//   (6) the copy itself is the limit (bench/scenarios/copy-limit.ts): 20 tables of ~8 MB, 6 buckets; target CN
//       bandwidth set so the copy lasts ~20 s. First the copy alone: target tables made by SQL, one
//       TTableReplicationRequest per table built from both FEs' answers (bench/lib/copy-alone.ts, none of srsync's
//       code) and all sent at once over Thrift; time = first send → every target partition at the source version.
//       Then srsync (default config, one-time run) to a fresh target with the same bandwidth: start → all in sync.
//       Figure: srsync / copy alone (goal ≤ 1.05), with srsync's start-up milestones from its log.
//   (7) catalog scale (bench/scenarios/catalog-scale.ts): (1)'s read at 10,000 / 30,000 / 50,000 tables (1,000 per
//       database, 10 partitions × 10 buckets), one source sim grown between the reads (its daemons slowed to 60 s:
//       they scan every partition each tick), each read in a fresh child: wall time, its CPU, the sim's CPU, peak
//       RSS; goals 50,000 tables ≤ 10 s and ≤ 1 GiB, growth exponent ≤ 1 (linear).
//   Goal rows put `goal ≤ X` in the official column and value/goal in the ratio column.
//
// OUTPUT: each figure as `srsync: X, official schedule: Y, ratio: Y/X` and a summary table; the results as JSON
// in bench/results/latest.json (default mode) or bench/results/latest-quick.json (--quick); a run with --only
// writes bench/results/partial.json instead.
// --quick: 1,000 tables / 10,000 partitions / 100,000 tablets to read, 1,000 tables to create (and 10 s of load on
// 10 of them), 200 loaded tables, 200 slot-refill tables, 10 s of load on 10 tables: about 1 minute. The default
// mode uses the issue's sizes unscaled (500 slot-refill tables) and takes about 5 minutes on 2 cores, plus about
// 6 minutes for biglag, copy and scale on an idle machine (quick: about 2 minutes more).
// --only catalog,create,loaded,slots,lag,biglag,copy,scale,steer,twice runs some of the scenarios; with --merge their figures
// also replace theirs in latest.json / latest-quick.json (the other scenarios' rows stay; bench/lib/results.ts). BENCH_KEEP=1 keeps the scratch directories
// (srsync's logs) and names them on stderr.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ROOT } from '../harness/sim-pair.js';
import { catalogRead, type CatalogReadResult, type CatalogSize } from './scenarios/catalog-read.js';
import { createTables, type CreateTablesResult } from './scenarios/create-tables.js';
import { loadedTables, type LoadedTablesResult } from './scenarios/loaded-tables.js';
import { lag, type LagResult } from './scenarios/lag.js';
import { slotRefill, type SlotRefillResult, type SlotRefillSizes } from './scenarios/slot-refill.js';
import { copyLimit, copyLimitRows, COPY_LIMIT_FULL, COPY_LIMIT_QUICK } from './scenarios/copy-limit.js';
import { catalogScale, catalogScaleRows, CATALOG_SCALE_FULL, CATALOG_SCALE_QUICK } from './scenarios/catalog-scale.js';
import { BIG_LAG_FULL, BIG_LAG_QUICK, lagBigCatalog, lagGoalRows } from './scenarios/lag.js';
import { mergeIntoFile } from './lib/results.js';
import { CN_BANDWIDTH, cleanUpOnSignal, LATENCY, scratchRoot } from './lib/pair.js';
import {
  officialCreateTables,
  officialDefaults,
  officialLagQuantile,
  officialLoadedTables,
  officialRefillQuantile,
  officialSlotShare,
  type OfficialDefaults,
} from './lib/official.js';
import { fmtPct, fmtRatio, fmtS, percentile } from './lib/stats.js';
import { useCompiledSrsync } from './lib/compiled-srsync.js';
import { WARM_UP_TABLES } from './lib/warm-pair.js';
import { goalRow, infoRow } from './lib/goals.js';

interface Sizes {
  catalog: CatalogSize;
  catalogRuns: number;
  create: { dbs: number; tablesPerDb: number; timeoutMs: number; lagAfter: { tables: number; durationMs: number; intervalMs: number } };
  /** `runs`: the scenario is run that many times and its median run (by start → in sync) reported (2 cores: noisy). */
  loaded: { dbs: number; tablesPerDb: number; timeoutMs: number; runs: number };
  lag: { tables: number; durationMs: number; intervalMs: number };
  slots: SlotRefillSizes;
}

const FULL: Sizes = {
  catalog: { databases: 10, tablesPerDb: 1000, partitionsPerTable: 10, bucketsPerPartition: 10 },
  catalogRuns: 3,
  create: { dbs: 10, tablesPerDb: 1000, timeoutMs: 240_000, lagAfter: { tables: 20, durationMs: 30_000, intervalMs: 200 } },
  loaded: { dbs: 10, tablesPerDb: 100, timeoutMs: 300_000, runs: 3 },
  lag: { tables: 20, durationMs: 30_000, intervalMs: 200 },
  slots: { tables: 500, rowsPerTable: 200, jobTargetS: 2, timeoutMs: 180_000 },
};

const QUICK: Sizes = {
  catalog: { databases: 2, tablesPerDb: 500, partitionsPerTable: 10, bucketsPerPartition: 10 },
  catalogRuns: 1,
  create: { dbs: 10, tablesPerDb: 100, timeoutMs: 120_000, lagAfter: { tables: 10, durationMs: 10_000, intervalMs: 200 } },
  loaded: { dbs: 4, tablesPerDb: 50, timeoutMs: 120_000, runs: 1 },
  lag: { tables: 10, durationMs: 10_000, intervalMs: 200 },
  slots: { tables: 200, rowsPerTable: 200, jobTargetS: 2, timeoutMs: 90_000 },
};

type Scenario = 'catalog' | 'create' | 'loaded' | 'slots' | 'lag' | 'biglag' | 'copy' | 'scale' | 'steer' | 'twice';
const ALL: Scenario[] = ['catalog', 'create', 'loaded', 'slots', 'lag', 'biglag', 'copy', 'scale', 'steer', 'twice'];

interface Row {
  figure: string;
  srsync: string;
  official: string;
  /** official / srsync (for times: how many times faster srsync is; for shares: < 1 favours srsync). */
  ratio: string;
  srsyncValue: number;
  officialValue: number;
  unit: 's' | 'MB' | 'share' | 'ratio';
  note?: string;
  /** The scenario that produced the row (set by the run; used by --merge). */
  scenario?: Scenario;
}

const say = (s: string) => process.stdout.write(`${s}\n`);

function parseArgs(argv: string[]): { quick: boolean; only: Scenario[]; merge: boolean } {
  const quick = argv.includes('--quick');
  const merge = argv.includes('--merge');
  const i = argv.indexOf('--only');
  const only = i >= 0 ? (argv[i + 1] ?? '').split(',').filter((s): s is Scenario => (ALL as string[]).includes(s)) : ALL;
  for (const a of argv)
    if (a.startsWith('--') && a !== '--quick' && a !== '--only' && a !== '--merge')
      throw new Error(`unknown option ${a} (use --quick, --only ${ALL.join(',')}, --merge)`);
  return { quick, only: only.length ? only : ALL, merge };
}

function timeRow(figure: string, srsyncS: number, officialS: number, note?: string): Row {
  return {
    figure,
    srsync: fmtS(srsyncS),
    official: fmtS(officialS),
    ratio: fmtRatio(officialS, srsyncS),
    srsyncValue: srsyncS,
    officialValue: officialS,
    unit: 's',
    ...(note ? { note } : {}),
  };
}

function printRow(r: Row): void {
  say(`  => ${r.figure}: srsync: ${r.srsync}, official schedule: ${r.official}, ratio: ${r.ratio}${r.note ? `  (${r.note})` : ''}`);
}

function catalogRows(r: CatalogReadResult, d: OfficialDefaults): Row[] {
  const s = r.ms / 1000;
  const size = `${r.size.tables.toLocaleString('en')} tables / ${r.size.partitions.toLocaleString('en')} partitions / ${r.size.tablets.toLocaleString('en')} tablets`;
  return [
    timeRow(`catalog read, ${size}`, s, d.metaIntervalS, `official: metadata re-read period M = ${d.metaIntervalS} s; its read time is unknown`),
    {
      figure: `tool peak RSS during that read`,
      srsync: `${r.peakRssMb.toFixed(0)} MB`,
      official: 'n/a',
      ratio: 'n/a',
      srsyncValue: r.peakRssMb,
      officialValue: NaN,
      unit: 'MB',
      note: `process maxRSS incl. ~${r.baselineRssMb.toFixed(0)} MB of node + tsx + modules before the read`,
    },
  ];
}

function createRows(r: CreateTablesResult, d: OfficialDefaults): Row[] {
  const o = officialCreateTables(r.tables, d);
  let s = r.allCreatedS;
  let label = `create ${r.tables.toLocaleString('en')} tables on the target`;
  if (!Number.isFinite(s) && r.log.ddlCount > 0 && r.log.lastDdlS !== null) {
    s = (r.tables * r.log.lastDdlS) / r.log.ddlCount;
    label += ` (SCALED from ${r.log.ddlCount} tables in ${r.log.lastDdlS.toFixed(1)} s)`;
  }
  const rows = [
    timeRow(
      label,
      s,
      o.brief,
      `official ceil(N/${d.ddlBatch})·${d.ddlIntervalS} s; lower bound ${fmtS(o.lowerBound)}; srsync exit (all in sync) at ${fmtS(r.exitS)}`,
    ),
  ];
  const rss = r.cpu.peakRssMb['srsync'];
  if (rss !== undefined) {
    rows.push({
      figure: `srsync process peak RSS during that run`,
      srsync: `${rss} MB`,
      official: 'n/a',
      ratio: 'n/a',
      srsyncValue: rss,
      officialValue: NaN,
      unit: 'MB',
      note: 'VmHWM of the srsync process, sampled every 250 ms',
    });
  }
  return rows;
}

/** Tables of the steering scenario (each run). */
const STEER_TABLES = 200;
/** The bytes-copied-twice scenario: tables, and INSERTs per table. */
const TWICE = { tables: 200, loads: 3 } as const;
/** Every steering key on, none ever binding for a catalog of a few MB. */
const NON_BINDING_STEERING = {
  replication_windows: '00:00-24:00',
  replication_max_bytes_in_flight: '1TB',
  replication_bytes_per_second: '1TB',
};

function steerRow(off: LoadedTablesResult, on: LoadedTablesResult): Row {
  const a = off.exitCode === 0 ? off.syncedS : NaN;
  const b = on.exitCode === 0 ? on.syncedS : NaN;
  return {
    figure: `${STEER_TABLES} loaded tables, steering keys set but never binding: start → all in sync (the official column: steering off, same run)`,
    srsync: fmtS(b),
    official: fmtS(a),
    ratio: Number.isFinite(a / b) ? `${(a / b).toFixed(2)}×` : 'n/a',
    srsyncValue: b,
    officialValue: a,
    unit: 's',
    note: `steering ${Object.entries(NON_BINDING_STEERING)
      .map(([k, v]) => `${k}=${v}`)
      .join(', ')}; a ratio near 1 means the admission checks cost nothing measurable`,
  };
}

function loadedRows(r: LoadedTablesResult, d: OfficialDefaults): Row[] {
  const j = Number.isFinite(r.jobP50S) ? r.jobP50S : 0;
  const o = officialLoadedTables(r.tables, j, d);
  const n = r.tables.toLocaleString('en');
  const share = officialSlotShare(j, d);
  return [
    timeRow(
      `${n} loaded tables: start → all in sync`,
      r.exitCode === 0 ? r.syncedS : NaN,
      o.sequential,
      `official: all DDL then all jobs, ceil(N/${d.ddlBatch})·${d.ddlIntervalS} s + ceil(N/${d.jobBatch})·${d.jobIntervalS} s + J (J = ${fmtS(j)})`,
    ),
    timeRow(
      `${n} loaded tables, vs. the official lower bound`,
      r.exitCode === 0 ? r.syncedS : NaN,
      o.pipelined,
      `official pipelined: ${d.ddlIntervalS} s + (ceil(N/${d.jobBatch}) − 1)·${d.jobIntervalS} s + J`,
    ),
    ...loadedGoalRows(r, d),
    jobIntervalRow(r, d),
    {
      figure: `target slots busy while work is pending (${n} tiny tables, jobs of ~${fmtS(j)}: send-rate bound)`,
      srsync: fmtPct(r.busyShare),
      official: `≤ ${fmtPct(share)}`,
      ratio: fmtRatio(share, r.busyShare),
      srsyncValue: r.busyShare,
      officialValue: share,
      unit: 'share',
      note: `mean of min(1, running/min(pending, ${r.slots})); ${fmtPct(r.busyShareReplicable)} counting only tables already created on the target. Jobs of 10 rows run J = ${fmtS(j)}, so ${r.slots} busy slots need ${r.slots}/J = ${j > 0 ? (r.slots / j).toFixed(0) : 'n/a'} jobs/s (Little's law); srsync got ${sendRate(r.log)} jobs/s accepted (each send reads both sides' index and tablet lists, ≥ ${LATENCY.queryMs} ms per query, then the RPC, ≥ ${LATENCY.rpcMs} ms; at most replication_job_batch_size = ${d.jobBatch} sends in flight; both sims and srsync share ${os.cpus().length} CPUs): that send rate bounds this figure, not how fast a freed slot is refilled (see the slot refill rows). Official ${d.jobBatch}·J/(${d.jobIntervalS} s·${d.targetSlots}); ratio < 1 favours srsync`,
    },
  ];
}

/** Runs `scenario` `runs` times; the run with the median start → in sync, with every run's time (`runsS`). */
async function medianRun(runs: number, scenario: () => Promise<LoadedTablesResult>): Promise<LoadedTablesResult> {
  const all: LoadedTablesResult[] = [];
  for (let i = 0; i < Math.max(1, runs); i++) all.push(await scenario());
  const key = (r: LoadedTablesResult) => (r.exitCode === 0 ? r.syncedS : Infinity);
  const sorted = [...all].sort((a, b) => key(a) - key(b));
  if (all.length > 1) say(`  runs: ${all.map((r) => fmtS(key(r))).join(', ')}; the median run is reported`);
  return { ...sorted[Math.floor((sorted.length - 1) / 2)]!, runsS: all.map(key) };
}

/** The target-DDL floor of N tables: ceil(N / ddl_job_batch_size) statements in a row, each taking the sim's DDL latency. */
function ddlFloorS(tables: number, ddlBatch: number, ddlMs: number): number {
  return (Math.ceil(tables / ddlBatch) * ddlMs) / 1000;
}

/** Issue 10's goals for small loaded tables: start → in sync ≤ 2× the DDL floor, no byte copied twice. */
function loadedGoalRows(r: LoadedTablesResult, d: OfficialDefaults): Row[] {
  const n = r.tables.toLocaleString('en');
  const floor = ddlFloorS(r.tables, d.ddlBatch, LATENCY.ddlMs);
  const synced = r.exitCode === 0 ? r.syncedS : NaN;
  return [
    goalRow(
      `${n} loaded tables: start → all in sync / target-DDL floor`,
      synced / floor,
      2,
      'ratio',
      `${fmtS(synced)} / ${fmtS(floor)} (floor: ceil(${r.tables}/${d.ddlBatch}) CREATE TABLEs × ${LATENCY.ddlMs} ms, ddl_job_batch_size at a time)${r.runsS && r.runsS.length > 1 ? `, median of ${r.runsS.length} runs (${r.runsS.map(fmtS).join(', ')})` : ''}; created → job sent median ${fmtS(r.createdToSentP50S)}, p90 ${fmtS(r.createdToSentP90S)}; CPU ${formatCpuShort(r)}`,
    ),
    goalRow(
      `${n} loaded tables: bytes copied / bytes in the catalog`,
      r.bytesInCatalog > 0 ? r.bytesCopied / r.bytesInCatalog : NaN,
      1,
      'ratio',
      `${r.bytesCopied} bytes of data files written into the target's object store against ${r.bytesInCatalog} bytes (source DATA_SIZE); above 1: data copied more than once`,
    ),
    infoRow(`${n} loaded tables: created on the target → job sent, median`, r.createdToSentP50S, 's'),
  ];
}

function formatCpuShort(r: LoadedTablesResult): string {
  const c = r.cpu.cpuS;
  return `srsync ${c['srsync']} s, source ${c['source']} s, target ${c['target']} s over ${fmtS(r.cpu.wallS)}`;
}

/** Jobs srsync got accepted per second, from its first "sent" line to its last "finished" line. */
function sendRate(l: LoadedTablesResult['log']): string {
  const span = l.firstJobSentS !== null && l.lastJobFinishedS !== null ? l.lastJobFinishedS - l.firstJobSentS : NaN;
  return span > 0 ? (l.jobsSent / span).toFixed(0) : 'n/a';
}

function slotRows(r: SlotRefillResult, d: OfficialDefaults): Row[] {
  const j = Number.isFinite(r.jobP50S) ? r.jobP50S : 0;
  const n = r.tables.toLocaleString('en');
  const ds = { ...d, targetSlots: r.slots };
  const share = officialSlotShare(j, ds);
  const o = officialLoadedTables(r.tables, j, d);
  const what = `${n} tables, jobs of ~${fmtS(j)}`;
  const f = r.refill;
  const g = r.refillLogged;
  const setup = `${r.tables} tables of ${r.tableBytes} bytes, target CNs limited to ${(r.cnBandwidthBytesPerSec / 1024).toFixed(0)} KiB/s each: job p50 ${fmtS(r.jobP50S)}, p95 ${fmtS(r.jobP95S)} (${r.jobsObserved} jobs; peak ${r.peakRunning} running of ${r.slots} slots)`;
  return [
    timeRow(
      `${what}: start → all in sync`,
      r.exitCode === 0 ? r.syncedS : NaN,
      o.sequential,
      `${setup}; official as (3); pipelined lower bound ${fmtS(o.pipelined)}`,
    ),
    {
      figure: `target slots busy while work is pending (${what})`,
      srsync: fmtPct(r.busyShare),
      official: `≤ ${fmtPct(share)}`,
      ratio: fmtRatio(share, r.busyShare),
      srsyncValue: r.busyShare,
      officialValue: share,
      unit: 'share',
      note: `mean over ${r.samples} samples (every ~${r.sampleIntervalMs} ms from srsync's process start until all in sync) of min(1, running/min(pending, ${r.slots})), running from the target's SHOW PROC '/replications', pending from its partitions_meta (read every ~100 ms). It includes srsync's start-up (first DDL at ${fmtS(r.log.firstDdlS ?? NaN)}, first job listed at ${fmtS(r.firstJobS)}, all slots busy from ${fmtS(r.slotsFullS)}) and the tail, where a COMMITTED table still counts pending until its publish; ${fmtPct(r.busyShareReplicable)} counting only tables already created on the target; ${fmtPct(r.busyShareWaiting)} over the samples where created tables were waiting for a slot (min(1, running/min(running + waiting, ${r.slots}))); ${fmtPct(r.busyShareSteady)} from the first moment all slots were busy to the last table waiting (steady state: what a freed slot costs until srsync's next 100 ms job poll and send; 1 − mean refill latency/J = ${fmtPct(1 - r.refill.meanS / j)}). Official ${d.jobBatch}·J/(${d.jobIntervalS} s·${r.slots}) with srsync's J (an upper bound: its jobs would share the bandwidth with fewer others); ratio < 1 favours srsync`,
    },
    timeRow(
      `slot refill latency p50, job end → next job admitted (${what})`,
      f.p50S,
      officialRefillQuantile(0.5, d),
      `from the target's job list sampled every ~${r.sampleIntervalMs} ms: an end = a job no longer listed running, an admission = a new JobID; each end while created tables were waiting for a slot is matched FIFO to the next admission (${f.n} of ${f.ends} ends refilled${f.unmatched ? `, ${f.unmatched} not before the run ended` : ''}; mean ${fmtS(f.meanS)}, max ${fmtS(f.maxS)}); each time is known to ±1 sample, so values below ~${r.sampleIntervalMs} ms are resolution. srsync's log (the end as srsync saw it, its poll is 100 ms → its next 'sent' line, all slots in use before): p50 ${fmtS(g.p50S)}, p95 ${fmtS(g.p95S)} over ${g.n} ends. Official: jobs go out only every ${d.jobIntervalS} s, so a freed slot waits U(0, ${d.jobIntervalS} s)`,
    ),
    timeRow(`slot refill latency p95 (${what})`, f.p95S, officialRefillQuantile(0.95, d)),
  ];
}

/** Replication capacity: seconds per job while jobs were being sent (first sent → last finished / jobs). */
function jobIntervalRow(r: LoadedTablesResult, d: OfficialDefaults): Row {
  const l = r.log;
  const span = l.firstJobSentS !== null && l.lastJobFinishedS !== null ? l.lastJobFinishedS - l.firstJobSentS : NaN;
  const perJob = l.jobsFinished > 0 ? span / l.jobsFinished : NaN;
  return timeRow(
    'replication: seconds per job while jobs are pending',
    perJob,
    d.jobIntervalS / d.jobBatch,
    `${l.jobsFinished} jobs from the first sent (${fmtS(l.firstJobSentS ?? NaN)}) to the last finished (${fmtS(l.lastJobFinishedS ?? NaN)}); official ${d.jobIntervalS} s / ${d.jobBatch} jobs`,
  );
}

function lagRows(r: LagResult, d: OfficialDefaults): Row[] {
  const j = Number.isFinite(r.jobP50S) ? r.jobP50S : 0;
  const where = `${r.catalogTables.toLocaleString('en')}-table catalog`;
  const missed = r.loads - r.seen;
  const note = `${r.seen}/${r.loads} loads seen on the target${missed ? ` (${missed} NOT seen before the deadline: excluded)` : ''}, loads into ${r.loadedTables} of the ${r.catalogTables} tables, max ${fmtS(r.maxS)}; official U(0,${d.metaIntervalS})+U(0,${d.jobIntervalS})+J, J = ${fmtS(j)}`;
  const rows = [
    timeRow(`lag publish → visible, p50 (${where})`, r.p50S, officialLagQuantile(0.5, j, d), note),
    timeRow(`lag publish → visible, p95 (${where})`, r.p95S, officialLagQuantile(0.95, j, d)),
  ];
  const rss = r.cpu.peakRssMb['srsync'];
  if (rss !== undefined) {
    rows.push({
      figure: `srsync process peak RSS in that continuous run`,
      srsync: `${rss} MB`,
      official: 'n/a',
      ratio: 'n/a',
      srsyncValue: rss,
      officialValue: NaN,
      unit: 'MB',
      note: 'VmHWM of the srsync process, sampled every 250 ms (includes its start and first round)',
    });
  }
  return rows;
}

/** The slot samples, one per started second (the one with the most running jobs), as short strings. */
function compactTimeline(samples: Array<[number, number, number, number]>): string[] {
  const bySecond = new Map<number, [number, number, number, number]>();
  for (const x of samples) {
    const k = Math.floor(x[0] / 1000);
    const cur = bySecond.get(k);
    if (!cur || x[1] > cur[1]) bySecond.set(k, x);
  }
  return [...bySecond.values()].map(
    ([t, running, pending, replicable]) => `${t} ms: running ${running}, pending ${pending}, replicable ${replicable}`,
  );
}

function printTable(rows: Row[]): void {
  const head = ['figure', 'srsync', 'official schedule', 'ratio (official/srsync)'];
  const cells = rows.map((r) => [r.figure, r.srsync, r.official, r.ratio]);
  const w = head.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i]!.length)));
  const line = (c: string[]) => c.map((x, i) => (i === 0 ? x.padEnd(w[i]!) : x.padStart(w[i]!))).join('  ');
  say(line(head));
  say(w.map((n) => '-'.repeat(n)).join('  '));
  for (const c of cells) say(line(c));
}

async function main(): Promise<number> {
  const { quick, only, merge } = parseArgs(process.argv.slice(2));
  cleanUpOnSignal();
  const sizes = quick ? QUICK : FULL;
  say(`srsync compiled for the bench: ${useCompiledSrsync()}`);
  const d = officialDefaults();
  const started = Date.now();
  const load0 = os.loadavg();
  say(
    `srsync benchmark (${quick ? 'quick' : 'full'} mode) on ${os.cpus().length} CPUs, node ${process.version}, load average ${load0.map((x) => x.toFixed(2)).join(' ')}`,
  );
  if (load0[0]! > os.cpus().length / 2)
    say(
      `WARNING: the machine is busy (1-minute load ${load0[0]!.toFixed(2)} on ${os.cpus().length} CPUs): figures will be slower and noisier than on an idle machine`,
    );
  say(
    `setup: two srsync-sim processes, latencies DDL/INSERT ${LATENCY.ddlMs} ms, query ${LATENCY.queryMs} ms, RPC ${LATENCY.rpcMs} ms, CN bandwidth ${CN_BANDWIDTH}/s, 3 CNs each; object stores under ${scratchRoot()};`,
  );
  say(`       srsync as a child process with the default config (only hosts, passwords, one_time_run_mode, report interval set)`);
  say(
    `       simulators warmed by a ${WARM_UP_TABLES}-table migration dropped before each scenario (production FEs are long-running); every srsync run starts cold`,
  );
  say(
    `official schedule: M=${d.metaIntervalS} s, DDL ${d.ddlBatch}/${d.ddlIntervalS} s, jobs ${d.jobBatch}/${d.jobIntervalS} s, ${d.targetSlots} target slots; every official figure is a lower bound of its time (formulas: bench/bench.ts header)`,
  );

  const rows: Row[] = [];
  const raw: Record<string, unknown> = {};
  let failed = false;
  const step = async <T>(name: Scenario, title: string, f: () => Promise<T>, toRows: (r: T) => Row[]) => {
    if (!only.includes(name)) return;
    say('');
    say(`[${name}] ${title}`);
    const t = Date.now();
    try {
      const r = await f();
      raw[name] = r;
      const rs = toRows(r).map((row) => ({ ...row, scenario: name }));
      for (const row of rs) printRow(row);
      rows.push(...rs);
    } catch (e) {
      failed = true;
      raw[name] = { error: (e as Error).message };
      say(`  FAILED: ${(e as Error).stack ?? String(e)}`);
    }
    say(`  (${((Date.now() - t) / 1000).toFixed(0)} s)`);
  };

  const c = sizes.catalog;
  await step(
    'catalog',
    `(1) catalog read: ${c.databases * c.tablesPerDb} tables × ${c.partitionsPerTable} partitions × ${c.bucketsPerPartition} buckets`,
    () => catalogRead(c, sizes.catalogRuns, say),
    (r) => catalogRows(r, d),
  );
  const cr = sizes.create;
  await step(
    'create',
    `(2) create ${cr.dbs * cr.tablesPerDb} tables on a fresh target (one-time run), then (4b) lag on that catalog (continuous run)`,
    () => createTables(cr.dbs, cr.tablesPerDb, cr.timeoutMs, say, cr.lagAfter),
    (r) => [...createRows(r, d), ...(r.lag ? [...lagRows(r.lag, d), ...lagGoalRows(r.lag)] : [])],
  );
  await step(
    'loaded',
    `(3)+(5) ${sizes.loaded.dbs * sizes.loaded.tablesPerDb} loaded tables to a fresh target (one-time run), slot use sampled; the median of ${sizes.loaded.runs} run(s)`,
    () => medianRun(sizes.loaded.runs, () => loadedTables(sizes.loaded.dbs, sizes.loaded.tablesPerDb, sizes.loaded.timeoutMs, say)),
    (r) => loadedRows(r, d),
  );
  // Throttling off costs nothing: the same catalog with no steering keys, then with every steering key set but
  // never binding (a window open all day, limits far above the catalog), in the same run.
  await step(
    'steer',
    `(9) steering off vs. on-but-never-binding: ${STEER_TABLES} loaded tables twice, same run`,
    async () => {
      const off = await loadedTables(2, STEER_TABLES / 2, sizes.loaded.timeoutMs, say);
      const on = await loadedTables(2, STEER_TABLES / 2, sizes.loaded.timeoutMs, say, NON_BINDING_STEERING);
      return { off, on };
    },
    ({ off, on }) => [steerRow(off, on)],
  );
  // Bytes copied twice: tables loaded several times, so that the source compacts them while srsync plans and sends.
  await step(
    'twice',
    `(10) bytes copied twice? ${TWICE.tables} tables loaded ${TWICE.loads} times each (the source compacts them during the run)`,
    () => loadedTables(2, TWICE.tables / 2, sizes.loaded.timeoutMs, say, undefined, TWICE.loads),
    (r) => [
      infoRow(
        `${r.tables} tables loaded ${TWICE.loads}× (compacted by the source during the run): bytes copied / bytes in the catalog`,
        r.bytesInCatalog > 0 ? r.bytesCopied / r.bytesInCatalog : NaN,
        'ratio',
        `${r.bytesCopied} bytes of data files written into the target's object store against ${r.bytesInCatalog} bytes (source DATA_SIZE at the end); ${r.sourceMovedPartitions} source partition(s) published a newer version (compaction) while srsync ran; start → in sync ${fmtS(r.syncedS)}. A job sent before its partition's compaction started is followed by one for the compacted version (the target must reach the source's VisibleVersion); sends are held only while a compaction or publish is visibly under way (src/engine/fresh-versions.ts)`,
      ),
    ],
  );
  const sl = sizes.slots;
  await step(
    'slots',
    `(5) slot refill: ${sl.tables} tables with jobs of ~${sl.jobTargetS} s (limited CN bandwidth) to a fresh target (one-time run)`,
    () => slotRefill(sl, say),
    (r) => slotRows(r, d),
  );
  await step(
    'lag',
    `(4) lag under a continuous load on a small catalog (continuous run)`,
    () => lag(sizes.lag.tables, sizes.lag.durationMs, sizes.lag.intervalMs, say),
    (r) => lagRows(r, d),
  );

  const bl = quick ? BIG_LAG_QUICK : BIG_LAG_FULL;
  await step(
    'biglag',
    `(4c) lag on a ${bl.dbs * bl.tablesPerDb}-table catalog generated in sync on both clusters (continuous run)`,
    () => lagBigCatalog(bl, say),
    (r) => [...lagRows(r, d), ...lagGoalRows(r)],
  );
  const cl = quick ? COPY_LIMIT_QUICK : COPY_LIMIT_FULL;
  await step('copy', `(6) the copy itself is the limit: ${cl.tables} large tables, copy alone vs srsync`, () => copyLimit(cl, say), copyLimitRows);
  const cs = quick ? CATALOG_SCALE_QUICK : CATALOG_SCALE_FULL;
  await step('scale', `(7) catalog scale: srsync's catalog read at ${cs.tables.join(' / ')} tables`, () => catalogScale(cs, say), catalogScaleRows);

  say('');
  const load1 = os.loadavg();
  say(
    `SUMMARY (${quick ? 'quick' : 'full'} mode, ${((Date.now() - started) / 1000).toFixed(0)} s; load average at the end ${load1.map((x) => x.toFixed(2)).join(' ')})`,
  );
  printTable(rows);
  for (const r of rows) if (r.note) say(`  * ${r.figure}: ${r.note}`);

  const out = {
    mode: quick ? 'quick' : 'full',
    scenarios: only,
    date: new Date().toISOString(),
    machine: { cpus: os.cpus().length, node: process.version, platform: `${os.platform()} ${os.release()}`, loadAvgStart: load0, loadAvgEnd: load1 },
    setup: {
      latenciesMs: LATENCY,
      cnBandwidth: CN_BANDWIDTH,
      scratchRoot: scratchRoot(),
      cnCount: 3,
      srsyncConfig: 'defaults (hosts, passwords, one_time_run_mode, report_interval_seconds only)',
      simulatorWarmUpTables: WARM_UP_TABLES,
    },
    official: d,
    sizes,
    summary: rows,
    raw,
  };
  // A partial run (--only) never replaces the results of a complete one.
  const partial = only.length < ALL.length;
  const file = path.join(ROOT, 'bench', 'results', partial ? 'partial.json' : quick ? 'latest-quick.json' : 'latest.json');
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const json = JSON.stringify(
    out,
    (k, v: unknown) => {
      if (typeof v === 'number' && !Number.isFinite(v)) return null;
      // Per-job durations: summarised, not listed (thousands of entries).
      if (k === 'jobDurationsS' && Array.isArray(v))
        return { n: v.length, p50: percentile(v as number[], 0.5), p95: percentile(v as number[], 0.95) };
      // Slot samples: one line per ~second, "ms since start: running/pending/replicable".
      if (k === 'timeline' && Array.isArray(v)) return compactTimeline(v as Array<[number, number, number, number]>);
      return v;
    },
    2,
  );
  fs.writeFileSync(file, json + '\n');
  say(`results written to ${path.relative(ROOT, file)}`);
  if (partial && merge) {
    // --merge: the scenarios of this run replace theirs in the mode's results file; the others stay.
    const into = path.join(ROOT, 'bench', 'results', quick ? 'latest-quick.json' : 'latest.json');
    mergeIntoFile(into, json);
    say(`results merged into ${path.relative(ROOT, into)} (${only.join(', ')} replaced)`);
  }
  return failed ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    process.stderr.write(`bench failed: ${(e as Error).stack ?? String(e)}\n`);
    process.exit(1);
  },
);
