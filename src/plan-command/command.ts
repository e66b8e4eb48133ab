// `srsync plan [--conf DIR] [--json] [--throughput MB/s]`: the dry run. Reads both clusters over their query ports
// (SELECT / SHOW only: no DDL, no ADMIN SET, no RPC, no HTTP) and prints what `run` would do. Exit codes: 0 done,
// 1 failed, 2 bad configuration (nothing contacted), 3 a cluster cannot be reached, logged into or read.
import { loadCommandConf, type CommandIo } from '../command/conf.js';
import { loginSide, readOrRefuse, withReadSides } from '../command/sides.js';
import { engineSettings } from '../engine/run-sync.js';
import { ConfigError, ExitCode } from '../errors.js';
import { readDryRun } from './dry-run.js';
import { DEFAULT_THROUGHPUT_MB_S, formatPlanText, planReport } from './report.js';

export interface PlanOptions {
  conf?: string;
  json?: boolean;
  throughput?: string;
}

function throughputOf(text: string | undefined): number {
  if (text === undefined) return DEFAULT_THROUGHPUT_MB_S;
  const n = Number(text);
  if (!Number.isFinite(n) || n <= 0) throw new ConfigError(`--throughput must be a positive number of MB/s, not '${text}'`);
  return n;
}

export async function planCommand(opts: PlanOptions, deps: { env?: NodeJS.ProcessEnv }, io: CommandIo): Promise<number> {
  const conf = loadCommandConf(opts, deps, io, () => throughputOf(opts.throughput));
  if (!conf.ok) return conf.exitCode;
  const { config, options: throughput } = conf.value;
  const settings = engineSettings(config);
  return withReadSides(config, io, async ({ source, target }) => {
    await Promise.all([loginSide(source), loginSide(target)]);
    const [src, tgt] = await Promise.all([
      readOrRefuse(source, 'the catalog', () => source.inspector.snapshot({ serviceId: '' })),
      readOrRefuse(target, 'the catalog', () => target.inspector.snapshot({ serviceId: '' })),
    ]);
    const dry = await readOrRefuse(source, 'the DDL texts', () =>
      readDryRun({ source: source.inspector, target: target.inspector }, src, tgt, settings.planner, config.metaJobThreads),
    );
    const report = planReport(dry, dry.source, settings.planner, throughput, opts.throughput !== undefined);
    if (opts.json) io.stdout(`${JSON.stringify(report, null, 2)}\n`);
    else for (const line of formatPlanText(report)) io.stdout(`${line}\n`);
    return ExitCode.ok;
  });
}
