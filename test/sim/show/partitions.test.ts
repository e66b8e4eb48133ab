import { describe, expect, it } from 'vitest';
import { showPartitions } from '../../../sim/show/partitions.js';
import { columnNames } from '../../../sim/show/result-set.js';
import { addDb, addTable, key, list, newFe, range } from './fixtures.js';

const RANGE_COLUMNS = [
  'PartitionId',
  'PartitionName',
  'CompactVersion',
  'VisibleVersion',
  'NextVersion',
  'State',
  'PartitionKey',
  'Range',
  'DistributionKey',
  'Buckets',
  'DataSize',
  'StorageSize',
  'RowCount',
  'EnableDataCache',
  'AsyncWrite',
  'AvgCS',
  'P50CS',
  'MaxCS',
  'DataVersion',
  'VersionEpoch',
  'VersionTxnType',
  'MetaSwitchVersion',
];

describe('SHOW PARTITIONS (cloud-native)', () => {
  it('has the 22 columns, one row per physical partition, range rows in range order', () => {
    const fe = newFe();
    const db = addDb(fe, 'd');
    const t = addTable(fe, db, {
      name: 't',
      columns: [key('dt', 'date'), key('id', 'bigint(20)')],
      partitionInfo: { type: 'RANGE', columns: ['dt'], exprText: null, automatic: false },
      distribution: { type: 'HASH', columns: ['id', 'dt'], buckets: 4 },
      partitions: [
        { name: 'p2', bound: range(['2024-02-01'], ['2024-03-01']), physical: 2 },
        { name: 'p1', bound: range(['2024-01-01'], ['2024-02-01']) },
        { name: 'tp', bound: range(['2024-03-01'], ['2024-04-01']), temp: true },
      ],
    });
    const p1pp = t.partitions[1]!.physicalPartitions[0]!;
    Object.assign(p1pp, {
      visibleVersion: 5,
      nextVersion: 6,
      dataVersion: 4,
      compactVersion: 3,
      dataSize: 1536,
      rowCount: 42,
      versionTxnType: 'TXN_REPLICATION',
      metaSwitchVersion: 2,
    });
    const rs = showPartitions(fe, 'd', 't');
    expect(columnNames(rs)).toEqual(RANGE_COLUMNS);
    expect(rs.columns.every((c) => c.type === 'VARCHAR')).toBe(true);
    expect(rs.rows.map((r) => r[1])).toEqual(['p1', 'p2', 'p2']);
    expect(rs.rows[0]).toEqual([
      String(p1pp.id),
      'p1',
      '3',
      '5',
      '6',
      'NORMAL',
      'dt',
      '[types: [DATE]; keys: [2024-01-01]; ..types: [DATE]; keys: [2024-02-01]; )',
      'id, dt',
      '4',
      '1.5KB',
      '1.5KB',
      '42',
      'true',
      'false',
      '0.00',
      '0.00',
      '0.00',
      '4',
      '123456789',
      'TXN_REPLICATION',
      '2',
    ]);
    const p2 = t.partitions[0]!;
    expect(rs.rows.slice(1).map((r) => r[0])).toEqual(p2.physicalPartitions.map((pp) => String(pp.id)));
    const temp = showPartitions(fe, 'd', 't', true);
    expect(temp.rows.map((r) => r[1])).toEqual(['tp']);
  });

  it('names the 8th column List for LIST tables and prints list values and MIN/MAX bounds', () => {
    const fe = newFe();
    const db = addDb(fe, 'd');
    addTable(fe, db, {
      name: 'l',
      columns: [key('city', 'varchar(20)')],
      partitionInfo: { type: 'LIST', columns: ['city'], exprText: null, automatic: false },
      distribution: { type: 'RANDOM', columns: [], buckets: 0 },
      partitions: [{ name: 'p', bound: list(['a'], ['b']), buckets: 3 }],
    });
    const rs = showPartitions(fe, 'd', 'l');
    expect(columnNames(rs)[7]).toBe('List');
    expect(rs.rows[0]![6]).toBe('city');
    expect(rs.rows[0]![7]).toBe("('a', 'b')");
    expect(rs.rows[0]![8]).toBe('ALL KEY');
    expect(rs.rows[0]![9]).toBe('3');
    expect(rs.rows[0]![10]).toBe('0B');

    addTable(fe, db, {
      name: 'r2',
      columns: [key('k', 'int(11)'), key('dt', 'datetime')],
      partitionInfo: { type: 'RANGE', columns: ['k', 'dt'], exprText: null, automatic: false },
      partitions: [
        { name: 'p', bound: range([null], ['10', '2024-01-01']) },
        { name: 'pm', bound: range(['10', '2024-01-01'], [null, null]) },
      ],
    });
    const r2 = showPartitions(fe, 'd', 'r2');
    expect(r2.rows[0]![7]).toBe(
      '[types: [INT, DATETIME]; keys: [-2147483648, 0000-01-01 00:00:00]; ..types: [INT, DATETIME]; keys: [10, 2024-01-01 00:00:00]; )',
    );
    expect(r2.rows[1]![7]).toBe('[types: [INT, DATETIME]; keys: [10, 2024-01-01 00:00:00]; ..types: [INT, DATETIME]; keys: [MAXVALUE, MAXVALUE]; )');
  });

  it('prints empty key and range for an unpartitioned table and hides shadow partitions', () => {
    const fe = newFe();
    const db = addDb(fe, 'd');
    addTable(fe, db, { name: 'u', columns: [key('k', 'int(11)')] });
    const rs = showPartitions(fe, 'd', 'u');
    expect(rs.rows).toHaveLength(1);
    expect(rs.rows[0]!.slice(1, 8)).toEqual(['u', '0', '1', '2', 'NORMAL', '', '']);
    addTable(fe, db, {
      name: 'e',
      columns: [key('dt', 'date')],
      partitionInfo: { type: 'EXPR_RANGE', columns: ['dt'], exprText: "date_trunc('month', dt)", automatic: true },
      partitions: [
        { name: '$shadow_automatic_partition', bound: range(['0000-01-01'], ['0000-01-01']) },
        { name: 'p202401', bound: range(['2024-01-01'], ['2024-02-01']) },
      ],
    });
    expect(showPartitions(fe, 'd', 'e').rows.map((r) => r[1])).toEqual(['p202401']);
  });
});
