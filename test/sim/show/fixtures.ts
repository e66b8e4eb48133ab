// Hand-built FeState catalogs for the sim/show tests (no DDL layer involved).
import type {
  Column,
  Database,
  DistributionInfo,
  KeysType,
  OlapTable,
  Partition,
  PartitionBound,
  PartitionInfo,
  PhysicalPartition,
  StorageVolume,
  ViewTable,
} from '../../../sim/catalog/model.js';
import { FeState, defaultOptions } from '../../../sim/fe/state.js';

export const SERVICE_ID = '1018bac0-aeb9-4800-9396-6ee7a48699d8';

export function newFe(): FeState {
  const fe = new FeState(defaultOptions({ name: 'src', objectStore: '/tmp/srsync-show-test', queryPort: 19030, rpcPort: 19020, httpPort: 18030 }));
  fe.serviceId = SERVICE_ID;
  const vol: StorageVolume = {
    id: 'sv-1',
    name: 'builtin_storage_volume',
    type: 'S3',
    locations: ['s3://src-bucket/prefix/'],
    params: { 'aws.s3.region': 'us-east-1', 'aws.s3.endpoint': 'http://127.0.0.1:9000', 'aws.s3.access_key': 'AK', 'aws.s3.secret_key': 'SK' },
    enabled: true,
    comment: '',
    virtualTabletIds: {},
  };
  fe.catalog.storageVolumes.set(vol.name, vol);
  fe.catalog.defaultStorageVolume = vol.name;
  return fe;
}

export function col(name: string, type: string, opts: Partial<Column> = {}): Column {
  return { name, type, isKey: false, aggType: null, nullable: true, defaultValue: null, autoIncrement: false, comment: '', ...opts };
}

export const key = (name: string, type: string, opts: Partial<Column> = {}) => col(name, type, { isKey: true, nullable: false, ...opts });

export function addDb(fe: FeState, name: string): Database {
  const db: Database = { id: fe.allocId(), name, tables: new Map(), createTime: 1_700_000_000_000 };
  fe.catalog.databases.set(name, db);
  return db;
}

export function physical(fe: FeState, parentId: number, indexId: number, tablets: number, opts: Partial<PhysicalPartition> = {}): PhysicalPartition {
  const id = fe.allocId();
  const tabletList = Array.from({ length: tablets }, (_, i) => ({ id: fe.allocId(), backendId: fe.cns[i % fe.cns.length]!.id }));
  return {
    id,
    parentId,
    visibleVersion: 1,
    visibleVersionTime: 1_700_000_000_000,
    nextVersion: 2,
    dataVersion: 1,
    committedDataVersion: 1,
    committedVersion: 1,
    versionEpoch: 123456789,
    versionTxnType: 'TXN_NORMAL',
    compactVersion: 0,
    metaSwitchVersion: 0,
    indexes: [{ id: indexId, tablets: tabletList }],
    dataSize: 0,
    rowCount: 0,
    lastCompactedDataVersion: 1,
    ...opts,
  };
}

export interface TableSpec {
  name: string;
  keysType?: KeysType;
  columns: Column[];
  partitionInfo?: PartitionInfo;
  distribution?: DistributionInfo;
  sortKeys?: string[];
  properties?: Record<string, string>;
  comment?: string;
  /** [name, bound, buckets] per partition; default: one unpartitioned partition named after the table. */
  partitions?: Array<{ name: string; bound: PartitionBound; buckets?: number; temp?: boolean; physical?: number }>;
  bitmapIndexes?: OlapTable['bitmapIndexes'];
  mv?: OlapTable['mv'];
}

export function addTable(fe: FeState, db: Database, spec: TableSpec): OlapTable {
  const id = fe.allocId();
  const indexId = fe.allocId();
  const distribution = spec.distribution ?? { type: 'HASH', columns: [spec.columns[0]!.name], buckets: 3 };
  const partSpecs = spec.partitions ?? [{ name: spec.name, bound: { kind: 'none' as const } }];
  const partitions: Partition[] = partSpecs.map((ps) => {
    const pid = fe.allocId();
    const buckets = ps.buckets ?? (distribution.buckets || 2);
    const n = ps.physical ?? 1;
    const physicalPartitions = Array.from({ length: n }, () => physical(fe, pid, indexId, buckets));
    return { id: pid, name: ps.name, bound: ps.bound, buckets, isTemp: ps.temp ?? false, physicalPartitions, dataCacheEnable: true };
  });
  const t: OlapTable = {
    kind: 'olap',
    id,
    name: spec.name,
    type: 'CLOUD_NATIVE',
    state: 'NORMAL',
    keysType: spec.keysType ?? 'DUP_KEYS',
    columns: spec.columns,
    keyColumns: spec.columns.filter((c) => c.isKey).map((c) => c.name),
    partitionInfo: spec.partitionInfo ?? { type: 'UNPARTITIONED', columns: [], exprText: null, automatic: false },
    distribution,
    sortKeys: spec.sortKeys ?? [],
    properties: spec.properties ?? {},
    storageVolumeId: 'sv-1',
    bitmapIndexes: spec.bitmapIndexes ?? [],
    comment: spec.comment ?? '',
    baseIndex: { indexId, name: spec.name, schemaVersion: 0, schemaHash: 1234567, shortKeyColumnCount: 1 },
    partitions,
    hasDelete: false,
    createTime: 1_700_000_000_000,
    mv: spec.mv ?? null,
  };
  db.tables.set(t.name, t);
  return t;
}

export function addView(fe: FeState, db: Database, name: string, query: string, columnNames: string[] | null = null, comment = ''): ViewTable {
  const v: ViewTable = { kind: 'view', id: fe.allocId(), name, columnNames, query, comment, createTime: 1_700_000_000_000 };
  db.tables.set(name, v);
  return v;
}

export const range = (lower: Array<string | null>, upper: Array<string | null>): PartitionBound => ({ kind: 'range', lower, upper });
export const list = (...values: string[][]): PartitionBound => ({ kind: 'list', values });
