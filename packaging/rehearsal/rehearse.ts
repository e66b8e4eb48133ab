// bin/rehearse.sh: the DBA's procedure, end to end, between two simulated StarRocks shared-data clusters on this
// machine, before touching production. It starts a source and a target cluster (srsync-sim), loads a sample catalog
// on the source, writes a conf/ for them in a scratch directory and runs, printing each command and its output:
//   check-config -> check (not ready) -> prepare --yes -> check (ready) -> plan -> bin/start.sh -> status
//   -> pause -> (a load) -> resume -> status -> verify --rows -> cutover --yes -> finish --yes
// then stops the clusters. The pid file, logs and records stay in the scratch directory: the package's own conf/,
// log/ and srsync.pid are never touched. Exit codes: 0 every step ended as expected; 1 a step did not (the scratch
// directory is kept); 2 bad arguments.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { SAMPLE_CATALOG, SAMPLE_DATABASE, sampleLoads } from './catalog.js';
import { runSql, startSimCluster, type SimCluster } from './clusters.js';
import { rehearsalConf } from './conf.js';
import { runShown } from './shell.js';
import { fetchStatus, type StatusView } from './status.js';

export interface RehearsalOptions {
  /** The unpacked package (holding bin/srsync.js, bin/srsync-sim.js, bin/start.sh). */
  packageDir: string;
  /** Scratch directory (created; default: a new one under the system's temp directory). */
  dir: string | null;
  /** Keep the scratch directory after a successful rehearsal too. */
  keep: boolean;
}

export type ParsedArgs = { kind: 'run'; options: RehearsalOptions } | { kind: 'help' } | { kind: 'error'; message: string };

export const USAGE = 'usage: bin/rehearse.sh [--dir DIR] [--keep]';

/** The package root when this module runs from <package>/lib-sim/packaging/rehearsal/. */
const defaultPackageDir = () => path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

/** Pure: the command line (`--package DIR` is how bin/rehearse.sh says where the package is). */
export function parseArgs(argv: readonly string[], packageDir = defaultPackageDir()): ParsedArgs {
  const options: RehearsalOptions = { packageDir, dir: null, keep: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const value = (): string | null => {
      const v = argv[i + 1];
      i++;
      return v === undefined || v === '' ? null : v;
    };
    if (a === '-h' || a === '--help') return { kind: 'help' };
    if (a === '--keep') options.keep = true;
    else if (a === '--dir' || a === '--package') {
      const v = value();
      if (v === null) return { kind: 'error', message: `${a} needs a directory` };
      if (a === '--dir') options.dir = path.resolve(v);
      else options.packageDir = path.resolve(v);
    } else return { kind: 'error', message: `unknown argument '${a}'` };
  }
  return { kind: 'run', options };
}

/** A free TCP port on 127.0.0.1 (for the status endpoint). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

class StepFailed extends Error {}

export async function rehearse(o: RehearsalOptions, say: (line: string) => void): Promise<number> {
  const pkg = o.packageDir;
  const srsync = path.join(pkg, 'bin', 'srsync.js');
  for (const f of [srsync, path.join(pkg, 'bin', 'srsync-sim.js'), path.join(pkg, 'bin', 'start.sh')]) {
    if (!fs.existsSync(f)) {
      say(`rehearse: ${f} not found: run bin/rehearse.sh from the unpacked srsync package`);
      return 2;
    }
  }
  // A directory of its own: it is removed after a successful rehearsal, so never one that holds something else.
  if (o.dir !== null && fs.existsSync(o.dir) && fs.readdirSync(o.dir).length > 0) {
    say(`rehearse: --dir ${o.dir} is not empty: give a new or empty directory (it is removed after a successful rehearsal)`);
    return 2;
  }
  const dir = o.dir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'srsync-rehearsal-'));
  fs.mkdirSync(dir, { recursive: true });
  const conf = path.join(dir, 'conf');
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    SRSYNC_HOME: dir,
    SRSYNC_PID_FILE: path.join(dir, 'srsync.pid'),
    SRSYNC_LOG_DIR: path.join(dir, 'log'),
    NODE: process.execPath,
    SRSYNC_TTY_VIEW: '0',
  };
  let source: SimCluster | undefined;
  let target: SimCluster | undefined;
  let stepNo = 0;
  const heading = (title: string) => {
    stepNo++;
    say('');
    say(`== ${stepNo}. ${title}`);
  };
  const srsyncCmd = async (args: string[], expected: number, why = '') => {
    const code = await runShown({ display: `bin/srsync.js ${args.join(' ')}`, file: process.execPath, args: [srsync, ...args], cwd: pkg, env }, say);
    say(`-> exit code ${code}${code === expected ? `, as expected${why ? ` (${why})` : ''}` : `; expected ${expected}${why ? ` (${why})` : ''}`}`);
    if (code !== expected) throw new StepFailed(`bin/srsync.js ${args[0]} ended with exit code ${code}, expected ${expected}`);
  };
  const shCmd = async (script: string, args: string[], expected: number) => {
    const display = `bin/${script} ${args.join(' ')}`.trim();
    const code = await runShown({ display, file: 'bash', args: [path.join(pkg, 'bin', script), ...args], cwd: pkg, env }, say);
    say(`-> exit code ${code}${code === expected ? ', as expected' : `; expected ${expected}`}`);
    if (code !== expected) throw new StepFailed(`bin/${script} ended with exit code ${code}, expected ${expected}`);
  };
  const statusPort = await freePort();
  const token = randomBytes(16).toString('hex');
  /** Waits until srsync reports everything in sync with more than `afterJobs` jobs finished; shows the job line. */
  const waitInSync = async (afterJobs: number, timeoutMs: number): Promise<StatusView> => {
    const deadline = Date.now() + timeoutMs;
    let shown: string | null = null;
    while (Date.now() < deadline) {
      const s = await fetchStatus(statusPort, token);
      if (s?.jobLine && s.jobLine !== shown) say(`  | ${(shown = s.jobLine)}`);
      if (s?.inSync && s.finishedJobs > afterJobs) return s;
      await sleep(500);
    }
    throw new StepFailed(`srsync did not report everything in sync within ${timeoutMs / 1000} s (see ${env['SRSYNC_LOG_DIR']}/sync.INFO.log)`);
  };

  /** Stops the rehearsal's srsync run (if bin/start.sh left one) and both clusters; once, however often called. */
  let stopping: Promise<void> | undefined;
  const stopAll = () =>
    (stopping ??= (async () => {
      if (fs.existsSync(env['SRSYNC_PID_FILE']!)) {
        say('stopping the rehearsal srsync run');
        const args = [path.join(pkg, 'bin', 'stop.sh'), '--timeout', '30', '--force'];
        await runShown({ display: 'bin/stop.sh --timeout 30 --force', file: 'bash', args, cwd: pkg, env }, say);
      }
      await Promise.all([source?.stop(), target?.stop()]);
      say('stopped the simulated clusters');
    })());
  // Ctrl-C or SIGTERM: nothing of the rehearsal is left running (the srsync run ignores a terminal's Ctrl-C).
  const onSignal = (sig: NodeJS.Signals) => {
    say(`received ${sig}: stopping the rehearsal; ${dir} is kept`);
    void stopAll().then(() => process.exit(130));
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);

  say(`srsync rehearsal in ${dir}`);
  say(`(conf/, log/, run/ and srsync.pid of this rehearsal live there: SRSYNC_HOME, SRSYNC_LOG_DIR and SRSYNC_PID_FILE point`);
  say(` at it, so the package's own conf/, log/ and srsync.pid are never touched)`);
  let ok = false;
  try {
    heading('two simulated StarRocks 4.1 shared-data clusters (srsync-sim), sharing one simulated object store');
    const store = path.join(dir, 'object-store');
    const launcher = path.join(pkg, 'bin', 'srsync-sim.js');
    [source, target] = await Promise.all([
      startSimCluster({ launcher, name: 'source', objectStore: store, password: 'source-secret', cnCount: 2 }),
      startSimCluster({ launcher, name: 'target', objectStore: store, password: 'target-secret', cnCount: 2 }),
    ]);
    for (const c of [source, target])
      say(`  ${c.name} cluster: FE 127.0.0.1, query port ${c.queryPort}, rpc port ${c.rpcPort}, http port ${c.httpPort}`);

    heading(`a sample catalog on the source: database ${SAMPLE_DATABASE}, 4 tables (every model), a rollup, a sync MV, a view, an async MV`);
    await runSql(source, SAMPLE_CATALOG);
    for (let round = 0; round < 3; round++) await runSql(source, sampleLoads(round));
    say('  loaded 3 rounds of rows');

    heading('configure: conf/sync.properties (the official keys, plus the status endpoint and the src_ volume keys)');
    fs.mkdirSync(conf, { recursive: true });
    const text = rehearsalConf({ source, target, statusPort, statusToken: token });
    fs.writeFileSync(path.join(conf, 'sync.properties'), text, { mode: 0o600 });
    say(`  wrote ${path.join(conf, 'sync.properties')} (mode 600: it holds passwords)`);
    await srsyncCmd(['check-config', '--conf', conf], 0, 'valid; passwords shown as ******');

    heading('preflight: check (read-only) finds what the manual asks to prepare');
    await srsyncCmd(['check', '--conf', conf], 1, 'not ready yet: each finding comes with its fix');

    heading("prepare: the manual's FE settings on both clusters and the src_ storage volume, originals recorded");
    await srsyncCmd(['prepare', '--conf', conf, '--yes'], 0);
    await srsyncCmd(['check', '--conf', conf], 0, 'READY');

    heading('plan (dry run): the DDL and the replication srsync will do; nothing is written');
    await srsyncCmd(['plan', '--conf', conf], 0);

    heading('start: bin/start.sh runs srsync in the background, returning once its start-up checks passed');
    await shCmd('start.sh', ['--conf', conf], 0);
    say(`  following GET http://127.0.0.1:${statusPort}/status until every table is in sync:`);
    const first = await waitInSync(0, 180_000);

    heading(`status: what the running srsync reports (the status page: http://127.0.0.1:${statusPort}/)`);
    await srsyncCmd(['status', '--conf', conf], 0);

    heading('pause, a load on the source meanwhile, resume: srsync catches up');
    await srsyncCmd(['pause', '--conf', conf], 0);
    await runSql(source, sampleLoads(3));
    say('  loaded one more round of rows on the source');
    await srsyncCmd(['resume', '--conf', conf], 0);
    await waitInSync(first.finishedJobs, 180_000);

    heading('the applications stop writing to the source; verify (read-only) compares both clusters');
    await srsyncCmd(['verify', '--conf', conf, '--rows'], 0, 'IN SYNC');

    heading('cutover: source quiet, zero lag, content verified, srsync run stopped, audit report written');
    await srsyncCmd(['cutover', '--conf', conf, '--quiet-seconds', '5', '--timeout', '180', '--yes'], 0);

    heading('finish: the recorded original settings restored, the src_ volume dropped');
    await srsyncCmd(['finish', '--conf', conf, '--yes', '--drop-src-volumes'], 0);
    ok = true;
  } catch (e) {
    say('');
    say(`REHEARSAL FAILED: ${e instanceof StepFailed ? e.message : ((e as Error).stack ?? String(e))}`);
  } finally {
    await stopAll();
    process.removeListener('SIGINT', onSignal);
    process.removeListener('SIGTERM', onSignal);
  }
  say('');
  if (ok) {
    say('REHEARSAL PASSED: every step ended with the exit code the procedure expects (README.md, "The procedure").');
    if (o.keep) say(`kept ${dir} (conf/, log/ with the cutover report, run/prepare-record.json)`);
    else fs.rmSync(dir, { recursive: true, force: true });
    return 0;
  }
  say(`kept ${dir} for a look: conf/, log/sync.INFO.log, log/sync.WARN.log, run/`);
  return 1;
}

export async function main(argv: readonly string[]): Promise<number> {
  const parsed = parseArgs(argv);
  if (parsed.kind === 'help') {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  if (parsed.kind === 'error') {
    process.stderr.write(`rehearse: ${parsed.message}\n${USAGE}\n`);
    return 2;
  }
  return rehearse(parsed.options, (line) => process.stdout.write(`${line}\n`));
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (e: unknown) => {
      process.stderr.write(`rehearse: ${(e as Error).stack ?? String(e)}\n`);
      process.exit(1);
    },
  );
}
