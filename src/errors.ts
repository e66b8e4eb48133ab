// The errors srsync reports to an operator: one line saying what is wrong, plus the file, key, cluster or
// object at fault. The CLI maps each class to a process exit code (exitCodeOf).

/** Exit codes of `srsync run` / `check-config`. */
export const ExitCode = {
  ok: 0,
  /** An unexpected failure (a bug, or an error srsync does not classify). */
  internal: 1,
  /** Bad configuration or command line; nothing was touched. */
  config: 2,
  /** A cluster refused: unreachable, wrong credentials or privileges, unsupported version or run mode. */
  cluster: 3,
  /** Synchronization could not continue (e.g. a table that cannot be replicated). */
  sync: 4,
} as const;

/** Collapses whitespace runs containing line breaks, so every operator message stays on one line. */
function oneLine(message: string): string {
  return message.replace(/\s*[\r\n]+\s*/g, ' ').trim();
}

export abstract class SrsyncError extends Error {
  abstract readonly exitCode: number;

  constructor(message: string, options?: ErrorOptions) {
    super(oneLine(message), options);
  }
}

export interface ConfigErrorSubject {
  /** The file as the operator knows it, e.g. `conf/sync.properties`. */
  file?: string;
  key?: string;
  /** 1-based line in `file`. */
  line?: number;
}

/** The configuration (files or command line) is invalid. The message names file and key, never a secret. */
export class ConfigError extends SrsyncError {
  override readonly name = 'ConfigError';
  readonly exitCode = ExitCode.config;
  readonly file: string | undefined;
  readonly key: string | undefined;
  readonly line: number | undefined;

  constructor(message: string, subject: ConfigErrorSubject = {}, options?: ErrorOptions) {
    super(message, options);
    this.file = subject.file;
    this.key = subject.key;
    this.line = subject.line;
  }
}

export type ClusterSide = 'source' | 'target';

export interface ClusterErrorSubject {
  side?: ClusterSide;
  /** What was refused or unreachable: `host:port`, a config name, a storage volume, ... */
  object?: string;
}

/** A cluster cannot be used: connectivity, authentication, privileges, version or run-mode refusals. */
export class ClusterError extends SrsyncError {
  override readonly name = 'ClusterError';
  readonly exitCode = ExitCode.cluster;
  readonly side: ClusterSide | undefined;
  readonly object: string | undefined;

  constructor(message: string, subject: ClusterErrorSubject = {}, options?: ErrorOptions) {
    super(message, options);
    this.side = subject.side;
    this.object = subject.object;
  }
}

/** Synchronization cannot go on; `object` names the database/table/partition at fault when there is one. */
export class SyncError extends SrsyncError {
  override readonly name = 'SyncError';
  readonly exitCode = ExitCode.sync;
  readonly object: string | undefined;

  constructor(message: string, subject: { object?: string } = {}, options?: ErrorOptions) {
    super(message, options);
    this.object = subject.object;
  }
}

/** The process exit code for an error thrown out of a command. */
export function exitCodeOf(e: unknown): number {
  return e instanceof SrsyncError ? e.exitCode : ExitCode.internal;
}

/** One include_data_list / exclude_data_list entry that names nothing on the source (see SelectionError). */
export interface SelectionMistake {
  key: 'include_data_list' | 'exclude_data_list';
  entry: string;
  kind: 'database' | 'table';
}

/**
 * include_data_list / exclude_data_list name a database or table the source does not have: a configuration
 * mistake (exit code 2), found at start-up before anything was changed on either cluster.
 */
export class SelectionError extends ConfigError {
  readonly mistakes: readonly SelectionMistake[];

  constructor(message: string, mistakes: readonly SelectionMistake[], subject: ConfigErrorSubject = {}, options?: ErrorOptions) {
    super(message, { key: mistakes[0]?.key, ...subject }, options);
    this.mistakes = mistakes;
  }
}
