import { describe, expect, it } from 'vitest';
import { javaLongHashMapOrder } from '../../../sim/ddl/java.js';
import { errorOf, fixture } from './helpers.js';

const RANGE_TABLE = `CREATE TABLE t (k INT NOT NULL, dt DATE NOT NULL, v INT, s VARCHAR(20))
  DUPLICATE KEY(k) PARTITION BY RANGE(dt) (PARTITION p1 VALUES LESS THAN ("2024-02-01"), PARTITION p2 VALUES LESS THAN ("2024-03-01"))
  DISTRIBUTED BY HASH(k) BUCKETS 2`;

function setup() {
  const f = fixture();
  f.run('CREATE DATABASE d1');
  return f;
}

describe('ALTER TABLE ADD ROLLUP: ids, tablets, versions', () => {
  it('allocates the job id, the index id, then tablets per partition in HashMap order of the partition ids', () => {
    const f = setup();
    // Partition ids 10015 and 10016: HashMap buckets 15 and 0, so p2 (10016) comes first.
    while (f.fe.allocId() < 10014);
    f.run(RANGE_TABLE);
    const t = f.table('t');
    expect(t.partitions.map((p) => [p.name, p.id])).toEqual([
      ['p1', 10015],
      ['p2', 10016],
    ]);
    const next = f.fe.allocId() + 1;
    f.run('ALTER TABLE t ADD ROLLUP r1 (k, v)');
    const r = t.rollups![0]!;
    expect(r.indexId).toBe(next + 1); // `next` is the job id
    const tabletsOf = (name: string) => t.partitions.find((p) => p.name === name)!.physicalPartitions[0]!.indexes[1]!;
    expect(tabletsOf('p2')).toMatchObject({ id: r.indexId, tablets: [{ id: next + 2 }, { id: next + 3 }] });
    expect(tabletsOf('p1')).toMatchObject({ id: r.indexId, tablets: [{ id: next + 4 }, { id: next + 5 }] });
    expect(t.state).toBe('NORMAL');
  });

  it('keeps the base schema version, hashes the rollup schema with version 0, and infers DUP keys', () => {
    const f = setup();
    f.run(RANGE_TABLE);
    f.run('ALTER TABLE t ADD COLUMN extra INT');
    const t = f.table('t');
    expect(t.baseIndex.schemaVersion).toBe(1);
    f.run('ALTER TABLE t ADD ROLLUP r1 (s, k, v), r2 (v, k) DUPLICATE KEY (v)');
    const [r1, r2] = t.rollups!;
    expect(r1).toMatchObject({ name: 'r1', kind: 'rollup', keysType: 'DUP_KEYS', schemaVersion: 1, originStmt: null });
    // A VARCHAR ends the key: only `s` is a key.
    expect(r1!.columns.map((c) => [c.name, c.isKey, c.aggType])).toEqual([
      ['s', true, null],
      ['k', false, null],
      ['v', false, null],
    ]);
    expect(r1!.shortKeyColumnCount).toBe(1);
    expect(r2!.columns.map((c) => [c.name, c.isKey])).toEqual([
      ['v', true],
      ['k', false],
    ]);
    expect(r1!.schemaHash).not.toBe(r2!.schemaHash);
  });

  it('publishes one new version in every physical partition (VisibleVersion + 1, DataVersion unchanged)', () => {
    const f = setup();
    f.run(RANGE_TABLE);
    const pps = f.table('t').partitions.map((p) => p.physicalPartitions[0]!);
    expect(pps.map((p) => [p.visibleVersion, p.nextVersion, p.dataVersion])).toEqual([
      [1, 2, 1],
      [1, 2, 1],
    ]);
    f.run('ALTER TABLE t ADD ROLLUP r1 (k, v)');
    expect(pps.map((p) => [p.visibleVersion, p.nextVersion, p.committedVersion, p.dataVersion, p.committedDataVersion])).toEqual([
      [2, 3, 2, 1, 1],
      [2, 3, 2, 1, 1],
    ]);
  });

  it('new partitions get tablets for every index (HashMap order of the index ids)', () => {
    const f = setup();
    f.run(RANGE_TABLE);
    f.run('ALTER TABLE t ADD ROLLUP r1 (k, v)');
    f.run('ALTER TABLE t ADD PARTITION p3 VALUES LESS THAN ("2024-04-01")');
    const t = f.table('t');
    const pp = t.partitions.find((p) => p.name === 'p3')!.physicalPartitions[0]!;
    expect(pp.indexes.map((i) => i.id)).toEqual([t.baseIndex.indexId, t.rollups![0]!.indexId]);
    const order = javaLongHashMapOrder(pp.indexes.map((i) => i.id));
    const first = pp.indexes.find((i) => i.id === order[0])!;
    const second = pp.indexes.find((i) => i.id === order[1])!;
    expect(first.tablets.map((x) => x.id)).toEqual([pp.id + 1, pp.id + 2]);
    expect(second.tablets.map((x) => x.id)).toEqual([pp.id + 3, pp.id + 4]);
  });

  it('DROP ROLLUP removes the index from the catalog and every partition', () => {
    const f = setup();
    f.run(RANGE_TABLE);
    f.run('ALTER TABLE t ADD ROLLUP r1 (k, v), r2 (k, s)');
    f.run('ALTER TABLE t DROP ROLLUP r1, r2');
    const t = f.table('t');
    expect(t.rollups).toEqual([]);
    expect(t.partitions.every((p) => p.physicalPartitions[0]!.indexes.length === 1)).toBe(true);
  });
});

describe('ALTER TABLE ADD / DROP ROLLUP errors (MaterializedViewHandler)', () => {
  it('answers with StarRocks messages', () => {
    const f = setup();
    f.run(RANGE_TABLE);
    f.run('ALTER TABLE t ADD ROLLUP r1 (k, v)');
    const msg = (sql: string) => errorOf(() => f.run(sql)).message;
    expect(msg('ALTER TABLE t ADD ROLLUP r1 (k)')).toBe('Rollup index[r1] already exists');
    expect(msg('ALTER TABLE t ADD ROLLUP T (k)')).toBe('Rollup name should be different with base table:t');
    expect(msg('ALTER TABLE t ADD ROLLUP r2 (k, nope)')).toBe('Column[nope] does not exist in base index');
    expect(msg('ALTER TABLE t ADD ROLLUP r2 (k) FROM nope')).toBe('Base index[nope] does not exist');
    expect(msg('ALTER TABLE t ADD ROLLUP r2 (k, v) DUPLICATE KEY (v)')).toBe('Duplicate keys should be the prefix of rollup columns');
    expect(msg('ALTER TABLE t ADD ROLLUP r2 (k) DUPLICATE KEY (k, v)')).toBe(
      'Num of duplicate keys should less than or equal to num of rollup columns.',
    );
    expect(msg('ALTER TABLE t DROP ROLLUP nope')).toBe('Materialized view [nope] does not exist in table [t]');
    expect(msg('ALTER TABLE t DROP ROLLUP t')).toBe('Cannot drop base index by using DROP ROLLUP or DROP MATERIALIZED VIEW.');
    expect(msg('ALTER TABLE t DROP COLUMN v')).toBe('Column[v] is used by materialized index [r1]');
    // A failed clause consumes no index: r1 is still the only rollup.
    expect(f.table('t').rollups!.map((r) => r.name)).toEqual(['r1']);
  });

  it('aggregate, unique and primary key tables', () => {
    const f = setup();
    f.run('CREATE TABLE a (k1 INT, k2 INT, v1 BIGINT SUM, v2 INT REPLACE) AGGREGATE KEY(k1, k2) DISTRIBUTED BY HASH(k1) BUCKETS 2');
    f.run('CREATE TABLE u (k1 INT, k2 INT, v1 INT) UNIQUE KEY(k1, k2) DISTRIBUTED BY HASH(k1) BUCKETS 2');
    f.run('CREATE TABLE pk (k1 INT NOT NULL, v1 INT) PRIMARY KEY(k1) DISTRIBUTED BY HASH(k1) BUCKETS 2');
    const msg = (sql: string) => errorOf(() => f.run(sql)).message;
    expect(msg('ALTER TABLE a ADD ROLLUP r (v1, k1)')).toBe('Invalid column order. value should be after key');
    expect(msg('ALTER TABLE a ADD ROLLUP r (v1)')).toBe('No key column is found');
    expect(msg('ALTER TABLE a ADD ROLLUP r (k1, v2)')).toBe('Rollup should contains all keys if there is a REPLACE value');
    expect(msg('ALTER TABLE a ADD ROLLUP r (k1, nope)')).toBe('Column[nope] does not exist');
    expect(msg('ALTER TABLE u ADD ROLLUP r (k1, v1)')).toBe('Rollup should contains all unique keys in basetable');
    expect(msg('ALTER TABLE pk ADD ROLLUP r (k1)')).toBe('Do not support add rollup on primary key table[pk]');
    f.run('ALTER TABLE a ADD ROLLUP r (k1, v1)');
    expect(f.table('a').rollups![0]!.columns.map((c) => [c.name, c.isKey, c.aggType])).toEqual([
      ['k1', true, null],
      ['v1', false, 'SUM'],
    ]);
    expect(f.table('a').rollups![0]!.keysType).toBe('AGG_KEYS');
  });

  it('refuses a table with temporary partitions and a DUP rollup starting with a floating point column', () => {
    const f = setup();
    f.run('CREATE TABLE t (k INT, d DOUBLE) DUPLICATE KEY(k) DISTRIBUTED BY HASH(k) BUCKETS 2');
    expect(errorOf(() => f.run('ALTER TABLE t ADD ROLLUP r (d, k)')).message).toBe('Data type of first column cannot be DOUBLE');
    f.run(RANGE_TABLE.replace('CREATE TABLE t', 'CREATE TABLE t2'));
    f.run('ALTER TABLE t2 ADD TEMPORARY PARTITION tp1 VALUES LESS THAN ("2024-02-01")');
    expect(errorOf(() => f.run('ALTER TABLE t2 ADD ROLLUP r (k)')).message).toBe('Can not alter table when there are temp partitions in table');
  });
});

describe('CREATE MATERIALIZED VIEW (sync): an index of its table', () => {
  it('names aggregate columns mv_<fn>_<col>, widens SUM(INT) to BIGINT and keys the group-by columns', () => {
    const f = setup();
    f.run(RANGE_TABLE);
    f.run('CREATE MATERIALIZED VIEW mv1 AS SELECT k, dt, SUM(v), COUNT(s), MAX(v) FROM t GROUP BY k, dt');
    const t = f.table('t');
    expect(f.db().tables.has('mv1')).toBe(false);
    const mv = t.rollups![0]!;
    expect(mv).toMatchObject({
      name: 'mv1',
      kind: 'mv',
      keysType: 'AGG_KEYS',
      originStmt: 'CREATE MATERIALIZED VIEW mv1 AS SELECT k, dt, SUM(v), COUNT(s), MAX(v) FROM t GROUP BY k, dt',
    });
    expect(mv.columns.map((c) => [c.name, c.type, c.isKey, c.aggType, c.nullable, c.source])).toEqual([
      ['k', 'int(11)', true, null, false, { column: 'k', fn: 'value' }],
      ['dt', 'date', true, null, false, { column: 'dt', fn: 'value' }],
      ['mv_sum_v', 'bigint(20)', false, 'SUM', true, { column: 'v', fn: 'value' }],
      ['mv_count_s', 'bigint(20)', false, 'SUM', false, { column: 's', fn: 'count' }],
      ['mv_max_v', 'int(11)', false, 'MAX', true, { column: 'v', fn: 'value' }],
    ]);
    // A DUP sync MV without aggregation takes the duplicate-key rule.
    f.run('CREATE MATERIALIZED VIEW mv2 AS SELECT v, k, s FROM t ORDER BY v');
    expect(t.rollups![1]!.keysType).toBe('DUP_KEYS');
    expect(t.rollups![1]!.columns.map((c) => [c.name, c.isKey])).toEqual([
      ['v', true],
      ['k', true],
      ['s', true],
    ]);
  });

  it('answers the analyzer and handler errors', () => {
    const f = setup();
    f.run(RANGE_TABLE);
    f.run('CREATE TABLE a (k1 INT, v1 BIGINT SUM) AGGREGATE KEY(k1) DISTRIBUTED BY HASH(k1) BUCKETS 2');
    f.run('CREATE MATERIALIZED VIEW mv1 AS SELECT k, SUM(v) FROM t GROUP BY k');
    const msg = (sql: string) => errorOf(() => f.run(sql)).message;
    const analysis = (m: string) => `Getting analyzing error. Detail message: ${m}.`;
    expect(msg('CREATE MATERIALIZED VIEW x AS SELECT * FROM t')).toBe(
      analysis('The materialized view currently does not support * in select statement'),
    );
    expect(msg('CREATE MATERIALIZED VIEW x AS SELECT SUM(v), k FROM t GROUP BY k')).toBe(
      analysis('Any single column should be before agg column. Column k at wrong location'),
    );
    expect(msg('CREATE MATERIALIZED VIEW x AS SELECT k, SUM(DISTINCT v) FROM t GROUP BY k')).toBe(
      analysis('Materialized view does not support distinct function SUM(DISTINCT v)'),
    );
    expect(msg('CREATE MATERIALIZED VIEW x AS SELECT t.k, a.k1 FROM t JOIN a ON t.k = a.k1')).toBe(
      analysis('The materialized view only support one table in from clause.'),
    );
    expect(msg('CREATE MATERIALIZED VIEW x AS SELECT k, SUM(v) FROM t GROUP BY k HAVING SUM(v) > 1')).toContain('The having clause is not supported');
    expect(msg('CREATE MATERIALIZED VIEW x AS SELECT k, SUM(v) FROM t GROUP BY k LIMIT 1')).toBe(
      analysis('The limit clause is not supported in add materialized view clause, expr: limit 1'),
    );
    expect(msg('CREATE MATERIALIZED VIEW x AS SELECT k, s, SUM(v) FROM t GROUP BY k')).toBe(
      analysis("'s' must be an aggregate expression or appear in GROUP BY clause"),
    );
    expect(msg('CREATE MATERIALIZED VIEW x AS SELECT k1, COUNT(v1) FROM a GROUP BY k1')).toBe(
      analysis('Aggregate type table do not support count function in materialized view'),
    );
    expect(msg('CREATE MATERIALIZED VIEW x AS SELECT k1, v1 FROM a')).toBe(
      'The materialized view of aggregation or unique table must has grouping columns',
    );
    expect(msg('CREATE MATERIALIZED VIEW x AS SELECT k1, MAX(v1) FROM a GROUP BY k1')).toBe(
      'The aggregation type of column[mv_max_v1] must be same as the aggregate type of base column in aggregate table',
    );
    expect(msg('CREATE MATERIALIZED VIEW mv1 AS SELECT k, MIN(v) FROM t GROUP BY k')).toBe('Materialized view[mv1] already exists');
    expect(msg('CREATE MATERIALIZED VIEW mv1 AS SELECT k1, SUM(v1) FROM a GROUP BY k1')).toBe('Materialized view[mv1] already exists');
    expect(msg('CREATE MATERIALIZED VIEW a AS SELECT k, MIN(v) FROM t GROUP BY k')).toBe('Table [a] already exists, ');
    expect(msg('CREATE MATERIALIZED VIEW x AS SELECT k, dt, SUM(v) FROM t GROUP BY k, dt ORDER BY dt, k')).toBe(
      analysis('The order of columns in order by clause must be same as the order of columns in select list'),
    );
    expect(f.table('t').rollups!.map((r) => r.name)).toEqual(['mv1']);
    expect(f.run('CREATE MATERIALIZED VIEW IF NOT EXISTS mv1 AS SELECT k, SUM(v) FROM t GROUP BY k')).toBeNull();
  });

  it('DROP MATERIALIZED VIEW drops the index; unknown names keep their message', () => {
    const f = setup();
    f.run(RANGE_TABLE);
    f.run('CREATE MATERIALIZED VIEW mv1 AS SELECT k, SUM(v) FROM t GROUP BY k');
    f.run('ALTER TABLE t ADD ROLLUP r1 (k, s)');
    f.run('DROP MATERIALIZED VIEW d1.mv1');
    // A rollup is an index too: DROP MATERIALIZED VIEW finds it.
    f.run('DROP MATERIALIZED VIEW r1');
    expect(f.table('t').rollups).toEqual([]);
    expect(errorOf(() => f.run('DROP MATERIALIZED VIEW mv1')).message).toContain('Materialized view mv1 is not found');
    f.run('DROP MATERIALIZED VIEW IF EXISTS mv1');
  });
});
