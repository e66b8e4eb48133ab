// Two hand-built simulated FEs (source and target) over one temp object store, with matching lake tables,
// source data written as real segment files + tablet metadata, a request builder (reference §3), and a real
// Thrift client (TBufferedTransport + TBinaryProtocol) that reports a closed connection instead of hanging.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import net from 'node:net';
import { randomBytes } from 'node:crypto';
import type { Database, OlapTable, Partition, PhysicalPartition, StorageVolume } from '../../../sim/catalog/model.js';
import { FeState, defaultOptions } from '../../../sim/fe/state.js';
import { initPhysicalPartition } from '../../../sim/lake/init.js';
import { partitionDir } from '../../../sim/lake/layout.js';
import { dataDir, readTabletMeta, writeTabletMeta, type Rowset } from '../../../sim/lake/tablet-meta.js';
import { TxnManager } from '../../../sim/lake/txn.js';
import { objectStorePaths } from '../../../sim/replication/paths.js';
import { ReplicationMgr } from '../../../sim/replication/replication-mgr.js';
import {
  FrontendService,
  TRunMode,
  TTableType,
  thrift,
  type PartitionReplicationInfo,
  type TableReplicationRequest,
  type TableReplicationResponse,
} from '../../../idl/thrift.js';

export const MIRROR = 'src_builtin_storage_volume';

export function tempRoot(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'srsync-repl-'));
}

export function addVolume(fe: FeState, name: string, location: string): StorageVolume {
  const v: StorageVolume = {
    id: `sv-${fe.options.name}-${name}`,
    name,
    type: 'S3',
    locations: [location],
    params: {},
    enabled: true,
    comment: '',
    virtualTabletIds: {},
  };
  fe.catalog.storageVolumes.set(name, v);
  return v;
}

export function makeFe(name: string, root: string, skipIds = 0): FeState {
  const fe = new FeState(defaultOptions({ name, objectStore: root, cnCount: 3 }));
  for (let i = 0; i < skipIds; i++) fe.allocId(); // keep source and target ids apart
  addVolume(fe, 'builtin_storage_volume', `s3://${name}-bucket/`);
  fe.catalog.defaultStorageVolume = 'builtin_storage_volume';
  return fe;
}

export interface TableSpec {
  db?: string;
  table?: string;
  partitions?: number;
  buckets?: number;
}

/** A cloud-native DUP_KEYS table with `partitions` single-physical-partition partitions of `buckets` tablets. */
export function addTable(fe: FeState, spec: TableSpec = {}): { db: Database; table: OlapTable } {
  const dbName = spec.db ?? 'db1';
  let db = fe.catalog.databases.get(dbName);
  if (!db) {
    db = { id: fe.allocId(), name: dbName, tables: new Map(), createTime: Date.now() };
    fe.catalog.databases.set(dbName, db);
  }
  const volume = fe.catalog.storageVolumes.get('builtin_storage_volume')!;
  const tableId = fe.allocId();
  const indexId = fe.allocId();
  const table: OlapTable = {
    kind: 'olap',
    id: tableId,
    name: spec.table ?? 't1',
    type: 'CLOUD_NATIVE',
    state: 'NORMAL',
    keysType: 'DUP_KEYS',
    columns: [
      { name: 'k', type: 'int(11)', isKey: true, aggType: null, nullable: true, defaultValue: null, autoIncrement: false, comment: '' },
      { name: 'v', type: 'varchar(64)', isKey: false, aggType: null, nullable: true, defaultValue: null, autoIncrement: false, comment: '' },
    ],
    keyColumns: ['k'],
    partitionInfo: { type: 'RANGE', columns: ['k'], exprText: null, automatic: false },
    distribution: { type: 'HASH', columns: ['k'], buckets: spec.buckets ?? 3 },
    sortKeys: [],
    properties: { replication_num: '1' },
    storageVolumeId: volume.id,
    bitmapIndexes: [],
    comment: '',
    baseIndex: { indexId, name: spec.table ?? 't1', schemaVersion: 0, schemaHash: 123456 + tableId, shortKeyColumnCount: 1 },
    partitions: [],
    hasDelete: false,
    createTime: Date.now(),
    mv: null,
  };
  db.tables.set(table.name, table);
  for (let p = 0; p < (spec.partitions ?? 2); p++) {
    const partId = fe.allocId();
    const ppId = partId; // a partition's first physical partition shares its id
    const tablets = [];
    for (let b = 0; b < (spec.buckets ?? 3); b++) tablets.push({ id: fe.allocId(), backendId: fe.cns[b % fe.cns.length]!.id });
    const pp = { id: ppId, parentId: partId, indexes: [{ id: indexId, tablets }] } as unknown as PhysicalPartition;
    const part: Partition = {
      id: partId,
      name: `p${p}`,
      bound: { kind: 'range', lower: [String(p * 100)], upper: [String((p + 1) * 100)] },
      buckets: spec.buckets ?? 3,
      isTemp: false,
      physicalPartitions: [pp],
      dataCacheEnable: true,
    };
    table.partitions.push(part);
    initPhysicalPartition(fe, db, table, pp);
  }
  return { db, table };
}

/**
 * Simulates `loads` loads on a source physical partition: each writes one segment per tablet and a new tablet
 * metadata version holding every rowset so far; the partition's versions move as a load's would.
 */
export function loadSource(fe: FeState, db: Database, table: OlapTable, pp: PhysicalPartition, loads: number): void {
  const dir = partitionDir(fe, db, table, pp);
  for (let i = 0; i < loads; i++) {
    const from = pp.visibleVersion;
    const to = from + 1;
    const txnId = fe.allocTxnId();
    let bytes = 0;
    let rows = 0;
    for (const tablet of pp.indexes[0]!.tablets) {
      const prev = readTabletMeta(dir, tablet.id, from);
      const file = `${txnId.toString(16).padStart(16, '0')}_${tablet.id}_${to}.dat`;
      const body = randomBytes(200 + (tablet.id % 7) * 10);
      fs.mkdirSync(dataDir(dir), { recursive: true });
      fs.writeFileSync(path.join(dataDir(dir), file), body);
      const rowsets: Rowset[] = [...(prev?.rowsets ?? []), { txnId, segments: [{ file, numRows: 5, dataSize: body.length }] }];
      writeTabletMeta(dir, { id: tablet.id, version: to, schemaHash: table.baseIndex.schemaHash, rowsets, commitTime: Date.now() });
      for (const r of rowsets)
        for (const s of r.segments) {
          bytes += s.dataSize;
          rows += s.numRows;
        }
    }
    pp.visibleVersion = to;
    pp.nextVersion = to + 1;
    pp.dataVersion = to;
    pp.committedVersion = to;
    pp.committedDataVersion = to;
    pp.versionTxnType = 'TXN_NORMAL';
    pp.dataSize = bytes;
    pp.rowCount = rows;
  }
}

export const physical = (t: OlapTable) => FeState.physicalPartitions(t);

export interface Pair {
  src: { fe: FeState; db: Database; table: OlapTable };
  tgt: { fe: FeState; db: Database; table: OlapTable };
}

/** The request srsync sends (reference §3): partitions paired by position, tablets by position. */
export function buildRequest(pair: Pair, opts: { jobId?: string; partitions?: number[] } = {}): TableReplicationRequest {
  const { src, tgt } = pair;
  const srcPps = physical(src.table);
  const tgtPps = physical(tgt.table);
  const infos: Record<string, PartitionReplicationInfo> = {};
  tgtPps.forEach((tp, i) => {
    if (opts.partitions && !opts.partitions.includes(i)) return;
    const sp = srcPps[i]!;
    const index = tp.indexes[0]!;
    const srcIndex = sp.indexes[0]!;
    infos[String(tp.id)] = {
      partition_id: String(tp.id),
      src_version: String(sp.visibleVersion),
      src_version_epoch: String(sp.versionEpoch),
      src_partition_id: String(sp.id),
      index_replication_infos: {
        [String(index.id)]: {
          index_id: String(index.id),
          src_schema_hash: src.table.baseIndex.schemaHash,
          tablet_replication_infos: Object.fromEntries(
            index.tablets.map((t, b) => [
              String(t.id),
              { tablet_id: String(t.id), src_tablet_id: String(srcIndex.tablets[b]!.id), replica_replication_infos: [] },
            ]),
          ),
        },
      },
    };
  });
  return {
    username: 'root',
    password: '',
    database_id: String(tgt.db.id),
    table_id: String(tgt.table.id),
    src_token: '',
    src_table_type: TTableType.OLAP_TABLE,
    src_table_data_size: String(physical(src.table).reduce((n, p) => n + p.dataSize, 0)),
    partition_replication_infos: infos,
    job_id: opts.jobId ?? `job-${Math.random().toString(36).slice(2)}`,
    src_cluster_run_mode: TRunMode.SHARED_DATA,
    src_storage_volume_name: MIRROR,
    src_service_id: src.fe.serviceId,
    src_database_id: String(src.db.id),
    src_table_id: String(src.table.id),
  };
}

export interface World extends Pair {
  root: string;
  mgr: ReplicationMgr;
  txns: TxnManager;
}

/** Source (loaded `loads` times per partition) and target clusters, a mirror volume, and the target's ReplicationMgr. */
export function makeWorld(spec: TableSpec & { loads?: number } = {}): World {
  const root = tempRoot();
  const srcFe = makeFe('src', root);
  const tgtFe = makeFe('tgt', root, 5000);
  addVolume(tgtFe, MIRROR, 's3://src-bucket/');
  const src = { fe: srcFe, ...addTable(srcFe, spec) };
  const tgt = { fe: tgtFe, ...addTable(tgtFe, spec) };
  for (const pp of physical(src.table)) loadSource(srcFe, src.db, src.table, pp, spec.loads ?? 2);
  const txns = new TxnManager(tgtFe);
  const mgr = new ReplicationMgr(tgtFe, { txns, ...objectStorePaths(tgtFe) });
  return { root, src, tgt, mgr, txns };
}

export function addTargetTable(w: World, name: string, spec: TableSpec = {}): Pair {
  const src = { fe: w.src.fe, ...addTable(w.src.fe, { ...spec, table: name }) };
  const tgt = { fe: w.tgt.fe, ...addTable(w.tgt.fe, { ...spec, table: name }) };
  for (const pp of physical(src.table)) loadSource(src.fe, src.db, src.table, pp, 2);
  return { src, tgt };
}

/** Ticks the daemon (and lets CN copies finish) until the job is final and its txn is final, or `max` rounds. */
export async function runToEnd(w: World, jobId: string, max = 50): Promise<void> {
  for (let i = 0; i < max; i++) {
    await w.mgr.tick();
    await w.mgr.idle();
    const job = w.tgt.fe.replicationJobs.get(jobId);
    const txn = job && job.txnId > 0 ? w.tgt.fe.transactions.get(job.txnId) : undefined;
    if (job && (job.state === 'ABORTED' || (job.state === 'COMMITTED' && txn?.status === 'VISIBLE'))) return;
  }
  throw new Error(`job ${jobId} did not finish`);
}

// ---------------------------------------------------------------- a real Thrift client

export type CallOutcome = { kind: 'reply'; res: TableReplicationResponse } | { kind: 'closed' } | { kind: 'error'; error: Error };

/** One call on a fresh connection; settles on reply, on error, or when the server closes the connection. */
export function callStartTableReplication(port: number, req: TableReplicationRequest | Record<string, unknown>): Promise<CallOutcome> {
  return new Promise((resolve) => {
    const conn = thrift.createConnection('127.0.0.1', port, { transport: thrift.TBufferedTransport, protocol: thrift.TBinaryProtocol });
    const client = thrift.createClient(FrontendService, conn) as unknown as {
      startTableReplication(r: unknown): Promise<TableReplicationResponse>;
    };
    let done = false;
    const finish = (o: CallOutcome) => {
      if (done) return;
      done = true;
      conn.end();
      resolve(o);
    };
    conn.on('error', (e: Error) => finish({ kind: 'error', error: e }));
    conn.on('close', () => finish({ kind: 'closed' }));
    client.startTableReplication(req).then(
      (res) => finish({ kind: 'reply', res }),
      (e: unknown) => finish({ kind: 'error', error: e instanceof Error ? e : new Error(String(e)) }),
    );
  });
}

/** Sends raw bytes on a fresh socket; collects what comes back until `complete(received)` or the server closes. */
export function rawExchange(port: number, bytes: Buffer, complete: (received: Buffer) => boolean): Promise<{ data: Buffer; closed: boolean }> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let settled = false;
    const s = net.connect(port, '127.0.0.1', () => s.write(bytes));
    const done = (closed: boolean) => {
      if (settled) return;
      settled = true;
      s.destroy();
      resolve({ data: Buffer.concat(chunks), closed });
    };
    s.on('data', (d) => {
      chunks.push(d);
      if (complete(Buffer.concat(chunks))) done(false);
    });
    s.on('close', () => done(true));
    s.on('error', (e) => (settled ? undefined : reject(e)));
  });
}
