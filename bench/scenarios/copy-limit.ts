// (6) The copy itself is the limit: N large tables copied by the simulated CNs alone (all jobs sent at once over
// Thrift by bench/lib/copy-alone.ts, no srsync), then srsync migrating the same catalog to a fresh target, from its
// start to all in sync; the ratio of the two is the figure (issue 10: ≤ 1.05).
//
// Sizes: the tables are loaded with `mbPerTable` MB each (one load per table, 6 buckets, 1 partition); the target
// CNs' bandwidth is then set (set_cn_bandwidth, per CN) so that the copy alone lasts about `copyTargetS` seconds:
// big tables at a scaled-down bandwidth, so that the machine's own disk and CPU are not the limit. The same bytes,
// bandwidth and CN threads (8 per CN, the default) serve both runs. The model floor is bytes / (CNs × bandwidth).
import type { SimProcess } from '../../harness/sim-pair.js';
import { replicationRequest, sendReplication, serviceId, tableLayout } from '../lib/copy-alone.js';
import {
  Conn,
  CpuMeter,
  control,
  defaultConf,
  formatCpu,
  type CpuReport,
  inParallel,
  prepareForMigration,
  Resources,
  ScratchDir,
  sleep,
  startBenchSim,
  startBenchSrsync,
  withoutLatency,
} from '../lib/pair.js';
import { startWarmPair } from '../lib/warm-pair.js';
import { goalRow, infoRow, type GoalRow } from '../lib/goals.js';
import { breakdown, parseLog, type LogEvent } from '../lib/srsync-log.js';
import { fmtS } from '../lib/stats.js';

export interface CopyLimitSizes {
  tables: number;
  mbPerTable: number;
  buckets: number;
  copyTargetS: number;
  timeoutMs: number;
}

export const COPY_LIMIT_FULL: CopyLimitSizes = { tables: 20, mbPerTable: 8, buckets: 6, copyTargetS: 20, timeoutMs: 240_000 };
export const COPY_LIMIT_QUICK: CopyLimitSizes = { tables: 20, mbPerTable: 2, buckets: 6, copyTargetS: 8, timeoutMs: 120_000 };

/** Goal of issue 10: srsync's start → all in sync over the copy alone. */
export const COPY_RATIO_GOAL = 1.05;

export interface CopyLimitResult {
  tables: number;
  bytes: number;
  cnCount: number;
  bandwidthBytesPerSec: number;
  /** bytes / (cnCount × bandwidth): the copy at full bandwidth on every CN, nothing else. */
  modelS: number;
  /** All requests sent at once over Thrift → every target partition at the source's version. */
  copyAloneS: number;
  /** srsync's process start → every target partition at the source's version (sampled every ~100 ms). */
  srsyncInSyncS: number;
  srsyncExitS: number;
  exitCode: number | null;
  /** From srsync's log: start → first DDL, first job sent, last job finished. */
  firstDdlS: number | null;
  firstJobSentS: number | null;
  lastJobFinishedS: number | null;
  /** srsync's start-up from its log, seconds since its process was spawned (see startupOf). */
  startup: Startup;
  cpuCopy: CpuReport;
  cpuSrsync: CpuReport;
}

/** Where srsync's start-up goes, from its log (seconds since the process was spawned; null: not logged). */
export interface Startup {
  /** First log line ("srsync … starting"): node, module loading, configuration. */
  processUpS: number | null;
  /** "srsync started": logins, versions, run modes, settings, service id checked (src/engine/preflight.ts). */
  preflightDoneS: number | null;
  firstDdlS: number | null;
  lastDdlS: number | null;
  firstJobSentS: number | null;
  lastJobSentS: number | null;
}

/** The start-up milestones of one srsync log (pure). */
export function startupOf(events: LogEvent[], t0: number): Startup {
  const at = (e: LogEvent | undefined) => (e === undefined ? null : (e.at - t0) / 1000);
  const ddl = events.filter((e) => e.text.startsWith('DDL done on target') || e.text.startsWith('DDL already done on target'));
  const sent = events.filter((e) => /^Replication job \S+ sent for /.test(e.text));
  return {
    processUpS: at(events[0]),
    preflightDoneS: at(events.find((e) => e.text.startsWith('srsync started'))),
    firstDdlS: at(ddl[0]),
    lastDdlS: at(ddl[ddl.length - 1]),
    firstJobSentS: at(sent[0]),
    lastJobSentS: at(sent[sent.length - 1]),
  };
}

const DB = 'copy_db';
const STAGE = 'copy_stage';
const CN_COUNT = 3;

/** Source partitions' versions, keyed `table\0partition`. */
async function versions(c: Conn, col: 'VISIBLE_VERSION' | 'DATA_VERSION'): Promise<Map<string, number>> {
  const rows = await c.rows(`SELECT TABLE_NAME, PARTITION_NAME, ${col} AS V FROM information_schema.partitions_meta WHERE DB_NAME = '${DB}'`);
  return new Map(rows.map((r) => [`${r['TABLE_NAME']}\u0000${r['PARTITION_NAME']}`, Number(r['V'])]));
}

/** Polls the target every ~intervalMs until every partition of `want` reached its version; returns ms since t0. */
async function waitVersions(
  tgt: Conn,
  want: Map<string, number>,
  t0: number,
  timeoutMs: number,
  alive: () => boolean,
  intervalMs = 100,
): Promise<number> {
  for (;;) {
    const t = await versions(tgt, 'DATA_VERSION');
    const now = Date.now();
    if ([...want].every(([k, v]) => (t.get(k) ?? -1) >= v)) return now - t0;
    if (!alive()) throw new Error('the run ended before the catalog was in sync');
    if (now - t0 > timeoutMs) throw new Error(`catalog not in sync after ${timeoutMs / 1000} s`);
    await sleep(intervalMs);
  }
}

/** Loads the source: a staging table of ~mb MB, copied once into each table (one load = one version each). */
async function loadSource(res: Resources, source: SimProcess, s: CopyLimitSizes): Promise<void> {
  const src = await Conn.open(res, source);
  try {
    await withoutLatency(source, async () => {
      await src.exec(`CREATE DATABASE ${DB}`);
      await src.exec(`CREATE DATABASE ${STAGE}`);
      await src.exec(`CREATE TABLE ${STAGE}.s (id BIGINT NOT NULL, v VARCHAR(65533)) DUPLICATE KEY(id) DISTRIBUTED BY HASH(id) BUCKETS ${s.buckets}`);
      const payload = 'x'.repeat(1000);
      const rowsPerInsert = 500;
      const inserts = Math.max(1, Math.round((s.mbPerTable * 1024 * 1024) / (rowsPerInsert * 1000)));
      for (let i = 0; i < inserts; i++) {
        const values = Array.from({ length: rowsPerInsert }, (_, j) => `(${i * rowsPerInsert + j}, '${payload}')`).join(', ');
        await src.exec(`INSERT INTO ${STAGE}.s VALUES ${values}`);
      }
      const names = Array.from({ length: s.tables }, (_, i) => `t${i}`);
      for (const t of names)
        await src.exec(
          `CREATE TABLE ${DB}.${t} (id BIGINT NOT NULL, v VARCHAR(65533)) DUPLICATE KEY(id) DISTRIBUTED BY HASH(id) BUCKETS ${s.buckets}`,
        );
      await inParallel(4, names, async (t) => src.exec(`INSERT INTO ${DB}.${t} SELECT * FROM ${STAGE}.s`));
      await src.exec(`DROP DATABASE ${STAGE} FORCE`);
    });
  } finally {
    await src.close();
  }
}

/** Waits until the source's versions have not moved for `quietMs` (its own compaction done). */
async function waitSettled(source: SimProcess, quietMs: number, timeoutMs: number): Promise<Map<string, number>> {
  const res = new Resources();
  const src = await Conn.open(res, source);
  try {
    const t0 = Date.now();
    let last = await versions(src, 'VISIBLE_VERSION');
    let since = Date.now();
    while (Date.now() - since < quietMs) {
      if (Date.now() - t0 > timeoutMs) break;
      await sleep(250);
      const v = await versions(src, 'VISIBLE_VERSION');
      if ([...v].some(([k, x]) => last.get(k) !== x)) since = Date.now();
      last = v;
    }
    return last;
  } finally {
    await res.dispose();
  }
}

/** The copy alone: target tables made by SQL, requests built from both FEs' answers, all sent at once. */
async function copyAlone(
  res: Resources,
  source: SimProcess,
  target: SimProcess,
  want: Map<string, number>,
  timeoutMs: number,
): Promise<{ ms: number; cpu: CpuReport }> {
  const src = await Conn.open(res, source);
  const tgt = await Conn.open(res, target);
  const tables = [...new Set([...want.keys()].map((k) => k.split('\u0000')[0]!))].sort();
  const [sid, volumes] = await Promise.all([serviceId(source), src.rows('SHOW STORAGE VOLUMES')]);
  const volume = String(volumes.find((v) => v['IsDefault'] === 'true')?.['Storage Volume'] ?? volumes[0]?.['Storage Volume'] ?? '');
  const requests = await withoutLatency(target, async () =>
    withoutLatency(source, async () => {
      await tgt.exec(`CREATE DATABASE IF NOT EXISTS ${DB}`);
      const out = [];
      for (const t of tables) {
        const ddl = (await src.rows(`SHOW CREATE TABLE ${DB}.${t}`))[0]?.['Create Table'];
        await tgt.exec(`USE ${DB}`);
        await tgt.exec(String(ddl));
        const [s, d] = await Promise.all([tableLayout(src, DB, t), tableLayout(tgt, DB, t)]);
        out.push(
          replicationRequest(s, d, {
            jobId: `bench-copy-${t}`,
            user: 'root',
            password: target.password,
            serviceId: sid,
            mirrorVolume: `src_${volume}`,
          }),
        );
      }
      return out;
    }),
  );
  const cpuMeter = new CpuMeter({ source: source.child.pid, target: target.child.pid });
  const t0 = Date.now();
  await Promise.all(requests.map((r) => sendReplication(target, r)));
  const ms = await waitVersions(tgt, want, t0, timeoutMs, () => true, 50);
  return { ms, cpu: await cpuMeter.stop() };
}

export async function copyLimit(s: CopyLimitSizes, say: (line: string) => void): Promise<CopyLimitResult> {
  const res = new Resources();
  const dir = new ScratchDir('srsync-bench-copy-');
  try {
    const { source, target } = await startWarmPair(res, dir);
    await loadSource(res, source, s);
    await prepareForMigration(source, target);
    const want = await waitSettled(source, 2000, 60_000);
    const src = await Conn.open(res, source);
    const sizeRows = await src.rows(`SELECT DATA_SIZE FROM information_schema.partitions_meta WHERE DB_NAME = '${DB}'`);
    await src.close();
    const bytes = sizeRows.reduce((n, r) => n + Number(r['DATA_SIZE'] ?? 0), 0);
    const bw = Math.max(4096, Math.floor(bytes / (CN_COUNT * s.copyTargetS)));
    const modelS = bytes / (CN_COUNT * bw);
    say(
      `  source: ${s.tables} tables × ${s.buckets} buckets, ${(bytes / 1024 / 1024).toFixed(1)} MiB in all (partitions_meta DATA_SIZE); target CNs limited to ${(bw / 1024 / 1024).toFixed(2)} MiB/s each (${CN_COUNT} CNs, 8 copy threads each): model floor ${fmtS(modelS)}`,
    );

    // 1. The copy alone (no srsync) on the first target.
    await control(target, 'set_cn_bandwidth', { bytesPerSec: bw });
    const alone = await copyAlone(res, source, target, want, s.timeoutMs);
    const copyAloneS = alone.ms / 1000;
    say(`  copy alone (${s.tables} requests sent at once over Thrift, no srsync): all in sync after ${fmtS(copyAloneS)}; ${formatCpu(alone.cpu)}`);
    await target.stop();

    // 2. srsync, default configuration, one-time run to a fresh target with the same CN bandwidth.
    const target2 = await startBenchSim(res, 'target2', dir.sub('object-store'), 'target-pw');
    await prepareForMigration(source, target2);
    await control(target2, 'set_cn_bandwidth', { bytesPerSec: bw });
    const tgt = await Conn.open(res, target2);
    const conf = defaultConf(dir.sub('conf'), source, target2, { oneTime: true, reportS: 5 });
    const t0 = Date.now();
    const run = startBenchSrsync(res, conf, dir.sub('log'));
    const cpuMeter = new CpuMeter({ srsync: run.child.pid, source: source.child.pid, target: target2.child.pid });
    const inSyncMs = await waitVersions(tgt, want, t0, s.timeoutMs, () => run.child.exitCode === null);
    const exitCode = await run.exited;
    const srsyncExitS = (Date.now() - t0) / 1000;
    const cpuSrsync = await cpuMeter.stop();
    const events = parseLog(run.infoLog());
    const log = breakdown(events, t0);
    const startup = startupOf(events, t0);
    say(
      `  srsync: all in sync after ${fmtS(inSyncMs / 1000)} (exit ${exitCode} at ${fmtS(srsyncExitS)}); start-up: ${fmtStartup(startup)}; last job finished at ${fmtS(log.lastJobFinishedS ?? NaN)}; ${formatCpu(cpuSrsync)}`,
    );
    return {
      tables: s.tables,
      bytes,
      cnCount: CN_COUNT,
      bandwidthBytesPerSec: bw,
      modelS,
      copyAloneS,
      srsyncInSyncS: inSyncMs / 1000,
      srsyncExitS,
      exitCode,
      firstDdlS: log.firstDdlS,
      firstJobSentS: log.firstJobSentS,
      lastJobFinishedS: log.lastJobFinishedS,
      startup,
      cpuCopy: alone.cpu,
      cpuSrsync,
    };
  } finally {
    await res.dispose();
    dir.dispose();
  }
}

export function fmtStartup(x: Startup): string {
  const f = (v: number | null) => fmtS(v ?? NaN);
  return `process up (first log line) ${f(x.processUpS)}, preflight done ${f(x.preflightDoneS)}, DDL ${f(x.firstDdlS)}–${f(x.lastDdlS)}, jobs sent ${f(x.firstJobSentS)}–${f(x.lastJobSentS)}`;
}

export function copyLimitRows(r: CopyLimitResult): GoalRow[] {
  const what = `${r.tables} tables, ${(r.bytes / 1024 / 1024).toFixed(0)} MiB at ${(r.bandwidthBytesPerSec / 1024 / 1024).toFixed(2)} MiB/s per CN × ${r.cnCount}`;
  const ratio = r.srsyncInSyncS / r.copyAloneS;
  return [
    infoRow(
      `copy alone (no srsync), ${what}`,
      r.copyAloneS,
      's',
      `all ${r.tables} requests sent at once over Thrift (bench/lib/copy-alone.ts) → every target partition at the source version; model floor bytes/(CNs × bandwidth) = ${fmtS(r.modelS)}`,
    ),
    infoRow(
      `srsync start → all in sync, same catalog`,
      r.srsyncInSyncS,
      's',
      `default config, one-time run to a fresh target; start-up (seconds since spawn): ${fmtStartup(r.startup)}; last job finished ${fmtS(r.lastJobFinishedS ?? NaN)}, exit ${r.exitCode} at ${fmtS(r.srsyncExitS)}`,
    ),
    goalRow(
      `srsync / copy alone (${what})`,
      ratio,
      COPY_RATIO_GOAL,
      'ratio',
      `srsync ${fmtS(r.srsyncInSyncS)} / copy alone ${fmtS(r.copyAloneS)}; against the model floor: ${(r.srsyncInSyncS / r.modelS).toFixed(2)}`,
    ),
  ];
}
