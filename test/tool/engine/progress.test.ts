import { describe, it, expect } from 'vitest';
import { formatJobProgress, formatTableProgress } from '../../../src/progress/progress.js';

describe('progress lines', () => {
  it("prints the manual's job metrics", () => {
    expect(formatJobProgress({ ddlPending: 1, jobPending: 2, sent: 0, running: 1, finished: 6, failed: 0, unknown: 0 })).toBe(
      'Sync job progress: 60.00%, total: 10, ddlPending: 1, jobPending: 2, sent: 0, running: 1, finished: 6, failed: 0, unknown: 0',
    );
    expect(formatJobProgress({ ddlPending: 0, jobPending: 0, sent: 0, running: 0, finished: 0, failed: 0, unknown: 0 })).toContain('100.00%');
  });

  it("prints the manual's table metrics", () => {
    expect(formatTableProgress({ total: 4, finished: 3, expired: 1 })).toBe(
      'Sync table progress: finishedTableRatio: 75.00%, expiredTableRatio: 25.00%, total table: 4, finished table: 3, unfinished table: 1, expired table: 1',
    );
  });
});
