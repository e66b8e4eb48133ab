// The migration loop, read top to bottom like the manual's procedure:
//   check both clusters → (round) read both catalogs → plan → run DDL on the target → queue replication
//   → follow jobs → report progress → again, until stopped (or once, in one_time_run_mode).
// Full rounds are triggered by the meta interval, by new source partitions or tables, by applied DDL, by the
// replication queue draining and by failed work falling due for its retry (retry-book.ts: back-off, never a hot
// loop). New versions of known partitions (polled every second) and finished jobs whose table moved on re-plan
// just those tables (scoped rounds: a filtered re-read, the last snapshots for the rest).
// Submission runs on its own (ReplicationScheduler.drive, JobSender): a target slot is refilled as soon as one
// frees up; a COMMITTED job is finished only when the target's partitions show its data (arrival.ts).
// What is in sync, lagging, blocked or failing is the sync ledger's (sync-ledger.ts); FE answers are classified
// in cluster/fe-answers.ts.
import type { HostMap } from '../config/hosts.js';
import type { Logger } from '../log/logger.js';
import { SqlClient } from '../cluster/sql-client.js';
import { describeFailure } from '../cluster/fe-answers.js';
import { ClusterInspector } from '../inspector/inspector.js';
import { DdlApplier } from '../applier/ddl-applier.js';
import type { DdlOutcome } from '../applier/ddl-applier.js';
import { ReplicationScheduler } from '../scheduler/replication-scheduler.js';
import type { PlannedJob, SchedulerEvents } from '../scheduler/replication-scheduler.js';
import type { ClusterSnapshot, TableInfo } from '../model/snapshot.js';
import { describeUnmatchedSelection, makeScope, unmatchedSelection } from '../planner/scope.js';
import { planScoped, subSnapshot } from './scoped-plan.js';
import { createTablesPipelined, planCreateTable } from './create-pipeline.js';
import { plan } from '../planner/plan.js';
import type { DdlAction, Plan, PlanNote } from '../planner/actions.js';
import { formatJobProgress, formatTableProgress } from '../progress/progress.js';
import { preflight, settingWarnings } from './preflight.js';
import type { PreflightResult } from './preflight.js';
import type { EngineSettings } from './settings.js';
import { planRound, tablesInScope } from './ddl-sources.js';
import { SourceVersionWatcher } from './version-watcher.js';
import { sleep } from '../util/sleep.js';
import type { ProgressUpdate, SyncObserver } from '../status/model.js';
import { targetLag, unsyncedTables } from '../status/unsynced.js';
import type { JobProgress, TableProgress } from '../progress/progress.js';
import { JobSender } from './job-sender.js';
import { ddlFailures, emptyLedger, jobFinished, jobProgress, ledgerAfterFullRound, oneTimeVerdict, tableCreated, tableProgress, withPlan } from './sync-ledger.js';
import type { SyncLedger } from './sync-ledger.js';
import { ddlObject, ddlSubject, isWaiting, jobSubject, nextDueAt, recordSuccess, releaseCauses, tryNow } from './retry-book.js';
import { actionableWork, forgetStaleFailures, recordDdlOutcomes, recordJobGivenUp } from './failure-report.js';
import { caughtUp, jobsByTable, jobsToAdopt } from './planned-jobs.js';
import type { RetryBook } from './retry-book.js';
import { CONDITION_CAUSES, CONDITION_CHECK_MS, conditionsKey, mirrorLocationDiagnosis, readConditions } from './condition-watch.js';

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
/** Most tables listed by name as not in sync on the status endpoint, and in a one-time run's verdict. */
const UNSYNCED_SHOWN = 100;
/** How often the manual's FE settings are checked (warned about when lost, e.g. compaction switched back on). */
const SETTINGS_CHECK_MS = 10_000;
/** Exit code of a one-time run that could not synchronize everything (ExitCode.sync). */
const EXIT_NOT_SYNCED = 4;

export class Migrator {
  private readonly source: SqlClient;
  private readonly target: SqlClient;
  private readonly sourceInspector: ClusterInspector;
  private readonly targetInspector: ClusterInspector;
  private readonly applier: DdlApplier;
  private readonly sender: JobSender;
  private facts!: PreflightResult;
  private scheduler!: ReplicationScheduler;
  private watcher!: SourceVersionWatcher;
  private lastPlan: Plan | null = null;
  private lastRoundAt = 0;
  private roundRequested = true;
  private readonly loggedNotes = new Set<string>();
  /** The snapshots the last round planned on, kept current by scoped rounds. */
  private lastSnapshots: { source: ClusterSnapshot; target: ClusterSnapshot } | null = null;
  /** DDL running beside the loop; no full round starts while it runs. */
  private ddlTask: Promise<void> | null = null;
  /** Objects the running DDL task works on (ddlPending). */
  private ddlInFlight = new Set<string>();
  /** Tables the create pipeline could not create: later rounds read their texts and plan them as a whole. */
  private readonly notPipelined = new Set<string>();
  /** Tables created on the target by this run's DDL and not yet planned for replication. */
  private readonly created = new Map<string, { db: string; table: string }>();
  /** Tables to re-plan in the next scoped round (`db.table` → names). */
  private readonly replan = new Map<string, { db: string; table: string }>();
  private settingWarningsShown = new Set<string>();
  /** Jobs already running on the target are looked for once, in the first round, before anything is offered. */
  private adopted = false;
  /** What is in sync, lagging, expired, blocked (sync-ledger.ts). */
  private ledger: SyncLedger = emptyLedger();
  /** Failed DDL statements and given-up replication, with when each may be tried again. */
  private readonly book: RetryBook = new Map();
  /** Successes per identical DDL statement while the plans keep asking for it (failure-report.ts). */
  private readonly appliedDdl = new Map<string, number>();
  /** What the blocking conditions looked like at the last read (condition-watch.ts); null before one. */
  private conditions: string | null = null;
  /** Full catalog reads failed in a row (the next one waits longer). */
  private readFailures = 0;

  constructor(
    private readonly settings: EngineSettings,
    private readonly hostMap: HostMap,
    private readonly log: Logger,
    /** The status endpoint, when status_http_port is set. */
    private readonly observer: SyncObserver | null = null,
  ) {
    const opts = { connectTimeoutMs: settings.connectTimeoutMs, queryTimeoutMs: settings.socketTimeoutMs, connectionLimit: Math.max(2, settings.metaThreads) };
    const login = (c: EngineSettings['source']) => ({ host: c.host, port: c.queryPort, user: c.user, password: c.password });
    this.source = new SqlClient(login(settings.source), opts);
    this.target = new SqlClient(login(settings.target), { ...opts, connectionLimit: Math.max(opts.connectionLimit, settings.ddlConcurrency + 2) });
    this.sourceInspector = new ClusterInspector(this.source);
    this.targetInspector = new ClusterInspector(this.target);
    this.sender = new JobSender({
      source: login(settings.source),
      target: login(settings.target),
      sql: { ...opts, connectionLimit: Math.max(2, settings.replicationConcurrency) },
      rpc: () => this.facts.target.rpc,
      rpcTimeoutMs: Math.max(settings.socketTimeoutMs, 5000),
      srcServiceId: () => this.facts.source.serviceId,
      onLayoutChanged: () => this.requestRound(),
    });
    this.applier = new DdlApplier(this.target, log, settings.ddlConcurrency, observer ? (ok) => observer.ddl(ok ? 'applied' : 'failed') : undefined);
  }

  async run(signal: AbortSignal): Promise<RunResult> {
    try {
      return await this.runInner(signal);
    } finally {
      await Promise.all([this.source.close(), this.target.close(), this.sender.close()]);
    }
  }

  private async runInner(signal: AbortSignal): Promise<RunResult> {
    this.facts = await preflight(this.settings, this.hostMap, { source: { sql: this.source, inspector: this.sourceInspector }, target: { sql: this.target, inspector: this.targetInspector } }, this.log);
    this.settingWarningsShown = new Set(this.facts.warnings);
    this.scheduler = new ReplicationScheduler(
      {
        send: (job, jobId) => this.sender.send(job, jobId),
        listTargetJobs: () => this.sender.listTargetJobs(),
        checkArrival: (job) => this.sender.checkArrival(job),
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
    this.scheduler.onGivenUp = (t, f) => {
      const diagnosis = f.cause === 'moved_nothing' ? mirrorLocationDiagnosis(this.source, this.target, t.job.mirrorVolume) : undefined;
      void recordJobGivenUp(this.book, t.job.tableKey, t.jobId, f, this.log, Date.now(), diagnosis);
    };
    this.watcher = new SourceVersionWatcher(this.source);
    this.observer?.phase('running');
    this.log.info(
      `srsync started: one_time_run_mode=${this.settings.oneTimeRunMode}, source ${this.settings.source.host}:${this.settings.source.queryPort}, target ${this.settings.target.host}:${this.settings.target.queryPort}`,
    );

    const stopDriving = new AbortController();
    const driving = this.scheduler.drive(AbortSignal.any([signal, stopDriving.signal]), JOB_POLL_MS);
    try {
      return await this.loop(signal);
    } finally {
      stopDriving.abort();
      await driving;
    }
  }

  private async loop(signal: AbortSignal): Promise<RunResult> {
    const last = { settings: Date.now(), warnings: Date.now(), versions: 0, report: 0, publish: 0, conditions: Date.now() };
    const due = (what: keyof typeof last, everyMs: number, now: number): boolean => {
      if (now - last[what] < everyMs) return false;
      last[what] = now;
      return true;
    };
    while (!signal.aborted) {
      const now = Date.now();
      if (due('settings', this.settings.metaIntervalMs, now)) await this.recheckSettings(true);
      else if (due('warnings', Math.min(this.settings.metaIntervalMs, SETTINGS_CHECK_MS), now)) await this.recheckSettings(false);
      if (this.waitingOnConditions() && due('conditions', CONDITION_CHECK_MS, now)) await this.watchConditions();
      if (this.roundRequested && !this.ddlTask && now - this.lastRoundAt >= this.roundGapMs()) {
        this.roundRequested = false;
        await this.round(signal);
      }
      if (now - this.lastRoundAt >= this.settings.metaIntervalMs) this.requestRound();
      if (due('versions', this.settings.versionPollMs, now)) {
        const changes = await this.watcher.changes().catch((e: Error) => {
          this.log.warn(`Cannot poll source versions: ${e.message}`);
          return null;
        });
        if (changes?.newPartitions) this.requestRound();
        for (const t of changes?.tables ?? []) this.replan.set(`${t.db}.${t.table}`, t);
      }
      if (this.created.size > 0) await this.scopedNewTables();
      if (this.replan.size > 0 && !this.roundRequested) await this.scopedRound();
      if (this.scheduler.idle() && !this.ddlTask && actionableWork(this.book, this.lastPlan, now) > 0) this.requestRound();
      const retryAt = nextDueAt(this.book);
      if (retryAt !== null && retryAt <= now && !this.ddlTask) this.requestRound();
      if (this.settings.oneTimeRunMode) {
        const verdict = this.oneTimeVerdict(now);
        if (verdict) {
          this.report();
          return verdict;
        }
      }
      // Nothing is reported before the first full round read the catalogs: no figure before then is true.
      if (this.lastPlan && due('report', this.settings.reportIntervalMs, now)) {
        last.publish = now;
        this.report();
      } else if (this.observer && due('publish', STATUS_PUBLISH_MS, now)) this.publish();
      await sleep(TICK_MS, signal);
    }
    // Graceful stop: no new jobs; record what the in-flight ones became, then report and leave them to the target.
    this.observer?.phase('stopping');
    await this.ddlTask;
    await this.scheduler.poll().catch(() => undefined);
    if (this.lastPlan) this.report();
    this.log.info(`srsync stopped; ${this.scheduler.inFlightCount()} replication job(s) still running on the target will be recognised at the next start`);
    if (this.settings.oneTimeRunMode) return this.stoppedBeforeDone();
    return { exitCode: 0, unsynced: [] };
  }

  requestRound(): void {
    this.roundRequested = true;
  }

  /** Rounds are at least 0.5 s apart; after catalog reads failed, 1 s doubling to 30 s (a cluster down is not read hot). */
  private roundGapMs(): number {
    return this.readFailures === 0 ? MIN_ROUND_GAP_MS : Math.min(30_000, 1_000 * 2 ** Math.min(this.readFailures - 1, 5));
  }

  /**
   * The manual's FE settings can be lost when an FE restarts: warn again when they change (every few seconds);
   * with `slots`, follow the target's slot count too (every metadata interval: between, refusals teach it).
   */
  private async recheckSettings(slots: boolean): Promise<void> {
    try {
      const warnings = await settingWarnings(this.sourceInspector, this.targetInspector);
      for (const w of warnings) if (!this.settingWarningsShown.has(w)) this.log.warn(w);
      for (const w of this.settingWarningsShown) if (!warnings.includes(w)) this.log.info(`Fixed: ${w.split(';')[0]}`);
      this.settingWarningsShown = new Set(warnings);
      if (!slots) return;
      const max = Number(await this.targetInspector.frontendConfig('replication_max_parallel_table_count'));
      if (max > 0) this.scheduler.setMaxInFlight(max);
    } catch (e) {
      this.log.warn(`Cannot re-read the clusters' FE configs: ${(e as Error).message}`);
    }
  }

  /** Something waits for a DBA's fix: a blocked table, a failure a changed volume or setting may cure, a setting warned about. */
  private waitingOnConditions(): boolean {
    if (this.ledger.blocked.size > 0 || this.settingWarningsShown.size > 0) return true;
    for (const e of this.book.values()) if (CONDITION_CAUSES.has(e.failure.cause)) return true;
    return false;
  }

  /** Reads the blocking conditions (cheap); when they changed, the tables waiting on them are re-planned now. */
  private async watchConditions(): Promise<void> {
    let key: string;
    try {
      key = conditionsKey(await readConditions(this.target, this.targetInspector, this.sourceInspector));
    } catch (e) {
      this.log.debug(`Cannot read storage volumes and FE settings: ${(e as Error).message}`);
      return;
    }
    const before = this.conditions;
    this.conditions = key;
    if (before === null || before === key) return;
    this.log.info('Storage volumes or FE settings changed on the clusters; planning the blocked and failing work again now');
    releaseCauses(this.book, CONDITION_CAUSES, Date.now());
    await this.recheckSettings(false);
    this.requestRound();
  }

  /** One planning round: read both catalogs, plan, start the DDL, offer the replication. */
  private async round(signal: AbortSignal): Promise<void> {
    this.lastRoundAt = Date.now();
    this.replan.clear(); // this round reads everything after the changes were seen
    let source: ClusterSnapshot;
    let target: ClusterSnapshot;
    let p: Plan;
    let newTables: Array<{ db: string; name: string }>;
    const readStart = performance.now();
    try {
      let conditions: string | null;
      [source, target, conditions] = await Promise.all([
        this.sourceInspector.snapshot({ serviceId: this.facts.source.serviceId }),
        this.targetInspector.snapshot({ serviceId: '' }),
        readConditions(this.target, this.targetInspector, this.sourceInspector).then(conditionsKey, () => null),
      ]);
      this.conditions = conditions;
      ({ plan: p, newTables } = await planRound({ source: this.sourceInspector, target: this.targetInspector }, source, target, this.settings.planner, this.settings.metaThreads, (db, t) => this.notPipelined.has(`${db}.${t}`)));
    } catch (e) {
      this.observer?.catalogRead('full', (performance.now() - readStart) / 1000, false);
      this.readFailures++;
      this.log.warn(`Cannot read the catalogs: ${(e as Error).message}; retrying in ${Math.round(this.roundGapMs() / 1000)} s`);
      this.requestRound();
      return;
    }
    this.readFailures = 0;
    this.observer?.catalogRead('full', (performance.now() - readStart) / 1000, true);
    this.watcher.baseline(source);
    this.lastSnapshots = { source, target };
    this.sender.forgetIndexes();
    this.lastPlan = p;
    const synced = (k: string) => this.scheduler.lastSuccess.has(k);
    this.ledger = ledgerAfterFullRound(p, tablesInScope(source, this.settings.planner), (k) => hasTable(target, k), synced);
    this.markInSync(p);
    forgetStaleFailures(this.book, p, newTables, this.appliedDdl);
    this.logNotes(p);
    if (!this.settings.oneTimeRunMode) this.warnUnmatchedSelection(source);

    const now = Date.now();
    // DDL runs beside the loop (polling, scoped rounds, progress go on); the next full round waits for it.
    // Failed statements wait for their retry (retry-book.ts); the missing tables go first, the rest next round.
    const fresh = newTables.filter((t) => tryNow(this.book, ddlSubject({ kind: 'create_table', db: t.db, table: t.name }), now));
    const ddl = fresh.length > 0 ? [] : p.ddl.filter((a) => tryNow(this.book, ddlSubject(a), now));
    if (fresh.length > 0) this.startDdl(this.createNewTables(p, fresh, source, target, signal), [...fresh.map((t) => `${t.db}.${t.name}`), ...p.ddl.filter((a) => a.kind === 'create_database').map(ddlObject)]);
    else if (ddl.length > 0) this.startDdl(this.applyDdl(ddl, signal), ddl.map(ddlObject));
    const works = jobsByTable(p.replication.filter((w) => tryNow(this.book, jobSubject(`${w.db}.${w.table}`), now)));
    // Jobs the target no longer lists: finished when the target partitions reached the versions sent (reference §5.3).
    for (const t of this.scheduler.unknownJobs()) this.scheduler.resolveByVersions(t.job.tableKey, caughtUp(t.job, target, works));
    if (!this.adopted) {
      // After a restart (also kill -9) the previous run's jobs may still be running: follow them, do not send twice.
      if (!(await this.adoptRunningJobs(target, works))) {
        this.requestRound();
        return;
      }
      this.adopted = true;
    }
    this.scheduler.offer(works, this.lastRoundAt);
  }

  private startDdl(task: Promise<void>, objects: string[]): void {
    this.ddlInFlight = new Set(objects);
    this.ddlTask = task
      .catch((e: Error) => this.log.warn(`DDL on the target stopped: ${e.message}`))
      .finally(() => {
        this.ddlTask = null;
        this.ddlInFlight = new Set();
      });
  }

  private async applyDdl(ddl: DdlAction[], signal: AbortSignal): Promise<void> {
    const outcomes = await this.applier.apply(ddl, signal);
    this.recordDdl(outcomes);
    if (outcomes.some((o) => o.ok)) this.requestRound(); // new target objects: replicate them next round
  }

  private recordDdl(outcomes: DdlOutcome[]): void {
    recordDdlOutcomes(this.book, outcomes, this.log, Date.now(), this.appliedDdl);
  }

  /**
   * Tables missing on the target: databases first, then each table's text is read and its CREATE run at once
   * (create-pipeline.ts); each created table is re-read on the target and replicated without waiting for the
   * next full round (see scopedNewTables). The rest of the plan's DDL waits for the next round.
   */
  private async createNewTables(p: Plan, newTables: Array<{ db: string; name: string }>, source: ClusterSnapshot, target: ClusterSnapshot, signal: AbortSignal): Promise<void> {
    const dbs = p.ddl.filter((a) => a.kind === 'create_database');
    if (dbs.length > 0) {
      this.recordDdl(await this.applier.apply(dbs, signal));
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
        planTable: (db, name, createSql) => planCreateTable(source, target, db, name, createSql, this.settings.planner),
        apply: async (a) => {
          const outcomes = await this.applier.apply([a], signal);
          this.recordDdl(outcomes);
          return outcomes.every((o) => o.ok);
        },
        onCreated: (db, table) => {
          this.created.set(`${db}.${table}`, { db, table });
          tableCreated(this.ledger, `${db}.${table}`);
        },
        onPending: () => undefined,
      },
      signal,
    );
    for (const t of r.leftOver) this.notPipelined.add(`${t.db}.${t.name}`);
    if (r.created > 0 || r.skipped > 0 || dbs.length > 0) this.requestRound(); // the rest of the plan (views, MVs, tables left over) and a check of everything
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
    this.recordPlan(p);
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

  /** Continuous mode: an include/exclude entry that matches nothing on the source is a WARN in every full round. */
  private warnUnmatchedSelection(source: ClusterSnapshot): void {
    for (const u of unmatchedSelection(this.settings.planner, source)) this.log.warn(`${describeUnmatchedSelection(u)} (names are case-sensitive); fix conf/sync.properties`);
  }

  /** Tables a plan found in sync count as synced; their failures are over. */
  private markInSync(p: Plan): void {
    for (const k of p.inSync) {
      if (!this.scheduler.lastSuccess.has(k)) this.scheduler.lastSuccess.set(k, Date.now());
      recordSuccess(this.book, jobSubject(k));
    }
  }

  /** A scoped plan's findings for its tables. */
  private recordPlan(p: Plan): void {
    withPlan(this.ledger, p, (k) => this.scheduler.lastSuccess.has(k));
    this.markInSync(p);
  }

  /** A finished job: its table needs a new plan only when the source moved past the versions the job carried. */
  private afterJob(job: PlannedJob): void {
    jobFinished(this.ledger, job.tableKey, job.partitions.length);
    recordSuccess(this.book, jobSubject(job.tableKey));
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
    const now = Date.now();
    for (const [key, { db, table }] of batch) {
      if (!scope.object(db, table) || isWaiting(this.book, jobSubject(key), now)) continue;
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
    this.recordPlan(p);
    this.scheduler.offer(jobsByTable(p.replication), readAt);
  }

  /**
   * Follows the replication jobs already running on the target for tables of this run (planned-jobs.ts). False
   * when the target's job list cannot be read (nothing may be offered before it was).
   */
  private async adoptRunningJobs(target: ClusterSnapshot, works: Map<string, PlannedJob[]>): Promise<boolean> {
    try {
      for (const { jobId, job } of jobsToAdopt(await this.targetInspector.replicationJobs(), target, works, (k) => this.scheduler.isBusy(k))) {
        this.log.info(`Replication job ${jobId} for ${job.tableKey} is already running on the target; following it instead of sending it again`);
        this.scheduler.adopt(job, jobId);
      }
      return true;
    } catch (e) {
      this.log.warn(`Cannot read the replication jobs on the target: ${(e as Error).message}; retrying`);
      return false;
    }
  }

  /** The numbers of the two progress lines (sync-ledger.ts). */
  private progressNow(): { job: JobProgress; table: TableProgress } {
    const synced = (k: string) => this.scheduler.lastSuccess.has(k);
    const c = this.scheduler.snapshotCounters();
    const states = this.scheduler.tableStates();
    const failures = this.scheduler.failures();
    return {
      job: jobProgress(this.ledger, { counters: c, busy: (k) => states.has(k), failed: (k) => failures.has(k) }, this.ddlInFlight, this.book, synced),
      table: tableProgress(this.ledger, synced),
    };
  }

  private report(): void {
    const progress = this.progressNow();
    this.log.info(formatJobProgress(progress.job));
    this.log.info(formatTableProgress(progress.table));
    this.publish(progress);
  }

  /** The unsynchronized tables with their reasons (status endpoint, one-time verdict after a stop). */
  private unsynced(limit: number) {
    return unsyncedTables(
      {
        inScope: this.ledger.inScope,
        synced: this.scheduler.lastSuccess,
        expired: this.ledger.expired,
        lagging: this.ledger.lagging,
        jobs: this.scheduler.tableStates(),
        failures: this.scheduler.failures(),
        blocked: this.ledger.blocked,
        ddlFailures: ddlFailures(this.book),
        missing: this.ledger.missing,
      },
      limit,
    );
  }

  /** Gives the status endpoint the current progress (the log lines' numbers), lag and unsynchronized tables. */
  private publish(progress?: { job: JobProgress; table: TableProgress }): void {
    if (!this.observer || !this.lastPlan) return; // nothing to tell before the first round has read the catalogs
    const update: ProgressUpdate = {
      ...(progress ?? this.progressNow()),
      lag: targetLag(this.ledger.lagging, this.ledger.inScope),
      unsynced: this.unsynced(UNSYNCED_SHOWN),
    };
    this.observer.progress(update);
  }

  /** One-time mode: done when nothing is left to do; failure (one line per object) when work stays failed or blocked. */
  private oneTimeVerdict(now: number): RunResult | null {
    const p = this.lastPlan;
    if (!p) return null;
    const busy = !this.scheduler.idle() || this.ddlTask !== null || this.roundRequested || this.created.size > 0 || this.replan.size > 0;
    const verdict = oneTimeVerdict({
      busy,
      actionable: actionableWork(this.book, this.lastPlan, now),
      failures: [...this.book.values()].map((e) => ({ object: e.object, attempts: e.attempts, permanent: e.failure.permanent, line: `${e.what}: ${describeFailure(e.failure)}` })),
      blocks: p.notes
        .filter((n) => n.blocking && n.reason !== 'missing_create_sql')
        .map((n) => ({ object: n.table !== undefined ? `${n.db}.${n.table}` : [n.db, n.name].filter(Boolean).join('.'), line: noteLine(n) })),
    });
    if (verdict.kind === 'continue') return null;
    if (verdict.kind === 'done') {
      this.log.info('One-time synchronization finished: every selected table is in sync');
      return { exitCode: 0, unsynced: [] };
    }
    for (const u of verdict.unsynced) this.log.error(`Not synchronized: ${u}`);
    return { exitCode: EXIT_NOT_SYNCED, unsynced: verdict.unsynced };
  }

  /** A one-time run stopped (SIGTERM) before it finished: non-zero, with what was not in sync yet. */
  private stoppedBeforeDone(): RunResult {
    const u = this.lastPlan ? this.unsynced(UNSYNCED_SHOWN) : { count: 0, tables: [] };
    const lines = u.tables.map((t) => `${t.table}: ${t.reason}`);
    if (u.count > lines.length) lines.push(`and ${u.count - lines.length} more table(s)`);
    if (lines.length === 0 && !this.lastPlan) lines.push('stopped before the catalogs were read');
    if (lines.length === 0) return { exitCode: 0, unsynced: [] };
    for (const l of lines) this.log.error(`Not synchronized (one-time run stopped): ${l}`);
    return { exitCode: EXIT_NOT_SYNCED, unsynced: lines.map((l) => `stopped before one-time synchronization finished: ${l}`) };
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

const hasTable = (snap: ClusterSnapshot, key: string): boolean => {
  const dot = key.indexOf('.');
  return snap.databases.get(key.slice(0, dot))?.tables.has(key.slice(dot + 1)) === true;
};
