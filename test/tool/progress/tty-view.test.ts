// `srsync run` on a terminal: the live view (with a fake TTY stream), and the CLI's choice between the view and the
// log lines (a TTY only; a pipe and --no-console, as bin/start.sh runs it, keep the lines exactly as before).
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { main, type MainDeps } from '../../../src/cli.js';
import type { ByteFigures } from '../../../src/progress/byte-tracker.js';
import { bar, humanBytes, humanDuration } from '../../../src/progress/format.js';
import { progressScreen, TtyProgressView, ttyViewWanted, type TtyStream } from '../../../src/progress/tty-view.js';
import type { ProgressUpdate, StatusSnapshot } from '../../../src/status/model.js';
import { StatusRecorder } from '../../../src/status/recorder.js';

const bytes: ByteFigures = {
  copiedBytes: 3 * 1024 ** 3,
  catalogBytes: 10 * 1024 ** 3,
  bytesPerSecond: 50 * 1024 ** 2,
  windowSeconds: 300,
  initialCopy: {
    tables: 20,
    tablesDone: 7,
    copiedBytes: 3 * 1024 ** 3,
    totalBytes: 12 * 1024 ** 3,
    remainingBytes: 9 * 1024 ** 3,
    remainingBytesKnown: 9 * 1024 ** 3,
    tablesSizeUnknown: 0,
    etaSeconds: 185,
  },
  catchUp: { remainingBytes: 10 * 1024 ** 3, remainingBytesKnown: 10 * 1024 ** 3, tablesSizeUnknown: 0, etaSeconds: 205 },
  lag: { versions: 42, bytes: 10 * 1024 ** 3, seconds: 3_700 },
  tables: [],
  tablesBehind: 13,
};

const update: ProgressUpdate = {
  job: { ddlPending: 0, jobPending: 10, sent: 1, running: 2, finished: 12, failed: 0, unknown: 0 },
  table: { total: 20, finished: 7, expired: 1 },
  unsynced: { count: 13, tables: [{ table: 'db.t1', reason: 'not synchronized yet; replication job running' }] },
  lag: { partitions: 20, tables: 13 },
  bytes,
};

const NOW = Date.UTC(2026, 0, 2, 3, 4, 5);

function snapshot(): StatusSnapshot {
  const r = new StatusRecorder({ now: () => NOW });
  r.phase('running');
  r.progress(update);
  r.warning('WARN', 'Replication job x failed for db.t1 (attempt 1/3): boom; retrying');
  return r.snapshot();
}

class FakeTty implements TtyStream {
  readonly isTTY = true;
  text = '';
  constructor(
    readonly columns = 120,
    readonly rows = 30,
  ) {}
  write(t: string): boolean {
    this.text += t;
    return true;
  }
}

describe('units', () => {
  it('bytes, durations and bars', () => {
    expect([humanBytes(512), humanBytes(1536), humanBytes(3 * 1024 ** 3), humanBytes(null)]).toEqual(['512 B', '1.50 KiB', '3.00 GiB', 'unknown']);
    expect([humanDuration(42), humanDuration(185), humanDuration(3_700), humanDuration(90_000), humanDuration(null)]).toEqual([
      '42 s',
      '3 min 5 s',
      '1 h 1 min',
      '1 d 1 h',
      'unknown',
    ]);
    expect([bar(1, 4, 8), bar(0, 0, 4), bar(5, null, 4)]).toEqual(['[##------]', '[####]', '[----]']);
  });
});

describe('the live screen', () => {
  it('bars for jobs, tables and bytes, throughput, ETAs, lag, tables not in sync, warnings, then the log tail', () => {
    const tail = Array.from({ length: 40 }, (_, i) => `log line ${i}`);
    const lines = progressScreen(snapshot(), tail, { columns: 160, rows: 24 }, NOW);
    const text = lines.join('\n');
    expect(lines[0]).toBe('srsync running at 03:04:05 UTC  (live view; every log line is in sync.INFO.log)');
    expect(text).toContain(
      `Jobs    ${bar(12, 25, 24)}  48.00%  12 of 25 finished; on the target: 1 sent, 2 running, 0 unknown; 10 pending, 0 failed`,
    );
    expect(text).toContain(`Tables  ${bar(7, 20, 24)}  35.00%  7 of 20 synchronized, 1 expired`);
    expect(text).toContain(`Bytes   ${bar(3, 12, 24)} 3.00 GiB of 12.0 GiB (initial copy, 7 of 20 tables), 9.00 GiB remaining`);
    expect(text).toContain('Speed   50.0 MiB/s over the last 5 min; ETA initial copy 3 min 5 s, catch-up 3 min 25 s (10.0 GiB behind)');
    expect(text).toContain('Lag     42 versions, 10.0 GiB, 1 h 1 min');
    expect(text).toContain('Not in sync: 13 table(s)\n  db.t1: not synchronized yet; replication job running');
    expect(text).toContain('Warnings: 1, errors: 0\n  03:04:05 UTC WARN Replication job x failed');
    expect(lines).toHaveLength(24);
    expect(lines[23]).toBe('log line 39');
    // A narrow terminal: nothing wider than it.
    for (const l of progressScreen(snapshot(), tail, { columns: 50, rows: 10 }, NOW)) expect(l.length).toBeLessThanOrEqual(50);
  });

  it('says so before the first progress, and unknown figures as unknown', () => {
    const r = new StatusRecorder({ now: () => NOW });
    expect(progressScreen(r.snapshot(), [], { columns: 120, rows: 30 }, NOW)[1]).toMatch(/^no progress yet/);
    const unknown: ByteFigures = {
      ...bytes,
      bytesPerSecond: null,
      initialCopy: { ...bytes.initialCopy, totalBytes: null, remainingBytes: null, etaSeconds: null, tablesSizeUnknown: 2 },
      catchUp: { ...bytes.catchUp, remainingBytes: null, etaSeconds: null, tablesSizeUnknown: 2 },
      lag: { versions: null, bytes: null, seconds: null },
    };
    r.progress({ ...update, bytes: unknown });
    const text = progressScreen(r.snapshot(), [], { columns: 200, rows: 30 }, NOW).join('\n');
    expect(text).toContain('3.00 GiB of unknown (initial copy, 7 of 20 tables), unknown remaining');
    expect(text).toContain('Speed   unknown over the last 5 min; ETA initial copy unknown, catch-up unknown (unknown behind)');
    expect(text).toContain('Lag     unknown versions, unknown, unknown  (2 table(s) of unknown size yet)');
  });

  it('draws in place on a TTY, keeps the log lines for its tail, gives the cursor back once', () => {
    const tty = new FakeTty(100, 20);
    const view = new TtyProgressView(tty, () => NOW, 60_000);
    view.start();
    expect(tty.text.startsWith('\x1b[?25l\x1b[2J\x1b[H')).toBe(true);
    view.observer.progress(update);
    view.onLogLine({ level: 'WARN', component: 'sync', message: 'careful\nstack', line: '2026-01-02 03:04:05.000 WARN [sync] careful' });
    tty.text = '';
    view.draw();
    expect(tty.text.startsWith('\x1b[H')).toBe(true);
    expect(tty.text).toContain('Jobs    [');
    expect(tty.text).toContain('  03:04:05 UTC WARN careful\x1b[K');
    expect(tty.text).toContain('2026-01-02 03:04:05.000 WARN [sync] careful\x1b[K');
    expect(tty.text.endsWith('\x1b[K\x1b[J')).toBe(true);
    view.close();
    expect(tty.text.endsWith('\n\x1b[?25h')).toBe(true);
    const after = tty.text;
    view.close();
    expect(tty.text).toBe(after);
  });
});

describe('srsync run picks the view or the lines', () => {
  it('the view only on a TTY with the console wanted', () => {
    expect(ttyViewWanted(true, { isTTY: true }, {})).toBe(true);
    expect(ttyViewWanted(false, { isTTY: true }, {})).toBe(false); // --no-console (bin/start.sh)
    expect(ttyViewWanted(true, { isTTY: false }, {})).toBe(false); // a pipe or a file
    expect(ttyViewWanted(true, {}, {})).toBe(false);
    expect(ttyViewWanted(true, { isTTY: true }, { SRSYNC_TTY_VIEW: '0' })).toBe(false);
    expect(ttyViewWanted(true, { isTTY: true }, { TERM: 'dumb' })).toBe(false);
  });

  const conf = () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'srsync-tty-'));
    writeFileSync(path.join(dir, 'sync.properties'), 'source_fe_host=127.0.0.1\ntarget_fe_host=127.0.0.2\ntarget_cluster_password=tgt-pass-123\n');
    return dir;
  };

  async function run(terminal: TtyStream, extra: string[] = []): Promise<{ code: number; stdout: string }> {
    const dir = conf();
    let stdout = '';
    const runSync: MainDeps['runSync'] = async ({ logger, observer }) => {
      logger.child('sync').info('Sync job progress: 48.00%, total: 25');
      observer?.phase('running');
      observer?.progress(update);
      return { exitCode: 0 };
    };
    const code = await main(['run', '--conf', dir, '--log-dir', path.join(dir, 'log'), ...extra], {
      installSignalHandlers: false,
      env: {},
      terminal,
      runSync,
      io: { stdout: (t) => (stdout += t), stderr: () => undefined },
    });
    return { code, stdout };
  }

  it('on a TTY: the view, no scrolling lines; elsewhere the lines as before', async () => {
    const tty = new FakeTty();
    const a = await run(tty);
    expect(a.code).toBe(0);
    expect(a.stdout).toBe('');
    expect(tty.text).toContain('srsync running at');
    expect(tty.text).toContain('Jobs    [');
    expect(tty.text).toContain('INFO [sync] Sync job progress: 48.00%, total: 25');
    expect(tty.text.endsWith('\x1b[?25h')).toBe(true);

    const pipe = {
      isTTY: false,
      text: '',
      write(t: string) {
        this.text += t;
      },
    };
    const b = await run(pipe);
    expect(pipe.text).toBe('');
    expect(b.stdout).toMatch(/INFO \[main\] srsync \S+ starting/);
    expect(b.stdout).toContain('INFO [sync] Sync job progress: 48.00%, total: 25');

    const quiet = new FakeTty();
    const c = await run(quiet, ['--no-console']);
    expect(quiet.text).toBe('');
    expect(c.stdout).toBe('');
  });
});
