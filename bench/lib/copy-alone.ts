// The copy itself, without srsync: reads what a replication request needs straight from both simulated FEs
// (SHOW PROC, partitions_meta, GET /service_id), builds one TTableReplicationRequest per table (reference §3:
// indexes paired by name, tablets by bucket order) and sends them all at once over Thrift. None of srsync's code is
// used (only the shared Thrift contract in idl/), so the time measured is the simulated CNs' copy plus the target
// FE's job daemon (begin, tasks, commit, publish), the floor any tool pays for the same bytes.
import http from 'node:http';
import { FrontendService, thrift, TRunMode, TStatusCode, TTableType } from '../../idl/thrift.js';
import type { IndexReplicationInfo, PartitionReplicationInfo, TableReplicationRequest, TableReplicationResponse } from '../../idl/thrift.js';
import type { SimProcess } from '../../harness/sim-pair.js';
import { type Conn, q } from './pair.js';

/** One physical partition as the FE lists it, with its tablets per index (index name → tablet ids by bucket). */
export interface PartitionLayout {
  physicalId: string;
  visibleVersion: number;
  versionEpoch: string;
  dataSize: number;
  tablets: Map<string, { indexId: string; schemaHash: number; tabletIds: string[] }>;
}

export interface TableLayout {
  dbId: string;
  tableId: string;
  /** Keyed by partition name (single physical partition per partition, as normally created tables have). */
  partitions: Map<string, PartitionLayout>;
}

const byId = (a: string, b: string) => (BigInt(a) < BigInt(b) ? -1 : BigInt(a) > BigInt(b) ? 1 : 0);

/** Reads a table's ids, versions, indexes and tablets from one FE. */
export async function tableLayout(c: Conn, db: string, table: string): Promise<TableLayout> {
  const dbId = (await c.rows("SHOW PROC '/dbs'")).find((r) => r['DbName'] === db)?.['DbId'];
  if (!dbId) throw new Error(`no database ${db}`);
  const tableId = (await c.rows(`SHOW PROC '/dbs/${dbId}'`)).find((r) => r['TableName'] === table)?.['TableId'];
  if (!tableId) throw new Error(`no table ${db}.${table}`);
  const indexes = await c.rows(`SHOW PROC '/dbs/${dbId}/${tableId}/index_schema'`);
  const parts = await c.rows(
    `SELECT PARTITION_NAME, PARTITION_ID, VISIBLE_VERSION, VERSION_EPOCH, DATA_SIZE FROM information_schema.partitions_meta WHERE DB_NAME = ${q(db)} AND TABLE_NAME = ${q(table)}`,
  );
  const partitions = new Map<string, PartitionLayout>();
  for (const p of parts) {
    const physicalId = String(p['PARTITION_ID']);
    const tablets = new Map<string, { indexId: string; schemaHash: number; tabletIds: string[] }>();
    for (const idx of indexes) {
      const indexId = String(idx['IndexId']);
      const rows = await c.rows(`SHOW PROC '/dbs/${dbId}/${tableId}/partitions/${physicalId}/${indexId}'`);
      const tabletIds = rows.map((r) => String(r['TabletId'])).sort(byId);
      tablets.set(String(idx['IndexName']), { indexId, schemaHash: Number(idx['SchemaHash']), tabletIds });
    }
    partitions.set(String(p['PARTITION_NAME']), {
      physicalId,
      visibleVersion: Number(p['VISIBLE_VERSION']),
      versionEpoch: String(p['VERSION_EPOCH'] ?? '0'),
      dataSize: Number(p['DATA_SIZE']),
      tablets,
    });
  }
  return { dbId, tableId, partitions };
}

/** The request that copies every partition of `src` into `tgt` (same names, same bucket counts). Pure. */
export function replicationRequest(
  src: TableLayout,
  tgt: TableLayout,
  o: { jobId: string; user: string; password: string; serviceId: string; mirrorVolume: string },
): TableReplicationRequest {
  const infos: Record<string, PartitionReplicationInfo> = {};
  let bytes = 0;
  for (const [name, tp] of tgt.partitions) {
    const sp = src.partitions.get(name);
    if (!sp) throw new Error(`partition ${name} missing on the source`);
    bytes += sp.dataSize;
    const indexes: Record<string, IndexReplicationInfo> = {};
    for (const [indexName, ti] of tp.tablets) {
      const si = sp.tablets.get(indexName);
      if (!si || si.tabletIds.length !== ti.tabletIds.length) throw new Error(`index ${indexName} of ${name} differs between the clusters`);
      const tablets: IndexReplicationInfo['tablet_replication_infos'] = {};
      ti.tabletIds.forEach((id, i) => {
        tablets[id] = { tablet_id: id, src_tablet_id: si.tabletIds[i]!, replica_replication_infos: [] };
      });
      indexes[ti.indexId] = { index_id: ti.indexId, src_schema_hash: si.schemaHash, tablet_replication_infos: tablets };
    }
    infos[tp.physicalId] = {
      partition_id: tp.physicalId,
      src_version: String(sp.visibleVersion),
      index_replication_infos: indexes,
      src_version_epoch: sp.versionEpoch || '0',
      src_partition_id: sp.physicalId,
    };
  }
  return {
    username: o.user,
    password: o.password,
    database_id: tgt.dbId,
    table_id: tgt.tableId,
    src_token: '',
    src_table_type: TTableType.OLAP_TABLE,
    src_table_data_size: String(bytes),
    partition_replication_infos: infos,
    job_id: o.jobId,
    src_cluster_run_mode: TRunMode.SHARED_DATA,
    src_storage_volume_name: o.mirrorVolume,
    src_service_id: o.serviceId,
    src_database_id: src.dbId,
    src_table_id: src.tableId,
  };
}

/** The source FE's StarOS service id (GET /service_id, no credentials: the sim does not ask for them by default). */
export function serviceId(sim: SimProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    http
      .get({ host: '127.0.0.1', port: sim.httpPort, path: '/service_id', agent: false }, (res) => {
        let body = '';
        res.on('data', (d: Buffer) => (body += d.toString()));
        res.on('end', () => {
          const id = (JSON.parse(body) as { service_id?: string }).service_id;
          if (id) resolve(id);
          else reject(new Error(`${sim.name}: GET /service_id answered ${res.statusCode}: ${body}`));
        });
      })
      .on('error', reject);
  });
}

/** One startTableReplication call on a fresh connection; rejects unless the FE answers OK. */
export function sendReplication(sim: SimProcess, req: TableReplicationRequest, timeoutMs = 30_000): Promise<void> {
  return new Promise((resolve, reject) => {
    const conn = thrift.createConnection('127.0.0.1', sim.rpcPort, {
      transport: thrift.TBufferedTransport,
      protocol: thrift.TBinaryProtocol,
      connect_timeout: timeoutMs,
    } as thrift.ConnectOptions);
    let done = false;
    const finish = (e: Error | null) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      conn.end();
      if (e) reject(e);
      else resolve();
    };
    const timer = setTimeout(() => finish(new Error(`startTableReplication timed out after ${timeoutMs} ms`)), timeoutMs);
    conn.on('error', (e: Error) => finish(e));
    const client = thrift.createClient(FrontendService as never, conn) as unknown as {
      startTableReplication(r: TableReplicationRequest): Promise<TableReplicationResponse>;
    };
    client.startTableReplication(req).then(
      (res) => {
        const s = res?.status;
        finish(s?.status_code === TStatusCode.OK ? null : new Error(`startTableReplication refused: ${(s?.error_msgs ?? []).join('; ')}`));
      },
      (e: Error) => finish(e),
    );
  });
}
