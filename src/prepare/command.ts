// `srsync prepare [--conf DIR] [--yes] [--json]`: applies what `srsync check` finds missing that a tool may change,
// after listing it and asking (`--yes` answers for a script; without a terminal and without --yes it refuses):
// the manual's FE settings on every FE of each cluster (WITH PERSISTENT where the version has it; a static key only
// as the fe.conf lines to add) and the missing `src_<volume>` volumes on the target (keys from
// prepare_src_volume_access_key / _secret_key or asked on the terminal; never printed). Before changing anything it
// records every original value per FE in <home>/run/prepare-record.json (runbook/record.ts); a second run changes
// nothing and keeps the first originals. Exit codes: 0 done, 1 refused or failed (also: errors left that prepare
// does not fix), 2 bad configuration, 3 a cluster (or one of its FEs) cannot be reached.
import { findingLine } from '../check/findings.js';
import { readCheckFacts } from '../check/read.js';
import { SqlError } from '../cluster/sql-client.js';
import { loadCommandConf, type CommandIo } from '../command/conf.js';
import { maskWith } from '../command/mask.js';
import { whereOf, withReadSides, type ReadSides, type SideTimeouts } from '../command/sides.js';
import { engineSettings } from '../engine/run-sync.js';
import { ExitCode } from '../errors.js';
import { escapeControl } from '../log/escape.js';
import { RunbookOutput } from '../runbook/output.js';
import { archiveFinished, mergeRecord, readRecord, recordPath, writeRecord, RECORD_VERSION, type PrepareRecord } from '../runbook/record.js';
import { onFrontend, setFrontendConfig } from '../runbook/frontend.js';
import { feConfLine } from '../runbook/settings.js';
import { confirm, processTerminal, type Terminal } from '../runbook/terminal.js';
import { changeLines, changesSomething, createVolumeSql, plannedRecord, preparePlan, type PreparePlan, type SettingChange } from './plan.js';

export interface PrepareOptions {
  conf?: string;
  yes?: boolean;
  json?: boolean;
}

export interface RunbookDeps {
  env?: NodeJS.ProcessEnv;
  /** Where to ask (default: the process's stdin/stderr when they are a terminal). */
  terminal?: Terminal;
  now?: () => Date;
}

export const TEMPORARY_KEYS_NOTE =
  'use temporary credentials (access key / secret key) for the src_ volumes, as the manual recommends: revoke them after srsync finish';

const feLabel = (c: Pick<SettingChange, 'side' | 'fe' | 'address'>) => `${c.side} FE ${c.fe ? `${c.fe} (${c.address})` : c.address}`;
const messageOf = (e: unknown) => (e instanceof Error ? e.message : String(e));

async function credentials(
  config: { prepareSrcVolumeAccessKey: string; prepareSrcVolumeSecretKey: string },
  terminal: Terminal,
): Promise<{ accessKey: string; secretKey: string } | null> {
  let accessKey = config.prepareSrcVolumeAccessKey;
  let secretKey = config.prepareSrcVolumeSecretKey;
  if (accessKey === '' && terminal.isTty) accessKey = (await terminal.askSecret('access key for the src_ volumes (input hidden): ')).trim();
  if (secretKey === '' && terminal.isTty) secretKey = (await terminal.askSecret('secret key for the src_ volumes (input hidden): ')).trim();
  return accessKey !== '' && secretKey !== '' ? { accessKey, secretKey } : null;
}

export async function prepareCommand(opts: PrepareOptions, deps: RunbookDeps, io: CommandIo): Promise<number> {
  const conf = loadCommandConf(opts, deps, io);
  if (!conf.ok) return conf.exitCode;
  const { config, hostMap, confDir } = conf.value;
  const settings = engineSettings(config);
  const terminal = deps.terminal ?? processTerminal();
  const now = () => (deps.now ?? (() => new Date()))().toISOString();
  const file = recordPath(confDir);
  let previous: PrepareRecord | null;
  try {
    previous = readRecord(file);
  } catch (e) {
    io.stderr(`prepare: the record ${messageOf(e)}; move it away (srsync finish needs its originals) before preparing again. Nothing changed\n`);
    return ExitCode.internal;
  }
  return withReadSides(config, io, async (sides, configMask) => {
    const out = new RunbookOutput('prepare', io, opts.json === true, configMask);
    const facts = await readCheckFacts(sides, hostMap, settings.planner, config, settings.source);
    const plan = preparePlan(facts);
    out.doc['record'] = file;
    out.line(
      `prepare: source ${facts.source.address} (StarRocks ${facts.source.version || '?'}, ${facts.source.frontends.length} FE), target ${facts.target.address} (StarRocks ${facts.target.version || '?'}, ${facts.target.frontends.length} FE)`,
    );
    if (plan.blockers.length > 0) {
      for (const b of plan.blockers) out.list('blockers', `cannot prepare: ${b.reason}`);
      return out.refuse(
        'every FE of both clusters must be read and changed',
        plan.blockers.some((b) => b.unreachable) ? ExitCode.cluster : ExitCode.internal,
      );
    }
    for (const l of changeLines(plan)) out.list('changes', l);
    for (const f of plan.byHand) out.list('byHand', `left to you: ${findingLine(f)}`);
    if (plan.settings.length === 0 && plan.volumes.length === 0) {
      out.doc['result'] = 'nothing to change';
      out.line(
        `prepare: nothing to change: every FE setting and src_ volume is as the manual asks${plan.byHand.length > 0 ? `; ${plan.byHand.length} findings left to you` : ''}`,
      );
      return out.end(plan.byHand.length > 0 ? ExitCode.internal : ExitCode.ok);
    }
    if (plan.volumes.length > 0 && (config.prepareSrcVolumeAccessKey === '' || config.prepareSrcVolumeSecretKey === '') && !terminal.isTty)
      return out.refuse(
        'creating the src_ volumes needs their keys: set prepare_src_volume_access_key and prepare_src_volume_secret_key in conf/sync.properties, or run on a terminal to be asked',
      );
    if (changesSomething(plan)) {
      const answer = await confirm(terminal, opts.yes === true, 'prepare: apply these changes?');
      if (answer === 'no-terminal') return out.refuse('not confirmed: no terminal to ask on; run with --yes to confirm from a script');
      if (answer === 'declined') return out.refuse('not confirmed');
    }
    let keys: { accessKey: string; secretKey: string } | null = null;
    if (plan.volumes.length > 0) {
      keys = await credentials(config, terminal);
      if (keys === null) return out.refuse('no keys for the src_ volumes were given');
      out.mask = (t) => maskWith([keys!.accessKey, keys!.secretKey])(configMask(t));
    }
    return apply(plan, {
      sides,
      t: config,
      previous,
      file,
      now,
      out,
      keys,
      versions: { source: facts.source.version, target: facts.target.version },
    });
  });
}

interface ApplyContext {
  sides: ReadSides;
  t: SideTimeouts;
  previous: PrepareRecord | null;
  file: string;
  now: () => string;
  out: RunbookOutput;
  keys: { accessKey: string; secretKey: string } | null;
  versions: { source: string; target: string };
}

/** Records the originals, then changes FE by FE in the plan's order, then creates the volumes; the record follows. */
async function apply(plan: PreparePlan, c: ApplyContext): Promise<number> {
  const { out } = c;
  const at = c.now();
  const planned = plannedRecord(plan);
  const first: PrepareRecord = {
    version: RECORD_VERSION,
    createdAt: at,
    updatedAt: at,
    state: 'prepared',
    source: { address: whereOf(c.sides.source), version: c.versions.source },
    target: { address: whereOf(c.sides.target), version: c.versions.target },
    ...planned,
  };
  const record = mergeRecord(c.previous, first);
  const archived = c.previous ? archiveFinished(c.file, c.previous) : null;
  if (archived !== null) out.line(`prepare: the finished record of the last migration moved to ${archived}`);
  writeRecord(c.file, record);
  out.line(`prepare: recorded the original values in ${c.file}`);
  const rowOf = (ch: SettingChange) => record.settings.find((s) => s.side === ch.side && s.address === ch.address && s.key === ch.key)!;
  const feConf: string[] = [];
  let changed = 0;
  for (const ch of plan.settings) {
    if (ch.mode === 'static') {
      feConf.push(`${feLabel(ch)}: add to fe.conf "${feConfLine(ch.key, ch.to)}" and restart that FE (${ch.key} is static)`);
      continue;
    }
    const side = c.sides[ch.side];
    try {
      const done = await onFrontend(side, ch.endpoint, c.t, (sql) => setFrontendConfig(sql, ch.key, ch.to, ch.mode === 'persistent'));
      const row = rowOf(ch);
      row.mode = done.persistent ? 'persistent' : 'memory';
      row.appliedAt = c.now();
      record.updatedAt = row.appliedAt;
      writeRecord(c.file, record);
      changed++;
      out.list(
        'applied',
        `applied: ${feLabel(ch)} ${ch.key} = ${ch.to}${done.persistent ? ' (WITH PERSISTENT: the FE wrote it to its fe.conf)' : ''}`,
      );
      if (!done.persistent)
        feConf.push(
          `${feLabel(ch)}: add to fe.conf "${feConfLine(ch.key, ch.to)}" (set in memory only${done.refused ? `; WITH PERSISTENT refused: ${done.refused}` : ''}; a restart of that FE would revert it)`,
        );
    } catch (e) {
      return failed(out, `${feLabel(ch)} ${ch.key}: ${messageOf(e)}`, e, changed, c.file, feConf);
    }
  }
  for (const v of plan.volumes) {
    try {
      await c.sides.target.sql.exec(createVolumeSql(v, c.keys!.accessKey, c.keys!.secretKey));
    } catch (e) {
      return failed(out, `CREATE STORAGE VOLUME ${v.name}: ${messageOf(e)}`, e, changed, c.file, feConf);
    }
    const row = record.volumes.find((x) => x.name === v.name)!;
    row.createdAt = c.now();
    record.updatedAt = row.createdAt;
    writeRecord(c.file, record);
    changed++;
    out.list('applied', `created: target storage volume ${v.name} at ${v.locations.join(', ')} (aws.s3.enable_partitioned_prefix = false)`);
  }
  for (const l of feConf) out.list('feConf', l);
  if (plan.volumes.length > 0) out.line(`note: ${TEMPORARY_KEYS_NOTE}`);
  out.doc['result'] = 'done';
  out.line(
    `prepare: done, ${changed} changes${plan.byHand.length > 0 ? `; ${plan.byHand.length} findings left to you (see above)` : ''}; record ${c.file}; next: srsync check`,
  );
  return out.end(plan.byHand.length > 0 ? ExitCode.internal : ExitCode.ok);
}

function failed(out: RunbookOutput, what: string, e: unknown, changed: number, file: string, feConf: readonly string[]): number {
  for (const l of feConf) out.list('feConf', l);
  out.doc['result'] = 'failed';
  out.doc['error'] = out.mask(escapeControl(what));
  out.line(`prepare: FAILED: ${what}`);
  out.line(`prepare: ${changed} changes were made before it, all in ${file}; fix the cause and run prepare again (or srsync finish to restore)`);
  return out.end(e instanceof SqlError && e.transient ? ExitCode.cluster : ExitCode.internal);
}
