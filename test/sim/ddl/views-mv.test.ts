import { describe, expect, it } from 'vitest';
import type { ViewTable } from '../../../sim/catalog/model.js';
import { errorOf, fixture } from './helpers.js';

const setup = () => {
  const f = fixture();
  f.run('CREATE DATABASE d1');
  f.run('CREATE TABLE t (dt date, k int, v decimal(10, 2)) DUPLICATE KEY(dt, k) DISTRIBUTED BY HASH(k) BUCKETS 2');
  return f;
};

describe('views', () => {
  it('keep their query text and column list; OR REPLACE keeps the id; ALTER VIEW replaces the query', () => {
    const f = setup();
    const v = f.run('CREATE VIEW v (a, b) COMMENT "my view" AS SELECT k, v FROM t WHERE k > 1;') as ViewTable;
    expect(v).toMatchObject({ kind: 'view', columnNames: ['a', 'b'], query: 'SELECT k, v FROM t WHERE k > 1', comment: 'my view' });
    expect(v.id).toBeGreaterThan(f.table('t').id);
    const r = f.run('CREATE OR REPLACE VIEW v AS SELECT k FROM t') as ViewTable;
    expect([r.id, r.columnNames, r.query]).toEqual([v.id, null, 'SELECT k FROM t']);
    expect(errorOf(() => f.run('CREATE VIEW v AS SELECT 1')).code).toBe(1050);
    expect(f.run('CREATE VIEW IF NOT EXISTS v AS SELECT 1')).toBeNull();
    f.run('ALTER VIEW v (x) AS SELECT dt FROM t');
    expect(f.db().tables.get('v')).toMatchObject({ columnNames: ['x'], query: 'SELECT dt FROM t' });
    expect(errorOf(() => f.run('ALTER VIEW t AS SELECT 1')).message).toContain('is not a view');
    expect(errorOf(() => f.run('CREATE VIEW v2 (a, a) AS SELECT k, v FROM t')).code).toBe(1060);
  });

  it('DROP VIEW refuses tables; DROP TABLE refuses views', () => {
    const f = setup();
    f.run('CREATE VIEW v AS SELECT k FROM t');
    const e = errorOf(() => f.run('DROP VIEW t'));
    expect([e.code, e.message]).toEqual([1347, "Getting analyzing error. Detail message: 'd1.t' is not VIEW."]);
    f.run('DROP VIEW v');
    expect(f.db().tables.has('v')).toBe(false);
    f.run('DROP VIEW IF EXISTS v');
    expect(errorOf(() => f.run('DROP VIEW v')).code).toBe(1051);
  });
});

describe('async materialized views', () => {
  it('are cloud-native tables with mv info, inferred columns, one partition when unpartitioned', () => {
    const f = setup();
    f.run(`CREATE MATERIALIZED VIEW mv COMMENT "agg" DISTRIBUTED BY HASH(k) BUCKETS 3 REFRESH ASYNC EVERY (INTERVAL 1 DAY)
           PROPERTIES ("replication_num" = "1", "partition_refresh_number" = "2")
           AS SELECT k, sum(v) AS total, count(*) AS cnt FROM t GROUP BY k`);
    const mv = f.table('mv');
    expect(mv.type).toBe('CLOUD_NATIVE');
    expect(mv.mv).toMatchObject({
      query: 'SELECT k, sum(v) AS total, count(*) AS cnt FROM t GROUP BY k',
      refreshType: 'ASYNC',
      refreshClause: 'REFRESH ASYNC EVERY (INTERVAL 1 DAY)',
      isActive: true,
    });
    expect(mv.columns.map((c) => [c.name, c.type])).toEqual([
      ['k', 'int(11)'],
      ['total', 'decimal(38, 2)'],
      ['cnt', 'bigint(20)'],
    ]);
    expect(mv.keysType).toBe('DUP_KEYS');
    expect(mv.properties).toMatchObject({ replication_num: '1', partition_refresh_number: '2', 'datacache.enable': 'true' });
    expect(mv.partitions.map((p) => [p.name, p.buckets])).toEqual([['mv', 3]]);
    // id order: MV id, base index id, partition id, physical partition id, tablets
    const p = mv.partitions[0]!;
    expect([mv.baseIndex.indexId, p.id, p.physicalPartitions[0]!.id]).toEqual([mv.id + 1, mv.id + 2, mv.id + 3]);
    expect(f.fe.storageVolumeById(mv.storageVolumeId)?.name).toBe('builtin_storage_volume');
  });

  it('partitioned MVs have no partitions before a refresh; defaults and errors', () => {
    const f = setup();
    f.run(`CREATE MATERIALIZED VIEW pmv PARTITION BY date_trunc('month', dt) DISTRIBUTED BY HASH(k) REFRESH MANUAL AS SELECT dt, k FROM t`);
    const mv = f.table('pmv');
    expect(mv.partitionInfo).toMatchObject({ type: 'EXPR_RANGE', columns: ['dt'], exprText: "date_trunc('month', `dt`)" });
    expect(mv.partitions).toEqual([]);
    expect(mv.mv!.refreshType).toBe('MANUAL');
    f.run('CREATE MATERIALIZED VIEW m2 DISTRIBUTED BY HASH(k) AS SELECT * FROM t');
    expect(f.table('m2').mv).toMatchObject({ refreshType: 'MANUAL', refreshClause: '' });
    expect(f.table('m2').columns.map((c) => c.name)).toEqual(['dt', 'k', 'v']);
    expect(errorOf(() => f.run('CREATE MATERIALIZED VIEW m2 DISTRIBUTED BY HASH(k) AS SELECT k FROM t')).code).toBe(1050);
    // Without REFRESH / DISTRIBUTED BY / PARTITION BY it is a sync MV: an index of t, not a table.
    f.run('CREATE MATERIALIZED VIEW sync_mv AS SELECT k, sum(v) FROM t GROUP BY k');
    expect(f.table('t').rollups?.map((r) => r.name)).toEqual(['sync_mv']);
  });

  it('DROP MATERIALIZED VIEW removes it and its data; refuses tables', () => {
    const f = setup();
    f.run('CREATE MATERIALIZED VIEW mv DISTRIBUTED BY HASH(k) REFRESH MANUAL AS SELECT k FROM t');
    expect(errorOf(() => f.run('DROP MATERIALIZED VIEW t')).message).toBe(
      "Getting analyzing error. Detail message: 'd1.t' is not MATERIALIZED VIEW.",
    );
    expect(errorOf(() => f.run('DROP VIEW mv')).message).toContain('is a materialized view');
    f.run('DROP MATERIALIZED VIEW mv');
    expect(f.db().tables.has('mv')).toBe(false);
    expect(f.dropped.map((d) => d.table)).toEqual(['mv']);
    f.run('DROP MATERIALIZED VIEW IF EXISTS mv');
  });
});
