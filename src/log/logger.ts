// The in-house synchronous logger (libraries.md §5): log/sync.INFO.log gets INFO and up, log/sync.WARN.log WARN
// and up, each line `2026-11-24 12:35:11.741 INFO [component] message`, flushed as written, rotated by size.
// Every registered secret is replaced by ****** before anything is written anywhere, and every control character
// of a message is escaped (escape.ts): a name or FE message can never start a line of its own (issue 11).
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { ConfigError, SrsyncError } from '../errors.js';
import { escapeControl } from './escape.js';
import { RotatingFile } from './rotating-file.js';

export type LogLevel = 'DEBUG' | 'INFO' | 'WARN' | 'ERROR';

const RANK: Readonly<Record<LogLevel, number>> = { DEBUG: 10, INFO: 20, WARN: 30, ERROR: 40 };
export const MASK = '******';
/**
 * Shorter secrets are not masked: masking `key` or `pwd` everywhere would garble every line, and srsync never
 * logs a password in the first place (this is a safety net).
 */
export const MIN_SECRET_LENGTH = 4;

export interface LoggerOptions {
  /** Directory of sync.INFO.log and sync.WARN.log (created if missing); null: no files (console/onLine only). */
  dir: string | null;
  /** File name prefix. Default `sync`. */
  baseName?: string;
  /** Rotate a file when a write would make it larger. Default 100 MB. */
  maxFileBytes?: number;
  /** Rotated files kept per log (.1 .. .N). Default 10. */
  maxBackups?: number;
  /** Lowest level logged. Default INFO (DEBUG is off). */
  level?: LogLevel;
  /** Also print each line: true → stdout; a function → called with the line (no newline). Default off. */
  console?: boolean | ((line: string, level: LogLevel) => void);
  /** Called with every line written (tests). */
  onLine?: (line: string, level: LogLevel) => void;
  /** Root component name. Default `main`. */
  component?: string;
  /** Time source. Default `() => new Date()`. */
  clock?: () => Date;
}

/** One written line, for listeners (Logger.subscribe): the message is already masked. */
export interface LogEntry {
  level: LogLevel;
  component: string;
  message: string;
  line: string;
}

const pad = (n: number, w = 2): string => String(n).padStart(w, '0');

/** Local time as `2026-11-24 12:35:11.741`. */
export function formatTimestamp(d: Date): string {
  return (
    `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ` +
    `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}.${pad(d.getMilliseconds(), 3)}`
  );
}

/**
 * The message part for an error (its one line), plus, for errors srsync did not anticipate, the stack frames: kept
 * as continuation lines of the entry (each escaped and indented, so none can pass for an entry of its own).
 */
function describeError(err: unknown, withStack: boolean): { text: string; frames: string[] } {
  if (err instanceof SrsyncError) return { text: err.message, frames: [] };
  if (err instanceof Error) return { text: `${err.name}: ${err.message}`, frames: withStack ? stackFrames(err) : [] };
  return { text: String(err), frames: [] };
}

/** The `at ...` lines of an error's stack (the message at its head may span lines: it is skipped, not split). */
function stackFrames(err: Error): string[] {
  const stack = err.stack ?? '';
  const head = `${err.name}: ${err.message}`;
  const rest = stack.startsWith(head) ? stack.slice(head.length) : stack.slice(stack.search(/\n\s+at /) + 1 || stack.length);
  return rest.split('\n').map((l) => l.trim()).filter((l) => l !== '');
}

/** Owns the log files; shared by a root Logger and all its children. */
class LogSink {
  private readonly files: { info: RotatingFile; warn: RotatingFile } | null;
  private secrets: string[] = [];
  private failed = false;
  readonly listeners = new Set<(entry: LogEntry) => void>();
  level: LogLevel;

  constructor(private readonly opts: LoggerOptions) {
    this.level = opts.level ?? 'INFO';
    if (opts.dir === null) {
      this.files = null;
      return;
    }
    const base = opts.baseName ?? 'sync';
    const maxBytes = opts.maxFileBytes ?? 100 * 1024 * 1024;
    const backups = opts.maxBackups ?? 10;
    try {
      mkdirSync(opts.dir, { recursive: true });
      this.files = {
        info: new RotatingFile(path.join(opts.dir, `${base}.INFO.log`), maxBytes, backups),
        warn: new RotatingFile(path.join(opts.dir, `${base}.WARN.log`), maxBytes, backups),
      };
    } catch (e) {
      throw new ConfigError(`log directory ${opts.dir} cannot be written (${(e as NodeJS.ErrnoException).code ?? String(e)})`, {}, { cause: e });
    }
  }

  addSecrets(values: readonly string[]): void {
    const set = new Set([...this.secrets, ...values.filter((v) => v.length >= MIN_SECRET_LENGTH)]);
    this.secrets = [...set].sort((a, b) => b.length - a.length);
  }

  /** Secrets masked, control characters escaped: one line of plain text. */
  mask(text: string): string {
    let out = text;
    for (const s of this.secrets) out = out.split(s).join(MASK);
    return escapeControl(out);
  }

  write(level: LogLevel, component: string, message: string, frames: readonly string[] = []): void {
    if (RANK[level] < RANK[this.level]) return;
    const masked = this.mask(message);
    const trailer = frames.map((f) => `\n    ${this.mask(f)}`).join('');
    const line = `${formatTimestamp((this.opts.clock ?? (() => new Date()))())} ${level} [${escapeControl(component)}] ${masked}${trailer}`;
    if (this.files) {
      try {
        this.files.info.write(`${line}\n`);
        if (RANK[level] >= RANK.WARN) this.files.warn.write(`${line}\n`);
      } catch (e) {
        // Never let a full disk kill the migration; say so once on stderr.
        if (!this.failed) process.stderr.write(`srsync: cannot write the log: ${(e as Error).message}\n`);
        this.failed = true;
      }
    }
    const { console: sink, onLine } = this.opts;
    if (sink === true) process.stdout.write(`${line}\n`);
    else if (typeof sink === 'function') sink(line, level);
    onLine?.(line, level);
    for (const listener of this.listeners) listener({ level, component, message: masked, line });
  }

  close(): void {
    this.files?.info.close();
    this.files?.warn.close();
  }
}

export class Logger {
  private constructor(
    private readonly sink: LogSink,
    readonly component: string,
  ) {}

  static create(opts: LoggerOptions): Logger {
    return new Logger(new LogSink(opts), opts.component ?? 'main');
  }

  /** A logger writing to the same files under another component name. */
  child(component: string): Logger {
    return new Logger(this.sink, component);
  }

  get debugEnabled(): boolean {
    return RANK[this.sink.level] <= RANK.DEBUG;
  }

  debug(message: string): void {
    this.sink.write('DEBUG', this.component, message);
  }

  info(message: string): void {
    this.sink.write('INFO', this.component, message);
  }

  warn(message: string, err?: unknown): void {
    this.sink.write('WARN', this.component, err === undefined ? message : `${message}: ${describeError(err, false).text}`);
  }

  error(message: string, err?: unknown): void {
    if (err === undefined) return this.sink.write('ERROR', this.component, message);
    const { text, frames } = describeError(err, true);
    this.sink.write('ERROR', this.component, `${message}: ${text}`, frames);
  }

  /** Mask these strings (passwords, keys) in everything logged from now on, by every logger of this sink (strings of MIN_SECRET_LENGTH or more). */
  addSecrets(...values: string[]): void {
    this.sink.addSecrets(values);
  }

  /** The masking and escaping applied to log lines, for text printed elsewhere (stderr). */
  mask(text: string): string {
    return this.sink.mask(text);
  }

  setLevel(level: LogLevel): void {
    this.sink.level = level;
  }

  /** Calls `listener` with every line written from now on by this logger, its parent and all children; returns the unsubscribe. */
  subscribe(listener: (entry: LogEntry) => void): () => void {
    this.sink.listeners.add(listener);
    return () => this.sink.listeners.delete(listener);
  }

  /** Closes the files (shared with every child). */
  close(): void {
    this.sink.close();
  }
}

export function createLogger(opts: LoggerOptions): Logger {
  return Logger.create(opts);
}

/** A logger without files that keeps its lines in memory (tests of other modules). */
export function createMemoryLogger(opts: Omit<LoggerOptions, 'dir' | 'onLine'> = {}): { logger: Logger; lines: string[] } {
  const lines: string[] = [];
  return { logger: Logger.create({ ...opts, dir: null, onLine: (l) => lines.push(l) }), lines };
}
