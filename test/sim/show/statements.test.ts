import { describe, expect, it } from 'vitest';
import type { Transaction } from '../../../sim/fe/state.js';
import { showDatabases, showMaterializedViews, showTables } from '../../../sim/show/catalog-show.js';
import { adminShowFrontendConfig } from '../../../sim/show/config.js';
import { showData } from '../../../sim/show/data.js';
import { showBackends, showComputeNodes, showFrontends } from '../../../sim/show/frontends.js';
import { showProc } from '../../../sim/show/proc.js';
import { columnNames } from '../../../sim/show/result-set.js';
import { showIndex } from '../../../sim/show/show-index.js';
import { descStorageVolume, showStorageVolumes } from '../../../sim/show/storage-volumes.js';
import { showTabletById, showTabletsOfTable } from '../../../sim/show/tablets.js';
import { showTransaction } from '../../../sim/show/transactions.js';
import { showVariables } from '../../../sim/show/variables.js';
import { addDb, addTable, addView, col, key, newFe, range } from './fixtures.js';

function world() {
  const fe = newFe();
  const db = addDb(fe, 'd');
  const t = addTable(fe, db, {
    name: 't',
    columns: [key('dt', 'date'), col('msg', 'varchar(100)')],
    partitionInfo: { type: 'RANGE', columns: ['dt'], exprText: null, automatic: false },
    distribution: { type: 'HASH', columns: ['dt'], buckets: 2 },
    bitmapIndexes: [{ name: 'idx_msg', columns: ['msg'], comment: 'c' }],
    partitions: [
      { name: 'p1', bound: range(['2024-01-01'], ['2024-02-01']) },
      { name: 'p2', bound: range(['2024-02-01'], ['2024-03-01']), physical: 2 },
    ],
  });
  addTable(fe, db, { name: 'a', columns: [key('k', 'int(11)')] });
  addView(fe, db, 'v', 'select 1');
  return { fe, db, t };
}

describe('catalog statements', () => {
  it('SHOW DATABASES / SHOW [FULL] TABLES', () => {
    const { fe } = world();
    expect(showDatabases(fe)).toEqual({ columns: [{ name: 'Database', type: 'VARCHAR' }], rows: [['d'], ['information_schema'], ['sys']] });
    expect(showDatabases(fe, 'INFO%').rows).toEqual([['information_schema']]);
    expect(showTables(fe, 'd')).toEqual({ columns: [{ name: 'Tables_in_d', type: 'VARCHAR' }], rows: [['a'], ['t'], ['v']] });
    expect(columnNames(showTables(fe, 'd', true))).toEqual(['Tables_in_d', 'Table_type']);
    expect(showTables(fe, 'd', true, '_').rows).toEqual([
      ['a', 'BASE TABLE'],
      ['t', 'BASE TABLE'],
      ['v', 'VIEW'],
    ]);
  });

  it('SHOW DATA per db and per table', () => {
    const { fe, t } = world();
    t.partitions[0]!.physicalPartitions[0]!.dataSize = 2048;
    t.partitions[0]!.physicalPartitions[0]!.rowCount = 5;
    const db = showData(fe, 'd');
    expect(columnNames(db)).toEqual(['TableName', 'Size', 'ReplicaCount']);
    expect(db.rows).toEqual([
      ['a', '0.000 ', '3'],
      ['t', '2.000 KB', '6'],
      ['Total', '2.000 KB', '9'],
      ['Quota', '8388608.000 TB', '1073741824'],
      ['Left', '8388608.000 TB', '1073741815'],
    ]);
    const tbl = showData(fe, 'd', 't');
    expect(columnNames(tbl)).toEqual(['TableName', 'IndexName', 'Size', 'ReplicaCount', 'RowCount']);
    expect(tbl.rows).toEqual([
      ['t', 't', '2.000 KB', '6', '5'],
      ['', 'Total', '2.000 KB', '6', ''],
    ]);
  });

  it('SHOW INDEX lists bitmap indexes', () => {
    const { fe } = world();
    const rs = showIndex(fe, 'd', 't');
    expect(columnNames(rs)).toEqual([
      'Table',
      'Non_unique',
      'Key_name',
      'Seq_in_index',
      'Column_name',
      'Collation',
      'Cardinality',
      'Sub_part',
      'Packed',
      'Null',
      'Index_type',
      'Comment',
    ]);
    expect(rs.rows).toEqual([['d.t', '', 'idx_msg', '', 'msg', '', '', '', '', '', 'BITMAP', 'c']]);
  });

  it('SHOW TABLET FROM mixes physical partitions sorted by TabletId; SHOW TABLET <id>', () => {
    const { fe, db, t } = world();
    const all = showTabletsOfTable(fe, 'd', 't');
    expect(columnNames(all)).toEqual(['TabletId', 'BackendId', 'DataSize', 'RowCount', 'MinVersion', 'Range', 'StorageVolume', 'StoragePath']);
    expect(all.rows).toHaveLength(6);
    const p2 = showTabletsOfTable(fe, 'd', 't', ['p2'], 't');
    expect(p2.rows).toHaveLength(4);
    const ids = p2.rows.map((r) => Number(r[0]));
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
    expect(() => showTabletsOfTable(fe, 'd', 't', ['zz'])).toThrow('Unknown partition: zz');

    const pp = t.partitions[1]!.physicalPartitions[1]!;
    const tablet = pp.indexes[0]!.tablets[1]!;
    const one = showTabletById(fe, tablet.id);
    expect(columnNames(one)).toEqual([
      'DbName',
      'TableName',
      'PartitionName',
      'IndexName',
      'DbId',
      'TableId',
      'PartitionId',
      'IndexId',
      'IsSync',
      'DetailCmd',
    ]);
    expect(one.rows[0]).toEqual([
      'd',
      't',
      'p2',
      't',
      String(db.id),
      String(t.id),
      String(pp.id),
      String(pp.indexes[0]!.id),
      'true',
      `SHOW PROC '/dbs/${db.id}/${t.id}/partitions/${pp.id}/${pp.indexes[0]!.id}/${tablet.id}';`,
    ]);
    expect(showProc(fe, one.rows[0]![9]!.slice(11, -2)).rows.map((r) => r[0])).toEqual([String(tablet.id)]);
    expect(showTabletById(fe, 1).rows[0]).toEqual([
      null,
      null,
      null,
      null,
      '-1',
      '-1',
      '-1',
      '-1',
      'false',
      "SHOW PROC '/dbs/-1/-1/partitions/-1/-1/1';",
    ]);
  });

  it('SHOW MATERIALIZED VIEWS', () => {
    const { fe, db } = world();
    addTable(fe, db, {
      name: 'mv',
      columns: [key('k', 'int(11)')],
      mv: { query: 'select k from a', refreshType: 'ASYNC', refreshClause: '', isActive: false, creator: 'root' },
    });
    const rs = showMaterializedViews(fe, 'd');
    expect(columnNames(rs)).toHaveLength(27);
    expect(columnNames(rs).slice(0, 3)).toEqual(['id', 'database_name', 'name']);
    expect(columnNames(rs)[21]).toBe('text');
    expect(rs.rows[0]![4]).toBe('false');
    expect(rs.rows[0]![21]).toContain('\nREFRESH ASYNC\n');
  });
});

describe('cluster statements', () => {
  it('SHOW FRONTENDS / BACKENDS / COMPUTE NODES equal their proc paths', () => {
    const { fe } = world();
    expect(showFrontends(fe).rows[0]![16]).toBe('4.1.0-a1b2c3d');
    expect(showFrontends(fe).columns).toEqual(showProc(fe, '/frontends').columns);
    expect(showBackends(fe)).toEqual(showProc(fe, '/backends'));
    expect(showComputeNodes(fe).columns).toEqual(showProc(fe, '/compute_nodes').columns);
  });

  it('ADMIN SHOW FRONTEND CONFIG with LIKE, type and mutability from the config defs', () => {
    const { fe } = world();
    const rs = adminShowFrontendConfig(fe, 'run_mode');
    expect(columnNames(rs)).toEqual(['Key', 'AliasNames', 'Value', 'Type', 'IsMutable', 'Comment']);
    expect(rs.rows).toEqual([['run_mode', '[]', 'shared_data', 'String', 'false', '']]);
    const repl = adminShowFrontendConfig(fe, 'replication_max%');
    expect(repl.rows.map((r) => [r[0], r[2], r[3], r[4]])).toEqual([
      ['replication_max_parallel_table_count', '100', 'int', 'true'],
      ['replication_max_parallel_replica_count', '10240', 'int', 'true'],
      ['replication_max_parallel_data_size_mb', '1048576', 'int', 'true'],
    ]);
    expect(adminShowFrontendConfig(fe).rows.length).toBe(fe.config.defs().length);
  });

  it('SHOW STORAGE VOLUMES / DESC STORAGE VOLUME masks credentials', () => {
    const { fe } = world();
    expect(showStorageVolumes(fe)).toEqual({ columns: [{ name: 'Storage Volume', type: 'VARCHAR' }], rows: [['builtin_storage_volume']] });
    const rs = descStorageVolume(fe, 'builtin_storage_volume');
    expect(columnNames(rs)).toEqual(['Name', 'Type', 'IsDefault', 'Location', 'Params', 'Enabled', 'Comment']);
    const r = rs.rows[0]!;
    expect([r[0], r[1], r[2], r[3], r[5], r[6]]).toEqual(['builtin_storage_volume', 'S3', 'true', 's3://src-bucket/prefix/', 'true', '']);
    expect(JSON.parse(r[4]!)).toEqual({
      'aws.s3.region': 'us-east-1',
      'aws.s3.endpoint': 'http://127.0.0.1:9000',
      'aws.s3.access_key': '******',
      'aws.s3.secret_key': '******',
    });
  });

  it('SHOW TRANSACTION and SHOW VARIABLES', () => {
    const { fe, db } = world();
    const txn: Transaction = {
      id: 9,
      dbId: db.id,
      label: 'l',
      coordinator: 'FE: 127.0.0.1',
      status: 'ABORTED',
      sourceType: 'REPLICATION',
      prepareTime: -1,
      preparedTime: -1,
      commitTime: -1,
      publishTime: -1,
      finishTime: -1,
      reason: 'boom',
      errorReplicasCount: 0,
      listenerId: -1,
      timeoutMs: 1,
      preparedTimeoutMs: 2,
      errMsg: '',
      tableIds: [],
      committedPartitions: {},
    };
    fe.transactions.set(9, txn);
    const rs = showTransaction(fe, 'd', 9);
    expect(rs.rows[0]).toEqual([
      '9',
      'l',
      'FE: 127.0.0.1',
      'ABORTED',
      'REPLICATION',
      '\\N',
      '\\N',
      '\\N',
      '\\N',
      '\\N',
      'boom',
      '0',
      '-1',
      '1',
      '2',
      '',
    ]);
    expect(() => showTransaction(fe, 'd', 10)).toThrow('transaction with id 10 does not exist');
    expect(showVariables(fe, 'version%').rows).toEqual([
      ['version', '8.0.33'],
      ['version_comment', '4.1.0-a1b2c3d'],
    ]);
    expect(showVariables(fe, 'query_timeout', { query_timeout: '60' }).rows).toEqual([['query_timeout', '60']]);
  });
});
