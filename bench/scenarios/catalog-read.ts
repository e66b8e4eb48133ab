// (1) Catalog read: srsync's bulk snapshot of a generated catalog, timed in a child process that measures its
// own peak RSS (bench/read-catalog.ts).
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { ROOT } from '../../harness/sim-pair.js';
import { control, Resources, ScratchDir, startBenchSim } from '../lib/pair.js';

export interface CatalogSize {
  databases: number;
  tablesPerDb: number;
  partitionsPerTable: number;
  bucketsPerPartition: number;
}

export interface CatalogReadResult {
  size: { tables: number; partitions: number; tablets: number };
  /** Each run's wall time of ClusterInspector.snapshot(), ms (the first one pays for JIT warm-up in its process). */
  runsMs: number[];
  ms: number;
  peakRssMb: number;
  baselineRssMb: number;
  /** Heap still used by the finished snapshot after a full GC (median run), MB. */
  retainedHeapMb: number;
}

/** What bench/read-catalog.ts prints (its last line, JSON). */
export interface ChildOut {
  ms: number;
  /** CPU the reading process used during the snapshot, ms. */
  cpuMs: number;
  peakRssMb: number;
  baselineRssMb: number;
  sampledPeakRssMb: number;
  retainedHeapMb: number;
  tables: number;
  partitions: number;
  tablets: number;
}

const run = promisify(execFile);

/**
 * ClusterInspector.snapshot() of `source` in a fresh child process (bench/read-catalog.ts): its maxRSS is the peak
 * of one read, nothing left over from an earlier one.
 */
export async function readCatalogInChild(source: { queryPort: number; password: string }, timeoutMs: number): Promise<ChildOut> {
  const { stdout } = await run(
    process.execPath,
    ['--expose-gc', '--import', 'tsx', path.join(ROOT, 'bench/read-catalog.ts'), '--port', String(source.queryPort), '--password', source.password],
    { cwd: ROOT, maxBuffer: 1 << 20, timeout: timeoutMs },
  );
  return JSON.parse(stdout.trim().split('\n').pop()!) as ChildOut;
}

export async function catalogRead(size: CatalogSize, runs: number, say: (s: string) => void): Promise<CatalogReadResult> {
  const res = new Resources();
  const dir = new ScratchDir('srsync-bench-read-');
  try {
    const source = await startBenchSim(res, 'source', dir.sub('object-store'), 'source-pw');
    const made = (await control(source, 'generate_catalog', { ...size, writeMetaFiles: false })) as {
      tables: number;
      partitions: number;
      tablets: number;
    };
    say(`  source: ${made.tables} tables, ${made.partitions} partitions, ${made.tablets} tablets (generate_catalog, no meta files)`);
    const outs: ChildOut[] = [];
    for (let i = 0; i < runs; i++) {
      const out = await readCatalogInChild(source, 300_000);
      if (out.tables !== made.tables || out.partitions !== made.partitions) {
        throw new Error(`snapshot saw ${out.tables} tables / ${out.partitions} partitions, expected ${made.tables} / ${made.partitions}`);
      }
      say(
        `  run ${i + 1}: snapshot ${out.ms} ms, peak RSS ${out.peakRssMb} MB (baseline ${out.baselineRssMb} MB before the read; the snapshot itself retains ${out.retainedHeapMb} MB of heap after GC)`,
      );
      outs.push(out);
    }
    const sorted = [...outs].sort((a, b) => a.ms - b.ms);
    const median = sorted[Math.floor((sorted.length - 1) / 2)]!;
    return {
      size: { tables: made.tables, partitions: made.partitions, tablets: made.tablets },
      runsMs: outs.map((o) => o.ms),
      ms: median.ms,
      peakRssMb: Math.max(...outs.map((o) => o.peakRssMb)),
      baselineRssMb: median.baselineRssMb,
      retainedHeapMb: median.retainedHeapMb,
    };
  } finally {
    await res.dispose();
    dir.dispose();
  }
}
