import { describe, expect, it } from 'vitest';
import { createMemoryLogger } from '../../../src/log/logger.js';
import { StatusRecorder, watchWarnings } from '../../../src/status/index.js';

describe('StatusRecorder', () => {
  it('counts what the engine reports', () => {
    const r = new StatusRecorder({ now: () => 1000 });
    r.ddl('applied');
    r.ddl('applied');
    r.ddl('failed');
    for (const e of ['sent', 'sent', 'finished', 'failed', 'retried', 'deferred'] as const) r.replicationJob(e);
    r.phase('running');
    const s = r.snapshot();
    expect(s.phase).toBe('running');
    expect(s.counters).toMatchObject({
      ddlApplied: 2,
      ddlFailed: 1,
      jobsSent: 2,
      jobsFinished: 1,
      jobsFailed: 1,
      jobsRetried: 1,
      backpressureDeferrals: 1,
    });
    expect(s.progress).toBeNull();
  });

  it('keeps a bounded list of recent warnings, newest last, and counts them all', () => {
    let t = 0;
    const r = new StatusRecorder({ now: () => ++t, recentWarnings: 3 });
    for (let i = 0; i < 5; i++) r.warning('WARN', `w${i}`);
    r.warning('ERROR', 'e'.repeat(5000));
    const s = r.snapshot();
    expect(s.recentWarnings.map((w) => w.message.slice(0, 2))).toEqual(['w3', 'w4', 'ee']);
    expect(s.recentWarnings[2]!.message.length).toBe(1000);
    expect(s.counters.warnings).toBe(5);
    expect(s.counters.errors).toBe(1);
  });

  it('a snapshot does not change afterwards', () => {
    const r = new StatusRecorder();
    const before = r.snapshot();
    r.replicationJob('sent');
    r.warning('WARN', 'x');
    r.catalogRead('full', 1, true);
    expect(before.counters.jobsSent).toBe(0);
    expect(before.recentWarnings).toEqual([]);
    expect(before.catalogReads.full.count).toBe(0);
  });
});

describe('watchWarnings', () => {
  it('reports warnings and errors of every logger sharing the files, masked, first line only; until unwatched', () => {
    const { logger, lines } = createMemoryLogger();
    logger.addSecrets('hunter2-secret');
    const got: string[] = [];
    const unwatch = watchWarnings(logger, (level, m) => got.push(`${level} ${m}`));
    const log = logger.child('sync');
    log.info('just info');
    log.warn('cannot connect with hunter2-secret');
    log.child('sub').error('failed', new Error('boom'));
    unwatch();
    log.warn('not seen');
    expect(got).toEqual(['WARN cannot connect with ******', expect.stringMatching(/^ERROR failed: Error: boom$/)]);
    expect(lines).toHaveLength(4);
    expect(lines[1]).toMatch(/ WARN \[sync\] cannot connect with \*\*\*\*\*\*$/);
    expect(lines[2]).toMatch(/ ERROR \[sub\] failed: /);
  });
});
