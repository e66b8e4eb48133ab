import { describe, expect, it } from 'vitest';
import type { ReplicationJob, Transaction } from '../../../sim/fe/state.js';
import { formatDateTime } from '../../../sim/show/format.js';
import { showPartitions } from '../../../sim/show/partitions.js';
import { showProc } from '../../../sim/show/proc.js';
import { columnNames } from '../../../sim/show/result-set.js';
import { SERVICE_ID, addDb, addTable, addView, col, key, newFe, range } from './fixtures.js';

function world() {
  const fe = newFe();
  const db = addDb(fe, 'd');
  const t = addTable(fe, db, {
    name: 't',
    columns: [key('dt', 'date'), key('id', 'bigint(20)'), col('v', 'int(11)', { defaultValue: '7' })],
    partitionInfo: { type: 'RANGE', columns: ['dt'], exprText: null, automatic: false },
    distribution: { type: 'HASH', columns: ['id'], buckets: 3 },
    properties: { bloom_filter_columns: 'v' },
    partitions: [{ name: 'p1', bound: range(['2024-01-01'], ['2024-02-01']), buckets: 3 }],
  });
  const v = addView(fe, db, 'v', 'select id from t');
  return { fe, db, t, v };
}

const err = (fn: () => unknown) => {
  try {
    fn();
  } catch (e) {
    return (e as Error).message;
  }
  return 'no error';
};

describe('SHOW PROC /dbs tree', () => {
  it('/dbs lists system and user dbs by id with quota formats', () => {
    const { fe, db } = world();
    const rs = showProc(fe, '/dbs');
    expect(columnNames(rs)).toEqual(['DbId', 'DbName', 'TableNum', 'Quota', 'LastConsistencyCheckTime', 'ReplicaQuota']);
    expect(rs.rows.map((r) => r[1])).toEqual(['information_schema', 'sys', 'd']);
    expect(rs.rows[2]).toEqual([String(db.id), 'd', '2', '8388608.000 TB', '\\N', '1073741824']);
    expect(showProc(fe, '/dbs/').rows).toEqual(rs.rows);
    expect(showProc(fe, '/').rows.map((r) => r[0])).toContain('replications');
    const stat = showProc(fe, '/statistic');
    expect(columnNames(stat)[0]).toBe('DbId');
    expect(stat.rows.at(-1)!.slice(0, 7)).toEqual(['Total', '1', '1', '1', '1', '3', '3']);
  });

  it('/dbs/<db> lists tables by id (name or id lookup), views with \\N', () => {
    const { fe, db, t, v } = world();
    const byName = showProc(fe, '/dbs/d');
    expect(showProc(fe, `/dbs/${db.id}`)).toEqual(byName);
    expect(columnNames(byName)).toEqual([
      'TableId',
      'TableName',
      'IndexNum',
      'PartitionColumnName',
      'PartitionNum',
      'State',
      'Type',
      'LastConsistencyCheckTime',
      'ReplicaCount',
      'PartitionType',
      'StoragePath',
    ]);
    expect(byName.rows).toEqual([
      [String(t.id), 't', '1', 'dt', '1', 'NORMAL', 'CLOUD_NATIVE', '\\N', '3', 'RANGE', `s3://src-bucket/prefix/${SERVICE_ID}/db${db.id}/${t.id}`],
      [String(v.id), 'v', '\\N', '\\N', '1', '\\N', 'VIEW', '\\N', '0', 'UNPARTITIONED', '\\N'],
    ]);
    expect(showProc(fe, '/dbs/d/t').rows).toEqual([['partitions'], ['temp_partitions'], ['index_schema']]);
    expect(showProc(fe, `/dbs/${db.id}/${t.id}/partitions`)).toEqual(showPartitions(fe, 'd', 't'));
  });

  it('partitions/<pp> lists indexes; partitions/<pp>/<index> lists tablets sorted by id', () => {
    const { fe, db, t } = world();
    const pp = t.partitions[0]!.physicalPartitions[0]!;
    const idx = pp.indexes[0]!;
    idx.tablets.reverse(); // bucket order no longer ascending: the proc must still sort by TabletId
    pp.dataSize = 3000;
    pp.rowCount = 10;
    const indices = showProc(fe, `/dbs/d/t/partitions/${pp.id}`);
    expect(columnNames(indices)).toEqual(['IndexId', 'IndexName', 'State', 'LastConsistencyCheckTime', 'TabletBalanceStat', 'Tablets']);
    expect(indices.rows).toEqual([[String(idx.id), 't', 'NORMAL', '\\N', '{"balanced":true}', '3']]);
    expect(showProc(fe, '/dbs/d/t/partitions/p1')).toEqual(indices);

    const tablets = showProc(fe, `/dbs/d/t/partitions/${pp.id}/${idx.id}`);
    expect(columnNames(tablets)).toEqual(['TabletId', 'BackendId', 'DataSize', 'RowCount', 'MinVersion', 'Range', 'StorageVolume', 'StoragePath']);
    const ids = tablets.rows.map((r) => Number(r[0]));
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
    const path = `s3://src-bucket/prefix/${SERVICE_ID}/db${db.id}/${t.id}/${pp.id}`;
    const first = idx.tablets[0]!; // bucket 0 after the reverse
    expect(tablets.rows.find((r) => r[0] === String(first.id))).toEqual([
      String(first.id),
      `[${first.backendId}]`,
      '1000B',
      '4',
      '0',
      'null',
      'builtin_storage_volume',
      path,
    ]);
    expect(tablets.rows.map((r) => Number(r[3])).reduce((a, b) => a + b, 0)).toBe(10);
    const one = showProc(fe, `/dbs/d/t/partitions/${pp.id}/${idx.id}/${first.id}`);
    expect(one.rows).toHaveLength(1);
  });

  it('index_schema and its per-index schema', () => {
    const { fe, t } = world();
    const rs = showProc(fe, '/dbs/d/t/index_schema');
    expect(columnNames(rs)).toEqual(['IndexId', 'IndexName', 'SchemaVersion', 'SchemaHash', 'ShortKeyColumnCount', 'StorageType', 'Keys']);
    expect(rs.rows).toEqual([[String(t.baseIndex.indexId), 't', '0', '1234567', '1', 'COLUMN', 'DUP_KEYS(dt, id)']]);
    const schema = showProc(fe, `/dbs/d/t/index_schema/${t.baseIndex.indexId}`);
    expect(columnNames(schema)).toEqual(['Field', 'Type', 'Null', 'Key', 'Default', 'Extra']);
    expect(schema.rows).toEqual([
      ['dt', 'date', 'NO', 'true', null, ''],
      ['id', 'bigint', 'NO', 'true', null, ''],
      ['v', 'int', 'YES', 'false', '7', 'BLOOM_FILTER'],
    ]);
  });

  it('reports bad paths with StarRocks messages', () => {
    const { fe } = world();
    expect(err(() => showProc(fe, '/nope'))).toBe('Getting analyzing error. Detail message: Cannot find path: /nope.');
    expect(err(() => showProc(fe, '/nope/x'))).toContain(': /nope/x is not a directory');
    expect(err(() => showProc(fe, '/nope/x/y'))).toContain(': /nope/x is not a directory');
    expect(err(() => showProc(fe, 'dbs'))).toContain("Path(dbs) does not start with '/'");
    expect(err(() => showProc(fe, '/dbs/zz'))).toContain('Unknown database id or name "zz"');
    expect(err(() => showProc(fe, '/dbs/d/zz'))).toContain('unknown table id or name "zz"');
    expect(err(() => showProc(fe, '/dbs/d/t/foo'))).toContain('Not implemented yet: foo');
    expect(err(() => showProc(fe, '/dbs/d/v/partitions'))).toContain('Table[v] is not a OLAP/MATERIALIZED_VIEW/ELASTICSEARCH/HIVE/HUDI table');
    expect(err(() => showProc(fe, '/dbs/d/t/partitions/zz'))).toContain('Unknown partition id or name "zz"');
    expect(err(() => showProc(fe, '/frontends/x'))).toContain('/frontends/x is not a directory');
    expect(err(() => showProc(fe, ''))).toContain('Path is null');
  });
});

describe('SHOW PROC nodes', () => {
  it('/frontends: 17 columns, one LEADER at 127.0.0.1 with the real ports', () => {
    const { fe } = world();
    const rs = showProc(fe, '/frontends');
    expect(columnNames(rs)).toEqual([
      'Id',
      'Name',
      'IP',
      'EditLogPort',
      'HttpPort',
      'QueryPort',
      'RpcPort',
      'Role',
      'ClusterId',
      'Join',
      'Alive',
      'ReplayedJournalId',
      'LastHeartbeat',
      'IsHelper',
      'ErrMsg',
      'StartTime',
      'Version',
    ]);
    const r = rs.rows[0]!;
    expect([r[2], r[4], r[5], r[6], r[7], r[9], r[10], r[16]]).toEqual([
      '127.0.0.1',
      '18030',
      '19030',
      '19020',
      'LEADER',
      'true',
      'true',
      '4.1.0-a1b2c3d',
    ]);
  });

  it('/backends is empty in shared-data; /compute_nodes lists the CNs with tablet counts', () => {
    const { fe } = world();
    expect(columnNames(showProc(fe, '/backends')).slice(-3)).toEqual(['location', 'StarletPort', 'WorkerId']);
    expect(showProc(fe, '/backends').rows).toEqual([]);
    const cn = showProc(fe, '/compute_nodes');
    expect(columnNames(cn)).toEqual([
      'ComputeNodeId',
      'IP',
      'HeartbeatPort',
      'BePort',
      'HttpPort',
      'BrpcPort',
      'LastStartTime',
      'LastHeartbeat',
      'Alive',
      'SystemDecommissioned',
      'ClusterDecommissioned',
      'ErrMsg',
      'Version',
      'CpuCores',
      'NumRunningQueries',
      'MemUsedPct',
      'CpuUsedPct',
      'HasStoragePath',
      'StarletPort',
      'WorkerId',
      'WarehouseName',
      'TabletNum',
    ]);
    expect(cn.rows.map((r) => r[0])).toEqual(fe.cns.map((c) => String(c.id)));
    expect(cn.rows.map((r) => Number(r[21])).reduce((a, b) => a + b, 0)).toBe(3);
  });

  it('/replications orders running, aborted, committed and prints \\N until finished', () => {
    const { fe, db, t } = world();
    const job = (id: string, state: ReplicationJob['state'], created: number, extra: Partial<ReplicationJob> = {}): ReplicationJob => ({
      jobId: id,
      dbId: db.id,
      tableId: t.id,
      txnId: -1,
      createdTime: created,
      finishedTime: -1,
      state,
      error: '',
      srcDbId: 1,
      srcTableId: 2,
      srcServiceId: 's',
      srcStorageVolumeName: 'src_v',
      virtualTabletId: 9,
      srcTableDataSize: 0,
      replicationDataSize: 0,
      partitions: [],
      tasks: [],
      ...extra,
    });
    const task = (state: 'FINISHED' | 'RUNNING') => ({
      tabletId: 1,
      srcTabletId: 2,
      physicalPartitionId: 3,
      srcPartitionId: 4,
      indexId: 5,
      srcSchemaHash: 6,
      srcVersion: 7,
      backendId: 8,
      state,
      error: '',
      result: null,
    });
    const t0 = new Date(2025, 0, 1, 10, 0, 0).getTime();
    fe.replicationJobs.set('c', job('c', 'COMMITTED', t0, { txnId: 5, finishedTime: t0 + 5000 }));
    fe.replicationJobs.set('a', job('a', 'ABORTED', t0 + 1000, { txnId: 77, finishedTime: t0 + 2000 }));
    fe.replicationJobs.set('r', job('r', 'REPLICATING', t0 + 3000, { txnId: 6, tasks: [task('FINISHED'), task('RUNNING'), task('FINISHED')] }));
    const rs = showProc(fe, '/replications');
    expect(columnNames(rs)).toEqual(['JobID', 'DatabaseID', 'TableID', 'TxnID', 'CreatedTime', 'FinishedTime', 'State', 'Progress', 'Error']);
    expect(rs.rows.map((r) => r[0])).toEqual(['r', 'a', 'c']);
    expect(rs.rows[0]).toEqual(['r', String(db.id), String(t.id), '6', formatDateTime(t0 + 3000), '\\N', 'REPLICATING', '2/3', '']);
    expect(rs.rows[1]![8]).toBe('Transaction not found');
    expect(rs.rows[2]!.slice(5)).toEqual([formatDateTime(t0 + 5000), 'COMMITTED', '', '']);
  });

  it('/transactions drill-down: dbs, states, lists (newest first, capped), tables, partitions', () => {
    const { fe, db, t } = world();
    const txn = (id: number, status: Transaction['status'], extra: Partial<Transaction> = {}): Transaction => ({
      id,
      dbId: db.id,
      label: `REPLICATION_${db.id}_${t.id}_j${id}`,
      coordinator: 'FE: 127.0.0.1',
      status,
      sourceType: 'REPLICATION',
      prepareTime: new Date(2025, 0, 1, 0, 0, id).getTime(),
      preparedTime: -1,
      commitTime: -1,
      publishTime: -1,
      finishTime: -1,
      reason: '',
      errorReplicasCount: 0,
      listenerId: t.id,
      timeoutMs: 86400000,
      preparedTimeoutMs: 86400000,
      errMsg: '',
      tableIds: [t.id],
      committedPartitions: {},
      ...extra,
    });
    for (let i = 1; i <= 5; i++) fe.transactions.set(i, txn(i, 'VISIBLE'));
    fe.transactions.set(6, txn(6, 'PREPARE'));
    fe.transactions.set(7, txn(7, 'COMMITTED', { committedPartitions: { [String(t.id)]: { '300': 4, '200': 3 } } }));
    fe.transactions.set(8, txn(8, 'ABORTED', { reason: 'user cancel' }));
    expect(showProc(fe, '/transactions').rows).toEqual([[String(db.id), 'd']]);
    expect(showProc(fe, '/transactions/d').rows).toEqual([
      ['running', '2'],
      ['finished', '6'],
    ]);
    const running = showProc(fe, `/transactions/${db.id}/running`);
    expect(columnNames(running)).toEqual([
      'TransactionId',
      'Label',
      'Coordinator',
      'TransactionStatus',
      'LoadJobSourceType',
      'PrepareTime',
      'PreparedTime',
      'CommitTime',
      'PublishTime',
      'FinishTime',
      'Reason',
      'ErrorReplicasCount',
      'ListenerId',
      'TimeoutMs',
      'PreparedTimeoutMs',
      'ErrMsg',
    ]);
    expect(running.rows.map((r) => r[0])).toEqual(['7', '6']);
    expect(running.rows[1]!.slice(3, 10)).toEqual([
      'PREPARE',
      'REPLICATION',
      formatDateTime(new Date(2025, 0, 1, 0, 0, 6).getTime()),
      '\\N',
      '\\N',
      '\\N',
      '\\N',
    ]);
    fe.config.set('max_show_proc_transactions_entry', '3');
    expect(showProc(fe, '/transactions/d/finished').rows.map((r) => r[0])).toEqual(['8', '5', '4']);
    expect(showProc(fe, '/transactions/d/running/7').rows).toEqual([[String(t.id), '200, 300']]);
    expect(showProc(fe, `/transactions/d/running/7/${t.id}`).rows).toEqual([
      ['200', '3'],
      ['300', '4'],
    ]);
    expect(err(() => showProc(fe, '/transactions/d/other'))).toContain('State is invalid');
  });
});
