// What every read-only command (check, plan, verify, status) does before it contacts anything: read conf/, print the
// warnings, and turn a failure into its one line on stderr and its exit code (a ConfigError: 2).
import { loadConfig, loadHostMap, type HostMap, type SyncConfig } from '../config/index.js';
import { exitCodeOf, SrsyncError } from '../errors.js';
import { confDirOf } from '../util/install.js';

/** Where a command prints. */
export interface CommandIo {
  stdout(text: string): void;
  stderr(text: string): void;
}

/** A step that either gave its value or failed, the failure already printed. */
export type Attempt<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly exitCode: number };

/** The one line a failure prints: an SrsyncError's message, else the error's name and message. */
export function failureLine(e: unknown): string {
  return e instanceof SrsyncError ? e.message : e instanceof Error ? `${e.name}: ${e.message}` : String(e);
}

/** Runs `f`; a throw is printed (its failureLine) and becomes its exit code. */
export function attempt<T>(io: CommandIo, f: () => T): Attempt<T> {
  try {
    return { ok: true, value: f() };
  } catch (e) {
    io.stderr(`${failureLine(e)}\n`);
    return { ok: false, exitCode: exitCodeOf(e) };
  }
}

export interface CommandConf {
  readonly confDir: string;
  readonly config: SyncConfig;
  /** conf/hosts.properties, validated as `run` validates it. */
  readonly hostMap: HostMap;
}

/**
 * conf/sync.properties and conf/hosts.properties of `--conf` (or the install's conf/), and the command's own options
 * (`parseOptions`, checked before any warning is printed); then every warning of both files as `warning: ...`.
 */
export function loadCommandConf(opts: { conf?: string }, deps: { env?: NodeJS.ProcessEnv }, io: CommandIo): Attempt<CommandConf>;
export function loadCommandConf<T>(
  opts: { conf?: string },
  deps: { env?: NodeJS.ProcessEnv },
  io: CommandIo,
  parseOptions: () => T,
): Attempt<CommandConf & { options: T }>;
export function loadCommandConf<T>(
  opts: { conf?: string },
  deps: { env?: NodeJS.ProcessEnv },
  io: CommandIo,
  parseOptions?: () => T,
): Attempt<CommandConf & { options?: T }> {
  return attempt(io, () => {
    const confDir = confDirOf(opts.conf, deps.env);
    const loaded = loadConfig(confDir);
    const hosts = loadHostMap(confDir);
    const options = parseOptions?.();
    for (const w of [...loaded.warnings, ...hosts.warnings]) io.stderr(`warning: ${w}\n`);
    return { confDir, config: loaded.config, hostMap: hosts.hostMap, ...(parseOptions ? { options } : {}) };
  });
}
