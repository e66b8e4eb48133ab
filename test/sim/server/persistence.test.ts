import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Database, OlapTable, Partition, PhysicalPartition, ViewTable } from '../../../sim/catalog/model.js';
import { attachImageWriter, deserializeImage, ImageWriter, imagePath, loadImage, saveImage, serializeImage } from '../../../sim/fe/persistence.js';
import { defaultOptions, FeState, type ReplicationJob, type Transaction } from '../../../sim/fe/state.js';

const dirs: string[] = [];
const tmp = () => {
  const d = mkdtempSync(join(tmpdir(), 'srsync-persist-'));
  dirs.push(d);
  return d;
};
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

const options = defaultOptions({ name: 'src', objectStore: '/tmp/os', cnCount: 2 });

function physical(s: FeState, parentId: number, version: number): PhysicalPartition {
  const id = s.allocId();
  const indexId = s.allocId();
  return {
    id,
    parentId,
    visibleVersion: version,
    visibleVersionTime: 1764000000000,
    nextVersion: version + 1,
    dataVersion: version,
    committedDataVersion: version,
    committedVersion: version,
    versionEpoch: 0,
    versionTxnType: 'TXN_NORMAL',
    compactVersion: 1,
    metaSwitchVersion: 0,
    indexes: [
      {
        id: indexId,
        tablets: [
          { id: s.allocId(), backendId: s.cns[0]!.id },
          { id: s.allocId(), backendId: s.cns[1]!.id },
        ],
      },
    ],
    dataSize: 2048,
    rowCount: 10,
    lastCompactedDataVersion: 1,
  };
}

function partition(s: FeState, name: string, lower: string, upper: string): Partition {
  const id = s.allocId();
  return {
    id,
    name,
    bound: { kind: 'range', lower: [lower], upper: [upper] },
    buckets: 2,
    isTemp: false,
    physicalPartitions: [physical(s, id, 3)],
    dataCacheEnable: true,
  };
}

/** An FeState with a volume, a database holding a partitioned table and a view, a transaction and a job. */
function populated(): FeState {
  const s = new FeState(options);
  s.catalog.storageVolumes.set('builtin_storage_volume', {
    id: 'builtin_storage_volume',
    name: 'builtin_storage_volume',
    type: 'S3',
    locations: ['s3://src-bucket/'],
    params: { 'aws.s3.region': 'us-east-1' },
    enabled: true,
    comment: '',
    virtualTabletIds: { 'svc-1': 99 },
  });
  s.catalog.defaultStorageVolume = 'builtin_storage_volume';
  const db: Database = { id: s.allocId(), name: 'db1', tables: new Map(), createTime: 1764000000000 };
  const tableId = s.allocId();
  const table: OlapTable = {
    kind: 'olap',
    id: tableId,
    name: 't1',
    type: 'CLOUD_NATIVE',
    state: 'NORMAL',
    keysType: 'DUP_KEYS',
    columns: [
      { name: 'dt', type: 'date', isKey: true, aggType: null, nullable: false, defaultValue: null, autoIncrement: false, comment: '' },
      {
        name: 'v',
        type: 'varchar(64)',
        isKey: false,
        aggType: null,
        nullable: true,
        defaultValue: 'x',
        autoIncrement: false,
        comment: 'a "quoted" ✓',
      },
    ],
    keyColumns: ['dt'],
    partitionInfo: { type: 'RANGE', columns: ['dt'], exprText: null, automatic: false },
    distribution: { type: 'HASH', columns: ['dt'], buckets: 2 },
    sortKeys: [],
    properties: { replication_num: '1', __map__: 'not a map' },
    storageVolumeId: 'builtin_storage_volume',
    bitmapIndexes: [],
    comment: '',
    baseIndex: { indexId: s.allocId(), name: 't1', schemaVersion: 0, schemaHash: 123456, shortKeyColumnCount: 1 },
    partitions: [],
    hasDelete: false,
    createTime: 1764000000000,
    mv: null,
  };
  table.partitions.push(partition(s, 'p1', '2026-01-01', '2026-02-01'), partition(s, 'p2', '2026-02-01', '2026-03-01'));
  table.partitions[1]!.bound = { kind: 'range', lower: ['2026-02-01'], upper: [null] };
  const view: ViewTable = { kind: 'view', id: s.allocId(), name: 'v1', columnNames: null, query: 'SELECT * FROM t1', comment: '', createTime: 1 };
  db.tables.set('t1', table);
  db.tables.set('v1', view);
  s.catalog.databases.set('db1', db);
  s.catalog.databases.set('empty', { id: s.allocId(), name: 'empty', tables: new Map(), createTime: 2 });
  const txn: Transaction = {
    id: s.allocTxnId(),
    dbId: db.id,
    label: 'insert_abc',
    coordinator: 'FE: 127.0.0.1',
    status: 'VISIBLE',
    sourceType: 'INSERT_STREAMING',
    prepareTime: 1,
    preparedTime: -1,
    commitTime: 2,
    publishTime: 3,
    finishTime: 4,
    reason: '',
    errorReplicasCount: 0,
    listenerId: tableId,
    timeoutMs: 300000,
    preparedTimeoutMs: 86400000,
    errMsg: '',
    tableIds: [tableId],
    committedPartitions: { [String(tableId)]: { '10010': 3 } },
  };
  s.transactions.set(txn.id, txn);
  const job: ReplicationJob = {
    jobId: 'job-1',
    dbId: db.id,
    tableId,
    txnId: -1,
    createdTime: 5,
    finishedTime: -1,
    state: 'REPLICATING',
    error: '',
    srcDbId: 20001,
    srcTableId: 20002,
    srcServiceId: 'svc-1',
    srcStorageVolumeName: 'src_vol',
    virtualTabletId: 99,
    srcTableDataSize: 4096,
    replicationDataSize: 1024,
    partitions: [{ physicalPartitionId: 10010, srcPartitionId: 20010, srcVersion: 3, srcVersionEpoch: 0, baseDataVersion: 1 }],
    tasks: [
      {
        tabletId: 1,
        srcTabletId: 2,
        physicalPartitionId: 10010,
        srcPartitionId: 20010,
        indexId: 3,
        srcSchemaHash: 4,
        srcVersion: 3,
        backendId: 10001,
        state: 'FINISHED',
        error: '',
        result: { files: ['a.dat'], rows: 10 },
      },
    ],
  };
  s.replicationJobs.set(job.jobId, job);
  s.config.set('replication_max_parallel_table_count', '7');
  return s;
}

describe('FE image', () => {
  it('round-trips an FeState: catalog Maps, partitions, transactions, jobs, config, id counters', () => {
    const dir = tmp();
    const before = populated();
    saveImage(dir, before.toData());
    const data = loadImage(dir)!;
    expect(data.catalog.databases).toBeInstanceOf(Map);
    expect(data.catalog.databases.get('db1')!.tables).toBeInstanceOf(Map);
    expect(data.catalog.storageVolumes).toBeInstanceOf(Map);
    const after = new FeState(options, data);
    expect(after.toData()).toEqual(before.toData());
    expect([...after.getDb('db1').tables.keys()]).toEqual(['t1', 'v1']);
    expect(after.getOlapTable('db1', 't1').partitions[1]!.bound).toEqual({ kind: 'range', lower: ['2026-02-01'], upper: [null] });
    expect(after.transactions.get(1)!.label).toBe('insert_abc');
    expect(after.replicationJobs.get('job-1')!.tasks[0]!.result).toEqual({ files: ['a.dat'], rows: 10 });
    expect(after.config.get('replication_max_parallel_table_count')).toBe('7');
    expect(after.serviceId).toBe(before.serviceId);
    expect(after.allocId()).toBe(before.allocId()); // the id generator continues where it stopped
    expect(after.allocTxnId()).toBe(2);
  });

  it('returns null when there is no image, and names the file when the image is corrupt', () => {
    const dir = tmp();
    expect(loadImage(dir)).toBeNull();
    writeFileSync(imagePath(dir), '{"format":1,"data":');
    expect(() => loadImage(dir)).toThrow(imagePath(dir));
    writeFileSync(imagePath(dir), '{"format":99,"data":{}}');
    expect(() => loadImage(dir)).toThrow(/unsupported FE image format 99/);
  });

  it('writes atomically: no temp file is left, and saving twice replaces the image', () => {
    const dir = join(tmp(), 'nested', 'data');
    const s = populated();
    saveImage(dir, s.toData());
    s.catalog.databases.delete('empty');
    saveImage(dir, s.toData());
    expect(readdirSync(dir)).toEqual(['image.json']);
    expect([...loadImage(dir)!.catalog.databases.keys()]).toEqual(['db1']);
  });

  it('serializes Maps with a tag that a plain object does not collide with', () => {
    const s = populated();
    const back = deserializeImage(serializeImage(s.toData()));
    const t = back.catalog.databases.get('db1')!.tables.get('t1') as OlapTable;
    expect(t.properties).toEqual({ replication_num: '1', __map__: 'not a map' });
  });
});

describe('ImageWriter', () => {
  it('coalesces many changes into one save, and flush() saves synchronously', async () => {
    const dir = tmp();
    const s = new FeState(options);
    const w = new ImageWriter(dir, () => s.toData(), 30);
    for (let i = 0; i < 100; i++) {
      s.catalog.databases.set(`d${i}`, { id: s.allocId(), name: `d${i}`, tables: new Map(), createTime: 0 });
      w.markDirty();
    }
    expect(w.saveCount()).toBe(0);
    await waitFor(() => w.saveCount() === 1);
    expect(loadImage(dir)!.catalog.databases.size).toBe(100);
    s.catalog.databases.delete('d0');
    w.markDirty();
    w.flush();
    expect(w.saveCount()).toBe(2);
    expect(loadImage(dir)!.catalog.databases.has('d0')).toBe(false);
    w.flush(); // nothing pending: no write
    expect(w.saveCount()).toBe(2);
  });

  it('attachImageWriter saves on FeState.onChange', () => {
    const dir = tmp();
    const s = populated();
    const w = attachImageWriter(s, dir);
    expect(existsSync(imagePath(dir))).toBe(false);
    s.onChange();
    w.flush();
    expect(JSON.parse(readFileSync(imagePath(dir), 'utf8')).format).toBe(1);
    expect(new FeState(options, loadImage(dir)!).toData()).toEqual(s.toData());
  });
});

async function waitFor(cond: () => boolean): Promise<void> {
  for (let i = 0; i < 300 && !cond(); i++) await new Promise((r) => setTimeout(r, 10));
  expect(cond()).toBe(true);
}
