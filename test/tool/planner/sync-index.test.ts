import { describe, expect, it } from 'vitest';
import { plannerConfig, type PlannerConfig } from '../../../src/planner/config.js';
import { plan } from '../../../src/planner/plan.js';
import { syncIndexDifference, syncIndexDifferences } from '../../../src/planner/sync-index.js';
import type { IndexColumnInfo, SyncIndexInfo, TableInfo } from '../../../src/model/snapshot.js';
import { TARGET_VOLUMES, cluster, col, database, part, table, targetOf, tpart, type TableOpts } from './fixtures.js';

const ic = (name: string, type: string, o: Partial<IndexColumnInfo> = {}): IndexColumnInfo => ({
  name,
  type,
  isKey: false,
  aggType: 'NONE',
  nullable: true,
  ...o,
});
const key = (name: string, type = 'int') => ic(name, type, { isKey: true, aggType: null, nullable: false });

function rollup(name: string, columns: readonly IndexColumnInfo[], o: Partial<SyncIndexInfo> = {}): SyncIndexInfo {
  const keys = columns.filter((c) => c.isKey).map((c) => c.name);
  const values = columns.filter((c) => !c.isKey).map((c) => `${c.aggType}(${c.name})`);
  const definition = `create materialized view ${name} as select ${[...keys, ...values].join(',')} from t group by ${keys.join(',')}`;
  return { id: `${name}-id`, name, kind: 'rollup', definition, keysType: 'DUP_KEYS', columns, ...o };
}

function syncMv(name: string, definition: string, columns: readonly IndexColumnInfo[], o: Partial<SyncIndexInfo> = {}): SyncIndexInfo {
  return { id: `${name}-id`, name, kind: 'mv', definition, keysType: 'AGG_KEYS', columns, ...o };
}

const R1 = rollup('r1', [key('k1'), ic('v1', 'varchar(65533)')]);
const MV = syncMv('mv1', 'CREATE MATERIALIZED VIEW mv1 ASSELECT k1, SUM(n)FROM tGROUP BY k1', [
  key('k1'),
  ic('mv_sum_n', 'bigint', { aggType: 'SUM' }),
]);

const cols = [
  col('dt', 'date', { isKey: true, nullable: false }),
  col('k1', 'int(11)', { isKey: true, nullable: false }),
  col('v1', 'varchar(65533)'),
  col('n', 'int(11)'),
];

/** Source table t (version 5) and its target copy (version `tgtVersion`), with the given sync indexes. */
function pair(src: SyncIndexInfo[] | undefined, tgt: SyncIndexInfo[] | undefined, o: { tgtVersion?: number; src?: TableOpts; tgt?: TableOpts } = {}) {
  const s = table('t', { columns: cols, partitions: [part('p1', { version: 5 })], ...o.src });
  s.syncIndexes = src;
  if (src) s.indexNum = src.length + 1;
  const t = targetOf(s, [tpart('p1', { version: o.tgtVersion ?? 1 })], o.tgt);
  t.syncIndexes = tgt;
  if (tgt) t.indexNum = tgt.length + 1;
  return { s, t };
}

const run = (s: TableInfo, t: TableInfo, over: Partial<PlannerConfig> = {}) =>
  plan(cluster([database('db1', { tables: [s] })]), cluster([database('db1', { tables: [t] })], { volumes: TARGET_VOLUMES }), plannerConfig(over));
const kinds = (p: ReturnType<typeof plan>) => p.ddl.map((a) => `${a.kind}:${a.reason}:${a.name ?? a.table}`);

describe('rollups and sync MVs of a table on both sides', () => {
  it('a table just created from SHOW CREATE TABLE: its first missing index is added, replication waits', () => {
    const { s, t } = pair([R1, MV], []);
    const p = run(s, t);
    expect(kinds(p)).toEqual(['add_rollup:missing_on_target:r1']);
    expect(p.ddl[0]!.sql).toBe('ALTER TABLE `db1`.`t` ADD ROLLUP `r1` (`k1`, `v1`) DUPLICATE KEY (`k1`)');
    expect(p.replication).toEqual([]);
    expect(p.inSync).toEqual([]);
    expect(p.notes).toMatchObject([{ object: 'table', table: 't', reason: 'replication_deferred', blocking: false }]);
    expect(p.notes[0]!.message).toMatch(/adding rollup r1 \(1 more after it\); replicated once both sides have the same indexes/);
  });

  it('the next round adds the sync MV from its statement, the glued words split again (run after USE db)', () => {
    const { s, t } = pair([R1, MV], [{ ...R1, id: 'other-id' }]);
    const p = run(s, t);
    expect(p.ddl).toMatchObject([{ kind: 'create_sync_materialized_view', db: 'db1', table: 't', name: 'mv1', reason: 'missing_on_target' }]);
    expect(p.ddl[0]!.sql).toBe('CREATE MATERIALIZED VIEW mv1 AS SELECT k1, SUM(n)FROM t GROUP BY k1');
    expect(p.replication).toEqual([]);
  });

  it('same indexes on both sides (ids differ; the MV text differs only in blanks): replicated as usual', () => {
    const tgtMv = { ...MV, id: 'x', definition: 'CREATE MATERIALIZED VIEW mv1 AS SELECT k1, SUM(n)FROM t GROUP BY k1' };
    const { s, t } = pair([R1, MV], [tgtMv, { ...R1, id: 'y' }]);
    const p = run(s, t);
    expect(p.ddl).toEqual([]);
    expect(p.notes).toEqual([]);
    expect(p.replication.map((w) => w.table)).toEqual(['t']);
    const same = pair([R1], [R1], { tgtVersion: 5 });
    expect(run(same.s, same.t).inSync).toEqual(['db1.t']);
  });

  it('AGGREGATE and UNIQUE rollups take no key clause; names are quoted and escaped', () => {
    const aggCols = [
      col('k`1', 'int(11)', { isKey: true, nullable: false }),
      col('dt', 'date', { isKey: true, nullable: false }),
      col('v', 'bigint(20)', { aggType: 'SUM' }),
    ];
    const r = rollup('r`x', [key('k`1'), ic('v', 'bigint', { aggType: 'SUM' })], { keysType: 'AGG_KEYS' });
    const { s, t } = pair([r], [], { src: { keysType: 'AGG_KEYS', columns: aggCols, distribution: { type: 'HASH', columns: ['k`1'], buckets: 4 } } });
    expect(run(s, t).ddl.map((a) => a.sql)).toEqual(['ALTER TABLE `db1`.`t` ADD ROLLUP `r``x` (`k``1`, `v`)']);
  });

  it('one index per table and round, every table in the same round', () => {
    const { s, t } = pair([R1, MV], []);
    const other = table('u', { columns: cols, partitions: [part('p1', { version: 3 })] });
    other.syncIndexes = [MV];
    const otherTgt = targetOf(other, [tpart('p1')]);
    otherTgt.syncIndexes = [];
    const p = plan(
      cluster([database('db1', { tables: [s, other] })]),
      cluster([database('db1', { tables: [t, otherTgt] })], { volumes: TARGET_VOLUMES }),
      plannerConfig(),
    );
    expect(kinds(p)).toEqual(['add_rollup:missing_on_target:r1', 'create_sync_materialized_view:missing_on_target:mv1']);
    expect(p.ddl.map((a) => a.table)).toEqual(['t', 'u']);
  });

  it('waits while the target table runs an ALTER job (state ROLLUP): no DDL, no replication', () => {
    const { s, t } = pair([R1, MV], [R1], { tgt: { state: 'ROLLUP' } });
    const p = run(s, t);
    expect(p.ddl).toEqual([]);
    expect(p.replication).toEqual([]);
    expect(p.notes).toMatchObject([{ reason: 'replication_deferred', message: expect.stringMatching(/is ROLLUP on the target/) }]);
  });

  it('indexes that could not be read (IndexNum > 1, no definitions): waits, nothing dropped or added', () => {
    const { s, t } = pair([R1], undefined);
    t.indexNum = 3;
    const p = run(s, t);
    expect(p.ddl).toEqual([]);
    expect(p.replication).toEqual([]);
    expect(p.notes[0]!.message).toMatch(/could not be read on the target/);
    // Snapshots without the fields (older readers, scoped re-reads of single-index tables): as before.
    const legacy = pair(undefined, undefined);
    expect(run(legacy.s, legacy.t).replication.map((w) => w.table)).toEqual(['t']);
  });

  it('a target-only index is dropped (ddl_job_allow_drop_schema_change_table), or blocks the table when not allowed', () => {
    const { s, t } = pair([], [R1]);
    const p = run(s, t);
    expect(kinds(p)).toEqual(['drop_rollup:dropped_on_source:r1']);
    expect(p.ddl[0]!.sql).toBe('ALTER TABLE `db1`.`t` DROP ROLLUP `r1`');
    expect(p.replication).toEqual([]);
    const refused = run(s, t, { ddlJobAllowDropSchemaChangeTable: false });
    expect(refused.ddl).toEqual([]);
    expect(refused.replication).toEqual([]);
    expect(refused.notes).toMatchObject([
      { object: 'rollup', table: 't', name: 'r1', reason: 'schema_change', configKey: 'ddl_job_allow_drop_schema_change_table', blocking: true },
    ]);
  });

  it('a differing index is dropped and re-created in one round (drop first); refused: noted, the others still added', () => {
    const changed = rollup('r1', [key('k1'), ic('v1', 'varchar(20)')]);
    const { s, t } = pair([R1, MV], [changed]);
    const p = run(s, t);
    expect(kinds(p)).toEqual(['drop_rollup:inconsistent:r1', 'add_rollup:inconsistent:r1']);
    expect(p.notes.map((n) => n.message).join('\n')).toMatch(/dropping rollup r1, adding rollup r1 \(1 more after it\)/);
    const refused = run(s, t, { ddlJobAllowDropSchemaChangeTable: false });
    expect(kinds(refused)).toEqual(['create_sync_materialized_view:missing_on_target:mv1']);
    expect(refused.notes.find((n) => n.reason === 'schema_change')?.message).toMatch(
      /^differs from the source: columns \(k1 int key, v1 varchar\(20\) NONE\) on the target/,
    );
  });

  it('a rollup and a sync MV of the same name are different indexes', () => {
    const asMv = syncMv('r1', 'CREATE MATERIALIZED VIEW r1 AS SELECT k1, v1 FROM t', R1.columns, { keysType: 'DUP_KEYS' });
    expect(syncIndexDifference(R1, asMv)).toBe('a sync MV on the target, a rollup on the source');
    const { s, t } = pair([R1], [asMv]);
    expect(kinds(run(s, t))).toEqual(['drop_rollup:inconsistent:r1', 'add_rollup:inconsistent:r1']);
  });

  it('column types are compared case- and blank-insensitively, sync MV statements without blanks', () => {
    const upper = rollup('r1', [key('k1', 'INT'), ic('v1', 'VARCHAR(65533)')]);
    expect(syncIndexDifference(R1, upper)).toBeNull();
    expect(syncIndexDifference(MV, { ...MV, definition: 'CREATE MATERIALIZED VIEW mv1 AS SELECT k1, SUM(n) FROM t GROUP BY k1' })).toBeNull();
    expect(
      syncIndexDifference(MV, { ...MV, definition: 'CREATE MATERIALIZED VIEW mv1 AS SELECT k1, SUM(n) FROM t WHERE n > 0 GROUP BY k1' }),
    ).toMatch(/statement differs/);
    expect(syncIndexDifference(R1, { ...R1, keysType: 'AGG_KEYS' })).toMatch(/keys type AGG_KEYS on the target/);
  });

  it('waits for the table other ALTERs of the round (a bitmap index is a job of its own)', () => {
    const { s, t } = pair([R1], []);
    s.bitmapIndexes = [{ name: 'bi', columns: ['v1'], comment: '' }];
    const p = run(s, t, { enableBitmapIndexSync: true });
    expect(kinds(p)).toEqual(['create_bitmap_index:missing_on_target:bi']);
    expect(p.notes.map((n) => n.message).join('\n')).toMatch(/added after the table's other ALTER statements/);
    expect(p.replication).toEqual([]);
  });

  it('an index that cannot be re-created is noted (blocking) and the next one is tried', () => {
    const bad = rollup('r0', [key('gone'), ic('v1', 'varchar(65533)')]);
    const notSql = syncMv('m0', 'select 1', MV.columns);
    const { s, t } = pair([bad, notSql, R1], []);
    const p = run(s, t);
    expect(kinds(p)).toEqual(['add_rollup:missing_on_target:r1']);
    expect(p.notes.filter((n) => n.reason === 'unparsable_create_sql')).toMatchObject([
      { object: 'rollup', name: 'r0', blocking: true, message: expect.stringMatching(/gone are not columns of the table/) },
      { object: 'sync_materialized_view', name: 'm0', blocking: true },
    ]);
  });

  it('runs in DDL order after bitmap indexes and before views; drops with the other drops', () => {
    const { s, t } = pair([R1], [rollup('old', [key('k1')])]);
    const v = { id: 'v', dbName: 'db1', name: 'v', createSql: 'CREATE VIEW `v` AS SELECT 1;', definition: 'SELECT 1' };
    const p = plan(
      cluster([database('db1', { tables: [s], views: [v] })]),
      cluster([database('db1', { tables: [t] })], { volumes: TARGET_VOLUMES }),
      plannerConfig({ enableViewSync: true }),
    );
    expect(p.ddl.map((a) => a.kind)).toEqual(['drop_rollup', 'add_rollup', 'create_view']);
  });
});

describe('syncIndexDifferences (reports: srsync verify)', () => {
  it('is empty for the same indexes, and names each missing, extra, differing or unreadable index', () => {
    expect(syncIndexDifferences(pair([R1, MV], [R1, MV]).s, pair([R1, MV], [R1, MV]).t)).toEqual([]);
    const r2 = rollup('r2', [key('k1')]);
    const changed = rollup('r1', [key('k1'), ic('v1', 'varchar(10)')]);
    const { s, t } = pair([R1, MV], [changed, r2]);
    expect(syncIndexDifferences(s, t)).toEqual([
      expect.stringMatching(/^rollup r1 differs from the source: columns /),
      'rollup r2 exists only on the target',
      'sync MV mv1 missing on the target',
    ]);
    const unknown = pair([R1], undefined);
    unknown.t.indexNum = 2;
    expect(syncIndexDifferences(unknown.s, unknown.t)).toEqual(['rollups / sync MVs could not be read on the target']);
  });
});
