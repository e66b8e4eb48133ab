// Issue 11 item 1, "one bad object must never stop the others", in the engine: a SHOW CREATE / SHOW INDEX read that
// fails for one object is that object's failure (readError → a blocking `read_failed` note: not in sync with the
// failure as its reason, reported once, read again next round); a transient failure still abandons the round.
import { describe, expect, it } from 'vitest';
import { planRound, TransientReadError } from '../../../src/engine/ddl-sources.js';
import type { ObjectReads } from '../../../src/engine/ddl-sources.js';
import { Migrator } from '../../../src/engine/migrator.js';
import type { EngineResources } from '../../../src/engine/resources.js';
import type { ObjectRead } from '../../../src/inspector/inspector.js';
import type { ClusterSnapshot, TableInfo } from '../../../src/model/snapshot.js';
import type { DdlAction } from '../../../src/planner/actions.js';
import type { PlannedJob, TargetJobRow } from '../../../src/scheduler/replication-scheduler.js';
import { EMPTY_HOST_MAP } from '../../../src/config/hosts.js';
import { plannerConfig } from '../../../src/planner/config.js';
import { engineSettings, preflightFacts } from './fixtures.js';
import { TARGET_VOLUMES, cluster, database, part, table, targetOf, tpart } from '../planner/fixtures.js';

const FE_ERROR = "Getting analyzing error. Detail message: Unknown table 'bad'.";
const ok = <T>(value: T): ObjectRead<T> => ({ ok: true, value });
const failed = (what: string, transient = false): ObjectRead<never> => ({ ok: false, error: `${what} failed: ${FE_ERROR}`, transient });

/** Object reads where `bad` fails (its SHOW CREATE TABLE, or its SHOW INDEX), the others answer. */
function reads(source: ClusterSnapshot, o: { bad?: string; transient?: boolean; indexFails?: boolean } = {}): ObjectReads & { asked: string[] } {
  const asked: string[] = [];
  const tableOf = (db: string, name: string) => source.databases.get(db)?.tables.get(name);
  return {
    asked,
    tryCreateTableSql: async (db, name) => {
      asked.push(`create ${db}.${name}`);
      return name === o.bad ? failed(`SHOW CREATE TABLE \`${db}\`.\`${name}\``, o.transient) : ok(tableOf(db, name)?.createSql ?? '');
    },
    tryCreateViewSql: async () => ok(''),
    tryCreateMaterializedViewSql: async () => ok(''),
    tryBitmapIndexes: async (db, name) => {
      asked.push(`index ${db}.${name}`);
      return o.indexFails && name === o.bad ? failed(`SHOW INDEX FROM \`${db}\`.\`${name}\``, o.transient) : ok([]);
    },
  };
}

/** Four tables on the source, none of them with its text read (the bulk snapshot has none). */
function sourceOf(names: string[]): ClusterSnapshot {
  return cluster([
    database('db1', {
      id: '10',
      tables: names.map((n, i) => table(n, { id: `${i + 1}`, partitions: [part('p1', { id: `${i + 1}1`, version: 3 })] })),
    }),
  ]);
}
const withoutTexts = (s: ClusterSnapshot): ClusterSnapshot =>
  cluster([database('db1', { id: '10', tables: [...s.databases.get('db1')!.tables.values()].map((t) => ({ ...t, createSql: '' })) })]);

describe('planRound: a table whose SHOW CREATE TABLE fails', () => {
  const full = sourceOf(['a', 'bad', 'c']);
  const emptyTarget = cluster([database('db1', { id: '20' })], { volumes: TARGET_VOLUMES });

  it('non-transient: the others are planned, the bad one is named in a blocking read_failed note with the FE message', async () => {
    const src = reads(full, { bad: 'bad' });
    const r = await planRound({ source: src, target: reads(emptyTarget) }, withoutTexts(full), emptyTarget, plannerConfig(), 2, () => true);
    expect(r.plan.ddl.map((a) => `${a.kind} ${a.table}`)).toEqual(['create_table a', 'create_table c']);
    expect(r.plan.notes).toEqual([
      {
        object: 'table',
        db: 'db1',
        table: 'bad',
        reason: 'read_failed',
        message: `SHOW CREATE TABLE \`db1\`.\`bad\` failed: ${FE_ERROR}`,
        blocking: true,
      },
    ]);
    expect(r.source.databases.get('db1')!.tables.get('bad')!.readError).toMatch(/^SHOW CREATE TABLE/);
    expect(src.asked.filter((x) => x.startsWith('create')).sort()).toEqual(['create db1.a', 'create db1.bad', 'create db1.c']);
  });

  it('transient (connection lost): the round is abandoned, as a failed bulk read', async () => {
    const src = reads(full, { bad: 'bad', transient: true });
    await expect(
      planRound({ source: src, target: reads(emptyTarget) }, withoutTexts(full), emptyTarget, plannerConfig(), 2, () => true),
    ).rejects.toBeInstanceOf(TransientReadError);
  });

  it('SHOW INDEX failing on the target for one table: that table is planned for nothing, the others replicate', async () => {
    const target = cluster(
      [
        database('db1', {
          id: '20',
          tables: [...full.databases.get('db1')!.tables.values()].map((t, i) => targetOf(t, [tpart('p1', { id: `9${i}`, version: 2 })])),
        }),
      ],
      { volumes: TARGET_VOLUMES },
    );
    const r = await planRound(
      { source: reads(full), target: reads(target, { bad: 'bad', indexFails: true }) },
      full,
      target,
      plannerConfig({ enableBitmapIndexSync: true }),
      2,
    );
    expect(r.plan.replication.map((w) => w.table)).toEqual(['a', 'c']);
    expect(r.plan.notes).toMatchObject([
      { table: 'bad', reason: 'read_failed', message: `on the target: SHOW INDEX FROM \`db1\`.\`bad\` failed: ${FE_ERROR}`, blocking: true },
    ]);
  });
});

// ---- the whole engine with fake clusters: 3 tables migrate, one cannot be read ----

const settings = engineSettings;
const facts = preflightFacts;

/** A source with a, b, c and bad (whose SHOW CREATE TABLE always fails), an empty target that CREATE TABLE fills. */
function fakeClusters() {
  const source = sourceOf(['a', 'b', 'bad', 'c']);
  const created = new Map<string, TableInfo>();
  const sent: PlannedJob[] = [];
  const jobs: TargetJobRow[] = [];
  const targetSnap = (): ClusterSnapshot => cluster([database('db1', { id: '20', tables: [...created.values()] })], { volumes: TARGET_VOLUMES });
  const down = () => Promise.reject(new Error('not faked'));
  const config = async (k: string) =>
    k === 'lake_compaction_max_tasks' ? '0' : k === 'enable_legacy_compatibility_for_replication' ? 'true' : '10000000';
  const srcReads = reads(source, { bad: 'bad' });
  const sourceInspector = {
    ...srcReads,
    snapshot: async () => withoutTexts(source),
    frontendConfig: config,
    createTableSql: async (db: string, name: string) => {
      const r = await srcReads.tryCreateTableSql(db, name);
      if (!r.ok) throw new Error(r.error);
      return r.value;
    },
  };
  const targetInspector = {
    ...reads(targetSnap()),
    snapshot: async () => targetSnap(),
    frontendConfig: config,
    replicationJobs: async () => [],
    databaseIds: async () => new Map([['db1', '20']]),
    tables: async (known: TableInfo[]) =>
      new Map(known.flatMap((t) => (created.has(t.name) ? [[`${t.dbName}.${t.name}`, created.get(t.name)!] as const] : []))),
  };
  const resources: EngineResources = {
    source: { sql: { query: down } as never, inspector: sourceInspector as never },
    target: { sql: { query: down } as never, inspector: targetInspector as never },
    applier: {
      apply: async (actions: DdlAction[]) =>
        actions.map((action) => {
          const t = action.kind === 'create_table' ? source.databases.get('db1')!.tables.get(action.table) : undefined;
          if (t) created.set(t.name, targetOf(t, [tpart('p1', { id: `9${t.id}`, version: 1 })]));
          return { action, ok: true };
        }),
    },
    sender: {
      send: async (job, jobId) => {
        sent.push(job);
        jobs.push({ jobId, tableId: job.tgtTableId, state: 'COMMITTED', error: '' });
        const t = created.get(job.table)!;
        created.set(job.table, targetOf(t, [tpart('p1', { id: `9${t.id}`, version: 3 })], { id: t.id }));
        return { kind: 'accepted' };
      },
      listTargetJobs: async () => jobs,
      checkArrival: async () => ({ kind: 'arrived' }),
      forgetIndexes: () => undefined,
    },
    close: async () => undefined,
  };
  return { resources, sent, created };
}

describe('Migrator: one table whose SHOW CREATE TABLE fails among four', () => {
  it('the other three are created and replicated; one-time mode ends with exit 4 naming the bad table, reported once', async () => {
    const c = fakeClusters();
    const lines: string[] = [];
    const at = (level: string) => (m: string) => lines.push(`${level} ${m}`);
    const log = { info: at('INFO'), warn: at('WARN'), error: at('ERROR'), debug: at('DEBUG'), child: () => undefined } as never;
    const m = new Migrator(settings, EMPTY_HOST_MAP, log, null, { resources: () => c.resources, preflight: async () => facts });
    const result = await m.run(AbortSignal.timeout(20_000));
    expect([...c.created.keys()].sort()).toEqual(['a', 'b', 'c']);
    expect(c.sent.map((j) => j.tableKey).sort()).toEqual(['db1.a', 'db1.b', 'db1.c']);
    expect(result.exitCode, lines.join('\n')).toBe(4);
    const reason = `SHOW CREATE TABLE \`db1\`.\`bad\` failed: ${FE_ERROR}`;
    expect(result.unsynced).toEqual([`table db1.bad: ${reason}`]);
    expect(lines.filter((l) => l.startsWith('WARN ') && l.includes('db1.bad'))).toEqual([`WARN table db1.bad: ${reason}`]);
    expect(lines).toContain(`ERROR Not synchronized: table db1.bad: ${reason}`);
    expect(lines.some((l) => /every selected table is in sync/.test(l))).toBe(false);
    // The last progress line counts it pending (3 of 4 tables synced).
    const last = [...lines].reverse().find((l) => l.includes('Sync table progress'));
    expect(last).toMatch(/finished table: 3, unfinished table: 1/);
  }, 25_000);
});
