import { afterEach, describe, expect, it } from 'vitest';
import { columnNames, materializedViewsTable, showCreateMaterializedView, showMaterializedViews, showProc } from '../../../sim/show/index.js';
import { errorOf, fixture } from '../ddl/helpers.js';
import { harness, type Harness } from '../ddl/rollup-harness.js';

const open: Harness[] = [];
afterEach(() => {
  for (const h of open.splice(0)) h.cleanup();
});

/** d.t (DUP, 2 buckets, 1 partition) with rollup r1 (k, v) and sync MV mv1 (k, SUM(v)); ids chosen so that the
 *  HashMap order of the index ids (mv1 before r1) differs from their creation order. */
async function setup(): Promise<{ h: Harness; ids: { base: number; r1: number; mv1: number } }> {
  const h = harness();
  open.push(h);
  await h.sql('CREATE DATABASE d');
  await h.sql('USE d');
  await h.sql('CREATE TABLE t (k INT, dt DATE, v INT, s VARCHAR(10)) DUPLICATE KEY(k) DISTRIBUTED BY HASH(k) BUCKETS 2');
  while (h.fe.allocId() % 16 !== 13); // r1's index id ≡ 15 (mod 16)
  await h.sql('ALTER TABLE t ADD ROLLUP r1 (k, v)');
  await h.sql('CREATE MATERIALIZED VIEW mv1 AS SELECT k, SUM(v) FROM t GROUP BY k');
  const t = h.fe.getOlapTable('d', 't');
  const ids = { base: t.baseIndex.indexId, r1: t.rollups![0]!.indexId, mv1: t.rollups![1]!.indexId };
  expect(ids.r1 % 16).toBe(15);
  expect(ids.mv1 % 16).toBeLessThan(15);
  return { h, ids };
}

describe('indexes in SHOW PROC', () => {
  it("index_schema lists the base index first, then HashMap order; Keys prints the TABLE's keys type", async () => {
    const { h, ids } = await setup();
    const rows = await h.sql("SHOW PROC '/dbs/d/t/index_schema'");
    expect(rows.map((r) => [r['IndexId'], r['IndexName'], r['SchemaVersion'], r['ShortKeyColumnCount'], r['StorageType'], r['Keys']])).toEqual([
      [String(ids.base), 't', '0', '1', 'COLUMN', 'DUP_KEYS(k)'],
      [String(ids.mv1), 'mv1', '0', '1', 'COLUMN', 'DUP_KEYS(k)'],
      [String(ids.r1), 'r1', '0', '2', 'COLUMN', 'DUP_KEYS(k, v)'],
    ]);
    // Cloud-native: the per-index node answers the base schema whatever the id (not TableType.OLAP).
    const base = await h.sql(`SHOW PROC '/dbs/d/t/index_schema/${ids.base}'`);
    expect(await h.sql(`SHOW PROC '/dbs/d/t/index_schema/${ids.mv1}'`)).toEqual(base);
    expect(await h.sql("SHOW PROC '/dbs/d/t/index_schema/123'")).toEqual(base);
    const tables = await h.sql("SHOW PROC '/dbs/d'");
    expect(tables.find((r) => r['TableName'] === 't')!['IndexNum']).toBe('3');
    expect(tables.find((r) => r['TableName'] === 't')!['ReplicaCount']).toBe('6');
  });

  it('the per-partition index list and its tablets name every index', async () => {
    const { h, ids } = await setup();
    const t = h.fe.getOlapTable('d', 't');
    const pp = t.partitions[0]!.physicalPartitions[0]!;
    const list = await h.sql(`SHOW PROC '/dbs/d/t/partitions/${pp.id}'`);
    expect(list.map((r) => [r['IndexId'], r['IndexName'], r['State'], r['Tablets']])).toEqual(
      [
        [ids.base, 't'],
        [ids.r1, 'r1'],
        [ids.mv1, 'mv1'],
      ]
        .sort((a, b) => Number(a[0]) - Number(b[0]))
        .map(([id, n]) => [String(id), n, 'NORMAL', '2']),
    );
    const tablets = await h.sql(`SHOW PROC '/dbs/d/t/partitions/${pp.id}/${ids.r1}'`);
    expect(tablets.map((r) => r['TabletId'])).toEqual(pp.indexes[1]!.tablets.map((x) => String(x.id)));
    const filtered = await h.sql("SHOW TABLET FROM t WHERE IndexName = 'mv1'");
    expect(filtered.map((r) => r['TabletId'])).toEqual(pp.indexes[2]!.tablets.map((x) => String(x.id)));
    expect(await h.sql('SHOW TABLET FROM t')).toHaveLength(6);
    const e = await h.error("SHOW TABLET FROM t WHERE IndexName = 'nope'");
    expect([e.code, e.message]).toEqual([1051, "Getting analyzing error. Detail message: Unknown table 'nope'."]);
    const one = await h.sql(`SHOW TABLET ${pp.indexes[2]!.tablets[0]!.id}`);
    expect(one[0]!['IndexName']).toBe('mv1');
    expect(one[0]!['IndexId']).toBe(String(ids.mv1));
  });
});

describe('DESC t ALL', () => {
  it('every index with its own keys type; an empty row between indexes', async () => {
    const { h } = await setup();
    const rows = await h.sql('DESC t ALL');
    expect(Object.keys(rows[0]!)).toEqual(['IndexName', 'IndexKeysType', 'Field', 'Type', 'Null', 'Key', 'Default', 'Extra']);
    const cells = rows.map((r) => [r['IndexName'], r['IndexKeysType'], r['Field'], r['Type'], r['Key'], r['Extra']]);
    const blank = ['', '', '', '', '', ''];
    expect(cells).toEqual([
      ['t', 'DUP_KEYS', 'k', 'int', 'true', ''],
      ['', '', 'dt', 'date', 'false', 'NONE'],
      ['', '', 'v', 'int', 'false', 'NONE'],
      ['', '', 's', 'varchar(10)', 'false', 'NONE'],
      blank,
      ['mv1', 'AGG_KEYS', 'k', 'int', 'true', ''],
      ['', '', 'mv_sum_v', 'bigint', 'false', 'SUM'],
      blank,
      ['r1', 'DUP_KEYS', 'k', 'int', 'true', ''],
      ['', '', 'v', 'int', 'true', ''],
    ]);
    expect((await h.sql('DESC t')).map((r) => r['Field'])).toEqual(['k', 'dt', 'v', 's']);
  });
});

describe('definitions', () => {
  it('SHOW MATERIALIZED VIEWS lists rollups and sync MVs as ROLLUP rows with their text', async () => {
    const { h, ids } = await setup();
    const rows = await h.sql('SHOW MATERIALIZED VIEWS FROM d');
    expect(rows.map((r) => [r['id'], r['name'], r['refresh_type'], r['is_active'], r['partition_type'], r['rows'], r['text']])).toEqual([
      [String(ids.mv1), 'mv1', 'ROLLUP', 'true', 'UNPARTITIONED', '0', 'CREATE MATERIALIZED VIEW mv1 AS SELECT k, SUM(v) FROM t GROUP BY k'],
      [String(ids.r1), 'r1', 'ROLLUP', 'true', 'UNPARTITIONED', '0', 'create materialized view r1 as select k,v from t group by k,v'],
    ]);
    expect((await h.sql("SHOW MATERIALIZED VIEWS FROM d LIKE 'r%'")).map((r) => r['name'])).toEqual(['r1']);
    await h.sql('ALTER TABLE t ADD ROLLUP r2 (k, dt, s) DUPLICATE KEY (k)');
    const r2 = (await h.sql("SHOW MATERIALIZED VIEWS LIKE 'r2'"))[0]!;
    expect(r2['text']).toBe('create materialized view r2 as select k,NONE(dt),NONE(s) from t group by k');
  });

  it('collapses newlines, tabs and runs of spaces of the OriginStatement in the text', async () => {
    const { h } = await setup();
    await h.sql('CREATE MATERIALIZED VIEW mv2\nAS  SELECT\tk,   MIN(v)\nFROM t GROUP BY k');
    const row = (await h.sql("SHOW MATERIALIZED VIEWS LIKE 'mv2'"))[0]!;
    expect(row['text']).toBe('CREATE MATERIALIZED VIEW mv2AS SELECTk, MIN(v)FROM t GROUP BY k');
  });

  it('a cloud-native table: no sync MVs in information_schema.materialized_views, SHOW CREATE MATERIALIZED VIEW does not find them, SHOW CREATE TABLE prints no rollup', async () => {
    const h = harness();
    open.push(h);
    await h.sql('CREATE DATABASE d');
    await h.sql('USE d');
    await h.sql('CREATE TABLE t (k INT, v INT) DUPLICATE KEY(k) DISTRIBUTED BY HASH(k) BUCKETS 2');
    const ddl = (await h.sql('SHOW CREATE TABLE t'))[0]!['Create Table'];
    await h.sql('CREATE MATERIALIZED VIEW mv1 AS SELECT k, SUM(v) FROM t GROUP BY k');
    await h.sql('ALTER TABLE t ADD ROLLUP r1 (v, k)');
    expect((await h.sql('SHOW CREATE TABLE t'))[0]!['Create Table']).toBe(ddl);
    expect(await h.sql("SELECT TABLE_NAME FROM information_schema.materialized_views WHERE TABLE_SCHEMA = 'd'")).toEqual([]);
    const e = await h.error('SHOW CREATE MATERIALIZED VIEW mv1');
    expect(e.message).toContain("Unknown table 'd.mv1'");
  });

  it('a shared-nothing (OLAP) table: information_schema and SHOW CREATE MATERIALIZED VIEW see its sync MVs', () => {
    const f = fixture({ runMode: 'shared_nothing' });
    f.run('CREATE DATABASE d1');
    f.run('CREATE TABLE t (k INT, v INT) DUPLICATE KEY(k) DISTRIBUTED BY HASH(k) BUCKETS 2');
    f.run('CREATE MATERIALIZED VIEW mv1 AS SELECT k, SUM(v) FROM t GROUP BY k');
    expect(f.table('t').type).toBe('OLAP');
    const is = materializedViewsTable(f.fe);
    const name = columnNames(is).indexOf('TABLE_NAME');
    expect(is.rows.map((r) => r[name])).toEqual(['mv1']);
    // The information_schema pushdown compares the BASE table's name.
    expect(materializedViewsTable(f.fe, { tableNames: new Set(['mv1']) }).rows).toEqual([]);
    expect(materializedViewsTable(f.fe, { tableNames: new Set(['t']) }).rows).toHaveLength(1);
    expect(showCreateMaterializedView(f.fe, 'd1', 'mv1').rows).toEqual([
      ['mv1', 'CREATE MATERIALIZED VIEW mv1 AS SELECT k, SUM(v) FROM t GROUP BY k'],
    ]);
    expect(showMaterializedViews(f.fe, 'd1').rows).toHaveLength(1);
    expect(errorOf(() => showProc(f.fe, `/dbs/d1/t/index_schema/999`)).message).toContain('Index 999 does not exist');
    const mvId = f.table('t').rollups![0]!.indexId;
    expect(showProc(f.fe, `/dbs/d1/t/index_schema/${mvId}`).rows.map((r) => [r[0], r[5]])).toEqual([
      ['k', ''],
      ['mv_sum_v', 'SUM'],
    ]);
  });

  it('SHOW DATA FROM db.t: one row per index sorted by name, then Total', async () => {
    const { h } = await setup();
    await h.sql("INSERT INTO t VALUES (1, '2024-01-01', 2, 'a'), (1, '2024-01-01', 3, 'b')");
    const rows = await h.sql('SHOW DATA FROM d.t');
    expect(rows.map((r) => [r['TableName'], r['IndexName'], r['ReplicaCount'], r['RowCount']])).toEqual([
      ['t', 'mv1', '2', '1'],
      ['', 'r1', '2', '2'],
      ['', 't', '2', '2'],
      ['', 'Total', '6', ''],
    ]);
  });
});
