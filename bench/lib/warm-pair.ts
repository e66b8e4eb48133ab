// The simulated clusters as a migration meets them in production: warm. A StarRocks FE is a long-running JVM whose
// DDL, catalog and replication paths have run many times before a migration starts; a simulator started for a
// scenario is a fresh Node.js process whose first CREATE TABLEs, information_schema answers and replication jobs
// run through V8's interpreter while its optimizing compiler works on background threads. On the 2-core bench VM
// that start-up JIT costs each simulator about a CPU second inside the timed window, taken from srsync and the other
// simulator (measured 2026-12-07 with perf: ~35 % of all CPU of a 1,000-table run went to V8's background threads),
// a cost that belongs to the simulator, not to StarRocks or srsync. So every scenario that times a migration starts
// its pair here: a small migration of its own (WARM_UP_TABLES loaded tables in WARM_UP_DB, srsync one-time with
// the default configuration) runs through both simulators and is dropped on both sides before the scenario builds
// its catalog. srsync itself always starts cold: every timed run is a new srsync process.
import { sql, type SimProcess } from '../../harness/sim-pair.js';
import { loadSource } from './load-source.js';
import { defaultConf, prepareForMigration, type Resources, type ScratchDir, startBenchPair, startBenchSrsync, withoutLatency } from './pair.js';

export const WARM_UP_DB = 'bench_warm_up';
/** Enough for the hot paths of both simulators to be optimized (each runs at least this many times). */
export const WARM_UP_TABLES = 100;

export interface WarmPair {
  source: SimProcess;
  target: SimProcess;
  /** Seconds the warm-up took (not part of any figure). */
  warmUpS: number;
}

/** Starts both simulators, migrates WARM_UP_TABLES loaded tables through them with srsync, then drops them on both sides. */
export async function startWarmPair(res: Resources, dir: ScratchDir): Promise<WarmPair> {
  const { source, target } = await startBenchPair(res, dir);
  const t0 = Date.now();
  await prepareForMigration(source, target);
  await withoutLatency(source, () => loadSource(res, source, [WARM_UP_DB], WARM_UP_TABLES, 8));
  const run = startBenchSrsync(res, defaultConf(dir.sub('warm-up-conf'), source, target, { oneTime: true, reportS: 5 }), dir.sub('warm-up-log'));
  const code = await run.exited;
  if (code !== 0) throw new Error(`the simulators' warm-up migration exited with ${code}: ${run.warnLog().trim().split('\n').slice(-2).join(' | ')}`);
  const drop = `DROP DATABASE \`${WARM_UP_DB}\` FORCE`;
  await Promise.all([sql(source, [drop]), sql(target, [drop])]);
  return { source, target, warmUpS: (Date.now() - t0) / 1000 };
}
