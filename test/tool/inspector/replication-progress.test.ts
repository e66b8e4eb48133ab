import { describe, expect, it } from 'vitest';
import { parseReplicationProgress } from '../../../src/inspector/parse.js';

// SHOW PROC '/replications' Progress (reference §5.1, starrocks-2026.md F11): "<finished>/<total>" since PR #66757,
// "<running>/<total>" before; empty outside SNAPSHOTING/REPLICATING. Which one a 4.1 FE prints is unverified, so
// the value is read as "a count out of a total" and anything else is unknown, never an exception.
describe('SHOW PROC /replications Progress, parsed defensively', () => {
  it.each([
    ['3/8', { count: 3, total: 8 }],
    ['0/8', { count: 0, total: 8 }],
    ['8/8', { count: 8, total: 8 }],
    [' 2 / 4 ', { count: 2, total: 4 }],
    ['0/0', { count: 0, total: 0 }], // a re-elected leader before it sends the tasks again (taskNum = 0)
  ])('%j → %j', (text, expected) => {
    expect(parseReplicationProgress(text)).toEqual(expected);
  });

  it.each(['', '\\N', 'N/A', '3', '/8', '3/', '3/8/9', '-1/8', '9/8', '1.5/8', 'abc/def', '99999999999999999999/99999999999999999999', '50%'])(
    '%j → null (unknown)',
    (text) => {
      expect(parseReplicationProgress(text)).toBeNull();
    },
  );

  it('null and undefined are unknown too', () => {
    expect(parseReplicationProgress(null)).toBeNull();
    expect(parseReplicationProgress(undefined)).toBeNull();
  });
});
