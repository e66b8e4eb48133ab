import { describe, expect, it } from 'vitest';
import { plannerConfig, type PlannerConfig } from '../../../src/planner/config.js';
import { plan } from '../../../src/planner/plan.js';
import type { DatabaseInfo, TableInfo } from '../../../src/model/snapshot.js';
import { TARGET_VOLUMES, cluster, database, mv, part, table, targetOf, tpart, view } from './fixtures.js';

const run = (s: DatabaseInfo[], t: DatabaseInfo[], over: Partial<PlannerConfig> = {}, targetVolumes = TARGET_VOLUMES) =>
  plan(cluster(s), cluster(t, { volumes: targetVolumes }), plannerConfig(over));
const line = (p: ReturnType<typeof plan>) => p.ddl.map((a) => `${a.kind}:${a.reason}:${a.name ?? a.table ?? a.db}`);

describe('views (enable_view_sync)', () => {
  const v1 = view('v1', 'SELECT `db1`.`t`.`k1` FROM `db1`.`t`');
  it('off by default: nothing', () => {
    expect(run([database('db1', { views: [v1] })], [database('db1', { views: [view('old', 'SELECT 1')] })]).ddl).toEqual([]);
  });

  it('missing → created from SHOW CREATE VIEW, qualified with the target db', () => {
    const p = run([database('db1', { views: [v1] })], [database('db1')], { enableViewSync: true });
    expect(p.ddl.map((a) => a.sql)).toEqual(['CREATE VIEW `db1`.`v1` (`k1`) COMMENT "" AS SELECT `db1`.`t`.`k1` FROM `db1`.`t`;']);
  });

  it('without SHOW CREATE VIEW text: a note asking for it (the definition alone loses the column list and comment)', () => {
    const p = run([database('db1', { views: [view('v2', 'SELECT 1', { createSql: '' }), view('v3', '', { createSql: '' })] })], [database('db1')], {
      enableViewSync: true,
    });
    expect(p.ddl).toEqual([]);
    expect(p.notes).toMatchObject([
      { object: 'view', name: 'v2', reason: 'missing_create_sql' },
      { object: 'view', name: 'v3', reason: 'missing_create_sql' },
    ]);
  });

  it('inconsistent → drop + create when allowed (default), note otherwise; whitespace is not a difference', () => {
    const tgt = [database('db1', { views: [view('v1', 'SELECT  1'), view('same', 'SELECT\n 2')] })];
    const src = [database('db1', { views: [view('v1', 'SELECT 2'), view('same', 'SELECT 2')] })];
    expect(line(run(src, tgt, { enableViewSync: true }))).toEqual(['drop_view:inconsistent:v1', 'create_view:inconsistent:v1']);
    const refused = run(src, tgt, { enableViewSync: true, ddlJobAllowDropInconsistentView: false });
    expect(refused.ddl).toEqual([]);
    expect(refused.notes).toMatchObject([{ reason: 'drop_not_allowed', configKey: 'ddl_job_allow_drop_inconsistent_view', blocking: true }]);
  });

  it('target-only → dropped only with ddl_job_allow_drop_view_target_only (default false)', () => {
    const tgt = [database('db1', { views: [view('old', 'SELECT 1')] })];
    expect(run([database('db1')], tgt, { enableViewSync: true }).notes).toMatchObject([{ reason: 'drop_not_allowed', blocking: false }]);
    expect(run([database('db1')], tgt, { enableViewSync: true, ddlJobAllowDropViewTargetOnly: true }).ddl.map((a) => a.sql)).toEqual([
      'DROP VIEW `db1`.`old`',
    ]);
  });

  it('views are scoped by db and name like tables', () => {
    const p = run([database('db1', { views: [v1, view('v2', 'SELECT 2')] })], [database('db1')], {
      enableViewSync: true,
      excludeDataList: [{ db: 'db1', table: 'v1' }],
    });
    expect(line(p)).toEqual(['create_view:missing_on_target:v2']);
  });
});

describe('materialized views (enable_materialized_view_sync)', () => {
  const m = mv('mv1', 'SELECT `k1`, count(*) FROM `db1`.`t` GROUP BY `k1`', { storageVolume: 'ssd' });
  it('off by default', () => {
    expect(run([database('db1', { mvs: [m] })], [database('db1')]).ddl).toEqual([]);
  });

  const base = table('t');
  it('missing → created after views, storage volume mapped like tables', () => {
    const p = run(
      [database('db1', { mvs: [m], views: [view('v', 'SELECT 1')], tables: [base] })],
      [database('db1', { tables: [base] })],
      { enableMaterializedViewSync: true, enableViewSync: true },
      ['ssd'],
    );
    expect(p.ddl.map((a) => a.kind)).toEqual(['create_view', 'create_materialized_view']);
    expect(p.ddl[1]!.sql).toContain('CREATE MATERIALIZED VIEW `db1`.`mv1` (`k1`)');
    expect(p.ddl[1]!.sql).toContain('"storage_volume" = "ssd"');
    const builtin = run([database('db1', { mvs: [m], tables: [base] })], [database('db1', { tables: [base] })], {
      enableMaterializedViewSync: true,
      targetClusterUseBuiltinStorageVolumeOnly: true,
      targetClusterReplicationNum: 2,
    });
    expect(builtin.ddl[0]!.sql).toContain('"replication_num" = "2",\n"storage_volume" = "builtin_storage_volume"');
    const missing = run([database('db1', { mvs: [m], tables: [base] })], [database('db1', { tables: [base] })], { enableMaterializedViewSync: true });
    expect(missing.ddl).toEqual([]);
    expect(missing.notes).toMatchObject([{ object: 'materialized_view', reason: 'missing_storage_volume' }]);
  });

  it("base table not migrated (the manual's example): not created, one non-blocking note naming it", () => {
    const p = run(
      [database('db1', { mvs: [m], tables: [base] })],
      [database('db1')],
      { enableMaterializedViewSync: true, excludeDataList: [{ db: 'db1', table: 't' }] },
      ['ssd'],
    );
    expect(p.ddl).toEqual([]);
    expect(p.notes).toMatchObject([{ object: 'materialized_view', name: 'mv1', reason: 'mv_base_table_not_migrated', blocking: false }]);
    expect(p.notes[0]!.message).toMatch(/^not created: its base table db1\.t is not migrated/);
    const absent = run([database('db1', { mvs: [m] })], [database('db1')], { enableMaterializedViewSync: true }, ['ssd']);
    expect(absent.notes.map((n) => n.reason)).toEqual(['mv_base_table_not_migrated']);
    const onTarget = run([database('db1', { mvs: [m] })], [database('db1', { tables: [base] })], { enableMaterializedViewSync: true }, ['ssd']);
    expect(onTarget.ddl.map((a) => a.kind)).toEqual(['create_materialized_view']);
  });

  it('inconsistent and target-only follow their switches', () => {
    const src = [database('db1', { mvs: [mv('a', 'SELECT 1')] })];
    const tgt = [database('db1', { mvs: [mv('a', 'SELECT 2'), mv('b', 'SELECT 3')] })];
    expect(line(run(src, tgt, { enableMaterializedViewSync: true }))).toEqual([
      'drop_materialized_view:inconsistent:a',
      'create_materialized_view:inconsistent:a',
    ]);
    expect(line(run(src, tgt, { enableMaterializedViewSync: true, ddlJobAllowDropMaterializedViewTargetOnly: true }))).toEqual([
      'drop_materialized_view:inconsistent:a',
      'drop_materialized_view:dropped_on_source:b',
      'create_materialized_view:inconsistent:a',
    ]);
    const refused = run(src, tgt, { enableMaterializedViewSync: true, ddlJobAllowDropInconsistentMaterializedView: false });
    expect(refused.ddl).toEqual([]);
    expect(refused.notes.map((n) => n.configKey)).toEqual([
      'ddl_job_allow_drop_inconsistent_materialized_view',
      'ddl_job_allow_drop_materialized_view_target_only',
    ]);
  });
});

describe('bitmap indexes (enable_bitmap_index_sync)', () => {
  const mk = (idx: TableInfo['bitmapIndexes']) => table('t1', { bitmapIndexes: idx, partitions: [part('p1', { version: 3 })] });
  const pair = (s: TableInfo['bitmapIndexes'], t: TableInfo['bitmapIndexes'], over: Partial<PlannerConfig>) => {
    const st = mk(s);
    return run(
      [database('db1', { tables: [st] })],
      [database('db1', { tables: [targetOf(st, [tpart('p1', { version: 2 })], { bitmapIndexes: t })] })],
      over,
    );
  };

  it('off by default: differences are ignored (and are not a schema change)', () => {
    const p = pair([{ name: 'i1', columns: ['v1'], comment: '' }], [], {});
    expect(p.ddl).toEqual([]);
    expect(p.replication).toHaveLength(1);
  });

  it('missing → CREATE INDEX ... USING BITMAP with the comment; the table waits a round', () => {
    const p = pair([{ name: 'i 1', columns: ['v1'], comment: "it's" }], [], { enableBitmapIndexSync: true });
    expect(p.ddl.map((a) => a.sql)).toEqual(["CREATE INDEX `i 1` ON `db1`.`t1` (`v1`) USING BITMAP COMMENT 'it\\'s'"]);
    expect(p.replication).toEqual([]);
    expect(p.notes).toMatchObject([{ reason: 'replication_deferred' }]);
  });

  it('inconsistent → drop + create; target-only → drop; each can be refused', () => {
    const s = [{ name: 'i1', columns: ['v1'], comment: '' }];
    const t = [
      { name: 'i1', columns: ['k1'], comment: '' },
      { name: 'i2', columns: ['v1'], comment: '' },
    ];
    expect(line(pair(s, t, { enableBitmapIndexSync: true }))).toEqual([
      'drop_bitmap_index:inconsistent:i1',
      'drop_bitmap_index:dropped_on_source:i2',
      'create_bitmap_index:inconsistent:i1',
    ]);
    expect(pair(s, t, { enableBitmapIndexSync: true }).ddl[0]!.sql).toBe('DROP INDEX `i1` ON `db1`.`t1`');
    const refused = pair(s, t, {
      enableBitmapIndexSync: true,
      ddlJobAllowDropInconsistentBitmapIndex: false,
      ddlJobAllowDropBitmapIndexTargetOnly: false,
    });
    expect(refused.ddl).toEqual([]);
    expect(refused.notes.map((n) => [n.configKey, n.blocking])).toEqual([
      ['ddl_job_allow_drop_inconsistent_bitmap_index', true],
      ['ddl_job_allow_drop_bitmap_index_target_only', false],
    ]);
    expect(refused.replication).toHaveLength(1);
  });
});

describe('table properties (enable_table_property_sync)', () => {
  const pair = (
    sp: Record<string, string>,
    tp: Record<string, string>,
    over: Partial<PlannerConfig>,
    keysType: TableInfo['keysType'] = 'DUP_KEYS',
  ) => {
    const s = table('t1', { keysType, properties: sp, partitions: [part('p1', { version: 2 })] });
    const t = targetOf(s, [tpart('p1', { version: 2 })], { properties: { ...s.properties, ...tp } });
    return run([database('db1', { tables: [s] })], [database('db1', { tables: [t] })], over);
  };

  it('off by default', () => {
    expect(pair({ partition_live_number: '3' }, { partition_live_number: '5' }, {}).ddl).toEqual([]);
  });

  it('one ALTER TABLE SET per differing mutable property; storage_volume and immutable keys are skipped', () => {
    const p = pair(
      { partition_live_number: '3', 'dynamic_partition.end': '3', replication_num: '1', compression: 'LZ4' },
      { partition_live_number: '5', 'dynamic_partition.end': '"x"', storage_volume: 'other', compression: 'ZSTD' },
      { enableTablePropertySync: true },
    );
    expect(p.ddl.map((a) => a.sql)).toEqual([
      'ALTER TABLE `db1`.`t1` SET ("dynamic_partition.end" = "3")',
      'ALTER TABLE `db1`.`t1` SET ("partition_live_number" = "3")',
    ]);
    expect(p.ddl.every((a) => a.kind === 'alter_table_properties' && a.reason === 'property_differs')).toBe(true);
    expect(p.inSync).toEqual([]);
  });

  it('replication_num is not synced when overridden; persistent index keys when forced; LOCAL counts as CLOUD_NATIVE', () => {
    expect(pair({ replication_num: '3' }, { replication_num: '1' }, { enableTablePropertySync: true, targetClusterReplicationNum: 1 }).ddl).toEqual(
      [],
    );
    expect(pair({ replication_num: '3' }, { replication_num: '1' }, { enableTablePropertySync: true }).ddl.map((a) => a.sql)).toEqual([
      'ALTER TABLE `db1`.`t1` SET ("replication_num" = "3")',
    ]);
    const pk = (over: Partial<PlannerConfig>) =>
      pair(
        {},
        { persistent_index_type: 'CLOUD_NATIVE', enable_persistent_index: 'false' },
        { enableTablePropertySync: true, ...over },
        'PRIMARY_KEYS',
      );
    expect(pk({}).ddl.map((a) => a.sql)).toEqual(['ALTER TABLE `db1`.`t1` SET ("enable_persistent_index" = "true")']);
    expect(pk({ targetClusterEnablePersistentIndex: false }).ddl).toEqual([]);
  });

  it('a property only on the target is kept with a note', () => {
    const p = pair({}, { partition_ttl: '3 day' }, { enableTablePropertySync: true });
    expect(p.ddl).toEqual([]);
    expect(p.notes).toMatchObject([{ object: 'property', name: 'partition_ttl', reason: 'property_not_on_source', blocking: false }]);
  });
});
