// End to end through the statement executor and the lake: tables with every column class this area accepts
// (complex types, generated columns, NGRAMBF indexes, CREATE TABLE ... ROLLUP) can be created and loaded.
import { afterEach, describe, expect, it } from 'vitest';
import { harness, type Harness } from './rollup-harness.js';

let h: Harness | undefined;
afterEach(() => h?.cleanup());

async function setup(): Promise<Harness> {
  h = harness();
  await h.sql('CREATE DATABASE d');
  await h.sql('USE d');
  return h;
}

describe('creating and loading tables of the column classes', () => {
  it('a generated column is left out of positional INSERT values', async () => {
    const x = await setup();
    await x.sql('CREATE TABLE g (id BIGINT NOT NULL, v INT, w INT AS v) PRIMARY KEY (id) DISTRIBUTED BY HASH(id) BUCKETS 1');
    await x.sql('INSERT INTO g VALUES (1, 10), (2, 20)');
    expect(await x.sql('SELECT COUNT(*) AS n FROM g')).toEqual([{ n: '2' }]);
  });

  it('scalar types of every family and an NGRAMBF index load rows', async () => {
    const x = await setup();
    await x.sql(`CREATE TABLE s (k INT, a LARGEINT, b DECIMAL(20, 3), c CHAR(4), d VARCHAR(8), e DATETIME, f BOOLEAN, g JSON,
                 h VARBINARY, i STRING, INDEX ng (i) USING NGRAMBF ("gram_num" = "3")) DUPLICATE KEY(k) DISTRIBUTED BY HASH(k) BUCKETS 1`);
    await x.sql(
      `INSERT INTO s VALUES (1, 170141183460469231731687303715884105727, 1.5, 'ab', 'xyz', '2024-01-02 03:04:05', true, '{"a": 1}', 'bin', 'text')`,
    );
    expect(await x.sql('SELECT COUNT(*) AS n FROM s')).toEqual([{ n: '1' }]);
  });

  it('complex types (nested too) load array and map literals', async () => {
    const x = await setup();
    await x.sql(
      'CREATE TABLE c (k INT, arr ARRAY<INT>, nested ARRAY<ARRAY<BIGINT>>, m MAP<INT, VARCHAR(10)>, st STRUCT<a INT, b VARCHAR(5)>) DUPLICATE KEY(k) DISTRIBUTED BY HASH(k) BUCKETS 1',
    );
    await x.sql("INSERT INTO c VALUES (1, [1, 2], [[1], []], map{1: 'a'}, NULL), (2, NULL, NULL, NULL, NULL)");
    expect(await x.sql('SELECT COUNT(*) AS n FROM c')).toEqual([{ n: '2' }]);
    const ddl = (await x.sql('SHOW CREATE TABLE c'))[0]!['Create Table']!;
    expect(ddl).toContain(
      '  `nested` array<array<bigint(20)>> NULL COMMENT "",\n  `m` map<int(11),varchar(10)> NULL COMMENT "",\n  `st` struct<a int(11), b varchar(5)> NULL COMMENT ""\n',
    );
  });

  it('CREATE TABLE ... ROLLUP builds the rollups with the table; a bad rollup leaves no table', async () => {
    const x = await setup();
    await x.sql(
      'CREATE TABLE r (k1 INT, k2 INT, v BIGINT SUM) AGGREGATE KEY(k1, k2) DISTRIBUTED BY HASH(k1) BUCKETS 2 ROLLUP (r1 (k2, v), r2 (k1, v))',
    );
    const t = x.fe.getOlapTable('d', 'r');
    expect((t.rollups ?? []).map((r) => [r.name, r.columns.map((c) => c.name)])).toEqual([
      ['r1', ['k2', 'v']],
      ['r2', ['k1', 'v']],
    ]);
    await x.sql('INSERT INTO r VALUES (1, 2, 3)');
    expect(await x.sql('SELECT COUNT(*) AS n FROM r')).toEqual([{ n: '1' }]);
    const e = await x.error('CREATE TABLE r2 (k1 INT, v BIGINT SUM) AGGREGATE KEY(k1) DISTRIBUTED BY HASH(k1) ROLLUP (x1 (k1, nope))');
    expect(e.code).toBe(1064);
    expect(x.fe.getDb('d').tables.has('r2')).toBe(false);
  });
});
