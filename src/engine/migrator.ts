// The migration loop, read top to bottom like the manual's procedure:
//   check both clusters → (round) read both catalogs → plan → run DDL on the target → queue replication
//   → follow jobs → report progress → again, until stopped (or once, in one_time_run_mode).
// What happens next is one pure decision (next-step.ts); each step is one named call here. Full rounds are asked for
// by the meta interval, new source partitions or tables, applied DDL, the replication queue draining and failed
// work falling due (retry-book.ts: back-off, never a hot loop). New versions of known partitions and finished jobs
// whose table moved on re-plan just those tables (scoped-rounds.ts). Sending runs on its own (the scheduler's drive,
// job-sender.ts); what is in sync is the sync ledger's (sync-ledger.ts); the figures are progress-publisher.ts's.
import type { HostMap } from '../config/hosts.js';
import type { Logger } from '../log/logger.js';
import { ReplicationScheduler } from '../scheduler/replication-scheduler.js';
import type { PlannedJob, SchedulerEvents } from '../scheduler/replication-scheduler.js';
import type { ClusterSnapshot } from '../model/snapshot.js';
import { makeNameMapping, targetKeyOf } from '../planner/name-mapping.js';
import { makeScope } from '../planner/scope.js';
import type { DdlAction, Plan } from '../planner/actions.js';
import type { DdlOutcome } from '../applier/ddl-applier.js';
import type { SyncObserver } from '../status/model.js';
import { Wakeup } from '../util/sleep.js';
import { memoCatalogBytes } from './copy-figures.js';
import { preflight } from './preflight.js';
import type { PreflightResult } from './preflight.js';
import { ms } from './settings.js';
import type { EngineSettings } from './settings.js';
import { planRound, tablesInScope } from './ddl-sources.js';
import { SourceVersionWatcher } from './version-watcher.js';
import { emptyLedger, jobFinished, ledgerAfterFullRound, oneTimeVerdict, tableCreated, withPlan } from './sync-ledger.js';
import type { SyncLedger } from './sync-ledger.js';
import { isWaiting, jobSubject, nextDueAt, recordSuccess, releaseCauses, tryNow } from './retry-book.js';
import type { RetryBook } from './retry-book.js';
import { actionableWork, forgetStaleFailures, recordDdlOutcomes, recordJobGivenUp } from './failure-report.js';
import { caughtUp, jobsByTable, sourceTablesOf } from './planned-jobs.js';
import { CONDITION_CAUSES, CONDITION_CHECK_MS, mirrorLocationDiagnosis } from './condition-watch.js';
import { ClusterWatch } from './cluster-watch.js';
import { createMissingTables, ddlToStart, holdForRunningJobs } from './ddl-round.js';
import type { NewTable } from './ddl-round.js';
import { EXIT_NOT_SYNCED, oneTimeFacts, stoppedEnd, verdictEnd } from './one-time.js';
import type { RunEnd, RunResult } from './one-time.js';
import { nextStep, roundGapMs, timersOf } from './next-step.js';
import type { LoopFacts, Step, TimedStep } from './next-step.js';
import { openResources } from './resources.js';
import type { EngineResources, SenderFacts } from './resources.js';
import { DdlTask } from './ddl-task.js';
import { NoteLog } from './plan-notes.js';
import { ProgressPublisher, UNSYNCED_SHOWN, unsyncedOf } from './progress-publisher.js';
import type { RunView } from './progress-publisher.js';
import { adoptRunningJobs } from './adoption.js';
import { createdSources, planCreatedTables, replanSelection, replanTables, takeBatch } from './scoped-rounds.js';
import type { ScopedRoundOutcome, ScopedRoundDeps, TableName } from './scoped-rounds.js';
import { withUpdates } from './scoped-plan.js';
import type { SnapshotPair } from './scoped-plan.js';
import { withEmptyDatabase } from './snapshot-edits.js';
import { afterComparison, noPrivilegeState, planPrivileges, privilegeVerdict } from './privilege-round.js';
import type { PrivilegeState } from './privilege-round.js';
import { TargetWriteWatch } from './target-write-watch.js';
import type { RangeRefusals } from '../range/gate.js';
import type { EngineSteering } from '../steering/steering.js';

export type { RunResult };

const TICK_MS = 100;
/**
 * Created tables waiting for a new-table round that wake the loop (fewer wait for the next tick): smaller, more
 * frequent rounds while tables are created. Measured on 1,000 loaded tables (alternating runs, notes/decisions/
 * bench.md): 3.93 → 3.80 s against one round per tick of ~40 tables (each round's reads, plan and sends in one
 * burst on srsync's and the target's event loops, in front of the CREATE TABLEs).
 */
const NEW_TABLE_ROUND_AT = 10;
/** How often the target's job list is read while jobs are in flight. */
const JOB_POLL_MS = 100;
/** How often the status endpoint's progress is refreshed (when there is one). */
const STATUS_PUBLISH_MS = 1000;
/** How often the manual's FE settings are checked (warned about when lost, e.g. compaction switched back on). */
const SETTINGS_CHECK_MS = 10_000;

/** What a Migrator runs with; tests pass fakes. */
export interface MigratorDeps {
  /** The pools, inspectors, applier and sender (default: opened from the settings). */
  resources?: (facts: SenderFacts) => EngineResources;
  /** The start-up checks (default: preflight.ts against the resources' clusters). */
  preflight?: (r: EngineResources) => Promise<PreflightResult>;
  now?: () => number;
  /** Pause, time windows and byte limits for jobs (src/steering/); absent: nothing holds a job back. */
  steering?: EngineSteering;
}

export class Migrator {
  private readonly r: EngineResources;
  private readonly ddl: DdlTask;
  private readonly notes: NoteLog;
  private readonly progress: ProgressPublisher;
  private readonly now: () => number;
  private facts!: PreflightResult;
  private scheduler!: ReplicationScheduler;
  private watcher!: SourceVersionWatcher;
  private clusters!: ClusterWatch;
  // Run state: what the loop's decision reads (next-step.ts) and the rounds keep current.
  private lastPlan: Plan | null = null;
  private lastRoundAt = 0;
  private roundRequested = true;
  /** A full round to check everything once replication is idle (after tables were created: roundAfterCreate). */
  private confirmWaiting = false;
  /** Full catalog reads failed in a row (the next one waits longer). */
  private readFailures = 0;
  /** The snapshots the last round planned on, kept current by scoped rounds (new values, never edited). */
  private lastSnapshots: SnapshotPair | null = null;
  /** Tables the create pipeline could not create: later rounds read their texts and plan them as a whole. */
  private readonly notPipelined = new Set<string>();
  /** Data size of the selected tables in the last snapshot (the status's bytes copied are set against it). */
  private readonly catalogBytes = memoCatalogBytes();
  /** Tables created on the target by this run's DDL and not yet planned for replication. */
  private readonly created = new Map<string, TableName>();
  /** The tick's sleep, cut short when a round is asked for, the DDL task ends or the last job finishes. */
  private readonly wakeup = new Wakeup();
  /** Tables to re-plan in the next scoped round (`db.table` → names). */
  private readonly replan = new Map<string, TableName>();
  /** Jobs already running on the target are looked for once, in the first round, before anything is offered. */
  private adopted = false;
  /** What is in sync, lagging, expired, blocked (sync-ledger.ts). */
  private ledger: SyncLedger = emptyLedger();
  /** Failed DDL statements and given-up replication, with when each may be tried again. */
  private readonly book: RetryBook = new Map();
  /** Tables whose DDL waits for their running replication job to end (holdForRunningJobs). */
  private readonly heldDdl = new Set<string>();
  /** Successes per identical DDL statement while the plans keep asking for it (failure-report.ts). */
  private readonly appliedDdl = new Map<string, number>();
  /** enable_privilege_sync: the last full round's privilege comparison, and how many in a row differed. */
  private privileges: PrivilegeState = noPrivilegeState;
  /** The target-write guard: loads into target partitions, reported once each. */
  private readonly targetWrites: TargetWriteWatch;

  constructor(
    private readonly settings: EngineSettings,
    private readonly hostMap: HostMap,
    private readonly log: Logger,
    /** The status endpoint, when status_http_port is set. */
    private readonly observer: SyncObserver | null = null,
    private readonly deps: MigratorDeps = {},
  ) {
    const senderFacts = {
      rpc: () => this.facts.target.rpc,
      srcServiceId: () => this.facts.source.serviceId,
      onLayoutChanged: () => this.requestRound(),
    };
    this.r = deps.resources ? deps.resources(senderFacts) : openResources(settings, log, observer, senderFacts);
    this.now = deps.now ?? Date.now;
    this.ddl = new DdlTask(
      (e) => this.log.warn(`DDL on the target stopped: ${e.message}`),
      () => this.wakeup.wake(),
    );
    this.notes = new NoteLog(log);
    this.targetWrites = new TargetWriteWatch({
      target: this.r.target.sql,
      planner: settings.planner,
      log,
      observer,
      now: this.now,
      requestRound: () => this.requestRound(),
    });
    this.progress = new ProgressPublisher(
      log,
      observer,
      () => this.runView(),
      () => this.privileges.last?.progress ?? null,
    );
  }

  async run(signal: AbortSignal): Promise<RunResult> {
    try {
      return await this.runInner(signal);
    } finally {
      await this.r.close();
    }
  }

  private async runInner(signal: AbortSignal): Promise<RunResult> {
    this.facts = await (this.deps.preflight ?? ((r) => preflight(this.settings, this.hostMap, r, this.log)))(this.r);
    this.clusters = new ClusterWatch(this.r.source, this.r.target, this.log, this.facts.warnings);
    this.scheduler = this.newScheduler();
    this.watcher = new SourceVersionWatcher(this.r.source.sql);
    this.observer?.phase('running');
    this.log.info(
      `srsync started: one_time_run_mode=${this.settings.oneTimeRunMode}, source ${this.settings.source.host}:${this.settings.source.port}, target ${this.settings.target.host}:${this.settings.target.port}`,
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

  private newScheduler(): ReplicationScheduler {
    const scheduler = new ReplicationScheduler(
      {
        send: (job, jobId) => this.r.sender.send(job, jobId),
        listTargetJobs: () => this.r.sender.listTargetJobs(),
        checkArrival: (job) => this.r.sender.checkArrival(job),
        prepare: (jobs) => this.r.sender.prepare?.(jobs),
        now: this.now,
        log: this.log,
        events: this.observer ? schedulerEvents(this.observer) : undefined,
        admission: this.deps.steering,
      },
      {
        maxInFlight: this.facts.target.maxParallelTables,
        replicationJobBatchSize: this.settings.replicationJobBatchSize,
        unknownAfterMs: 30_000,
        maxAttempts: 3,
        backoffMs: 1000,
      },
    );
    scheduler.onFinished = (t) => {
      this.releaseHeldDdl(t.job.tableKey);
      this.afterJob(t.job);
      if (scheduler.idle()) this.wakeup.wake(); // the last job: the check round (or the verdict) without waiting a tick
    };
    scheduler.onReplan = () => this.requestRound();
    scheduler.onGivenUp = (t, f) => {
      this.releaseHeldDdl(t.job.tableKey);
      const diagnosis = f.cause === 'moved_nothing' ? mirrorLocationDiagnosis(this.r.source.sql, this.r.target.sql, t.job.mirrorVolume) : undefined;
      void recordJobGivenUp(this.book, t.job.tableKey, t.jobId, f, this.log, this.now(), diagnosis);
      this.targetWrites.commitGuardFired(t.job, t.jobId, f, this.lastSnapshots);
    };
    this.deps.steering?.attach(scheduler, () => this.requestRound());
    return scheduler;
  }

  /** Each tick takes the steps next-step.ts decides, in order, then sleeps. */
  private async loop(signal: AbortSignal): Promise<RunResult> {
    const start = this.now();
    const last: Record<TimedStep, number> = { settings: start, warnings: start, conditions: start, versions: 0, report: 0, publish: 0 };
    while (!signal.aborted) {
      const now = this.now();
      for (let step = nextStep(this.loopFacts(now, last)); step.kind !== 'wait'; step = nextStep(this.loopFacts(now, last), step.kind)) {
        for (const t of timersOf(step)) last[t] = now;
        const verdict = await this.take(step, signal, now);
        if (verdict) return verdict;
      }
      await this.wakeup.sleep(TICK_MS, signal);
    }
    return this.stop();
  }

  private loopFacts(now: number, last: Readonly<Record<TimedStep, number>>): LoopFacts {
    return {
      now,
      oneTimeRunMode: this.settings.oneTimeRunMode,
      metaIntervalMs: ms(this.settings.metaJobIntervalSeconds),
      reportIntervalMs: ms(this.settings.reportIntervalSeconds),
      versionPollMs: this.settings.versionPollMs,
      last,
      publishing: this.observer !== null,
      publishMs: STATUS_PUBLISH_MS,
      settingsCheckMs: SETTINGS_CHECK_MS,
      conditionCheckMs: CONDITION_CHECK_MS,
      waitingOnConditions: this.clusters.waiting(this.ledger.blocked.size, this.book),
      lastRoundAt: this.lastRoundAt,
      roundGapMs: roundGapMs(this.readFailures),
      roundRequested: this.roundRequested,
      confirmWaiting: this.confirmWaiting,
      ddlRunning: this.ddl.running,
      planned: this.lastPlan !== null,
      createdWaiting: this.created.size,
      replanWaiting: this.replan.size,
      schedulerIdle: this.scheduler.idle(),
      actionableWork: this.deps.steering?.paused() ? 0 : actionableWork(this.book, this.lastPlan, now), // paused: no round for DDL
      retryDueAt: nextDueAt(this.book),
    };
  }

  /** One step; a one-time run's verdict ends the loop. */
  private async take(step: Step, signal: AbortSignal, now: number): Promise<RunResult | null> {
    switch (step.kind) {
      case 'recheck_settings':
        await this.clusters.recheckSettings(step.slots ? (max) => this.scheduler.setMaxInFlight(max) : undefined);
        return null;
      case 'watch_conditions':
        await this.watchConditions();
        return null;
      case 'full_round':
        this.roundRequested = false;
        await this.round(signal);
        return null;
      case 'poll_versions':
        await this.pollVersions();
        return null;
      case 'new_table_round':
        await this.newTableRound();
        return null;
      case 'scoped_round':
        await this.scopedRound();
        return null;
      case 'request_round':
        this.requestRound();
        return null;
      case 'verdict': {
        const end = this.oneTimeEnd(now);
        if (!end) return null;
        this.progress.report();
        return this.ended(end);
      }
      case 'report':
        this.progress.report();
        this.deps.steering?.report();
        return null;
      case 'publish':
        this.progress.publish();
        return null;
      case 'wait':
        return null;
    }
  }

  /** Graceful stop: no new jobs; record what the in-flight ones became, then report and leave them to the target. */
  private async stop(): Promise<RunResult> {
    this.observer?.phase('stopping');
    await this.ddl.settled();
    await this.scheduler.poll().catch(() => undefined);
    this.progress.report();
    this.log.info(
      `srsync stopped; ${this.scheduler.inFlightCount()} replication job(s) still running on the target will be recognised at the next start`,
    );
    if (this.settings.oneTimeRunMode) {
      const view = this.runView();
      return this.ended(stoppedEnd(view ? unsyncedOf(view, UNSYNCED_SHOWN) : null));
    }
    return { exitCode: 0, unsynced: [] };
  }

  requestRound(): void {
    if (!this.roundRequested) this.wakeup.wake();
    this.roundRequested = true;
  }

  /** The blocking conditions changed (a DBA's fix): the work waiting on them is due now, and a round runs. */
  private async watchConditions(): Promise<void> {
    if (!(await this.clusters.changed())) return;
    releaseCauses(this.book, CONDITION_CAUSES, this.now());
    await this.clusters.recheckSettings();
    this.requestRound();
  }

  /** New source versions: new partitions or tables need a full round, new versions of known ones a scoped one. */
  private async pollVersions(): Promise<void> {
    const changes = await this.watcher.changes().catch((e: Error) => {
      this.log.warn(`Cannot poll source versions: ${e.message}`);
      return null;
    });
    if (changes?.newPartitions) this.requestRound();
    for (const t of changes?.tables ?? []) this.replan.set(`${t.db}.${t.table}`, t);
    await this.targetWrites.poll(this.lastSnapshots);
  }

  /** One planning round: read both catalogs, plan, start the DDL, offer the replication. */
  private async round(signal: AbortSignal): Promise<void> {
    this.lastRoundAt = this.now();
    this.confirmWaiting = false; // this round is the check
    this.replan.clear(); // this round reads everything after the changes were seen
    const read = await this.readAndPlan();
    if (!read) return;
    const { source, target, newTables } = read;
    const p = await this.gateRange(read.plan);
    this.watcher.baseline(source);
    this.lastSnapshots = { source, target };
    this.targetWrites.afterRound(this.lastSnapshots);
    this.r.sender.forgetIndexes();
    this.lastPlan = p;
    const synced = (k: string) => this.scheduler.lastSuccess.has(k);
    const onTarget = targetKeyOf(this.settings.planner); // rename mapping: a source key's table on the target
    this.ledger = ledgerAfterFullRound(p, tablesInScope(source, this.settings.planner), (k) => hasTable(target, onTarget(k)), synced);
    this.markInSync(p);
    forgetStaleFailures(this.book, p, newTables, this.appliedDdl);
    this.notes.notes(p.notes);
    if (!this.settings.oneTimeRunMode) this.notes.unmatchedSelection(this.settings.planner, source);
    this.startDdl(p, newTables, { source, target }, signal);
    await this.offerReplication(p, target);
  }

  /** Both catalogs read and planned (planRound reads the DDL texts the plan needs); null when a read failed. */
  private async readAndPlan(): Promise<(SnapshotPair & Awaited<ReturnType<typeof planRound>>) | null> {
    const readStart = performance.now();
    try {
      const [source, target, conditions] = await Promise.all([
        this.r.source.inspector.snapshot({ serviceId: this.facts.source.serviceId }),
        this.r.target.inspector.snapshot({ serviceId: '' }),
        this.clusters.readForRound(),
      ]);
      this.clusters.remember(conditions);
      let planned = await planRound(
        { source: this.r.source.inspector, target: this.r.target.inspector },
        source,
        target,
        this.settings.planner,
        this.settings.metaJobThreads,
        (db, t) => this.notPipelined.has(`${db}.${t}`),
      );
      const priv = this.settings.privileges;
      if (priv?.enablePrivilegeSync) {
        const r = await planPrivileges(
          { source: this.r.source.inspector, target: this.r.target.inspector },
          planned,
          priv,
          this.settings.planner,
          this.settings.metaJobThreads,
        );
        this.log.addSecrets(...r.secrets);
        planned = { ...planned, source: r.source, target: r.target, plan: r.plan };
        this.privileges = afterComparison(this.privileges, r.privileges);
      }
      this.readFailures = 0;
      this.observer?.catalogRead('full', (performance.now() - readStart) / 1000, true);
      return planned;
    } catch (e) {
      this.observer?.catalogRead('full', (performance.now() - readStart) / 1000, false);
      this.readFailures++;
      this.log.warn(`Cannot read the catalogs: ${(e as Error).message}; retrying in ${Math.round(roundGapMs(this.readFailures) / 1000)} s`);
      this.requestRound();
      return null;
    }
  }

  /** DDL runs beside the loop (polling, scoped rounds, progress go on); the next full round waits for it (ddl-round.ts). */
  private startDdl(p: Plan, newTables: readonly NewTable[], snaps: SnapshotPair, signal: AbortSignal): void {
    if (this.deps.steering?.paused()) return; // paused: no new DDL; resuming asks for a full round
    const { plan, held } = holdForRunningJobs(p, (k) => this.scheduler.replicating(k));
    for (const k of held) this.heldDdl.add(k);
    const start = ddlToStart(plan, newTables, this.book, this.now());
    if (start.kind === 'create_tables') {
      const otherDdl = plan.ddl.some((a) => a.kind !== 'create_database'); // views, MVs, indexes: a round as soon as the tables exist
      this.ddl.start(this.createNewTables(start.databases, start.tables, snaps, otherDdl, signal), start.objects);
    } else if (start.kind === 'apply') this.ddl.start(this.applyDdl(start.ddl, signal), start.objects);
  }

  /** The plan's replication (failed tables waiting for their retry left out), after adopting the target's running jobs once. */
  private async offerReplication(p: Plan, target: ClusterSnapshot): Promise<void> {
    const now = this.now();
    const works = jobsByTable(p.replication.filter((w) => tryNow(this.book, jobSubject(`${w.db}.${w.table}`), now)));
    // Jobs the target no longer lists: finished when the target partitions reached the versions sent (reference §5.3).
    for (const t of this.scheduler.unknownJobs()) this.scheduler.resolveByVersions(t.job.tableKey, caughtUp(t.job, target, works));
    if (!this.adopted) {
      if (!(await adoptRunningJobs(target, works, { inspector: this.r.target.inspector, scheduler: this.scheduler, log: this.log }))) {
        this.requestRound();
        return;
      }
      this.adopted = true;
    }
    this.scheduler.offer(works, this.lastRoundAt);
  }

  /** Runs statements on the target and records their outcomes (failure-report.ts). */
  private async apply(ddl: DdlAction[], signal: AbortSignal): Promise<DdlOutcome[]> {
    const outcomes = await this.r.applier.apply(ddl, signal);
    recordDdlOutcomes(this.book, outcomes, this.log, this.now(), this.appliedDdl);
    return outcomes;
  }

  private async applyDdl(ddl: DdlAction[], signal: AbortSignal): Promise<void> {
    const outcomes = await this.apply(ddl, signal);
    if (outcomes.some((o) => o.ok)) this.requestRound(); // new target objects: replicate them next round
  }

  /** Missing tables: created through the pipeline; each created one is replicated by the next new-table round. */
  private async createNewTables(
    databases: DdlAction[],
    tables: NewTable[],
    snaps: SnapshotPair,
    otherDdl: boolean,
    signal: AbortSignal,
  ): Promise<void> {
    const r = await createMissingTables(
      databases,
      tables,
      snaps,
      {
        cfg: this.settings.planner,
        metaJobThreads: this.settings.metaJobThreads,
        ddlJobBatchSize: this.settings.ddlJobBatchSize,
        source: this.r.source.inspector,
        target: this.r.target.inspector,
        apply: (actions) => this.apply(actions, signal),
        onDatabase: (name, id) => {
          if (this.lastSnapshots) this.lastSnapshots = { ...this.lastSnapshots, target: withEmptyDatabase(this.lastSnapshots.target, name, id) };
        },
        // The source side of the table's job is read while its CREATE TABLE runs (not all tables ahead at once:
        // those reads would queue the SHOW CREATE TABLE reads the creation waits for behind them on the source).
        onCreating: (db, name) => this.r.sender.prepareSource?.(sourceTablesOf(snaps.source, [{ db, name }])),
        onCreated: (db, table) => {
          this.created.set(`${db}.${table}`, { db, table });
          tableCreated(this.ledger, `${db}.${table}`);
          if (this.created.size === NEW_TABLE_ROUND_AT) this.wakeup.wake(); // their jobs go out without waiting a tick
        },
      },
      otherDdl,
      signal,
    );
    for (const t of r.leftOver) this.notPipelined.add(`${t.db}.${t.name}`);
    if (r.round === 'now') this.requestRound();
    else if (r.round === 'when_idle') this.confirmWaiting = true;
  }

  private scopedDeps(): ScopedRoundDeps {
    return {
      cfg: this.settings.planner,
      source: this.r.source.inspector,
      target: this.r.target.inspector,
      observer: this.observer,
      log: this.log,
      now: this.now,
    };
  }

  /** Tables this run just created: re-read on the target and replicated now (scoped-rounds.ts). */
  private async newTableRound(): Promise<void> {
    const last = this.lastSnapshots;
    if (!last) return;
    const names = makeNameMapping(this.settings.planner); // rename mapping
    this.afterScoped(await planCreatedTables(last, createdSources(last, takeBatch(this.created), names.targetName), this.scopedDeps()));
  }

  /** Tables whose source moved on: re-read on both sides and re-planned against the last snapshots (scoped-rounds.ts). */
  private async scopedRound(): Promise<void> {
    const last = this.lastSnapshots;
    if (!last) return;
    const now = this.now();
    const selection = replanSelection(
      last,
      takeBatch(this.replan),
      makeScope(this.settings.planner),
      (k) => isWaiting(this.book, jobSubject(k), now),
      makeNameMapping(this.settings.planner).targetName, // rename mapping
    );
    if (selection.kind === 'full_round') return this.requestRound(); // new on the source, or not created on the target yet
    const outcome = await replanTables(last, selection.tables, this.scopedDeps());
    if (outcome.kind === 'plan') this.watcher.baselineTables(outcome.updates.source);
    this.afterScoped(outcome);
  }

  /** A scoped round's outcome: the snapshots learn the re-read tables, the plan's jobs are offered. */
  private afterScoped(outcome: ScopedRoundOutcome): void {
    if (outcome.kind === 'none') return;
    if (outcome.kind === 'full_round') return this.requestRound();
    if (this.lastSnapshots) this.lastSnapshots = withUpdates(this.lastSnapshots, outcome.updates);
    this.targetWrites.afterRound(this.lastSnapshots);
    if (outcome.kind === 'updates') return;
    const plan = this.rangeRefusals()?.filter(outcome.plan) ?? outcome.plan;
    this.notes.notes(plan.notes);
    this.recordPlan(plan);
    this.scheduler.offer(jobsByTable(plan.replication), outcome.readAt);
  }

  /** Range tables refused for good (src/range/gate.ts), when the sender has them. */
  private rangeRefusals(): RangeRefusals | undefined {
    return this.r.sender.range?.refusals;
  }

  /** A full round's plan: refused range tables re-checked, the rest of them a blocking note instead of replication. */
  private async gateRange(p: Plan): Promise<Plan> {
    const range = this.r.sender.range;
    if (!range || range.refusals.size === 0) return p;
    await range.recheck().catch((e: Error) => this.log.debug(`Cannot re-check refused range tables: ${e.message}`));
    return range.refusals.filter(p);
  }

  /** Tables a plan found in sync count as synced; their failures are over. */
  private markInSync(p: Plan): void {
    for (const k of p.inSync) {
      if (!this.scheduler.lastSuccess.has(k)) this.scheduler.lastSuccess.set(k, this.now());
      recordSuccess(this.book, jobSubject(k));
    }
  }

  /** A scoped plan's findings for its tables. */
  private recordPlan(p: Plan): void {
    withPlan(this.ledger, p, (k) => this.scheduler.lastSuccess.has(k));
    this.markInSync(p);
  }

  /** A finished job: its table needs a new plan only when the source moved past the versions the job carried. */
  /** A table whose DDL waited for its job (holdForRunningJobs): the job ended, a full round runs the DDL now. */
  private releaseHeldDdl(tableKey: string): void {
    if (this.heldDdl.delete(tableKey)) this.requestRound();
  }

  private afterJob(job: PlannedJob): void {
    jobFinished(this.ledger, job.tableKey, job.partitions.length);
    recordSuccess(this.book, jobSubject(job.tableKey));
    const behind = job.partitions.some((p) => (this.watcher.knownVersion(p.srcPhysicalId) ?? p.srcVersion) > p.srcVersion);
    if (behind) this.replan.set(job.tableKey, { db: job.db, table: job.table });
  }

  /** What the progress figures are computed from; null before the first full round. */
  private runView(): RunView | null {
    if (!this.lastPlan) return null;
    return {
      ledger: this.ledger,
      scheduler: this.scheduler,
      ddlInFlight: this.ddl.inFlight,
      book: this.book,
      targetKey: targetKeyOf(this.settings.planner),
      catalogBytes: this.catalogBytes(this.lastSnapshots?.source ?? null, this.ledger.inScope),
    };
  }

  /** One-time mode: done when nothing is left to do; failure (one line per object) when work stays failed or blocked. */
  private oneTimeEnd(now: number): RunEnd | null {
    const p = this.lastPlan;
    if (!p) return null;
    const busy =
      !this.scheduler.idle() || this.ddl.running || this.roundRequested || this.confirmWaiting || this.created.size > 0 || this.replan.size > 0;
    const end = verdictEnd(oneTimeVerdict(oneTimeFacts(busy, actionableWork(this.book, p, now), this.book, p)));
    if (!end || !this.settings.privileges?.enablePrivilegeSync) return end;
    // Privileges: compared again (a full round) until in sync, or given up after 3 differing comparisons in a row.
    const pv = privilegeVerdict(this.privileges);
    if (pv.kind === 'compare_again') {
      this.requestRound();
      return null;
    }
    if (pv.kind === 'in_sync') return end;
    return {
      result: { exitCode: EXIT_NOT_SYNCED, unsynced: [...end.result.unsynced, pv.line] },
      info: end.result.exitCode === 0 ? [] : end.info,
      errors: [...end.errors, `Not synchronized: ${pv.line}`],
    };
  }

  private ended(end: RunEnd): RunResult {
    for (const l of end.info) this.log.info(l);
    for (const l of end.errors) this.log.error(l);
    return end.result;
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

const hasTable = (snap: ClusterSnapshot, key: string): boolean => {
  const dot = key.indexOf('.');
  return snap.databases.get(key.slice(0, dot))?.tables.has(key.slice(dot + 1)) === true;
};
