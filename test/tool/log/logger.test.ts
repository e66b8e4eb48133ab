import { existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ClusterError } from '../../../src/errors.js';
import { createLogger, createMemoryLogger, formatTimestamp } from '../../../src/log/index.js';

const tmp = () => mkdtempSync(path.join(os.tmpdir(), 'srsync-log-'));
const read = (dir: string, name: string) => (existsSync(path.join(dir, name)) ? readFileSync(path.join(dir, name), 'utf8') : '');
const lines = (text: string) => text.split('\n').filter((l) => l !== '');
const fixedClock = () => new Date(2026, 10, 24, 12, 35, 11, 741);

describe('logger', () => {
  it('formats lines as `2026-11-24 12:35:11.741 INFO [component] message`', () => {
    expect(formatTimestamp(new Date(2026, 0, 2, 3, 4, 5, 6))).toBe('2026-01-02 03:04:05.006');
    const { logger, lines: out } = createMemoryLogger({ clock: fixedClock });
    logger.child('planner').info('hello');
    expect(out).toEqual(['2026-11-24 12:35:11.741 INFO [planner] hello']);
  });

  it('routes INFO and up to sync.INFO.log, WARN and up to sync.WARN.log; DEBUG is off by default', () => {
    const dir = tmp();
    const log = createLogger({ dir, clock: fixedClock });
    log.debug('d');
    log.info('i');
    log.child('x').warn('w');
    log.error('e');
    // Synchronous: readable right away, before close.
    expect(lines(read(dir, 'sync.INFO.log'))).toEqual([
      '2026-11-24 12:35:11.741 INFO [main] i',
      '2026-11-24 12:35:11.741 WARN [x] w',
      '2026-11-24 12:35:11.741 ERROR [main] e',
    ]);
    expect(lines(read(dir, 'sync.WARN.log'))).toEqual(['2026-11-24 12:35:11.741 WARN [x] w', '2026-11-24 12:35:11.741 ERROR [main] e']);
    log.close();
  });

  it('DEBUG can be enabled; it goes to the INFO file', () => {
    const dir = tmp();
    const log = createLogger({ dir, level: 'DEBUG' });
    expect(log.debugEnabled).toBe(true);
    log.debug('details');
    expect(read(dir, 'sync.INFO.log')).toMatch(/ DEBUG \[main\] details\n$/);
    expect(read(dir, 'sync.WARN.log')).toBe('');
    log.close();
  });

  it('appends to existing files', () => {
    const dir = tmp();
    createLogger({ dir }).info('one');
    const log = createLogger({ dir });
    log.info('two');
    expect(lines(read(dir, 'sync.INFO.log')).map((l) => l.split('] ')[1])).toEqual(['one', 'two']);
    log.close();
  });

  it('rotates by size to .1 .. .N, dropping the oldest, without losing or reordering lines', () => {
    const dir = tmp();
    const log = createLogger({ dir, maxFileBytes: 200, maxBackups: 3, clock: fixedClock });
    const msgs = Array.from({ length: 40 }, (_, i) => `message number ${String(i).padStart(3, '0')}`);
    for (const m of msgs) log.info(m);
    log.close();
    const files = readdirSync(dir).filter((f) => f.startsWith('sync.INFO.log')).sort();
    expect(files).toEqual(['sync.INFO.log', 'sync.INFO.log.1', 'sync.INFO.log.2', 'sync.INFO.log.3']);
    for (const f of files) expect(Buffer.byteLength(read(dir, f))).toBeLessThanOrEqual(200);
    const kept = ['sync.INFO.log.3', 'sync.INFO.log.2', 'sync.INFO.log.1', 'sync.INFO.log'].flatMap((f) => lines(read(dir, f)).map((l) => l.split('] ')[1]));
    expect(kept).toEqual(msgs.slice(msgs.length - kept.length));
    expect(kept.length).toBeGreaterThan(8);
  });

  it('masks registered secrets in files and on the console, longest first', () => {
    const dir = tmp();
    const consoleLines: string[] = [];
    const log = createLogger({ dir, console: (l) => consoleLines.push(l) });
    log.addSecrets('s3cr3t-pass', 's3cr3t', '', 'ab');
    log.child('cluster').warn('login with s3cr3t-pass failed', new Error('password s3cr3t rejected'));
    log.info('short secrets are not masked: ab');
    const all = read(dir, 'sync.INFO.log') + read(dir, 'sync.WARN.log') + consoleLines.join('\n');
    expect(all).not.toContain('s3cr3t');
    expect(all).toContain('login with ****** failed: Error: password ****** rejected');
    expect(consoleLines).toHaveLength(2);
    expect(log.mask('x s3cr3t y')).toBe('x ****** y');
    log.close();
  });

  it('errors: srsync errors as their one line, unexpected errors with their stack at ERROR', () => {
    const { logger, lines: out } = createMemoryLogger();
    logger.error('stopped', new ClusterError('target FE 10.0.0.2:9030 refused the connection', { side: 'target' }));
    logger.error('crashed', new TypeError('boom'));
    logger.warn('retrying', new TypeError('flaky'));
    expect(out[0]).toMatch(/ERROR \[main\] stopped: target FE 10.0.0.2:9030 refused the connection$/);
    expect(out[1]).toMatch(/ERROR \[main\] crashed: TypeError: boom\n\s+at /);
    expect(out[2]).toMatch(/WARN \[main\] retrying: TypeError: flaky$/);
  });

  it('an unwritable log directory is a ConfigError', () => {
    const file = path.join(tmp(), 'not-a-dir');
    writeFileSync(file, '');
    expect(() => createLogger({ dir: path.join(file, 'log') })).toThrow(/log directory .* cannot be written/);
  });
});
