// (7) Catalog scale: srsync's catalog read (bench/read-catalog.ts: ClusterInspector.snapshot(), the read `run`
// does every metadata round) at growing catalog sizes, each in a fresh child process that reports its wall time,
// its CPU time and its peak RSS (process.resourceUsage().maxRSS). One source sim grows by generate_catalog
// (databases of 1,000 tables × 10 partitions × 10 buckets) between the reads. Goals (issue 10): growth at most
// linear, 50,000 tables ≤ 10 s and ≤ 1 GiB.
//
// The source sim runs with --daemon-interval-ms 60000: its compaction and vacuum daemons scan every partition on
// each tick (100 ms by default), which at 500,000 partitions is most of a core taken from the same 2 cores as
// the read; a real FE runs them on its own machine. Nothing is loaded, so they have nothing to do either way.
import { startSim } from '../../harness/sim-pair.js';
import { readCatalogInChild } from './catalog-read.js';
import { goalRow, growthExponent, infoRow, type GoalRow } from '../lib/goals.js';
import { control, cpuSeconds, peakRssMb, Resources, ScratchDir, SIM_FLAGS } from '../lib/pair.js';
import { fmtS } from '../lib/stats.js';

export interface CatalogScaleSizes {
  /** Catalog sizes read, in tables (multiples of tablesPerDb), ascending. */
  tables: number[];
  tablesPerDb: number;
  partitionsPerTable: number;
  bucketsPerPartition: number;
}

export const CATALOG_SCALE_FULL: CatalogScaleSizes = {
  tables: [10_000, 30_000, 50_000],
  tablesPerDb: 1000,
  partitionsPerTable: 10,
  bucketsPerPartition: 10,
};
export const CATALOG_SCALE_QUICK: CatalogScaleSizes = {
  tables: [2_000, 6_000, 10_000],
  tablesPerDb: 1000,
  partitionsPerTable: 10,
  bucketsPerPartition: 10,
};

export const SCALE_GOAL = { tables: 50_000, seconds: 10, rssMb: 1024 } as const;

export interface ScalePoint {
  tables: number;
  partitions: number;
  tablets: number;
  /** Wall time of snapshot(), ms. */
  ms: number;
  /** CPU the reading process used during snapshot(), ms (the rest is waiting for the FE). */
  cpuMs: number;
  /** CPU the source sim used during the whole child run (its answers), s. */
  simCpuS: number;
  peakRssMb: number;
  baselineRssMb: number;
  retainedHeapMb: number;
  /** The sim's own peak RSS so far (it holds the catalog), MB. */
  simPeakRssMb: number;
}

export interface CatalogScaleResult {
  points: ScalePoint[];
  /** y ∝ tables^k between the smallest and the largest size (1 = linear). */
  timeExponent: number;
  rssExponent: number;
  /** The same for peak RSS above the process baseline (node + modules). */
  rssAboveBaselineExponent: number;
}

export async function catalogScale(s: CatalogScaleSizes, say: (line: string) => void): Promise<CatalogScaleResult> {
  const res = new Resources();
  const dir = new ScratchDir('srsync-bench-scale-');
  try {
    const source = await startSim({
      name: 'source',
      objectStore: dir.sub('object-store'),
      password: 'source-pw',
      extra: [...SIM_FLAGS, '--daemon-interval-ms', '60000'],
    });
    res.add(() => source.stop());
    const points: ScalePoint[] = [];
    let dbs = 0;
    for (const tables of s.tables) {
      const t0 = Date.now();
      while (dbs * s.tablesPerDb < tables) {
        await control(source, 'generate_catalog', {
          databases: 1,
          tablesPerDb: s.tablesPerDb,
          partitionsPerTable: s.partitionsPerTable,
          bucketsPerPartition: s.bucketsPerPartition,
          dbPrefix: `scale_db${dbs}_`,
        });
        dbs++;
      }
      const genS = (Date.now() - t0) / 1000;
      const cpu0 = cpuSeconds(source.child.pid) ?? NaN;
      const out = await readCatalogInChild(source, 600_000);
      const simCpuS = (cpuSeconds(source.child.pid) ?? NaN) - cpu0;
      if (out.tables !== dbs * s.tablesPerDb) throw new Error(`snapshot saw ${out.tables} tables, expected ${dbs * s.tablesPerDb}`);
      const p: ScalePoint = {
        tables: out.tables,
        partitions: out.partitions,
        tablets: out.tablets,
        ms: out.ms,
        cpuMs: out.cpuMs,
        simCpuS: Math.round(simCpuS * 10) / 10,
        peakRssMb: out.peakRssMb,
        baselineRssMb: out.baselineRssMb,
        retainedHeapMb: out.retainedHeapMb,
        simPeakRssMb: peakRssMb(source.child.pid) ?? NaN,
      };
      points.push(p);
      say(
        `  ${p.tables.toLocaleString('en')} tables / ${p.partitions.toLocaleString('en')} partitions / ${p.tablets.toLocaleString('en')} tablets (grown in ${genS.toFixed(1)} s): read ${fmtS(p.ms / 1000)} (its CPU ${fmtS(p.cpuMs / 1000)}, the sim's ${fmtS(p.simCpuS)}), peak RSS ${p.peakRssMb} MB (baseline ${p.baselineRssMb} MB, snapshot retains ${p.retainedHeapMb} MB of heap); sim peak RSS ${p.simPeakRssMb} MB`,
      );
    }
    const xs = points.map((p) => p.tables);
    return {
      points,
      timeExponent: growthExponent(
        xs,
        points.map((p) => p.ms),
      ),
      rssExponent: growthExponent(
        xs,
        points.map((p) => p.peakRssMb),
      ),
      rssAboveBaselineExponent: growthExponent(
        xs,
        points.map((p) => p.peakRssMb - p.baselineRssMb),
      ),
    };
  } finally {
    await res.dispose();
    dir.dispose();
  }
}

export function catalogScaleRows(r: CatalogScaleResult): GoalRow[] {
  const rows: GoalRow[] = [];
  const last = r.points[r.points.length - 1];
  for (const p of r.points) {
    const size = `${p.tables.toLocaleString('en')} tables (${p.tablets.toLocaleString('en')} tablets)`;
    const note = `read's own CPU ${fmtS(p.cpuMs / 1000)}, the source sim's CPU ${fmtS(p.simCpuS)} (the rest is the 2 shared cores); snapshot retains ${p.retainedHeapMb} MB of heap; baseline ${p.baselineRssMb} MB`;
    if (p.tables === SCALE_GOAL.tables) {
      rows.push(goalRow(`catalog read time, ${size}`, p.ms / 1000, SCALE_GOAL.seconds, 's', note));
      rows.push(goalRow(`catalog read peak RSS, ${size}`, p.peakRssMb, SCALE_GOAL.rssMb, 'MB'));
    } else {
      rows.push(infoRow(`catalog read time, ${size}`, p.ms / 1000, 's', note));
      rows.push(infoRow(`catalog read peak RSS, ${size}`, p.peakRssMb, 'MB'));
    }
  }
  if (last && r.points.length > 1) {
    const span = `${r.points[0]!.tables.toLocaleString('en')} → ${last.tables.toLocaleString('en')} tables`;
    rows.push(
      goalRow(
        `catalog read growth exponent, time (${span})`,
        r.timeExponent,
        1,
        'ratio',
        'k in time ∝ tables^k between the smallest and the largest catalog; 1 = linear',
      ),
    );
    rows.push(
      goalRow(
        `catalog read growth exponent, peak RSS (${span})`,
        r.rssExponent,
        1,
        'ratio',
        `above the process baseline: ${r.rssAboveBaselineExponent.toFixed(2)}`,
      ),
    );
  }
  return rows;
}
