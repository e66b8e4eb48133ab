// Dynamic partitioning: the properties StarRocks fills in and requires, and SHOW CREATE TABLE's partition clause.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { showCreateTable } from '../../../sim/show/create-table.js';
import { errorOf, fixture } from './helpers.js';

function setup() {
  const f = fixture();
  f.run('CREATE DATABASE d1');
  const ddl = (t: string) => String(showCreateTable(f.fe, 'd1', t).rows[0]![1]);
  return { ...f, ddl };
}

const zone = Intl.DateTimeFormat().resolvedOptions().timeZone ?? 'UTC';

describe('dynamic partitioning', () => {
  it('fills enable, prefix, start and time_zone, and prints no partition list', () => {
    const f = setup();
    f.run(`CREATE TABLE m (dt date, v int) DUPLICATE KEY(dt) PARTITION BY RANGE(dt) ()
           DISTRIBUTED BY HASH(v) BUCKETS 2
           PROPERTIES ("dynamic_partition.time_unit" = "DAY", "dynamic_partition.end" = "3", "dynamic_partition.buckets" = "2")`);
    const ddl = f.ddl('m');
    expect(ddl).toContain('\nPARTITION BY RANGE(`dt`)()\nDISTRIBUTED BY HASH(`v`) BUCKETS 2 \n');
    expect(ddl).toContain(
      '"dynamic_partition.buckets" = "2",\n"dynamic_partition.enable" = "true",\n"dynamic_partition.end" = "3",\n' +
        '"dynamic_partition.prefix" = "p",\n"dynamic_partition.start" = "-2147483648",\n"dynamic_partition.time_unit" = "DAY",\n' +
        `"dynamic_partition.time_zone" = "${zone}",\n`,
    );
  });

  it('lists the partitions when dynamic partitioning is disabled', () => {
    const f = setup();
    f.run(`CREATE TABLE off (dt date, v int) DUPLICATE KEY(dt)
           PARTITION BY RANGE(dt) (PARTITION p1 VALUES LESS THAN ("2025-01-01"))
           DISTRIBUTED BY HASH(v) BUCKETS 2
           PROPERTIES ("dynamic_partition.enable" = "false", "dynamic_partition.time_unit" = "DAY", "dynamic_partition.end" = "3")`);
    expect(f.ddl('off')).toContain('\nPARTITION BY RANGE(`dt`)\n(PARTITION p1 VALUES [("0000-01-01"), ("2025-01-01")))\n');
  });

  it('requires time_unit and end', () => {
    const f = setup();
    const base = 'CREATE TABLE x (dt date, v int) DUPLICATE KEY(dt) PARTITION BY RANGE(dt) () DISTRIBUTED BY HASH(v) BUCKETS 2';
    expect(errorOf(() => f.run(`${base} PROPERTIES ("dynamic_partition.end" = "3")`)).message).toBe(
      'Must assign dynamic_partition.time_unit properties',
    );
    expect(errorOf(() => f.run(`${base} PROPERTIES ("dynamic_partition.time_unit" = "DAY")`)).message).toBe(
      'Must assign dynamic_partition.end properties',
    );
  });
});

describe('dynamic partitions created with the table', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('creates the partitions from today to end (DynamicPartitionScheduler.executeDynamicPartitionFirstTime)', () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2025-06-10T22:30:00Z'));
    const f = setup();
    f.run(`CREATE TABLE d (dt date, v int) DUPLICATE KEY(dt) PARTITION BY RANGE(dt) () DISTRIBUTED BY HASH(v) BUCKETS 2
           PROPERTIES ("dynamic_partition.time_unit" = "DAY", "dynamic_partition.start" = "-3", "dynamic_partition.end" = "2",
                       "dynamic_partition.time_zone" = "UTC")`);
    expect(f.table('d').partitions.map((p) => [p.name, p.bound])).toEqual([
      ['p20250610', { kind: 'range', lower: ['2025-06-10'], upper: ['2025-06-11'] }],
      ['p20250611', { kind: 'range', lower: ['2025-06-11'], upper: ['2025-06-12'] }],
      ['p20250612', { kind: 'range', lower: ['2025-06-12'], upper: ['2025-06-13'] }],
    ]);
    // The time zone decides which day "today" is.
    f.run(`CREATE TABLE m (ts datetime, v int) DUPLICATE KEY(ts) PARTITION BY RANGE(ts) () DISTRIBUTED BY HASH(v) BUCKETS 2
           PROPERTIES ("dynamic_partition.time_unit" = "MONTH", "dynamic_partition.end" = "1", "dynamic_partition.prefix" = "m",
                       "dynamic_partition.time_zone" = "Asia/Shanghai")`);
    expect(f.table('m').partitions.map((p) => [p.name, p.bound])).toEqual([
      ['m202506', { kind: 'range', lower: ['2025-06-01 00:00:00'], upper: ['2025-07-01 00:00:00'] }],
      ['m202507', { kind: 'range', lower: ['2025-07-01 00:00:00'], upper: ['2025-08-01 00:00:00'] }],
    ]);
  });

  it('leaves out the dynamic ranges that overlap partitions given in CREATE TABLE', () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2025-06-10T10:00:00Z'));
    const f = setup();
    f.run(`CREATE TABLE d (dt date, v int) DUPLICATE KEY(dt)
           PARTITION BY RANGE(dt) (PARTITION old VALUES [("2025-06-01"), ("2025-06-11")))
           DISTRIBUTED BY HASH(v) BUCKETS 2
           PROPERTIES ("dynamic_partition.time_unit" = "DAY", "dynamic_partition.end" = "1", "dynamic_partition.time_zone" = "UTC")`);
    expect(f.table('d').partitions.map((p) => p.name)).toEqual(['old', 'p20250611']);
  });
});
