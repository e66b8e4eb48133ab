// Issue 6 item 1: `PARTITION BY date_trunc('day', ts)` with the default (RANDOM) distribution. StarRocks reports
// tables_config DISTRIBUTE_TYPE = HASH for it; srsync must never render `HASH()`, and partitions of automatic
// (EXPR_RANGE) tables are added the one way StarRocks accepts: ADD PARTITIONS START/END/EVERY INTERVAL 1 <unit>.
import { describe, expect, it } from 'vitest';
import { plannerConfig } from '../../../src/planner/config.js';
import { plan } from '../../../src/planner/plan.js';
import { autoRangeBatch } from '../../../src/planner/auto-partition.js';
import { distributionFromCreateSql } from '../../../src/planner/distribution.js';
import type { TableInfo } from '../../../src/model/snapshot.js';
import { TARGET_VOLUMES, cluster, col, database, part, table, targetOf } from './fixtures.js';

function run(s: TableInfo, t: TableInfo) {
  return plan(
    cluster([database('logs', { tables: [s] })]),
    cluster([database('logs', { tables: [t] })], { volumes: TARGET_VOLUMES }),
    plannerConfig(),
  );
}

const clicksCols = [col('ts', 'datetime'), col('uid', 'bigint(20)'), col('url', 'varchar(65533)')];
/** What the inspector used to make of logs.clicks: tables_config says HASH, DISTRIBUTE_KEY is empty, automatic buckets. */
const clicks = (o: Partial<Parameters<typeof table>[1]> = {}) =>
  table('clicks', {
    columns: clicksCols,
    partitionType: 'EXPR_RANGE',
    partitionColumns: ['ts'],
    distribution: { type: 'HASH', columns: [], buckets: 0 },
    partitions: [part('p20240101', { lower: '2024-01-01 00:00:00', upper: '2024-01-02 00:00:00', buckets: 6 })],
    withCreateSql: false,
    ...o,
  });

describe('logs.clicks: automatic daily partitions, RANDOM by default', () => {
  it('never renders HASH(): with the SHOW CREATE TABLE text, the partition is added as DISTRIBUTED BY RANDOM', () => {
    const createSql =
      'CREATE TABLE `clicks` (\n  `ts` datetime NULL COMMENT "",\n  `uid` bigint(20) NULL COMMENT "",\n  `url` varchar(65533) NULL COMMENT ""\n) ENGINE=OLAP \n' +
      'DUPLICATE KEY(`ts`, `uid`, `url`)\nCOMMENT "OLAP"\nPARTITION BY date_trunc(\'day\', `ts`)\nDISTRIBUTED BY RANDOM\nPROPERTIES (\n"compression" = "LZ4"\n);';
    const s = clicks({ createSql });
    const p = run(s, targetOf(s, []));
    expect(p.ddl.map((a) => a.sql)).toEqual([
      'ALTER TABLE `logs`.`clicks` ADD PARTITIONS START ("2024-01-01 00:00:00") END ("2024-01-02 00:00:00") EVERY (INTERVAL 1 DAY) DISTRIBUTED BY RANDOM BUCKETS 6',
    ]);
  });

  it('the inspector reports RANDOM (distribution.test.ts): DISTRIBUTED BY RANDOM BUCKETS n', () => {
    const s = clicks({ distribution: { type: 'RANDOM', columns: [], buckets: 0 } });
    expect(run(s, targetOf(s, [])).ddl[0]!.sql).toMatch(/EVERY \(INTERVAL 1 DAY\) DISTRIBUTED BY RANDOM BUCKETS 6$/);
  });

  it('a HASH distribution without columns is unknown: a note, no statement', () => {
    const s = clicks();
    const p = run(s, targetOf(s, []));
    expect(p.ddl).toEqual([]);
    expect(p.ddl.map((a) => a.sql).join('\n')).not.toContain('HASH()');
    expect(p.notes).toMatchObject([{ object: 'partition', name: 'p20240101', reason: 'unknown_distribution', blocking: true }]);
    expect(p.notes[0]!.message).not.toContain('clicks');
  });

  it('a partition whose name is not its automatic name cannot be reproduced: a note, no statement', () => {
    const s = clicks({
      distribution: { type: 'RANDOM', columns: [], buckets: 0 },
      partitions: [part('renamed', { lower: '2024-01-01 00:00:00', upper: '2024-01-02 00:00:00', buckets: 6 })],
    });
    const p = run(s, targetOf(s, []));
    expect(p.ddl).toEqual([]);
    expect(p.notes).toMatchObject([{ object: 'partition', name: 'renamed', reason: 'partition_not_addable', blocking: true }]);
  });
});

describe('autoRangeBatch', () => {
  const r = (lower: string, upper: string) => ({ kind: 'range' as const, lower: [lower], upper: [upper] });
  it.each([
    ['p2024010123', r('2024-01-01 23:00:00', '2024-01-02 00:00:00'), 'HOUR'],
    ['p20240229', r('2024-02-29', '2024-03-01'), 'DAY'],
    ['p20241231', r('2024-12-31 00:00:00', '2025-01-01 00:00:00'), 'DAY'],
    ['p202412', r('2024-12-01', '2025-01-01'), 'MONTH'],
    ['p2024', r('2024-01-01 00:00:00', '2025-01-01 00:00:00'), 'YEAR'],
    ['p00000101', r('0000-01-01', '0000-01-02'), 'DAY'],
  ])('%s is one %s', (name, bound, unit) => {
    expect(autoRangeBatch(bound, name)).toEqual({ start: bound.lower[0], end: bound.upper[0], unit });
  });

  it.each([
    ['p20240101', r('2024-01-01', '2024-01-08')], // time_slice of 7 days: no EVERY reproduces it
    ['p20240101', r('2024-01-01 12:00:00', '2024-01-02 12:00:00')], // not aligned
    ['p20240102', r('2024-01-01', '2024-01-02')], // not its automatic name
    ['p1', { kind: 'list' as const, values: [['a']] }],
  ])('%s %j: null', (name, bound) => {
    expect(autoRangeBatch(bound, name)).toBeNull();
  });
});

describe('distributionFromCreateSql', () => {
  it('reads RANDOM and HASH columns (names with backticks and commas included)', () => {
    expect(
      distributionFromCreateSql(
        'CREATE TABLE `t` (\n  `a` int\n) ENGINE=OLAP \nDUPLICATE KEY(`a`)\nDISTRIBUTED BY RANDOM BUCKETS 3 \nPROPERTIES ("x" = "DISTRIBUTED BY HASH(a)")',
      ),
    ).toEqual({
      type: 'RANDOM',
      columns: [],
    });
    expect(distributionFromCreateSql('CREATE TABLE `t` (`a,b` int, `c` int) DISTRIBUTED BY HASH(`a,b`, `c`) BUCKETS 2')).toEqual({
      type: 'HASH',
      columns: ['a,b', 'c'],
    });
    expect(distributionFromCreateSql('')).toBeNull();
  });
});
