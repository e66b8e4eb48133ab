import { describe, expect, it } from 'vitest';
import { plannerConfig } from '../../../src/planner/config.js';
import { DDL_ORDER } from '../../../src/planner/actions.js';
import { missingCreateSql, plan } from '../../../src/planner/plan.js';
import type { ClusterSnapshot } from '../../../src/model/snapshot.js';
import { TARGET_VOLUMES, cluster, database, mv, part, table, targetOf, tpart, view } from './fixtures.js';

const everything = plannerConfig({
  ddlJobAllowDropTargetOnly: true,
  enableBitmapIndexSync: true,
  enableViewSync: true,
  ddlJobAllowDropViewTargetOnly: true,
  enableMaterializedViewSync: true,
  ddlJobAllowDropMaterializedViewTargetOnly: true,
  enableTablePropertySync: true,
});

function scenario(): { source: ClusterSnapshot; target: ClusterSnapshot } {
  const changed = table('changed', { partitions: [part('p1', { version: 3 })] });
  const parts = table('parts', {
    bitmapIndexes: [{ name: 'bi', columns: ['v1'], comment: '' }],
    properties: { partition_live_number: '9' },
    partitions: [part('p1', { version: 3 }), part('p2', { version: 2, lower: '2024-01-02', upper: '2024-01-03' })],
  });
  const source = cluster([
    database('db1', {
      tables: [changed, parts, table('new_t')],
      views: [view('v_new', 'SELECT 1'), view('v_changed', 'SELECT 2')],
      mvs: [mv('mv_new', 'SELECT 3')],
    }),
    database('db_new', { tables: [table('t')] }),
  ]);
  const target = cluster(
    [
      database('db1', {
        tables: [
          targetOf(changed, [tpart('p1')], { keysType: 'UNIQUE_KEYS' }),
          targetOf(parts, [tpart('p1', { version: 2, buckets: 3 }), tpart('gone', { lower: '2020-01-01', upper: '2020-01-02' })], {
            bitmapIndexes: [{ name: 'old_bi', columns: ['v1'], comment: '' }],
            properties: { ...parts.properties, partition_live_number: '1' },
          }),
          table('target_only'),
        ],
        views: [view('v_changed', 'SELECT 20'), view('v_old', 'SELECT 0')],
        mvs: [mv('mv_old', 'SELECT 0')],
      }),
      database('db_old'),
    ],
    { volumes: TARGET_VOLUMES },
  );
  return { source, target };
}

describe('execution order', () => {
  it('create databases → drops (MVs, views, indexes, partitions, tables, databases) → create tables → add partitions → indexes → views → MVs → property alters', () => {
    const { source, target } = scenario();
    const p = plan(source, target, everything);
    expect(p.ddl.map((a) => `${a.kind} ${a.db}.${a.table ?? a.name ?? ''}${a.table && a.name ? '.' + a.name : ''}`)).toEqual([
      'create_database db_new.',
      'drop_materialized_view db1.mv_old',
      'drop_view db1.v_changed',
      'drop_view db1.v_old',
      'drop_bitmap_index db1.parts.old_bi',
      'drop_partition db1.parts.gone',
      'drop_partition db1.parts.p1',
      'drop_table db1.changed',
      'drop_table db1.target_only',
      'drop_database db_old.',
      'create_table db1.changed',
      'create_table db1.new_t',
      'create_table db_new.t',
      'add_partition db1.parts.p1',
      'add_partition db1.parts.p2',
      'create_bitmap_index db1.parts.bi',
      'create_view db1.v_changed',
      'create_view db1.v_new',
      'create_materialized_view db1.mv_new',
      'alter_table_properties db1.parts',
    ]);
    const rank = p.ddl.map((a) => DDL_ORDER.indexOf(a.kind));
    expect(rank).toEqual([...rank].sort((a, b) => a - b));
    expect(p.replication).toEqual([]);
  });

  it('is deterministic: Map insertion order does not matter', () => {
    const a = scenario();
    const b = scenario();
    const reverse = <K, V>(m: ReadonlyMap<K, V>) => new Map([...m].reverse());
    const source: ClusterSnapshot = {
      ...b.source,
      databases: new Map([...reverse(b.source.databases)].map(([k, d]) => [k, { ...d, tables: reverse(d.tables), views: reverse(d.views) }])),
    };
    const target: ClusterSnapshot = { ...b.target, databases: reverse(b.target.databases) };
    expect(plan(source, target, everything)).toEqual(plan(a.source, a.target, everything));
  });

  it('is pure: the snapshots are not modified', () => {
    const { source, target } = scenario();
    const before = structuredClone({ source, target });
    plan(source, target, everything);
    expect({ source, target }).toEqual(before);
  });
});

describe('hostile identifiers', () => {
  const names = ['my db', 'a`b', 'q\'uo"te', 'd.o.t', '数据库', 'select', 'x)y('];
  it.each(names)('%j as database, table, partition, view and index name', (n) => {
    const t = table(n, {
      bitmapIndexes: [{ name: n, columns: ['v1'], comment: n }],
      partitions: [part('p1', { version: 2 }), part(n, { version: 2, lower: '2024-01-02', upper: '2024-01-03' })],
    });
    const source = cluster([database(n, { tables: [t], views: [view(n, 'SELECT 1')] }), database('fresh', { tables: [table(n)] })]);
    const target = cluster([database(n, { tables: [targetOf(t, [tpart('p1')], { bitmapIndexes: [] })] })], { volumes: TARGET_VOLUMES });
    const p = plan(source, target, plannerConfig({ enableBitmapIndexSync: true, enableViewSync: true }));
    const qi = '`' + n.replace(/`/g, '``') + '`';
    const qn = `${qi}.${qi}`;
    const esc = n.replace(/\\/g, '\\\\').replace(/'/g, "\\'");
    expect(p.ddl.map((a) => a.sql)).toEqual([
      'CREATE DATABASE `fresh`',
      expect.stringMatching(new RegExp('^CREATE TABLE `fresh`\\.' + qi.replace(/[.*+?^${}()|[\]\\]/g, '\\$&') + ' \\(')),
      `ALTER TABLE ${qn} ADD PARTITION ${qi} VALUES [("2024-01-02"), ("2024-01-03"))`,
      `CREATE INDEX ${qi} ON ${qn} (\`v1\`) USING BITMAP COMMENT '${esc}'`,
      `CREATE VIEW ${qn} (\`k1\`) COMMENT "" AS SELECT 1;`,
    ]);
  });
});

describe('missingCreateSql', () => {
  it('lists the source objects whose DDL text the plan needed', () => {
    const source = cluster([
      database('db1', {
        tables: [table('t', { withCreateSql: false })],
        views: [view('v', '', { createSql: '' })],
        mvs: [mv('m', 'SELECT 1', { createSql: '' })],
      }),
    ]);
    const p = plan(
      source,
      cluster([database('db1')], { volumes: TARGET_VOLUMES }),
      plannerConfig({ enableViewSync: true, enableMaterializedViewSync: true }),
    );
    expect(missingCreateSql(p)).toEqual([
      { object: 'table', db: 'db1', name: 't' },
      { object: 'view', db: 'db1', name: 'v' },
      { object: 'materialized_view', db: 'db1', name: 'm' },
    ]);
  });
});
