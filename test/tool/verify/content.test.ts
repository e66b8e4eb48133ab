// verify --content, the pure half: the fingerprint query text, the columns hashed, partitions_meta parsing, the
// per-partition verdict (same / differs / could not compare) and the lines and summary printed.
import { describe, expect, it } from 'vitest';
import {
  contentLines,
  contentSummaryLine,
  fingerprintSql,
  hashedColumns,
  judgePartition,
  parseFingerprint,
  parseVersions,
  summarizeContent,
  versionsSql,
  type SideReading,
  type TableContent,
} from '../../../src/verify/content.js';
import type { ColumnInfo } from '../../../src/model/snapshot.js';

const column = (name: string, type: string): ColumnInfo => ({
  name,
  type,
  isKey: false,
  aggType: null,
  nullable: true,
  defaultValue: null,
  autoIncrement: false,
  comment: '',
});
const v = (visible: number[], data = visible) => ({ visible, data });
const fp = (rows: number, hash1: string | null, hash2: string | null = hash1) => ({ rows, hash1, hash2 });
const side = (before: number[], after: number[], f?: ReturnType<typeof fp>, error?: string, data?: number[]): SideReading => ({
  before: v(before, data ?? before),
  after: v(after, data ?? after),
  ...(f ? { fingerprint: f } : {}),
  ...(error ? { error } : {}),
});

describe('fingerprint query', () => {
  it('hashes every column as text with a NULL marker, per partition, quoting names', () => {
    expect(fingerprintSql('db1', 'odd `t`', 'p1', ['k', 'v'])).toBe(
      "SELECT COUNT(*) AS row_count, SUM(murmur_hash3_32(ifnull(concat('v', CAST(`k` AS STRING)), 'n'), ifnull(concat('v', CAST(`v` AS STRING)), 'n'))) AS hash1, " +
        "SUM(murmur_hash3_32('srsync', ifnull(concat('v', CAST(`k` AS STRING)), 'n'), ifnull(concat('v', CAST(`v` AS STRING)), 'n'))) AS hash2 " +
        'FROM `db1`.`odd ``t``` PARTITION (`p1`)',
    );
    expect(versionsSql('db1', "t'1")).toContain("WHERE DB_NAME = 'db1' AND TABLE_NAME = 't\\'1'");
  });

  it('leaves out aggregate-state columns and the hidden partition columns', () => {
    expect(
      hashedColumns([
        column('k', 'int(11)'),
        column('b', 'bitmap'),
        column('h', 'HLL'),
        column('__generated_partition_column_0', 'date'),
        column('j', 'json'),
      ]),
    ).toEqual({
      hashed: ['k', 'j'],
      skipped: ['b', 'h'],
    });
  });

  it('parses partitions_meta rows (physical partitions by ascending id) and the fingerprint row', () => {
    const m = parseVersions([
      { PARTITION_NAME: 'p1', PARTITION_ID: '100', VISIBLE_VERSION: '5', DATA_VERSION: '5' },
      { PARTITION_NAME: 'p1', PARTITION_ID: '20', VISIBLE_VERSION: 2, DATA_VERSION: 3 },
      { PARTITION_NAME: 'p2', PARTITION_ID: '7', VISIBLE_VERSION: 1, DATA_VERSION: 1 },
    ]);
    expect(m.get('p1')).toEqual({ visible: [2, 5], data: [3, 5] });
    expect(m.get('p2')).toEqual({ visible: [1], data: [1] });
    expect(parseFingerprint({ row_count: '3', hash1: '-12', hash2: null })).toEqual({ rows: 3, hash1: '-12', hash2: null });
    expect(() => parseFingerprint(undefined)).toThrow(/no row/);
  });
});

describe('judgePartition', () => {
  it('same when both fingerprints agree at stable, matching versions', () => {
    expect(judgePartition('p1', side([3], [3], fp(2, '10', '20')), side([7], [7], fp(2, '10', '20'), undefined, [3]))).toMatchObject({
      status: 'same',
      sourceVersions: [3],
    });
  });

  it('differs when a hash differs even with equal COUNT(*)', () => {
    const r = judgePartition('p1', side([3], [3], fp(2, '10', '20')), side([3], [3], fp(2, '11', '20')));
    expect(r.status).toBe('differs');
    expect(judgePartition('p1', side([3], [3], fp(2, '10', '20')), side([3], [3], fp(2, '10', '21'))).status).toBe('differs');
  });

  it('could not compare when versions moved on a side, even if the fingerprints differ', () => {
    const r = judgePartition('p1', side([3], [4], fp(3, '10')), side([3], [3], fp(2, '9')));
    expect(r).toEqual({ name: 'p1', status: 'not_compared', reason: 'versions moved on the source' });
    expect(judgePartition('p1', side([3], [3], fp(2, '9')), side([3], [4], fp(2, '9'))).reason).toBe('versions moved on the target');
  });

  it('could not compare when the target does not hold the source version, or a query failed', () => {
    expect(judgePartition('p1', side([4], [4], fp(2, '10')), side([3], [3], fp(2, '10'))).reason).toBe(
      'target behind the source (source visible version 4, target data version 3)',
    );
    // A target ahead of the source (written to directly) is compared: its extra write shows as a difference.
    expect(judgePartition('p1', side([3], [3], fp(2, '10')), side([4], [4], fp(2, '11'))).status).toBe('differs');
    const failed = judgePartition('p1', side([3], [3], fp(2, '10')), side([3], [3], undefined, 'Not found: s3://b/x.dat: No such file or directory'));
    expect(failed.status).toBe('not_compared');
    expect(failed.reason).toBe('query failed: target: Not found: s3://b/x.dat: No such file or directory');
    expect(judgePartition('p1', { before: undefined, after: undefined }, side([3], [3])).reason).toBe('partition versions unavailable on the source');
  });
});

describe('content output', () => {
  const tables: TableContent[] = [
    {
      db: 'db1',
      table: 't',
      skippedColumns: ['b'],
      partitions: [
        { name: 'p1', status: 'same', source: fp(1, '1'), target: fp(1, '1') },
        { name: 'p2', status: 'differs', source: fp(2, '5', '6'), target: fp(2, '7', '8') },
        { name: 'p3', status: 'not_compared', reason: 'versions moved on the source' },
      ],
    },
  ];

  it('names every partition not the same and counts them', () => {
    expect(contentLines(tables)).toEqual([
      'content differs db1.t partition p2: rows source 2, target 2; fingerprint source 5/6, target 7/8',
      'content could not compare db1.t partition p3: versions moved on the source',
      'note: db1.t: columns not fingerprinted (no string form): b',
    ]);
    const s = summarizeContent(tables);
    expect(s).toEqual({ tables: 1, partitions: 3, same: 1, differs: 1, notCompared: 1 });
    expect(contentSummaryLine(s)).toBe('content: 1 tables, 3 partitions fingerprinted, 1 same, 1 differ, 1 could not compare; NOT SAME');
    expect(contentSummaryLine(summarizeContent([{ ...tables[0]!, partitions: [tables[0]!.partitions[0]!] }]))).toMatch(/; SAME$/);
  });
});
