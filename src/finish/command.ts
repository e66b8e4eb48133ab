// `srsync finish [--conf DIR] [--yes] [--drop-src-volumes] [--json]`: after cutover, restores every FE setting
// `srsync prepare` recorded (<home>/run/prepare-record.json) to its recorded original, FE by FE, in the order of
// the manual's "After Migration" steps, WITH PERSISTENT where prepare set it that way; then reads every FE back;
// prints the fe.conf lines to remove; with --drop-src-volumes drops the src_ volumes prepare created (only those);
// and marks the record finished. Without a record it refuses: it never assumes defaults; while an `srsync run` of
// the same conf runs (cutover/run-process.ts findRuns) it refuses too. Asks like prepare.
// Exit codes: 0 done (or already finished), 1 refused or failed, 2 bad configuration, 3 a cluster unreachable.
import path from 'node:path';
import { readFrontendConfig, readSideFacts } from '../check/read.js';
import type { FrontendFacts } from '../check/findings.js';
import { SqlError } from '../cluster/sql-client.js';
import { loadCommandConf, type CommandIo } from '../command/conf.js';
import { loginSide, withReadSides } from '../command/sides.js';
import { ExitCode, type ClusterSide } from '../errors.js';
import type { RunbookDeps } from '../prepare/command.js';
import { onFrontend, setFrontendConfig } from '../runbook/frontend.js';
import { RunbookOutput } from '../runbook/output.js';
import { changedSettings, readRecord, recordPath, writeRecord, type PrepareRecord } from '../runbook/record.js';
import { findRuns } from '../cutover/run-process.js';
import { defaultHome } from '../util/install.js';
import { confirm, processTerminal } from '../runbook/terminal.js';
import { quoteIdent } from '../sql/quote.js';
import { createdVolumes, feConfLines, restoreLine, restorePlan, type RestoreStep } from './plan.js';

export interface FinishOptions {
  conf?: string;
  yes?: boolean;
  dropSrcVolumes?: boolean;
  json?: boolean;
}

const messageOf = (e: unknown) => (e instanceof Error ? e.message : String(e));
const where = (s: Pick<RestoreStep, 'side' | 'fe' | 'address'>) => `${s.side} FE ${s.fe ? `${s.fe} (${s.address})` : s.address}`;

export const NO_RECORD_HELP =
  'srsync finish restores only the values srsync prepare recorded, never assumed defaults; restore by hand as the manual\'s "After Migration" says, with the values your FEs had before the migration';

export async function finishCommand(opts: FinishOptions, deps: RunbookDeps, io: CommandIo): Promise<number> {
  const conf = loadCommandConf(opts, deps, io);
  if (!conf.ok) return conf.exitCode;
  const { config, hostMap, confDir } = conf.value;
  const file = recordPath(confDir);
  const now = () => (deps.now ?? (() => new Date()))().toISOString();
  let record: PrepareRecord | null;
  try {
    record = readRecord(file);
  } catch (e) {
    io.stderr(`finish: the record ${messageOf(e)}. Nothing changed\n`);
    return ExitCode.internal;
  }
  if (record === null) {
    io.stderr(
      `finish: no prepare record at ${file}: srsync prepare has not run with this installation (or its record was moved). ${NO_RECORD_HELP}. Nothing changed\n`,
    );
    return ExitCode.internal;
  }
  if (record.state === 'finished') {
    const out = new RunbookOutput('finish', io, opts.json === true, (t) => t);
    out.doc['result'] = 'already finished';
    out.doc['record'] = file;
    out.line(`finish: already finished at ${record.finishedAt ?? '?'} (record ${file}); nothing to do`);
    return out.end(ExitCode.ok);
  }
  const prepared = record;
  const env = deps.env ?? process.env;
  const running = findRuns(confDir, { pidFile: path.resolve(env['SRSYNC_PID_FILE'] || path.join(defaultHome(env), 'srsync.pid')) }).runs;
  if (running.length > 0) {
    io.stderr(
      `finish: srsync run of this configuration is still running (pid ${running.map((r) => r.pid).join(', ')}): stop it first (bin/stop.sh, or srsync cutover), as the manual's "After Migration" does before restoring the settings. Nothing changed\n`,
    );
    return ExitCode.internal;
  }
  return withReadSides(config, io, async (sides, mask) => {
    const out = new RunbookOutput('finish', io, opts.json === true, mask);
    out.doc['record'] = file;
    out.line(`finish: record ${file} (prepared ${prepared.createdAt}, ${changedSettings(prepared).length} settings changed)`);
    const [srcComment, tgtComment] = await Promise.all([loginSide(sides.source), loginSide(sides.target)]);
    const [source, target] = await Promise.all([
      readSideFacts(sides.source, srcComment, hostMap, config),
      readSideFacts(sides.target, tgtComment, hostMap, config),
    ]);
    for (const s of [source, target])
      if (s.operateError !== null)
        return out.refuse(`${s.side} user '${s.user}' lacks SYSTEM OPERATE (needed to read and set FE configs): ${s.operateError}`);
    const frontends: Record<ClusterSide, FrontendFacts[]> = { source: source.frontends, target: target.frontends };
    const steps = restorePlan(prepared, frontends);
    const unreachable = steps.filter((s) => s.action === 'set' && s.current === null);
    if (unreachable.length > 0) {
      for (const s of unreachable) out.list('blockers', `cannot restore ${s.key} on ${where(s)}: its query port cannot be used`);
      return out.refuse('every recorded FE must be read and changed', ExitCode.cluster);
    }
    const drop = opts.dropSrcVolumes ? createdVolumes(prepared) : [];
    for (const s of steps) out.list('restore', restoreLine(s));
    for (const v of drop) out.list('drop', `target: DROP STORAGE VOLUME ${quoteIdent(v)} (created by prepare)`);
    const toSet = steps.filter((s) => s.action === 'set');
    if (toSet.length > 0 || drop.length > 0) {
      const answer = await confirm(deps.terminal ?? processTerminal(), opts.yes === true, 'finish: restore these values?');
      if (answer === 'no-terminal') return out.refuse('not confirmed: no terminal to ask on; run with --yes to confirm from a script');
      if (answer === 'declined') return out.refuse('not confirmed');
    }
    const restored = [...(prepared.restored ?? [])];
    const save = () => {
      prepared.restored = restored;
      prepared.updatedAt = now();
      writeRecord(file, prepared);
    };
    for (const s of toSet) {
      try {
        const done = await onFrontend(sides[s.side], s.endpoint!, config, (sql) => setFrontendConfig(sql, s.key, s.original, s.persistent));
        restored.push({ side: s.side, address: s.address, key: s.key, value: s.original, at: now() });
        save();
        out.list(
          'restored',
          `restored: ${where(s)} ${s.key} = ${s.original}${done.persistent ? ' (WITH PERSISTENT)' : s.persistent ? ` (in memory only: WITH PERSISTENT refused: ${done.refused ?? '?'})` : ''}`,
        );
      } catch (e) {
        out.doc['result'] = 'failed';
        out.line(`finish: FAILED: ${where(s)} ${s.key}: ${messageOf(e)}; the record stays open: fix the cause and run finish again`);
        return out.end(e instanceof SqlError && e.transient ? ExitCode.cluster : ExitCode.internal);
      }
    }
    // Read every FE back (StarRocks forwards ADMIN SET to every alive FE: FEs whose originals differed cannot all
    // keep theirs by SQL alone).
    const wrong: string[] = [];
    for (const s of steps.filter((x) => x.action === 'set' || x.action === 'already')) {
      const value = await onFrontend(sides[s.side], s.endpoint!, config, async (sql) => (await readFrontendConfig(sql, [s.key])).settings[s.key]);
      if (value !== s.original)
        wrong.push(
          `NOT RESTORED: ${where(s)} ${s.key} is ${value ?? 'absent'}, recorded original ${s.original} (ADMIN SET is forwarded to every FE; set "${s.key} = ${s.original}" in that FE's fe.conf and restart it)`,
        );
    }
    for (const w of wrong) out.list('notRestored', w);
    for (const s of steps.filter((x) => x.action === 'fe-gone')) out.list('notRestored', `NOT RESTORED: ${restoreLine(s)}`);
    const dropped = [...(prepared.droppedVolumes ?? [])];
    if (drop.length > 0) {
      const present = new Set((await sides.target.sql.query('SHOW STORAGE VOLUMES')).map((r) => r['Storage Volume'] ?? ''));
      for (const v of drop) {
        if (!present.has(v)) {
          out.list('dropped', `target volume ${v}: already gone`);
          continue;
        }
        try {
          await sides.target.sql.exec(`DROP STORAGE VOLUME ${quoteIdent(v)}`);
          dropped.push(v);
          prepared.droppedVolumes = dropped;
          save();
          out.list('dropped', `dropped: target volume ${v}`);
        } catch (e) {
          wrong.push(`NOT DROPPED: target volume ${v}: ${messageOf(e)}`);
          out.list('notRestored', `NOT DROPPED: target volume ${v}: ${messageOf(e)}`);
        }
      }
    } else if (createdVolumes(prepared).length > 0) {
      out.line(`note: src_ volumes prepare created are kept: ${createdVolumes(prepared).join(', ')} (finish --drop-src-volumes drops them)`);
    }
    for (const l of feConfLines(prepared)) out.list('feConf', l);
    if (createdVolumes(prepared).length > 0)
      out.line('note: revoke the temporary keys of the src_ volumes (manual: "These can be revoked after migration is complete")');
    const gone = steps.filter((s) => s.action === 'fe-gone').length;
    if (wrong.length > 0 || gone > 0) {
      out.doc['result'] = 'failed';
      out.line(`finish: ${wrong.length + gone} items not restored (above); the record stays open (${file}): fix them and run finish again`);
      return out.end(ExitCode.internal);
    }
    prepared.state = 'finished';
    prepared.finishedAt = now();
    save();
    out.doc['result'] = 'done';
    out.line(
      `finish: done, ${toSet.length} values restored, ${drop.length > 0 ? `${dropped.length} volumes dropped, ` : ''}record ${file} marked finished`,
    );
    return out.end(ExitCode.ok);
  });
}
