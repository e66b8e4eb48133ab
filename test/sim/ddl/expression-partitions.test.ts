// Expression partitioning: RANGE(from_unixtime / from_unixtime_ms / str2date) and automatic date_trunc tables,
// their rules, StarRocks' messages and the partition clause SHOW CREATE TABLE prints.
import { describe, expect, it } from 'vitest';
import { showCreateTable } from '../../../sim/show/create-table.js';
import { showPartitions } from '../../../sim/show/partitions.js';
import { errorOf, fixture } from './helpers.js';

function setup() {
  const f = fixture();
  f.run('CREATE DATABASE d1');
  const ddl = (t: string) => String(showCreateTable(f.fe, 'd1', t).rows[0]![1]);
  return { ...f, ddl };
}

describe('RANGE partitioning over a time function', () => {
  it('from_unixtime over a BIGINT column partitions by DATETIME and prints the bare expression', () => {
    const f = setup();
    f.run(`CREATE TABLE clicks (ts bigint, url varchar(200))
           PARTITION BY RANGE(from_unixtime(ts)) (START ("2025-03-01") END ("2025-03-03") EVERY (INTERVAL 1 DAY))`);
    expect(f.table('clicks').partitions.map((p) => p.name)).toEqual(['p20250301', 'p20250302']);
    expect(f.ddl('clicks')).toContain(
      'PARTITION BY RANGE(from_unixtime(ts))\n' +
        '(PARTITION p20250301 VALUES [("2025-03-01 00:00:00"), ("2025-03-02 00:00:00")),\n' +
        'PARTITION p20250302 VALUES [("2025-03-02 00:00:00"), ("2025-03-03 00:00:00")))\n',
    );
    const rs = showPartitions(f.fe, 'd1', 'clicks', false);
    const range = rs.columns.findIndex((c) => c.name === 'Range');
    expect(rs.rows[0]![range]).toBe('[types: [DATETIME]; keys: [2025-03-01 00:00:00]; ..types: [DATETIME]; keys: [2025-03-02 00:00:00]; )');
  });

  it('from_unixtime_ms works the same way', () => {
    const f = setup();
    f.run(`CREATE TABLE hits (ms bigint, n int) DUPLICATE KEY(ms)
           PARTITION BY RANGE(from_unixtime_ms(ms)) (START ("2025-03-01") END ("2025-03-02") EVERY (INTERVAL 1 DAY))`);
    expect(f.ddl('hits')).toContain(
      'PARTITION BY RANGE(from_unixtime_ms(ms))\n(PARTITION p20250301 VALUES [("2025-03-01 00:00:00"), ("2025-03-02 00:00:00")))\n',
    );
  });

  it('str2date over a VARCHAR column partitions by DATE', () => {
    const f = setup();
    f.run(`CREATE TABLE logs (day_text varchar(20), msg varchar(100))
           PARTITION BY RANGE(str2date(day_text, '%Y-%m-%d')) (START ("2025-03-01") END ("2025-03-03") EVERY (INTERVAL 1 DAY))`);
    expect(f.ddl('logs')).toContain(
      "PARTITION BY RANGE(str2date(day_text, '%Y-%m-%d'))\n" +
        '(PARTITION p20250301 VALUES [("2025-03-01"), ("2025-03-02")),\n' +
        'PARTITION p20250302 VALUES [("2025-03-02"), ("2025-03-03")))\n',
    );
  });

  it('refuses from_unixtime over a column that is not an integer, naming its position', () => {
    const f = setup();
    const e = errorOf(() =>
      f.run(`CREATE TABLE bad (d date, v int)
PARTITION BY RANGE(from_unixtime(d)) (START ("2025-03-01") END ("2025-03-02") EVERY (INTERVAL 1 DAY))`),
    );
    expect(e.message).toBe(
      'Getting analyzing error from line 2, column 19 to line 2, column 34. Detail message: ' +
        'Unsupported partition expression from_unixtime for column d type DATE.',
    );
    const e2 = errorOf(() =>
      f.run(
        `CREATE TABLE bad (s varchar(30), v int) PARTITION BY RANGE(from_unixtime_ms(s)) (START ("2025-03-01") END ("2025-03-02") EVERY (INTERVAL 1 DAY))`,
      ),
    );
    expect(e2.message).toBe(
      'Getting analyzing error from line 1, column 59 to line 1, column 77. Detail message: ' +
        'Unsupported partition expression from_unixtime_ms for column s type VARCHAR(30).',
    );
  });
});

describe('automatic partitioning by a time function', () => {
  it('prints date_trunc with the bare column name', () => {
    const f = setup();
    f.run(`CREATE TABLE ev (ts datetime, v int) PARTITION BY date_trunc('day', ts)`);
    expect(f.ddl('ev')).toContain("\nPARTITION BY date_trunc('day', ts)\nDISTRIBUTED BY RANDOM\n");
  });

  it('refuses granularities StarRocks does not partition by, as a syntax error over the expression', () => {
    const f = setup();
    for (const unit of ['week', 'quarter', 'second']) {
      const sql = `CREATE TABLE w (ts datetime, v int) PARTITION BY date_trunc('${unit}', ts)`;
      const start = sql.indexOf('date_trunc');
      const end = sql.length - 1;
      expect(errorOf(() => f.run(sql)).message).toBe(
        `Getting syntax error from line 1, column ${start} to line 1, column ${end}. Detail message: ` +
          `Unsupported expr 'date_trunc('${unit}', ts)' in PARTITION BY clause.`,
      );
    }
  });

  it('a key-model table must partition by an expression over key columns', () => {
    const f = setup();
    expect(
      errorOf(() => f.run(`CREATE TABLE pk (id int, sec bigint, v int) PRIMARY KEY(id) PARTITION BY from_unixtime(sec, '%Y-%m-%d')`)).message,
    ).toBe('Getting analyzing error. Detail message: The partition expr should base on key column.');
    expect(errorOf(() => f.run(`CREATE TABLE pk2 (id int, dt datetime) PRIMARY KEY(id) PARTITION BY day('dt')`)).message).toBe(
      'Getting analyzing error. Detail message: The partition expr should base on key column.',
    );
  });
});

describe('partitioning by several expressions (generated partition columns)', () => {
  it('adds one hidden generated column per expression that is not a plain column', () => {
    const f = setup();
    f.run(`CREATE TABLE sales (sold date, region varchar(20), sku varchar(30), qty int)
           DUPLICATE KEY(sold, region) PARTITION BY substring(sku, 1, 3), region, date_trunc("month", sold)
           DISTRIBUTED BY HASH(region) BUCKETS 2`);
    const ddl = f.ddl('sales');
    expect(ddl).toContain(
      '  `qty` int(11) NULL COMMENT "",\n' +
        '  `__generated_partition_column_0` varchar(1048576) NULL AS substring(`sku`, 1, 3) COMMENT "",\n' +
        '  `__generated_partition_column_1` date NULL AS date_trunc(\'month\', `sold`) COMMENT ""\n) ENGINE=OLAP ',
    );
    expect(ddl).toContain('\nPARTITION BY (`__generated_partition_column_0`,`region`,`__generated_partition_column_1`)\n');
    expect(f.table('sales').partitionInfo).toMatchObject({ type: 'LIST', automatic: true });
  });

  it('replays the printed form, whose generated columns are not key columns of a PRIMARY KEY table', () => {
    const f = setup();
    f.run(`CREATE TABLE orders (id bigint NOT NULL, city varchar(20) NOT NULL, amount int,
             __generated_partition_column_0 varchar(1048576) NULL AS substring(city, 1, 2))
           PRIMARY KEY(id, city) PARTITION BY (\`__generated_partition_column_0\`) DISTRIBUTED BY HASH(id) BUCKETS 2`);
    expect(f.ddl('orders')).toContain('\nPARTITION BY (`__generated_partition_column_0`)\n');
  });

  it('an AGGREGATE table cannot take a generated partition column', () => {
    const f = setup();
    expect(
      errorOf(() => f.run(`CREATE TABLE agg (k1 int, k2 bigint, v int sum) AGGREGATE KEY(k1, k2) PARTITION BY from_unixtime(k2, '%Y-%m-%d')`))
        .message,
    ).toBe(
      'Getting analyzing error. Detail message: AGG_KEYS table should specify aggregate type for non-key column[__generated_partition_column_0].',
    );
  });
});

describe('a CAST partition expression', () => {
  it('partitions by a generated column of the CAST type', () => {
    const f = setup();
    f.run(`CREATE TABLE o (ts varchar(20) NOT NULL, id bigint NOT NULL) PARTITION BY CAST(substr(ts, 1, 8) AS DATE)`);
    const ddl = f.ddl('o');
    expect(ddl).toContain('  `__generated_partition_column_0` date NULL AS CAST(substr(`ts`, 1, 8) AS DATE) COMMENT ""\n');
    expect(ddl).toContain('\nPARTITION BY (`__generated_partition_column_0`)\n');
  });
});

describe('adding partitions to an automatic LIST table', () => {
  it('takes one value per partition', () => {
    const f = setup();
    f.run('CREATE TABLE auto_l (id bigint, dt varchar(20) NOT NULL) DUPLICATE KEY(id) PARTITION BY (dt) DISTRIBUTED BY HASH(id) BUCKETS 2');
    f.run('ALTER TABLE auto_l ADD PARTITION p1 VALUES IN ("2025-04-01")');
    expect(errorOf(() => f.run('ALTER TABLE auto_l ADD PARTITION p2 VALUES IN ("2025-04-02", "2025-04-03")')).message).toBe(
      'Unexpected exception: Automatically partitioned tables does not support multiple values in the same partition',
    );
  });
});
