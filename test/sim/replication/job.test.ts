import { afterEach, describe, expect, it, vi } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import { TStatusCode } from '../../../idl/thrift.js';
import { FeState } from '../../../sim/fe/state.js';
import { deserializeImage, serializeImage } from '../../../sim/fe/persistence.js';
import { partitionDir } from '../../../sim/lake/layout.js';
import { dataDir, readTabletMeta, tabletMetaPath } from '../../../sim/lake/tablet-meta.js';
import { TxnManager } from '../../../sim/lake/txn.js';
import { objectStorePaths } from '../../../sim/replication/paths.js';
import { CANCEL_REASON, PUBLISH_VERSION_INTERVAL_MS, ReplicationMgr } from '../../../sim/replication/replication-mgr.js';
import { CommitError, tableForCommit } from '../../../sim/replication/commit.js';
import { replicationRows } from '../../../sim/replication/proc.js';
import { ThriftFrontend } from '../../../sim/thrift/server.js';
import { buildRequest, callStartTableReplication, loadSource, makeWorld, physical, runToEnd, type World } from './fixture.js';

const worlds: World[] = [];
afterEach(async () => {
  for (const w of worlds.splice(0)) {
    await w.mgr.shutdown();
    fs.rmSync(w.root, { recursive: true, force: true });
  }
});

function world(spec: Parameters<typeof makeWorld>[0] = {}): World {
  const w = makeWorld(spec);
  worlds.push(w);
  return w;
}

async function admit(w: World, jobId: string, opts: Parameters<typeof buildRequest>[1] = {}) {
  const res = await w.mgr.startTableReplication(buildRequest(w, { ...opts, jobId }));
  expect(res).toEqual({ status: { status_code: TStatusCode.OK } });
  return w.tgt.fe.replicationJobs.get(jobId)!;
}

const txnOf = (w: World, jobId: string) => w.tgt.fe.transactions.get(w.tgt.fe.replicationJobs.get(jobId)!.txnId);

/** The bytes of every data file a tablet's metadata references, keyed by row-set order. */
function tabletBytes(dir: string, tabletId: number, version: number): Buffer[] {
  const meta = readTabletMeta(dir, tabletId, version);
  if (!meta) throw new Error(`no metadata for tablet ${tabletId} at ${version} in ${dir}`);
  return meta.rowsets.flatMap((r) => r.segments.map((s) => fs.readFileSync(path.join(dataDir(dir), s.file))));
}

function expectTargetMatchesSource(w: World, partitionIndexes: number[]) {
  const srcPps = physical(w.src.table);
  const tgtPps = physical(w.tgt.table);
  for (const i of partitionIndexes) {
    const sp = srcPps[i]!;
    const tp = tgtPps[i]!;
    const srcDir = partitionDir(w.src.fe, w.src.db, w.src.table, sp);
    const tgtDir = partitionDir(w.tgt.fe, w.tgt.db, w.tgt.table, tp);
    expect(tgtDir).not.toBe(srcDir);
    tp.indexes[0]!.tablets.forEach((t, b) => {
      const srcTablet = sp.indexes[0]!.tablets[b]!;
      expect(tabletBytes(tgtDir, t.id, tp.visibleVersion)).toEqual(tabletBytes(srcDir, srcTablet.id, sp.visibleVersion));
    });
    expect(tp.rowCount).toBe(sp.rowCount);
    expect(tp.dataSize).toBe(sp.dataSize);
  }
}

describe('lake replication job run (reference §4.2, §4.3)', () => {
  it('a request over a real Thrift client copies the files and ends COMMITTED, txn VISIBLE, versions per §4.3', async () => {
    const w = world({ loads: 3 });
    const server = new ThriftFrontend(w.mgr, { port: 0 });
    const port = await server.start();
    try {
      const out = await callStartTableReplication(port, buildRequest(w, { jobId: 'job-1' }));
      expect(out.kind).toBe('reply');
      if (out.kind === 'reply') {
        expect(out.res.status?.status_code).toBe(TStatusCode.OK);
        expect(out.res.status?.error_msgs ?? null).toBeNull();
      }
    } finally {
      await server.stop();
    }
    const job = w.tgt.fe.replicationJobs.get('job-1')!;
    expect(job.state).toBe('INITIALIZING');
    expect(job.txnId).toBe(-1);

    await w.mgr.tick();
    expect(job.state).toBe('REPLICATING');
    const txn = txnOf(w, 'job-1')!;
    expect(txn.label).toBe(`REPLICATION_${w.tgt.db.id}_${w.tgt.table.id}_job-1`);
    expect(txn.sourceType).toBe('REPLICATION');
    expect(txn.status).toBe('PREPARE');
    expect(txn.timeoutMs).toBe(86400 * 1000);

    await w.mgr.idle();
    expect(job.tasks.every((t) => t.state === 'FINISHED')).toBe(true);
    await w.mgr.tick(); // commit
    expect(job.state).toBe('COMMITTED');
    expect(job.finishedTime).toBeGreaterThan(0);
    expect(txn.status).toBe('COMMITTED');
    expect(physical(w.tgt.table)[0]!.visibleVersion).toBe(1);
    await w.mgr.tick(); // publish
    expect(txn.status).toBe('VISIBLE');

    const srcPps = physical(w.src.table);
    for (const [i, tp] of physical(w.tgt.table).entries()) {
      const sp = srcPps[i]!;
      expect(tp.dataVersion).toBe(sp.visibleVersion);
      expect(tp.visibleVersion).toBe(sp.visibleVersion); // 1 + (4 - 1)
      expect(tp.nextVersion).toBe(sp.visibleVersion + 1);
      expect(tp.versionEpoch).toBe(sp.versionEpoch);
      expect(tp.versionTxnType).toBe('TXN_REPLICATION');
    }
    expect(txn.committedPartitions[String(w.tgt.table.id)]).toEqual(Object.fromEntries(physical(w.tgt.table).map((p) => [String(p.id), 4])));
    expectTargetMatchesSource(w, [0, 1]);
  });

  it('the publish daemon makes a committed job visible after publish_version_interval_ms, not a round later', async () => {
    const w = world({ loads: 2 });
    const job = await admit(w, 'job-p');
    await w.mgr.tick(); // begin, tasks sent
    await w.mgr.idle();
    await w.mgr.tick(); // commit
    const txn = txnOf(w, 'job-p')!;
    expect(job.state).toBe('COMMITTED');
    expect(txn.status).toBe('COMMITTED');
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    try {
      w.mgr.start();
      vi.advanceTimersByTime(PUBLISH_VERSION_INTERVAL_MS - 1);
      expect(txn.status).toBe('COMMITTED');
      vi.advanceTimersByTime(1); // the publish daemon's period, well before the next round (daemonIntervalMs)
      expect(txn.status).toBe('VISIBLE');
      expect(physical(w.tgt.table)[0]!.dataVersion).toBe(physical(w.src.table)[0]!.visibleVersion);
    } finally {
      w.mgr.stop();
      vi.useRealTimers();
    }
  });
  it('a second replication after more source loads moves versions by the delta (VisibleVersion = oldCommitted + Δ)', async () => {
    const w = world();
    await admit(w, 'a');
    await runToEnd(w, 'a');
    // the target had a compaction meanwhile: committed/visible version ahead of the data version
    const tp0 = physical(w.tgt.table)[0]!;
    tp0.visibleVersion += 1;
    tp0.committedVersion += 1;
    tp0.nextVersion += 1;
    for (const pp of physical(w.src.table)) loadSource(w.src.fe, w.src.db, w.src.table, pp, 2);
    // replicate only partition 0 now
    const job = await admit(w, 'b', { partitions: [0] });
    expect(job.partitions.map((p) => [p.baseDataVersion, p.srcVersion])).toEqual([[3, 5]]);
    const oldVisible = tp0.visibleVersion;
    await runToEnd(w, 'b');
    expect(job.state).toBe('COMMITTED');
    expect(tp0.dataVersion).toBe(5);
    expect(tp0.visibleVersion).toBe(oldVisible + 2);
    expect(physical(w.tgt.table)[1]!.dataVersion).toBe(3);
    // the compaction's metadata version does not exist on disk; compare the replicated version only
    const sp0 = physical(w.src.table)[0]!;
    const srcDir = partitionDir(w.src.fe, w.src.db, w.src.table, sp0);
    const tgtDir = partitionDir(w.tgt.fe, w.tgt.db, w.tgt.table, tp0);
    expect(tabletBytes(tgtDir, tp0.indexes[0]!.tablets[0]!.id, tp0.visibleVersion)).toEqual(tabletBytes(srcDir, sp0.indexes[0]!.tablets[0]!.id, 5));
  });

  it('a tablet left out of the request: all copies run, then the commit fails with unfinished tablets and the job aborts', async () => {
    const w = world();
    const req = buildRequest(w, { jobId: 'j' });
    const tp = physical(w.tgt.table)[1]!;
    const left = tp.indexes[0]!.tablets[2]!.id;
    delete Object.values(Object.values(req.partition_replication_infos!)[1]!.index_replication_infos!)[0]!.tablet_replication_infos![String(left)];
    expect((await w.mgr.startTableReplication(req)).status?.status_code).toBe(TStatusCode.OK);
    await runToEnd(w, 'j');
    const job = w.tgt.fe.replicationJobs.get('j')!;
    expect(job.tasks.every((t) => t.state === 'FINISHED')).toBe(true);
    expect(job.state).toBe('ABORTED');
    const reason = `table 't1" has unfinished tablets: [${left}]`;
    expect(job.error).toBe(reason);
    const txn = txnOf(w, 'j')!;
    expect(txn.status).toBe('ABORTED');
    expect(txn.reason).toBe(reason);
    // nothing became visible
    for (const pp of physical(w.tgt.table)) expect([pp.visibleVersion, pp.dataVersion, pp.committedDataVersion]).toEqual([1, 1, 1]);
  });

  it('a failed CN copy makes its tablet unfinished: the job aborts with that tablet, not the CN message', async () => {
    const w = world();
    w.mgr.cnFaults.failNextCopies(1, 'Internal error: injected copy failure');
    await admit(w, 'j');
    await runToEnd(w, 'j');
    const job = w.tgt.fe.replicationJobs.get('j')!;
    const failed = job.tasks.filter((t) => t.state === 'FAILED');
    expect(failed).toHaveLength(1);
    expect(failed[0]!.error).toBe('Internal error: injected copy failure');
    expect(job.state).toBe('ABORTED');
    expect(txnOf(w, 'j')!.reason).toBe(`table 't1" has unfinished tablets: [${failed[0]!.tabletId}]`);
  });

  it('a partition whose tablets all failed is not dirty: the txn commits the other partition only', async () => {
    const w = world();
    const job = await admit(w, 'j');
    const first = job.tasks.slice(0, 3);
    expect(new Set(first.map((t) => t.physicalPartitionId)).size).toBe(1);
    w.mgr.cnFaults.failNextCopies(3, 'injected');
    await runToEnd(w, 'j');
    expect(first.every((t) => t.state === 'FAILED')).toBe(true);
    expect(job.state).toBe('COMMITTED');
    expect(txnOf(w, 'j')!.status).toBe('VISIBLE');
    const [failedPp, okPp] = [first[0]!.physicalPartitionId, job.tasks[3]!.physicalPartitionId];
    const byId = new Map(physical(w.tgt.table).map((p) => [p.id, p]));
    expect(byId.get(failedPp)!.dataVersion).toBe(1);
    expect(byId.get(okPp)!.dataVersion).toBe(3);
  });

  it('a vacuumed source version fails the copy of that tablet and aborts the job', async () => {
    const w = world();
    const sp = physical(w.src.table)[0]!;
    const srcTablet = sp.indexes[0]!.tablets[1]!;
    fs.rmSync(tabletMetaPath(partitionDir(w.src.fe, w.src.db, w.src.table, sp), srcTablet.id, sp.visibleVersion));
    const job = await admit(w, 'j');
    await runToEnd(w, 'j');
    const failed = job.tasks.filter((t) => t.state === 'FAILED');
    expect(failed.map((t) => t.srcTabletId)).toEqual([srcTablet.id]);
    expect(failed[0]!.error).toMatch(/^Not found: .*\.meta: No such file or directory$/);
    expect(job.state).toBe('ABORTED');
    expect(job.error).toBe(`table 't1" has unfinished tablets: [${failed[0]!.tabletId}]`);
  });

  it('the CN refuses when the target already has the version (Corruption: No missing version)', async () => {
    const w = world({ partitions: 1 });
    const job = await admit(w, 'j');
    const tp = physical(w.tgt.table)[0]!;
    // a load lands on the target after admission and reaches the source version
    tp.dataVersion = tp.committedDataVersion = tp.visibleVersion = tp.committedVersion = 3;
    await runToEnd(w, 'j');
    expect(job.tasks.every((t) => t.state === 'FAILED' && t.error === 'Corruption: No missing version')).toBe(true);
    expect(job.state).toBe('ABORTED');
    // PR #68223 guard: the data version moved since admission
    expect(job.error).toBe(`Partition ${tp.id} data version mismatch for replication, committed: 3, current: 3, expected: 1`);
  });

  it('PR #68223 guard: a load committed during the copy aborts the job at commit', async () => {
    const w = world({ partitions: 1 });
    const job = await admit(w, 'j');
    await w.mgr.tick();
    await w.mgr.idle();
    expect(job.tasks.every((t) => t.state === 'FINISHED')).toBe(true);
    const tp = physical(w.tgt.table)[0]!;
    tp.committedDataVersion = 2; // committed, not yet published
    tp.committedVersion = 2;
    await w.mgr.tick();
    expect(job.state).toBe('ABORTED');
    expect(job.error).toBe(`Partition ${tp.id} data version mismatch for replication, committed: 2, current: 1, expected: 1`);
    expect(txnOf(w, 'j')!.reason).toBe(job.error);
  });

  it('abort fault: aborting a running job aborts its txn and cancels its copies fast', async () => {
    const w = world({ partitions: 1 });
    for (const cn of w.tgt.fe.cns) cn.bandwidthBytesPerSec = 100; // a copy would take seconds
    const job = await admit(w, 'j');
    await w.mgr.tick();
    expect(job.state).toBe('REPLICATING');
    expect(w.mgr.abortJob('j')).toBe(true);
    expect(w.mgr.abortJob('j')).toBe(false);
    await w.mgr.idle();
    expect(job.state).toBe('ABORTED');
    expect(job.tasks.every((t) => t.state === 'FAILED' && t.error === 'Cancelled')).toBe(true);
    expect(txnOf(w, 'j')!.status).toBe('ABORTED');
    expect(txnOf(w, 'j')!.reason).toBe(CANCEL_REASON);
    expect(CANCEL_REASON).toBe('Replication job cancelled'); // ReplicationJob.cancel()
    // no half-copied file is left in the target data dir
    const tp = physical(w.tgt.table)[0]!;
    const files = fs.existsSync(dataDir(partitionDir(w.tgt.fe, w.tgt.db, w.tgt.table, tp)))
      ? fs.readdirSync(dataDir(partitionDir(w.tgt.fe, w.tgt.db, w.tgt.table, tp)))
      : [];
    expect(files).toEqual([]);
  });

  it('abortAllRunning aborts every running job, including ones not started yet', async () => {
    const w = world({ partitions: 1 });
    await admit(w, 'j');
    expect(w.mgr.abortAllRunning('ops said so')).toBe(1);
    const job = w.tgt.fe.replicationJobs.get('j')!;
    expect(job.state).toBe('ABORTED');
    expect(job.txnId).toBe(-1);
  });

  it('an external txn abort (e.g. timeout) aborts the job', async () => {
    const w = world({ partitions: 1 });
    for (const cn of w.tgt.fe.cns) cn.bandwidthBytesPerSec = 100;
    w.tgt.fe.config.set('replication_transaction_timeout_sec', '1');
    const job = await admit(w, 'j');
    await w.mgr.tick();
    expect(job.state).toBe('REPLICATING');
    await w.mgr.tick(Date.now() + 5000);
    expect(job.state).toBe('ABORTED');
    expect(txnOf(w, 'j')!.reason).toBe('timeout by txn manager');
    await w.mgr.idle();
  });

  it('reusing a job_id for the same table: the label is taken, the job aborts, Error says the txn is gone', async () => {
    const w = world();
    await admit(w, 'same');
    await runToEnd(w, 'same');
    for (const pp of physical(w.src.table)) loadSource(w.src.fe, w.src.db, w.src.table, pp, 1);
    const job = await admit(w, 'same');
    await w.mgr.tick();
    expect(job.state).toBe('ABORTED');
    expect(job.error).toBe(`Label [REPLICATION_${w.tgt.db.id}_${w.tgt.table.id}_same] has already been used.`);
    expect(job.txnId).toBe(-1);
  });

  it('src_cluster_run_mode not SHARED_DATA: the shared-nothing job is created, tries snapshots and aborts', async () => {
    const w = world({ partitions: 1 });
    const res = await w.mgr.startTableReplication({
      ...buildRequest(w, { jobId: 'sn' }),
      src_cluster_run_mode: 0,
      src_partition_id: undefined,
    } as never);
    expect(res.status?.status_code).toBe(TStatusCode.OK);
    const job = w.tgt.fe.replicationJobs.get('sn')!;
    expect(job.virtualTabletId).toBe(-1);
    await w.mgr.tick();
    expect(job.state).toBe('SNAPSHOTING');
    await w.mgr.tick();
    expect(job.state).toBe('ABORTED');
    expect(txnOf(w, 'sn')!.reason).toBe(
      `Remote snapshot task failed, tablet: ${job.tasks[0]!.tabletId}, error: make snapshot is not supported for lake tablets`,
    );
  });

  it('after an FE restart the new leader re-drives a running job: same job, same txn, tasks sent again, COMMITTED', async () => {
    const w = world({ partitions: 2 });
    for (const cn of w.tgt.fe.cns) cn.bandwidthBytesPerSec = 100; // the copies cannot finish before the restart
    await admit(w, 'running');
    await w.mgr.tick();
    const txnId = txnOf(w, 'running')!.id;
    const image = serializeImage(w.tgt.fe.toData());
    await w.mgr.shutdown();
    const restored = new FeState(w.tgt.fe.options, deserializeImage(image));
    for (const cn of restored.cns) cn.bandwidthBytesPerSec = 0;
    const mgr = new ReplicationMgr(restored, { txns: new TxnManager(restored), ...objectStorePaths(restored) });
    const job = restored.replicationJobs.get('running')!;
    expect(job.state).toBe('REPLICATING');
    expect(restored.transactions.get(txnId)!.status).toBe('PREPARE');
    for (let i = 0; i < 20 && job.state !== 'COMMITTED'; i++) {
      await mgr.tick();
      await mgr.idle();
    }
    expect(job.state).toBe('COMMITTED');
    expect(job.txnId).toBe(txnId);
    await mgr.tick(); // publish
    expect(restored.transactions.get(txnId)!.status).toBe('VISIBLE');
    const table = restored.findTableById(restored.findDbById(w.tgt.db.id)!, w.tgt.table.id);
    const src = physical(w.src.table);
    expect(table?.kind === 'olap' && FeState.physicalPartitions(table).map((p) => [p.dataVersion, p.rowCount])).toEqual(
      src.map((p) => [p.visibleVersion, p.rowCount]),
    );
    expect([...restored.replicationJobs.values()].filter((j) => j.tableId === w.tgt.table.id)).toHaveLength(1);
    await mgr.shutdown();
  });

  it('the target table dropped during a job: the txn is aborted with "Table is deleted"', async () => {
    const w = world({ partitions: 1 });
    for (const cn of w.tgt.fe.cns) cn.bandwidthBytesPerSec = 100;
    const job = await admit(w, 'j');
    await w.mgr.tick();
    expect(job.state).toBe('REPLICATING');
    w.tgt.db.tables.delete(w.tgt.table.name);
    await w.mgr.tick();
    expect(job.state).toBe('ABORTED');
    expect(txnOf(w, 'j')!.reason).toBe('Table is deleted');
    expect(replicationRows(w.tgt.fe).find((r) => r[0] === 'j')![8]).toBe('Table is deleted');
    await w.mgr.idle();
  });

  it('the commit path names a table gone at commit time: "Table <id> is not found when committing replication"', () => {
    const w = world({ partitions: 1 });
    expect(() => tableForCommit(w.tgt.fe, { dbId: w.tgt.db.id, tableId: 987654 })).toThrow(
      new CommitError('Table 987654 is not found when committing replication'),
    );
    expect(tableForCommit(w.tgt.fe, { dbId: w.tgt.db.id, tableId: w.tgt.table.id }).table).toBe(w.tgt.table);
  });

  it('a committed job survives a restart and is published afterwards', async () => {
    const w = world({ partitions: 1 });
    // a leader whose publish fails: the txn stays COMMITTED
    let calls = 0;
    const failing = new ReplicationMgr(w.tgt.fe, {
      txns: w.txns,
      ...objectStorePaths(w.tgt.fe),
      publishReplication: () => {
        calls++;
        throw new Error('CN unreachable');
      },
    });
    expect((await failing.startTableReplication(buildRequest(w, { jobId: 'j' }))).status?.status_code).toBe(TStatusCode.OK);
    const job = w.tgt.fe.replicationJobs.get('j')!;
    await failing.tick();
    await failing.idle();
    await failing.tick();
    await failing.tick();
    expect(job.state).toBe('COMMITTED');
    expect(calls).toBe(1);
    expect(txnOf(w, 'j')!.status).toBe('COMMITTED');
    await failing.shutdown();
    const restored = new FeState(w.tgt.fe.options, deserializeImage(serializeImage(w.tgt.fe.toData())));
    const mgr = new ReplicationMgr(restored, { txns: new TxnManager(restored), ...objectStorePaths(restored) });
    await mgr.tick();
    const rjob = restored.replicationJobs.get('j')!;
    expect(rjob.state).toBe('COMMITTED');
    expect(restored.transactions.get(rjob.txnId)!.status).toBe('VISIBLE');
    const table = restored.findTableById(restored.findDbById(w.tgt.db.id)!, w.tgt.table.id);
    expect(table?.kind === 'olap' && FeState.physicalPartitions(table)[0]!.dataVersion).toBe(3);
  });

  it('each CN runs at most replication_threads copies at once (0 → 8)', async () => {
    const w = world({ partitions: 2, buckets: 12 });
    // every tablet on the first CN
    const cn = w.tgt.fe.cns[0]!;
    for (const pp of physical(w.tgt.table)) for (const t of pp.indexes[0]!.tablets) t.backendId = cn.id;
    cn.replicationThreads = 3;
    await admit(w, 'j');
    await runToEnd(w, 'j');
    expect(w.mgr.cnStats().get(cn.id)!.peakRunning).toBe(3);
    cn.replicationThreads = 0;
    for (const pp of physical(w.src.table)) loadSource(w.src.fe, w.src.db, w.src.table, pp, 1);
    const w2peak = async () => {
      await admit(w, 'k');
      await runToEnd(w, 'k');
      return w.mgr.cnStats().get(cn.id)!.peakRunning;
    };
    expect(await w2peak()).toBe(8);
    expect(w.tgt.fe.replicationJobs.get('k')!.state).toBe('COMMITTED');
  });

  it('finished jobs expire after history_job_keep_max_second', async () => {
    const w = world({ partitions: 1 });
    await admit(w, 'j');
    await runToEnd(w, 'j');
    await w.mgr.tick(Date.now() + 600_000);
    expect(w.tgt.fe.replicationJobs.has('j')).toBe(true);
    await w.mgr.tick(Date.now() + 604_801_000);
    expect(w.tgt.fe.replicationJobs.has('j')).toBe(false);
  });

  it('start()/stop() run the daemon on its own', async () => {
    const w = world({ partitions: 1 });
    (w.tgt.fe.options as { daemonIntervalMs: number }).daemonIntervalMs = 5;
    await admit(w, 'j');
    w.mgr.start();
    try {
      for (const deadline = Date.now() + 10_000; Date.now() < deadline && txnOf(w, 'j')?.status !== 'VISIBLE';)
        await new Promise((r) => setTimeout(r, 5));
    } finally {
      w.mgr.stop();
    }
    expect(w.tgt.fe.replicationJobs.get('j')!.state).toBe('COMMITTED');
    expect(txnOf(w, 'j')!.status).toBe('VISIBLE');
  });
});
