// The one owner of sending replication jobs: its own connections to both clusters (apart from the catalog reads),
// the FE RPC client (a small pool of persistent connections), and the caches a request is built from
// (materialized indexes per table, tablets per physical partition; both bounded). Jobs are built ahead: as soon as
// the scheduler queues them (prepare), their indexes and tablets are read on both sides, all at once, so a send is
// one shared read of the source's newest versions (fresh-versions.ts) and the RPC. Also reads the target's job
// list and checks that a COMMITTED job's data arrived (arrival.ts; one partitions_meta query for many jobs).
import { SqlClient } from '../cluster/sql-client.js';
import type { SqlClientOptions, SqlEndpoint } from '../cluster/sql-client.js';
import { FeRpcClient } from '../cluster/fe-rpc-client.js';
import type { ReplicationAnswer, RpcEndpoint } from '../cluster/fe-rpc-client.js';
import { classifyRefusal } from '../cluster/fe-answers.js';
import { ClusterInspector } from '../inspector/inspector.js';
import { readIndexes, readPartitionTablets, readPartitionVersions, readRunningCompactions } from '../inspector/bulk-jobs.js';
import type { PartitionVersions, SqlReader } from '../inspector/bulk-jobs.js';
import { buildReplicationRequest, LayoutMismatchError } from '../replication/request-builder.js';
import type { PartitionPair } from '../replication/request-builder.js';
import type { MaterializedIndexInfo, PartitionTablets } from '../model/snapshot.js';
import type { JobArrival, PlannedJob, TargetJobRow } from '../scheduler/replication-scheduler.js';
import { arrivalOf } from './arrival.js';
import { BatchedReader } from './batched-reader.js';
import { BoundedCache } from './bounded-cache.js';
import { freshenJob, mayBeCompacting, PUBLISH_RECHECK_MS, waitForPublish } from './fresh-versions.js';
import type { SourceTableRef } from './planned-jobs.js';
import { WorkQueue } from './work-queue.js';
import type { Logger } from '../log/logger.js';
import { RangeSender } from '../range/send.js';
import { RangeAlignmentError } from '../range/reader.js';
import type { RangeAlignment } from '../range/aligner.js';

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
  /** For the range alignment's lines (split jobs submitted); optional. */
  log?: Pick<Logger, 'info' | 'warn'>;
}

/** Most tables whose index lists are kept (per side); least recently used ones are read again when needed. */
export const INDEX_CACHE_ENTRIES = 20_000;
/** Most physical partitions whose tablet lists are kept (per side). */
export const TABLET_CACHE_ENTRIES = 100_000;

/** What a request is built from besides the job: both sides' indexes and each partition's tablets. */
interface JobLayout {
  srcIndexes: MaterializedIndexInfo[];
  tgtIndexes: MaterializedIndexInfo[];
  tablets: Map<string, { src: PartitionTablets; tgt: PartitionTablets }>;
}

export class JobSender {
  private readonly sourceSql: SqlClient;
  private readonly targetSql: SqlClient;
  /** One connection each for the reads a send or a job's end waits on, never queued behind the reads ahead. */
  private readonly sourceVersionsSql: SqlClient;
  private readonly followSql: SqlClient;
  private readonly target: ClusterInspector;
  private readonly rpc: FeRpcClient;
  /** Materialized indexes per side and table id: cleared every full round and when a send for the table fails. */
  private readonly indexCache = new BoundedCache<string, Promise<MaterializedIndexInfo[]>>(2 * INDEX_CACHE_ENTRIES);
  /** Tablets never change for a physical partition id and index ids (ids are never reused), so they are kept. */
  private readonly tabletCache = new BoundedCache<string, Promise<PartitionTablets>>(2 * TABLET_CACHE_ENTRIES);
  /** Reads for jobs queued and not sent yet, a few at a time (a send's own reads do not queue behind them). */
  private readonly aheadJobs: WorkQueue;
  /** Reads of the source side of tables being created (their jobs do not exist yet). */
  private readonly aheadSource: WorkQueue;
  /** The source's partitions per `db\0table`, read for many sends at once. */
  private readonly sourceVersions: BatchedReader<PartitionVersions[]>;
  /** Per source database id, the physical partitions being compacted now (read only for partitions with loads not compacted). */
  private readonly compactions: BatchedReader<Set<string>>;
  /** The target's partitions per `db\0table`, read for many arrival checks at once. */
  private readonly targetVersions: BatchedReader<PartitionVersions[]>;
  /** Range-distributed tables: topology alignment before a send, tablets paired by range, refusals (src/range/). */
  readonly range: RangeSender;

  constructor(private readonly o: JobSenderOptions) {
    this.sourceSql = new SqlClient(o.source, o.sql);
    this.targetSql = new SqlClient(o.target, o.sql);
    this.sourceVersionsSql = new SqlClient(o.source, { ...o.sql, connectionLimit: 1 });
    // The target's job list and the arrival checks.
    this.followSql = new SqlClient(o.target, { ...o.sql, connectionLimit: 1 });
    this.target = new ClusterInspector(this.followSql);
    this.aheadJobs = new WorkQueue(o.sql.connectionLimit);
    this.aheadSource = new WorkQueue(Math.max(1, Math.floor(o.sql.connectionLimit / 2)));
    this.rpc = new FeRpcClient(o.rpc, o.rpcTimeoutMs, { maxIdle: o.sql.connectionLimit });
    this.sourceVersions = new BatchedReader((keys) => versionsByTable(this.sourceVersionsSql, keys));
    this.targetVersions = new BatchedReader((keys) => versionsByTable(this.followSql, keys));
    this.range = new RangeSender({ source: this.sourceSql, target: this.targetSql, log: o.log });
    this.compactions = new BatchedReader(
      // Best effort: without the list, nothing is held for a compaction.
      async (dbIds) =>
        new Map(
          await Promise.all(
            dbIds.map(async (id) => [id, await readRunningCompactions(this.sourceVersionsSql, id).catch(() => new Set<string>())] as const),
          ),
        ),
    );
  }

  close(): Promise<void> {
    this.rpc.close();
    return Promise.all([this.sourceSql, this.targetSql, this.sourceVersionsSql, this.followSql].map((c) => c.close())).then(() => undefined);
  }

  /** Tables may have changed (a full round read the catalogs): index schemas are read again. */
  forgetIndexes(): void {
    this.indexCache.clear();
  }

  listTargetJobs(): Promise<TargetJobRow[]> {
    return this.target.replicationJobs();
  }

  /** The target's versions of the job's table (read together with the other checks asked for now), and the verdict. */
  async checkArrival(job: PlannedJob): Promise<JobArrival> {
    return arrivalOf(job, (await this.targetVersions.get(tableRef(job.db, job.table))) ?? []);
  }

  /** Starts reading what the jobs' requests are built from (indexes, tablets; both sides): the sends find it ready. */
  prepare(jobs: readonly PlannedJob[]): void {
    for (const job of jobs) this.aheadJobs.push(() => this.layout(job)); // a failure is the send's to report
  }

  /**
   * Starts reading the source side of tables about to be created on the target (their jobs exist once they are):
   * after a CREATE TABLE, only the target side is left to read.
   */
  prepareSource(tables: readonly SourceTableRef[]): void {
    for (const t of tables) {
      this.aheadSource.push(() =>
        this.indexes(`s:${t.dbId}:${t.tableId}`, this.sourceSql, t.dbId, t.tableId).then((indexes) =>
          Promise.all(t.physicalPartitionIds.map((pp) => this.tablets('s', this.sourceSql, t.dbId, t.tableId, pp, indexes))),
        ),
      ); // a failure is read again (and reported) by the send
    }
  }

  async send(job: PlannedJob, jobId: string): Promise<ReplicationAnswer> {
    try {
      const answer = await this.buildAndSend(job, jobId);
      if (answer.kind !== 'accepted' && classifyRefusal(answer.message).kind !== 'in_sync') this.forget(job);
      return answer;
    } catch (e) {
      this.forget(job);
      if (e instanceof LayoutMismatchError) this.o.onLayoutChanged();
      throw e;
    }
  }

  /** A refused or failed send: the table's indexes are read again next time (a schema change keeps the table id). */
  private forget(job: PlannedJob): void {
    this.indexCache.delete(`s:${job.srcDbId}:${job.srcTableId}`);
    this.indexCache.delete(`t:${job.tgtDbId}:${job.tgtTableId}`);
  }

  private async buildAndSend(job: PlannedJob, jobId: string): Promise<ReplicationAnswer> {
    // Range tables: the send is held while the target is split at the source's boundaries (src/range/aligner.ts).
    const aligned = job.range ? await this.alignRange(job) : null;
    const [layout, fresh] = await Promise.all([this.layout(job), this.newestVersions(job)]);
    if (aligned) await this.range.confirm(job, aligned); // no source split since the topology read
    const partitions: PartitionPair[] = fresh.partitions.map((p) => {
      const t = aligned ? this.range.tablets(aligned, p.srcPhysicalId, p.tgtPhysicalId) : layout.tablets.get(p.srcPhysicalId)!;
      if (!t) throw new LayoutMismatchError(`partition ${p.tgtPhysicalId} of ${job.db}.${job.table} is not in the aligned topology`);
      return {
        tgtPhysicalId: p.tgtPhysicalId,
        srcPhysicalId: p.srcPhysicalId,
        srcVersion: p.srcVersion,
        srcVersionEpoch: p.srcVersionEpoch,
        src: t.src,
        tgt: t.tgt,
        ...('tabletPairs' in t ? { tabletPairs: t.tabletPairs } : {}),
      };
    });
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
      srcTableDataSize: fresh.dataSize,
      srcIndexes: layout.srcIndexes,
      tgtIndexes: layout.tgtIndexes,
      partitions,
    });
    return this.rpc.startTableReplication(request);
  }

  /** A range table's alignment; a permanent refusal asks for a full round (its plan then carries the blocking note). */
  private async alignRange(job: PlannedJob): Promise<RangeAlignment> {
    try {
      return await this.range.align(job);
    } catch (e) {
      if (e instanceof RangeAlignmentError && e.failure.permanent) this.o.onLayoutChanged();
      throw e;
    }
  }

  /** The job with the source's newest visible versions, after a bounded wait for versions being published. */
  private async newestVersions(job: PlannedJob): Promise<PlannedJob> {
    for (let waited = 0; ; waited += PUBLISH_RECHECK_MS) {
      const rows = (await this.sourceVersions.get(tableRef(job.db, job.table))) ?? [];
      const compacting = mayBeCompacting(job, rows) ? await this.compactions.get(job.srcDbId) : undefined;
      const fresh = freshenJob(job, rows, compacting);
      if (!waitForPublish(fresh, waited)) return fresh.job;
      await new Promise((r) => setTimeout(r, PUBLISH_RECHECK_MS));
    }
  }

  private async layout(job: PlannedJob): Promise<JobLayout> {
    const [srcIndexes, tgtIndexes] = await Promise.all([
      this.indexes(`s:${job.srcDbId}:${job.srcTableId}`, this.sourceSql, job.srcDbId, job.srcTableId),
      this.indexes(`t:${job.tgtDbId}:${job.tgtTableId}`, this.targetSql, job.tgtDbId, job.tgtTableId),
    ]);
    const tablets = new Map<string, { src: PartitionTablets; tgt: PartitionTablets }>();
    await Promise.all(
      job.partitions.map(async (p) => {
        const [src, tgt] = await Promise.all([
          this.tablets('s', this.sourceSql, job.srcDbId, job.srcTableId, p.srcPhysicalId, srcIndexes),
          this.tablets('t', this.targetSql, job.tgtDbId, job.tgtTableId, p.tgtPhysicalId, tgtIndexes),
        ]);
        tablets.set(p.srcPhysicalId, { src, tgt });
      }),
    );
    return { srcIndexes, tgtIndexes, tablets };
  }

  private indexes(cacheKey: string, sql: SqlReader, dbId: string, tableId: string): Promise<MaterializedIndexInfo[]> {
    return this.indexCache.getOrSet(cacheKey, () => readIndexes(sql, dbId, tableId));
  }

  private tablets(
    side: string,
    sql: SqlReader,
    dbId: string,
    tableId: string,
    ppId: string,
    indexes: MaterializedIndexInfo[],
  ): Promise<PartitionTablets> {
    const key = `${side}:${ppId}:${indexes.map((i) => i.id).join(',')}`;
    return this.tabletCache.getOrSet(key, () => readPartitionTablets(sql, dbId, tableId, ppId, indexes));
  }
}

const tableRef = (db: string, table: string): string => `${db}\u0000${table}`;

/** partitions_meta rows of many tables (keys `db\0table`), grouped by table. */
async function versionsByTable(sql: SqlReader, keys: readonly string[]): Promise<Map<string, PartitionVersions[]>> {
  const refs = keys.map((k) => {
    const i = k.indexOf('\u0000');
    return { db: k.slice(0, i), table: k.slice(i + 1) };
  });
  const out = new Map<string, PartitionVersions[]>();
  for (const r of await readPartitionVersions(sql, refs)) {
    const k = tableRef(r.db, r.table);
    const list = out.get(k);
    if (list) list.push(r);
    else out.set(k, [r]);
  }
  return out;
}
