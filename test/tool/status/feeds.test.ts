// What the scheduler and the DDL applier tell the status endpoint (their optional event hooks).
import { describe, expect, it } from 'vitest';
import { ReplicationScheduler, type PlannedJob, type TargetJobRow } from '../../../src/scheduler/replication-scheduler.js';
import type { ReplicationAnswer } from '../../../src/cluster/fe-rpc-client.js';
import { DdlApplier } from '../../../src/applier/ddl-applier.js';
import { SqlError, type SqlClient } from '../../../src/cluster/sql-client.js';
import { createMemoryLogger } from '../../../src/log/logger.js';
import { StatusRecorder } from '../../../src/status/index.js';

const { logger } = createMemoryLogger();

function job(table: string): PlannedJob {
  return {
    tableKey: `db.${table}`,
    db: 'db',
    table,
    srcDbId: '1',
    srcTableId: '2',
    tgtDbId: '3',
    tgtTableId: table,
    mirrorVolume: 'src_v',
    partitions: [{ name: 'p', srcPhysicalId: '1', tgtPhysicalId: '1', srcVersion: 2, srcVersionEpoch: '0', tgtDataVersion: 1, dataSize: 10 }],
    dataSize: 10,
  };
}

describe('scheduler events', () => {
  it('counts sends, finishes, failed attempts, retries and back-pressure deferrals', async () => {
    const rec = new StatusRecorder();
    const rows: TargetJobRow[] = [];
    let now = 0;
    const answers: Record<string, ReplicationAnswer[]> = {
      a: [{ kind: 'accepted' }],
      b: [{ kind: 'rejected', code: 1, message: 'table schema changed' }, { kind: 'accepted' }],
      c: [{ kind: 'rejected', code: 1, message: 'exceeds replication_max_parallel_table_count 2' }],
    };
    const s = new ReplicationScheduler(
      {
        send: async (j, id) => {
          const a = answers[j.table]!.shift() ?? { kind: 'accepted' };
          if (a.kind === 'accepted') rows.push({ jobId: id, tableId: j.tgtTableId, state: 'REPLICATING', error: '' });
          return a;
        },
        listTargetJobs: async () => rows,
        now: () => now,
        log: logger,
        events: {
          sent: () => rec.replicationJob('sent'),
          finished: () => rec.replicationJob('finished'),
          failed: (retrying) => {
            rec.replicationJob('failed');
            if (retrying) rec.replicationJob('retried');
          },
          deferred: () => rec.replicationJob('deferred'),
        },
      },
      { maxInFlight: 5, replicationJobBatchSize: 1, unknownAfterMs: 1000, maxAttempts: 3, backoffMs: 100 },
    );
    s.offer(new Map(['a', 'b', 'c'].map((t) => [`db.${t}`, [job(t)]])));
    await s.pump();
    expect(s.tableStates()).toEqual(
      new Map([
        ['db.a', 'sent'],
        ['db.b', 'pending'],
        ['db.c', 'pending'],
      ]),
    );
    now += 200;
    await s.pump();
    rows[0]!.state = 'COMMITTED';
    await s.poll();
    now += 200;
    await s.pump();
    expect(rec.snapshot().counters).toMatchObject({ jobsSent: 3, jobsFinished: 1, jobsFailed: 1, jobsRetried: 1, backpressureDeferrals: 1 });
  });
});

describe('DDL applier outcomes', () => {
  it('reports each statement: applied (also when already done) or failed', async () => {
    const outcomes: boolean[] = [];
    const fake = {
      exec: async (sql: string) => {
        if (sql.startsWith('CREATE DATABASE d1')) throw new SqlError('database exists', 1007, sql, false);
        if (sql.startsWith('BAD')) throw new Error('syntax error');
        return undefined;
      },
    } as unknown as SqlClient;
    const applier = new DdlApplier(fake, logger, 2, (ok) => outcomes.push(ok));
    await applier.apply([
      { kind: 'create_database', db: 'd1', sql: 'CREATE DATABASE d1' },
      { kind: 'create_database', db: 'd2', sql: 'CREATE DATABASE d2' },
      { kind: 'drop_table', db: 'd2', table: 't', sql: 'BAD' },
    ]);
    expect(outcomes.sort()).toEqual([false, true, true]);
  });
});
