import { describe, expect, it } from 'vitest';
import { plannerConfig, type PlannerConfig } from '../../../src/planner/config.js';
import { plan } from '../../../src/planner/plan.js';
import { parseCreate } from '../../../src/planner/create-sql.js';
import type { TableInfo } from '../../../src/model/snapshot.js';
import { TARGET_VOLUMES, cluster, col, database, part, table, targetOf, tpart, type Draft } from './fixtures.js';

const props = (sql: string) => Object.fromEntries(parseCreate(sql).properties!.entries.map((e) => [e.key, e.value]));
const kinds = (p: ReturnType<typeof plan>) => p.ddl.map((a) => `${a.kind} ${a.db}${a.table ? '.' + a.table : ''}${a.name ? ' ' + a.name : ''}`);

describe('databases and tables missing on the target', () => {
  it('creates the database, then the table from its rewritten SHOW CREATE TABLE; nothing to replicate yet', () => {
    const t = table('t1', { partitions: [part('p1', { version: 5 })] });
    const p = plan(cluster([database('db1', { tables: [t] })]), cluster([], { volumes: TARGET_VOLUMES }), plannerConfig());
    expect(kinds(p)).toEqual(['create_database db1', 'create_table db1.t1']);
    expect(p.ddl[0]!.sql).toBe('CREATE DATABASE `db1`');
    expect(p.ddl[1]!.sql.startsWith('CREATE TABLE `db1`.`t1` (\n  `dt` date NOT NULL')).toBe(true);
    expect(p.ddl[1]!.reason).toBe('missing_on_target');
    expect(p.replication).toEqual([]);
    expect(p.inSync).toEqual([]);
  });

  it('a missing table in an existing database', () => {
    const t = table('t1');
    const p = plan(cluster([database('db1', { tables: [t] })]), cluster([database('db1')], { volumes: TARGET_VOLUMES }), plannerConfig());
    expect(kinds(p)).toEqual(['create_table db1.t1']);
  });

  it('notes a table whose SHOW CREATE TABLE text is not in the snapshot', () => {
    const t = table('t1', { withCreateSql: false });
    const p = plan(cluster([database('db1', { tables: [t] })]), cluster([database('db1')], { volumes: TARGET_VOLUMES }), plannerConfig());
    expect(p.ddl).toEqual([]);
    expect(p.notes).toMatchObject([{ object: 'table', db: 'db1', table: 't1', reason: 'missing_create_sql', blocking: true }]);
  });

  it('notes an unparsable SHOW CREATE TABLE text instead of sending it', () => {
    const t = table('t1', { createSql: 'CREATE TABLE `t1` (k int) PROPERTIES ("a" = ' });
    const p = plan(cluster([database('db1', { tables: [t] })]), cluster([database('db1')], { volumes: TARGET_VOLUMES }), plannerConfig());
    expect(p.ddl).toEqual([]);
    expect(p.notes[0]).toMatchObject({ reason: 'unparsable_create_sql' });
  });
});

describe('storage volume precedence for created tables (manual: Storage volume mapping)', () => {
  const cases: Array<[string, Partial<PlannerConfig>, string[], string | null]> = [
    [
      'builtin only wins over a configured volume',
      { targetClusterUseBuiltinStorageVolumeOnly: true, targetClusterStorageVolume: 'tv' },
      ['builtin_storage_volume', 'tv', 'ssd'],
      'builtin_storage_volume',
    ],
    ['the configured volume wins over the source volume', { targetClusterStorageVolume: 'tv' }, ['tv', 'ssd'], 'tv'],
    ['otherwise the source volume name is kept', {}, ['builtin_storage_volume', 'ssd'], 'ssd'],
    ['the source volume must exist on the target', {}, ['builtin_storage_volume'], null],
    ['a configured volume must exist too', { targetClusterStorageVolume: 'tv' }, ['ssd'], null],
    ['builtin_storage_volume must exist too', { targetClusterUseBuiltinStorageVolumeOnly: true }, ['ssd'], null],
  ];
  it.each(cases)('%s', (_what, over, targetVolumes, expected) => {
    const t = table('t1', { storageVolume: 'ssd' });
    const p = plan(
      cluster([database('db1', { tables: [t] })], { volumes: ['ssd'] }),
      cluster([database('db1')], { volumes: targetVolumes }),
      plannerConfig(over),
    );
    if (expected === null) {
      expect(p.ddl).toEqual([]);
      expect(p.notes).toMatchObject([{ reason: 'missing_storage_volume', table: 't1', blocking: true }]);
    } else {
      expect(p.ddl).toHaveLength(1);
      expect(props(p.ddl[0]!.sql)['storage_volume']).toBe(expected);
    }
  });
});

describe('CREATE TABLE property rewriting', () => {
  const pk = () =>
    table('t1', {
      keysType: 'PRIMARY_KEYS',
      columns: [col('id', 'bigint(20)', { isKey: true, nullable: false }), col('dt', 'date'), col('v', 'varchar(10)')],
      partitionColumns: ['dt'],
    });
  const run = (t: TableInfo, over: Partial<PlannerConfig>) =>
    props(
      plan(cluster([database('db1', { tables: [t] })]), cluster([database('db1')], { volumes: TARGET_VOLUMES }), plannerConfig(over)).ddl[0]!.sql,
    );

  it('PK tables: persistent_index_type LOCAL → CLOUD_NATIVE always', () => {
    expect(run(pk(), {})).toMatchObject({ persistent_index_type: 'CLOUD_NATIVE', enable_persistent_index: 'true', replication_num: '1' });
  });
  it('replication_num replaced when target_cluster_replication_num != -1', () => {
    expect(run(pk(), { targetClusterReplicationNum: 3 })['replication_num']).toBe('3');
    expect(run(table('t1'), { targetClusterReplicationNum: 2 })['replication_num']).toBe('2');
    expect(run(table('t1'), { targetClusterReplicationNum: -1 })['replication_num']).toBe('1');
  });
  it('enable_persistent_index forced on or off for PK tables', () => {
    expect(run(pk(), { targetClusterEnablePersistentIndex: false })).toMatchObject({ enable_persistent_index: 'false' });
    expect(run(pk(), { targetClusterEnablePersistentIndex: false })).not.toHaveProperty('persistent_index_type');
    const t = pk();
    t.createSql = t.createSql
      .replace('"enable_persistent_index" = "true",\n', '"enable_persistent_index" = "false",\n')
      .replace('"persistent_index_type" = "LOCAL",\n', '');
    expect(run(t, { targetClusterEnablePersistentIndex: true })).toMatchObject({
      enable_persistent_index: 'true',
      persistent_index_type: 'CLOUD_NATIVE',
    });
    expect(run(t, {})).toMatchObject({ enable_persistent_index: 'false' });
  });
  it('non-PK tables get no persistent index keys', () => {
    const p = run(table('t1', { properties: { persistent_index_type: 'LOCAL' } }), { targetClusterEnablePersistentIndex: true });
    expect(p).not.toHaveProperty('enable_persistent_index');
    expect(p['persistent_index_type']).toBe('LOCAL');
  });
});

describe('target-only databases and tables (ddl_job_allow_drop_target_only)', () => {
  const tgt = () =>
    cluster([database('db1', { tables: [table('only_t')] }), database('old', { tables: [table('x'), table('y')] })], { volumes: TARGET_VOLUMES });
  const src = () => cluster([database('db1')]);

  it('default (false): keeps them, with non-blocking notes', () => {
    const p = plan(src(), tgt(), plannerConfig());
    expect(p.ddl).toEqual([]);
    expect(p.notes.map((n) => [n.object, n.reason, n.configKey, n.blocking])).toEqual([
      ['database', 'drop_not_allowed', 'ddl_job_allow_drop_target_only', false],
      ['table', 'drop_not_allowed', 'ddl_job_allow_drop_target_only', false],
    ]);
  });

  it('true: drops them', () => {
    const p = plan(src(), tgt(), plannerConfig({ ddlJobAllowDropTargetOnly: true }));
    expect(kinds(p)).toEqual(['drop_table db1.only_t', 'drop_database old']);
    expect(p.ddl.map((a) => a.sql)).toEqual(['DROP TABLE `db1`.`only_t`', 'DROP DATABASE `old`']);
    expect(p.ddl.every((a) => a.reason === 'target_only')).toBe(true);
  });

  it('only within scope: an excluded table keeps its database; the in-scope tables are dropped one by one', () => {
    const p = plan(src(), tgt(), plannerConfig({ ddlJobAllowDropTargetOnly: true, excludeDataList: [{ db: 'old', table: 'y' }, { db: 'db1' }] }));
    expect(kinds(p)).toEqual(['drop_table old.x']);
    expect(p.notes).toMatchObject([{ object: 'database', db: 'old', reason: 'partial_scope', blocking: false }]);
  });

  it('include list: objects outside it are never touched', () => {
    const p = plan(src(), tgt(), plannerConfig({ ddlJobAllowDropTargetOnly: true, includeDataList: [{ db: 'db1', table: 'other' }] }));
    expect(p.ddl).toEqual([]);
  });
});

describe('schema changes', () => {
  const base = () => table('t1', { partitions: [part('p1', { version: 3 })] });
  const mutations: Array<[string, (t: Draft<TableInfo>) => void]> = [
    ['column type', (t) => (t.columns[2] = { ...t.columns[2]!, type: 'varchar(10)' })],
    ['column name', (t) => (t.columns[2] = { ...t.columns[2]!, name: 'v2' })],
    ['column nullability', (t) => (t.columns[2] = { ...t.columns[2]!, nullable: false })],
    ['column default', (t) => (t.columns[2] = { ...t.columns[2]!, defaultValue: 'x' })],
    ['column key flag', (t) => (t.columns[2] = { ...t.columns[2]!, isKey: true })],
    ['aggregate type', (t) => (t.columns[2] = { ...t.columns[2]!, aggType: 'REPLACE' })],
    ['added column', (t) => t.columns.push(col('v9'))],
    ['column order', (t) => t.columns.reverse()],
    ['keys type', (t) => (t.keysType = 'UNIQUE_KEYS')],
    ['key columns', (t) => (t.keyColumns = ['dt'])],
    ['distribution columns', (t) => (t.distribution = { ...t.distribution, columns: ['dt'] })],
    ['distribution type', (t) => (t.distribution = { type: 'RANDOM', columns: [], buckets: 4 })],
    ['partition columns', (t) => (t.partitionColumns = ['k1'])],
  ];

  it.each(mutations)('%s → drop then re-create (allowed by default)', (_what, mutate) => {
    const s = base();
    const t = targetOf(s, [tpart('p1', { version: 3 })]);
    mutate(t);
    const p = plan(
      cluster([database('db1', { tables: [s] })]),
      cluster([database('db1', { tables: [t] })], { volumes: TARGET_VOLUMES }),
      plannerConfig(),
    );
    expect(kinds(p)).toEqual(['drop_table db1.t1', 'create_table db1.t1']);
    expect(p.ddl.map((a) => a.reason)).toEqual(['schema_change', 'schema_change']);
    expect(p.replication).toEqual([]);
    expect(p.inSync).toEqual([]);
  });

  it('not allowed → a blocking note, no DDL, no replication', () => {
    const s = table('t1', { partitions: [part('p1', { version: 5 })] });
    const t = targetOf(s, [tpart('p1', { version: 2 })]);
    t.columns = [...t.columns, col('extra')];
    const p = plan(
      cluster([database('db1', { tables: [s] })]),
      cluster([database('db1', { tables: [t] })], { volumes: TARGET_VOLUMES }),
      plannerConfig({ ddlJobAllowDropSchemaChangeTable: false }),
    );
    expect(p.ddl).toEqual([]);
    expect(p.replication).toEqual([]);
    expect(p.notes).toMatchObject([{ reason: 'schema_change', configKey: 'ddl_job_allow_drop_schema_change_table', blocking: true }]);
  });

  it('does not drop when the table could not be re-created (missing volume)', () => {
    const s = table('t1', { storageVolume: 'ssd' });
    const t = targetOf(s, [tpart('p1')], { storageVolume: 'builtin_storage_volume' });
    t.columns = [...t.columns, col('extra')];
    const p = plan(
      cluster([database('db1', { tables: [s] })], { volumes: ['ssd'] }),
      cluster([database('db1', { tables: [t] })], { volumes: TARGET_VOLUMES }),
      plannerConfig(),
    );
    expect(p.ddl).toEqual([]);
    expect(p.notes[0]).toMatchObject({ reason: 'missing_storage_volume' });
  });

  it('type text is compared without case or blank differences; bitmap indexes and comments are not schema', () => {
    const s = table('t1', {
      columns: [col('dt', 'date', { isKey: true }), col('k1', 'decimal(10, 2)', { isKey: true }), col('v1', 'varchar(20)', { comment: 'a' })],
    });
    const t = targetOf(s, [tpart('p1')], {
      columns: [col('dt', 'DATE', { isKey: true }), col('k1', 'decimal(10,2)', { isKey: true }), col('v1', 'varchar(20)', { comment: 'b' })],
      bitmapIndexes: [{ name: 'i', columns: ['v1'], comment: '' }],
    });
    const p = plan(
      cluster([database('db1', { tables: [s] })]),
      cluster([database('db1', { tables: [t] })], { volumes: TARGET_VOLUMES }),
      plannerConfig(),
    );
    expect(p.ddl).toEqual([]);
    expect(p.inSync).toEqual(['db1.t1']);
  });
});
