import { describe, expect, it } from 'vitest';
import { fanOut } from '../../../src/status/fanout.js';
import { StatusRecorder } from '../../../src/status/recorder.js';

describe('fanOut', () => {
  it('none: null; one: itself; several: each is told everything, full reads heard once', () => {
    expect(fanOut(null, undefined)).toBeNull();
    const a = new StatusRecorder();
    expect(fanOut(null, a)).toBe(a);
    const b = new StatusRecorder();
    const both = fanOut(a, b)!;
    both.phase('running');
    both.replicationJob('sent');
    both.ddl('applied');
    both.warning('ERROR', 'x');
    both.catalogRead('full', 0.5, true);
    for (const r of [a, b]) {
      const s = r.snapshot();
      expect(s.phase).toBe('running');
      expect(s.counters).toMatchObject({ jobsSent: 1, ddlApplied: 1, errors: 1 });
      expect(s.catalogReads.full.count).toBe(1);
    }
    let heard = 0;
    both.onFullRead?.(() => heard++);
    both.catalogRead('full', 0.5, true);
    expect(heard).toBe(1);
  });
});
