// The simulated FE's whole state as plain data (what an FE image + edit log would hold), plus the options it
// was started with. Subsystems (sim/lake, sim/replication, sim/ddl, sim/show) are classes that operate on it.
import type { AuthData } from '../exec/auth-model.js';
import { randomUUID } from 'node:crypto';
import type { Catalog, ComputeNode, Database, OlapTable, PhysicalPartition, StorageVolume, Table } from '../catalog/model.js';
import { FeConfig } from './config.js';
import { SimError } from './errors.js';

export interface Latencies {
  /** Added to every DDL statement (CREATE/DROP/ALTER ...), ms. */
  ddlMs: number;
  /** Added to every query / SHOW statement, ms. */
  queryMs: number;
  /** Added to every Thrift RPC, ms. */
  rpcMs: number;
}

export interface SimOptions {
  name: string;
  queryPort: number;
  rpcPort: number;
  httpPort: number;
  /** Root of the simulated object store: `s3://bucket/prefix` is `<objectStore>/bucket/prefix`. */
  objectStore: string;
  dataDir?: string;
  version: string;
  commitHash: string;
  runMode: 'shared_data' | 'shared_nothing';
  rootPassword: string;
  cnCount: number;
  builtinVolumeName: string;
  /** Location of the builtin storage volume, default `s3://<name>-bucket/`. */
  builtinVolumeLocation: string;
  latencies: Latencies;
  /** Background daemon tick (compaction, vacuum, replication scheduling), ms. StarRocks' replication daemon: 100. */
  daemonIntervalMs: number;
  /** Per-CN copy bandwidth limit, bytes/s (0 = unlimited). */
  cnBandwidthBytesPerSec: number;
  /** Per-CN replication_threads (0 = 4 × cores as in StarRocks; the simulator counts 2 cores → 8). */
  cnReplicationThreads: number;
  /** Static FE config `enable_http_auth` (fe.conf; start flag --enable-http-auth); absent = as configured (default off). */
  enableHttpAuth?: boolean;
  /**
   * Whether the CNs read a bundled source tablet's metadata during replication (PR #77362; start flag
   * --cn-bundle-fallback). absent = true (the simulator models 4.1.x with the fix); false = a CN before it.
   */
  cnBundleFallback?: boolean;
}

export const DEFAULT_LATENCIES: Latencies = { ddlMs: 3, queryMs: 1, rpcMs: 2 };

export function defaultOptions(partial: Partial<SimOptions> & { name: string; objectStore: string }): SimOptions {
  const o: SimOptions = {
    queryPort: 0,
    rpcPort: 0,
    httpPort: 0,
    version: '4.1.0',
    commitHash: 'a1b2c3d',
    runMode: 'shared_data',
    rootPassword: '',
    cnCount: 3,
    builtinVolumeName: 'builtin_storage_volume',
    builtinVolumeLocation: `s3://${partial.name}-bucket/`,
    latencies: { ...DEFAULT_LATENCIES },
    daemonIntervalMs: 100,
    cnBandwidthBytesPerSec: 0,
    cnReplicationThreads: 0,
    ...partial,
  };
  return o;
}

export type TxnStatus = 'UNKNOWN' | 'PREPARE' | 'PREPARED' | 'COMMITTED' | 'VISIBLE' | 'ABORTED';
export type TxnSourceType = 'BACKEND_STREAMING' | 'INSERT_STREAMING' | 'LAKE_COMPACTION' | 'REPLICATION';

export interface Transaction {
  id: number;
  dbId: number;
  label: string;
  coordinator: string;
  status: TxnStatus;
  sourceType: TxnSourceType;
  /** epoch ms, or -1 when unset (printed `\N`). */
  prepareTime: number;
  preparedTime: number;
  commitTime: number;
  publishTime: number;
  finishTime: number;
  reason: string;
  errorReplicasCount: number;
  listenerId: number;
  timeoutMs: number;
  preparedTimeoutMs: number;
  errMsg: string;
  tableIds: number[];
  /** tableId → physicalPartitionId → committed version (filled at commit). */
  committedPartitions: Record<string, Record<string, number>>;
}

export type ReplicationJobState = 'INITIALIZING' | 'SNAPSHOTING' | 'REPLICATING' | 'COMMITTED' | 'ABORTED';

/** One replication task: copy one source tablet at src_version into one target tablet. */
export interface ReplicationTask {
  tabletId: number;
  srcTabletId: number;
  physicalPartitionId: number;
  srcPartitionId: number;
  indexId: number;
  srcSchemaHash: number;
  srcVersion: number;
  backendId: number;
  state: 'PENDING' | 'RUNNING' | 'FINISHED' | 'FAILED';
  error: string;
  /** Files written into the target tablet's data/ dir and the resulting tablet metadata (set when FINISHED). */
  result: unknown;
}

export interface ReplicationPartitionPlan {
  physicalPartitionId: number;
  srcPartitionId: number;
  srcVersion: number;
  srcVersionEpoch: number;
  /** Target DataVersion when the job was created (the PR #68223 guard compares against it at commit). */
  baseDataVersion: number;
}

export interface ReplicationJob {
  jobId: string;
  dbId: number;
  tableId: number;
  txnId: number; // -1 until the txn begins
  createdTime: number;
  finishedTime: number; // -1 until COMMITTED/ABORTED
  state: ReplicationJobState;
  error: string;
  srcDbId: number;
  srcTableId: number;
  srcServiceId: string;
  srcStorageVolumeName: string;
  /** Mirror volume's virtual tablet id (StorageVolumeMgr.getOrCreateVirtualTabletId). */
  virtualTabletId: number;
  srcTableDataSize: number;
  replicationDataSize: number;
  partitions: ReplicationPartitionPlan[];
  tasks: ReplicationTask[];
}

/** Everything an FE image holds. Serializable by sim/fe/persistence. */
export interface FeData {
  nextId: number;
  nextTxnId: number;
  serviceId: string;
  catalog: Catalog;
  config: Record<string, string>;
  cns: ComputeNode[];
  transactions: Transaction[];
  replicationJobs: ReplicationJob[];
  /** Users other than root (sim/exec/users.ts); absent in older images. */
  users?: Map<string, { password: string; system: string[]; object: string[]; roles: string[] }>;
  /** Users, roles and grants (sim/exec/auth-model.ts); absent in older images. */
  auth?: AuthData;
}

export class FeState {
  readonly catalog: Catalog;
  readonly config: FeConfig;
  readonly cns: ComputeNode[];
  readonly transactions: Map<number, Transaction>;
  /** Latest job per table is what SHOW PROC '/replications' keeps; all jobs by id here, pruned by ReplicationMgr. */
  readonly replicationJobs: Map<string, ReplicationJob>;
  serviceId: string;
  readonly users: NonNullable<FeData['users']>;
  /** Users, roles and grants; created by sim/exec/users.ts on first use. */
  auth: AuthData | undefined;
  private nextIdValue: number;
  private nextTxnIdValue: number;
  /** Called after every state change that must survive a restart; set by persistence when --data-dir is given. */
  onChange: () => void = () => {};
  readonly startTime = Date.now();

  constructor(
    readonly options: SimOptions,
    data?: FeData,
  ) {
    if (data) {
      this.catalog = data.catalog;
      this.config = new FeConfig(data.config);
      this.cns = data.cns;
      this.transactions = new Map(data.transactions.map((t) => [t.id, t]));
      this.replicationJobs = new Map(data.replicationJobs.map((j) => [j.jobId, j]));
      this.serviceId = data.serviceId;
      this.users = data.users ?? new Map();
      this.auth = data.auth;
      this.nextIdValue = data.nextId;
      this.nextTxnIdValue = data.nextTxnId;
    } else {
      this.catalog = { databases: new Map(), storageVolumes: new Map(), defaultStorageVolume: '' };
      this.config = new FeConfig();
      this.cns = [];
      this.transactions = new Map();
      this.replicationJobs = new Map();
      this.serviceId = randomUUID();
      this.users = new Map();
      this.auth = undefined;
      // StarRocks' first ids: 10000+ (GlobalStateMgr.NEXT_ID_INIT_VALUE = 10000); CNs get ids from the same generator.
      this.nextIdValue = 10001;
      this.nextTxnIdValue = 1;
      for (let i = 0; i < options.cnCount; i++) {
        this.cns.push({
          id: this.allocId(),
          host: '127.0.0.1',
          replicationThreads: options.cnReplicationThreads,
          bandwidthBytesPerSec: options.cnBandwidthBytesPerSec,
        });
      }
    }
    // enable_range_distribution's default follows --version (4.1: false, 4.2+: true) unless the image sets it.
    this.config.applyVersionDefaults(options.version, data?.config);
    this.config.setInternal('run_mode', options.runMode);
    this.config.setInternal('http_port', String(options.httpPort));
    this.config.setInternal('rpc_port', String(options.rpcPort));
    this.config.setInternal('query_port', String(options.queryPort));
  }

  /** GlobalStateMgr.getNextId(): one ascending id space for dbs, tables, partitions, indexes, tablets. */
  allocId(): number {
    return this.nextIdValue++;
  }

  allocTxnId(): number {
    return this.nextTxnIdValue++;
  }

  toData(): FeData {
    return {
      nextId: this.nextIdValue,
      nextTxnId: this.nextTxnIdValue,
      serviceId: this.serviceId,
      catalog: this.catalog,
      config: this.config.toJSON(),
      cns: this.cns,
      transactions: [...this.transactions.values()],
      replicationJobs: [...this.replicationJobs.values()],
      users: this.users,
      ...(this.auth ? { auth: this.auth } : {}),
    };
  }

  // ---- lookups shared by every subsystem ----

  getDb(name: string): Database {
    const db = this.catalog.databases.get(name);
    if (!db) throw new SimError(1049, `Unknown database '${name}'`, '42000');
    return db;
  }

  findDbById(id: number): Database | undefined {
    for (const db of this.catalog.databases.values()) if (db.id === id) return db;
    return undefined;
  }

  findTableById(db: Database, id: number): Table | undefined {
    for (const t of db.tables.values()) if (t.id === id) return t;
    return undefined;
  }

  getTable(dbName: string, tableName: string): Table {
    const db = this.getDb(dbName);
    const t = db.tables.get(tableName);
    if (!t) throw new SimError(5501, `Getting analyzing error. Detail message: Unknown table '${dbName}.${tableName}'.`, '42000');
    return t;
  }

  getOlapTable(dbName: string, tableName: string): OlapTable {
    const t = this.getTable(dbName, tableName);
    if (t.kind !== 'olap') throw new SimError(1064, `Getting analyzing error. Detail message: Table '${tableName}' is not a OLAP table.`, '42000');
    return t;
  }

  storageVolumeById(id: string): StorageVolume | undefined {
    for (const v of this.catalog.storageVolumes.values()) if (v.id === id) return v;
    return undefined;
  }

  /** All physical partitions of a table, in partition then physical-id order. */
  static physicalPartitions(t: OlapTable): PhysicalPartition[] {
    return t.partitions.flatMap((p) => p.physicalPartitions);
  }
}
