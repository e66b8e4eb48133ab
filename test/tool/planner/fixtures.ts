// Small snapshot literals for planner tests. Everything has a default; tests spell out only what matters.
import type {
  ClusterSnapshot,
  ColumnInfo,
  DatabaseInfo,
  MaterializedViewInfo,
  PartitionBound,
  PartitionInfo,
  PhysicalPartitionInfo,
  StorageVolumeInfo,
  TableInfo,
  ViewInfo,
} from '../../../src/model/snapshot.js';

/** Fixtures are built and then edited by the tests: a snapshot value seen as writable (the tool's types are readonly). */
export type Draft<T> = {
  -readonly [P in keyof T]: T[P] extends ReadonlyMap<infer K, infer V> ? Map<K, V> : T[P] extends ReadonlyArray<infer U> ? U[] : T[P];
};

/** `x` as a writable fixture. */
export const draft = <T>(x: T): Draft<T> => x as Draft<T>;

export function col(name: string, type = 'int(11)', o: Partial<ColumnInfo> = {}): ColumnInfo {
  return { name, type, isKey: false, aggType: null, nullable: true, defaultValue: null, autoIncrement: false, comment: '', ...o };
}

export interface PartOpts {
  /** Source/target versions of a single physical partition (visible = data unless `dataVersion` given). */
  version?: number;
  dataVersion?: number;
  epoch?: string;
  txnType?: PhysicalPartitionInfo['versionTxnType'];
  id?: string;
  size?: number;
  buckets?: number;
  bound?: PartitionBound;
  value?: string;
  /** Several physical partitions instead of one. */
  physical?: PhysicalPartitionInfo[];
}

export function phys(id: string, version: number, o: Partial<PhysicalPartitionInfo> = {}): PhysicalPartitionInfo {
  return {
    id,
    visibleVersion: version,
    dataVersion: version,
    nextVersion: version + 1,
    versionEpoch: '1000',
    versionTxnType: 'TXN_NORMAL',
    dataSize: 100,
    rowCount: 10,
    ...o,
  };
}

/** A range partition on a date column: `part('p20240101', {lower:'2024-01-01', upper:'2024-01-02'})`. */
export function part(name: string, o: PartOpts & { lower?: string; upper?: string } = {}): Draft<PartitionInfo> {
  const lower = o.lower ?? '2024-01-01';
  const upper = o.upper ?? '2024-01-02';
  const bound: PartitionBound = o.bound ?? { kind: 'range', lower: [lower], upper: [upper] };
  const version = o.version ?? 1;
  return {
    name,
    value: o.value ?? JSON.stringify(bound),
    bound,
    buckets: o.buckets ?? 4,
    physical: o.physical ?? [
      phys(o.id ?? `${name}-id`, version, {
        dataVersion: o.dataVersion ?? version,
        versionEpoch: o.epoch ?? '1000',
        versionTxnType: o.txnType ?? 'TXN_NORMAL',
        dataSize: o.size ?? 100,
      }),
    ],
  };
}

/** A replicated target partition: TXN_REPLICATION with the source's epoch. */
export function tpart(name: string, o: PartOpts & { lower?: string; upper?: string } = {}): Draft<PartitionInfo> {
  const v = o.dataVersion ?? o.version ?? 1;
  return part(name, { txnType: v > 1 ? 'TXN_REPLICATION' : 'TXN_NORMAL', ...o });
}

export interface TableOpts extends Partial<Omit<TableInfo, 'partitions'>> {
  partitions?: PartitionInfo[];
  /** Build createSql with renderCreateTable (default true). */
  withCreateSql?: boolean;
}

export function table(name: string, o: TableOpts = {}): Draft<TableInfo> {
  const columns = o.columns ?? [
    col('dt', 'date', { isKey: true, nullable: false }),
    col('k1', 'int(11)', { isKey: true, nullable: false }),
    col('v1', 'varchar(65533)'),
  ];
  const keysType = o.keysType ?? 'DUP_KEYS';
  const props: Record<string, string> = {
    compression: 'LZ4',
    'datacache.enable': 'true',
    enable_async_write_back: 'false',
    replication_num: '1',
    storage_volume: o.storageVolume ?? 'builtin_storage_volume',
    ...(keysType === 'PRIMARY_KEYS' ? { enable_persistent_index: 'true', persistent_index_type: 'LOCAL' } : {}),
    ...o.properties,
  };
  const parts = o.partitions ?? [part('p1')];
  const t: TableInfo = {
    id: o.id ?? `${name}-tid`,
    dbName: o.dbName ?? 'db1',
    name,
    engine: 'CLOUD_NATIVE',
    state: o.state ?? 'NORMAL',
    keysType,
    columns,
    keyColumns: o.keyColumns ?? columns.filter((c) => c.isKey).map((c) => c.name),
    partitionType: o.partitionType ?? 'RANGE',
    partitionColumns: o.partitionColumns ?? ['dt'],
    distribution: o.distribution ?? { type: 'HASH', columns: ['k1'], buckets: 4 },
    sortKeys: o.sortKeys ?? [],
    properties: props,
    storageVolume: props['storage_volume']!,
    bitmapIndexes: o.bitmapIndexes ?? [],
    indexes: o.indexes ?? [{ id: `${name}-idx`, name, schemaHash: 1, schemaVersion: 0 }],
    partitions: new Map(parts.map((p) => [p.name, p])),
    createSql: '',
    dataSize: parts.reduce((n, p) => n + p.physical.reduce((a, x) => a + x.dataSize, 0), 0),
  };
  return draft({ ...t, createSql: o.createSql ?? (o.withCreateSql === false ? '' : renderCreateTable(t)) });
}

const q = (s: string) => '`' + s.replace(/`/g, '``') + '`';
const dq = (s: string) => '"' + s.replace(/"/g, '\\"') + '"';

/** SHOW CREATE TABLE as StarRocks prints it for a cloud-native table (reference §6.10). */
export function renderCreateTable(t: TableInfo): string {
  const cols = t.columns.map((c) => {
    let s = `  ${q(c.name)} ${c.type}`;
    if (!c.nullable) s += ' NOT NULL';
    if (c.aggType) s += ` ${c.aggType}`;
    if (c.defaultValue !== null) s += ` DEFAULT ${dq(c.defaultValue)}`;
    if (c.comment) s += ` COMMENT ${dq(c.comment)}`;
    return s;
  });
  const idx = t.bitmapIndexes.map((i) => `  INDEX ${q(i.name)} (${i.columns.map(q).join(', ')}) USING BITMAP COMMENT ${dq(i.comment)}`);
  const keyWord = { DUP_KEYS: 'DUPLICATE', AGG_KEYS: 'AGGREGATE', UNIQUE_KEYS: 'UNIQUE', PRIMARY_KEYS: 'PRIMARY' }[t.keysType];
  let s = `CREATE TABLE ${q(t.name)} (\n${[...cols, ...idx].join(',\n')}\n) ENGINE=OLAP \n${keyWord} KEY(${t.keyColumns.map(q).join(', ')})\nCOMMENT "OLAP"`;
  if (t.partitionType === 'RANGE') {
    const ps = [...t.partitions.values()].map((p) =>
      p.bound.kind === 'range' ? `PARTITION ${q(p.name)} VALUES [(${p.bound.lower.map(dq).join(', ')}), (${p.bound.upper.map(dq).join(', ')}))` : '',
    );
    s += `\nPARTITION BY RANGE(${t.partitionColumns.map(q).join(', ')})\n(${ps.join(',\n')})`;
  } else if (t.partitionType === 'EXPR_RANGE' || t.partitionType === 'EXPR_RANGE_V2') {
    s += `\nPARTITION BY date_trunc('day', ${q(t.partitionColumns[0] ?? 'dt')})`;
  } else if (t.partitionType === 'LIST') {
    s += `\nPARTITION BY (${t.partitionColumns.map(q).join(', ')})`;
  }
  s +=
    t.distribution.type === 'RANDOM'
      ? `\nDISTRIBUTED BY RANDOM BUCKETS ${t.distribution.buckets} `
      : `\nDISTRIBUTED BY HASH(${t.distribution.columns.map(q).join(', ')}) BUCKETS ${t.distribution.buckets} `;
  const keys = Object.keys(t.properties).sort();
  s += `\nPROPERTIES (\n${keys.map((k) => `${dq(k)} = ${dq(t.properties[k]!)}`).join(',\n')}\n);`;
  return s;
}

export function view(name: string, definition: string, o: Partial<ViewInfo> = {}): ViewInfo {
  return {
    id: `${name}-vid`,
    dbName: o.dbName ?? 'db1',
    name,
    definition,
    createSql: o.createSql ?? `CREATE VIEW ${q(name)} (${q('k1')}) COMMENT "" AS ${definition};`,
    ...o,
  };
}

export function mv(name: string, definition: string, o: Partial<MaterializedViewInfo> & { storageVolume?: string } = {}): MaterializedViewInfo {
  const { storageVolume, ...rest } = o;
  const createSql =
    `CREATE MATERIALIZED VIEW ${q(name)} (${q('k1')})\nDISTRIBUTED BY HASH(${q('k1')}) BUCKETS 2 \nREFRESH ASYNC\nPROPERTIES (\n` +
    `"replication_num" = "1",\n"storage_volume" = ${dq(storageVolume ?? 'builtin_storage_volume')}\n)\nAS ${definition};`;
  return { id: `${name}-mvid`, dbName: rest.dbName ?? 'db1', name, definition, createSql, ...rest };
}

export function database(
  name: string,
  o: { id?: string; tables?: TableInfo[]; views?: ViewInfo[]; mvs?: MaterializedViewInfo[] } = {},
): Draft<DatabaseInfo> {
  return {
    id: o.id ?? `${name}-dbid`,
    name,
    tables: new Map((o.tables ?? []).map((t) => [t.name, { ...t, dbName: name }])),
    views: new Map((o.views ?? []).map((v) => [v.name, { ...v, dbName: name }])),
    materializedViews: new Map((o.mvs ?? []).map((m) => [m.name, { ...m, dbName: name }])),
  };
}

export function volume(name: string, isDefault = false): StorageVolumeInfo {
  return { name, type: 'S3', locations: [`s3://bucket/${name}`], isDefault, enabled: true };
}

export function cluster(dbs: DatabaseInfo[], o: { volumes?: string[]; defaultVolume?: string } = {}): Draft<ClusterSnapshot> {
  const names = o.volumes ?? ['builtin_storage_volume'];
  const def = o.defaultVolume ?? names[0] ?? '';
  return {
    takenAt: 0,
    version: '4.1.0',
    runMode: 'shared_data',
    serviceId: 'svc',
    storageVolumes: new Map(names.map((n) => [n, volume(n, n === def)])),
    defaultStorageVolume: def,
    databases: new Map(dbs.map((d) => [d.name, d])),
  };
}

/** The usual target: builtin volume plus the mirror of the source's builtin volume. */
export const TARGET_VOLUMES = ['builtin_storage_volume', 'src_builtin_storage_volume'];

/** A target copy of a source table (new ids), with given target partitions. */
export function targetOf(t: TableInfo, parts: PartitionInfo[], o: TableOpts = {}): Draft<TableInfo> {
  return table(t.name, {
    ...t,
    id: `${t.name}-tgt-tid`,
    properties: { ...t.properties },
    columns: t.columns.map((c) => ({ ...c })),
    keyColumns: [...t.keyColumns],
    partitionColumns: [...t.partitionColumns],
    distribution: { ...t.distribution, columns: [...t.distribution.columns] },
    sortKeys: [...t.sortKeys],
    bitmapIndexes: t.bitmapIndexes.map((i) => ({ ...i, columns: [...i.columns] })),
    partitions: parts,
    createSql: t.createSql,
    ...o,
  });
}
