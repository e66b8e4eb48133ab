// The Migrator's parts, without a simulator: DDL task and what DDL a round starts, settings and condition watch,
// scoped-round selection, snapshot edits, plan notes, pool sizes, adoption, how a run ends.
import { describe, expect, it } from 'vitest';
import { DdlTask } from '../../../src/engine/ddl-task.js';
import { asCreated, createdSources, planCreatedTables, replanSelection, replanTables, takeBatch } from '../../../src/engine/scoped-rounds.js';
import type { ScopedRoundDeps } from '../../../src/engine/scoped-rounds.js';
import { withEmptyDatabase, withTables } from '../../../src/engine/snapshot-edits.js';
import { blockingNotes, NoteLog, noteLine } from '../../../src/engine/plan-notes.js';
import { poolSizes } from '../../../src/engine/resources.js';
import { adoptRunningJobs } from '../../../src/engine/adoption.js';
import { makeScope } from '../../../src/planner/scope.js';
import { plannerConfig } from '../../../src/planner/config.js';
import type { DdlAction, Plan, PlanNote } from '../../../src/planner/actions.js';
import { createMissingTables, ddlToStart, holdForRunningJobs, roundAfterCreate } from '../../../src/engine/ddl-round.js';
import type { RoundAfterCreate } from '../../../src/engine/ddl-round.js';
import { oneTimeFacts, stoppedEnd, verdictEnd } from '../../../src/engine/one-time.js';
import { ClusterWatch, warningChanges } from '../../../src/engine/cluster-watch.js';
import { ddlSubject, recordFailure } from '../../../src/engine/retry-book.js';
import type { RetryBook } from '../../../src/engine/retry-book.js';
import type { TableInfo } from '../../../src/model/snapshot.js';
import type { PlannedJob } from '../../../src/scheduler/replication-scheduler.js';
import { TARGET_VOLUMES, cluster, database, part, table, targetOf, tpart } from '../planner/fixtures.js';

function logger() {
  const lines: string[] = [];
  const at = (level: string) => (m: string) => lines.push(`${level} ${m}`);
  return { lines, log: { info: at('INFO'), warn: at('WARN'), error: at('ERROR'), debug: at('DEBUG') } as never };
}

/** db1.a in sync at version 2 and db1.b, on both sides; db2 only on the source. */
function snapshots() {
  const a = table('a', { id: '1', partitions: [part('p1', { id: '11', version: 2 })] });
  const b = table('b', { id: '2', partitions: [part('p1', { id: '21', version: 2 })] });
  const c = table('c', { id: '3', partitions: [part('p1', { id: '31', version: 2 })] });
  const ta = targetOf(a, [tpart('p1', { id: '91', version: 2 })]);
  const tb = targetOf(b, [tpart('p1', { id: '92', version: 2 })]);
  return {
    source: cluster([database('db1', { id: '10', tables: [a, b] }), database('db2', { id: '11', tables: [c] })]),
    target: cluster([database('db1', { id: '20', tables: [ta, tb] })], { volumes: TARGET_VOLUMES }),
  };
}

describe('DdlTask', () => {
  it('runs one task at a time, knows its objects while it runs, reports a failure instead of throwing', async () => {
    const errors: string[] = [];
    const task = new DdlTask((e) => errors.push(e.message));
    let finish!: () => void;
    task.start(new Promise<void>((r) => (finish = r)), ['db1', 'db1.t']);
    expect(task.running).toBe(true);
    expect([...task.inFlight]).toEqual(['db1', 'db1.t']);
    expect(() => task.start(Promise.resolve(), [])).toThrow(/already running/);
    finish();
    await task.settled();
    expect(task.running).toBe(false);
    expect(task.inFlight.size).toBe(0);
    task.start(Promise.reject(new Error('boom')), ['x']);
    await task.settled();
    expect(errors).toEqual(['boom']);
    expect(task.running).toBe(false);
  });
});

describe('warningChanges', () => {
  it('warns about new warnings once and logs the ones gone as fixed', () => {
    expect(warningChanges(new Set(['A is 5; do X', 'B']), ['B', 'C'])).toEqual({ warn: ['C'], fixed: ['Fixed: A is 5'] });
    expect(warningChanges(new Set(['B']), ['B'])).toEqual({ warn: [], fixed: [] });
  });
});

describe('scoped rounds', () => {
  it('takeBatch takes the oldest entries and removes them', () => {
    const m = new Map([
      ['a', 1],
      ['b', 2],
      ['c', 3],
    ]);
    expect(takeBatch(m, 2)).toEqual([
      ['a', 1],
      ['b', 2],
    ]);
    expect([...m.keys()]).toEqual(['c']);
  });

  it('replanSelection keeps selected tables known on both sides, skips held-back ones, asks for a full round for unknown ones', () => {
    const last = snapshots();
    const scope = makeScope(plannerConfig({ excludeDataList: [{ db: 'db1', table: 'b' }] }));
    const batch = (keys: string[]) =>
      keys.map((k): [string, { db: string; table: string }] => [k, { db: k.split('.')[0]!, table: k.split('.')[1]! }]);
    const picked = replanSelection(last, batch(['db1.a', 'db1.b']), scope, () => false);
    expect(picked.kind === 'tables' && picked.tables.map((t) => [t.key, t.src.id, t.tgt.id])).toEqual([['db1.a', '1', 'a-tgt-tid']]);
    expect(replanSelection(last, batch(['db1.a']), scope, (k) => k === 'db1.a')).toEqual({ kind: 'tables', tables: [] });
    expect(replanSelection(last, batch(['db2.c']), scope, () => false)).toEqual({ kind: 'full_round' }); // not created on the target yet
    expect(replanSelection(last, batch(['db1.new']), scope, () => false)).toEqual({ kind: 'full_round' }); // new on the source
  });

  const deps = (read: (tables: TableInfo[]) => Promise<Map<string, TableInfo>>, side: 'source' | 'target' = 'target'): ScopedRoundDeps => {
    const none = async () => new Map<string, TableInfo>();
    return {
      cfg: plannerConfig(),
      source: { tables: side === 'source' ? read : none },
      target: { tables: side === 'target' ? read : none },
      observer: null,
      log: logger().log,
      now: () => 42,
    };
  };

  it('replanTables plans the fresh versions and gives the tables to write into the snapshots', async () => {
    const last = snapshots();
    const a = last.source.databases.get('db1')!.tables.get('a')!;
    const ta = last.target.databases.get('db1')!.tables.get('a')!;
    const fresh = { ...a, partitions: new Map([['p1', part('p1', { id: '11', version: 5 })]]) };
    const d: ScopedRoundDeps = {
      ...deps(async () => new Map()),
      source: { tables: async () => new Map([['db1.a', fresh]]) },
      target: { tables: async () => new Map([['db1.a', ta]]) },
    };
    const out = await replanTables(last, [{ key: 'db1.a', src: a, tgt: ta }], d);
    expect(out.kind).toBe('plan');
    if (out.kind !== 'plan') return;
    expect(out.readAt).toBe(42);
    expect(out.plan.replication[0]!.jobs[0]!.partitions[0]).toMatchObject({ srcVersion: 5, tgtDataVersion: 2 });
    expect(out.updates.source[0]!.partitions.get('p1')!.physical[0]!.visibleVersion).toBe(5);
    expect(a.partitions.get('p1')!.physical[0]!.visibleVersion).toBe(2);
  });

  it('replanTables: a failed read asks for a full round', async () => {
    const last = snapshots();
    const a = last.source.databases.get('db1')!.tables.get('a')!;
    const out = await replanTables(
      last,
      [{ key: 'db1.a', src: a, tgt: last.target.databases.get('db1')!.tables.get('a')! }],
      deps(() => Promise.reject(new Error('down')), 'source'),
    );
    expect(out).toEqual({ kind: 'full_round' });
  });

  it('new tables: only those whose database is on the target; re-read there as NORMAL, planned at once', async () => {
    const last = snapshots();
    const srcs = createdSources(last, [
      ['db1.a', { db: 'db1', table: 'a' }],
      ['db2.c', { db: 'db2', table: 'c' }],
      ['db1.gone', { db: 'db1', table: 'gone' }],
    ]);
    expect(srcs.map((t) => t.name)).toEqual(['a']);
    const created = {
      ...last.target.databases.get('db1')!.tables.get('a')!,
      state: 'SCHEMA_CHANGE',
      partitions: new Map([['p1', tpart('p1', { id: '91', version: 1 })]]),
    };
    const out = await planCreatedTables(
      last,
      srcs,
      deps(async () => new Map([['db1.a', created]])),
    );
    expect(out.kind).toBe('plan');
    if (out.kind !== 'plan') return;
    expect(out.updates.target.map((t) => [t.name, t.state, t.createSql])).toEqual([['a', 'NORMAL', '']]);
    expect(out.plan.replication.map((w) => w.table)).toEqual(['a']);
    expect(
      await planCreatedTables(
        last,
        srcs,
        deps(() => Promise.reject(new Error('down'))),
      ),
    ).toEqual({ kind: 'none' });
    expect(asCreated(created).bitmapIndexes).toEqual([]);
  });
});

describe('snapshot edits', () => {
  it('make new snapshots and leave the old ones as they were', () => {
    const { source } = snapshots();
    const a = source.databases.get('db1')!.tables.get('a')!;
    const next = withTables(source, [
      { ...a, createSql: 'CREATE TABLE a' },
      { ...a, dbName: 'nodb' },
    ]);
    expect(next.databases.get('db1')!.tables.get('a')!.createSql).toBe('CREATE TABLE a');
    expect(source.databases.get('db1')!.tables.get('a')).toBe(a);
    expect(next.databases.get('db2')).toBe(source.databases.get('db2')); // untouched databases are shared
    expect(next.databases.has('nodb')).toBe(false);
    expect(withTables(source, [])).toBe(source);
    const withDb = withEmptyDatabase(source, 'db3', '30');
    expect(withDb.databases.get('db3')).toMatchObject({ id: '30', name: 'db3' });
    expect(source.databases.has('db3')).toBe(false);
    expect(withEmptyDatabase(source, 'db1', '99')).toBe(source);
  });
});

describe('plan notes', () => {
  const note = (o: Partial<PlanNote>): PlanNote => ({
    object: 'table',
    db: 'db1',
    table: 't',
    reason: 'schema_change',
    message: 'differs',
    blocking: true,
    ...o,
  });
  it('warns once per run, deferrals as INFO each time, texts being read never; blocking ones become verdict lines', () => {
    const { lines, log } = logger();
    const notes = new NoteLog(log);
    const list = [
      note({}),
      note({ reason: 'replication_deferred', message: 'next round', blocking: false }),
      note({ reason: 'missing_create_sql', message: 'reading' }),
    ];
    notes.notes(list);
    notes.notes(list);
    expect(lines).toEqual(['WARN table db1.t: differs', 'INFO table db1.t: next round', 'INFO table db1.t: next round']);
    expect(blockingNotes([...list, note({ object: 'view', table: undefined, name: 'v', message: 'bad' })])).toEqual([
      { object: 'db1.t', line: 'table db1.t: differs' },
      { object: 'db1.v', line: 'view db1.v: bad' },
    ]);
    expect(noteLine(note({ table: undefined, object: 'database' }))).toBe('database db1: differs');
  });
});

describe('poolSizes', () => {
  it('derives each pool from the key bounding its work', () => {
    expect(poolSizes({ metaJobThreads: 4, ddlJobBatchSize: 10, replicationJobBatchSize: 10 })).toEqual({ source: 4, target: 12, sender: 10 });
    expect(poolSizes({ metaJobThreads: 1, ddlJobBatchSize: 1, replicationJobBatchSize: 1 })).toEqual({ source: 2, target: 3, sender: 2 });
    expect(poolSizes({ metaJobThreads: 16, ddlJobBatchSize: 2, replicationJobBatchSize: 30 })).toEqual({ source: 16, target: 16, sender: 30 });
  });
});

describe('adoptRunningJobs', () => {
  it('follows the running jobs of known tables once, and says false when the job list cannot be read', async () => {
    const { target } = snapshots();
    const adopted: string[] = [];
    const scheduler = { isBusy: () => false, adopt: (job: PlannedJob, id: string) => adopted.push(`${id}:${job.tableKey}`) };
    const works = new Map<string, PlannedJob[]>();
    const rows = [
      { jobId: 'j1', tableId: 'a-tgt-tid', state: 'REPLICATING' },
      { jobId: 'j2', tableId: 'b-tgt-tid', state: 'COMMITTED' },
    ];
    const { lines, log } = logger();
    expect(await adoptRunningJobs(target, works, { inspector: { replicationJobs: async () => rows as never }, scheduler, log })).toBe(true);
    expect(adopted).toEqual(['j1:db1.a']);
    expect(lines[0]).toMatch(/j1 for db1.a is already running/);
    expect(await adoptRunningJobs(target, works, { inspector: { replicationJobs: () => Promise.reject(new Error('x')) }, scheduler, log })).toBe(
      false,
    );
  });
});

describe('ddlToStart', () => {
  const createDb: DdlAction = { kind: 'create_database', db: 'db2', reason: 'missing_on_target', sql: 'CREATE DATABASE `db2`' };
  const addPart: DdlAction = { kind: 'add_partition', db: 'db1', table: 'a', name: 'p2', reason: 'missing_on_target', sql: 'ALTER TABLE ...' };
  const p: Plan = { ddl: [createDb, addPart], replication: [], notes: [], inSync: [] };

  it('missing tables first (with their databases), the rest of the plan waits', () => {
    const book: RetryBook = new Map();
    expect(ddlToStart(p, [{ db: 'db2', name: 'c' }], book, 0)).toEqual({
      kind: 'create_tables',
      databases: [createDb],
      tables: [{ db: 'db2', name: 'c' }],
      objects: ['db2.c', 'db2'],
    });
    expect(ddlToStart(p, [], book, 0)).toEqual({ kind: 'apply', ddl: [createDb, addPart], objects: ['db2', 'db1.a'] });
  });

  it('statements held back for their retry are left out; nothing left: none', () => {
    const book: RetryBook = new Map();
    recordFailure(book, ddlSubject(addPart), 'ALTER', 'db1.a', { cause: 'semantic', permanent: true, message: 'no' } as never, 0);
    recordFailure(book, ddlSubject(createDb), 'CREATE', 'db2', { cause: 'semantic', permanent: true, message: 'no' } as never, 0);
    recordFailure(
      book,
      ddlSubject({ kind: 'create_table', db: 'db2', table: 'c' }),
      'CREATE',
      'db2.c',
      { cause: 'semantic', permanent: true, message: 'no' } as never,
      0,
    );
    expect(ddlToStart(p, [{ db: 'db2', name: 'c' }], book, 1000)).toEqual({ kind: 'none' });
  });
});

describe('holdForRunningJobs', () => {
  const addPart: DdlAction = { kind: 'add_partition', db: 'db1', table: 'a', name: 'p2', reason: 'missing_on_target', sql: 'ALTER TABLE ...' };
  const dropPart: DdlAction = {
    kind: 'drop_partition',
    db: 'db1',
    table: 'b',
    name: 'p1',
    reason: 'inconsistent',
    sql: 'ALTER TABLE ...',
  } as DdlAction;
  const createDb: DdlAction = { kind: 'create_database', db: 'db2', reason: 'missing_on_target', sql: 'CREATE DATABASE `db2`' };
  const p: Plan = { ddl: [createDb, addPart, dropPart], replication: [], notes: [], inSync: [] };

  it('holds the DDL of tables with a job on the target, keeps the rest', () => {
    const r = holdForRunningJobs(p, (k) => k === 'db1.b');
    expect(r.held).toEqual(['db1.b']);
    expect(r.plan.ddl).toEqual([createDb, addPart]);
    expect(p.ddl).toHaveLength(3); // the plan itself is not changed
  });

  it('nothing running: the same plan', () => {
    const r = holdForRunningJobs(p, () => false);
    expect(r).toEqual({ plan: p, held: [] });
    expect(r.plan).toBe(p);
  });
});

describe('createMissingTables', () => {
  it('creates the databases, learns their ids, then each table from its text; reports what is left over', async () => {
    const { source } = snapshots();
    const target = cluster([], { volumes: TARGET_VOLUMES });
    const c = source.databases.get('db2')!.tables.get('c')!;
    const ran: string[] = [];
    const dbs: string[] = [];
    const created: string[] = [];
    const createDb: DdlAction = { kind: 'create_database', db: 'db2', reason: 'missing_on_target', sql: 'CREATE DATABASE `db2`' };
    const r = await createMissingTables(
      [createDb],
      [
        { db: 'db2', name: 'c' },
        { db: 'db2', name: 'unreadable' },
      ],
      { source, target },
      {
        cfg: plannerConfig(),
        metaJobThreads: 2,
        ddlJobBatchSize: 2,
        source: { createTableSql: async (_db, name) => (name === 'c' ? c.createSql : Promise.reject(new Error('gone'))) },
        target: { databaseIds: async () => new Map([['db2', '77']]) },
        apply: async (actions) => {
          ran.push(...actions.map((a) => a.kind));
          return actions.map((action) => ({ action, ok: true }));
        },
        onDatabase: (name, id) => dbs.push(`${name}=${id}`),
        onCreated: (db, table) => created.push(`${db}.${table}`),
      },
      false,
    );
    expect(ran).toEqual(['create_database', 'create_table']);
    expect(dbs).toEqual(['db2=77']);
    expect(created).toEqual(['db2.c']);
    expect(r).toEqual({ leftOver: [{ db: 'db2', name: 'unreadable' }], round: 'now' });
  });
});

describe('roundAfterCreate', () => {
  const cases: Array<[string, { created: number; skipped: number; failed: number }, number, boolean, RoundAfterCreate]> = [
    ['only tables created: the check waits for idle replication', { created: 5, skipped: 0, failed: 0 }, 0, false, 'when_idle'],
    ['only a database created', { created: 0, skipped: 0, failed: 0 }, 1, false, 'when_idle'],
    ['views or MVs wait for the new tables: a round now', { created: 5, skipped: 0, failed: 0 }, 0, true, 'now'],
    ['a table left over (text unreadable): a round now', { created: 5, skipped: 1, failed: 0 }, 0, false, 'now'],
    ['a CREATE failed: a round now', { created: 5, skipped: 0, failed: 1 }, 0, false, 'now'],
    ['nothing created, nothing else', { created: 0, skipped: 0, failed: 0 }, 0, false, 'none'],
    ['nothing created, other DDL: its own round takes it', { created: 0, skipped: 0, failed: 0 }, 0, true, 'none'],
  ];
  it.each(cases)('%s', (_why, r, dbs, other, want) => expect(roundAfterCreate(r, dbs, other)).toBe(want));
});

describe('how a run ends', () => {
  it('a verdict: done → 0 with the INFO line, failed → 4 with one ERROR line per object, continue → null', () => {
    expect(verdictEnd({ kind: 'continue' })).toBeNull();
    expect(verdictEnd({ kind: 'done' })).toEqual({
      result: { exitCode: 0, unsynced: [] },
      info: ['One-time synchronization finished: every selected table is in sync'],
      errors: [],
    });
    expect(verdictEnd({ kind: 'failed', unsynced: ['db1.a: x'] })).toEqual({
      result: { exitCode: 4, unsynced: ['db1.a: x'] },
      info: [],
      errors: ['Not synchronized: db1.a: x'],
    });
  });

  it('stopped before done: the tables not in sync (and how many more), or that nothing was read yet', () => {
    expect(stoppedEnd(null).result).toEqual({
      exitCode: 4,
      unsynced: ['stopped before one-time synchronization finished: stopped before the catalogs were read'],
    });
    expect(stoppedEnd({ count: 0, tables: [] }).result).toEqual({ exitCode: 0, unsynced: [] });
    const end = stoppedEnd({ count: 3, tables: [{ table: 'db1.a', reason: 'lagging' } as never] });
    expect(end.errors).toEqual([
      'Not synchronized (one-time run stopped): db1.a: lagging',
      'Not synchronized (one-time run stopped): and 2 more table(s)',
    ]);
  });

  it('the verdict facts come from the retry book and the blocking notes', () => {
    const book: RetryBook = new Map();
    recordFailure(book, 'job:db1.a', 'replication job j1', 'db1.a', { cause: 'moved_nothing', permanent: true, message: 'm' } as never, 0);
    const p: Plan = {
      ddl: [],
      replication: [],
      notes: [{ object: 'table', db: 'db1', table: 'b', reason: 'missing_mirror_volume', message: 'no src_x', blocking: true }],
      inSync: [],
    };
    const f = oneTimeFacts(false, 0, book, p);
    expect(f.failures).toMatchObject([{ object: 'db1.a', attempts: 1, permanent: true }]);
    expect(f.blocks).toEqual([{ object: 'db1.b', line: 'table db1.b: no src_x' }]);
  });
});

describe('ClusterWatch', () => {
  const side = (config: Record<string, string>, volumes: () => Promise<Array<Record<string, string>>>) =>
    ({ sql: { query: volumes }, inspector: { frontendConfig: async (k: string) => config[k] ?? null } }) as never;
  const good = {
    lake_compaction_max_tasks: '0',
    enable_legacy_compatibility_for_replication: 'true',
    lake_autovacuum_grace_period_minutes: '10000000',
    replication_max_parallel_table_count: '7',
  };

  it('waits on blocked tables, on failures a fix may cure, and on settings warned about', () => {
    const { log } = logger();
    const quiet = new ClusterWatch(
      side(good, async () => []),
      side(good, async () => []),
      log,
      [],
    );
    const book: RetryBook = new Map();
    expect(quiet.waiting(0, book)).toBe(false);
    expect(quiet.waiting(1, book)).toBe(true);
    recordFailure(book, 'job:db1.a', 'job', 'db1.a', { cause: 'missing_mirror_volume', permanent: true, message: '' } as never, 0);
    expect(quiet.waiting(0, book)).toBe(true);
    expect(
      new ClusterWatch(
        side(good, async () => []),
        side(good, async () => []),
        log,
        ['compaction on'],
      ).waiting(0, new Map()),
    ).toBe(true);
  });

  it('warns about a lost setting once, logs it fixed, follows the slot count; a change of volumes is noticed', async () => {
    const { lines, log } = logger();
    const tgtConfig = { ...good, lake_compaction_max_tasks: '8' };
    let volumes = [{ 'Storage Volume': 'builtin_storage_volume' }];
    const target = side(tgtConfig, async () => volumes);
    const watch = new ClusterWatch(
      side(good, async () => []),
      target,
      log,
      [],
    );
    const slots: number[] = [];
    await watch.recheckSettings((n) => slots.push(n));
    await watch.recheckSettings();
    tgtConfig.lake_compaction_max_tasks = '0';
    await watch.recheckSettings();
    expect(lines.filter((l) => l.includes('lake_compaction_max_tasks'))).toHaveLength(2);
    expect(lines.some((l) => l.startsWith('INFO Fixed: Target lake_compaction_max_tasks is 8'))).toBe(true);
    expect(slots).toEqual([7]);
    watch.remember(await watch.readForRound());
    expect(await watch.changed()).toBe(false);
    volumes = [...volumes, { 'Storage Volume': 'other' }];
    expect(await watch.changed()).toBe(true);
    expect(await watch.changed()).toBe(false);
  });
});
