// The migration loop, read top to bottom like the manual's procedure:
//   check both clusters → (round) read both catalogs → plan → run DDL on the target → queue replication
//   → follow jobs → report progress → again, until stopped (or once, in one_time_run_mode).
// Full rounds are triggered by the meta interval, by new source partitions or tables, by applied DDL and by the
// replication queue draining. New versions of known partitions (polled every second) and finished jobs whose
// table moved on re-plan just those tables (scoped rounds: a filtered re-read, the last snapshots for the rest).
// Submission runs on its own (ReplicationScheduler.drive): a target slot is refilled as soon as one frees up.
import type { HostMap } from '../config/hosts.js';
import type { Logger } from '../log/logger.js';
import { SqlClient } from '../cluster/sql-client.js';
import { FeRpcClient } from '../cluster/fe-rpc-client.js';
import { ClusterInspector } from '../inspector/inspector.js';
import { DdlApplier } from '../applier/ddl-applier.js';
import { ReplicationScheduler } from '../scheduler/replication-scheduler.js';
import type { PlannedJob, SchedulerEvents } from '../scheduler/replication-scheduler.js';
import { buildReplicationRequest, LayoutMismatchError } from '../replication/request-builder.js';
import type { ClusterSnapshot, MaterializedIndexInfo, PartitionTablets, TableInfo } from '../model/snapshot.js';
import { makeScope } from '../planner/scope.js';
import { planScoped, subSnapshot } from './scoped-plan.js';
import { createTablesPipelined } from './create-pipeline.js';
import { plan } from '../planner/plan.js';
import type { Plan, PlanNote, TableReplicationWork } from '../planner/actions.js';
import { formatJobProgress, formatTableProgress } from '../progress/progress.js';
import { preflight, settingWarnings } from './preflight.js';
import type { PreflightResult } from './preflight.js';
import type { EngineSettings } from './settings.js';
import { planRound, tablesInScope } from './ddl-sources.js';
import { SourceVersionWatcher } from './version-watcher.js';
import { sleep } from '../util/sleep.js';
import type { ProgressUpdate, SyncObserver } from '../status/model.js';
import { blockedTables, targetLag, unsyncedTables } from '../status/unsynced.js';
import type { JobProgress, TableProgress } from '../progress/progress.js';

export interface RunResult {
  exitCode: number;
  /** Why a one-time run could not finish everything, one line per table. */
  unsynced: string[];
}

const TICK_MS = 100;
const MIN_ROUND_GAP_MS = 500;
/** How often the target's job list is read while jobs are in flight. */
const JOB_POLL_MS = 100;
/** Most tables re-read by one scoped round. */
const SCOPED_BATCH = 500;
/** How often the status endpoint's progress is refreshed (when there is one). */
const STATUS_PUBLISH_MS = 1000;
/** Most tables listed by name as not in sync on the status endpoint. */
const UNSYNCED_SHOWN = 100;

export class Migrator {
  private readonly source: SqlClient;
  private readonly target: SqlClient;
  private readonly sourceInspector: ClusterInspector;
  private readonly targetInspector: ClusterInspector;
  private readonly applier: DdlApplier;
  private facts!: PreflightResult;
  private scheduler!: ReplicationScheduler;
  private rpc!: FeRpcClient;
  private watcher!: SourceVersionWatcher;
  private lastPlan: Plan | null = null;
  private lastRoundAt = 0;
  private roundRequested = true;
  private ddlPending = 0;
  private readonly tablesInScope = new Set<string>();
  private readonly expired = new Set<string>();
  private readonly loggedNotes = new Set<string>();
  private readonly tabletCache = new Map<string, PartitionTablets>();
  /** Materialized indexes per side and table id: cleared every full round and when a send for the table fails. */
  private readonly indexCache = new Map<string, Promise<MaterializedIndexInfo[]>>();
  /** Connections for job submission (index schema, tablets, the job list), apart from the catalog reads. */
  private readonly sourceJobs: SqlClient;
  private readonly targetJobs: SqlClient;
  private readonly sourceJobInspector: ClusterInspector;
  private readonly targetJobInspector: ClusterInspector;
  /** The snapshots the last round planned on, kept current by scoped rounds. */
  private lastSnapshots: { source: ClusterSnapshot; target: ClusterSnapshot } | null = null;
  /** DDL running beside the loop; no full round starts while it runs. */
  private ddlTask: Promise<void> | null = null;
  /** Tables the create pipeline could not create: later rounds read their texts and plan them as a whole. */
  private readonly notPipelined = new Set<string>();
  /** Tables created on the target by this run's DDL and not yet planned for replication. */
  private readonly created = new Map<string, { db: string; table: string }>();
  /** Tables to re-plan in the next scoped round (`db.table` → names). */
  private readonly replan = new Map<string, { db: string; table: string }>();
  private consecutiveFruitlessRounds = 0;
  private settingWarningsShown = new Set<string>();
  /** Jobs already running on the target are looked for once, in the first round, before anything is offered. */
  private adopted = false;
  /** Partitions behind the source per table (`db.table`), as of the table's last plan minus jobs finished since. */
  private readonly lagging = new Map<string, number>();

  constructor(
    private readonly settings: EngineSettings,
    private readonly hostMap: HostMap,
    private readonly log: Logger,
    /** The status endpoint, when status_http_port is set. */
    private readonly observer: SyncObserver | null = null,
  ) {
    const opts = { connectTimeoutMs: settings.connectTimeoutMs, queryTimeoutMs: settings.socketTimeoutMs, connectionLimit: Math.max(2, settings.metaThreads) };
    this.source = new SqlClient({ host: settings.source.host, port: settings.source.queryPort, user: settings.source.user, password: settings.source.password }, opts);
    this.target = new SqlClient(
      { host: settings.target.host, port: settings.target.queryPort, user: settings.target.user, password: settings.target.password },
      { ...opts, connectionLimit: Math.max(opts.connectionLimit, settings.ddlConcurrency + 2) },
    );
    this.sourceInspector = new ClusterInspector(this.source);
    this.targetInspector = new ClusterInspector(this.target);
    const jobOpts = { ...opts, connectionLimit: Math.max(2, settings.replicationConcurrency) };
    this.sourceJobs = new SqlClient({ host: settings.source.host, port: settings.source.queryPort, user: settings.source.user, password: settings.source.password }, jobOpts);
    this.targetJobs = new SqlClient(
      { host: settings.target.host, port: settings.target.queryPort, user: settings.target.user, password: settings.target.password },
      { ...jobOpts, connectionLimit: jobOpts.connectionLimit + 1 },
    );
    this.sourceJobInspector = new ClusterInspector(this.sourceJobs);
    this.targetJobInspector = new ClusterInspector(this.targetJobs);
    this.applier = new DdlApplier(this.target, log, settings.ddlConcurrency, observer ? (ok) => observer.ddl(ok ? 'applied' : 'failed') : undefined);
  }

  async run(signal: AbortSignal): Promise<RunResult> {
    try {
      return await this.runInner(signal);
    } finally {
      await Promise.all([this.source.close(), this.target.close(), this.sourceJobs.close(), this.targetJobs.close()]);
    }
  }

  private async runInner(signal: AbortSignal): Promise<RunResult> {
    this.facts = await preflight(this.settings, this.hostMap, { source: { sql: this.source, inspector: this.sourceInspector }, target: { sql: this.target, inspector: this.targetInspector } }, this.log);
    this.settingWarningsShown = new Set(this.facts.warnings);
    this.rpc = new FeRpcClient(() => this.facts.target.rpc, Math.max(this.settings.socketTimeoutMs, 5000));
    this.scheduler = new ReplicationScheduler(
      {
        send: (job, jobId) => this.sendJob(job, jobId),
        listTargetJobs: () => this.targetJobInspector.replicationJobs(),
        now: () => Date.now(),
        log: this.log,
        events: this.observer ? schedulerEvents(this.observer) : undefined,
      },
      {
        maxInFlight: this.facts.target.maxParallelTables,
        sendConcurrency: this.settings.replicationConcurrency,
        unknownAfterMs: 30_000,
        maxAttempts: 3,
        backoffMs: 1000,
      },
    );
    this.scheduler.onFinished = (t) => this.afterJob(t.job);
    this.scheduler.onReplan = () => this.requestRound();
    this.watcher = new SourceVersionWatcher(this.source);
    this.observer?.phase('running');
    this.log.info(
      `srsync started: one_time_run_mode=${this.settings.oneTimeRunMode}, source ${this.settings.source.host}:${this.settings.source.queryPort}, target ${this.settings.target.host}:${this.settings.target.queryPort}`,
    );

    let lastReport = 0;
    let lastPublish = 0;
    let lastVersionPoll = 0;
    let lastSettingsCheck = Date.now();
    const stopDriving = new AbortController();
    const driving = this.scheduler.drive(AbortSignal.any([signal, stopDriving.signal]), JOB_POLL_MS);
    try {
      return await this.loop(signal, () => {
        const now = Date.now();
        const due = {
          settings: now - lastSettingsCheck >= this.settings.metaIntervalMs,
          versions: now - lastVersionPoll >= this.settings.versionPollMs,
          report: now - lastReport >= this.settings.reportIntervalMs,
          publish: this.observer !== null && now - lastPublish >= STATUS_PUBLISH_MS,
        };
        if (due.settings) lastSettingsCheck = now;
        if (due.versions) lastVersionPoll = now;
        if (due.report) lastReport = now;
        if (due.publish || due.report) lastPublish = now;
        return due;
      });
    } finally {
      stopDriving.abort();
      await driving;
    }
  }

  private async loop(signal: AbortSignal, due: () => { settings: boolean; versions: boolean; report: boolean; publish: boolean }): Promise<RunResult> {
    while (!signal.aborted) {
      const now = Date.now();
      const d = due();
      if (d.settings) await this.recheckSettings();
      if (this.roundRequested && !this.ddlTask && now - this.lastRoundAt >= MIN_ROUND_GAP_MS) {
        this.roundRequested = false;
        const snapshots = await this.round(signal);
        if (this.settings.oneTimeRunMode && snapshots) {
          const verdict = this.oneTimeVerdict();
          if (verdict) {
            this.report();
            return verdict;
          }
        }
      }
      if (now - this.lastRoundAt >= this.settings.metaIntervalMs) this.requestRound();
      if (d.versions) {
        const changes = await this.watcher.changes().catch((e: Error) => {
          this.log.warn(`Cannot poll source versions: ${e.message}`);
          return null;
        });
        if (changes?.newPartitions) this.requestRound();
        for (const t of changes?.tables ?? []) this.replan.set(`${t.db}.${t.table}`, t);
      }
      if (this.created.size > 0) await this.scopedNewTables();
      if (this.replan.size > 0 && !this.roundRequested) await this.scopedRound();
      if (this.scheduler.idle() && this.lastPlan && (this.lastPlan.replication.length > 0 || this.lastPlan.ddl.length > 0)) this.requestRound();
      if (d.report) this.report();
      else if (d.publish) this.publish();
      await sleep(TICK_MS, signal);
    }
    // Graceful stop: no new jobs; record what the in-flight ones became, then report and leave them to the target.
    this.observer?.phase('stopping');
    await this.ddlTask;
    await this.scheduler.poll().catch(() => undefined);
    this.report();
    this.log.info(`srsync stopped; ${this.scheduler.inFlightCount()} replication job(s) still running on the target will be recognised at the next start`);
    return { exitCode: 0, unsynced: [] };
  }

  requestRound(): void {
    this.roundRequested = true;
  }

  /** The manual's FE settings can be lost when an FE restarts; warn again when they change, follow the slot count. */
  private async recheckSettings(): Promise<void> {
    try {
      const warnings = await settingWarnings(this.sourceInspector, this.targetInspector);
      for (const w of warnings) if (!this.settingWarningsShown.has(w)) this.log.warn(w);
      this.settingWarningsShown = new Set(warnings);
      const slots = Number(await this.targetInspector.frontendConfig('replication_max_parallel_table_count'));
      if (slots > 0) this.scheduler.setMaxInFlight(slots);
    } catch (e) {
      this.log.warn(`Cannot re-read the clusters' FE configs: ${(e as Error).message}`);
    }
  }

  /** One planning round. Returns the snapshots it planned on, or null when a cluster could not be read. */
  private async round(signal: AbortSignal): Promise<{ source: ClusterSnapshot; target: ClusterSnapshot } | null> {
    this.lastRoundAt = Date.now();
    this.replan.clear(); // this round reads everything after the changes were seen
    let source: ClusterSnapshot;
    let target: ClusterSnapshot;
    let p: Plan;
    let newTables: Array<{ db: string; name: string }>;
    const readStart = performance.now();
    try {
      [source, target] = await Promise.all([
        this.sourceInspector.snapshot({ serviceId: this.facts.source.serviceId }),
        this.targetInspector.snapshot({ serviceId: '' }),
      ]);
      ({ plan: p, newTables } = await planRound({ source: this.sourceInspector, target: this.targetInspector }, source, target, this.settings.planner, this.settings.metaThreads, (db, t) => this.notPipelined.has(`${db}.${t}`)));
    } catch (e) {
      this.observer?.catalogRead('full', (performance.now() - readStart) / 1000, false);
      this.log.warn(`Cannot read the catalogs: ${(e as Error).message}; retrying`);
      this.requestRound();
      return null;
    }
    this.observer?.catalogRead('full', (performance.now() - readStart) / 1000, true);
    this.watcher.baseline(source);
    this.lastSnapshots = { source, target };
    this.indexCache.clear();
    this.lastPlan = p;
    this.tablesInScope.clear();
    for (const k of tablesInScope(source, this.settings.planner)) this.tablesInScope.add(k);
    this.logNotes(p);
    // Expired = synced once, behind the source now.
    this.expired.clear();
    this.lagging.clear();
    this.recordSyncState(p);

    // DDL runs beside the loop (polling, scoped rounds, progress go on); the next full round waits for it.
    if (newTables.length > 0) this.startDdl(this.createNewTables(p, newTables, source, target, signal));
    else if (p.ddl.length > 0) this.startDdl(this.applyDdl(p.ddl, signal));
    const works = jobsByTable(p.replication);
    // Jobs the target no longer lists: finished when the target partitions reached the versions sent (reference §5.3).
    for (const t of this.scheduler.unknownJobs()) this.scheduler.resolveByVersions(t.job.tableKey, caughtUp(t.job, target, works));
    if (!this.adopted) {
      // After a restart (also kill -9) the previous run's jobs may still be running: follow them, do not send twice.
      if (!(await this.adoptRunningJobs(target, works))) {
        this.requestRound();
        return null;
      }
      this.adopted = true;
    }
    this.scheduler.offer(works, this.lastRoundAt);
    if (p.ddl.length === 0 && p.replication.length === 0) this.consecutiveFruitlessRounds = 0;
    return { source, target };
  }

  private startDdl(task: Promise<void>): void {
    this.ddlTask = task
      .catch((e: Error) => {
        this.log.warn(`DDL on the target stopped: ${e.message}`);
        this.consecutiveFruitlessRounds++;
      })
      .finally(() => {
        this.ddlTask = null;
        this.ddlPending = 0;
      });
  }

  private async applyDdl(ddl: Plan['ddl'], signal: AbortSignal): Promise<void> {
    this.ddlPending = ddl.length;
    const outcomes = await this.applier.apply(ddl, signal);
    if (outcomes.some((o) => o.ok)) this.requestRound(); // new target objects: replicate them next round
    if (outcomes.some((o) => !o.ok)) this.consecutiveFruitlessRounds++;
  }

  /**
   * Tables missing on the target: databases first, then each table's text is read and its CREATE run at once
   * (create-pipeline.ts); each created table is re-read on the target and replicated without waiting for the
   * next full round (see scopedNewTables). The rest of the plan's DDL waits for the next round.
   */
  private async createNewTables(p: Plan, newTables: Array<{ db: string; name: string }>, source: ClusterSnapshot, target: ClusterSnapshot, signal: AbortSignal): Promise<void> {
    const dbs = p.ddl.filter((a) => a.kind === 'create_database');
    this.ddlPending = dbs.length + newTables.length;
    let failed = false;
    if (dbs.length > 0) {
      const outcomes = await this.applier.apply(dbs, signal);
      failed = outcomes.some((o) => !o.ok);
      const ids = await this.targetInspector.databaseIds();
      for (const a of dbs) {
        const id = ids.get(a.db);
        if (id && !target.databases.has(a.db)) target.databases.set(a.db, { id, name: a.db, tables: new Map(), views: new Map(), materializedViews: new Map() });
      }
    }
    const r = await createTablesPipelined(
      newTables,
      this.settings.metaThreads,
      this.settings.ddlConcurrency,
      {
        readCreateSql: (db, name) => this.sourceInspector.createTableSql(db, name),
        planTable: (db, name, createSql) => {
          const t = source.databases.get(db)?.tables.get(name);
          if (!t) return [];
          t.createSql = createSql;
          const tgtDb = target.databases.get(db);
          const tgt: ClusterSnapshot = { ...target, databases: tgtDb ? new Map([[db, { ...tgtDb, tables: new Map(), views: new Map(), materializedViews: new Map() }]]) : new Map() };
          const one = plan(subSnapshot(source, [t]), tgt, this.settings.planner).ddl.filter((a) => a.kind !== 'create_database');
          return one.length > 0 && one.every((a) => a.kind === 'create_table') ? one : [];
        },
        apply: async (a) => (await this.applier.apply([a], signal)).every((o) => o.ok),
        onCreated: (db, table) => this.created.set(`${db}.${table}`, { db, table }),
        onPending: (n) => (this.ddlPending = n),
      },
      signal,
    );
    if (failed || r.failed > 0) this.consecutiveFruitlessRounds++;
    for (const t of r.leftOver) this.notPipelined.add(`${t.db}.${t.name}`);
    this.requestRound(); // the rest of the plan (views, MVs, tables left over) and a check of everything
  }

  /**
   * Tables this run just created on the target: re-read there (their ids, partitions) and planned against the
   * source, so that their replication starts now rather than after the next full round.
   */
  private async scopedNewTables(): Promise<void> {
    const last = this.lastSnapshots;
    if (!last) return;
    const batch = [...this.created.values()].slice(0, SCOPED_BATCH);
    for (const t of batch) this.created.delete(`${t.db}.${t.table}`);
    const srcs = batch.map((t) => last.source.databases.get(t.db)?.tables.get(t.table)).filter((t): t is TableInfo => t !== undefined && last.target.databases.has(t.dbName));
    if (srcs.length === 0) return;
    const readAt = Date.now();
    const readStart = performance.now();
    let fresh: Map<string, TableInfo>;
    try {
      fresh = await this.targetInspector.tables(srcs);
    } catch (e) {
      this.observer?.catalogRead('scoped', (performance.now() - readStart) / 1000, false);
      this.log.warn(`Cannot read ${srcs.length} new table(s) on the target: ${(e as Error).message}; the next round will`);
      return;
    }
    this.observer?.catalogRead('scoped', (performance.now() - readStart) / 1000, true);
    const pairs: Array<{ src: TableInfo; tgt: TableInfo }> = [];
    for (const src of srcs) {
      const t = fresh.get(`${src.dbName}.${src.name}`);
      if (!t) continue;
      const tgt: TableInfo = { ...t, state: 'NORMAL', createSql: '', bitmapIndexes: [] };
      last.target.databases.get(src.dbName)!.tables.set(src.name, tgt);
      pairs.push({ src, tgt });
    }
    if (pairs.length === 0) return;
    const p = plan(subSnapshot(last.source, pairs.map((x) => x.src)), subSnapshot(last.target, pairs.map((x) => x.tgt)), this.settings.planner);
    if (p.ddl.length > 0) return; // e.g. bitmap indexes: the next full round
    this.logNotes(p);
    this.recordSyncState(p);
    this.scheduler.offer(jobsByTable(p.replication), readAt);
  }

  private logNotes(p: Plan): void {
    for (const n of p.notes) {
      if (n.reason === 'missing_create_sql') continue; // being read (create-pipeline)
      const line = noteLine(n);
      if (n.reason === 'replication_deferred') {
        // Routine (new partitions, a re-created table): not a warning, and it recurs with every such round.
        this.log.info(line);
      } else if (!this.loggedNotes.has(line)) {
        this.loggedNotes.add(line);
        this.log.warn(line);
      }
    }
  }

  /** Expired = synced once, behind the source now; tables the plan found in sync count as synced. */
  private recordSyncState(p: Plan): void {
    for (const w of p.replication) if (this.scheduler.lastSuccess.has(`${w.db}.${w.table}`)) this.expired.add(`${w.db}.${w.table}`);
    for (const w of p.replication) this.lagging.set(`${w.db}.${w.table}`, w.jobs.reduce((n, j) => n + j.partitions.length, 0));
    for (const k of p.inSync) {
      this.expired.delete(k);
      this.lagging.delete(k);
      if (!this.scheduler.lastSuccess.has(k)) this.scheduler.lastSuccess.set(k, Date.now());
    }
  }

  /** A finished job: its table needs a new plan only when the source moved past the versions the job carried. */
  private afterJob(job: PlannedJob): void {
    this.expired.delete(job.tableKey);
    const lag = (this.lagging.get(job.tableKey) ?? 0) - job.partitions.length;
    if (lag > 0) this.lagging.set(job.tableKey, lag);
    else this.lagging.delete(job.tableKey);
    const behind = job.partitions.some((p) => (this.watcher.knownVersion(p.srcPhysicalId) ?? p.srcVersion) > p.srcVersion);
    if (behind) this.replan.set(job.tableKey, { db: job.db, table: job.table });
  }

  /**
   * Re-plans only the tables in `replan`: re-reads them on both sides (filtered information_schema queries) and
   * plans them against the last snapshots. Anything structural (a table gone or re-created, new or dropped
   * partitions, other columns, DDL in the plan) asks for a full round instead.
   */
  private async scopedRound(): Promise<void> {
    const last = this.lastSnapshots;
    if (!last) return;
    const scope = makeScope(this.settings.planner);
    const batch = [...this.replan.entries()].slice(0, SCOPED_BATCH);
    for (const [k] of batch) this.replan.delete(k);
    const pairs: Array<{ key: string; src: TableInfo; tgt: TableInfo }> = [];
    for (const [key, { db, table }] of batch) {
      if (!scope.object(db, table)) continue;
      const src = last.source.databases.get(db)?.tables.get(table);
      const tgt = last.target.databases.get(db)?.tables.get(table);
      if (!src || !tgt) return this.requestRound(); // new on the source, or not created on the target yet
      pairs.push({ key, src, tgt });
    }
    if (pairs.length === 0) return;
    const readAt = Date.now();
    const readStart = performance.now();
    let fresh: [Map<string, TableInfo>, Map<string, TableInfo>];
    try {
      fresh = await Promise.all([this.sourceInspector.tables(pairs.map((x) => x.src)), this.targetInspector.tables(pairs.map((x) => x.tgt))]);
    } catch (e) {
      this.observer?.catalogRead('scoped', (performance.now() - readStart) / 1000, false);
      this.log.warn(`Cannot re-read ${pairs.length} table(s): ${(e as Error).message}; reading the catalogs`);
      return this.requestRound();
    }
    this.observer?.catalogRead('scoped', (performance.now() - readStart) / 1000, true);
    const outcome = planScoped(
      last,
      pairs.map(({ key, src, tgt }) => ({ key, lastSource: src, lastTarget: tgt, freshSource: fresh[0].get(key), freshTarget: fresh[1].get(key) })),
      this.settings.planner,
    );
    if (outcome.kind === 'full_round') return this.requestRound();
    const p = outcome.plan;
    this.watcher.baselineTables(pairs.map((x) => x.src));
    this.logNotes(p);
    this.recordSyncState(p);
    this.scheduler.offer(jobsByTable(p.replication), readAt);
  }

  /**
   * Follows the replication jobs running on the target for tables of this run. The table's planned work becomes the
   * adopted job's record (so that a retry after an abort sends a complete job); the round after it ends re-plans.
   * False when the target's job list cannot be read (nothing may be offered before it was).
   */
  private async adoptRunningJobs(target: ClusterSnapshot, works: Map<string, PlannedJob[]>): Promise<boolean> {
    let jobs: Awaited<ReturnType<ClusterInspector['replicationJobs']>>;
    try {
      jobs = await this.targetInspector.replicationJobs();
    } catch (e) {
      this.log.warn(`Cannot read the replication jobs on the target: ${(e as Error).message}; retrying`);
      return false;
    }
    const tableById = new Map<string, { db: string; table: string; dbId: string }>();
    for (const db of target.databases.values()) for (const t of db.tables.values()) tableById.set(t.id, { db: db.name, table: t.name, dbId: db.id });
    for (const j of jobs) {
      if (j.state !== 'INITIALIZING' && j.state !== 'REPLICATING' && j.state !== 'SNAPSHOTING') continue;
      const t = tableById.get(j.tableId);
      if (!t) continue;
      const key = `${t.db}.${t.table}`;
      if (this.scheduler.isBusy(key)) continue;
      const planned = works.get(key)?.[0];
      works.delete(key);
      this.log.info(`Replication job ${j.jobId} for ${key} is already running on the target; following it instead of sending it again`);
      this.scheduler.adopt(planned ?? { tableKey: key, db: t.db, table: t.table, srcDbId: '', srcTableId: '', tgtDbId: t.dbId, tgtTableId: j.tableId, mirrorVolume: '', partitions: [], dataSize: 0 }, j.jobId);
    }
    return true;
  }

  private async sendJob(job: PlannedJob, jobId: string) {
    const srcKey = `s:${job.srcDbId}:${job.srcTableId}`;
    const tgtKey = `t:${job.tgtDbId}:${job.tgtTableId}`;
    const forget = () => {
      this.indexCache.delete(srcKey);
      this.indexCache.delete(tgtKey);
    };
    try {
      const answer = await this.buildAndSend(job, jobId, srcKey, tgtKey);
      if (answer.kind !== 'accepted' && !/No data need to replicate/.test(answer.message)) forget();
      return answer;
    } catch (e) {
      forget();
      // The table's layout changed since the plan (e.g. a rollup added on the source): a full round plans the DDL.
      if (e instanceof LayoutMismatchError) this.requestRound();
      throw e;
    }
  }

  private async buildAndSend(job: PlannedJob, jobId: string, srcKey: string, tgtKey: string) {
    const [srcIndexes, tgtIndexes] = await Promise.all([
      this.indexes(srcKey, this.sourceJobInspector, job.srcDbId, job.srcTableId),
      this.indexes(tgtKey, this.targetJobInspector, job.tgtDbId, job.tgtTableId),
    ]);
    const partitions = await Promise.all(
      job.partitions.map(async (p) => {
        const [src, tgt] = await Promise.all([
          this.tablets('s', this.sourceJobInspector, job.srcDbId, job.srcTableId, p.srcPhysicalId, srcIndexes),
          this.tablets('t', this.targetJobInspector, job.tgtDbId, job.tgtTableId, p.tgtPhysicalId, tgtIndexes),
        ]);
        return { tgtPhysicalId: p.tgtPhysicalId, srcPhysicalId: p.srcPhysicalId, srcVersion: p.srcVersion, srcVersionEpoch: p.srcVersionEpoch, src, tgt };
      }),
    );
    const request = buildReplicationRequest({
      jobId,
      targetUser: this.settings.target.user,
      targetPassword: this.settings.target.password,
      tgtDbId: job.tgtDbId,
      tgtTableId: job.tgtTableId,
      srcDbId: job.srcDbId,
      srcTableId: job.srcTableId,
      srcServiceId: this.facts.source.serviceId,
      mirrorVolume: job.mirrorVolume,
      srcTableDataSize: job.dataSize,
      srcIndexes,
      tgtIndexes,
      partitions,
    });
    return this.rpc.startTableReplication(request);
  }

  private indexes(cacheKey: string, inspector: ClusterInspector, dbId: string, tableId: string): Promise<MaterializedIndexInfo[]> {
    let hit = this.indexCache.get(cacheKey);
    if (!hit) {
      hit = inspector.materializedIndexes(dbId, tableId);
      this.indexCache.set(cacheKey, hit);
      hit.catch(() => this.indexCache.delete(cacheKey));
    }
    return hit;
  }

  /** Tablets never change for a physical partition id (ids are never reused), so they are cached. */
  private async tablets(side: string, inspector: ClusterInspector, dbId: string, tableId: string, ppId: string, indexes: MaterializedIndexInfo[]): Promise<PartitionTablets> {
    const key = `${side}:${ppId}:${indexes.map((i) => i.id).join(',')}`;
    const hit = this.tabletCache.get(key);
    if (hit) return hit;
    const t = await inspector.partitionTablets(dbId, tableId, ppId, indexes);
    this.tabletCache.set(key, t);
    return t;
  }

  /** The numbers of the two progress lines. */
  private progressNow(): { job: JobProgress; table: TableProgress } {
    const c = this.scheduler.snapshotCounters();
    // Tables whose DDL ran this round replicate next round: they are pending jobs already.
    const deferred = new Set((this.lastPlan?.notes ?? []).filter((n) => n.reason === 'replication_deferred' && n.table !== undefined).map((n) => `${n.db}.${n.table}`));
    for (const k of deferred) if (this.scheduler.isBusy(k)) deferred.delete(k);
    const total = this.tablesInScope.size;
    let finished = 0;
    for (const k of this.tablesInScope) if (this.scheduler.lastSuccess.has(k)) finished++;
    let expired = 0;
    for (const k of this.expired) if (this.tablesInScope.has(k)) expired++;
    return { job: { ddlPending: this.ddlPending, ...c, jobPending: c.jobPending + deferred.size }, table: { total, finished, expired } };
  }

  private report(): void {
    const progress = this.progressNow();
    this.log.info(formatJobProgress(progress.job));
    this.log.info(formatTableProgress(progress.table));
    this.publish(progress);
  }

  /** Gives the status endpoint the current progress (the log lines' numbers), lag and unsynchronized tables. */
  private publish(progress?: { job: JobProgress; table: TableProgress }): void {
    if (!this.observer || !this.lastPlan) return; // nothing to tell before the first round has read the catalogs
    const update: ProgressUpdate = {
      ...(progress ?? this.progressNow()),
      lag: targetLag(this.lagging, this.tablesInScope),
      unsynced: unsyncedTables(
        {
          inScope: this.tablesInScope,
          synced: this.scheduler.lastSuccess,
          expired: this.expired,
          lagging: this.lagging,
          jobs: this.scheduler.tableStates(),
          failures: this.scheduler.failures(),
          blocked: blockedTables(this.lastPlan.notes),
        },
        UNSYNCED_SHOWN,
      ),
    };
    this.observer.progress(update);
  }

  /** One-time mode: done when a round finds nothing to do; failure when work stays blocked. */
  private oneTimeVerdict(): RunResult | null {
    const p = this.lastPlan;
    if (!p || !this.scheduler.idle() || this.roundRequested || this.ddlTask) return null;
    const blocked = [...this.scheduler.failures()].map(([k, e]) => `${k}: ${e}`);
    if (p.ddl.length === 0 && p.replication.length === 0) {
      const unsynced = [...blocked, ...p.notes.filter((n) => n.blocking).map(noteLine)];
      if (unsynced.length === 0) {
        this.log.info('One-time synchronization finished: every selected table is in sync');
        return { exitCode: 0, unsynced };
      }
      for (const u of unsynced) this.log.error(`Not synchronized: ${u}`);
      return { exitCode: 4, unsynced };
    }
    if (this.consecutiveFruitlessRounds >= 3 || blocked.length > 0) {
      for (const u of blocked) this.log.error(`Not synchronized: ${u}`);
      return { exitCode: 4, unsynced: blocked.length ? blocked : ['DDL on the target keeps failing; see sync.WARN.log'] };
    }
    return null;
  }
}

/** Scheduler events → status counters. */
function schedulerEvents(o: SyncObserver): SchedulerEvents {
  return {
    sent: () => o.replicationJob('sent'),
    finished: () => o.replicationJob('finished'),
    failed: (retrying: boolean) => {
      o.replicationJob('failed');
      if (retrying) o.replicationJob('retried');
    },
    deferred: () => o.replicationJob('deferred'),
  };
}

function noteLine(n: PlanNote): string {
  const obj = [n.db, n.table, n.name].filter(Boolean).join('.');
  return `${n.object} ${obj}: ${n.message}`;
}

/** Planned work → scheduler jobs; a table with a job in flight gets these queued behind it (see offer). */
function jobsByTable(works: TableReplicationWork[]): Map<string, PlannedJob[]> {
  const out = new Map<string, PlannedJob[]>();
  for (const w of works) {
    const key = `${w.db}.${w.table}`;
    out.set(
      key,
      w.jobs.map((j) => ({
        tableKey: key,
        db: w.db,
        table: w.table,
        srcDbId: w.srcDbId,
        srcTableId: w.srcTableId,
        tgtDbId: w.tgtDbId,
        tgtTableId: w.tgtTableId,
        mirrorVolume: w.mirrorVolume,
        partitions: j.partitions,
        dataSize: j.dataSize,
      })),
    );
  }
  return out;
}

/** True when every partition the job carried has reached its source version on the target (or is gone there). */
function caughtUp(job: PlannedJob, target: ClusterSnapshot, works: Map<string, PlannedJob[]>): boolean {
  if (job.partitions.length === 0) return !works.has(job.tableKey);
  const dataVersion = new Map<string, number>();
  const table = target.databases.get(job.db)?.tables.get(job.table);
  for (const p of table?.partitions.values() ?? []) for (const pp of p.physical) dataVersion.set(pp.id, pp.dataVersion);
  return job.partitions.every((p) => (dataVersion.get(p.tgtPhysicalId) ?? Infinity) >= p.srcVersion);
}
