// The one owner of sending replication jobs: its own connections to both clusters (apart from the catalog reads),
// the FE RPC client, and the caches a request is built from (materialized indexes per table, tablets per physical
// partition). Also reads the target's job list and checks that a COMMITTED job's data arrived (arrival.ts).
import { SqlClient } from '../cluster/sql-client.js';
import type { SqlClientOptions, SqlEndpoint } from '../cluster/sql-client.js';
import { FeRpcClient } from '../cluster/fe-rpc-client.js';
import type { ReplicationAnswer, RpcEndpoint } from '../cluster/fe-rpc-client.js';
import { classifyRefusal } from '../cluster/fe-answers.js';
import { ClusterInspector } from '../inspector/inspector.js';
import { buildReplicationRequest, LayoutMismatchError } from '../replication/request-builder.js';
import type { MaterializedIndexInfo, PartitionTablets } from '../model/snapshot.js';
import type { JobArrival, PlannedJob, TargetJobRow } from '../scheduler/replication-scheduler.js';
import { checkArrival } from './arrival.js';

export interface JobSenderOptions {
  source: SqlEndpoint;
  target: SqlEndpoint;
  sql: SqlClientOptions;
  /** The target leader's rpc address (known after the preflight). */
  rpc: () => RpcEndpoint;
  rpcTimeoutMs: number;
  srcServiceId: () => string;
  /** Told when a table's layout changed since its plan (e.g. a rollup added on the source): a full round is due. */
  onLayoutChanged: () => void;
}

export class JobSender {
  private readonly sourceSql: SqlClient;
  private readonly targetSql: SqlClient;
  private readonly source: ClusterInspector;
  private readonly target: ClusterInspector;
  private readonly rpc: FeRpcClient;
  /** Materialized indexes per side and table id: cleared every full round and when a send for the table fails. */
  private readonly indexCache = new Map<string, Promise<MaterializedIndexInfo[]>>();
  /** Tablets never change for a physical partition id (ids are never reused), so they are kept. */
  private readonly tabletCache = new Map<string, PartitionTablets>();

  constructor(private readonly o: JobSenderOptions) {
    this.sourceSql = new SqlClient(o.source, o.sql);
    // One more connection on the target for the job list and the arrival checks.
    this.targetSql = new SqlClient(o.target, { ...o.sql, connectionLimit: o.sql.connectionLimit + 1 });
    this.source = new ClusterInspector(this.sourceSql);
    this.target = new ClusterInspector(this.targetSql);
    this.rpc = new FeRpcClient(o.rpc, o.rpcTimeoutMs);
  }

  close(): Promise<void> {
    return Promise.all([this.sourceSql.close(), this.targetSql.close()]).then(() => undefined);
  }

  /** Tables may have changed (a full round read the catalogs): index schemas are read again. */
  forgetIndexes(): void {
    this.indexCache.clear();
  }

  listTargetJobs(): Promise<TargetJobRow[]> {
    return this.target.replicationJobs();
  }

  checkArrival(job: PlannedJob): Promise<JobArrival> {
    return checkArrival(this.targetSql, job);
  }

  async send(job: PlannedJob, jobId: string): Promise<ReplicationAnswer> {
    const srcKey = `s:${job.srcDbId}:${job.srcTableId}`;
    const tgtKey = `t:${job.tgtDbId}:${job.tgtTableId}`;
    const forget = () => {
      this.indexCache.delete(srcKey);
      this.indexCache.delete(tgtKey);
    };
    try {
      const answer = await this.buildAndSend(job, jobId, srcKey, tgtKey);
      if (answer.kind !== 'accepted' && classifyRefusal(answer.message).kind !== 'in_sync') forget();
      return answer;
    } catch (e) {
      forget();
      if (e instanceof LayoutMismatchError) this.o.onLayoutChanged();
      throw e;
    }
  }

  private async buildAndSend(job: PlannedJob, jobId: string, srcKey: string, tgtKey: string): Promise<ReplicationAnswer> {
    const [srcIndexes, tgtIndexes] = await Promise.all([
      this.indexes(srcKey, this.source, job.srcDbId, job.srcTableId),
      this.indexes(tgtKey, this.target, job.tgtDbId, job.tgtTableId),
    ]);
    const partitions = await Promise.all(
      job.partitions.map(async (p) => {
        const [src, tgt] = await Promise.all([
          this.tablets('s', this.source, job.srcDbId, job.srcTableId, p.srcPhysicalId, srcIndexes),
          this.tablets('t', this.target, job.tgtDbId, job.tgtTableId, p.tgtPhysicalId, tgtIndexes),
        ]);
        return {
          tgtPhysicalId: p.tgtPhysicalId,
          srcPhysicalId: p.srcPhysicalId,
          srcVersion: p.srcVersion,
          srcVersionEpoch: p.srcVersionEpoch,
          src,
          tgt,
        };
      }),
    );
    const request = buildReplicationRequest({
      jobId,
      targetUser: this.o.target.user,
      targetPassword: this.o.target.password,
      tgtDbId: job.tgtDbId,
      tgtTableId: job.tgtTableId,
      srcDbId: job.srcDbId,
      srcTableId: job.srcTableId,
      srcServiceId: this.o.srcServiceId(),
      mirrorVolume: job.mirrorVolume,
      srcTableDataSize: job.dataSize,
      srcIndexes,
      tgtIndexes,
      partitions,
    });
    return this.rpc.startTableReplication(request);
  }

  private indexes(cacheKey: string, inspector: ClusterInspector, dbId: string, tableId: string): Promise<MaterializedIndexInfo[]> {
    let hit = this.indexCache.get(cacheKey);
    if (!hit) {
      hit = inspector.materializedIndexes(dbId, tableId);
      this.indexCache.set(cacheKey, hit);
      hit.catch(() => this.indexCache.delete(cacheKey));
    }
    return hit;
  }

  private async tablets(
    side: string,
    inspector: ClusterInspector,
    dbId: string,
    tableId: string,
    ppId: string,
    indexes: MaterializedIndexInfo[],
  ): Promise<PartitionTablets> {
    const key = `${side}:${ppId}:${indexes.map((i) => i.id).join(',')}`;
    const hit = this.tabletCache.get(key);
    if (hit) return hit;
    const t = await inspector.partitionTablets(dbId, tableId, ppId, indexes);
    this.tabletCache.set(key, t);
    return t;
  }
}
