// `srsync check [--conf DIR] [--json]`: the read-only preflight of everything the migration needs, on both clusters
// and every FE. One line per finding (severity, object, what is wrong, the statement that fixes it), then a summary.
// Exit codes: 0 ready, 1 not ready (an error finding, or an unexpected failure), 2 bad configuration (nothing
// contacted), 3 a cluster's configured FE cannot be reached, logged into or read.
import { loadCommandConf, type CommandIo } from '../command/conf.js';
import { withReadSides } from '../command/sides.js';
import { engineSettings } from '../engine/run-sync.js';
import { ExitCode } from '../errors.js';
import { allFindings, findingLine, summaryLine } from './findings.js';
import { readCheckFacts } from './read.js';

/** Exit code when something the migration needs is missing. */
export const CHECK_NOT_READY = 1;

export interface CheckOptions {
  conf?: string;
  json?: boolean;
}

export async function checkCommand(opts: CheckOptions, deps: { env?: NodeJS.ProcessEnv }, io: CommandIo): Promise<number> {
  const conf = loadCommandConf(opts, deps, io);
  if (!conf.ok) return conf.exitCode;
  const { config, hostMap } = conf.value;
  const settings = engineSettings(config);
  return withReadSides(config, io, async (sides, mask) => {
    const facts = await readCheckFacts(sides, hostMap, settings.planner, config, settings.source);
    const findings = allFindings(facts);
    const ready = !findings.some((f) => f.severity === 'error');
    if (opts.json) {
      const side = (s: typeof facts.source) => ({ address: s.address, version: s.version, runMode: s.runMode, frontends: s.frontends });
      io.stdout(
        `${mask(JSON.stringify({ ready, summary: summaryLine(findings), findings, source: side(facts.source), target: side(facts.target) }, null, 2))}\n`,
      );
    } else {
      for (const f of findings) io.stdout(`${mask(findingLine(f))}\n`);
      io.stdout(`${summaryLine(findings)}\n`);
    }
    return ready ? ExitCode.ok : CHECK_NOT_READY;
  });
}
