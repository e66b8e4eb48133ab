// CREATE TABLE ... AS SELECT and INSERT INTO t SELECT ... FROM t2 [WHERE ...] through the statement executor
// (CTASAnalyzer: column names/types/nullability from the query, DUP/PRIMARY only, default HASH(first column)).
import { afterEach, describe, expect, it } from 'vitest';
import { harness, type Harness } from './rollup-harness.js';

let h: Harness;
afterEach(() => h?.cleanup());

async function setup(): Promise<Harness> {
  h = harness();
  await h.sql('CREATE DATABASE d');
  await h.sql('USE d');
  await h.sql(`CREATE TABLE src (k1 DATE, k2 DATETIME, k3 CHAR(20), k4 VARCHAR(20) NOT NULL, f FLOAT, d DOUBLE, m DECIMAL(27, 9), s STRING)
               DUPLICATE KEY(k1) DISTRIBUTED BY HASH(k1) BUCKETS 2`);
  await h.sql(`INSERT INTO src VALUES ('2024-01-01', '2024-01-01 10:00:00', 'a', 'x', 1.5, 2.5, 3.25, 's1'),
               ('2024-02-01', '2024-02-01 10:00:00', 'b', 'y', NULL, NULL, NULL, NULL), ('2024-03-01', NULL, 'c', 'z', 0, 0, 0, 's3')`);
  return h;
}

const ddlOf = async (t: string) => (await h.sql(`SHOW CREATE TABLE ${t}`))[0]!['Create Table']!;
const count = async (t: string) => (await h.sql(`SELECT COUNT(*) FROM ${t}`))[0]!['COUNT(*)'];

describe('CREATE TABLE ... AS SELECT', () => {
  it('types, nullability and keys come from the query; CHAR becomes VARCHAR, FLOAT/DOUBLE DECIMAL(38, 9)', async () => {
    await setup();
    await h.sql('CREATE TABLE c1 PRIMARY KEY(k4) DISTRIBUTED BY HASH(k4) BUCKETS 3 AS SELECT k4, k1, k3, f, d, m, s FROM src');
    const text = await ddlOf('c1');
    expect(text).toContain('  `k4` varchar(20) NOT NULL COMMENT ""');
    expect(text).toContain('  `k1` date NULL COMMENT ""');
    expect(text).toContain('  `k3` varchar(20) NULL COMMENT ""');
    expect(text).toContain('  `f` decimal(38, 9) NULL COMMENT ""');
    expect(text).toContain('  `d` decimal(38, 9) NULL COMMENT ""');
    expect(text).toContain('  `m` decimal(27, 9) NULL COMMENT ""');
    expect(text).toContain('  `s` varchar(65533) NULL COMMENT ""');
    expect(text).toContain('PRIMARY KEY(`k4`)');
    expect(await count('c1')).toBe('3');
  });

  it('column list, WHERE, default HASH(first column) distribution, ORDER BY sort key', async () => {
    await setup();
    await h.sql("CREATE TABLE c2 (a, b) ORDER BY (b) AS SELECT k4, k1 FROM src WHERE k1 >= '2024-02-01'");
    const text = await ddlOf('c2');
    expect(text).toContain('  `a` varchar(20) NOT NULL COMMENT ""');
    expect(text).toContain('DISTRIBUTED BY HASH(`a`)');
    expect(text).toContain('ORDER BY(`b`)');
    expect(await count('c2')).toBe('2');
    await h.sql('CREATE TABLE c3 AS SELECT * FROM src LIMIT 1');
    expect(await count('c3')).toBe('1');
  });

  it('refuses what CTASAnalyzer refuses and what the simulator cannot evaluate, creating nothing', async () => {
    await setup();
    expect((await h.error('CREATE TABLE x (a) AS SELECT k1, k2 FROM src')).message).toBe(
      "Getting analyzing error. Detail message: Number of select columns [1] don't equal query statement's columns [2].",
    );
    expect((await h.error('CREATE TABLE x AGGREGATE KEY(k4) AS SELECT k4 FROM src')).message).toBe(
      'Getting analyzing error. Detail message: CTAS does not support AGG_KEYS table.',
    );
    expect((await h.error('CREATE TABLE x AS SELECT upper(k4) FROM src')).message).toMatch(/not supported by the simulator/);
    expect((await h.error('CREATE TABLE x AS SELECT count(*) FROM src')).message).toMatch(/not supported by the simulator/);
    expect((await h.error('CREATE TABLE x AS SELECT nope FROM src')).code).toBe(1054);
    expect(await h.sql("SHOW TABLES LIKE 'x'")).toEqual([]);
  });

  it('a failed load drops the new table again', async () => {
    await setup();
    // A RANGE table with no partition for 2024-03-01: the load is filtered (strict mode) and the table dropped.
    const e = await h.error(`CREATE TABLE bad PARTITION BY RANGE(k1) (PARTITION p1 VALUES LESS THAN ("2024-02-15"))
                             DISTRIBUTED BY HASH(k1) AS SELECT k1, k4 FROM src`);
    expect(e.message).toMatch(/filtered|partition/i);
    expect(await h.sql("SHOW TABLES LIKE 'bad'")).toEqual([]);
  });
});

describe('INSERT INTO t SELECT', () => {
  it('copies the rows a WHERE selects, positionally or by column list', async () => {
    await setup();
    await h.sql('CREATE TABLE dst (k4 VARCHAR(20) NOT NULL, k1 DATE, n INT) DUPLICATE KEY(k4) DISTRIBUTED BY HASH(k4) BUCKETS 1');
    await h.sql("INSERT INTO dst SELECT k4, k1, 1 FROM src WHERE k3 = 'a' OR k3 = 'c'");
    expect(await count('dst')).toBe('2');
    await h.sql('INSERT INTO dst (k4, k1) SELECT k4, k1 FROM src WHERE f IS NULL');
    expect(await count('dst')).toBe('3');
    await h.sql("INSERT INTO dst SELECT k4, k1, 2 FROM src WHERE k4 = 'nothing'");
    expect(await count('dst')).toBe('3');
    await h.sql("INSERT INTO dst SELECT 'lit', '2024-05-05', 7");
    expect(await count('dst')).toBe('4');
    expect((await h.error('INSERT INTO dst SELECT k4 FROM src')).message).toMatch(/Column count doesn't match value count/);
  });
});
