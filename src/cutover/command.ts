// `srsync cutover [--conf DIR] [--quiet-seconds N] [--timeout S] [--report FILE] [--yes]`: the manual's After Migration
// procedure as one guided command, on the same conf/ as `srsync run`:
//   1. the source has stopped receiving writes: no new version on any selected partition for the quiet period;
//   2. zero lag: every selected object in sync on the target (verify's compareClusters);
//   3. `verify --content` on everything selected (verify's contentOfTables), the source still unchanged after it;
//   4. the running `srsync run` of this conf stopped gracefully (SIGTERM, as bin/stop.sh; run-process.ts);
//   5. an auditable report (text + JSON, report.ts) and the next steps.
// It never declares success on a difference. Reads only (SELECT / SHOW over the query ports); the only thing it
// changes is the srsync run it stops. Exit 0 done, 1 not done, 2 bad configuration or options, 3 a cluster unreachable.
import fs from 'node:fs';
import path from 'node:path';
import { loadCommandConf, type CommandIo } from '../command/conf.js';
import { loginSide, readAt, whereOf, withReadSides, type ReadSide } from '../command/sides.js';
import { formatDataListEntry } from '../config/data-list.js';
import { checkSelection } from '../engine/selection-check.js';
import { ConfigError, ExitCode } from '../errors.js';
import { SYSTEM_DATABASES } from '../inspector/inspector.js';
import { escapeControl } from '../log/escape.js';
import type { ClusterSnapshot } from '../model/snapshot.js';
import { makeScope } from '../planner/scope.js';
import { defaultHome, srsyncVersion } from '../util/install.js';
import { compareClusters, targetDatabaseFilter, type VerifyReport } from '../verify/compare.js';
import { contentOfTables } from '../verify/content-read.js';
import { summarizeContent, type TableContent } from '../verify/content.js';
import { readCatalog } from '../verify/read.js';
import {
  differenceLines,
  nextSteps,
  reportDocument,
  reportText,
  type CutoverFacts,
  type RunFacts,
  type SideFacts,
  type StepName,
  type StepRecord,
} from './report.js';
import { clearPidFile, findRuns, stopRun } from './run-process.js';
import { confirm, processTerminal } from '../runbook/terminal.js';
import { verifyConfig } from '../verify/command.js';
import { contentVerdict, movementText, versionMovements, versionsOfRows, type Selected, type SourceVersions } from './versions.js';
import { waitForQuietSource, waitForZeroLag, type Clock } from './wait.js';

/** Exit code when the cutover is not done (something differs, the source kept moving, the timeout came). */
export const CUTOVER_NOT_DONE = 1;
export const DEFAULT_QUIET_SECONDS = 60;
export const DEFAULT_TIMEOUT_SECONDS = 600;
/** Source versions are read at most this often while waiting for quiet (a quarter of the quiet period when shorter). */
const QUIET_POLL_MS = 5000;
/** Both catalogs are read this often while waiting for zero lag. */
const LAG_POLL_MS = 2000;
/** How long a stopped run may take to exit (bin/stop.sh's default). */
const STOP_TIMEOUT_MS = 60_000;

export interface CutoverOptions {
  conf?: string;
  quietSeconds?: string;
  timeout?: string;
  report?: string;
  yes?: boolean;
}

export interface CutoverIo extends CommandIo {
  /** Asks a yes/no question (default: a line from a terminal's stdin; no terminal: no). */
  confirm?(question: string): Promise<boolean>;
}

export interface CutoverDeps {
  env?: NodeJS.ProcessEnv;
  clock?: Clock;
  /** /proc (tests). */
  procDir?: string;
}

interface ParsedOptions {
  quietMs: number;
  timeoutMs: number;
  report: string | undefined;
}

function seconds(flag: string, text: string | undefined, fallback: number): number {
  if (text === undefined) return fallback;
  const n = Number(text);
  if (text.trim() === '' || !Number.isFinite(n) || n <= 0) throw new ConfigError(`${flag} '${text}' is not a positive number of seconds`);
  return n;
}

export function parseCutoverOptions(o: CutoverOptions): ParsedOptions {
  return {
    quietMs: seconds('--quiet-seconds', o.quietSeconds, DEFAULT_QUIET_SECONDS) * 1000,
    timeoutMs: seconds('--timeout', o.timeout, DEFAULT_TIMEOUT_SECONDS) * 1000,
    report: o.report,
  };
}

/** `--report FILE` (its .txt/.json extension dropped) or `<home>/log/cutover-<UTC time>`, as `.txt` and `.json`. */
export function reportFiles(report: string | undefined, home: string, at: number): { text: string; json: string } {
  const stamp = new Date(at)
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z');
  const base = report !== undefined ? path.resolve(report).replace(/\.(txt|json)$/i, '') : path.join(home, 'log', `cutover-${stamp}`);
  return { text: `${base}.txt`, json: `${base}.json` };
}

export const realClock: Clock = { now: () => Date.now(), sleep: (ms) => new Promise((r) => setTimeout(r, ms)) };

/** A yes from a terminal (runbook/terminal.ts, as prepare and finish ask); without a terminal, no (a script passes --yes). */
async function askTerminal(question: string, io: CommandIo): Promise<boolean> {
  const answer = await confirm(processTerminal(), false, question);
  if (answer === 'no-terminal') io.stdout(`${question} no (stdin is not a terminal; pass --yes to answer yes)\n`);
  return answer === 'yes';
}

const VERSIONS_SQL =
  'SELECT DB_NAME, TABLE_NAME, PARTITION_NAME, PARTITION_ID, VISIBLE_VERSION, DATA_VERSION FROM information_schema.partitions_meta';

function readSourceVersions(source: ReadSide, selected: Selected): Promise<SourceVersions> {
  return readAt(source, 'the source partition versions', async () => versionsOfRows(await source.sql.query(VERSIONS_SQL), selected));
}

/** Tables compared by content: on both sides with the same schema (as `verify --content` does). */
const comparable = (r: VerifyReport) =>
  r.tables
    .filter((t) => t.status !== 'missing' && t.schemaDifferences.length === 0)
    .map(({ db, table, targetDb, targetTable }) => ({ db, table, ...(targetDb === undefined ? {} : { targetDb, targetTable }) }));

export async function cutoverCommand(opts: CutoverOptions, deps: CutoverDeps, io: CutoverIo): Promise<number> {
  const conf = loadCommandConf(opts, deps, io, () => parseCutoverOptions(opts));
  if (!conf.ok) return conf.exitCode;
  const { config, confDir, options } = conf.value;
  const env = deps.env ?? process.env;
  const clock = deps.clock ?? realClock;
  const home = defaultHome(env);
  const pidFile = path.resolve(env['SRSYNC_PID_FILE'] || path.join(home, 'srsync.pid'));
  const startedAt = clock.now();
  const files = reportFiles(options.report, home, startedAt);
  const vcfg = verifyConfig(config);
  const scope = makeScope(vcfg);
  const say = (line: string) => io.stdout(`${escapeControl(line)}\n`);

  return withReadSides(config, io, async ({ source, target }) => {
    const [sourceVersion, targetVersion] = await Promise.all([loginSide(source), loginSide(target)]);
    await checkSelection(source.sql, source.inspector, vcfg);
    const side = (s: ReadSide, version: string): SideFacts => ({ address: whereOf(s), user: s.sql.endpoint.user, version });
    const steps: StepRecord[] = [];
    const step = (name: StepName, from: number, result: string) => steps.push({ step: name, startedAt: from, endedAt: clock.now(), result });
    let verify: VerifyReport | undefined;
    let content: TableContent[] | undefined;
    let targetSnapshot: ClusterSnapshot | undefined;
    let quietSince: number | null = null;
    const found = findRuns(confDir, { pidFile, procDir: deps.procDir });
    let run: RunFacts = { state: found.runs.length > 0 ? 'left_running' : 'not_running', pids: found.runs.map((r) => r.pid), notes: found.notes };
    for (const n of found.notes) say(`note: ${n}`);
    say(
      found.runs.length > 0
        ? `srsync run of ${confDir} is running (pid ${found.runs.map((r) => r.pid).join(', ')})`
        : `no srsync run of ${confDir} is running (pid file ${pidFile}): the target is only compared, nothing brings it in sync meanwhile`,
    );

    const finish = (done: boolean, reasons: string[]): number => {
      const facts: CutoverFacts = {
        srsyncVersion: srsyncVersion(),
        confDir,
        source: side(source, sourceVersion),
        target: side(target, targetVersion),
        quietSeconds: options.quietMs / 1000,
        timeoutSeconds: options.timeoutMs / 1000,
        include: vcfg.includeDataList.map(formatDataListEntry),
        exclude: vcfg.excludeDataList.map(formatDataListEntry),
        startedAt,
        finishedAt: clock.now(),
        steps,
        sourceQuietSince: quietSince,
        ...(verify ? { verify } : {}),
        ...(content ? { content } : {}),
        ...(targetSnapshot ? { targetSnapshot } : {}),
        run,
        done,
        reasons,
        files,
      };
      try {
        fs.mkdirSync(path.dirname(files.text), { recursive: true });
        fs.writeFileSync(files.json, `${JSON.stringify(reportDocument(facts), null, 2)}\n`);
        fs.writeFileSync(files.text, `${reportText(facts).join('\n')}\n`);
      } catch (e) {
        io.stderr(`cannot write the cutover report ${files.text}: ${(e as Error).message}\n`);
        return CUTOVER_NOT_DONE;
      }
      if (done) {
        const tables = verify?.summary.tablesChecked ?? 0;
        say(`cutover DONE: ${tables} table(s) verified, the same on both clusters; srsync run ${run.state.replace(/_/g, ' ')}`);
        say(`report: ${files.text} (JSON: ${files.json})`);
        say('next steps:');
        nextSteps(facts).forEach((n, i) => say(`  ${i + 1}. ${n}`));
        return ExitCode.ok;
      }
      for (const d of differenceLines(facts)) say(`difference: ${d}`);
      say(`cutover NOT DONE: ${reasons.join('; ')}`);
      say(`report: ${files.text} (JSON: ${files.json})`);
      return CUTOVER_NOT_DONE;
    };

    // The tables the cutover covers: the selection's base tables (views and MVs hold no migrated data).
    const first = await readCatalog(source, scope.database);
    const selected: Selected = (db, t) => {
      const d = first.databases.get(db);
      return !SYSTEM_DATABASES.has(db) && scope.database(db) && scope.object(db, t) && !d?.views.has(t) && !d?.materializedViews.has(t);
    };
    const deadline = startedAt + options.timeoutMs;
    const quietS = options.quietMs / 1000;

    let quiet: SourceVersions;
    for (;;) {
      // Step 1: no new source versions for the quiet period.
      const s1 = clock.now();
      say(`step 1/5: confirming the source has stopped receiving writes (no new version on any selected partition for ${quietS} s)`);
      const q = await waitForQuietSource({
        read: () => readSourceVersions(source, selected),
        quietMs: options.quietMs,
        pollMs: Math.min(QUIET_POLL_MS, options.quietMs / 4),
        deadline,
        clock,
        say,
      });
      if (q.kind === 'timeout') {
        const why =
          q.moving.length > 0
            ? `the source kept ${q.moving.some((m) => m.loads) ? 'receiving writes' : 'compacting'} until --timeout ${options.timeoutMs / 1000} s (quiet for ${Math.round(q.quietMs / 1000)} s of ${quietS} s); last moved: ${movementText(q.moving)}; stop the loads into the source and run srsync cutover again`
            : `the source was quiet for only ${Math.round(q.quietMs / 1000)} s of ${quietS} s before --timeout ${options.timeoutMs / 1000} s; raise --timeout`;
        step('source_quiet', s1, `timed out: ${why}`);
        return finish(false, [why]);
      }
      quiet = q.versions;
      quietSince = q.quietSince;
      step('source_quiet', s1, `no new version on ${quiet.size} selected partition(s) for ${quietS} s`);
      say(`step 1/5 done: no new version on ${quiet.size} selected partition(s) for ${quietS} s`);

      // Step 2: zero lag.
      const s2 = clock.now();
      say('step 2/5: waiting for zero lag (every selected table in sync on the target)');
      const lag = await waitForZeroLag({
        read: async () => {
          const [s, t] = await Promise.all([readCatalog(source, scope.database), readCatalog(target, targetDatabaseFilter(vcfg))]);
          return { source: s, target: t };
        },
        readVersions: () => readSourceVersions(source, selected),
        compare: (s, t) => compareClusters(s, t, vcfg),
        quiet,
        runActive: found.runs.length > 0,
        pollMs: LAG_POLL_MS,
        deadline,
        clock,
        say,
      });
      if (lag.kind === 'source_moved') {
        step('zero_lag', s2, `the source moved again: ${movementText(lag.moving)}`);
        say(`the source received new versions again (${movementText(lag.moving)}): back to step 1`);
        continue;
      }
      verify = lag.report;
      targetSnapshot = lag.target;
      if (lag.kind === 'timeout') {
        const why = `${lag.report.summary.tablesChecked - lag.report.summary.inSync} table(s) still not in sync at --timeout ${options.timeoutMs / 1000} s`;
        step('zero_lag', s2, `timed out: ${why}`);
        return finish(false, [why]);
      }
      const inSync = lag.kind === 'in_sync';
      step(
        'zero_lag',
        s2,
        inSync ? `${lag.report.summary.tablesChecked} table(s) in sync` : `not in sync, and no srsync run of this conf runs to bring it in sync`,
      );
      say(
        inSync
          ? `step 2/5 done: ${lag.report.summary.tablesChecked} table(s) in sync`
          : 'step 2/5: NOT in sync, and no srsync run of this conf is running; comparing contents for the report',
      );

      // Step 3: content fingerprints on both sides, then the source must still be where it was.
      const s3 = clock.now();
      say(`step 3/5: verifying the content of ${comparable(lag.report).length} table(s) (per-partition fingerprints on both clusters)`);
      content = await contentOfTables(source, target, lag.source, lag.target, comparable(lag.report), config.metaJobThreads);
      const summary = summarizeContent(content);
      const after = versionMovements(quiet, await readSourceVersions(source, selected));
      const contentResult = `${summary.partitions} partition(s) of ${summary.tables} table(s): ${summary.same} same, ${summary.differs} differ, ${summary.notCompared} could not compare`;
      step('verify_content', s3, contentResult);
      say(`step 3/5 done: ${contentResult}`);
      const verdict = contentVerdict({
        notInSync: inSync ? 0 : lag.report.summary.tablesChecked - lag.report.summary.inSync,
        differs: summary.differs,
        notCompared: summary.notCompared,
        after,
      });
      if (verdict.kind === 'again') {
        say(`${verdict.why}: back to step 1`);
        continue;
      }
      if (verdict.kind === 'not_done') {
        run = { ...run, notes: [...run.notes, 'not stopped: the cutover is not done'] };
        return finish(false, verdict.reasons);
      }
      break;
    }

    // Step 4: stop the run of this conf.
    const s4 = clock.now();
    say('step 4/5: stopping the srsync run of this conf');
    if (found.runs.length === 0) {
      step('stop_run', s4, 'no srsync run of this conf was running');
      say('no srsync run of this conf is running: nothing to stop');
    } else {
      const pids = found.runs.map((r) => r.pid).join(', ');
      const yes =
        opts.yes ||
        (await (io.confirm ?? ((q: string) => askTerminal(q, io)))(`Everything selected is verified. Stop the srsync run (pid ${pids}) now?`));
      if (!yes) {
        step('stop_run', s4, 'declined: the run was left running');
        run = { ...run, state: 'left_running', notes: [...run.notes, 'not stopped: the stop was declined'] };
        return finish(false, ['the srsync run was not stopped (answer yes, or pass --yes)']);
      }
      const results = [];
      for (const r of found.runs) {
        say(`stopping srsync run pid ${r.pid} (SIGTERM), waiting up to ${STOP_TIMEOUT_MS / 1000} s ...`);
        const res = await stopRun(r.pid, STOP_TIMEOUT_MS, clock.sleep, deps.procDir);
        if (res.stopped && r.via === 'pid_file') clearPidFile(pidFile, r.pid);
        results.push(res);
      }
      const stuck = results.filter((r) => !r.stopped).map((r) => r.pid);
      if (stuck.length > 0) {
        step('stop_run', s4, `pid ${stuck.join(', ')} still running after ${STOP_TIMEOUT_MS / 1000} s`);
        run = { ...run, state: 'still_running' };
        return finish(false, [`srsync run pid ${stuck.join(', ')} did not exit within ${STOP_TIMEOUT_MS / 1000} s (bin/stop.sh --force kills it)`]);
      }
      run = { ...run, state: 'stopped' };
      step('stop_run', s4, `stopped pid ${pids}`);
      say(`step 4/5 done: srsync run stopped (pid ${pids})`);
    }
    say('step 5/5: writing the report');
    return finish(true, []);
  });
}
