import { describe, expect, it } from 'vitest';
import { classifyJobError } from '../../../src/cluster/fe-answers.js';
import type { ClusterSnapshot, PartitionInfo, TableInfo } from '../../../src/model/snapshot.js';
import {
  commitGuardWrite,
  emptyGuardMemory,
  findTargetWrites,
  remedyOf,
  targetWriteLine,
  unseenWrites,
  WRITTEN_PARTITIONS_SQL,
  type GuardConfig,
  type GuardMemory,
} from '../../../src/engine/target-write-guard.js';
import { createStatusMetrics, formatStatus, statusDocument, StatusRecorder } from '../../../src/status/index.js';
import { cluster, database, part, table, targetOf } from '../planner/fixtures.js';
import { config } from '../status/helpers.js';

const CFG: GuardConfig = { ddlJobAllowDropInconsistentPartition: true, ddlJobAllowDropInconsistentTimePartition: true };
const all = () => true;

const SRC = table('t', {
  partitions: [part('p1', { version: 3, id: 's1' }), part('p2', { version: 2, id: 's2', lower: '2024-01-02', upper: '2024-01-03' })],
});

/** Target p1 (physical id t1) with the given txn type and data version; p2 replicated at version 2. */
function target(txnType: 'TXN_NORMAL' | 'TXN_REPLICATION', dataVersion: number, id = 't1'): TableInfo {
  const parts: PartitionInfo[] = [
    part('p1', { version: dataVersion, id, txnType }),
    part('p2', { version: 2, id: 't2', txnType: 'TXN_REPLICATION', lower: '2024-01-02', upper: '2024-01-03' }),
  ];
  return targetOf(SRC, parts);
}

const snaps = (t: TableInfo, s: TableInfo = SRC): { source: ClusterSnapshot; target: ClusterSnapshot } => ({
  source: cluster([database('db1', { tables: [s] })]),
  target: cluster([database('db1', { tables: [t] })]),
});

function guard(memory: GuardMemory, t: TableInfo, inScope: (db: string, table: string) => boolean = all, cfg = CFG) {
  const { source, target: tgt } = snaps(t);
  return findTargetWrites(memory, source, tgt, inScope, cfg);
}

describe('the target-write guard (VersionTxnType)', () => {
  it('a replicated partition, or a new one (data version 1), is not a write', () => {
    expect(guard(emptyGuardMemory, target('TXN_REPLICATION', 3)).writes).toEqual([]);
    expect(guard(emptyGuardMemory, target('TXN_NORMAL', 1)).writes).toEqual([]);
  });

  it('TXN_NORMAL after srsync replicated the partition: reported once, naming table, partition and versions', () => {
    const first = guard(emptyGuardMemory, target('TXN_REPLICATION', 3));
    const r = guard(first.memory, target('TXN_NORMAL', 4));
    expect(r.writes).toEqual([
      {
        db: 'db1',
        table: 't',
        partition: 'p1',
        physicalId: 't1',
        detectedBy: 'version_txn_type',
        dataVersion: 4,
        replicatedAt: 3,
        remedy: 'recopy_partition',
      },
    ]);
    const line = targetWriteLine(r.writes[0]!);
    expect(line).toMatch(/^Target written outside replication: db1\.t partition p1 \(target physical partition t1\): /);
    expect(line).toContain('VersionTxnType is TXN_NORMAL at data version 4 after srsync replicated it at data version 3');
    expect(line).toMatch(/fix: stop loading into the target during migration .*drops the written partition on the target and copies it again/);
    // The next rounds see the same write: nothing new.
    const again = guard(r.memory, target('TXN_NORMAL', 4));
    expect(again.writes).toEqual([]);
    expect(guard(again.memory, target('TXN_NORMAL', 4)).writes).toEqual([]);
    // Another load moves the data version: reported again.
    expect(guard(again.memory, target('TXN_NORMAL', 5)).writes.map((w) => w.dataVersion)).toEqual([5]);
  });

  it('a written partition seen first (a restart, a pre-loaded target) is reported without "after srsync replicated it"', () => {
    const r = guard(emptyGuardMemory, target('TXN_NORMAL', 4));
    expect(r.writes).toMatchObject([{ partition: 'p1', replicatedAt: null }]);
    expect(targetWriteLine(r.writes[0]!)).not.toContain('after srsync replicated');
  });

  it('re-copied (a new physical partition, replicated): forgotten, and a later write is reported again', () => {
    const r = guard(emptyGuardMemory, target('TXN_NORMAL', 4));
    const recopied = guard(r.memory, target('TXN_REPLICATION', 3, 't9'));
    expect(recopied.writes).toEqual([]);
    expect([...recopied.memory.keys()].sort()).toEqual(['t2', 't9']);
    expect(guard(recopied.memory, target('TXN_NORMAL', 4, 't9')).writes).toMatchObject([{ physicalId: 't9', replicatedAt: 3 }]);
  });

  it('tables out of scope, or not on the source (target-only), are not watched', () => {
    expect(guard(emptyGuardMemory, target('TXN_NORMAL', 4), (_db, t) => t !== 't').writes).toEqual([]);
    const other = targetOf(table('other'), [part('p1', { version: 4, id: 'o1' })]);
    const { source } = snaps(target('TXN_REPLICATION', 3));
    const tgt = cluster([database('db1', { tables: [target('TXN_REPLICATION', 3), other] })]);
    expect(findTargetWrites(emptyGuardMemory, source, tgt, all, CFG).writes).toEqual([]);
  });

  it('the fix follows the planner: re-copy, re-create an unpartitioned table, or blocked when drops are not allowed', () => {
    expect(remedyOf(SRC, CFG)).toBe('recopy_partition');
    expect(remedyOf(table('u', { partitionType: 'UNPARTITIONED' }), CFG)).toBe('recreate_table');
    expect(remedyOf(SRC, { ...CFG, ddlJobAllowDropInconsistentPartition: false })).toBe('blocked');
    const timeTable = table('e', { partitionType: 'EXPR_RANGE' });
    expect(remedyOf(timeTable, { ...CFG, ddlJobAllowDropInconsistentPartition: false })).toBe('recopy_partition');
    expect(remedyOf(timeTable, { ...CFG, ddlJobAllowDropInconsistentTimePartition: false })).toBe('blocked');
    const blocked = guard(emptyGuardMemory, target('TXN_NORMAL', 4), all, { ...CFG, ddlJobAllowDropInconsistentPartition: false });
    expect(targetWriteLine(blocked.writes[0]!)).toMatch(/the table stays out of the migration until the written partition is dropped on the target/);
  });
});

describe('the target-write guard (commit-time guard)', () => {
  const job = { db: 'db1', table: 't', partitions: [{ name: 'p1', tgtPhysicalId: '201' }] };
  const aborted = classifyJobError('Partition 201 data version mismatch for replication, committed: 4, current: 4, expected: 3', {
    table: 'db1.t',
    partitions: job.partitions,
  });

  it('the job failure names the partition; the catalog signal of the same load is then not reported again', () => {
    const r = commitGuardWrite(emptyGuardMemory, job, 'J1', aborted, SRC, CFG);
    expect(r.write).toMatchObject({ db: 'db1', table: 't', partition: 'p1', physicalId: '201', detectedBy: 'commit_guard', jobId: 'J1' });
    expect(targetWriteLine(r.write!)).toMatch(/db1\.t partition p1 .*the target aborted replication job J1 at commit/);
    const seen = guard(r.memory, target('TXN_NORMAL', 4, '201'));
    expect(seen.writes).toEqual([]);
    // Another load afterwards is a new write.
    expect(guard(seen.memory, target('TXN_NORMAL', 5, '201')).writes).toHaveLength(1);
  });

  it('the physical id comes from the FE text when it names one of the job', () => {
    const twoParts = {
      ...job,
      partitions: [
        { name: 'p1', tgtPhysicalId: '101' },
        { name: 'p2', tgtPhysicalId: '102' },
      ],
    };
    const f = classifyJobError('Partition 102 data version mismatch for replication, committed: 4, current: 4, expected: 3', {
      table: 'db1.t',
      partitions: twoParts.partitions,
    });
    expect(commitGuardWrite(emptyGuardMemory, twoParts, 'J2', f, SRC, CFG).write).toMatchObject({ partition: 'p2', physicalId: '102' });
  });

  it('a write the catalog reported already, or another failure, is no new report', () => {
    const r = guard(emptyGuardMemory, target('TXN_NORMAL', 4, '201'));
    expect(commitGuardWrite(r.memory, job, 'J1', aborted, SRC, CFG).write).toBeNull();
    const other = classifyJobError('Replication job cancelled by user');
    expect(commitGuardWrite(emptyGuardMemory, job, 'J1', other, SRC, CFG).write).toBeNull();
  });
});

describe('target writes in the status endpoint', () => {
  const event = (partition: string, detectedBy: 'version_txn_type' | 'commit_guard') => ({
    table: 'db1.t',
    partition,
    detectedBy,
    message: `Target written outside replication: db1.t partition ${partition} (...)`,
  });

  it('the recorder keeps them (kind target_write in /status), counted by detection in /metrics', async () => {
    let now = Date.UTC(2026, 0, 1);
    const recorder = new StatusRecorder({ now: () => now });
    expect(recorder.snapshot().targetWrites).toBeUndefined();
    const empty = statusDocument({ version: '1', pid: 1, startedAt: now, config: config() }, recorder.snapshot(), now);
    expect(empty.target_writes).toEqual({ count: 0, by_detection: { version_txn_type: 0, commit_guard: 0 }, recent: [] });
    recorder.targetWrite(event('p1', 'version_txn_type'));
    now += 1000;
    recorder.targetWrite(event('p2', 'commit_guard'));
    const snap = recorder.snapshot();
    expect(snap.targetWrites).toMatchObject({ count: 2, byDetection: { version_txn_type: 1, commit_guard: 1 } });
    const doc = statusDocument({ version: '1', pid: 1, startedAt: now, config: config() }, snap, now);
    expect(doc.target_writes).toEqual({
      count: 2,
      by_detection: { version_txn_type: 1, commit_guard: 1 },
      recent: [
        {
          time: '2026-01-01T00:00:00.000Z',
          kind: 'target_write',
          table: 'db1.t',
          partition: 'p1',
          detected_by: 'version_txn_type',
          message: event('p1', 'version_txn_type').message,
        },
        {
          time: '2026-01-01T00:00:01.000Z',
          kind: 'target_write',
          table: 'db1.t',
          partition: 'p2',
          detected_by: 'commit_guard',
          message: event('p2', 'commit_guard').message,
        },
      ],
    });
    expect(formatStatus(doc)).toContain(
      'target written outside replication: 2 partition write(s) (the manual forbids loading into the target during migration)',
    );
    const text = await createStatusMetrics({ version: '1', defaultMetrics: false }).render(snap);
    expect(text).toMatch(/^srsync_target_writes_total\{detected_by="version_txn_type"\} 1$/m);
    expect(text).toMatch(/^srsync_target_writes_total\{detected_by="commit_guard"\} 1$/m);
  });
});

describe('the target poll between full rounds', () => {
  const row = (table: string, id: string, version: number) => ({
    DB_NAME: 'db1',
    TABLE_NAME: table,
    PARTITION_ID: id,
    DATA_VERSION: String(version),
  });
  const { source } = snaps(target('TXN_REPLICATION', 3));

  it('a written partition of a migrated table not reported yet asks for one round; reported or out of scope does not', () => {
    const first = unseenWrites([row('t', 't1', 4), row('other', 'o1', 5)], emptyGuardMemory, source, all, new Set());
    expect(first.fresh).toEqual(['t1@4']);
    // Asked already: no second round for the same write while the poll still shows it.
    expect(unseenWrites([row('t', 't1', 4)], emptyGuardMemory, source, all, first.asked).fresh).toEqual([]);
    // Reported by the round: nothing to ask; another load is.
    const reported = guard(emptyGuardMemory, target('TXN_NORMAL', 4)).memory;
    expect(unseenWrites([row('t', 't1', 4)], reported, source, all, new Set()).fresh).toEqual([]);
    expect(unseenWrites([row('t', 't1', 5)], reported, source, all, first.asked).fresh).toEqual(['t1@5']);
    expect(unseenWrites([row('t', 't1', 4)], emptyGuardMemory, source, () => false, new Set()).fresh).toEqual([]);
    expect(WRITTEN_PARTITIONS_SQL).toMatch(/WHERE VERSION_TXN_TYPE = 'TXN_NORMAL' AND DATA_VERSION > 1$/);
  });
});
