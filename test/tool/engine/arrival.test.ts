import { describe, expect, it } from 'vitest';
import { arrivalOf } from '../../../src/engine/arrival.js';

const job = {
  partitions: [
    { name: 'p1', srcPhysicalId: '11', tgtPhysicalId: '21', srcVersion: 5, srcVersionEpoch: '0', tgtDataVersion: 1, dataSize: 1 },
    { name: 'p2', srcPhysicalId: '12', tgtPhysicalId: '22', srcVersion: 3, srcVersionEpoch: '0', tgtDataVersion: 1, dataSize: 1 },
  ],
};

describe('did a COMMITTED job move the data (reference §5.3)', () => {
  it('arrived when every partition reached its source version', () => {
    expect(
      arrivalOf(job, [
        { id: '21', visibleVersion: 5, nextVersion: 6, dataVersion: 5 },
        { id: '22', visibleVersion: 3, nextVersion: 4, dataVersion: 3 },
      ]),
    ).toEqual({ kind: 'arrived' });
  });

  it('publishing while a committed version is not visible yet', () => {
    expect(
      arrivalOf(job, [
        { id: '21', visibleVersion: 1, nextVersion: 6, dataVersion: 1 },
        { id: '22', visibleVersion: 3, nextVersion: 4, dataVersion: 3 },
      ]),
    ).toEqual({ kind: 'publishing' });
  });

  it('moved nothing for a partition left unchanged with nothing pending (its copy tasks all failed)', () => {
    expect(
      arrivalOf(job, [
        { id: '21', visibleVersion: 5, nextVersion: 6, dataVersion: 5 },
        { id: '22', visibleVersion: 1, nextVersion: 2, dataVersion: 1 },
      ]),
    ).toEqual({ kind: 'moved_nothing', partitions: ['p2'] });
  });

  it('a partition dropped on the target since is not waited for', () => {
    expect(arrivalOf(job, [{ id: '21', visibleVersion: 5, nextVersion: 6, dataVersion: 5 }])).toEqual({ kind: 'arrived' });
  });
});
