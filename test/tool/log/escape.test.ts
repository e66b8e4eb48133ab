// Issue 11 item 2: names and FE messages written to the log never forge lines or drive the terminal.
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createLogger, createMemoryLogger } from '../../../src/log/index.js';
import { escapeControl } from '../../../src/log/escape.js';

const fixedClock = () => new Date(2026, 10, 24, 12, 35, 11, 741);
const FORGED = 'x\n2026-11-24 12:35:11.741 INFO [sync] Sync job progress: 100.00%, total: 1, finished: 1';

describe('escapeControl', () => {
  it('escapes newlines, carriage returns, tabs, ANSI sequences, C1 controls and Unicode line separators', () => {
    expect(escapeControl('a\nb\rc\td')).toBe('a\\nb\\rc\\td');
    expect(escapeControl('\u001b[31mred\u001b[0m')).toBe('\\x1b[31mred\\x1b[0m');
    expect(escapeControl('\u0000\u007f\u009b\u2028\u2029')).toBe('\\x00\\x7f\\x9b\\u2028\\u2029');
  });

  it('leaves printable text alone, 4-byte characters included', () => {
    expect(escapeControl('t😀 𠀀 é`x` "q" \\n')).toBe('t😀 𠀀 é`x` "q" \\n');
  });
});

describe('logger escaping', () => {
  it('a table name cannot forge a line in sync.INFO.log', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'srsync-log-esc-'));
    const log = createLogger({ dir, clock: fixedClock });
    log.child('planner').info(`Table d.${FORGED} created`);
    log.warn(`Cannot read d.${FORGED}`, new Error(`no such table ${FORGED}`));
    log.close();
    const info = readFileSync(path.join(dir, 'sync.INFO.log'), 'utf8').split('\n').filter(Boolean);
    expect(info).toHaveLength(2);
    expect(info.filter((l) => l.includes('Sync job progress'))).toHaveLength(2);
    for (const l of info) expect(l).not.toMatch(/^2026-11-24 12:35:11.741 INFO \[sync\]/);
    expect(info[0]).toBe('2026-11-24 12:35:11.741 INFO [planner] Table d.x\\n2026-11-24 12:35:11.741 INFO [sync] Sync job progress: 100.00%, total: 1, finished: 1 created');
    expect(existsSync(path.join(dir, 'sync.WARN.log'))).toBe(true);
  });

  it('ERROR keeps the stack on indented continuation lines, the message itself escaped', () => {
    const { logger, lines } = createMemoryLogger({ clock: fixedClock });
    logger.error('boom', new Error(`bad\n2026-11-24 12:35:11.741 INFO [sync] forged`));
    const all = lines.join('\n').split('\n');
    expect(all[0]).toMatch(/^2026-11-24 12:35:11.741 ERROR \[main\] boom: Error: bad\\n2026/);
    for (const l of all.slice(1)) expect(l).toMatch(/^\s+at /);
    expect(all.length).toBeGreaterThan(1);
  });

  it('listeners (status page warnings) and mask() get the escaped text', () => {
    const { logger } = createMemoryLogger({ clock: fixedClock });
    const seen: string[] = [];
    logger.subscribe((e) => seen.push(e.message));
    logger.warn('name \u001b[2Jx');
    expect(seen).toEqual(['name \\x1b[2Jx']);
    expect(logger.mask('a\nb')).toBe('a\\nb');
  });
});
