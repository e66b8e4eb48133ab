// The migration loop, read top to bottom like the manual's procedure:
//   check both clusters → (round) read both catalogs → plan → run DDL on the target → queue replication
//   → follow jobs → report progress → again, until stopped (or once, in one_time_run_mode).
// Rounds are triggered by the meta interval, by new source versions (polled every second), by applied DDL and
// by the replication queue draining; submission refills a target slot as soon as one frees up.
import type { HostMap } from '../config/hosts.js';
import type { Logger } from '../log/logger.js';
import { SqlClient } from '../cluster/sql-client.js';
import { FeRpcClient } from '../cluster/fe-rpc-client.js';
import { ClusterInspector } from '../inspector/inspector.js';
import { DdlApplier } from '../applier/ddl-applier.js';
import { ReplicationScheduler } from '../scheduler/replication-scheduler.js';
import type { PlannedJob } from '../scheduler/replication-scheduler.js';
import { buildReplicationRequest } from '../replication/request-builder.js';
import type { ClusterSnapshot, MaterializedIndexInfo, PartitionTablets } from '../model/snapshot.js';
import type { Plan, PlanNote, TableReplicationWork } from '../planner/actions.js';
import { formatJobProgress, formatTableProgress } from '../progress/progress.js';
import { preflight, settingWarnings } from './preflight.js';
import type { PreflightResult } from './preflight.js';
import type { EngineSettings } from './settings.js';
import { planRound, tablesInScope } from './ddl-sources.js';
import { SourceVersionWatcher } from './version-watcher.js';

export interface RunResult {
  exitCode: number;
  /** Why a one-time run could not finish everything, one line per table. */
  unsynced: string[];
}

const TICK_MS = 200;
const MIN_ROUND_GAP_MS = 500;

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
  private consecutiveFruitlessRounds = 0;
  private settingWarningsShown = new Set<string>();
  /** Jobs already running on the target are looked for once, in the first round, before anything is offered. */
  private adopted = false;

  constructor(
    private readonly settings: EngineSettings,
    private readonly hostMap: HostMap,
    private readonly log: Logger,
  ) {
    const opts = { connectTimeoutMs: settings.connectTimeoutMs, queryTimeoutMs: settings.socketTimeoutMs, connectionLimit: Math.max(2, settings.metaThreads) };
    this.source = new SqlClient({ host: settings.source.host, port: settings.source.queryPort, user: settings.source.user, password: settings.source.password }, opts);
    this.target = new SqlClient(
      { host: settings.target.host, port: settings.target.queryPort, user: settings.target.user, password: settings.target.password },
      { ...opts, connectionLimit: Math.max(opts.connectionLimit, settings.ddlConcurrency + 2) },
    );
    this.sourceInspector = new ClusterInspector(this.source);
    this.targetInspector = new ClusterInspector(this.target);
    this.applier = new DdlApplier(this.target, log, settings.ddlConcurrency);
  }

  async run(signal: AbortSignal): Promise<RunResult> {
    try {
      return await this.runInner(signal);
    } finally {
      await Promise.all([this.source.close(), this.target.close()]);
    }
  }

  private async runInner(signal: AbortSignal): Promise<RunResult> {
    this.facts = await preflight(this.settings, this.hostMap, { source: { sql: this.source, inspector: this.sourceInspector }, target: { sql: this.target, inspector: this.targetInspector } }, this.log);
    this.settingWarningsShown = new Set(this.facts.warnings);
    this.rpc = new FeRpcClient(() => this.facts.target.rpc, Math.max(this.settings.socketTimeoutMs, 5000));
    this.scheduler = new ReplicationScheduler(
      {
        send: (job, jobId) => this.sendJob(job, jobId),
        listTargetJobs: () => this.targetInspector.replicationJobs(),
        now: () => Date.now(),
        log: this.log,
      },
      {
        maxInFlight: this.facts.target.maxParallelTables,
        sendConcurrency: this.settings.replicationConcurrency,
        unknownAfterMs: 30_000,
        maxAttempts: 3,
        backoffMs: 1000,
      },
    );
    this.scheduler.onFinished = () => this.requestRound();
    this.scheduler.onReplan = () => this.requestRound();
    this.watcher = new SourceVersionWatcher(this.source);
    this.log.info(
      `srsync started: one_time_run_mode=${this.settings.oneTimeRunMode}, source ${this.settings.source.host}:${this.settings.source.queryPort}, target ${this.settings.target.host}:${this.settings.target.queryPort}`,
    );

    let lastReport = 0;
    let lastVersionPoll = 0;
    let lastSettingsCheck = Date.now();
    while (!signal.aborted) {
      const now = Date.now();
      if (now - lastSettingsCheck >= this.settings.metaIntervalMs) {
        lastSettingsCheck = now;
        await this.recheckSettings();
      }
      if (this.roundRequested && now - this.lastRoundAt >= MIN_ROUND_GAP_MS) {
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
      await this.scheduler.poll().catch((e: Error) => this.log.warn(`Cannot read replication jobs on the target: ${e.message}`));
      await this.scheduler.pump(signal);
      if (now - lastVersionPoll >= this.settings.versionPollMs) {
        lastVersionPoll = now;
        const changed = await this.watcher.poll().catch((e: Error) => {
          this.log.warn(`Cannot poll source versions: ${e.message}`);
          return false;
        });
        if (changed) this.requestRound();
      }
      if (this.scheduler.idle() && this.lastPlan && (this.lastPlan.replication.length > 0 || this.lastPlan.ddl.length > 0)) this.requestRound();
      if (now - lastReport >= this.settings.reportIntervalMs) {
        lastReport = now;
        this.report();
      }
      await sleep(TICK_MS, signal);
    }
    // Graceful stop: no new jobs; record what the in-flight ones became, then report and leave them to the target.
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
    let source: ClusterSnapshot;
    let target: ClusterSnapshot;
    let p: Plan;
    try {
      [source, target] = await Promise.all([
        this.sourceInspector.snapshot({ serviceId: this.facts.source.serviceId }),
        this.targetInspector.snapshot({ serviceId: '' }),
      ]);
      p = await planRound({ source: this.sourceInspector, target: this.targetInspector }, source, target, this.settings.planner, this.settings.metaThreads);
    } catch (e) {
      this.log.warn(`Cannot read the catalogs: ${(e as Error).message}; retrying`);
      this.requestRound();
      return null;
    }
    this.watcher.baseline(source);
    this.lastPlan = p;
    this.tablesInScope.clear();
    for (const k of tablesInScope(source, this.settings.planner)) this.tablesInScope.add(k);
    for (const n of p.notes) {
      const line = noteLine(n);
      if (n.reason === 'replication_deferred') {
        // Routine (new partitions, a re-created table): not a warning, and it recurs with every such round.
        this.log.info(line);
      } else if (!this.loggedNotes.has(line)) {
        this.loggedNotes.add(line);
        this.log.warn(line);
      }
    }
    // Expired = synced once, behind the source now.
    this.expired.clear();
    for (const w of p.replication) if (this.scheduler.lastSuccess.has(`${w.db}.${w.table}`)) this.expired.add(`${w.db}.${w.table}`);
    for (const k of p.inSync) if (!this.scheduler.lastSuccess.has(k)) this.scheduler.lastSuccess.set(k, Date.now());

    if (p.ddl.length > 0) {
      this.ddlPending = p.ddl.length;
      const outcomes = await this.applier.apply(p.ddl, signal);
      this.ddlPending = 0;
      if (outcomes.some((o) => o.ok)) this.requestRound(); // new target objects: replicate them next round
      if (outcomes.some((o) => !o.ok)) this.consecutiveFruitlessRounds++;
    }
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
    this.scheduler.offer(works);
    if (p.ddl.length === 0 && p.replication.length === 0) this.consecutiveFruitlessRounds = 0;
    return { source, target };
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
    const [srcIndexes, tgtIndexes] = await Promise.all([
      this.sourceInspector.materializedIndexes(job.srcDbId, job.srcTableId),
      this.targetInspector.materializedIndexes(job.tgtDbId, job.tgtTableId),
    ]);
    const partitions = await Promise.all(
      job.partitions.map(async (p) => ({
        tgtPhysicalId: p.tgtPhysicalId,
        srcPhysicalId: p.srcPhysicalId,
        srcVersion: p.srcVersion,
        srcVersionEpoch: p.srcVersionEpoch,
        src: await this.tablets('s', this.sourceInspector, job.srcDbId, job.srcTableId, p.srcPhysicalId, srcIndexes),
        tgt: await this.tablets('t', this.targetInspector, job.tgtDbId, job.tgtTableId, p.tgtPhysicalId, tgtIndexes),
      })),
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

  /** Tablets never change for a physical partition id (ids are never reused), so they are cached. */
  private async tablets(side: string, inspector: ClusterInspector, dbId: string, tableId: string, ppId: string, indexes: MaterializedIndexInfo[]): Promise<PartitionTablets> {
    const key = `${side}:${ppId}:${indexes.map((i) => i.id).join(',')}`;
    const hit = this.tabletCache.get(key);
    if (hit) return hit;
    const t = await inspector.partitionTablets(dbId, tableId, ppId, indexes);
    this.tabletCache.set(key, t);
    return t;
  }

  private report(): void {
    const c = this.scheduler.snapshotCounters();
    // Tables whose DDL ran this round replicate next round: they are pending jobs already.
    const deferred = new Set((this.lastPlan?.notes ?? []).filter((n) => n.reason === 'replication_deferred' && n.table !== undefined).map((n) => `${n.db}.${n.table}`));
    for (const k of deferred) if (this.scheduler.isBusy(k)) deferred.delete(k);
    this.log.info(formatJobProgress({ ddlPending: this.ddlPending, ...c, jobPending: c.jobPending + deferred.size }));
    const total = this.tablesInScope.size;
    let finished = 0;
    for (const k of this.tablesInScope) if (this.scheduler.lastSuccess.has(k)) finished++;
    let expired = 0;
    for (const k of this.expired) if (this.tablesInScope.has(k)) expired++;
    this.log.info(formatTableProgress({ total, finished, expired }));
  }

  /** One-time mode: done when a round finds nothing to do; failure when work stays blocked. */
  private oneTimeVerdict(): RunResult | null {
    const p = this.lastPlan;
    if (!p || !this.scheduler.idle() || this.roundRequested) return null;
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
        partitions: j.partitions.map((p) => ({ ...p, srcVersionEpoch: String(p.srcVersionEpoch) })),
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

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const t = setTimeout(done, ms);
    function done() {
      clearTimeout(t);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });
}
