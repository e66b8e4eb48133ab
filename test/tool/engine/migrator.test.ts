// The Migrator as orchestration, with fake clusters (no simulator): the resources and the preflight are injected.
import { describe, expect, it } from 'vitest';
import { Migrator } from '../../../src/engine/migrator.js';
import type { EngineResources } from '../../../src/engine/resources.js';
import type { ClusterSnapshot } from '../../../src/model/snapshot.js';
import type { PlannedJob, TargetJobRow } from '../../../src/scheduler/replication-scheduler.js';
import { EMPTY_HOST_MAP } from '../../../src/config/hosts.js';
import { engineSettings, preflightFacts } from './fixtures.js';
import { TARGET_VOLUMES, cluster, database, part, table, targetOf, tpart } from '../planner/fixtures.js';

const settings = engineSettings;
const facts = preflightFacts;

function logger() {
  const lines: string[] = [];
  const at = (level: string) => (m: string) => lines.push(`${level} ${m}`);
  return { lines, log: { info: at('INFO'), warn: at('WARN'), error: at('ERROR'), debug: at('DEBUG'), child: () => undefined } as never };
}

/** Two fake clusters: the source's table db1.t at `srcVersion`, the target's copy at the version its jobs reached. */
function fakeClusters(srcVersion: number, o: { tgtVersion?: number; targetVolumes?: string[] } = {}) {
  let tgtVersion = o.tgtVersion ?? srcVersion;
  const sent: PlannedJob[] = [];
  const jobs: TargetJobRow[] = [];
  const sourceSnap = (): ClusterSnapshot =>
    cluster([database('db1', { id: '10', tables: [table('t', { id: '1', partitions: [part('p1', { id: '11', version: srcVersion })] })] })]);
  const targetSnap = (): ClusterSnapshot => {
    const s = sourceSnap().databases.get('db1')!.tables.get('t')!;
    return cluster([database('db1', { id: '20', tables: [targetOf(s, [tpart('p1', { id: '91', version: tgtVersion })])] })], {
      volumes: o.targetVolumes ?? TARGET_VOLUMES,
    });
  };
  const down = () => Promise.reject(new Error('not faked'));
  const inspector = (snap: () => ClusterSnapshot) =>
    ({
      snapshot: async () => snap(),
      frontendConfig: async (k: string) =>
        k === 'lake_compaction_max_tasks' ? '0' : k === 'enable_legacy_compatibility_for_replication' ? 'true' : '10000000',
      replicationJobs: async () => [],
      tables: down,
      databaseIds: down,
      createTableSql: down,
    }) as never;
  let closed = false;
  const resources: EngineResources = {
    source: { sql: { query: down } as never, inspector: inspector(sourceSnap) },
    target: { sql: { query: down } as never, inspector: inspector(targetSnap) },
    applier: { apply: async () => [] },
    sender: {
      send: async (job, jobId) => {
        sent.push(job);
        jobs.push({ jobId, tableId: job.tgtTableId, state: 'COMMITTED', error: '' });
        tgtVersion = srcVersion;
        return { kind: 'accepted' };
      },
      listTargetJobs: async () => jobs,
      checkArrival: async () => ({ kind: 'arrived' }),
      forgetIndexes: () => undefined,
    },
    close: async () => {
      closed = true;
    },
  };
  return { resources, sent, isClosed: () => closed };
}

async function runOnce(c: ReturnType<typeof fakeClusters>) {
  const { lines, log } = logger();
  const m = new Migrator(settings, EMPTY_HOST_MAP, log, null, { resources: () => c.resources, preflight: async () => facts });
  const result = await m.run(AbortSignal.timeout(20_000));
  return { result, lines };
}

describe('Migrator (fake clusters)', () => {
  it('one-time run with everything in sync: exit 0, true progress lines, nothing sent, resources closed', async () => {
    const c = fakeClusters(3);
    const { result, lines } = await runOnce(c);
    expect(result).toEqual({ exitCode: 0, unsynced: [] });
    expect(c.sent).toEqual([]);
    expect(lines).toContain('INFO One-time synchronization finished: every selected table is in sync');
    expect(lines.some((l) => l.startsWith('INFO Sync job progress: 100.00%'))).toBe(true);
    expect(c.isClosed()).toBe(true);
  });

  it('a table behind the source: one job sent for its partition, finished when the data arrived, then done', async () => {
    const c = fakeClusters(5, { tgtVersion: 2 });
    const { result } = await runOnce(c);
    expect(result.exitCode).toBe(0);
    expect(c.sent.map((j) => [j.tableKey, j.partitions.map((p) => `${p.name}@${p.srcVersion}`)])).toEqual([['db1.t', ['p1@5']]]);
  });

  it('a table blocked by a missing src_ volume: exit 4 with the reason, nothing sent', async () => {
    const c = fakeClusters(5, { tgtVersion: 2, targetVolumes: ['builtin_storage_volume'] });
    const { result, lines } = await runOnce(c);
    expect(result.exitCode).toBe(4);
    expect(result.unsynced.join('\n')).toMatch(/src_builtin_storage_volume/);
    expect(lines.some((l) => l.startsWith('ERROR Not synchronized: '))).toBe(true);
    expect(c.sent).toEqual([]);
  });
});
