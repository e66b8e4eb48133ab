// The job line's percentage never rounds up to 100 % while anything is not finished (the manual's cutover signal).
import { describe, expect, it } from 'vitest';
import { formatJobProgress, jobProgressRatio, tableProgressRatios } from '../../../src/progress/progress.js';

const jobs = (finished: number, jobPending: number) => ({ ddlPending: 0, jobPending, sent: 0, running: 0, finished, failed: 0, unknown: 0 });

describe('progress percentages', () => {
  it.each([
    [99_999, 1, '99.99%'],
    [199_999, 1, '99.99%'],
    [1, 2, '33.33%'],
    [2, 1, '66.66%'],
    [5, 0, '100.00%'],
    [0, 0, '100.00%'],
  ])('%i finished, %i pending → %s', (finished, pending, text) => {
    expect(jobProgressRatio(jobs(finished, pending))).toBe(text);
  });

  it('a line with one job pending of 100,000 does not say 100.00%', () => {
    expect(formatJobProgress(jobs(99_999, 1))).toMatch(/^Sync job progress: 99\.99%, total: 100000,/);
  });

  it('the finished ratio rounds down, the expired ratio up', () => {
    expect(tableProgressRatios({ total: 100_000, finished: 99_999, expired: 1 })).toEqual({
      finishedTableRatio: '99.99%',
      expiredTableRatio: '0.01%',
    });
  });
});
