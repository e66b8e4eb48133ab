// The srsync command line: `run` (the migration, in the foreground), `check-config`, `check` (read-only preflight,
// src/check/), `plan` (dry run, src/plan-command/), `verify` (read-only cutover check, src/verify/), `status` (asks a
// running srsync, src/status/), `encrypt`, `version`.
// bin/start.sh and bin/stop.sh wrap `run` as a background service like the official starrocks-cluster-sync.
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Command, CommanderError } from '@commander-js/extra-typings';
import { configSecrets, describeConfig, encryptPassword, loadConfig, loadHostMap, type HostMap, type LoadedConfig } from './config/index.js';
import { ConfigError, ExitCode, exitCodeOf, SrsyncError } from './errors.js';
import { createLogger, type Logger } from './log/index.js';
import type { runSync as RunSync } from './migrator.js';
import { confDirOf, defaultHome, srsyncVersion } from './util/install.js';
import { TtyProgressView, ttyViewWanted, type TtyStream } from './progress/tty-view.js';

export interface CliIo {
  stdout(text: string): void;
  stderr(text: string): void;
  /** Reads all of stdin (encrypt without --password). */
  readStdin(): Promise<string>;
}

export interface MainDeps {
  io?: Partial<CliIo>;
  runSync?: typeof RunSync;
  /** Listen for SIGTERM/SIGINT (default true). Tests turn this off and pass `signal` instead. */
  installSignalHandlers?: boolean;
  /** An extra stop request, linked to the one signals trigger. */
  signal?: AbortSignal;
  env?: NodeJS.ProcessEnv;
  /** Where `srsync run` draws its live view when it is a TTY (default: process.stdout, unless io.stdout is replaced). */
  terminal?: TtyStream;
}

export { defaultHome, srsyncVersion } from './util/install.js';

function defaultIo(): CliIo {
  return {
    stdout: (t) => process.stdout.write(t),
    stderr: (t) => process.stderr.write(t),
    readStdin: async () => {
      if (process.stdin.isTTY) process.stderr.write('password (then Enter and Ctrl-D): ');
      const chunks: Buffer[] = [];
      for await (const c of process.stdin) chunks.push(c as Buffer);
      return Buffer.concat(chunks).toString('utf8');
    },
  };
}

function loadAll(confDir: string): LoadedConfig & { hostMap: HostMap } {
  const loaded = loadConfig(confDir);
  const hosts = loadHostMap(confDir);
  return { ...loaded, warnings: [...loaded.warnings, ...hosts.warnings], hostMap: hosts.hostMap };
}

function describeHostMap(hostMap: HostMap): string[] {
  const out: string[] = [];
  for (const side of ['source', 'target'] as const) {
    for (const [from, m] of hostMap[side]) {
      const ports = [...m.ports].map(([a, b]) => `${a}->${b}`).join(',');
      out.push(`${side.toUpperCase()} ${from} -> ${m.host}${ports ? ` ports ${ports}` : ''}`);
    }
  }
  return out;
}

interface RunOptions {
  conf?: string;
  logDir?: string;
  console: boolean;
}

async function runCommand(opts: RunOptions, deps: MainDeps, io: CliIo): Promise<number> {
  const home = defaultHome(deps.env);
  const confDir = confDirOf(opts.conf, deps.env);
  const logDir = path.resolve(opts.logDir ?? path.join(home, 'log'));
  // On a terminal: the live progress view instead of the scrolling log lines (src/progress/tty-view.ts).
  const terminal = deps.terminal ?? (deps.io?.stdout ? undefined : process.stdout);
  const view = terminal && ttyViewWanted(opts.console, terminal, deps.env ?? process.env) ? new TtyProgressView(terminal) : null;
  // Configuration first: a bad config touches no cluster and writes no log.
  let loaded: ReturnType<typeof loadAll>;
  let logger: Logger;
  try {
    loaded = loadAll(confDir);
    const { config } = loaded;
    logger = createLogger({
      dir: logDir,
      level: config.logLevel,
      maxFileBytes: Math.round(config.logMaxFileSizeMb * 1024 * 1024),
      maxBackups: config.logMaxBackupFiles,
      console: opts.console && !view ? (line) => io.stdout(`${line}\n`) : false,
      component: 'main',
    });
  } catch (e) {
    io.stderr(`${e instanceof SrsyncError ? e.message : String(e)}\n`);
    return exitCodeOf(e);
  }
  const { config, hostMap, warnings, notes } = loaded;
  logger.addSecrets(...configSecrets(config));
  if (view) {
    logger.subscribe((entry) => view.onLogLine(entry));
    view.start();
  }

  const stop = new AbortController();
  let signals = 0;
  const onSignal = (sig: NodeJS.Signals): void => {
    signals++;
    if (signals === 1) {
      logger.info(`received ${sig}; stopping gracefully (send it again to stop immediately)`);
      stop.abort(new Error(`stopped by ${sig}`));
      return;
    }
    logger.warn(`received ${sig} again; exiting now`);
    view?.close();
    logger.close();
    const code = 128 + (sig === 'SIGINT' ? 2 : 15);
    void Promise.all([flushed(process.stdout), flushed(process.stderr)]).then(() => process.exit(code));
  };
  const onExternalAbort = (): void => stop.abort(deps.signal?.reason);
  const installSignals = deps.installSignalHandlers ?? true;
  if (installSignals) {
    process.on('SIGTERM', onSignal);
    process.on('SIGINT', onSignal);
  }
  if (deps.signal) {
    if (deps.signal.aborted) onExternalAbort();
    else deps.signal.addEventListener('abort', onExternalAbort, { once: true });
  }

  let keepAlive: NodeJS.Timeout | undefined;
  try {
    logger.info(`srsync ${srsyncVersion()} starting (pid ${process.pid}), conf ${confDir}, log ${logDir}`);
    for (const w of warnings) logger.warn(w);
    for (const n of notes) logger.info(n);
    logger.info(`effective configuration: ${describeConfig(config).join(' ')}`);
    for (const line of describeHostMap(hostMap)) logger.info(`host mapping: ${line}`);
    // Keep the process alive while the engine runs, even if it only waits on the stop signal.
    keepAlive = setInterval(() => {}, 1 << 30);
    // Each command's modules are loaded when it runs (start-up of `srsync run` and of the small commands).
    const result = await (deps.runSync ?? (await import('./migrator.js')).runSync)({
      config,
      hostMap,
      logger,
      signal: stop.signal,
      logDir,
      observer: view?.observer,
      confDir,
    });
    view?.close();
    logger.info(`srsync exiting with code ${result.exitCode}`);
    return result.exitCode;
  } catch (e) {
    const code = exitCodeOf(e);
    logger.error(`srsync stopped by an error (exit code ${code})`, e);
    view?.close();
    io.stderr(`${logger.mask(e instanceof SrsyncError ? e.message : e instanceof Error ? `${e.name}: ${e.message}` : String(e))}\n`);
    return code;
  } finally {
    view?.close();
    clearInterval(keepAlive);
    if (installSignals) {
      process.off('SIGTERM', onSignal);
      process.off('SIGINT', onSignal);
    }
    deps.signal?.removeEventListener('abort', onExternalAbort);
    logger.close();
  }
}

function checkConfigCommand(opts: { conf?: string; quiet?: boolean }, deps: MainDeps, io: CliIo): number {
  const confDir = confDirOf(opts.conf, deps.env);
  try {
    const { config, hostMap, warnings, notes } = loadAll(confDir);
    for (const w of warnings) io.stderr(`warning: ${w}\n`);
    if (!opts.quiet) {
      for (const n of notes) io.stdout(`note: ${n}\n`);
      io.stdout(`# effective configuration from ${confDir}\n`);
      for (const line of describeConfig(config)) io.stdout(`${line}\n`);
      for (const line of describeHostMap(hostMap)) io.stdout(`# host mapping: ${line}\n`);
      io.stdout('configuration OK\n');
    }
    return ExitCode.ok;
  } catch (e) {
    io.stderr(`${e instanceof SrsyncError ? e.message : String(e)}\n`);
    return exitCodeOf(e);
  }
}

async function encryptCommand(opts: { password?: string; key: string }, io: CliIo): Promise<number> {
  if (opts.key === '') throw new ConfigError('--key must not be empty (an empty secret key means the password is plain text)');
  const password = opts.password ?? (await io.readStdin()).replace(/\r?\n$/, '');
  io.stdout(`${encryptPassword(password, opts.key)}\n`);
  return ExitCode.ok;
}

function buildProgram(deps: MainDeps, io: CliIo, setCode: (code: number) => void) {
  const program = new Command()
    .name('srsync')
    .description('Migrate a StarRocks shared-data cluster to another shared-data cluster (drop-in for starrocks-cluster-sync).')
    .version(srsyncVersion(), '-V, --version', 'print the version')
    .exitOverride()
    .configureOutput({ writeOut: (t) => io.stdout(t), writeErr: (t) => io.stderr(t) })
    .showHelpAfterError('(run srsync --help for usage)');

  program
    .command('run')
    .description(
      'run the migration in the foreground until stopped (SIGTERM/SIGINT: graceful stop; twice: immediate). Exit 0 done or stopped, 1 unexpected failure, 2 bad configuration (also an include/exclude entry matching nothing on the source; nothing changed), 3 a cluster refused, 4 one-time run left objects unsynchronized',
    )
    .option('--conf <dir>', 'directory holding sync.properties and hosts.properties (default: <home>/conf)')
    .option('--log-dir <dir>', 'directory for sync.INFO.log and sync.WARN.log (default: <home>/log)')
    .option('--no-console', 'do not also print log lines to stdout (bin/start.sh uses this)')
    .action(async (opts) => setCode(await runCommand(opts, deps, io)));

  program
    .command('check-config')
    .description('validate the configuration and print the effective values (passwords masked); exit 0 valid, 2 invalid')
    .option('--conf <dir>', 'directory holding sync.properties and hosts.properties (default: <home>/conf)')
    .option('-q, --quiet', 'print only warnings and errors')
    .action((opts) => setCode(checkConfigCommand(opts, deps, io)));

  program
    .command('verify')
    .description(
      'read-only cutover check: compare both catalogs (exit 0 in sync, 1 not in sync, 2 bad config or an include/exclude entry matching nothing, 3 cluster unreachable)',
    )
    .option('--conf <dir>', 'directory holding sync.properties and hosts.properties (default: <home>/conf)')
    .option('--rows', 'also compare COUNT(*) of every selected table on both sides')
    .option(
      '--content',
      'also compare per-partition content fingerprints computed by each cluster (COUNT(*) and sums of murmur_hash3_32 over every column)',
    )
    .option('--json', 'print one JSON document instead of text lines')
    .action(async (opts) => setCode(await (await import('./verify/index.js')).verifyCommand(opts, { env: deps.env }, io)));

  program
    .command('check')
    .description(
      "read-only preflight of both clusters and every FE: versions, run modes, privileges, ports, the manual's settings, src_ volumes, selection, tables srsync cannot migrate; each finding with its fix (exit 0 ready, 1 not ready, 2 bad config, 3 cluster unreachable)",
    )
    .option('--conf <dir>', 'directory holding sync.properties and hosts.properties (default: <home>/conf)')
    .option('--json', 'print one JSON document instead of text lines')
    .action(async (opts) => setCode(await (await import('./check/command.js')).checkCommand(opts, { env: deps.env }, io)));

  program
    .command('prepare')
    .description(
      "apply what check finds missing: the manual's FE settings on every FE of both clusters (WITH PERSISTENT where supported; fe.conf lines for static keys) and the missing src_ volumes, after recording every original value in <home>/run/prepare-record.json; asks first (exit 0 done, 1 refused or failed, 2 bad config, 3 cluster unreachable)",
    )
    .option('--conf <dir>', 'directory holding sync.properties and hosts.properties (default: <home>/conf)')
    .option('--yes', 'confirm the changes without asking (for scripts)')
    .option('--json', 'print one JSON document instead of text lines')
    .action(async (opts) => setCode(await (await import('./prepare/command.js')).prepareCommand(opts, { env: deps.env }, io)));

  program
    .command('finish')
    .description(
      "after cutover: restore every value prepare recorded, on every FE, in the manual's After Migration order; print the fe.conf lines to remove; asks first (exit 0 done, 1 refused or failed, 2 bad config, 3 cluster unreachable)",
    )
    .option('--conf <dir>', 'directory holding sync.properties and hosts.properties (default: <home>/conf)')
    .option('--yes', 'confirm the changes without asking (for scripts)')
    .option('--drop-src-volumes', 'also drop the src_ volumes prepare created')
    .option('--json', 'print one JSON document instead of text lines')
    .action(async (opts) => setCode(await (await import('./finish/command.js')).finishCommand(opts, { env: deps.env }, io)));

  program
    .command('cutover')
    .description(
      "the manual's After Migration procedure, guided: waits until the source has stopped receiving writes (no new version for the quiet period) and the target has zero lag, verifies the content of everything selected, stops the srsync run of this conf (SIGTERM; asks first), writes an auditable report and prints the next steps; never declares success on a difference (exit 0 done, 1 not done, 2 bad config, 3 cluster unreachable)",
    )
    .option('--conf <dir>', 'directory holding sync.properties and hosts.properties (default: <home>/conf)')
    .option('--quiet-seconds <n>', 'seconds without a new version on any selected source partition that count as "writes stopped" (default 60)')
    .option('--timeout <s>', 'give up (exit 1) when the source is not quiet or the target not in sync after this many seconds (default 600)')
    .option('--report <file>', 'where to write the report, as <file>.txt and <file>.json (default: <home>/log/cutover-<UTC time>)')
    .option('--yes', 'stop the srsync run without asking (for scripts)')
    .action(async (opts) => setCode(await (await import('./cutover/command.js')).cutoverCommand(opts, { env: deps.env }, io)));

  program
    .command('plan')
    .description(
      'dry run: print the DDL, the replication and what is not migrated, as `run` would do it; writes nothing (exit 0 done, 1 failed, 2 bad config, 3 cluster unreachable)',
    )
    .option('--conf <dir>', 'directory holding sync.properties and hosts.properties (default: <home>/conf)')
    .option('--json', 'print one JSON document instead of text lines')
    .option('--throughput <MBps>', 'aggregate copy throughput for the time estimate, MB/s (default 100, an assumption)')
    .action(async (opts) => setCode(await (await import('./plan-command/command.js')).planCommand(opts, { env: deps.env }, io)));

  program
    .command('status')
    .description('ask the running srsync (status_http_port of the same conf) for its progress (exit 0 answered, 1 not running, 2 bad config)')
    .option('--conf <dir>', 'directory holding sync.properties and hosts.properties (default: <home>/conf)')
    .option('--json', 'print the JSON status document')
    .action(async (opts) => setCode(await (await import('./status/index.js')).statusCommand(opts, { env: deps.env }, io)));

  program
    .command('pause')
    .description(
      'pause the running srsync of this conf: no new replication jobs or DDL start, running jobs finish; survives a restart (exit 0 paused, 1 nothing running, 2 bad config)',
    )
    .option('--conf <dir>', 'directory holding sync.properties and hosts.properties (default: <home>/conf)')
    .action(async (opts) => setCode(await (await import('./steering/command.js')).steeringCommand('pause', opts, { env: deps.env }, io)));

  program
    .command('resume')
    .description('resume the paused srsync of this conf: replication jobs and DDL start again (exit 0 resumed, 1 nothing running, 2 bad config)')
    .option('--conf <dir>', 'directory holding sync.properties and hosts.properties (default: <home>/conf)')
    .action(async (opts) => setCode(await (await import('./steering/command.js')).steeringCommand('resume', opts, { env: deps.env }, io)));

  program
    .command('encrypt')
    .description('print TO_BASE64(AES_ENCRYPT(password, key)) for *_cluster_password with *_password_secret_key (exit 0; 2 bad arguments)')
    .option('--password <password>', 'the password (default: read from stdin)')
    .requiredOption('--key <key>', 'the secret key')
    .action(async (opts) => setCode(await encryptCommand(opts, io)));

  program
    .command('version')
    .description('print the version')
    .action(() => {
      io.stdout(`srsync ${srsyncVersion()}\n`);
      setCode(ExitCode.ok);
    });

  return program;
}

/** Longest wait for stdout/stderr to take what was written before the process exits. */
const FLUSH_TIMEOUT_MS = 5_000;

/**
 * Resolves once everything written to `stream` so far has been handed to the OS (a write of '' calls back after
 * the writes before it), so that `process.exit` right after cuts no line; at most FLUSH_TIMEOUT_MS.
 */
export function flushed(stream: NodeJS.WritableStream & { writableLength?: number }): Promise<void> {
  return new Promise((resolve) => {
    if (!stream.writable || stream.writableLength === 0) return resolve();
    const timer = setTimeout(resolve, FLUSH_TIMEOUT_MS);
    timer.unref();
    try {
      stream.write('', () => {
        clearTimeout(timer);
        resolve();
      });
    } catch {
      clearTimeout(timer);
      resolve();
    }
  });
}

/**
 * Runs the CLI on user arguments (without `node script`); resolves with the exit code once the process's own
 * stdout and stderr have taken every line written (the launcher calls process.exit with it).
 */
export async function main(argv: readonly string[], deps: MainDeps = {}): Promise<number> {
  const code = await mainUnflushed(argv, deps);
  await Promise.all([flushed(process.stdout), flushed(process.stderr)]);
  return code;
}

async function mainUnflushed(argv: readonly string[], deps: MainDeps): Promise<number> {
  const io: CliIo = { ...defaultIo(), ...deps.io };
  let code: number = ExitCode.ok;
  const program = buildProgram(deps, io, (c) => (code = c));
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return code;
  } catch (e) {
    if (e instanceof CommanderError) {
      return e.code === 'commander.helpDisplayed' || e.code === 'commander.version' ? ExitCode.ok : ExitCode.config;
    }
    io.stderr(`${e instanceof SrsyncError ? e.message : String(e)}\n`);
    return exitCodeOf(e);
  }
}

// Direct execution (`tsx src/cli.ts ...`, `node lib/src/cli.js ...`); bin/srsync.js imports main instead.
if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  process.exitCode = await main(process.argv.slice(2));
  process.exit();
}
