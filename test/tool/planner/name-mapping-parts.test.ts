// The rename mapping in the parts of srsync around the planner: ledger / status keys, verify's comparison, the
// engine's hold of DDL under running jobs, the dry run's projected target and the replication request's index
// pairing (a renamed table's base index is named after its new name).
import { describe, expect, it } from 'vitest';
import { holdForRunningJobs } from '../../../src/engine/ddl-round.js';
import { caughtUp, jobsByTable, jobsToAdopt } from '../../../src/engine/planned-jobs.js';
import { createdSources, replanSelection } from '../../../src/engine/scoped-rounds.js';
import { makeNameMapping } from '../../../src/planner/name-mapping.js';
import { makeScope } from '../../../src/planner/scope.js';
import { projectedTarget } from '../../../src/plan-command/dry-run.js';
import { plannerConfig } from '../../../src/planner/config.js';
import { diffPrivileges } from '../../../src/planner/privileges.js';
import type { GrantInfo, RoleInfo } from '../../../src/model/snapshot.js';
import { targetKeyOf, type NameMappingEntry } from '../../../src/planner/name-mapping.js';
import { plan } from '../../../src/planner/plan.js';
import { buildReplicationRequest } from '../../../src/replication/request-builder.js';
import { unsyncedTables } from '../../../src/status/unsynced.js';
import { compareClusters } from '../../../src/verify/compare.js';
import { formatText } from '../../../src/verify/format.js';
import { TARGET_VOLUMES, cluster, database, part, table, targetOf, tpart, view } from './fixtures.js';

const MAP = {
  targetDatabaseMapping: [{ db: 'sales', table: null, to: 'sales_new' }] as NameMappingEntry[],
  targetTableMapping: [
    { db: 'sales', table: 'orders', to: 'orders_2024' },
    { db: 'a.b', table: 'c', to: 'd' },
  ] as NameMappingEntry[],
};
const orders = table('orders', { partitions: [part('p1', { version: 3 })] });
const items = table('items', { partitions: [part('p1', { version: 2 })] });
const renamed = (t: ReturnType<typeof table>, name: string, version: number) => ({
  ...targetOf(t, [tpart('p1', { version, id: `${name}-p1-tgt` })], { id: `${name}-tgt` }),
  name,
});

describe('keys of the ledger and the status', () => {
  it('targetKeyOf maps `db.table` keys (names with dots included)', () => {
    const k = targetKeyOf(MAP);
    expect(k('sales.orders')).toBe('sales_new.orders_2024');
    expect(k('sales.items')).toBe('sales_new.items');
    expect(k('a.b.c')).toBe('a.b.d');
    expect(k('hr.staff')).toBe('hr.staff');
    expect(targetKeyOf({})('sales.orders')).toBe('sales.orders');
  });

  it('the status names a renamed table `src → target`', () => {
    const facts = {
      inScope: ['sales.orders', 'hr.staff'],
      synced: new Set<string>(),
      expired: new Set<string>(),
      lagging: new Map<string, number>(),
      jobs: new Map(),
      failures: new Map<string, string>(),
      blocked: new Map<string, string>(),
    };
    expect(unsyncedTables({ ...facts, targetKey: targetKeyOf(MAP) }, 10).tables.map((t) => t.table)).toEqual([
      'sales.orders → sales_new.orders_2024',
      'hr.staff',
    ]);
    expect(unsyncedTables(facts, 10).tables.map((t) => t.table)).toEqual(['sales.orders', 'hr.staff']);
  });
});

describe('srsync verify with a mapping', () => {
  const cfg = { includeDataList: [], excludeDataList: [], enableViewSync: true, enableMaterializedViewSync: false, ...MAP };
  const src = cluster([database('sales', { tables: [orders, items], views: [view('v', 'SELECT `k1` FROM `sales`.`orders`')] })]);

  it('compares each source table with its mapped target table, reported under source names', () => {
    const tgt = cluster([
      database('sales_new', {
        tables: [renamed(orders, 'orders_2024', 3), renamed(items, 'items', 1)],
        views: [view('v', 'SELECT `k1` FROM `sales_new`.`orders_2024`')],
      }),
    ]);
    const r = compareClusters(src, tgt, cfg);
    expect(r.tables.map((t) => [t.db, t.table, t.status, t.targetDb, t.targetTable])).toEqual([
      ['sales', 'items', 'lagging', 'sales_new', 'items'],
      ['sales', 'orders', 'in_sync', 'sales_new', 'orders_2024'],
    ]);
    expect(r.definedObjects).toEqual([{ kind: 'view', db: 'sales', name: 'v', status: 'present', targetDb: 'sales_new', targetName: 'v' }]);
    expect(r.databasesMissing).toEqual([]);
    expect(formatText(r).some((l) => l.startsWith('lagging sales.items → sales_new.items:'))).toBe(true);
  });

  it('the unmapped names on the target are not the source tables', () => {
    const tgt = cluster([database('sales', { tables: [renamed(orders, 'orders', 3)] })]);
    const r = compareClusters(src, tgt, cfg);
    expect(r.ok).toBe(false);
    expect(r.databasesMissing).toEqual(['sales_new']);
    expect(r.tables.map((t) => t.status)).toEqual(['missing', 'missing']);
  });

  it('row counts are matched by the source key', () => {
    const tgt = cluster([database('sales_new', { tables: [renamed(orders, 'orders_2024', 3), renamed(items, 'items', 2)] })]);
    const rows = new Map([
      ['sales\u0000orders', { source: 5, target: 4 }],
      ['sales\u0000items', { source: 2, target: 2 }],
    ]);
    expect(compareClusters(src, tgt, cfg, rows).tables.map((t) => t.status)).toEqual(['in_sync', 'rows_differ']);
  });
});

describe('the engine and the dry run with a mapping', () => {
  const cfg = plannerConfig(MAP);

  it('DDL of a renamed table carries its source names; it is held while the source key replicates', () => {
    const tgt = { ...renamed(orders, 'orders_2024', 3), partitions: new Map() };
    const p = plan(
      cluster([database('sales', { tables: [orders] })]),
      cluster([database('sales_new', { tables: [tgt] })], { volumes: TARGET_VOLUMES }),
      cfg,
    );
    expect(p.ddl).toMatchObject([{ kind: 'add_partition', db: 'sales_new', table: 'orders_2024', srcDb: 'sales', srcTable: 'orders' }]);
    expect(holdForRunningJobs(p, (k) => k === 'sales.orders').held).toEqual(['sales.orders']);
  });

  it('the dry run projects created tables under their target names', () => {
    const source = cluster([database('sales', { tables: [orders] })]);
    const p = plan(source, cluster([], { volumes: TARGET_VOLUMES }), cfg);
    const projected = projectedTarget(p, source, cluster([], { volumes: TARGET_VOLUMES }));
    expect([...projected.databases.get('sales_new')!.tables.keys()]).toEqual(['orders_2024']);
    expect(plan(source, projected, cfg).replication).toMatchObject([{ db: 'sales', table: 'orders', tgtDb: 'sales_new', tgtTable: 'orders_2024' }]);
  });

  it('jobs of a renamed table: caught up by the target ids, adopted under the source key', () => {
    const source = cluster([database('sales', { tables: [orders] })]);
    const target = cluster([database('sales_new', { tables: [renamed(orders, 'orders_2024', 1)] })], { volumes: TARGET_VOLUMES });
    const works = jobsByTable(plan(source, target, cfg).replication);
    const job = works.get('sales.orders')![0]!;
    expect(caughtUp(job, target, works)).toBe(false);
    const done = cluster([database('sales_new', { tables: [renamed(orders, 'orders_2024', 3)] })]);
    expect(caughtUp(job, done, works)).toBe(true);
    const adopted = jobsToAdopt([{ jobId: 'j1', tableId: 'orders_2024-tgt', state: 'REPLICATING' }], target, works, () => false);
    expect(adopted).toMatchObject([{ jobId: 'j1', job: { tableKey: 'sales.orders' } }]);
    expect(works.size).toBe(0);
  });

  it('scoped rounds find a renamed table on the target under its target names', () => {
    const last = {
      source: cluster([database('sales', { tables: [orders] })]),
      target: cluster([database('sales_new', { tables: [renamed(orders, 'orders_2024', 1)] })]),
    };
    const batch: Array<[string, { db: string; table: string }]> = [['sales.orders', { db: 'sales', table: 'orders' }]];
    const names = makeNameMapping(MAP);
    const sel = replanSelection(last, batch, makeScope(cfg), () => false, names.targetName);
    expect(sel.kind === 'tables' && sel.tables.map((t) => [t.key, t.src.name, t.tgt.name])).toEqual([['sales.orders', 'orders', 'orders_2024']]);
    expect(replanSelection(last, batch, makeScope(cfg), () => false)).toEqual({ kind: 'full_round' });
    expect(createdSources(last, batch, names.targetName).map((t) => t.name)).toEqual(['orders']);
    expect(createdSources(last, batch)).toEqual([]);
  });

  it("the replication request pairs a renamed table's base index with the source's", () => {
    const r = buildReplicationRequest({
      jobId: 'j',
      targetUser: 'root',
      targetPassword: '',
      tgtDbId: '2',
      tgtTableId: '20',
      srcDbId: '1',
      srcTableId: '10',
      srcServiceId: 'svc',
      mirrorVolume: 'src_v',
      srcTableDataSize: 1,
      srcIndexes: [
        { id: '11', name: 'orders', schemaHash: 7, schemaVersion: 0 },
        { id: '12', name: 'r1', schemaHash: 8, schemaVersion: 0 },
      ],
      tgtIndexes: [
        { id: '21', name: 'orders_2024', schemaHash: 9, schemaVersion: 0 },
        { id: '22', name: 'r1', schemaHash: 10, schemaVersion: 0 },
      ],
      partitions: [
        {
          tgtPhysicalId: '25',
          srcPhysicalId: '15',
          srcVersion: 3,
          srcVersionEpoch: '1',
          src: {
            physicalPartitionId: '15',
            indexes: [
              { indexId: '11', indexName: 'orders', tabletIds: ['111'] },
              { indexId: '12', indexName: 'r1', tabletIds: ['121'] },
            ],
          },
          tgt: {
            physicalPartitionId: '25',
            indexes: [
              { indexId: '21', indexName: 'orders_2024', tabletIds: ['211'] },
              { indexId: '22', indexName: 'r1', tabletIds: ['221'] },
            ],
          },
        },
      ],
    });
    const infos = r.partition_replication_infos!['25']!.index_replication_infos!;
    expect(infos['21']).toMatchObject({ src_schema_hash: 7, tablet_replication_infos: { '211': { src_tablet_id: '111' } } });
    expect(infos['22']).toMatchObject({ src_schema_hash: 8, tablet_replication_infos: { '221': { src_tablet_id: '121' } } });
  });
});

describe('privilege sync with a mapping', () => {
  const grant = (db: string, name: string): GrantInfo => ({
    privileges: ['SELECT'],
    object: { kind: 'table', type: 'TABLE', db, name },
    objectText: `TABLE ${db}.${name}`,
    catalog: 'default_catalog',
    withGrantOption: false,
  });
  const role = (grants: GrantInfo[]): RoleInfo => ({ name: 'analyst', builtin: false, parents: [], grants });
  const CFG = {
    enablePrivilegeSync: true,
    ddlJobAllowDropUserTargetOnly: false,
    ddlJobAllowDropRoleTargetOnly: false,
    ddlJobAllowDropInconsistentUser: true,
    ddlJobAllowRevokeGrantTargetOnly: false,
    privilegeSyncExcludeUsers: [],
    privilegeSyncExcludeRoles: [],
    targetClusterUser: 'srsync',
  };
  const withRole = (c: ReturnType<typeof cluster>, grants: GrantInfo[]) => ({ ...c, privileges: { users: [], roles: [role(grants)] } });
  const source = withRole(cluster([database('sales', { tables: [orders] })]), [grant('sales', 'orders')]);

  it('a grant on a renamed table is granted on its target name, and in sync once there', () => {
    const target = cluster([database('sales_new', { tables: [renamed(orders, 'orders_2024', 3)] })]);
    const p = diffPrivileges(source, withRole(target, []), CFG, { includeDataList: [], excludeDataList: [], ...MAP });
    expect(p.ddl.map((a) => a.sql)).toEqual(['GRANT SELECT ON TABLE `sales_new`.`orders_2024` TO ROLE `analyst`']);
    const synced = diffPrivileges(source, withRole(target, [grant('sales_new', 'orders_2024')]), CFG, {
      includeDataList: [],
      excludeDataList: [],
      ...MAP,
    });
    expect(synced.ddl).toEqual([]);
    expect(synced.progress.grants).toEqual({ total: 1, inSync: 1 });
  });
});
