import { describe, expect, it } from 'vitest';
import { plannerConfig, type PlannerConfig } from '../../../src/planner/config.js';
import { describeMappingCollision, makeNameMapping, mappingCollisions, type NameMappingEntry } from '../../../src/planner/name-mapping.js';
import { rewriteRefs } from '../../../src/planner/name-refs.js';
import { plan } from '../../../src/planner/plan.js';
import type { DatabaseInfo } from '../../../src/model/snapshot.js';
import { TARGET_VOLUMES, cluster, database, mv, part, table, targetOf, tpart, view } from './fixtures.js';

const dbMap = (...pairs: Array<[string, string]>): NameMappingEntry[] => pairs.map(([db, to]) => ({ db, table: null, to }));
const tblMap = (...triples: Array<[string, string, string]>): NameMappingEntry[] => triples.map(([db, table, to]) => ({ db, table, to }));
const mapping = (dbs: NameMappingEntry[], tables: NameMappingEntry[] = []) =>
  makeNameMapping({ targetDatabaseMapping: dbs, targetTableMapping: tables });
const SALES = mapping(dbMap(['sales', 'sales_new']), tblMap(['sales', 'orders', 'orders_2024']));

describe('name mapping lookups', () => {
  it('a table keeps its database mapping; unmapped names stay', () => {
    expect(SALES.identity).toBe(false);
    expect(SALES.targetName('sales', 'orders')).toEqual({ db: 'sales_new', table: 'orders_2024' });
    expect(SALES.targetName('sales', 'items')).toEqual({ db: 'sales_new', table: 'items' });
    expect(SALES.targetName('hr', 'staff')).toEqual({ db: 'hr', table: 'staff' });
    expect(SALES.targetDb('hr')).toBe('hr');
  });

  it('sourceOf inverts the mapping (and answers the same name for names nothing maps onto)', () => {
    expect(SALES.sourceOf('sales_new', 'orders_2024')).toEqual({ db: 'sales', table: 'orders' });
    expect(SALES.sourceOf('sales_new', 'items')).toEqual({ db: 'sales', table: 'items' });
    expect(SALES.sourceOf('sales_new')).toEqual({ db: 'sales' });
    expect(SALES.sourceOf('hr', 't')).toEqual({ db: 'hr', table: 't' });
  });

  it('no entries, or entries onto the same name: identity', () => {
    expect(mapping([]).identity).toBe(true);
    expect(mapping(dbMap(['a', 'a']), tblMap(['a', 't', 't'])).identity).toBe(true);
  });
});

describe('collisions against the source catalog', () => {
  const names = (dbs: Record<string, string[]>) => ({
    databases: new Map(Object.entries(dbs).map(([db, ts]) => [db, { tables: new Map(ts.map((t) => [t, null])) }])),
  });

  it('an unmapped source database with the name another one is mapped onto', () => {
    const c = mappingCollisions(mapping(dbMap(['sales', 'crm'])), names({ sales: ['t'], crm: ['u'] }));
    expect(c).toEqual([
      {
        key: 'target_database_mapping',
        target: { db: 'crm' },
        sources: [
          { db: 'crm', mapped: false },
          { db: 'sales', mapped: true },
        ],
      },
    ]);
    expect(describeMappingCollision(c[0]!)).toBe(
      'target_database_mapping: the source databases crm (not mapped) and sales (mapped) would all be crm on the target; two sources cannot share a target name',
    );
  });

  it('an unmapped table with the name another table is mapped onto (views and MVs count)', () => {
    const c = mappingCollisions(SALES, names({ sales: ['orders', 'orders_2024', 'items'] }));
    expect(c).toHaveLength(1);
    expect(describeMappingCollision(c[0]!)).toBe(
      'target_table_mapping: the source objects sales.orders (mapped) and sales.orders_2024 (not mapped) would all be sales_new.orders_2024 on the target; two sources cannot share a target name',
    );
    const withView = { databases: new Map([['sales', { tables: new Map([['orders', null]]), views: new Map([['orders_2024', null]]) }]]) };
    expect(mappingCollisions(SALES, withView)).toHaveLength(1);
  });

  it('a mapping whose target names nothing on the source is fine', () => {
    expect(mappingCollisions(SALES, names({ sales: ['orders', 'items'], hr: ['staff'] }))).toEqual([]);
  });
});

describe('references in definitions', () => {
  const m = mapping(dbMap(['sales', 'sales_new'], ['ref', 'ref2']), tblMap(['sales', 'orders', 'orders_2024'], ['ref', 'rates', 'fx rates']));

  it('qualified and unqualified table names, and qualified columns', () => {
    expect(rewriteRefs('SELECT `sales`.`orders`.`id`, `o`.`amt` FROM `sales`.`orders` AS `o`', 'sales', m)).toBe(
      'SELECT `sales_new`.`orders_2024`.`id`, `o`.`amt` FROM `sales_new`.`orders_2024` AS `o`',
    );
    expect(rewriteRefs('SELECT orders.id FROM orders JOIN ref.rates r ON orders.c = r.c', 'sales', m)).toBe(
      'SELECT `orders_2024`.id FROM `orders_2024` JOIN `ref2`.`fx rates` r ON `orders_2024`.c = r.c',
    );
    expect(rewriteRefs('SELECT * FROM default_catalog.sales.items, hr.staff', 'sales', m)).toBe(
      'SELECT * FROM default_catalog.`sales_new`.items, hr.staff',
    );
  });

  it('never inside literals or comments; aliases and other catalogs are kept', () => {
    const text = 'SELECT \'sales.orders\' AS s, o.id /* FROM sales.orders */ FROM hive.sales.orders AS o WHERE o.note = "orders"';
    expect(rewriteRefs(text, 'sales', m)).toBe(text);
  });

  it('names needing backticks are quoted, backticks doubled', () => {
    const odd = mapping(dbMap(['a', 'we`ird']), tblMap(['a', 't', 'x.y']));
    expect(rewriteRefs('SELECT `t`.k FROM `t`', 'a', odd)).toBe('SELECT `x.y`.k FROM `x.y`');
    expect(rewriteRefs('SELECT k FROM `a`.`u`', 'b', odd)).toBe('SELECT k FROM `we``ird`.`u`');
  });

  it('a common table expression named like a mapped table is not renamed', () => {
    expect(rewriteRefs('WITH orders AS (SELECT k FROM sales.orders) SELECT k FROM orders', 'sales', m)).toBe(
      'WITH orders AS (SELECT k FROM `sales_new`.`orders_2024`) SELECT k FROM orders',
    );
  });

  it('subqueries and a text the lexer cannot read (kept)', () => {
    expect(rewriteRefs('SELECT x FROM (SELECT id AS x FROM orders) q', 'sales', m)).toBe('SELECT x FROM (SELECT id AS x FROM `orders_2024`) q');
    expect(rewriteRefs("SELECT 'unterminated FROM orders", 'sales', m)).toBe("SELECT 'unterminated FROM orders");
  });
});

describe('the planner with a rename mapping', () => {
  const mapCfg = (o: Partial<PlannerConfig> = {}) =>
    plannerConfig({
      targetDatabaseMapping: dbMap(['sales', 'sales_new']),
      targetTableMapping: tblMap(['sales', 'orders', 'orders_2024']),
      enableViewSync: true,
      enableMaterializedViewSync: true,
      ...o,
    });
  const run = (s: DatabaseInfo[], t: DatabaseInfo[], cfg: PlannerConfig = mapCfg()) => plan(cluster(s), cluster(t, { volumes: TARGET_VOLUMES }), cfg);
  const orders = table('orders', { partitions: [part('p1', { version: 3 })] });
  const items = table('items');
  const v = view('v_orders', 'SELECT `sales`.`orders`.`k1` FROM `sales`.`orders`');
  const m = mv('mv_items', 'SELECT `k1` FROM `items`');

  it('creates the database and tables under their target names; views and MVs rewritten', () => {
    const p = run([database('sales', { tables: [orders, items], views: [v], mvs: [m] })], []);
    expect(p.ddl.map((a) => `${a.kind} ${a.db}.${a.table ?? a.name ?? ''}`)).toEqual([
      'create_database sales_new.',
      'create_table sales_new.items',
      'create_table sales_new.orders_2024',
      'create_view sales_new.v_orders',
      'create_materialized_view sales_new.mv_items',
    ]);
    expect(p.ddl[0]!.sql).toBe('CREATE DATABASE `sales_new`');
    expect(p.ddl[2]!.sql).toMatch(/^CREATE TABLE `sales_new`\.`orders_2024` \(/);
    expect(p.ddl[3]!.sql).toBe(
      'CREATE VIEW `sales_new`.`v_orders` (`k1`) COMMENT "" AS SELECT `sales_new`.`orders_2024`.`k1` FROM `sales_new`.`orders_2024`;',
    );
    expect(p.ddl[4]!.sql).toMatch(/^CREATE MATERIALIZED VIEW `sales_new`\.`mv_items`[\s\S]*AS SELECT `k1` FROM `items`;$/);
    expect(p.notes).toEqual([]);
  });

  it('pairs mapped tables with their target: replication names the source table, target ids and names beside', () => {
    const tgt = { ...targetOf(orders, [tpart('p1', { version: 1, id: 'p1-tgt' })], { id: 'o-tgt' }), name: 'orders_2024' };
    const p = run([database('sales', { tables: [orders] })], [database('sales_new', { id: 'sn-id', tables: [tgt] })]);
    expect(p.ddl).toEqual([]);
    expect(p.replication).toMatchObject([
      { db: 'sales', table: 'orders', tgtDb: 'sales_new', tgtTable: 'orders_2024', tgtDbId: 'sn-id', tgtTableId: 'o-tgt' },
    ]);
    const synced = { ...targetOf(orders, [tpart('p1', { version: 3, id: 'p1-tgt' })]), name: 'orders_2024' };
    expect(run([database('sales', { tables: [orders] })], [database('sales_new', { tables: [synced] })]).inSync).toEqual(['sales.orders']);
  });

  it('a mapped target name is not target-only; the unmapped old name on the target is', () => {
    const cfg = mapCfg({ ddlJobAllowDropTargetOnly: true, ddlJobAllowDropViewTargetOnly: true });
    const tgtOrders = { ...targetOf(orders, [tpart('p1', { version: 3 })]), name: 'orders_2024' };
    const p = run(
      [database('sales', { tables: [orders], views: [v] })],
      [
        database('sales_new', {
          tables: [tgtOrders, table('orders')],
          views: [view('v_orders', 'SELECT `sales_new`.`orders_2024`.`k1` FROM `sales_new`.`orders_2024`')],
        }),
      ],
      cfg,
    );
    expect(p.ddl.map((a) => `${a.kind} ${a.db}.${a.table ?? a.name ?? ''}`)).toEqual(['drop_table sales_new.orders']);
    expect(p.inSync).toEqual(['sales.orders']);
  });

  it('a target database with the old name is target-only (kept by default, noted under its target name)', () => {
    const p = run([database('sales', { tables: [items] })], [database('sales', { tables: [items] })]);
    expect(p.ddl.map((a) => a.sql)).toEqual(['CREATE DATABASE `sales_new`', expect.stringMatching(/^CREATE TABLE `sales_new`\.`items`/)]);
    expect(p.notes).toMatchObject([{ object: 'database', db: 'sales', reason: 'drop_not_allowed', blocking: false }]);
  });

  it('include/exclude name source objects', () => {
    const p = run([database('sales', { tables: [orders, items] })], [], mapCfg({ includeDataList: [{ db: 'sales', table: 'orders' }] }));
    expect(p.ddl.map((a) => `${a.kind} ${a.db}.${a.table ?? ''}`)).toEqual(['create_database sales_new.', 'create_table sales_new.orders_2024']);
    const ex = run([database('sales', { tables: [orders, items] })], [], mapCfg({ excludeDataList: [{ db: 'sales', table: 'orders' }] }));
    expect(ex.ddl.map((a) => `${a.kind} ${a.db}.${a.table ?? ''}`)).toEqual(['create_database sales_new.', 'create_table sales_new.items']);
  });

  it('notes name source objects (missing SHOW CREATE text is read on the source)', () => {
    const p = run(
      [database('sales', { tables: [table('orders', { withCreateSql: false })], views: [view('v', 'SELECT 1', { createSql: '' })] })],
      [],
    );
    expect(p.notes).toMatchObject([
      { object: 'table', db: 'sales', table: 'orders', reason: 'missing_create_sql' },
      { object: 'view', db: 'sales', name: 'v', reason: 'missing_create_sql' },
    ]);
  });

  it('same view definition on both sides once rewritten: nothing to do', () => {
    const tgtItems = targetOf(items, [tpart('p1')]);
    const p = run(
      [database('sales', { tables: [items], views: [view('vi', 'SELECT `k1` FROM `sales`.`items`')] })],
      [database('sales_new', { tables: [tgtItems], views: [view('vi', 'SELECT `k1` FROM `sales_new`.`items`')] })],
    );
    expect(p.ddl).toEqual([]);
  });

  it('a sync MV statement names the renamed base table', () => {
    const syncIdx = {
      id: 'i2',
      name: 'smv',
      kind: 'mv' as const,
      definition: 'CREATE MATERIALIZED VIEW smv AS SELECT k1, SUM(v1) FROM orders GROUP BY k1',
      keysType: 'AGG_KEYS' as const,
      columns: [],
    };
    const src = table('orders');
    src.syncIndexes = [syncIdx];
    src.indexNum = 2;
    const tgt = { ...targetOf(src, [tpart('p1')]), name: 'orders_2024', syncIndexes: [], indexNum: 1 };
    const p = run([database('sales', { tables: [src] })], [database('sales_new', { tables: [tgt] })]);
    expect(p.ddl).toMatchObject([
      {
        kind: 'create_sync_materialized_view',
        db: 'sales_new',
        table: 'orders_2024',
        sql: expect.stringContaining('FROM `orders_2024` GROUP BY k1'),
      },
    ]);
  });

  it('sources colliding on a target name: nothing planned for them, blocking notes naming both', () => {
    const p = run([database('sales', { tables: [orders, table('orders_2024'), items] })], []);
    expect(p.ddl.map((a) => `${a.kind} ${a.db}.${a.table ?? ''}`)).toEqual(['create_database sales_new.', 'create_table sales_new.items']);
    expect(p.notes).toMatchObject([
      { db: 'sales', table: 'orders', reason: 'name_mapping_collision', configKey: 'target_table_mapping', blocking: true },
      { db: 'sales', table: 'orders_2024', reason: 'name_mapping_collision', blocking: true },
    ]);
  });

  it('without a mapping the plan is the same object-for-object (identity)', () => {
    const dbs = [database('sales', { tables: [orders, items], views: [v] })];
    const cfg = plannerConfig({ enableViewSync: true });
    expect(plan(cluster(dbs), cluster([], { volumes: TARGET_VOLUMES }), cfg)).toEqual(
      plan(cluster(dbs), cluster([], { volumes: TARGET_VOLUMES }), { ...cfg, targetDatabaseMapping: dbMap(['hr', 'hr']) }),
    );
  });
});
