// (3) N loaded tables from srsync's start to all in sync, and (5) how busy the target's replication slots are
// while there is work, measured during the same run.
import fs from 'node:fs';
import path from 'node:path';
import { breakdown, parseLog, type LogEvent, type RunBreakdown } from '../lib/srsync-log.js';
import {
  Conn,
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
import { loadSource } from '../lib/load-source.js';
import { RUNNING_STATES } from '../lib/slots.js';
import { mean, percentile } from '../lib/stats.js';

export interface SlotSample {
  /** ms since srsync's start. */
  t: number;
  /** Target jobs in INITIALIZING / SNAPSHOTING / REPLICATING. */
  running: number;
  /** Source tables not yet in sync on the target (missing there, or a partition's DATA_VERSION behind). */
  pending: number;
  /** Of those, the ones that already exist on the target (a job could be sent for them now). */
  replicable: number;
}

export interface LoadedTablesResult {
  tables: number;
  /** Seconds from srsync's start to its exit 0 (it exits only after a round found every table in sync). */
  syncedS: number;
  /** Seconds from srsync's start until the bench's own sampler first saw every table in sync. */
  observedInSyncS: number;
  exitCode: number | null;
  slots: number;
  /** (5) mean over samples with pending > 0 of min(1, running / min(pending, slots)). */
  busyShare: number;
  /** The same over samples with replicable > 0, with min(replicable, slots) usable slots. */
  busyShareReplicable: number;
  samples: number;
  peakRunning: number;
  /** Target job durations seen by the bench: first seen in SHOW PROC '/replications' → first seen COMMITTED, s. */
  jobP50S: number;
  jobP95S: number;
  jobsObserved: number;
  /** Tables whose partition versions all match (of `tables`), and sampled tables with equal COUNT(*). */
  verified: { versionsEqual: number; sampled: number; countsEqual: number };
  /** CPU seconds per process from srsync's start to its exit. */
  cpu: CpuReport;
  /**
   * Per table created by srsync, seconds from its CREATE TABLE done (srsync's log) to its first job sent: median and
   * p90 (issue 10: a created table's job goes out at once), and how many tables were measured.
   */
  createdToSentP50S: number;
  createdToSentP90S: number;
  createdToSentTables: number;
  /** Bytes of data files srsync's jobs wrote into the target's object-store directories (what was copied). */
  bytesCopied: number;
  /** Sum of the source partitions' DATA_SIZE (information_schema.partitions_meta) of the migrated tables. */
  bytesInCatalog: number;
  /** Source partitions whose visible version moved on (e.g. a compaction published) between srsync's start and its end. */
  sourceMovedPartitions: number;
  /** With several runs (bench.ts medianRun): every run's start → in sync, s (this result is the median run). */
  runsS?: number[];
  /** Every slot sample as [ms since start, running, pending, replicable]. */
  timeline: Array<[number, number, number, number]>;
  log: RunBreakdown;
}

export type Versions = Map<string, Map<string, number>>; // db.table → partition → version

export async function partitionVersions(c: Conn, dbs: string[], column: 'VISIBLE_VERSION' | 'DATA_VERSION'): Promise<Versions> {
  const rows = await c.rows(
    `SELECT DB_NAME, TABLE_NAME, PARTITION_NAME, ${column} AS V FROM information_schema.partitions_meta WHERE DB_NAME IN (${dbs.map(q).join(', ')})`,
  );
  const out: Versions = new Map();
  for (const r of rows) {
    const k = `${r['DB_NAME']}.${r['TABLE_NAME']}`;
    let m = out.get(k);
    if (!m) out.set(k, (m = new Map()));
    m.set(String(r['PARTITION_NAME']), Number(r['V']));
  }
  return out;
}

/** Tables of `src` not yet in sync on `tgt`, and how many of them exist there. */
export function pendingTables(src: Versions, tgt: Versions): { pending: number; replicable: number } {
  let pending = 0;
  let replicable = 0;
  for (const [k, parts] of src) {
    const t = tgt.get(k);
    let synced = t !== undefined;
    if (t) for (const [p, v] of parts) if ((t.get(p) ?? -1) < v) synced = false;
    if (!synced) {
      pending++;
      if (t) replicable++;
    }
  }
  return { pending, replicable };
}

/** Seconds from each table's CREATE TABLE done to its first job sent, as srsync's log times them. */
export function createdToSentS(events: readonly LogEvent[]): number[] {
  const created = new Map<string, number>();
  const sent = new Map<string, number>();
  for (const e of events) {
    const c = /^DDL done on target: CREATE TABLE `([^`]+)`\.`([^`]+)`/.exec(e.text);
    if (c) {
      created.set(`${c[1]}.${c[2]}`, e.at);
      continue;
    }
    const j = /^Replication job \S+ sent for (\S+?):/.exec(e.text);
    if (j && !sent.has(j[1]!)) sent.set(j[1]!, e.at);
  }
  const out: number[] = [];
  for (const [k, at] of created) {
    const s = sent.get(k);
    if (s !== undefined) out.push((s - at) / 1000);
  }
  return out;
}

/** Bytes of the files under every `data` directory below `dir` (the copied segments; metadata left out). */
export function dataBytes(dir: string): number {
  let n = 0;
  const walk = (d: string, inData: boolean): void => {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(d, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p, inData || e.name === 'data');
      else if (inData && e.isFile()) n += fs.statSync(p).size;
    }
  };
  walk(dir, false);
  return n;
}

export async function loadedTables(
  dbCount: number,
  tablesPerDb: number,
  timeoutMs: number,
  say: (s: string) => void,
  /** Steering keys for srsync (default: none, the official defaults). */
  steering?: Record<string, string>,
  /** INSERTs per table: with 2 or more the source compacts them while srsync runs (bytes copied twice?). */
  loadsPerTable = 1,
): Promise<LoadedTablesResult> {
  const res = new Resources();
  const dir = new ScratchDir('srsync-bench-loaded-');
  try {
    const { source, target } = await startWarmPair(res, dir);
    const dbs = Array.from({ length: dbCount }, (_, i) => `load_db${i}`);
    const n = dbCount * tablesPerDb;
    const l0 = Date.now();
    // Several loads per table: the source's compaction is held until srsync has started, then let go 10
    // partitions at a time (lake_compaction_max_tasks), so that it publishes while srsync plans and sends.
    const compactionRace = loadsPerTable > 1;
    const setSourceCompaction = async (tasks: number) => {
      const c = await Conn.open(res, source);
      await c.exec(`ADMIN SET FRONTEND CONFIG ("lake_compaction_max_tasks" = "${tasks}")`);
      await c.close();
    };
    if (compactionRace) await setSourceCompaction(0);
    await withoutLatency(source, () => loadSource(res, source, dbs, tablesPerDb, 8, 10, loadsPerTable));
    say(
      `  source: ${n} tables (2 buckets, 10 rows each, CREATE TABLE + ${loadsPerTable > 1 ? `${loadsPerTable} INSERTs` : 'INSERT'} over 8 connections; latencies off while loading: ${((Date.now() - l0) / 1000).toFixed(1)} s)`,
    );
    await prepareForMigration(source, target);
    const srcConn = await Conn.open(res, source);
    const srcVersions = await partitionVersions(srcConn, dbs, 'VISIBLE_VERSION');
    await srcConn.close();
    const tgt = await Conn.open(res, target);
    const tgtPending = await Conn.open(res, target);
    const slotRow = (await tgt.rows("ADMIN SHOW FRONTEND CONFIG LIKE 'replication_max_parallel_table_count'"))[0];
    const slots = Number(slotRow?.['Value'] ?? 100);

    const conf = defaultConf(dir.sub('conf'), source, target, { oneTime: true, reportS: 5, steering });
    const t0 = Date.now();
    const run = startBenchSrsync(res, conf, dir.sub('log'));
    if (compactionRace) await setSourceCompaction(10);
    const cpuMeter = new CpuMeter({ srsync: run.child.pid, source: source.child.pid, target: target.child.pid });

    let pending = { pending: n, replicable: 0 };
    let inSyncAt = NaN;
    let lastShown = 0;
    const pendingSampler = every(300, async () => {
      pending = pendingTables(srcVersions, await partitionVersions(tgtPending, dbs, 'DATA_VERSION'));
      if (pending.pending === 0 && !Number.isFinite(inSyncAt)) inSyncAt = Date.now();
      if (Date.now() - lastShown >= 5000) {
        lastShown = Date.now();
        say(
          `  ${((Date.now() - t0) / 1000).toFixed(1)} s: ${n - pending.pending}/${n} tables in sync, ${pending.replicable} created on the target but not yet in sync`,
        );
      }
    });
    const samples: SlotSample[] = [];
    const firstSeen = new Map<string, number>();
    const committedSeen = new Map<string, number>();
    const slotSampler = every(100, async () => {
      const rows = await tgt.rows("SHOW PROC '/replications'");
      const now = Date.now();
      let running = 0;
      for (const r of rows) {
        const id = String(r['JobID']);
        const state = String(r['State']);
        if (!firstSeen.has(id)) firstSeen.set(id, now);
        if (RUNNING_STATES.has(state)) running++;
        else if (state === 'COMMITTED' && !committedSeen.has(id)) committedSeen.set(id, now);
      }
      samples.push({ t: now - t0, running, ...pending });
    });

    const timer = setTimeout(() => void run.stop(), timeoutMs);
    const exitCode = await run.exited;
    const exitAt = Date.now();
    clearTimeout(timer);
    await Promise.all([slotSampler.stop(), pendingSampler.stop()]);
    const cpu = await cpuMeter.stop();
    say(`  ${formatCpu(cpu)}`);
    const events = parseLog(run.infoLog());
    const log = breakdown(events, t0);
    const waits = createdToSentS(events);
    say(
      `  created → job sent (srsync's log, ${waits.length} tables): median ${percentile(waits, 0.5).toFixed(2)} s, p90 ${percentile(waits, 0.9).toFixed(2)} s`,
    );
    if (exitCode !== 0) say(`  srsync exited with ${exitCode}: ${run.warnLog().split('\n').slice(-3).join(' | ')}`);

    const withWork = samples.filter((s) => s.pending > 0);
    const share = withWork.map((s) => Math.min(1, s.running / Math.min(s.pending, slots)));
    const withReplicable = samples.filter((s) => s.replicable > 0);
    const shareReplicable = withReplicable.map((s) => Math.min(1, s.running / Math.min(s.replicable, slots)));
    const durations: number[] = [];
    for (const [id, at] of committedSeen) {
      const first = firstSeen.get(id)!;
      if (at > first) durations.push((at - first) / 1000);
    }

    // A sample of tables checked row by row (COUNT(*) on both sides) on top of the versions of all of them.
    const final = pendingTables(srcVersions, await partitionVersions(tgt, dbs, 'DATA_VERSION'));
    const sample = [...srcVersions.keys()].filter((_, i) => i % Math.max(1, Math.floor(n / 20)) === 0).slice(0, 20);
    const srcC = await Conn.open(res, source);
    // Source partitions that published a newer version (a compaction) while srsync ran.
    const srcAtEnd = await partitionVersions(srcC, dbs, 'VISIBLE_VERSION');
    // The catalog as the target should have it now: the source's data sizes at the end (after any compaction).
    const sizeRows = await srcC.rows(`SELECT DATA_SIZE FROM information_schema.partitions_meta WHERE DB_NAME IN (${dbs.map(q).join(', ')})`);
    const bytesInCatalog = sizeRows.reduce((n, r) => n + Number(r['DATA_SIZE'] ?? 0), 0);
    let sourceMoved = 0;
    for (const [k, parts] of srcAtEnd) for (const [p, v] of parts) if (v > (srcVersions.get(k)?.get(p) ?? v)) sourceMoved++;
    let ok = 0;
    for (const k of sample) {
      const [db, t] = k.split('.') as [string, string];
      const sql = `SELECT COUNT(*) AS c FROM \`${db}\`.\`${t}\``;
      const a = Number((await srcC.rows(sql))[0]?.['c']);
      const b = Number((await tgt.rows(sql).catch(() => [{ c: '-1' }]))[0]?.['c']);
      if (a === b && a > 0) ok++;
    }
    say(`  verified: ${n - final.pending}/${n} tables with equal partition versions; COUNT(*) equal on ${ok}/${sample.length} sampled tables`);
    const bytesCopied = dataBytes(path.join(dir.path, 'object-store', 'target-bucket'));
    say(
      `  bytes copied: ${bytesCopied} (data files in the target's object store) against ${bytesInCatalog} in the source catalog (DATA_SIZE): ${(bytesCopied / Math.max(1, bytesInCatalog)).toFixed(2)}×; ${sourceMoved} source partition(s) published a newer version while srsync ran`,
    );

    return {
      tables: n,
      syncedS: (exitAt - t0) / 1000,
      observedInSyncS: (inSyncAt - t0) / 1000,
      exitCode,
      slots,
      busyShare: mean(share),
      busyShareReplicable: mean(shareReplicable),
      samples: withWork.length,
      peakRunning: Math.max(0, ...samples.map((s) => s.running)),
      jobP50S: percentile(durations, 0.5),
      jobP95S: percentile(durations, 0.95),
      jobsObserved: durations.length,
      verified: { versionsEqual: n - final.pending, sampled: sample.length, countsEqual: ok },
      cpu,
      createdToSentP50S: percentile(waits, 0.5),
      createdToSentP90S: percentile(waits, 0.9),
      createdToSentTables: waits.length,
      bytesCopied,
      bytesInCatalog,
      sourceMovedPartitions: sourceMoved,
      timeline: samples.map((x) => [x.t, x.running, x.pending, x.replicable]),
      log,
    };
  } finally {
    await res.dispose();
    dir.dispose();
  }
}
