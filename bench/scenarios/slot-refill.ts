// (5) Slot refill with jobs of realistic length: N tables (N > the target's slots) whose copies take seconds at a
// limited CN bandwidth, one-time srsync run. Measures how busy the target's replication slots are while work is
// pending and how long a freed slot stays free, both from the target's own job list.
import { breakdown, jobEventTimes, parseLog, type RunBreakdown } from '../lib/srsync-log.js';
import {
  Conn,
  control,
  CpuMeter,
  defaultConf,
  every,
  formatCpu,
  type CpuReport,
  prepareForMigration,
  q,
  Resources,
  ScratchDir,
  startBenchSrsync,
  withoutLatency,
} from '../lib/pair.js';
import { startWarmPair } from '../lib/warm-pair.js';
import {
  busyShare,
  loggedRefills,
  RUNNING_STATES,
  runningCount,
  sampledRefills,
  waitingTables,
  type JobSample,
  type RefillResult,
} from '../lib/slots.js';
import { mean, percentile } from '../lib/stats.js';
import { loadSource } from '../lib/load-source.js';
import { partitionVersions, pendingTables, type Versions } from './loaded-tables.js';

/** How often the bench reads the target's job list (the refill figures' resolution; srsync itself polls every 100 ms). */
const JOB_SAMPLE_MS = 25;

export interface SlotRefillSizes {
  tables: number;
  /** Rows per table (one INSERT, 2 buckets): sets the bytes a job copies. */
  rowsPerTable: number;
  /** The target CN bandwidth is set so that a job takes about this long with every slot busy. */
  jobTargetS: number;
  timeoutMs: number;
}

export interface RefillSummary {
  n: number;
  /** Ends that counted (work was waiting for a slot) and, of those, the ones no admission followed. */
  ends: number;
  unmatched: number;
  p50S: number;
  p95S: number;
  maxS: number;
  meanS: number;
}

export interface SlotRefillResult {
  tables: number;
  slots: number;
  cns: number;
  /** Mean bytes of a table's data (source partitions_meta DATA_SIZE) and the target CN bandwidth set for the run. */
  tableBytes: number;
  cnBandwidthBytesPerSec: number;
  /** Seconds from srsync's start to its exit 0. */
  syncedS: number;
  exitCode: number | null;
  /** mean over samples with pending > 0 of min(1, running / min(pending, slots)). */
  busyShare: number;
  /** The same over samples with replicable > 0 (tables already created on the target). */
  busyShareReplicable: number;
  /** The same over samples with tables waiting for a slot, with running + waiting usable slots. */
  busyShareWaiting: number;
  /** min(1, running/slots) over the samples from slotsFullS to the last one with tables waiting (steady state). */
  busyShareSteady: number;
  /** When (s since srsync's start) the first job was listed on the target, and all usable slots were first busy. */
  firstJobS: number;
  slotsFullS: number;
  samples: number;
  /** Mean time between two samples while work was pending, ms (the resolution of the refill figures). */
  sampleIntervalMs: number;
  peakRunning: number;
  /** Job run time on the target, first listed → first sample not running, s. */
  jobP50S: number;
  jobP95S: number;
  jobsObserved: number;
  /** Job end on the target → next admission, from the bench's samples of SHOW PROC '/replications'. */
  refill: RefillSummary;
  /** srsync's own reaction: "finished" log line → next "sent" line, with all slots in use before the end. */
  refillLogged: RefillSummary;
  verified: { versionsEqual: number };
  cpu: CpuReport;
  /** Every sample as [ms since start, running, pending, replicable]. */
  timeline: Array<[number, number, number, number]>;
  log: RunBreakdown;
}

function summarise(r: RefillResult): RefillSummary {
  const s = r.latencies.map((ms) => ms / 1000);
  return {
    n: s.length,
    ends: r.ends,
    unmatched: r.unmatched,
    p50S: percentile(s, 0.5),
    p95S: percentile(s, 0.95),
    maxS: s.length ? Math.max(...s) : NaN,
    meanS: mean(s),
  };
}

/** min(1, running/slots) from `from` (ms) to the last sample with tables waiting for a slot; NaN if none. */
function steady(counts: ReadonlyArray<{ t: number; running: number; waiting: number }>, slots: number, from: number | undefined): number {
  if (from === undefined) return NaN;
  let last = -1;
  counts.forEach((s, i) => {
    if (s.waiting > 0) last = i;
  });
  return mean(
    counts
      .slice(0, last + 1)
      .filter((s) => s.t >= from)
      .map((s) => Math.min(1, s.running / slots)),
  );
}

/** Source tables not in sync on the target: how many, and the `db.table` keys of those that exist there. */
function behindTables(src: Versions, tgt: Versions): { pending: number; onTarget: string[] } {
  let pending = 0;
  const onTarget: string[] = [];
  for (const [k, parts] of src) {
    const t = tgt.get(k);
    let synced = t !== undefined;
    if (t) for (const [p, v] of parts) if ((t.get(p) ?? -1) < v) synced = false;
    if (!synced) {
      pending++;
      if (t) onTarget.push(k);
    }
  }
  return { pending, onTarget };
}

/** Job run times from the samples: first listed → first sample where it is no longer running, s. */
function jobDurations(samples: readonly JobSample[]): number[] {
  const first = new Map<string, number>();
  const out: number[] = [];
  const done = new Set<string>();
  let prev = new Set<string>();
  for (const s of samples) {
    const running = new Set<string>();
    for (const [id, state] of s.jobs) {
      const isRunning = RUNNING_STATES.has(state);
      if (!first.has(id)) {
        first.set(id, s.t);
        if (!isRunning) done.add(id); // started and ended between two samples: too short to measure
      }
      if (isRunning) running.add(id);
    }
    for (const id of prev)
      if (!running.has(id) && !done.has(id)) {
        done.add(id);
        out.push((s.t - first.get(id)!) / 1000);
      }
    prev = running;
  }
  return out;
}

export async function slotRefill(sizes: SlotRefillSizes, say: (s: string) => void): Promise<SlotRefillResult> {
  const res = new Resources();
  const dir = new ScratchDir('srsync-bench-slots-');
  try {
    const { source, target } = await startWarmPair(res, dir);
    const n = sizes.tables;
    const dbs = Array.from({ length: Math.ceil(n / 100) }, (_, i) => `slot_db${i}`);
    const perDb = Math.ceil(n / dbs.length);
    const tables = dbs.length * perDb;
    const l0 = Date.now();
    await withoutLatency(source, () => loadSource(res, source, dbs, perDb, 8, sizes.rowsPerTable));
    await prepareForMigration(source, target);
    const src = await Conn.open(res, source);
    const srcVersions = await partitionVersions(src, dbs, 'VISIBLE_VERSION');
    const sizeRows = await src.rows(`SELECT DATA_SIZE FROM information_schema.partitions_meta WHERE DB_NAME IN (${dbs.map(q).join(', ')})`);
    const tableBytes = sizeRows.reduce((a, r) => a + Number(r['DATA_SIZE'] ?? 0), 0) / tables;
    const tgt = await Conn.open(res, target);
    const tgtVersions = await Conn.open(res, target);
    const slots = Number((await tgt.rows("ADMIN SHOW FRONTEND CONFIG LIKE 'replication_max_parallel_table_count'"))[0]?.['Value'] ?? 100);
    const cns = Math.max(1, (await tgt.rows('SHOW COMPUTE NODES')).length);
    // With every slot busy, each CN copies ~min(slots, N)/cns tables' bytes at once, sharing its bandwidth.
    const bandwidth = Math.max(1024, Math.round((Math.min(slots, tables) * tableBytes) / (cns * sizes.jobTargetS)));
    await control(target, 'set_cn_bandwidth', { bytesPerSec: bandwidth });
    say(
      `  source: ${tables} tables (2 buckets, ${sizes.rowsPerTable} rows, ${Math.round(tableBytes)} bytes each; loaded with latencies off in ${((Date.now() - l0) / 1000).toFixed(1)} s); target: ${slots} slots, ${cns} CNs at ${(bandwidth / 1024).toFixed(0)} KiB/s each (a job ≈ ${sizes.jobTargetS} s with every slot busy)`,
    );

    const conf = defaultConf(dir.sub('conf'), source, target, { oneTime: true, reportS: 5 });
    const t0 = Date.now();
    const run = startBenchSrsync(res, conf, dir.sub('log'));
    const cpuMeter = new CpuMeter({ srsync: run.child.pid, source: source.child.pid, target: target.child.pid });
    const samples: JobSample[] = [];
    const tableIds = new Map<string, string>(); // db.table → target TABLE_ID
    // The tables still behind, read every ~100 ms; the job list, read every ~JOB_SAMPLE_MS (the refill figures'
    // resolution). A behind-list older than the job list is safe for waitingTables: a table that caught up since
    // has a COMMITTED (or newer) job in the newer job list, so it is not counted as waiting.
    let behind: { pending: number; onTarget: string[] } = { pending: tables, onTarget: [] };
    const versionSampler = every(100, async () => {
      const b = behindTables(srcVersions, await partitionVersions(tgtVersions, dbs, 'DATA_VERSION'));
      if (b.onTarget.some((k) => !tableIds.has(k))) {
        for (const r of await tgtVersions.rows(
          `SELECT TABLE_SCHEMA, TABLE_NAME, TABLE_ID FROM information_schema.tables_config WHERE TABLE_SCHEMA IN (${dbs.map(q).join(', ')})`,
        )) {
          tableIds.set(`${r['TABLE_SCHEMA']}.${r['TABLE_NAME']}`, String(r['TABLE_ID']));
        }
      }
      behind = b;
    });
    let lastShown = 0;
    const jobSampler = every(JOB_SAMPLE_MS, async () => {
      const sent = Date.now();
      const rows = await tgt.rows("SHOW PROC '/replications'");
      const at = Date.now();
      const jobs = new Map(rows.map((r) => [String(r['JobID']), String(r['State'])]));
      const b = behind;
      const waiting = waitingTables(
        b.onTarget.map((k) => tableIds.get(k) ?? `unknown:${k}`),
        rows.map((r) => ({ tableId: String(r['TableID']), state: String(r['State']) })),
      );
      samples.push({ t: (sent + at) / 2 - t0, jobs, pending: b.pending, replicable: b.onTarget.length, waiting });
      if (at - lastShown >= 5000) {
        lastShown = at;
        say(
          `  ${((at - t0) / 1000).toFixed(1)} s: ${tables - b.pending}/${tables} tables in sync, ${runningCount(jobs)} jobs running, ${waiting} created on the target and waiting for a slot`,
        );
      }
    });
    const timer = setTimeout(() => void run.stop(), sizes.timeoutMs);
    const exitCode = await run.exited;
    const exitAt = Date.now();
    clearTimeout(timer);
    await Promise.all([jobSampler.stop(), versionSampler.stop()]);
    const cpu = await cpuMeter.stop();
    say(`  ${formatCpu(cpu)}`);
    const events = parseLog(run.infoLog());
    const log = breakdown(events, t0);
    if (exitCode !== 0) say(`  srsync exited with ${exitCode}: ${run.warnLog().split('\n').slice(-3).join(' | ')}`);

    const counts = samples.map((s) => ({ t: s.t, running: runningCount(s.jobs), pending: s.pending, replicable: s.replicable, waiting: s.waiting }));
    const firstJob = counts.find((s) => s.running > 0);
    const full = counts.find((s) => s.running >= Math.min(slots, tables));
    const withWork = counts.filter((s) => s.pending > 0);
    const gaps = withWork.slice(1).map((s, i) => s.t - withWork[i]!.t);
    const durations = jobDurations(samples);
    const { sentAt, finishedAt } = jobEventTimes(events);
    const final = pendingTables(srcVersions, await partitionVersions(tgt, dbs, 'DATA_VERSION'));
    say(`  verified: ${tables - final.pending}/${tables} tables with equal partition versions`);
    return {
      tables,
      slots,
      cns,
      tableBytes: Math.round(tableBytes),
      cnBandwidthBytesPerSec: bandwidth,
      syncedS: (exitAt - t0) / 1000,
      exitCode,
      busyShare: busyShare(counts, slots, (s) => s.pending),
      busyShareReplicable: busyShare(counts, slots, (s) => s.replicable),
      busyShareWaiting: busyShare(counts, slots, (s) => (s.waiting > 0 ? s.running + s.waiting : 0)),
      busyShareSteady: steady(counts, slots, full?.t),
      firstJobS: firstJob ? firstJob.t / 1000 : NaN,
      slotsFullS: full ? full.t / 1000 : NaN,
      samples: withWork.length,
      sampleIntervalMs: Math.round(mean(gaps)),
      peakRunning: Math.max(0, ...counts.map((s) => s.running)),
      jobP50S: percentile(durations, 0.5),
      jobP95S: percentile(durations, 0.95),
      jobsObserved: durations.length,
      refill: summarise(sampledRefills(samples)),
      refillLogged: summarise(loggedRefills(sentAt, finishedAt, slots)),
      verified: { versionsEqual: tables - final.pending },
      cpu,
      timeline: counts.map((s) => [s.t, s.running, s.pending, s.replicable]),
      log,
    };
  } finally {
    await res.dispose();
    dir.dispose();
  }
}
