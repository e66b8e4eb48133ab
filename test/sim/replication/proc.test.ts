import { afterEach, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import { TStatusCode } from '../../../idl/thrift.js';
import { objectStorePaths } from '../../../sim/replication/paths.js';
import { REPLICATIONS_COLUMNS, replicationRows } from '../../../sim/replication/proc.js';
import { ReplicationMgr } from '../../../sim/replication/replication-mgr.js';
import { addTargetTable, buildRequest, makeWorld, type Pair, type World } from './fixture.js';

const worlds: World[] = [];
const mgrs: ReplicationMgr[] = [];
afterEach(async () => {
  for (const m of mgrs.splice(0)) await m.shutdown();
  for (const w of worlds.splice(0)) {
    await w.mgr.shutdown();
    fs.rmSync(w.root, { recursive: true, force: true });
  }
});

/** yyyy-MM-dd HH:mm:ss in local time, computed independently of the code under test. */
function local(ms: number): string {
  const d = new Date(ms);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`;
}

describe("SHOW PROC '/replications' rows (reference §5.1)", () => {
  it('has the nine columns in order', () => {
    expect(REPLICATIONS_COLUMNS).toEqual(['JobID', 'DatabaseID', 'TableID', 'TxnID', 'CreatedTime', 'FinishedTime', 'State', 'Progress', 'Error']);
  });

  it('lists running jobs, then aborted, then committed, each by creation time, formatted like StarRocks', async () => {
    const w = makeWorld({ partitions: 1 });
    worlds.push(w);
    let clock = new Date(2026, 0, 15, 9, 30, 5).getTime();
    const mgr = new ReplicationMgr(w.tgt.fe, { txns: w.txns, ...objectStorePaths(w.tgt.fe), now: () => clock });
    mgrs.push(mgr);
    const t2 = addTargetTable(w, 't2', { partitions: 1 });
    const t3 = addTargetTable(w, 't3', { partitions: 1 });
    const t4 = addTargetTable(w, 't4', { partitions: 1 });
    const admit = async (pair: Pair, jobId: string) => {
      clock += 1000;
      expect((await mgr.startTableReplication(buildRequest(pair, { jobId }))).status?.status_code).toBe(TStatusCode.OK);
      return w.tgt.fe.replicationJobs.get(jobId)!;
    };
    const tick = async () => {
      await mgr.tick(clock);
      await mgr.idle();
    };

    // committed (created first)
    const committed = await admit(w, 'c');
    await tick();
    await tick();
    expect(committed.state).toBe('COMMITTED');
    const committedAt = clock;
    // aborted (unfinished tablet)
    w.tgt.fe.cns.forEach((cn) => (cn.bandwidthBytesPerSec = 0));
    mgr.cnFaults.failNextCopies(1, 'x');
    const aborted = await admit(t2, 'a');
    await tick();
    await tick();
    expect(aborted.state).toBe('ABORTED');
    // running: one replicating (slow copies, one task done), one not started (created last)
    for (const pp of t3.tgt.table.partitions[0]!.physicalPartitions) {
      pp.indexes[0]!.tablets.forEach((t, i) => (t.backendId = w.tgt.fe.cns[i === 0 ? 0 : 1]!.id));
    }
    w.tgt.fe.cns[1]!.bandwidthBytesPerSec = 50;
    const replicating = await admit(t3, 'r');
    await mgr.tick(clock);
    while (replicating.tasks[0]!.state !== 'FINISHED') await new Promise((r) => setTimeout(r, 2));
    const initializing = await admit(t4, 'i');

    const rows = replicationRows(w.tgt.fe);
    expect(rows.map((r) => r[0])).toEqual(['r', 'i', 'a', 'c']);
    const byId = new Map(rows.map((r) => [r[0], r]));
    expect(byId.get('r')).toEqual([
      'r',
      String(w.tgt.db.id),
      String(t3.tgt.table.id),
      String(replicating.txnId),
      local(replicating.createdTime),
      '\\N',
      'REPLICATING',
      '1/3',
      '',
    ]);
    expect(byId.get('i')).toEqual([
      'i',
      String(w.tgt.db.id),
      String(t4.tgt.table.id),
      '0',
      local(initializing.createdTime),
      '\\N',
      'INITIALIZING',
      '',
      '',
    ]);
    const abortedRow = byId.get('a')!;
    expect(abortedRow[6]).toBe('ABORTED');
    expect(abortedRow[5]).toBe(local(aborted.finishedTime));
    expect(abortedRow[7]).toBe('');
    expect(abortedRow[8]).toMatch(/^table 't2" has unfinished tablets: \[\d+\]$/);
    expect(byId.get('c')).toEqual([
      'c',
      String(w.tgt.db.id),
      String(w.tgt.table.id),
      String(committed.txnId),
      local(committed.createdTime),
      local(committedAt),
      'COMMITTED',
      '',
      '',
    ]);
    expect(byId.get('c')![4]).toBe('2026-01-15 09:30:06');

    // the abort reason is read from the txn: once the txn is gone, Error says so
    w.tgt.fe.transactions.delete(aborted.txnId);
    expect(replicationRows(w.tgt.fe).find((r) => r[0] === 'a')![8]).toBe('Transaction not found');
    mgr.abortAllRunning();
  });
});
