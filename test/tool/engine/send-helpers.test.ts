// Issue 10 (speed): the job sender's bounded caches, the shared reads of many jobs' versions, and the newest
// versions a job carries when it is sent.
import { describe, expect, it } from 'vitest';
import { BoundedCache } from '../../../src/engine/bounded-cache.js';
import { BatchedReader } from '../../../src/engine/batched-reader.js';
import { freshenJob, mayBeCompacting, PUBLISH_RECHECK_MS, PUBLISH_WAIT_MS, waitForPublish } from '../../../src/engine/fresh-versions.js';
import { compactingPartitions } from '../../../src/inspector/bulk-jobs.js';
import type { PartitionVersions } from '../../../src/inspector/bulk-jobs.js';
import type { PlannedJob } from '../../../src/scheduler/replication-scheduler.js';

describe('BoundedCache', () => {
  it('evicts the least recently used entry beyond its bound', () => {
    const c = new BoundedCache<string, number>(2);
    c.set('a', 1);
    c.set('b', 2);
    expect(c.get('a')).toBe(1); // a is now the most recently used
    c.set('c', 3);
    expect(c.get('b')).toBeUndefined();
    expect(c.get('a')).toBe(1);
    expect(c.get('c')).toBe(3);
    expect(c.size).toBe(2);
  });

  it('shares one pending value and forgets a rejected promise', async () => {
    const c = new BoundedCache<string, Promise<number>>(10);
    let made = 0;
    const fail = () => {
      made++;
      return Promise.reject(new Error('read failed'));
    };
    const p1 = c.getOrSet('k', fail);
    const p2 = c.getOrSet('k', fail);
    expect(p2).toBe(p1);
    await expect(p1).rejects.toThrow('read failed');
    expect(c.get('k')).toBeUndefined();
    await expect(c.getOrSet('k', () => Promise.resolve(7))).resolves.toBe(7);
    expect(made).toBe(1);
  });
});

describe('BatchedReader', () => {
  it('answers the keys asked for in one turn with one read, and those asked during it with the next', async () => {
    const reads: string[][] = [];
    let release: () => void = () => {};
    const r = new BatchedReader<number>(async (keys) => {
      reads.push([...keys]);
      if (reads.length === 1) await new Promise<void>((res) => (release = res));
      return new Map(keys.filter((k) => k !== 'gone').map((k) => [k, k.length]));
    });
    const first = [r.get('a'), r.get('bb'), r.get('a')];
    await new Promise((res) => setImmediate(res));
    const second = [r.get('ccc'), r.get('gone')];
    release();
    expect(await Promise.all(first)).toEqual([1, 2, 1]);
    expect(await Promise.all(second)).toEqual([3, undefined]);
    expect(reads).toEqual([
      ['a', 'bb'],
      ['ccc', 'gone'],
    ]);
    expect(r.reads).toBe(2);
  });

  it('rejects every caller of a failed read, and reads again for the next ones', async () => {
    let fail = true;
    const r = new BatchedReader<number>(async (keys) => {
      if (fail) throw new Error('connection lost');
      return new Map(keys.map((k) => [k, 1]));
    });
    await expect(Promise.all([r.get('a'), r.get('b')])).rejects.toThrow('connection lost');
    fail = false;
    await expect(r.get('a')).resolves.toBe(1);
  });

  it('reads at most maxKeys keys at once', async () => {
    const sizes: number[] = [];
    const r = new BatchedReader<number>(async (keys) => {
      sizes.push(keys.length);
      return new Map(keys.map((k) => [k, 0]));
    }, 2);
    await Promise.all(['a', 'b', 'c', 'd', 'e'].map((k) => r.get(k)));
    expect(sizes).toEqual([2, 2, 1]);
  });
});

function job(versions: number[]): PlannedJob {
  return {
    tableKey: 'db.t',
    db: 'db',
    table: 't',
    srcDbId: '1',
    srcTableId: '2',
    tgtDbId: '3',
    tgtTableId: '4',
    mirrorVolume: 'src_v',
    partitions: versions.map((v, i) => ({
      name: `p${i}`,
      srcPhysicalId: `s${i}`,
      tgtPhysicalId: `t${i}`,
      srcVersion: v,
      srcVersionEpoch: '7',
      tgtDataVersion: 1,
      dataSize: 100,
    })),
    dataSize: 100 * versions.length,
  };
}

const row = (id: string, visible: number, over: Partial<PartitionVersions> = {}): PartitionVersions => ({
  db: 'db',
  table: 't',
  id,
  compactVersion: visible,
  visibleVersion: visible,
  nextVersion: visible + 1,
  dataVersion: visible,
  versionEpoch: '7',
  dataSize: 100,
  ...over,
});

describe('freshenJob', () => {
  it('raises a partition to the newer visible version (a compaction published after the plan): one job, one copy', () => {
    const j = job([2, 5]);
    const f = freshenJob(j, [row('s0', 3, { dataSize: 90 }), row('s1', 5)]);
    expect(f.raised).toBe(1);
    expect(f.job.partitions.map((p) => p.srcVersion)).toEqual([3, 5]);
    expect(f.job.dataSize).toBe(190);
    expect(j.partitions[0]!.srcVersion).toBe(2); // the planned job is not edited
  });

  it('keeps the job as planned when nothing moved, or a partition is not in the answer', () => {
    const j = job([2, 5]);
    const f = freshenJob(j, [row('s0', 2)]);
    expect(f.job).toBe(j);
    expect(f.raised).toBe(0);
    expect(f.publishing).toEqual([]);
  });

  it('waits (bounded) for a version being published, then sends what is visible', () => {
    const f = freshenJob(job([2]), [row('s0', 2, { nextVersion: 4 })]);
    expect(f.publishing).toEqual(['s0']);
    expect(waitForPublish(f, 0)).toBe(true);
    expect(waitForPublish(f, PUBLISH_WAIT_MS - PUBLISH_RECHECK_MS)).toBe(true);
    expect(waitForPublish(f, PUBLISH_WAIT_MS)).toBe(false);
    expect(waitForPublish(freshenJob(job([2]), [row('s0', 2)]), 0)).toBe(false);
  });
});

describe('a compaction running on the source', () => {
  it('holds (bounded) a partition with loads not compacted yet while its compaction transaction runs', () => {
    const rows = [row('s0', 4, { compactVersion: 3 }), row('s1', 5)];
    const j = job([4, 5]);
    expect(mayBeCompacting(j, rows)).toBe(true);
    expect(freshenJob(j, rows, new Set(['s0'])).publishing).toEqual(['s0']);
    expect(freshenJob(j, rows, new Set(['s1'])).publishing).toEqual([]); // s1 is compacted up to its visible version
    expect(freshenJob(j, rows).publishing).toEqual([]);
    expect(mayBeCompacting(j, [row('s0', 4), row('s1', 5)])).toBe(false);
  });

  it('reads the running compactions from the transaction labels StarRocks writes', () => {
    expect(
      compactingPartitions([
        { Label: 'COMPACTION_10001-10002-10003-1733000000000', TransactionStatus: 'PREPARE', LoadJobSourceType: 'LAKE_COMPACTION' },
        { Label: 'COMPACTION_10001-10002-10004-1733000000000', TransactionStatus: 'COMMITTED', LoadJobSourceType: 'LAKE_COMPACTION' },
        { Label: 'COMPACTION_10001-10002-10005-1733000000000', TransactionStatus: 'VISIBLE', LoadJobSourceType: 'LAKE_COMPACTION' },
        { Label: 'insert_abc', TransactionStatus: 'PREPARE', LoadJobSourceType: 'INSERT_STREAMING' },
      ]),
    ).toEqual(new Set(['10003', '10004']));
  });
});
