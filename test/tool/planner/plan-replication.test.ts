import { describe, expect, it } from 'vitest';
import { GIB, plannerConfig, type PlannerConfig } from '../../../src/planner/config.js';
import { plan } from '../../../src/planner/plan.js';
import { splitIntoJobs } from '../../../src/planner/replication.js';
import type { ReplicationPartitionWork } from '../../../src/planner/actions.js';
import type { TableInfo } from '../../../src/model/snapshot.js';
import { TARGET_VOLUMES, cluster, database, part, phys, table, targetOf, tpart } from './fixtures.js';

function run(s: TableInfo[], t: TableInfo[], over: Partial<PlannerConfig> = {}, targetVolumes = TARGET_VOLUMES) {
  return plan(
    cluster([database('db1', { id: '10', tables: s })]),
    cluster([database('db1', { id: '20', tables: t })], { volumes: targetVolumes }),
    plannerConfig(over),
  );
}

describe('replication work', () => {
  it('lagging partitions carry source VisibleVersion and epoch, both ids, the target DataVersion and the mirror volume', () => {
    const s = table('t1', {
      id: '11',
      partitions: [
        part('p1', { id: '101', version: 7, epoch: 'E1', size: 500 }),
        part('p2', { id: '102', version: 3, lower: '2024-01-02', upper: '2024-01-03' }),
        part('p3', { id: '103', version: 1, lower: '2024-01-03', upper: '2024-01-04' }),
      ],
    });
    const t = targetOf(s, [
      tpart('p1', { id: '201', version: 4, epoch: 'E1' }),
      tpart('p2', { id: '202', version: 3, epoch: '1000', lower: '2024-01-02', upper: '2024-01-03' }),
      tpart('p3', { id: '203', version: 1, lower: '2024-01-03', upper: '2024-01-04' }),
    ]);
    t.id = '21';
    const p = run([s], [t]);
    expect(p.ddl).toEqual([]);
    expect(p.replication).toEqual([
      {
        db: 'db1',
        table: 't1',
        srcDbId: '10',
        srcTableId: '11',
        tgtDbId: '20',
        tgtTableId: '21',
        srcStorageVolume: 'builtin_storage_volume',
        mirrorVolume: 'src_builtin_storage_volume',
        jobs: [
          {
            dataSize: 500,
            partitions: [
              { name: 'p1', srcPhysicalId: '101', tgtPhysicalId: '201', srcVersion: 7, srcVersionEpoch: 'E1', tgtDataVersion: 4, dataSize: 500 },
            ],
          },
        ],
      },
    ]);
    expect(p.inSync).toEqual([]);
  });

  it('the target DataVersion, not VisibleVersion, is compared (compaction moves only visible versions)', () => {
    const s = table('t1', { partitions: [part('p1', { version: 5 })] });
    const t = targetOf(s, [{ ...tpart('p1'), physical: [phys('9', 6, { dataVersion: 5, versionTxnType: 'TXN_REPLICATION' })] }]);
    const p = run([s], [t]);
    expect(p.replication).toEqual([]);
    expect(p.inSync).toEqual(['db1.t1']);
  });

  it('in sync: every partition at the source VisibleVersion, including version 1 on both sides', () => {
    const a = table('a', { partitions: [part('p1', { version: 4 }), part('p2', { version: 1, lower: '2024-01-02', upper: '2024-01-03' })] });
    const b = table('b', { partitions: [part('p1', { version: 2 })] });
    const empty = table('c', { partitions: [] });
    const p = run(
      [a, b, empty],
      [
        targetOf(a, [tpart('p1', { version: 4 }), tpart('p2', { version: 1, lower: '2024-01-02', upper: '2024-01-03' })]),
        targetOf(b, [tpart('p1', { version: 1 })]),
        targetOf(empty, []),
      ],
    );
    expect(p.inSync).toEqual(['db1.a', 'db1.c']);
    expect(p.replication.map((w) => w.table)).toEqual(['b']);
  });

  it('several physical partitions pair by ascending id (position)', () => {
    const s = table('t1', { partitions: [{ ...part('p1'), physical: [phys('100', 4), phys('105', 2)] }] });
    const t = targetOf(s, [{ ...tpart('p1'), physical: [phys('300', 4, { versionTxnType: 'TXN_REPLICATION' }), phys('301', 1)] }]);
    const p = run([s], [t]);
    expect(p.replication[0]!.jobs[0]!.partitions.map((x) => [x.srcPhysicalId, x.tgtPhysicalId, x.srcVersion, x.tgtDataVersion])).toEqual([
      ['105', '301', 2, 1],
    ]);
  });

  it('a missing src_ mirror volume: blocking note, no work', () => {
    const s = table('t1', { storageVolume: 'ssd', partitions: [part('p1', { version: 3 })] });
    const p = plan(
      cluster([database('db1', { tables: [s] })], { volumes: ['ssd'] }),
      cluster([database('db1', { tables: [targetOf(s, [tpart('p1')])] })], { volumes: TARGET_VOLUMES }),
      plannerConfig(),
    );
    expect(p.replication).toEqual([]);
    expect(p.notes).toMatchObject([{ reason: 'missing_mirror_volume', table: 't1', blocking: true }]);
    expect(p.notes[0]!.message).toContain('src_ssd');
  });

  it('the mirror of the source volume is used, whatever volume the target table is on', () => {
    const s = table('t1', { storageVolume: 'ssd', partitions: [part('p1', { version: 3 })] });
    const t = targetOf(s, [tpart('p1')], { storageVolume: 'builtin_storage_volume' });
    const p = plan(
      cluster([database('db1', { tables: [s] })], { volumes: ['ssd'] }),
      cluster([database('db1', { tables: [t] })], { volumes: ['builtin_storage_volume', 'src_ssd'] }),
      plannerConfig(),
    );
    expect(p.replication[0]).toMatchObject({ srcStorageVolume: 'ssd', mirrorVolume: 'src_ssd' });
  });

  it('a target table that is not NORMAL waits', () => {
    const s = table('t1', { partitions: [part('p1', { version: 3 })] });
    const p = run([s], [targetOf(s, [tpart('p1')], { state: 'SCHEMA_CHANGE' })]);
    expect(p.replication).toEqual([]);
    expect(p.notes).toMatchObject([{ reason: 'target_table_not_normal' }]);
  });
});

describe('job splitting by max_replication_data_size_per_job_in_gb', () => {
  const w = (name: string, dataSize: number): ReplicationPartitionWork => ({
    name,
    srcPhysicalId: name,
    tgtPhysicalId: name,
    srcVersion: 2,
    srcVersionEpoch: '1',
    tgtDataVersion: 1,
    dataSize,
  });
  const cases: Array<[string, number[], number, string[][]]> = [
    ['all fit in one job', [1, 2, 3], 10, [['a', 'b', 'c']]],
    [
      'greedy split at the limit (inclusive)',
      [4, 6, 5, 5],
      10,
      [
        ['a', 'b'],
        ['c', 'd'],
      ],
    ],
    ['a partition larger than the limit is its own job', [3, 25, 3], 10, [['a'], ['b'], ['c']]],
    ['limit <= 0 means one job', [100, 100], 0, [['a', 'b']]],
    ['nothing to do', [], 10, []],
  ];
  it.each(cases)('%s', (_what, sizes, limit, expected) => {
    const parts = sizes.map((s, i) => w(String.fromCharCode(97 + i), s));
    const jobs = splitIntoJobs(parts, limit);
    expect(jobs.map((j) => j.partitions.map((p) => p.name))).toEqual(expected);
    for (const j of jobs) expect(j.dataSize).toBe(j.partitions.reduce((n, p) => n + p.dataSize, 0));
  });

  it('the planner splits by the configured bytes, in source partition id order', () => {
    const s = table('t1', {
      partitions: [
        part('p3', { id: '3', version: 2, size: 2 * GIB, lower: '2024-01-03', upper: '2024-01-04' }),
        part('p1', { id: '1', version: 2, size: 2 * GIB }),
        part('p2', { id: '2', version: 2, size: 1 * GIB, lower: '2024-01-02', upper: '2024-01-03' }),
      ],
    });
    const t = targetOf(s, [
      tpart('p1'),
      tpart('p2', { lower: '2024-01-02', upper: '2024-01-03' }),
      tpart('p3', { lower: '2024-01-03', upper: '2024-01-04' }),
    ]);
    const p = run([s], [t], { maxReplicationDataSizePerJobBytes: 3 * GIB });
    expect(p.replication[0]!.jobs.map((j) => [j.partitions.map((x) => x.name), j.dataSize / GIB])).toEqual([
      [['p1', 'p2'], 3],
      [['p3'], 2],
    ]);
  });
});
