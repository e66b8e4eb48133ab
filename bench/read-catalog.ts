// One bulk catalog read by srsync's own code (src/inspector ClusterInspector.snapshot over src/cluster SqlClient),
// in its own process so that its peak RSS is the tool's and nobody else's.
//
//   tsx bench/read-catalog.ts --host 127.0.0.1 --port N --password PW [--threads 4]
//
// Prints one line of JSON: {ms, cpuMs, peakRssMb, baselineRssMb, sampledPeakRssMb, tables, partitions, tablets}
//   ms               wall time of ClusterInspector.snapshot() (connections already open: one warm-up query first)
//   cpuMs            CPU time (user + system) this process used during snapshot(): the rest of `ms` is waiting
//                    for the FE (its answers and latencies)
//   peakRssMb        process.resourceUsage().maxRSS at the end (the kernel's high-water mark of the whole process)
//   baselineRssMb    RSS just before the snapshot (node + tsx + modules loaded)
//   sampledPeakRssMb highest process.memoryUsage().rss sampled every 20 ms during the snapshot
//   retainedHeapMb   heapUsed after the snapshot with the snapshot still referenced, after a full GC (needs
//                    node --expose-gc; -1 without): what the model keeps, as opposed to the transient peak
// `tablets` counts the BUCKETS of every partition (the snapshot does not read tablet ids; see bench.ts).
import { SqlClient } from '../src/cluster/sql-client.js';
import { ClusterInspector } from '../src/inspector/inspector.js';

function arg(name: string, dflt?: string): string {
  const i = process.argv.indexOf(`--${name}`);
  const v = i >= 0 ? process.argv[i + 1] : dflt;
  if (v === undefined) throw new Error(`missing --${name}`);
  return v;
}

async function main(): Promise<void> {
  const threads = Number(arg('threads', '4'));
  const sql = new SqlClient(
    { host: arg('host', '127.0.0.1'), port: Number(arg('port')), user: 'root', password: arg('password', '') },
    // The engine's own pool settings for meta reads (src/engine/migrator.ts): max(2, meta_job_threads) connections.
    { connectTimeoutMs: 30_000, queryTimeoutMs: 600_000, connectionLimit: Math.max(2, threads) },
  );
  try {
    await sql.query('SELECT 1');
    const inspector = new ClusterInspector(sql);
    const mb = (b: number) => Math.round((b / 1024 / 1024) * 10) / 10;
    const baseline = process.memoryUsage().rss;
    let sampled = baseline;
    const sampler = setInterval(() => {
      sampled = Math.max(sampled, process.memoryUsage().rss);
    }, 20);
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    const snap = await inspector.snapshot({ serviceId: '' });
    const ms = performance.now() - t0;
    const cpu = process.cpuUsage(cpu0);
    clearInterval(sampler);
    sampled = Math.max(sampled, process.memoryUsage().rss);
    const gc = (globalThis as { gc?: () => void }).gc;
    let retainedHeapMb = -1;
    if (gc) {
      gc();
      retainedHeapMb = mb(process.memoryUsage().heapUsed);
    }
    let tables = 0;
    let partitions = 0;
    let tablets = 0;
    for (const db of snap.databases.values()) {
      for (const t of db.tables.values()) {
        tables++;
        for (const p of t.partitions.values()) {
          partitions++;
          tablets += p.buckets * p.physical.length;
        }
      }
    }
    const out = {
      ms: Math.round(ms),
      cpuMs: Math.round((cpu.user + cpu.system) / 1000),
      peakRssMb: mb(process.resourceUsage().maxRSS * 1024),
      baselineRssMb: mb(baseline),
      sampledPeakRssMb: mb(sampled),
      retainedHeapMb,
      tables,
      partitions,
      tablets,
    };
    process.stdout.write(JSON.stringify(out) + '\n');
  } finally {
    await sql.close();
  }
}

main().then(
  () => process.exit(0),
  (e: unknown) => {
    process.stderr.write(`read-catalog: ${(e as Error).stack ?? String(e)}\n`);
    process.exit(1);
  },
);
