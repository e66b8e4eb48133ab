// The pure helpers of the issue-10 bench figures: goal rows, growth exponents, results merging, the lag split,
// srsync's start-up milestones and the copy-alone replication request.
import { describe, expect, it } from 'vitest';
import { goalRatio, goalRow, growthExponent, infoRow } from '../../bench/lib/goals.js';
import { mergeResults, type BenchResults } from '../../bench/lib/results.js';
import { lagSplit } from '../../bench/scenarios/lag.js';
import { startupOf } from '../../bench/scenarios/copy-limit.js';
import { replicationRequest, type TableLayout } from '../../bench/lib/copy-alone.js';

describe('goal rows', () => {
  it('says whether the goal is met and by what ratio', () => {
    expect(goalRatio(0.5, 1)).toBe('0.50× goal (met)');
    expect(goalRatio(1, 1)).toBe('1.00× goal (met)');
    expect(goalRatio(1.3, 1)).toBe('1.30× goal (OVER)');
    expect(goalRatio(NaN, 1)).toBe('n/a');
    expect(goalRatio(1, 0)).toBe('n/a');
  });

  it('puts the goal in the official column', () => {
    const r = goalRow('lag p95', 1.2, 1, 's', 'why');
    expect(r).toMatchObject({
      srsync: '1.20 s',
      official: 'goal ≤ 1.00 s',
      ratio: '1.20× goal (OVER)',
      srsyncValue: 1.2,
      officialValue: 1,
      note: 'why',
    });
    expect(goalRow('rss', 700, 1024, 'MB').official).toBe('goal ≤ 1024 MB');
    expect(infoRow('copy', NaN, 's')).toMatchObject({ srsync: 'n/a', official: 'n/a', ratio: 'n/a' });
  });

  it('computes the growth exponent between the first and last point', () => {
    expect(growthExponent([1, 2, 4], [10, 20, 40])).toBeCloseTo(1);
    expect(growthExponent([1, 5], [1, 25])).toBeCloseTo(2);
    expect(growthExponent([1, 5], [3, 3])).toBeCloseTo(0);
    expect(growthExponent([1], [1])).toBeNaN();
    expect(growthExponent([1, 5], [0, 3])).toBeNaN();
  });
});

describe('mergeResults', () => {
  const base = (over: Partial<BenchResults>): BenchResults => ({ scenarios: [], date: 'd', summary: [], raw: {}, ...over });

  it('replaces the rows and raw results of the scenarios that ran and keeps the others', () => {
    const old = base({
      scenarios: ['catalog', 'lag'],
      date: 'old',
      summary: [
        { figure: 'catalog read', srsync: '2 s' },
        { figure: 'lag p95', scenario: 'lag', srsync: '1.4 s' },
        { figure: 'lag p50', srsync: '0.9 s' },
      ],
      raw: { catalog: 1, lag: 2 },
    });
    const run = base({
      scenarios: ['lag', 'copy'],
      date: 'new',
      summary: [
        { figure: 'lag p50', scenario: 'lag', srsync: '0.5 s' },
        { figure: 'copy ratio', scenario: 'copy', srsync: '1.03' },
      ],
      raw: { lag: 3, copy: 4 },
    });
    const m = mergeResults(old, run);
    expect(m.date).toBe('old');
    expect(m.scenarios).toEqual(['catalog', 'lag', 'copy']);
    expect(m.summary.map((r) => `${r.figure}=${String(r['srsync'])}`)).toEqual(['catalog read=2 s', 'lag p50=0.5 s', 'copy ratio=1.03']);
    expect(m.raw).toEqual({ catalog: 1, lag: 3, copy: 4 });
    expect(m.merged).toEqual([{ date: 'new', scenarios: ['lag', 'copy'], machine: undefined }]);
  });
});

describe('lagSplit', () => {
  const ev = (at: number, text: string) => ({ at, text });
  it('matches each seen load to the first send for its table at or after its publish', () => {
    const events = [
      ev(900, 'Replication job a sent for db.t1: 1 partition(s), 10 bytes'),
      ev(1300, 'Replication job b sent for db.t1: 1 partition(s), 10 bytes'),
      ev(2200, 'Replication job c sent for db.t2: 1 partition(s), 10 bytes'),
      ev(2300, 'DDL done on target: CREATE TABLE x'),
    ];
    const s = lagSplit(
      [
        { db: 'db', table: 't1', publishedAt: 1000, visibleAt: 1800 },
        { db: 'db', table: 't2', publishedAt: 2000, visibleAt: 2600 },
        { db: 'db', table: 't2', publishedAt: 2100 }, // never seen: not counted
        { db: 'db', table: 't3', publishedAt: 2100, visibleAt: 2500 }, // no send: not counted
      ],
      events,
    );
    expect(s.n).toBe(2);
    expect(s.toSentP50S).toBeCloseTo(0.2);
    expect(s.toSentP95S).toBeCloseTo(0.3);
    expect(s.sentToVisibleP50S).toBeCloseTo(0.4);
    expect(s.sentToVisibleP95S).toBeCloseTo(0.5);
  });
});

describe('startupOf', () => {
  it('finds the start-up milestones in srsync log events', () => {
    const t0 = 10_000;
    const s = startupOf(
      [
        { at: 10_400, text: 'srsync 0.1.0 starting (pid 1)' },
        { at: 10_600, text: 'srsync started: one_time_run_mode=true' },
        { at: 10_700, text: 'DDL done on target: CREATE DATABASE `d`' },
        { at: 10_900, text: 'DDL done on target: CREATE TABLE `d`.`t` ( ...' },
        { at: 11_000, text: 'Replication job x sent for d.t: 1 partition(s), 5 bytes' },
        { at: 11_250, text: 'Replication job y sent for d.u: 1 partition(s), 5 bytes' },
      ],
      t0,
    );
    expect(s).toEqual({ processUpS: 0.4, preflightDoneS: 0.6, firstDdlS: 0.7, lastDdlS: 0.9, firstJobSentS: 1, lastJobSentS: 1.25 });
    expect(startupOf([], t0)).toEqual({
      processUpS: null,
      preflightDoneS: null,
      firstDdlS: null,
      lastDdlS: null,
      firstJobSentS: null,
      lastJobSentS: null,
    });
  });
});

describe('replicationRequest (copy alone)', () => {
  const layout = (dbId: string, tableId: string, ppId: string, tablets: string[]): TableLayout => ({
    dbId,
    tableId,
    partitions: new Map([
      [
        'p1',
        {
          physicalId: ppId,
          visibleVersion: 5,
          versionEpoch: '7',
          dataSize: 100,
          tablets: new Map([['t', { indexId: `${ppId}0`, schemaHash: 42, tabletIds: tablets }]]),
        },
      ],
    ]),
  });

  it('pairs tablets by bucket order and names both sides', () => {
    const r = replicationRequest(layout('1', '2', '3', ['31', '32']), layout('11', '12', '13', ['131', '132']), {
      jobId: 'j',
      user: 'root',
      password: 'pw',
      serviceId: 'sid',
      mirrorVolume: 'src_v',
    });
    expect(r).toMatchObject({
      database_id: '11',
      table_id: '12',
      src_database_id: '1',
      src_table_id: '2',
      src_service_id: 'sid',
      src_storage_volume_name: 'src_v',
      src_table_data_size: '100',
      job_id: 'j',
    });
    const p = r.partition_replication_infos!['13']!;
    expect(p).toMatchObject({ partition_id: '13', src_partition_id: '3', src_version: '5', src_version_epoch: '7' });
    expect(p.index_replication_infos?.['130']?.tablet_replication_infos).toEqual({
      '131': { tablet_id: '131', src_tablet_id: '31', replica_replication_infos: [] },
      '132': { tablet_id: '132', src_tablet_id: '32', replica_replication_infos: [] },
    });
  });

  it('refuses layouts that do not pair', () => {
    expect(() =>
      replicationRequest(layout('1', '2', '3', ['31']), layout('11', '12', '13', ['131', '132']), {
        jobId: 'j',
        user: 'u',
        password: '',
        serviceId: 's',
        mirrorVolume: 'v',
      }),
    ).toThrow(/differs/);
  });
});
