// (4) Lag under a continuous load: srsync in continuous mode (one_time_run_mode=false) on a small catalog; a
// loader INSERTs into a random table every ~interval; each load's publish time (the INSERT returned) is compared
// with the first target sample in which that partition's DATA_VERSION reached the load's version.
import { Conn, CpuMeter, defaultConf, every, formatCpu, inParallel, prepareForMigration, q, Resources, ScratchDir, sleep, startBenchPair, startBenchSrsync, withoutLatency } from '../lib/pair.js';
import { percentile } from '../lib/stats.js';

export interface LagResult {
  tables: number;
  loads: number;
  /** Loads that became visible on the target before the deadline. */
  seen: number;
  p50S: number;
  p95S: number;
  maxS: number;
  /** Seconds from srsync's start until the initial copy of the catalog was in sync. */
  initialSyncS: number;
  /** Target job durations (first seen in SHOW PROC '/replications' → first seen COMMITTED), s. */
  jobP50S: number;
  jobsObserved: number;
  exitCode: number | null;
  /** CPU seconds per process while loading and draining. */
  cpu: { wallS: number; cpuS: Record<string, number> };
}

interface Load {
  table: string;
  partition: string;
  version: number;
  publishedAt: number;
  visibleAt?: number;
}

const DB = 'lag_db';

export async function lag(tables: number, durationMs: number, intervalMs: number, say: (s: string) => void): Promise<LagResult> {
  const res = new Resources();
  const dir = new ScratchDir('srsync-bench-lag-');
  try {
    const { source, target } = await startBenchPair(res, dir);
    const names = Array.from({ length: tables }, (_, i) => `t${i}`);
    const src = await Conn.open(res, source);
    await withoutLatency(source, async () => {
      await src.exec(`CREATE DATABASE ${DB}`);
      await inParallel(1, names, async (t) => {
        await src.exec(`CREATE TABLE ${DB}.${t} (id BIGINT NOT NULL, v VARCHAR(32)) DUPLICATE KEY(id) DISTRIBUTED BY HASH(id) BUCKETS 2`);
        await src.exec(`INSERT INTO ${DB}.${t} VALUES (0, 'initial')`);
      });
    });
    await prepareForMigration(source, target);
    const tgt = await Conn.open(res, target);
    const versions = async (c: Conn, col: 'VISIBLE_VERSION' | 'DATA_VERSION') => {
      const rows = await c.rows(`SELECT TABLE_NAME, PARTITION_NAME, ${col} AS V FROM information_schema.partitions_meta WHERE DB_NAME = ${q(DB)}`);
      return new Map(rows.map((r) => [`${r['TABLE_NAME']}\u0000${r['PARTITION_NAME']}`, Number(r['V'])]));
    };

    const conf = defaultConf(dir.sub('conf'), source, target, { oneTime: false, reportS: 5 });
    const t0 = Date.now();
    const run = startBenchSrsync(res, conf, dir.sub('log'));

    // Initial copy first: the lag is measured on a catalog that is in sync when the load starts.
    const initial = await versions(src, 'VISIBLE_VERSION');
    for (;;) {
      if (run.child.exitCode !== null) throw new Error(`srsync exited (${run.child.exitCode}) during the initial copy: ${run.warnLog().slice(-500)}`);
      const t = await versions(tgt, 'DATA_VERSION');
      if ([...initial].every(([k, v]) => (t.get(k) ?? -1) >= v)) break;
      if (Date.now() - t0 > 120_000) throw new Error('initial copy not in sync after 120 s');
      await sleep(200);
    }
    const initialSyncS = (Date.now() - t0) / 1000;
    say(`  initial copy of ${tables} tables in sync after ${initialSyncS.toFixed(1)} s; loading for ${durationMs / 1000} s, one INSERT every ~${intervalMs} ms`);

    const cpuMeter = new CpuMeter({ srsync: run.child.pid, source: source.child.pid, target: target.child.pid });
    const loads: Load[] = [];
    const firstSeen = new Map<string, number>();
    const committedSeen = new Map<string, number>();
    const watcher = every(100, async () => {
      const t = await versions(tgt, 'DATA_VERSION');
      const now = Date.now();
      for (const l of loads) if (l.visibleAt === undefined && (t.get(`${l.table}\u0000${l.partition}`) ?? -1) >= l.version) l.visibleAt = now;
      for (const r of await tgt.rows("SHOW PROC '/replications'")) {
        const id = String(r['JobID']);
        if (!firstSeen.has(id)) firstSeen.set(id, now);
        if (r['State'] === 'COMMITTED' && !committedSeen.has(id)) committedSeen.set(id, now);
      }
    });

    const loadEnd = Date.now() + durationMs;
    let i = 0;
    while (Date.now() < loadEnd) {
      const started = Date.now();
      const table = names[Math.floor(Math.random() * names.length)]!;
      await src.exec(`INSERT INTO ${DB}.${table} VALUES (${++i}, 'load ${i}')`);
      const publishedAt = Date.now();
      // The loader is the only writer, so the partition's visible version right after the INSERT is its version.
      const row = (await src.rows(`SELECT PARTITION_NAME, VISIBLE_VERSION FROM information_schema.partitions_meta WHERE DB_NAME = ${q(DB)} AND TABLE_NAME = ${q(table)}`))[0];
      loads.push({ table, partition: String(row?.['PARTITION_NAME']), version: Number(row?.['VISIBLE_VERSION']), publishedAt });
      await sleep(Math.max(0, intervalMs - (Date.now() - started)));
    }
    const drainUntil = Date.now() + 60_000;
    while (loads.some((l) => l.visibleAt === undefined) && Date.now() < drainUntil) await sleep(200);
    await watcher.stop();
    const cpu = await cpuMeter.stop();
    say(`  ${formatCpu(cpu)}`);
    const exitCode = await run.stop('SIGTERM');

    const lags = loads.filter((l) => l.visibleAt !== undefined).map((l) => (l.visibleAt! - l.publishedAt) / 1000);
    const jobs: number[] = [];
    for (const [id, at] of committedSeen) if (at > firstSeen.get(id)!) jobs.push((at - firstSeen.get(id)!) / 1000);
    return {
      tables,
      loads: loads.length,
      seen: lags.length,
      p50S: percentile(lags, 0.5),
      p95S: percentile(lags, 0.95),
      maxS: Math.max(...lags),
      initialSyncS,
      jobP50S: percentile(jobs, 0.5),
      jobsObserved: jobs.length,
      exitCode,
      cpu,
    };
  } finally {
    await res.dispose();
    dir.dispose();
  }
}
