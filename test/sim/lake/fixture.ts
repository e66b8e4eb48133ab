// Hand-built FeState + catalog objects over a real temp-dir object store, for the sim/lake tests.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type {
  Column,
  Database,
  KeysType,
  OlapTable,
  Partition,
  PartitionBound,
  PartitionInfo,
  PhysicalPartition,
  StorageVolume,
} from '../../../sim/catalog/model.js';
import { FeState, defaultOptions } from '../../../sim/fe/state.js';
import { initPhysicalPartition } from '../../../sim/lake/init.js';
import { partitionDir } from '../../../sim/lake/layout.js';

export interface Fixture {
  fe: FeState;
  root: string;
  db: Database;
  cleanup: () => void;
}

export function newFixture(name = 'src', serviceId = '1018bac0-aeb9-4800-9396-6ee7a48699d8', root?: string): Fixture {
  const dir = root ?? fs.mkdtempSync(path.join(os.tmpdir(), 'srsync-lake-'));
  const fe = new FeState(defaultOptions({ name, objectStore: dir, cnCount: 2 }));
  fe.serviceId = serviceId;
  const vol: StorageVolume = {
    id: `sv-${name}`,
    name: 'builtin_storage_volume',
    type: 'S3',
    locations: [`s3://${name}-bucket/prefix/`],
    params: {},
    enabled: true,
    comment: '',
    virtualTabletIds: {},
  };
  fe.catalog.storageVolumes.set(vol.name, vol);
  fe.catalog.defaultStorageVolume = vol.name;
  const db: Database = { id: fe.allocId(), name: 'db1', tables: new Map(), createTime: Date.now() };
  fe.catalog.databases.set(db.name, db);
  return { fe, root: dir, db, cleanup: () => (root ? undefined : fs.rmSync(dir, { recursive: true, force: true })) };
}

export function col(name: string, type: string, opts: Partial<Column> = {}): Column {
  return { name, type, isKey: false, aggType: null, nullable: true, defaultValue: null, autoIncrement: false, comment: '', ...opts };
}

export const key = (name: string, type: string, opts: Partial<Column> = {}) => col(name, type, { isKey: true, nullable: false, ...opts });

export interface TableSpec {
  name?: string;
  keysType?: KeysType;
  columns?: Column[];
  partitionInfo?: PartitionInfo;
  /** [name, bound] per partition; default one unpartitioned partition named after the table. */
  partitions?: Array<[string, PartitionBound]>;
  buckets?: number;
  distribution?: 'HASH' | 'RANDOM';
  distributionColumns?: string[];
}

export const DEFAULT_COLUMNS = [key('k', 'int(11)'), col('dt', 'date'), col('v', 'varchar(10)')];

export function addTable(fx: Fixture, spec: TableSpec = {}): OlapTable {
  const { fe, db } = fx;
  const columns = spec.columns ?? DEFAULT_COLUMNS;
  const keyColumns = columns.filter((c) => c.isKey).map((c) => c.name);
  const name = spec.name ?? 't1';
  const table: OlapTable = {
    kind: 'olap',
    id: fe.allocId(),
    name,
    type: 'CLOUD_NATIVE',
    state: 'NORMAL',
    keysType: spec.keysType ?? 'DUP_KEYS',
    columns,
    keyColumns,
    partitionInfo: spec.partitionInfo ?? { type: 'UNPARTITIONED', columns: [], exprText: null, automatic: false },
    distribution: {
      type: spec.distribution ?? 'HASH',
      columns: spec.distribution === 'RANDOM' ? [] : (spec.distributionColumns ?? [keyColumns[0]!]),
      buckets: spec.buckets ?? 3,
    },
    sortKeys: [],
    properties: {},
    storageVolumeId: fe.catalog.storageVolumes.get('builtin_storage_volume')!.id,
    bitmapIndexes: [],
    comment: '',
    baseIndex: { indexId: fe.allocId(), name, schemaVersion: 0, schemaHash: 12345, shortKeyColumnCount: 1 },
    partitions: [],
    hasDelete: false,
    createTime: Date.now(),
    mv: null,
  };
  db.tables.set(name, table);
  for (const [pname, bound] of spec.partitions ?? [[name, { kind: 'none' }] as [string, PartitionBound]]) {
    addPartition(fx, table, pname, bound);
  }
  return table;
}

/** Adds a logical partition with one physical partition and initializes it (what sim/ddl does). */
export function addPartition(fx: Fixture, table: OlapTable, name: string, bound: PartitionBound, temp = false): Partition {
  const { fe, db } = fx;
  const id = fe.allocId();
  const buckets = table.distribution.buckets;
  const ppId = fe.allocId();
  const tablets = Array.from({ length: buckets }, (_, i) => ({ id: fe.allocId(), backendId: fe.cns[i % fe.cns.length]!.id }));
  const pp = {
    id: ppId,
    parentId: id,
    indexes: [{ id: table.baseIndex.indexId, tablets }],
  } as unknown as PhysicalPartition;
  const p: Partition = { id, name, bound, buckets, isTemp: temp, physicalPartitions: [pp], dataCacheEnable: true };
  table.partitions.push(p);
  initPhysicalPartition(fe, db, table, pp);
  return p;
}

export const ppOf = (table: OlapTable, name?: string): PhysicalPartition =>
  (name ? table.partitions.find((p) => p.name === name)! : table.partitions[0]!).physicalPartitions[0]!;

export const dirOf = (fx: Fixture, table: OlapTable, pp: PhysicalPartition) => partitionDir(fx.fe, fx.db, table, pp);

export const listDir = (dir: string): string[] => {
  try {
    return fs.readdirSync(dir).sort();
  } catch {
    return [];
  }
};

export const rangeBound = (lower: string | null, upper: string | null): PartitionBound => ({ kind: 'range', lower: [lower], upper: [upper] });
