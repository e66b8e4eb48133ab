import { describe, expect, it } from 'vitest';
import { classifyDdlError, classifyJobError, classifyRefusal, describeFailure, movedNothingFailure } from '../../../src/cluster/fe-answers.js';

describe('FE answers, classified once', () => {
  it.each([
    ['No data need to replicate', 'in_sync'],
    ['The replication jobs exceeds the replication_max_parallel_table_count: 100', 'backpressure'],
    ['Replication job of table 12 is already running', 'backpressure'],
    ['Leader work admission is closed', 'backpressure'],
    ['Partition 5 in table t in database d publish version not finished', 'backpressure'],
    ['Unknown src storage volume while creating virtual tablet: src_vol', 'failure'],
    ['OLAP table 42 does not exist', 'failure'],
    ['', 'failure'],
  ])('refusal %j is %s', (message, kind) => {
    expect(classifyRefusal(message).kind).toBe(kind);
  });

  it('a missing mirror volume is permanent and names the fix; a gone table or an empty message is not', () => {
    const r = classifyRefusal('Unknown src storage volume while creating virtual tablet: src_vol', 'src_vol');
    expect(r).toMatchObject({ kind: 'failure', failure: { permanent: true, cause: 'missing_mirror_volume' } });
    expect(r.kind === 'failure' && r.failure.fix).toMatch(/create the storage volume src_vol on the target/);
    expect(classifyRefusal('OLAP table 42 does not exist')).toMatchObject({ failure: { permanent: false, cause: 'target_changed' } });
    expect(classifyRefusal('')).toMatchObject({ failure: { permanent: false } });
    expect(classifyRefusal('The replication jobs exceeds the replication_max_parallel_table_count: 1')).toEqual({
      kind: 'backpressure',
      slotLimit: true,
    });
  });

  it('aborted jobs: vacuumed source versions are permanent, everything else transient', () => {
    expect(classifyJobError('Not found: /s3/svc/db1/2/3/meta/0000000000000004_0000000000000002.meta: No such file or directory')).toMatchObject({
      permanent: true,
      cause: 'versions_vacuumed',
    });
    expect(classifyJobError('table \'b" has unfinished tablets: [1]')).toMatchObject({ permanent: false, cause: 'transient' });
    expect(classifyJobError('Replication job cancelled: FE restarted while the job was running')).toMatchObject({ permanent: false });
  });

  it('a job that committed without moving partitions is permanent, with the mirror volume as first suspect', () => {
    const f = movedNothingFailure('d.t', 'src_vol', ['p1', 'p2']);
    expect(f).toMatchObject({ permanent: true, cause: 'moved_nothing' });
    expect(describeFailure(f)).toMatch(
      /partition\(s\) p1, p2 of d\.t did not reach the source version.*fix: check that src_vol on the target has the source volume's exact location/,
    );
  });

  it.each([
    ["Getting syntax error at line 1, column 40. Detail message: Unexpected input 'HASH'", 1064, false, true, 'syntax'],
    ["Unknown table 'd.base'", 1051, false, true, 'semantic'],
    ['Connection lost: The server closed the connection.', undefined, true, false, 'transient'],
    ['Table t state is not NORMAL: SCHEMA_CHANGE', 1064, false, false, 'transient'],
  ] as const)('DDL error %j (errno %s) → permanent=%s', (message, errno, conn, permanent, cause) => {
    const f = classifyDdlError(message, errno, conn);
    expect(f.permanent).toBe(permanent);
    expect(f.cause).toBe(cause);
    if (permanent) expect(f.fix).not.toBe('');
  });

  describe('2026 abort reasons (ReplicationJob.java@6b3e681e)', () => {
    const guard = 'Partition 20015 data version mismatch for replication, committed: 3, current: 3, expected: 2';

    it('the commit-time guard (PR #68223) is "the target was written during migration": permanent, naming table and partition, with the fix', () => {
      const f = classifyJobError(guard, {
        table: 'd.t',
        partitions: [
          { name: 'p2', tgtPhysicalId: '20016' },
          { name: 'p1', tgtPhysicalId: '20015' },
        ],
      });
      expect(f).toMatchObject({ permanent: true, cause: 'target_written' });
      expect(f.message).toBe(
        'the target was written during migration: partition p1 of d.t was loaded on the target while its replication job ran, so the target aborted the job at commit',
      );
      expect(f.fix).toMatch(/^stop loading into the target table during migration/);
      expect(f.fix).toMatch(/the next job re-copies the partition/);
      // the FE's text (with its versions) is kept for the report, out of the message that identifies the failure
      expect(describeFailure(f)).toBe(`${f.message} (target: ${guard}); fix: ${f.fix}`);
    });

    it('the guard without context names the partition id; the same partition written again is the same failure (reported once)', () => {
      const a = classifyJobError(guard);
      const b = classifyJobError('Partition 20015 data version mismatch for replication, committed: 5, current: 4, expected: 3');
      expect(a.message).toMatch(/^the target was written during migration: partition 20015 was loaded on the target/);
      expect(a.message).toBe(b.message);
      expect(a.cause).toBe(b.cause);
    });

    it.each([
      ['Table 20010 is not found when committing replication', 'target_changed'],
      ['Table is deleted', 'target_changed'],
      ['Replication job cancelled', 'job_cancelled'],
      ['timeout by txn manager', 'transient'],
    ] as const)('%j is %s, not permanent', (message, cause) => {
      const f = classifyJobError(message);
      expect(f).toMatchObject({ permanent: false, cause });
    });

    it('a dropped target table and a cancelled job say what happened', () => {
      expect(classifyJobError('Table is deleted', { table: 'd.t' }).message).toBe(
        'the target table d.t was dropped while its replication job ran (target: Table is deleted)',
      );
      expect(classifyJobError('Replication job cancelled').message).toBe('Replication job cancelled');
    });
  });
});
