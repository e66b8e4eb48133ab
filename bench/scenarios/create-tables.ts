// (2) Creating N tables on a fresh target: a generated source catalog (1 partition × 1 bucket per table, with
// version-1 metadata files so that the tables are valid replication sources) and a one-time srsync run.
import { breakdown, parseLog, type RunBreakdown } from '../lib/srsync-log.js';
import { lagResult, measureLag, type LagResult, type LoadTarget } from './lag.js';
import {
  Conn,
  control,
  CpuMeter,
  defaultConf,
  every,
  formatCpu,
  type CpuReport,
  prepareForMigration,
  Resources,
  ScratchDir,
  startBenchSrsync,
} from '../lib/pair.js';
import { startWarmPair } from '../lib/warm-pair.js';

export interface CreateTablesResult {
  tables: number;
  /** Seconds from srsync's start until the target had all N tables (sampled every ~500 ms). */
  allCreatedS: number;
  /** Seconds from srsync's start to its exit (0 = every table in sync). */
  exitS: number;
  exitCode: number | null;
  log: RunBreakdown;
  /** CPU seconds per process from srsync's start to its exit. */
  cpu: CpuReport;
  /** (4b) lag on this big catalog, when asked: a continuous run started after the one-time run finished. */
  lag?: LagResult;
}

export interface LagAfter {
  /** How many tables (of gen_db0) the loader writes to. */
  tables: number;
  durationMs: number;
  intervalMs: number;
}

export async function createTables(
  dbs: number,
  tablesPerDb: number,
  timeoutMs: number,
  say: (s: string) => void,
  lagAfter?: LagAfter,
): Promise<CreateTablesResult> {
  const res = new Resources();
  const dir = new ScratchDir('srsync-bench-create-');
  try {
    const { source, target } = await startWarmPair(res, dir);
    const n = dbs * tablesPerDb;
    await control(source, 'generate_catalog', {
      databases: dbs,
      tablesPerDb,
      partitionsPerTable: 1,
      bucketsPerPartition: 1,
      writeMetaFiles: true,
      dbPrefix: 'gen_db',
    });
    await prepareForMigration(source, target);
    say(`  source: ${n} tables in ${dbs} databases (generate_catalog, 1 partition × 1 bucket, metadata files written)`);
    const conf = defaultConf(dir.sub('conf'), source, target, { oneTime: true, reportS: 5 });
    const poll = await Conn.open(res, target);
    const t0 = Date.now();
    const run = startBenchSrsync(res, conf, dir.sub('log'));
    const cpuMeter = new CpuMeter({ srsync: run.child.pid, source: source.child.pid, target: target.child.pid });
    let allCreatedAt = NaN;
    let lastShown = 0;
    const sampler = every(500, async () => {
      if (Number.isFinite(allCreatedAt)) return;
      const rows = await poll.rows("SHOW PROC '/dbs'");
      const count = rows.filter((r) => String(r['DbName']).startsWith('gen_db')).reduce((a, r) => a + Number(r['TableNum'] ?? 0), 0);
      if (count >= n) allCreatedAt = Date.now();
      if (Date.now() - lastShown >= 5000 || count >= n) {
        lastShown = Date.now();
        say(`  ${((Date.now() - t0) / 1000).toFixed(1)} s: ${count}/${n} tables on the target`);
      }
    });
    const timer = setTimeout(() => void run.stop(), timeoutMs);
    const exitCode = await run.exited;
    const exitAt = Date.now();
    clearTimeout(timer);
    await sampler.stop();
    const cpu = await cpuMeter.stop();
    say(`  ${formatCpu(cpu)}`);
    const log = breakdown(parseLog(run.infoLog()), t0);
    if (exitCode !== 0)
      say(
        `  srsync exited with ${exitCode}${exitAt - t0 >= timeoutMs ? ' (stopped by the bench timeout)' : ''}: ${run.warnLog().split('\n').slice(-3).join(' | ')}`,
      );
    const result: CreateTablesResult = { tables: n, allCreatedS: (allCreatedAt - t0) / 1000, exitS: (exitAt - t0) / 1000, exitCode, log, cpu };
    if (lagAfter && exitCode === 0) {
      // The same pair, now in sync: srsync in continuous mode follows the whole catalog while a few tables load.
      const conf2 = defaultConf(dir.sub('conf-continuous'), source, target, { oneTime: false, reportS: 5 });
      const t1 = Date.now();
      const cont = startBenchSrsync(res, conf2, dir.sub('log-continuous'));
      await cont.waitForLog(/Sync table progress/, 120_000); // its first round (both catalogs read) is done
      const initialSyncS = (Date.now() - t1) / 1000;
      const targets: LoadTarget[] = Array.from({ length: Math.min(lagAfter.tables, tablesPerDb) }, (_, j) => ({
        db: 'gen_db0',
        table: `t${Math.floor((j * tablesPerDb) / lagAfter.tables)}`,
        values: (i: number) => `('2024-01-01', ${i}, 'load ${i}', 1.5, '2024-01-01 00:00:00')`,
      }));
      say(
        `  (4b) continuous run on this ${n}-table catalog: first round done after ${initialSyncS.toFixed(1)} s; loading ${targets.length} tables for ${lagAfter.durationMs / 1000} s, one INSERT every ~${lagAfter.intervalMs} ms`,
      );
      const m = await measureLag(res, source, target, cont, targets, {
        durationMs: lagAfter.durationMs,
        intervalMs: lagAfter.intervalMs,
        drainMs: 90_000,
      });
      say(`  ${formatCpu(m.cpu)}`);
      const code = await cont.stop('SIGTERM');
      result.lag = lagResult(m, { catalogTables: n, loadedTables: targets.length, initialSyncS, exitCode: code });
    }
    return result;
  } finally {
    await res.dispose();
    dir.dispose();
  }
}
