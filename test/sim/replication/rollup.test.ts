// Replicating a table with a rollup and a sync MV between two in-process clusters: the request lists every index of
// each partition (indexes paired by name, tablets by position), the CNs copy every listed tablet, and a request
// that leaves an index out is admitted but aborts at commit (reference §3 "Whole-partition rule").
import fs from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { TRunMode, TStatusCode, TTableType, type PartitionReplicationInfo, type TableReplicationRequest } from '../../../idl/thrift.js';
import type { OlapTable } from '../../../sim/catalog/model.js';
import { indexSchemas } from '../../../sim/lake/index-schema.js';
import { partitionDir } from '../../../sim/lake/layout.js';
import { mergeRowsBy } from '../../../sim/lake/merge.js';
import { publishReplication } from '../../../sim/lake/replica-copy.js';
import { readSegment } from '../../../sim/lake/segments.js';
import { readTabletMeta } from '../../../sim/lake/tablet-meta.js';
import type { Row } from '../../../sim/lake/values.js';
import { objectStorePaths } from '../../../sim/replication/paths.js';
import { ReplicationMgr } from '../../../sim/replication/replication-mgr.js';
import { harness, type Harness } from '../ddl/rollup-harness.js';
import { addVolume, MIRROR, tempRoot } from './fixture.js';

const DDL = [
  'CREATE DATABASE d',
  'USE d',
  `CREATE TABLE t (k INT NOT NULL, dt DATE NOT NULL, v INT) DUPLICATE KEY(k)
     PARTITION BY RANGE(dt) (PARTITION p1 VALUES LESS THAN ("2024-02-01"), PARTITION p2 VALUES LESS THAN ("2024-03-01"))
     DISTRIBUTED BY HASH(k) BUCKETS 2`,
  'ALTER TABLE t ADD ROLLUP r1 (k, v)',
  'CREATE MATERIALIZED VIEW mv1 AS SELECT k, SUM(v) FROM t GROUP BY k',
];

interface World {
  root: string;
  src: Harness;
  tgt: Harness;
  mgr: ReplicationMgr;
}

const worlds: World[] = [];
afterEach(async () => {
  for (const w of worlds.splice(0)) {
    await w.mgr.shutdown();
    fs.rmSync(w.root, { recursive: true, force: true });
  }
});

async function world(): Promise<World> {
  const root = tempRoot();
  const src = harness({ name: 'src' }, root);
  const tgt = harness({ name: 'tgt' }, root);
  for (let i = 0; i < 500; i++) tgt.fe.allocId(); // keep the two clusters' ids apart
  addVolume(tgt.fe, MIRROR, 's3://src-bucket/');
  for (const s of DDL) {
    await src.sql(s);
    await tgt.sql(s);
  }
  await src.sql("INSERT INTO t VALUES (1, '2024-01-05', 10), (2, '2024-01-06', 20), (1, '2024-02-05', 1)");
  await src.sql("INSERT INTO t VALUES (1, '2024-01-07', 5), (3, '2024-02-07', NULL)");
  const mgr = new ReplicationMgr(tgt.fe, { txns: tgt.lake.txns, ...objectStorePaths(tgt.fe), publishReplication });
  const w = { root, src, tgt, mgr };
  worlds.push(w);
  return w;
}

const table = (h: Harness): OlapTable => h.fe.getOlapTable('d', 't');
const indexId = (t: OlapTable, name: string) => (name === t.name ? t.baseIndex.indexId : t.rollups!.find((r) => r.name === name)!.indexId);
const schemaHash = (t: OlapTable, name: string) => indexSchemas(t).get(indexId(t, name))!.schemaHash;

/** The request srsync builds: partitions by position, indexes by name, tablets by position. */
function request(w: World, indexNames: string[], jobId: string): TableReplicationRequest {
  const s = table(w.src);
  const t = table(w.tgt);
  const infos: NonNullable<TableReplicationRequest['partition_replication_infos']> = {};
  t.partitions.forEach((p, i) => {
    const tp = p.physicalPartitions[0]!;
    const sp = s.partitions[i]!.physicalPartitions[0]!;
    const indexes: NonNullable<PartitionReplicationInfo['index_replication_infos']> = {};
    for (const name of indexNames) {
      const ti = tp.indexes.find((x) => x.id === indexId(t, name))!;
      const si = sp.indexes.find((x) => x.id === indexId(s, name))!;
      indexes[String(ti.id)] = {
        index_id: String(ti.id),
        src_schema_hash: schemaHash(s, name),
        tablet_replication_infos: Object.fromEntries(
          ti.tablets.map((x, b) => [
            String(x.id),
            { tablet_id: String(x.id), src_tablet_id: String(si.tablets[b]!.id), replica_replication_infos: [] },
          ]),
        ),
      };
    }
    infos[String(tp.id)] = {
      partition_id: String(tp.id),
      src_version: String(sp.visibleVersion),
      src_version_epoch: String(sp.versionEpoch),
      src_partition_id: String(sp.id),
      index_replication_infos: indexes,
    };
  });
  return {
    username: 'root',
    password: '',
    database_id: String(w.tgt.fe.getDb('d').id),
    table_id: String(t.id),
    src_token: '',
    src_table_type: TTableType.OLAP_TABLE,
    src_table_data_size: '1000',
    partition_replication_infos: infos,
    job_id: jobId,
    src_cluster_run_mode: TRunMode.SHARED_DATA,
    src_storage_volume_name: MIRROR,
    src_service_id: w.src.fe.serviceId,
    src_database_id: String(w.src.fe.getDb('d').id),
    src_table_id: String(s.id),
  };
}

async function runToEnd(w: World, jobId: string): Promise<void> {
  for (let i = 0; i < 50; i++) {
    await w.mgr.tick();
    await w.mgr.idle();
    const job = w.tgt.fe.replicationJobs.get(jobId)!;
    const txn = w.tgt.fe.transactions.get(job.txnId);
    if (job.state === 'ABORTED' || (job.state === 'COMMITTED' && txn?.status === 'VISIBLE')) return;
  }
  throw new Error(`job ${jobId} did not finish`);
}

/** Rows of one index of one partition at its visible version, merged by the index's keys, sorted. */
function rows(h: Harness, partition: number, name: string): Row[] {
  const t = table(h);
  const pp = t.partitions[partition]!.physicalPartitions[0]!;
  const schema = indexSchemas(t).get(indexId(t, name))!;
  const dir = partitionDir(h.fe, h.fe.getDb('d'), t, pp);
  return pp.indexes
    .find((x) => x.id === schema.indexId)!
    .tablets.flatMap((x) => {
      const meta = readTabletMeta(dir, x.id, pp.visibleVersion)!;
      return mergeRowsBy(
        schema,
        meta.rowsets.flatMap((r) => r.segments.flatMap((seg) => readSegment(dir, seg))),
      );
    })
    .sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
}

describe('replication of a table with a rollup and a sync MV', () => {
  it('copies every listed index; each index of the target then holds the source rows', async () => {
    const w = await world();
    const srcPps = table(w.src).partitions.map((p) => p.physicalPartitions[0]!);
    expect(srcPps.map((p) => [p.visibleVersion, p.dataVersion])).toEqual([
      [5, 3],
      [5, 3],
    ]);
    const res = await w.mgr.startTableReplication(request(w, ['t', 'r1', 'mv1'], 'job-all'));
    expect(res).toEqual({ status: { status_code: TStatusCode.OK } });
    const job = w.tgt.fe.replicationJobs.get('job-all')!;
    expect(job.tasks).toHaveLength(2 * 3 * 2); // partitions × indexes × buckets
    await runToEnd(w, 'job-all');
    expect(job.state).toBe('COMMITTED');
    const tgtPps = table(w.tgt).partitions.map((p) => p.physicalPartitions[0]!);
    // Reference §4.3: DataVersion := src_version; VisibleVersion := committed (3, after the two index jobs) + (5 − 1).
    expect(tgtPps.map((p) => [p.visibleVersion, p.dataVersion, p.versionTxnType])).toEqual([
      [7, 5, 'TXN_REPLICATION'],
      [7, 5, 'TXN_REPLICATION'],
    ]);
    for (const part of [0, 1]) for (const name of ['t', 'r1', 'mv1']) expect(rows(w.tgt, part, name)).toEqual(rows(w.src, part, name));
    expect(rows(w.tgt, 0, 'mv1')).toEqual([
      { k: 1, mv_sum_v: 15 },
      { k: 2, mv_sum_v: 20 },
    ]);
    expect(await w.tgt.sql('SELECT COUNT(*) AS n FROM t')).toEqual([{ n: '5' }]);
    // The target keeps working: a load reaches every index.
    await w.tgt.sql("INSERT INTO t VALUES (2, '2024-01-09', 2)");
    expect(rows(w.tgt, 0, 'mv1')).toEqual([
      { k: 1, mv_sum_v: 15 },
      { k: 2, mv_sum_v: 22 },
    ]);
  });

  it('a request without the rollup is admitted but aborts at commit: every index of a dirty partition must finish', async () => {
    const w = await world();
    const res = await w.mgr.startTableReplication(request(w, ['t', 'mv1'], 'job-partial'));
    expect(res.status?.status_code).toBe(TStatusCode.OK);
    await runToEnd(w, 'job-partial');
    const job = w.tgt.fe.replicationJobs.get('job-partial')!;
    const t = table(w.tgt);
    const firstRollupTablets = t.partitions.map((p) => p.physicalPartitions[0]!.indexes.find((i) => i.id === indexId(t, 'r1'))!.tablets[0]!.id);
    expect(job.state).toBe('ABORTED');
    expect(job.error).toBe(`table 't" has unfinished tablets: [${firstRollupTablets.join(', ')}]`);
    expect(t.partitions.map((p) => p.physicalPartitions[0]!.dataVersion)).toEqual([1, 1]);
  });

  it('refuses an index id the target partition does not have', async () => {
    const w = await world();
    const req = request(w, ['t'], 'job-bad');
    const [ppId, info] = Object.entries(req.partition_replication_infos!)[0]!;
    const base = Object.values(info.index_replication_infos!)[0]!;
    info.index_replication_infos = { '777': { ...base, index_id: '777' } };
    const res = await w.mgr.startTableReplication(req);
    expect(res).toEqual({ status: { status_code: TStatusCode.INTERNAL_ERROR, error_msgs: [`Index 777 in partition ${ppId} in table t not found`] } });
  });
});
