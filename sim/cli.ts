// `srsync-sim`: runs one simulated StarRocks shared-data cluster (FE + CNs) in the foreground.
//
//   srsync-sim start --name NAME --query-port N --rpc-port N --http-port N --object-store DIR
//                    [--data-dir DIR] [--version 4.1.0] [--run-mode shared_data|shared_nothing]
//                    [--root-password PW] [--cn-count N] [--enable-http-auth] [extra knobs, see `srsync-sim start --help`]
//
// Ports may be 0 (ephemeral). Once serving, prints exactly one line of JSON to stdout:
//   {"ready":true,"name":...,"queryPort":...,"rpcPort":...,"httpPort":...,"pid":...}
// with the bound ports, then runs until SIGTERM/SIGINT, stops gracefully and exits 0.
// Exit codes: 0 stopped normally, 1 failed to start or to stop, 2 bad command line (one-line message on stderr).
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Command, CommanderError, InvalidArgumentError, Option } from '@commander-js/extra-typings';
import { startCluster } from './cluster.js';
import { DEFAULT_LATENCIES, defaultOptions, type SimOptions } from './fe/state.js';

export const EXIT_OK = 0;
export const EXIT_FAILURE = 1;
export const EXIT_USAGE = 2;

// ---- value parsers (throw InvalidArgumentError: commander turns it into a one-line usage error) ----

export function parsePort(v: string): number {
  if (!/^\d{1,5}$/.test(v) || Number(v) > 65535) throw new InvalidArgumentError('must be an integer 0-65535.');
  return Number(v);
}

export function parseNonNegativeInt(v: string): number {
  if (!/^\d+$/.test(v) || !Number.isSafeInteger(Number(v))) throw new InvalidArgumentError('must be a non-negative integer.');
  return Number(v);
}

function parsePositiveInt(v: string): number {
  const n = parseNonNegativeInt(v);
  if (n === 0) throw new InvalidArgumentError('must be a positive integer.');
  return n;
}

/** Bytes per second: a plain number, or with a K/M/G suffix (powers of 1024), e.g. `50M`, `1G`, `0` = unlimited. */
export function parseBandwidth(v: string): number {
  const m = /^(\d+)\s*([kmg])?(i?b)?(\/s)?$/i.exec(v.trim());
  if (!m) throw new InvalidArgumentError('must be bytes per second, e.g. 52428800 or 50M.');
  const mult = { k: 1024, m: 1024 ** 2, g: 1024 ** 3 }[(m[2] ?? '').toLowerCase()] ?? 1;
  return Number(m[1]) * mult;
}

/** `true` / `false` (for flags that default to on, e.g. `--cn-bundle-fallback=false`). */
function parseBooleanFlag(v: string): boolean {
  const t = v.trim().toLowerCase();
  if (t !== 'true' && t !== 'false') throw new InvalidArgumentError('must be true or false.');
  return t === 'true';
}

function parseName(v: string): string {
  if (!/^[A-Za-z0-9][A-Za-z0-9_.-]*$/.test(v)) throw new InvalidArgumentError('must be letters, digits, "_", "." or "-".');
  return v;
}

function parseVersion(v: string): string {
  if (!/^\S+$/.test(v)) throw new InvalidArgumentError('must be a version such as 4.1.0.');
  return v;
}

// ---- the command line ----

export type StartFlags = ReturnType<ReturnType<typeof startCommand>['opts']>;

function startCommand() {
  return new Command('start')
    .description('start a simulated StarRocks shared-data cluster and serve until SIGTERM/SIGINT')
    .requiredOption('--name <name>', 'cluster name (used in log lines and the default volume location)', parseName)
    .requiredOption('--query-port <port>', 'MySQL port (0 = ephemeral)', parsePort)
    .requiredOption('--rpc-port <port>', 'Thrift port (0 = ephemeral)', parsePort)
    .requiredOption('--http-port <port>', 'HTTP port (0 = ephemeral)', parsePort)
    .requiredOption('--object-store <dir>', 'root dir of the simulated object store (s3://b/p = <dir>/b/p)')
    .option('--data-dir <dir>', 'keep the FE image here so that the cluster survives a restart')
    .option('--version <version>', 'StarRocks version to report', parseVersion, '4.1.0')
    .option('--commit-hash <hash>', 'commit hash to report after the version (7 chars)')
    .addOption(new Option('--run-mode <mode>', 'FE run_mode').choices(['shared_data', 'shared_nothing'] as const).default('shared_data' as const))
    .option('--root-password <pw>', 'password of root', '')
    .option('--cn-count <n>', 'number of compute nodes', parseNonNegativeInt, 3)
    .option('--builtin-volume-name <name>', 'name of the builtin storage volume')
    .option('--builtin-volume-location <url>', 'location of the builtin storage volume (default s3://<name>-bucket/)')
    .option('--ddl-latency-ms <ms>', `added to every DDL statement (default ${DEFAULT_LATENCIES.ddlMs})`, parseNonNegativeInt)
    .option('--query-latency-ms <ms>', `added to every query/SHOW (default ${DEFAULT_LATENCIES.queryMs})`, parseNonNegativeInt)
    .option('--rpc-latency-ms <ms>', `added to every Thrift RPC (default ${DEFAULT_LATENCIES.rpcMs})`, parseNonNegativeInt)
    .option('--cn-bandwidth <bytes-per-sec>', 'per-CN copy bandwidth, e.g. 50M (0 = unlimited)', parseBandwidth)
    .option('--replication-threads <n>', 'per-CN replication_threads (0 = 4 x cores)', parseNonNegativeInt)
    .option('--daemon-interval-ms <ms>', 'background daemon tick (StarRocks: 100)', parsePositiveInt)
    .option('--enable-http-auth', 'static FE config enable_http_auth=true: the HTTP port demands Basic credentials (PR #73822)')
    .option(
      '--cn-bundle-fallback <bool>',
      'false = CNs without PR #77362: replication from a bundled (file_bundling) source fails with "shard does not exist" (default true)',
      parseBooleanFlag,
    );
}

/** Pure: the validated flags as SimOptions (paths made absolute, unset knobs left to defaultOptions). */
export function toSimOptions(f: StartFlags): SimOptions {
  const partial: Partial<SimOptions> & { name: string; objectStore: string } = {
    name: f.name,
    objectStore: resolve(f.objectStore),
    queryPort: f.queryPort,
    rpcPort: f.rpcPort,
    httpPort: f.httpPort,
    version: f.version,
    runMode: f.runMode,
    rootPassword: f.rootPassword,
    cnCount: f.cnCount,
    latencies: {
      ddlMs: f.ddlLatencyMs ?? DEFAULT_LATENCIES.ddlMs,
      queryMs: f.queryLatencyMs ?? DEFAULT_LATENCIES.queryMs,
      rpcMs: f.rpcLatencyMs ?? DEFAULT_LATENCIES.rpcMs,
    },
  };
  if (f.dataDir !== undefined) partial.dataDir = resolve(f.dataDir);
  if (f.commitHash !== undefined) partial.commitHash = f.commitHash;
  if (f.builtinVolumeName !== undefined) partial.builtinVolumeName = f.builtinVolumeName;
  if (f.builtinVolumeLocation !== undefined) partial.builtinVolumeLocation = f.builtinVolumeLocation;
  if (f.cnBandwidth !== undefined) partial.cnBandwidthBytesPerSec = f.cnBandwidth;
  if (f.replicationThreads !== undefined) partial.cnReplicationThreads = f.replicationThreads;
  if (f.daemonIntervalMs !== undefined) partial.daemonIntervalMs = f.daemonIntervalMs;
  if (f.enableHttpAuth) partial.enableHttpAuth = true;
  if (f.cnBundleFallback !== undefined) partial.cnBundleFallback = f.cnBundleFallback;
  return defaultOptions(partial);
}

/** Runs `srsync-sim <argv>` and resolves with the process exit code (for `start`: after the cluster stopped). */
export async function main(argv: readonly string[] = process.argv): Promise<number> {
  let code = EXIT_OK;
  const oneLine = { outputError: (msg: string, write: (s: string) => void) => write(msg.replace(/\s*\n\s*/g, ' ').trim() + '\n') };
  const program = new Command('srsync-sim').description('simulated StarRocks shared-data cluster for srsync').exitOverride().configureOutput(oneLine);
  program.addCommand(
    startCommand()
      .exitOverride()
      .configureOutput(oneLine)
      .action(async (flags) => {
        code = await runStart(toSimOptions(flags));
      }),
  );
  try {
    await program.parseAsync([...argv]);
  } catch (e) {
    if (e instanceof CommanderError) {
      return e.code === 'commander.helpDisplayed' || e.code === 'commander.version' ? EXIT_OK : EXIT_USAGE;
    }
    throw e;
  }
  return code;
}

async function runStart(options: SimOptions): Promise<number> {
  // Listen before starting, so that a signal during startup still stops the cluster gracefully.
  const signal = new Promise<NodeJS.Signals>((res) => {
    process.once('SIGTERM', () => res('SIGTERM'));
    process.once('SIGINT', () => res('SIGINT'));
  });
  let handle: Awaited<ReturnType<typeof startCluster>>;
  try {
    mkdirSync(options.objectStore, { recursive: true });
    if (options.dataDir) mkdirSync(options.dataDir, { recursive: true });
    handle = await startCluster(options);
  } catch (e) {
    process.stderr.write(`srsync-sim: cannot start cluster ${options.name}: ${e instanceof Error ? e.message : String(e)}\n`);
    return EXIT_FAILURE;
  }
  const ready = {
    ready: true,
    name: handle.name,
    queryPort: handle.ports.query,
    rpcPort: handle.ports.rpc,
    httpPort: handle.ports.http,
    pid: process.pid,
  };
  process.stdout.write(JSON.stringify(ready) + '\n');
  process.stderr.write(`srsync-sim: ${options.name}: ${await signal}, stopping\n`);
  try {
    await withTimeout(handle.stop(), 15_000);
  } catch (e) {
    process.stderr.write(`srsync-sim: ${options.name}: stop failed: ${e instanceof Error ? e.message : String(e)}\n`);
    return EXIT_FAILURE;
  }
  return EXIT_OK;
}

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms`)), ms);
  });
  return Promise.race([p, timeout]).finally(() => clearTimeout(timer));
}

// `tsx sim/cli.ts start ...` works as well as bin/srsync-sim.js.
if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  main().then(
    (c) => process.exit(c),
    (e: unknown) => {
      process.stderr.write(`srsync-sim: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
      process.exit(EXIT_FAILURE);
    },
  );
}
