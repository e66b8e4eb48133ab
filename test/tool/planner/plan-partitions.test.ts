import { describe, expect, it } from 'vitest';
import { plannerConfig, type PlannerConfig } from '../../../src/planner/config.js';
import { plan } from '../../../src/planner/plan.js';
import { partitionInconsistency } from '../../../src/planner/partition.js';
import type { PartitionInfo, TableInfo } from '../../../src/model/snapshot.js';
import { TARGET_VOLUMES, cluster, col, database, part, phys, table, targetOf, tpart } from './fixtures.js';

function run(s: TableInfo, t: TableInfo, over: Partial<PlannerConfig> = {}) {
  return plan(
    cluster([database('db1', { tables: [s] })]),
    cluster([database('db1', { tables: [t] })], { volumes: TARGET_VOLUMES }),
    plannerConfig(over),
  );
}
const kinds = (p: ReturnType<typeof plan>) => p.ddl.map((a) => `${a.kind}${'name' in a && a.name ? ' ' + a.name : ''}`);

describe('source-only partitions → ADD PARTITION with the same bound', () => {
  it('range, default bucket count: no DISTRIBUTED clause; the table waits a round', () => {
    const s = table('t1', { partitions: [part('p1', { version: 3 }), part('p2', { lower: '2024-01-02', upper: '2024-01-03', version: 2 })] });
    const t = targetOf(s, [tpart('p1', { version: 2 })]);
    const p = run(s, t);
    expect(p.ddl.map((a) => a.sql)).toEqual(['ALTER TABLE `db1`.`t1` ADD PARTITION `p2` VALUES [("2024-01-02"), ("2024-01-03"))']);
    expect(p.ddl[0]!.reason).toBe('missing_on_target');
    expect(p.replication).toEqual([]);
    expect(p.notes).toMatchObject([{ reason: 'replication_deferred', blocking: false }]);
  });

  it('adds DISTRIBUTED BY ... BUCKETS n only when the bucket count would differ', () => {
    const s = table('t1', { partitions: [part('p1'), part('p2', { lower: '2024-01-02', upper: '2024-01-03', buckets: 7 })] });
    const p = run(s, targetOf(s, [tpart('p1')]));
    expect(p.ddl[0]!.sql).toBe(
      'ALTER TABLE `db1`.`t1` ADD PARTITION `p2` VALUES [("2024-01-02"), ("2024-01-03")) DISTRIBUTED BY HASH(`k1`) BUCKETS 7',
    );
    const r = table('t2', { distribution: { type: 'RANDOM', columns: [], buckets: 0 }, partitions: [part('p1', { buckets: 3 })] });
    const p2 = run(r, targetOf(r, []));
    expect(p2.ddl[0]!.sql).toBe('ALTER TABLE `db1`.`t2` ADD PARTITION `p1` VALUES [("2024-01-01"), ("2024-01-02")) DISTRIBUTED BY RANDOM BUCKETS 3');
  });

  it('list partitions, single and multi-column, with hostile values', () => {
    const single = table('l1', {
      partitionType: 'LIST',
      partitionColumns: ['city'],
      partitions: [part('p_x', { bound: { kind: 'list', values: [['Bei"jing'], ["O'Hare"], ['a\\b']] } })],
    });
    expect(run(single, targetOf(single, [])).ddl[0]!.sql).toBe(
      'ALTER TABLE `db1`.`l1` ADD PARTITION `p_x` VALUES IN ("Bei\\"jing", "O\'Hare", "a\\\\b")',
    );
    const multi = table('l2', {
      partitionType: 'LIST',
      partitionColumns: ['dt', 'city'],
      partitions: [
        part('p_y', {
          bound: {
            kind: 'list',
            values: [
              ['2024-01-01', 'x'],
              ['2024-01-02', 'y'],
            ],
          },
        }),
      ],
    });
    expect(run(multi, targetOf(multi, [])).ddl[0]!.sql).toBe(
      'ALTER TABLE `db1`.`l2` ADD PARTITION `p_y` VALUES IN (("2024-01-01", "x"), ("2024-01-02", "y"))',
    );
  });

  it('expression-partitioned (automatic) tables get ADD PARTITIONS START/END/EVERY (auto-partitions.test.ts)', () => {
    const s = table('e1', { partitionType: 'EXPR_RANGE', partitions: [part('p20240101')] });
    expect(kinds(run(s, targetOf(s, [])))).toEqual(['add_partition p20240101']);
    expect(run(s, targetOf(s, [])).ddl[0]!.sql).toBe(
      'ALTER TABLE `db1`.`e1` ADD PARTITIONS START ("2024-01-01") END ("2024-01-02") EVERY (INTERVAL 1 DAY)',
    );
  });

  it('an unknown bound is noted, not guessed', () => {
    const s = table('t1', { partitions: [part('p1'), part('p2', { bound: { kind: 'none' }, value: '???' })] });
    const p = run(s, targetOf(s, [tpart('p1')]));
    expect(p.ddl).toEqual([]);
    expect(p.notes).toMatchObject([{ object: 'partition', name: 'p2', reason: 'unknown_partition_bound' }]);
  });
});

describe('target-only partitions (ddl_job_allow_drop_partition_target_only)', () => {
  const s = () => table('t1', { partitions: [part('p1', { version: 2 })] });
  const t = () => targetOf(s(), [tpart('p1', { version: 2 }), tpart('gone', { lower: '2023-01-01', upper: '2023-01-02' })]);

  it('default true: dropped', () => {
    const p = run(s(), t());
    expect(p.ddl.map((a) => [a.sql, a.reason])).toEqual([['ALTER TABLE `db1`.`t1` DROP PARTITION `gone`', 'dropped_on_source']]);
    expect(p.inSync).toEqual([]);
  });

  // The target then holds rows the source no longer has: the table is not in sync (notes/decisions/planner.md).
  it('false: kept, named in a partition note; one blocking table note with the reason; not in sync', () => {
    const p = run(s(), t(), { ddlJobAllowDropPartitionTargetOnly: false });
    expect(p.ddl).toEqual([]);
    expect(p.notes).toEqual([
      {
        object: 'partition',
        db: 'db1',
        table: 't1',
        name: 'gone',
        reason: 'drop_not_allowed',
        configKey: 'ddl_job_allow_drop_partition_target_only',
        message: 'exists only on the target; kept',
        blocking: false,
      },
      {
        object: 'table',
        db: 'db1',
        table: 't1',
        reason: 'target_only_partitions_kept',
        configKey: 'ddl_job_allow_drop_partition_target_only',
        message: 'target-only partitions kept (ddl_job_allow_drop_partition_target_only=false)',
        blocking: true,
      },
    ]);
    expect(p.inSync).toEqual([]);
  });

  it('false, several kept and the source ahead: one table note, and the other partitions still replicate', () => {
    const src = table('t1', { partitions: [part('p1', { version: 4 })] });
    const tgt = targetOf(src, [
      tpart('p1', { version: 2 }),
      tpart('g1', { lower: '2023-01-01', upper: '2023-01-02' }),
      tpart('g2', { lower: '2023-01-02', upper: '2023-01-03' }),
    ]);
    const p = run(src, tgt, { ddlJobAllowDropPartitionTargetOnly: false });
    expect(p.notes.filter((n) => n.blocking).map((n) => `${n.object} ${n.reason}`)).toEqual(['table target_only_partitions_kept']);
    expect(p.replication.map((w) => w.jobs.flatMap((j) => j.partitions.map((x) => x.name)))).toEqual([['p1']]);
  });
});

describe('partitionInconsistency', () => {
  const s = part('p1', { version: 5, epoch: 'E1' });
  const cases: Array<[string, PartitionInfo, string | null]> = [
    ['same', tpart('p1', { version: 3, epoch: 'E1' }), null],
    ['target at 1, fresh', part('p1', { version: 1, epoch: 'other' }), null],
    ['bound', tpart('p1', { version: 3, epoch: 'E1', upper: '2024-02-01' }), 'bound'],
    ['buckets', tpart('p1', { version: 3, epoch: 'E1', buckets: 8 }), 'buckets'],
    [
      'physical count',
      { ...tpart('p1', { version: 3, epoch: 'E1' }), physical: [phys('a', 3, { versionEpoch: 'E1' }), phys('b', 1)] },
      'physical_count',
    ],
    ['target ahead (re-created source)', tpart('p1', { version: 6, epoch: 'E1' }), 'version_ahead'],
    ['target loaded directly', part('p1', { version: 2, txnType: 'TXN_NORMAL', epoch: 'E1' }), 'target_written'],
    ['replicated from another incarnation', tpart('p1', { version: 3, epoch: 'E0' }), 'epoch_mismatch'],
  ];
  it.each(cases)('%s', (_what, t, cause) => {
    expect(partitionInconsistency(s, t)?.cause ?? null).toBe(cause);
  });
});

describe('inconsistent partitions: drop and re-add, or refuse', () => {
  const src = (o: { partitionType?: TableInfo['partitionType']; properties?: Record<string, string> } = {}) =>
    table('t1', { ...o, partitions: [part('p1', { version: 5, buckets: 4 }), part('p2', { version: 4, lower: '2024-01-02', upper: '2024-01-03' })] });
  const tgt = (s: TableInfo) =>
    targetOf(s, [tpart('p1', { version: 2, buckets: 8 }), tpart('p2', { version: 1, lower: '2024-01-02', upper: '2024-01-03' })]);

  it('allowed (default): drop then re-add with the source bound and bucket count; no replication this round', () => {
    const s = src();
    const p = run(s, tgt(s));
    expect(p.ddl.map((a) => [a.kind, a.reason, a.sql])).toEqual([
      ['drop_partition', 'inconsistent', 'ALTER TABLE `db1`.`t1` DROP PARTITION `p1`'],
      ['add_partition', 'inconsistent', 'ALTER TABLE `db1`.`t1` ADD PARTITION `p1` VALUES [("2024-01-01"), ("2024-01-02"))'],
    ]);
    expect(p.replication).toEqual([]);
  });

  it('not allowed: a blocking bucket_mismatch note and the whole table is not replicated', () => {
    const s = src();
    const p = run(s, tgt(s), { ddlJobAllowDropInconsistentPartition: false });
    expect(p.ddl).toEqual([]);
    expect(p.replication).toEqual([]);
    expect(p.notes).toMatchObject([
      { name: 'p1', reason: 'bucket_mismatch', configKey: 'ddl_job_allow_drop_inconsistent_partition', blocking: true },
    ]);
  });

  it.each([
    ['EXPR_RANGE', { partitionType: 'EXPR_RANGE' as const }],
    ['EXPR_RANGE_V2', { partitionType: 'EXPR_RANGE_V2' as const }],
    ['dynamic partitioning', { properties: { 'dynamic_partition.enable': 'true' } }],
  ])('time partitions (%s) use ddl_job_allow_drop_inconsistent_time_partition', (_what, o) => {
    // Automatic partitions carry their automatic names (auto-partition.ts); the others keep p1.
    const n = 'partitionType' in o && o.partitionType === 'EXPR_RANGE' ? 'p20240101' : 'p1';
    const s = table('t1', { ...o, partitions: [part(n, { version: 5, buckets: 4 })] });
    const tgt = (x: TableInfo) => targetOf(x, [tpart(n, { version: 2, buckets: 8 })]);
    const partitionKinds = (p: ReturnType<typeof run>) => kinds(p).filter((k) => k.includes('partition '));
    expect(partitionKinds(run(s, tgt(s), { ddlJobAllowDropInconsistentPartition: false }))).toEqual([`drop_partition ${n}`, `add_partition ${n}`]);
    const refused = run(s, tgt(s), { ddlJobAllowDropInconsistentTimePartition: false });
    expect(refused.ddl).toEqual([]);
    expect(refused.notes[0]).toMatchObject({ configKey: 'ddl_job_allow_drop_inconsistent_time_partition' });
  });

  it('a re-created source partition (target version ahead) is dropped and re-added', () => {
    const s = table('t1', { partitions: [part('p1', { version: 2, epoch: 'NEW' })] });
    const p = run(s, targetOf(s, [tpart('p1', { version: 9, epoch: 'OLD' })]));
    expect(kinds(p)).toEqual(['drop_partition p1', 'add_partition p1']);
  });

  it('source with several physical partitions: re-adding cannot help, so a note and no drop', () => {
    const s = table('t1', { partitions: [{ ...part('p1'), physical: [phys('1', 3), phys('2', 2)] }] });
    const p = run(s, targetOf(s, [tpart('p1', { version: 1 })]));
    expect(p.ddl).toEqual([]);
    expect(p.notes).toMatchObject([{ reason: 'physical_partition_mismatch', blocking: true }]);
  });

  it('unpartitioned table: the single partition cannot be dropped, so the table is re-created', () => {
    const s = table('u1', {
      partitionType: 'UNPARTITIONED',
      partitionColumns: [],
      partitions: [part('u1', { version: 3, bound: { kind: 'none' }, value: '' })],
    });
    const t = targetOf(s, [tpart('u1', { version: 3, bound: { kind: 'none' }, value: '', buckets: 2 })]);
    const p = run(s, t);
    expect(p.ddl.map((a) => [a.kind, a.reason])).toEqual([
      ['drop_table', 'inconsistent'],
      ['create_table', 'inconsistent'],
    ]);
    const refused = run(s, t, { ddlJobAllowDropInconsistentPartition: false });
    expect(refused.ddl).toEqual([]);
    expect(refused.notes).toMatchObject([{ reason: 'bucket_mismatch' }]);
  });
});

describe('hostile partition and column names', () => {
  it('quotes partition names and distribution columns', () => {
    const s = table('t`1', {
      columns: [col('d t', 'date', { isKey: true }), col('k`1', 'int(11)', { isKey: true })],
      partitionColumns: ['d t'],
      distribution: { type: 'HASH', columns: ['k`1', 'select'], buckets: 4 },
      partitions: [part('p 1'), part('p`2', { buckets: 2, lower: '2024-01-02', upper: '2024-01-03' })],
    });
    const p = run(s, targetOf(s, [tpart('p 1'), tpart('x"y', { lower: '2020-01-01', upper: '2020-01-02' })]));
    expect(p.ddl.map((a) => a.sql)).toEqual([
      'ALTER TABLE `db1`.`t``1` DROP PARTITION `x"y`',
      'ALTER TABLE `db1`.`t``1` ADD PARTITION `p``2` VALUES [("2024-01-02"), ("2024-01-03")) DISTRIBUTED BY HASH(`k``1`, `select`) BUCKETS 2',
    ]);
  });
});

describe('dynamic partitioning on the target: paused around partition DDL (StarRocks refuses ADD/DROP PARTITION then)', () => {
  it('pause → add → resume; nothing when no partition DDL', () => {
    const dyn = { 'dynamic_partition.enable': 'true', 'dynamic_partition.time_unit': 'DAY' };
    const s = table('d1', { properties: dyn, partitions: [part('p1'), part('p2', { lower: '2024-01-02', upper: '2024-01-03' })] });
    const p = run(s, targetOf(s, [tpart('p1')]));
    expect(p.ddl.map((a) => a.sql)).toEqual([
      'ALTER TABLE `db1`.`d1` SET ("dynamic_partition.enable" = "false")',
      'ALTER TABLE `db1`.`d1` ADD PARTITION `p2` VALUES [("2024-01-02"), ("2024-01-03"))',
      'ALTER TABLE `db1`.`d1` SET ("dynamic_partition.enable" = "true")',
    ]);
    expect(run(s, targetOf(s, [tpart('p1'), tpart('p2', { lower: '2024-01-02', upper: '2024-01-03' })])).ddl).toEqual([]);
    const off = table('d2', { properties: { 'dynamic_partition.enable': 'false' }, partitions: [part('p1')] });
    expect(kinds(run(off, targetOf(off, [])))).toEqual(['add_partition p1']);
  });
});
