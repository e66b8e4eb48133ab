// Where range tables meet the shared engine: RANGE detection, the planner's work flag (and no blocking note while a
// range target reshards), the job's target names, the request built from pairs by range, refusals as blocking notes.
import { describe, expect, it } from 'vitest';
import { parseDistribution } from '../../../src/inspector/parse.js';
import { plannerConfig } from '../../../src/planner/config.js';
import { plan } from '../../../src/planner/plan.js';
import { isBlockingNote, type Plan } from '../../../src/planner/actions.js';
import { jobsByTable } from '../../../src/engine/planned-jobs.js';
import { buildReplicationRequest, LayoutMismatchError, type ReplicationJobSpec } from '../../../src/replication/request-builder.js';
import { RangeRefusals } from '../../../src/range/gate.js';
import { blockingNotes } from '../../../src/engine/plan-notes.js';
import { schemaDifferences } from '../../../src/planner/table.js';
import { renderDistribution } from '../../../src/planner/ddl.js';
import { cluster, database, part, table, targetOf, tpart } from '../planner/fixtures.js';

const RANGE = { type: 'RANGE' as const, columns: [], buckets: 1 };

describe('detection', () => {
  it('DISTRIBUTE_TYPE RANGE is believed (partitions print ALL KEY like RANDOM ones)', () => {
    expect(parseDistribution({ type: 'RANGE', key: '', buckets: 1 }, ['ALL KEY'], ['k', 'v'])).toEqual(RANGE);
    expect(parseDistribution({ type: 'HASH', key: '', buckets: 1 }, ['ALL KEY'], ['k', 'v']).type).toBe('RANDOM');
  });

  it('a range table never gets a DISTRIBUTED BY clause rendered', () => {
    expect(renderDistribution(RANGE, 3)).toBeNull();
  });

  it('a RANGE source against a RANDOM target table is a schema difference', () => {
    const s = table('t1', { distribution: RANGE, partitions: [part('p1')] });
    const t = targetOf(s, [tpart('p1')], { distribution: { type: 'RANDOM', columns: [], buckets: 1 } });
    expect(schemaDifferences(s, t)).toContain('distribution type');
  });
});

describe('planning a range table', () => {
  const run = (state: string) => {
    const s = table('t1', { distribution: RANGE, partitions: [part('p1', { version: 3 })] });
    const t = targetOf(s, [tpart('p1')], { state });
    return plan(
      cluster([database('db1', { tables: [s] })]),
      cluster([database('db1', { tables: [t] })], { volumes: ['src_builtin_storage_volume'] }),
      plannerConfig(),
    );
  };

  it('its work is marked range-distributed and its jobs carry the target names', () => {
    const p = run('NORMAL');
    expect(p.replication[0]).toMatchObject({ table: 't1', rangeDistributed: true });
    expect(jobsByTable(p.replication).get('db1.t1')![0]!.range).toEqual({ tgtDb: 'db1', tgtTable: 't1' });
  });

  it('a range target in TABLET_RESHARD is still planned (the send waits for the reshard), not a blocking note', () => {
    const p = run('TABLET_RESHARD');
    expect(p.replication).toHaveLength(1);
    expect(p.notes).toEqual([]);
    expect(run('SCHEMA_CHANGE').notes).toMatchObject([{ reason: 'target_table_not_normal' }]);
  });
});

describe('the request of a range table', () => {
  const spec = (pairs?: Map<string, string>): ReplicationJobSpec => ({
    jobId: 'j',
    targetUser: 'root',
    targetPassword: 'pw',
    tgtDbId: '2',
    tgtTableId: '3',
    srcDbId: '1',
    srcTableId: '4',
    srcServiceId: 'svc',
    mirrorVolume: 'src_v',
    srcTableDataSize: 1,
    srcIndexes: [{ id: '10', name: 't', schemaHash: 7, schemaVersion: 0 }],
    tgtIndexes: [{ id: '20', name: 't', schemaHash: 8, schemaVersion: 0 }],
    partitions: [
      {
        tgtPhysicalId: '200',
        srcPhysicalId: '100',
        srcVersion: 5,
        srcVersionEpoch: '0',
        src: { physicalPartitionId: '100', indexes: [{ indexId: '10', indexName: 't', tabletIds: ['101', '102'] }] },
        tgt: { physicalPartitionId: '200', indexes: [{ indexId: '21', indexName: 't', tabletIds: ['202', '201'] }] },
        ...(pairs ? { tabletPairs: pairs } : {}),
      },
    ],
  });

  it('pairs tablets by the ranges given, keyed by the current index id', () => {
    const r = buildReplicationRequest(
      spec(
        new Map([
          ['202', '102'],
          ['201', '101'],
        ]),
      ),
    );
    const idx = r.partition_replication_infos!['200']!.index_replication_infos!['21']!;
    // Position would pair 202 with 101: the ranges pair 202 with 102.
    expect(Object.values(idx.tablet_replication_infos!).map((x) => [x.tablet_id, x.src_tablet_id])).toEqual([
      ['201', '101'],
      ['202', '102'],
    ]);
  });

  it('a target tablet without a source range is a layout mismatch, never a positional guess', () => {
    expect(() => buildReplicationRequest(spec(new Map([['202', '102']])))).toThrow(LayoutMismatchError);
  });
});

describe('refused range tables', () => {
  const planWith = (tgtTableId: string): Plan =>
    ({
      ddl: [],
      replication: [
        { db: 'd', table: 'm', srcDbId: '1', srcTableId: '2', tgtDbId: '3', tgtTableId, srcStorageVolume: 'v', mirrorVolume: 'src_v', jobs: [] },
        {
          db: 'd',
          table: 'ok',
          srcDbId: '1',
          srcTableId: '5',
          tgtDbId: '3',
          tgtTableId: '6',
          srcStorageVolume: 'v',
          mirrorVolume: 'src_v',
          jobs: [],
        },
      ],
      notes: [],
      inSync: [],
    }) as unknown as Plan;

  it('become a blocking note instead of replication; a re-created target table is aligned afresh', () => {
    const r = new RangeRefusals();
    r.record('d.m', {
      db: 'd',
      table: 'm',
      tgtDb: 'd',
      tgtTable: 'm',
      tgtTableId: '4',
      partitions: [],
      failure: { permanent: true, cause: 'admission_refused', message: 'range-distributed table d.m cannot be aligned: merge', fix: 'drop it' },
    });
    const p = r.filter(planWith('4'));
    expect(p.replication.map((w) => w.table)).toEqual(['ok']);
    expect(p.notes).toMatchObject([{ db: 'd', table: 'm', reason: 'range_not_aligned', blocking: true }]);
    expect(isBlockingNote(p.notes[0]!)).toBe(true);
    expect(blockingNotes(p.notes)).toEqual([
      { object: 'd.m', line: 'table d.m: range-distributed table d.m cannot be aligned: merge; fix: drop it' },
    ]);
    expect(r.filter(planWith('9')).replication).toHaveLength(2);
    expect(r.size).toBe(0);
  });
});
