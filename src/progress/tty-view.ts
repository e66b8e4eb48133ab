// `srsync run` on a terminal: one live screen (redrawn every second) with bars for jobs, tables and bytes, the
// throughput, the ETAs, the lag, the tables not in sync and the current warnings, above the last log lines - instead
// of the scrolling log. Only when stdout is a TTY and the console is wanted (bin/start.sh passes --no-console; a
// pipe or a file gets the log lines exactly as before); SRSYNC_TTY_VIEW=0 or TERM=dumb keeps the lines too.
import type { LogEntry } from '../log/logger.js';
import type { StatusSnapshot } from '../status/model.js';
import { StatusRecorder } from '../status/recorder.js';
import { bar, humanBytes, humanDuration } from './format.js';
import { jobProgressRatio, jobTotal, tableProgressRatios } from './progress.js';

/** What the view writes to: process.stdout, or a fake in tests. */
export interface TtyStream {
  write(text: string): unknown;
  readonly isTTY?: boolean;
  readonly columns?: number;
  readonly rows?: number;
}

/** True when `srsync run` should show the live view instead of printing the log lines. */
export function ttyViewWanted(consoleWanted: boolean, stream: Pick<TtyStream, 'isTTY'>, env: NodeJS.ProcessEnv): boolean {
  return consoleWanted && stream.isTTY === true && env['SRSYNC_TTY_VIEW'] !== '0' && env['TERM'] !== 'dumb';
}

const BAR = 24;
const clip = (s: string, width: number) => (s.length > width ? `${s.slice(0, Math.max(0, width - 1))}…` : s);
const utc = (ms: number) => `${new Date(ms).toISOString().slice(11, 19)} UTC`;

/** The screen for a snapshot (pure): lines no wider than `columns`, at most `rows` (the log tail fills the rest). */
export function progressScreen(s: StatusSnapshot, logTail: readonly string[], size: { columns: number; rows: number }, now: number): string[] {
  const out: string[] = [`srsync ${s.phase} at ${utc(now)}  (live view; every log line is in sync.INFO.log)`];
  const p = s.progress;
  if (!p) {
    out.push('no progress yet: checking the clusters, or reading the catalogs for the first time');
  } else {
    const j = p.job;
    out.push(
      `Jobs    ${bar(j.finished, jobTotal(j), BAR)} ${jobProgressRatio(j).padStart(7)}  ${j.finished} of ${jobTotal(j)} finished; ` +
        `on the target: ${j.sent} sent, ${j.running} running, ${j.unknown} unknown; ${j.jobPending} pending, ${j.failed} failed`,
    );
    const t = p.table;
    out.push(
      `Tables  ${bar(t.finished, t.total, BAR)} ${tableProgressRatios(t).finishedTableRatio.padStart(7)}  ${t.finished} of ${t.total} synchronized, ${t.expired} expired`,
    );
    const b = p.bytes;
    if (b) {
      const i = b.initialCopy;
      out.push(
        `Bytes   ${bar(i.copiedBytes, i.totalBytes, BAR)} ${humanBytes(i.copiedBytes)} of ${humanBytes(i.totalBytes)} (initial copy, ${i.tablesDone} of ${i.tables} tables), ` +
          `${humanBytes(i.remainingBytes)} remaining`,
      );
      const rate = b.bytesPerSecond === null ? 'unknown' : `${humanBytes(b.bytesPerSecond)}/s`;
      out.push(
        `Speed   ${rate} over the last ${humanDuration(b.windowSeconds)}; ETA initial copy ${humanDuration(i.etaSeconds)}, ` +
          `catch-up ${humanDuration(b.catchUp.etaSeconds)} (${humanBytes(b.catchUp.remainingBytes)} behind)`,
      );
      out.push(
        `Lag     ${b.lag.versions ?? 'unknown'} versions, ${humanBytes(b.lag.bytes)}, ${humanDuration(b.lag.seconds)}` +
          (b.catchUp.tablesSizeUnknown > 0 ? `  (${b.catchUp.tablesSizeUnknown} table(s) of unknown size yet)` : ''),
      );
    }
    out.push(`Not in sync: ${p.unsynced.count} table(s)`);
    for (const u of p.unsynced.tables.slice(0, 3)) out.push(`  ${u.table}: ${u.reason}`);
    if (p.unsynced.count > 3) out.push(`  ... and ${p.unsynced.count - 3} more`);
  }
  const w = s.recentWarnings.slice(-3);
  out.push(`Warnings: ${s.counters.warnings}, errors: ${s.counters.errors}`);
  for (const x of w) out.push(`  ${utc(x.at)} ${x.level} ${x.message}`);
  const room = size.rows - out.length - 1;
  if (room > 0) {
    out.push('-'.repeat(Math.min(size.columns, 40)));
    out.push(...logTail.slice(-room));
  }
  return out.slice(0, Math.max(1, size.rows)).map((l) => clip(l, size.columns));
}

const HIDE_CURSOR = '\x1b[?25l';
const SHOW_CURSOR = '\x1b[?25h';
const HOME = '\x1b[H';
const CLEAR_LINE_END = '\x1b[K';
const CLEAR_BELOW = '\x1b[J';

/** The live view: feed it the run's events (observer) and log lines (onLogLine); it redraws every second. */
export class TtyProgressView {
  /** What the engine reports to (a StatusRecorder of its own). */
  readonly observer: StatusRecorder;
  private readonly tail: string[] = [];
  private timer: NodeJS.Timeout | null = null;
  private state: 'new' | 'started' | 'closed' = 'new';

  constructor(
    private readonly stream: TtyStream,
    private readonly now: () => number = Date.now,
    private readonly intervalMs = 1000,
  ) {
    this.observer = new StatusRecorder({ now });
  }

  /** A log line: kept for the tail; warnings and errors also in the view's warning list. */
  onLogLine(entry: LogEntry): void {
    this.tail.push(entry.line.split('\n', 1)[0]!);
    if (this.tail.length > 200) this.tail.splice(0, this.tail.length - 200);
    if (entry.level === 'WARN' || entry.level === 'ERROR') this.observer.warning(entry.level, entry.message.split('\n', 1)[0]!);
  }

  start(): void {
    if (this.state !== 'new') return;
    this.state = 'started';
    this.stream.write(`${HIDE_CURSOR}\x1b[2J`);
    this.draw();
    this.timer = setInterval(() => this.draw(), this.intervalMs);
    this.timer.unref();
  }

  /** The screen as it would be drawn now. */
  screen(): string[] {
    return progressScreen(this.observer.snapshot(), this.tail, { columns: this.stream.columns ?? 100, rows: this.stream.rows ?? 30 }, this.now());
  }

  draw(): void {
    this.stream.write(`${HOME}${this.screen().join(`${CLEAR_LINE_END}\n`)}${CLEAR_LINE_END}${CLEAR_BELOW}`);
  }

  /** Last frame stays on the screen; the cursor comes back below it. Once; nothing when never started. */
  close(): void {
    if (this.state !== 'started') return;
    this.state = 'closed';
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.draw();
    this.stream.write(`\n${SHOW_CURSOR}`);
  }
}
