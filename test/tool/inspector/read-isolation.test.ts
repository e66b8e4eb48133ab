// Issue 11 item 1: one bad object never stops the others. A table whose rows cannot be understood, or whose
// SHOW CREATE TABLE fails, is that table's failure (readError / ObjectRead), not the catalog round's.
import { describe, expect, it } from 'vitest';
import { ClusterInspector } from '../../../src/inspector/inspector.js';
import { SqlError, type SqlClient } from '../../../src/cluster/sql-client.js';

type Rows = Array<Record<string, string>>;

function fakeSql(answer: (q: string) => Rows) {
  const queries: string[] = [];
  const sql = {
    query: async (q: string) => {
      queries.push(q);
      return answer(q);
    },
  } as unknown as SqlClient;
  return { sql, queries };
}

const part = (table: string, name: string, id: string) => ({
  DB_NAME: 'd',
  TABLE_NAME: table,
  PARTITION_NAME: name,
  PARTITION_ID: id,
  VISIBLE_VERSION: '2',
  DATA_VERSION: '2',
  NEXT_VERSION: '3',
  VERSION_EPOCH: '1',
  VERSION_TXN_TYPE: 'TXN_NORMAL',
  PARTITION_VALUE: '',
  BUCKETS: '1',
  IS_TEMP: 'false',
  DATA_SIZE: '1',
  ROW_COUNT: '1',
  DISTRIBUTION_KEY: 'id',
});

function catalog(q: string): Rows {
  if (q.startsWith('SELECT @@version_comment')) return [{ '@@version_comment': '4.1.0-abc' }];
  if (q.startsWith('ADMIN SHOW FRONTEND CONFIG')) return [{ Key: 'run_mode', Value: 'shared_data' }];
  if (q === 'SHOW STORAGE VOLUMES') return [];
  if (q === "SHOW PROC '/dbs'") return [{ DbId: '10', DbName: 'd' }];
  if (q.includes('information_schema.views') || q.includes('information_schema.materialized_views')) return [];
  if (q === "SHOW PROC '/dbs/10'")
    return ['good', 'bad😀'].map((n, i) => ({
      TableId: String(20 + i),
      TableName: n,
      Type: 'CLOUD_NATIVE',
      State: 'NORMAL',
      PartitionType: 'UNPARTITIONED',
      IndexNum: '1',
    }));
  if (q.includes('tables_config'))
    return ['good', 'bad😀'].map((n, i) => ({
      TABLE_SCHEMA: 'd',
      TABLE_NAME: n,
      TABLE_ID: String(20 + i),
      TABLE_MODEL: 'DUP_KEYS',
      PROPERTIES: '{}',
      DISTRIBUTE_TYPE: 'HASH',
      DISTRIBUTE_KEY: 'id',
      DISTRIBUTE_BUCKET: '1',
      PARTITION_KEY: '',
      SORT_KEY: 'id',
    }));
  if (q.includes('information_schema.columns'))
    return ['good', 'bad😀'].map((n) => ({
      TABLE_SCHEMA: 'd',
      TABLE_NAME: n,
      COLUMN_NAME: 'id',
      ORDINAL_POSITION: '1',
      IS_NULLABLE: 'NO',
      COLUMN_TYPE: 'int(11)',
      COLUMN_KEY: 'DUP',
      EXTRA: '',
      COLUMN_COMMENT: '',
    }));
  // The bad table's physical partition ids are not numbers: sorting them throws.
  if (q.includes('partitions_meta')) return [part('good', 'good', '100'), part('bad😀', 'p', 'x1'), part('bad😀', 'p', 'x2')];
  throw new Error(`unexpected ${q}`);
}

describe('per-table read isolation', () => {
  it('a table whose rows cannot be understood gets readError; the others are read', async () => {
    const { sql } = fakeSql(catalog);
    const snap = await new ClusterInspector(sql).snapshot({ serviceId: '' });
    const tables = snap.databases.get('d')!.tables;
    expect(tables.get('good')!.readError).toBeUndefined();
    expect(tables.get('good')!.partitions.get('good')!.physical[0]!.id).toBe('100');
    const bad = tables.get('bad😀')!;
    expect(bad.readError).toMatch(/^reading its columns and partitions failed: /);
    expect(bad.id).toBe('21');
    expect(bad.columns).toEqual([]);
  });

  it("tryCreateTableSql: a failing SHOW CREATE TABLE is that table's failure, with the FE message", async () => {
    const { sql } = fakeSql((q) => {
      if (q.includes('`bad`')) throw new SqlError("Unknown table 'bad'", 1051, q, false);
      if (q.includes('`lost`')) throw new SqlError('Connection lost', undefined, q, true);
      return [{ Table: 'good', 'Create Table': 'CREATE TABLE `good` (\n  `id` int\n)' }];
    });
    const ins = new ClusterInspector(sql);
    expect(await ins.tryCreateTableSql('d', 'good')).toEqual({ ok: true, value: 'CREATE TABLE `good` (\n  `id` int\n)' });
    expect(await ins.tryCreateTableSql('d', 'bad')).toEqual({
      ok: false,
      error: "SHOW CREATE TABLE `d`.`bad` failed: Unknown table 'bad'",
      transient: false,
    });
    expect(await ins.tryCreateTableSql('d', 'lost')).toMatchObject({ ok: false, transient: true });
    expect(await ins.tryBitmapIndexes('d', 'bad')).toMatchObject({ ok: false, error: expect.stringMatching(/^SHOW INDEX FROM `d`.`bad` failed: /) });
  });
});

describe('createTableSql and index names', () => {
  const text =
    'CREATE TABLE `t` (\n  `id` int(11) NULL COMMENT "",\n  `c` varchar(10) NULL COMMENT "",\n  INDEX my idx (`c`) USING BITMAP COMMENT \'x\'\n) ENGINE=OLAP \nDUPLICATE KEY(`id`)\nDISTRIBUTED BY HASH(`id`) BUCKETS 1 ;';

  it('reads SHOW INDEX when the text has index definitions and quotes their names from it', async () => {
    const { sql, queries } = fakeSql((q) => {
      if (q.startsWith('SHOW CREATE TABLE')) return [{ Table: 't', 'Create Table': text }];
      if (q.startsWith('SHOW INDEX')) return [{ Table: 'd.t', Key_name: 'my idx', Column_name: 'c', Index_type: 'BITMAP', Comment: 'x' }];
      throw new Error(q);
    });
    const out = await new ClusterInspector(sql).createTableSql('d', 't');
    expect(out).toContain("  INDEX `my idx` (`c`) USING BITMAP COMMENT 'x'\n) ENGINE=OLAP");
    expect(queries).toEqual(['SHOW CREATE TABLE `d`.`t`', 'SHOW INDEX FROM `d`.`t`']);
  });

  it("an async MV's index definitions too; its text unchanged when SHOW INDEX fails", async () => {
    const mvText =
      "CREATE MATERIALIZED VIEW `mv` (`k`, `c`)\nINDEX a b (`c`) USING BITMAP COMMENT ''\nDISTRIBUTED BY HASH(`k`) BUCKETS 1\nAS SELECT k, c FROM t";
    let failIndex = false;
    const { sql } = fakeSql((q) => {
      if (q.startsWith('SHOW CREATE MATERIALIZED VIEW')) return [{ 'Materialized View': 'mv', 'Create Materialized View': mvText }];
      if (failIndex) throw new SqlError('no', 1064, q, false);
      return [{ Key_name: 'a b', Column_name: 'c', Index_type: 'BITMAP', Comment: '' }];
    });
    const ins = new ClusterInspector(sql);
    expect(await ins.createMaterializedViewSql('d', 'mv')).toContain("INDEX `a b` (`c`) USING BITMAP COMMENT ''\n");
    failIndex = true;
    expect(await ins.createMaterializedViewSql('d', 'mv')).toBe(mvText);
  });

  it('no SHOW INDEX for a table without index definitions', async () => {
    const plain = text.replace(",\n  INDEX my idx (`c`) USING BITMAP COMMENT 'x'", '');
    const { sql, queries } = fakeSql(() => [{ Table: 't', 'Create Table': plain }]);
    expect(await new ClusterInspector(sql).createTableSql('d', 't')).toBe(plain);
    expect(queries).toHaveLength(1);
  });
});
