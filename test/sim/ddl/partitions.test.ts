import { describe, expect, it } from 'vitest';
import { createAutomaticPartition, SHADOW_PARTITION_NAME } from '../../../sim/ddl/index.js';
import { errorOf, fixture } from './helpers.js';

const setup = () => {
  const f = fixture();
  f.run('CREATE DATABASE d1');
  return f;
};
const bounds = (f: ReturnType<typeof fixture>, t: string) =>
  f
    .table(t)
    .partitions.map((p) => [p.name, p.bound.kind === 'range' ? [p.bound.lower, p.bound.upper] : p.bound.kind === 'list' ? p.bound.values : null]);

describe('RANGE partitions', () => {
  it('LESS THAN partitions start at the previous upper bound; MAXVALUE is null', () => {
    const f = setup();
    f.run(`CREATE TABLE t (k int, v int) PARTITION BY RANGE(k) (
             PARTITION p1 VALUES LESS THAN ("10"), PARTITION p2 VALUES LESS THAN ("20"), PARTITION p3 VALUES LESS THAN MAXVALUE)
           DISTRIBUTED BY HASH(k) BUCKETS 1`);
    expect(f.table('t').partitionInfo).toEqual({ type: 'RANGE', columns: ['k'], exprText: null, automatic: false });
    expect(bounds(f, 't')).toEqual([
      ['p1', [['-2147483648'], ['10']]],
      ['p2', [['10'], ['20']]],
      ['p3', [['20'], [null]]],
    ]);
  });

  it('fixed ranges, normalized dates, and the overlap error', () => {
    const f = setup();
    f.run(`CREATE TABLE t (d datetime, v int) PARTITION BY RANGE(d) (
             PARTITION a VALUES [("2024-01-01"), ("2024-02-01")), PARTITION b VALUES [("20240201"), ("2024-03-01 00:00:00")))
           DISTRIBUTED BY HASH(v) BUCKETS 1`);
    expect(bounds(f, 't')).toEqual([
      ['a', [['2024-01-01 00:00:00'], ['2024-02-01 00:00:00']]],
      ['b', [['2024-02-01 00:00:00'], ['2024-03-01 00:00:00']]],
    ]);
    const e = errorOf(() =>
      f.run(`CREATE TABLE x (d date, v int) PARTITION BY RANGE(d) (
               PARTITION a VALUES [("2024-01-01"), ("2024-02-01")), PARTITION b VALUES [("2024-01-15"), ("2024-03-01")))
             DISTRIBUTED BY HASH(v) BUCKETS 1`),
    );
    expect(e.message).toBe(
      'Range [types: [DATE]; keys: [2024-01-15]; ..types: [DATE]; keys: [2024-03-01]; ) is intersected with range: [types: [DATE]; keys: [2024-01-01]; ..types: [DATE]; keys: [2024-02-01]; )',
    );
    const e2 = errorOf(() =>
      f.run(
        `CREATE TABLE x (k int, v int) PARTITION BY RANGE(k) (PARTITION p1 VALUES LESS THAN ("10"), PARTITION P1 VALUES LESS THAN ("20")) DISTRIBUTED BY HASH(k) BUCKETS 1`,
      ),
    );
    expect(e2.message).toBe('Getting analyzing error. Detail message: Duplicated partition name: P1.');
    // LESS THAN written out of order: the second range would start at MIN and overlap the first
    expect(() =>
      f.run(
        `CREATE TABLE x (k int, v int) PARTITION BY RANGE(k) (PARTITION p2 VALUES LESS THAN ("20"), PARTITION p1 VALUES LESS THAN ("10")) DISTRIBUTED BY HASH(k) BUCKETS 1`,
      ),
    ).toThrow(
      'Range [types: [INT]; keys: [-2147483648]; ..types: [INT]; keys: [10]; ) is intersected with range: [types: [INT]; keys: [-2147483648]; ..types: [INT]; keys: [20]; )',
    );
    const e3 = errorOf(() => f.run(`CREATE TABLE x (s varchar(10), v int) PARTITION BY RANGE(s) () DISTRIBUTED BY HASH(v) BUCKETS 1`));
    expect(e3.message).toBe('Getting analyzing error. Detail message: Column[s] type[VARCHAR(10)] cannot be a range partition key..');
  });

  it('START/END/EVERY generates StarRocks names for day, week, month, year and numbers', () => {
    const f = setup();
    f.run(
      `CREATE TABLE day (d date, v int) PARTITION BY RANGE(d) (START ("2024-02-27") END ("2024-03-02") EVERY (INTERVAL 1 DAY)) DISTRIBUTED BY HASH(v) BUCKETS 1`,
    );
    expect(f.table('day').partitions.map((p) => p.name)).toEqual(['p20240227', 'p20240228', 'p20240229', 'p20240301']);
    f.run(
      `CREATE TABLE wk (d date, v int) PARTITION BY RANGE(d) (START ("2021-01-01") END ("2021-01-12") EVERY (INTERVAL 1 WEEK)) DISTRIBUTED BY HASH(v) BUCKETS 1`,
    );
    // java.util.Calendar week numbering as MultiRangePartitionDesc uses it (checked against a JDK)
    expect(bounds(f, 'wk')).toEqual([
      ['p2020_53', [['2021-01-01'], ['2021-01-04']]],
      ['p2021_02', [['2021-01-04'], ['2021-01-11']]],
      ['p2021_03', [['2021-01-11'], ['2021-01-12']]],
    ]);
    f.run(
      `CREATE TABLE mo (d datetime, v int) PARTITION BY RANGE(d) (START ("2024-01-15") END ("2024-03-01") EVERY (INTERVAL 1 MONTH)) DISTRIBUTED BY HASH(v) BUCKETS 1`,
    );
    expect(bounds(f, 'mo')).toEqual([
      ['p202401', [['2024-01-15 00:00:00'], ['2024-02-01 00:00:00']]],
      ['p202402', [['2024-02-01 00:00:00'], ['2024-03-01 00:00:00']]],
    ]);
    f.run(
      `CREATE TABLE yr (d date, v int) PARTITION BY RANGE(d) (START ("2022-01-01") END ("2024-01-01") EVERY (INTERVAL 1 YEAR)) DISTRIBUTED BY HASH(v) BUCKETS 1`,
    );
    expect(f.table('yr').partitions.map((p) => p.name)).toEqual(['p2022', 'p2023']);
    f.run(`CREATE TABLE num (k bigint, v int) PARTITION BY RANGE(k) (START ("1") END ("10") EVERY (4)) DISTRIBUTED BY HASH(v) BUCKETS 1`);
    expect(bounds(f, 'num')).toEqual([
      ['p1', [['1'], ['5']]],
      ['p5', [['5'], ['9']]],
      ['p9', [['9'], ['13']]],
    ]);
    f.run(
      `CREATE TABLE big (d date, v int) PARTITION BY RANGE(d) (START ("2010-01-01") END ("2021-03-20") EVERY (INTERVAL 1 DAY)) DISTRIBUTED BY HASH(v) BUCKETS 1`,
    );
    expect(f.table('big').partitions).toHaveLength(4096);
    expect(
      errorOf(() =>
        f.run(
          `CREATE TABLE x (d date, v int) PARTITION BY RANGE(d) (START ("2010-01-01") END ("2021-03-21") EVERY (INTERVAL 1 DAY)) DISTRIBUTED BY HASH(v) BUCKETS 1`,
        ),
      ).message,
    ).toBe('Getting analyzing error. Detail message: The number of batch partitions should not exceed:4096.');
    const e = errorOf(() =>
      f.run(
        `CREATE TABLE x (d date, v int) PARTITION BY RANGE(d) (START ("2024-01-02") END ("2024-01-01") EVERY (INTERVAL 1 DAY)) DISTRIBUTED BY HASH(v) BUCKETS 1`,
      ),
    );
    expect(e.message).toBe('Getting analyzing error. Detail message: Batch build partition start date should less than end date..');
  });
});

describe('LIST partitions', () => {
  it('keeps values per partition and rejects duplicates', () => {
    const f = setup();
    f.run(`CREATE TABLE t (city varchar(20), id int) DUPLICATE KEY(city) PARTITION BY LIST(city) (
             PARTITION p_bj VALUES IN ("Beijing", "Tianjin"), PARTITION p_sh VALUES IN ("Shanghai"))
           DISTRIBUTED BY HASH(id) BUCKETS 1`);
    expect(f.table('t').partitionInfo.type).toBe('LIST');
    expect(bounds(f, 't')).toEqual([
      ['p_bj', [['Beijing'], ['Tianjin']]],
      ['p_sh', [['Shanghai']]],
    ]);
    expect(() =>
      f.run(`CREATE TABLE x (city varchar(20), id int) DUPLICATE KEY(city) PARTITION BY LIST(city) (
               PARTITION a VALUES IN ("x"), PARTITION b VALUES IN ("x")) DISTRIBUTED BY HASH(id) BUCKETS 1`),
    ).toThrow(/Duplicated value x/);
  });
});

describe('expression (automatic) partitioning', () => {
  it('date_trunc creates only the hidden shadow partition; loads create p<yyyyMMdd> partitions', () => {
    const f = setup();
    f.run(`CREATE TABLE t (dt datetime, v int) DUPLICATE KEY(dt) PARTITION BY date_trunc('day', dt) DISTRIBUTED BY HASH(v) BUCKETS 2`);
    const t = f.table('t');
    expect(t.partitionInfo).toEqual({ type: 'EXPR_RANGE', columns: ['dt'], exprText: "date_trunc('day', dt)", automatic: true });
    expect(t.partitions.map((p) => p.name)).toEqual([SHADOW_PARTITION_NAME]);
    expect(t.partitions[0]!.id).toBeLessThan(t.id);
    const p = createAutomaticPartition(f.fe, f.db(), t, ['2024-03-05 17:20:00']);
    expect([p.name, p.bound, p.buckets]).toEqual(['p20240305', { kind: 'range', lower: ['2024-03-05 00:00:00'], upper: ['2024-03-06 00:00:00'] }, 2]);
    expect(createAutomaticPartition(f.fe, f.db(), t, ['2024-03-05 01:00:00'])).toBe(p);
    expect(p.physicalPartitions[0]!.id).toBe(p.id + 1);
    expect(f.created.at(-1)!.pp).toBe(p.physicalPartitions[0]);
    expect(errorOf(() => f.run('ALTER TABLE t DROP PARTITION `$shadow_automatic_partition`')).message).toBe(
      'Deletion of shadow partitions is not allowed',
    );
  });

  it('month, hour and time_slice granularities', () => {
    const f = setup();
    f.run(`CREATE TABLE m (dt date, v int) PARTITION BY date_trunc('month', dt) DISTRIBUTED BY HASH(v) BUCKETS 1`);
    expect(createAutomaticPartition(f.fe, f.db(), f.table('m'), ['2024-02-29']).name).toBe('p202402');
    f.run(`CREATE TABLE h (dt datetime, v int) PARTITION BY date_trunc('hour', dt) DISTRIBUTED BY HASH(v) BUCKETS 1`);
    expect(createAutomaticPartition(f.fe, f.db(), f.table('h'), ['2024-02-29 13:45:00']).name).toBe('p2024022913');
    f.run(`CREATE TABLE s (dt datetime, v int) PARTITION BY time_slice(dt, INTERVAL 7 day) DISTRIBUTED BY HASH(v) BUCKETS 1`);
    const s = createAutomaticPartition(f.fe, f.db(), f.table('s'), ['2024-01-10 00:00:00']);
    expect(s.bound).toEqual({ kind: 'range', lower: ['2024-01-08 00:00:00'], upper: ['2024-01-15 00:00:00'] });
    expect(() => f.run(`CREATE TABLE w (dt date, v int) PARTITION BY date_trunc('hour', dt) DISTRIBUTED BY HASH(v) BUCKETS 1`)).toThrow(/DATE/);
  });

  it('PARTITION BY columns creates automatic LIST partitions named p<value>', () => {
    const f = setup();
    f.run(`CREATE TABLE t (city varchar(20), d date, v int) DUPLICATE KEY(city, d) PARTITION BY (city, d) DISTRIBUTED BY HASH(v)`);
    const t = f.table('t');
    expect(t.partitionInfo).toEqual({ type: 'LIST', columns: ['city', 'd'], exprText: null, automatic: true });
    expect(t.partitions.map((p) => p.name)).toEqual([SHADOW_PARTITION_NAME]);
    expect(createAutomaticPartition(f.fe, f.db(), t, ['Bei jing', '2024-01-02']).name).toBe('pBeijing_20240102');
    expect(createAutomaticPartition(f.fe, f.db(), t, ['a_b', '2024-01-02']).name).toBe('pa5fb_20240102');
    // case-insensitive clash with different values → name + _<hashCode hex>
    f.run(`CREATE TABLE c (city varchar(20), v int) DUPLICATE KEY(city) PARTITION BY city DISTRIBUTED BY HASH(v)`);
    const c = f.table('c');
    expect(createAutomaticPartition(f.fe, f.db(), c, ['ab']).name).toBe('pab');
    const clash = createAutomaticPartition(f.fe, f.db(), c, ['AB']);
    expect(clash.name).toBe('pAB_1ac91'); // "pAB".hashCode() in hex (JDK)
    expect(createAutomaticPartition(f.fe, f.db(), c, ['AB'])).toBe(clash);
    // long names are cut at 50 characters + _<hashCode hex> (value checked against a JDK)
    const long = createAutomaticPartition(f.fe, f.db(), c, ['abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyz_x']);
    expect(long.name).toBe('pabcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvw_182ee9fd');
  });
});

describe('ALTER TABLE ADD / DROP PARTITION', () => {
  const rangeTable = (f: ReturnType<typeof fixture>) =>
    f.run(`CREATE TABLE t (d date, v int) PARTITION BY RANGE(d) (PARTITION p1 VALUES LESS THAN ("2024-02-01")) DISTRIBUTED BY HASH(v) BUCKETS 2`);

  it('adds partitions with fresh ids after the existing ones', () => {
    const f = setup();
    rangeTable(f);
    const before = f.fe.allocId();
    f.run('ALTER TABLE t ADD PARTITION p2 VALUES LESS THAN ("2024-03-01")');
    const p2 = f.table('t').partitions.find((p) => p.name === 'p2')!;
    expect(p2.bound).toEqual({ kind: 'range', lower: ['2024-02-01'], upper: ['2024-03-01'] });
    expect([p2.id, p2.physicalPartitions[0]!.id, p2.physicalPartitions[0]!.indexes[0]!.tablets.map((x) => x.id)]).toEqual([
      before + 1,
      before + 2,
      [before + 3, before + 4],
    ]);
    f.run('ALTER TABLE t ADD PARTITIONS START ("2024-03-01") END ("2024-03-03") EVERY (INTERVAL 1 DAY)');
    f.run('ALTER TABLE t ADD PARTITION p9 VALUES [("2025-01-01"), ("2025-02-01")) DISTRIBUTED BY HASH(v) BUCKETS 5');
    expect(f.table('t').partitions.map((p) => [p.name, p.buckets])).toEqual([
      ['p1', 2],
      ['p2', 2],
      ['p20240301', 2],
      ['p20240302', 2],
      ['p9', 5],
    ]);
    f.run('ALTER TABLE t ADD TEMPORARY PARTITION tp1 VALUES [("2024-01-01"), ("2024-01-15"))');
    expect(f.table('t').partitions.at(-1)).toMatchObject({ name: 'tp1', isTemp: true });
  });

  it('rejects duplicates and overlaps; IF NOT EXISTS is a no-op', () => {
    const f = setup();
    rangeTable(f);
    const e = errorOf(() => f.run('ALTER TABLE t ADD PARTITION p1 VALUES LESS THAN ("2024-05-01")'));
    expect([e.code, e.message]).toEqual([1517, 'Duplicate partition name p1']);
    f.run('ALTER TABLE t ADD PARTITION IF NOT EXISTS p1 VALUES LESS THAN ("2024-05-01")');
    expect(() => f.run('ALTER TABLE t ADD PARTITION px VALUES [("2024-01-10"), ("2024-01-20"))')).toThrow(/is intersected with range/);
    expect(f.table('t').partitions).toHaveLength(1);
  });

  it('drops partitions (the last one too) and reports their data', () => {
    const f = setup();
    rangeTable(f);
    f.run('ALTER TABLE t ADD PARTITION p2 VALUES LESS THAN ("2024-03-01")');
    f.run('ALTER TABLE t DROP PARTITION p2 FORCE');
    f.run('ALTER TABLE t DROP PARTITION p1');
    expect(f.table('t').partitions).toEqual([]);
    expect(f.dropped.map((d) => [d.table, d.force])).toEqual([
      ['t', true],
      ['t', false],
    ]);
    const e = errorOf(() => f.run('ALTER TABLE t DROP PARTITION p3'));
    expect([e.code, e.message]).toEqual([1507, 'Error in list of partitions to p3']);
    f.run('ALTER TABLE t DROP PARTITION IF EXISTS p3');
  });

  it('refuses partition DDL on an unpartitioned table', () => {
    const f = setup();
    f.run('CREATE TABLE u (k int) DISTRIBUTED BY HASH(k) BUCKETS 1');
    expect(errorOf(() => f.run('ALTER TABLE u DROP PARTITION u')).message).toBe('Table[u] is not partitioned');
    expect(errorOf(() => f.run('ALTER TABLE u ADD PARTITION p VALUES LESS THAN ("1")')).message).toBe('Table[u] is not partitioned');
  });

  it('list tables take list partitions', () => {
    const f = setup();
    f.run(`CREATE TABLE l (c varchar(5), v int) PARTITION BY LIST(c) (PARTITION a VALUES IN ("a")) DISTRIBUTED BY HASH(v) BUCKETS 1`);
    f.run('ALTER TABLE l ADD PARTITION b VALUES IN ("b", "c")');
    expect(bounds(f, 'l')).toEqual([
      ['a', [['a']]],
      ['b', [['b'], ['c']]],
    ]);
    expect(() => f.run('ALTER TABLE l ADD PARTITION x VALUES IN ("a")')).toThrow(/Duplicate values/);
  });
});
