// The steering of one `srsync run`: the limits in effect (the steering keys, changeable while running), the pause
// state (durable in <home>/run/paused) and the byte budget's bucket. The scheduler asks it before sending a job
// (admission.ts decides); the DDL side asks only paused(). Changes come from sync.properties (conf-watch.ts), the
// status endpoint (POST /pause, /resume, /steering) and the paused file (`srsync pause` without an endpoint).
import type { Logger } from '../log/logger.js';
import { mayStart, type HeldReason } from './admission.js';
import { fullBucket, giveBack, take, type Bucket } from './byte-budget.js';
import { anyLimit, limitsOf, steeringFieldsOf, type SteeringChange, type SteeringFields, type SteeringLimits } from './limits.js';
import { clearPause, clearPresence, readPause, writePause, writePresence, type PauseRecord, type RunFiles } from './run-files.js';
import { wallClock, windowState } from './window.js';

/** A job as admission sees it. */
export interface AdmittedJob {
  readonly dataSize: number;
}

/**
 * What the scheduler asks before it sends a job (src/scheduler/replication-scheduler.ts). `active` false: nothing
 * can hold a job, and the scheduler skips the check.
 */
export interface JobAdmission {
  readonly active: boolean;
  /** `bytesInFlight` is only called when replication_max_bytes_in_flight is set. */
  mayStart(job: AdmittedJob, bytesInFlight: () => number, now: number): boolean;
  /** The job is being sent: the byte budget takes its size. */
  started(job: AdmittedJob, now: number): void;
  /** The target deferred a started job (back-pressure): its size returns to the budget. */
  handedBack(job: AdmittedJob, now: number): void;
}

/** What steering reads from the run (the scheduler's queue and in-flight jobs) and asks of it. */
export interface SteeringProbe {
  bytesInFlight(): number;
  /** The job the scheduler sends next, if any. */
  nextJob(): AdmittedJob | undefined;
  /** Jobs on the target now. */
  inFlightCount(): number;
  /** Resume: a full round now (the DDL skipped while paused runs). */
  requestRound(): void;
}

/** What the Migrator holds (src/engine/migrator.ts): the scheduler's admission, the DDL side's pause state, the report line. */
export type EngineSteering = JobAdmission & Pick<Steering, 'attach' | 'paused' | 'report'>;

/** The steering state as plain data (status endpoint, metrics, `srsync status`). */
export interface SteeringView {
  paused: PauseRecord | null;
  fields: SteeringFields;
  /** The zone the windows are read in (the machine's when the key is empty). */
  timeZone: string;
  bytesInFlight: number;
  window: { open: boolean; until: string | null };
  /** Why the next queued job does not start; null when none waits or it may start. */
  held: HeldReason | null;
}

export interface SteeringOptions {
  fields: SteeringFields;
  log: Logger;
  /** The run files (pause file, presence); absent: the pause lives in memory only. */
  files?: RunFiles;
  /** The conf directory, written into the presence file. */
  confDir?: string;
  now?: () => number;
  /** How often the paused file is looked at (default 500 ms). */
  pollMs?: number;
}

const NO_PROBE: SteeringProbe = { bytesInFlight: () => 0, nextJob: () => undefined, inFlightCount: () => 0, requestRound: () => {} };

export class Steering implements JobAdmission {
  private fields: SteeringFields;
  private limits: SteeringLimits;
  private pausedBy: PauseRecord | null = null;
  private bucket: Bucket;
  private probe: SteeringProbe = NO_PROBE;
  private timer: NodeJS.Timeout | undefined;
  private readonly now: () => number;
  /** See JobAdmission.active: recomputed on every change. */
  active = false;

  constructor(private readonly o: SteeringOptions) {
    this.now = o.now ?? Date.now;
    this.fields = steeringFieldsOf(o.fields);
    this.limits = limitsOf(this.fields);
    this.bucket = fullBucket(this.limits.bytesPerSecond, this.now());
    this.refresh();
  }

  /** Reads the durable pause state (a paused srsync starts paused), announces this run, watches the paused file. */
  start(): void {
    const files = this.o.files;
    if (!files) return;
    const record = readPause(files.paused);
    if (record) {
      this.pausedBy = record;
      this.refresh();
      this.o.log.warn(
        `srsync starts paused (since ${record.since || 'unknown'}, by ${record.by}; ${files.paused} exists): no new replication jobs or DDL until srsync resume`,
      );
    }
    this.announce();
    this.timer = setInterval(() => this.pollFile(), this.o.pollMs ?? 500);
    this.timer.unref();
  }

  /** Stops watching; the presence file goes (the paused file stays: the pause survives a restart). */
  close(): void {
    clearInterval(this.timer);
    if (this.o.files) clearPresence(this.o.files.presence, process.pid);
  }

  /** The run's scheduler (bytes in flight, the next job) and how to ask for a full round. */
  attach(scheduler: Omit<SteeringProbe, 'requestRound'>, requestRound: () => void): void {
    this.probe = {
      bytesInFlight: () => scheduler.bytesInFlight(),
      nextJob: () => scheduler.nextJob(),
      inFlightCount: () => scheduler.inFlightCount(),
      requestRound,
    };
  }

  paused(): boolean {
    return this.pausedBy !== null;
  }

  /** Pauses (durably); a no-op when paused already. */
  pause(by: string): SteeringView {
    if (!this.pausedBy) {
      const record: PauseRecord = { since: new Date(this.now()).toISOString(), by };
      if (this.o.files) writePause(this.o.files.paused, record);
      this.applyPause(record);
    }
    return this.view();
  }

  resume(by: string): SteeringView {
    if (this.pausedBy) {
      if (this.o.files) clearPause(this.o.files.paused);
      this.applyResume(by);
    }
    return this.view();
  }

  /** New values of steering keys (sync.properties changed, or POST /steering). */
  change(change: SteeringChange, by: string): SteeringView {
    const before = this.fields;
    const next = { ...before, ...change };
    const changed = (Object.keys(change) as Array<keyof SteeringFields>).filter((k) => next[k] !== before[k]);
    if (changed.length === 0) return this.view();
    this.fields = next;
    this.limits = limitsOf(next);
    if (before.replicationBytesPerSecond === 0) this.bucket = fullBucket(this.limits.bytesPerSecond, this.now());
    this.refresh();
    this.o.log.info(`Steering changed by ${by}: ${describeFields(next, changed)}`);
    return this.view();
  }

  // JobAdmission
  mayStart(job: AdmittedJob, bytesInFlight: () => number, now: number): boolean {
    const inFlight = this.limits.maxBytesInFlight > 0 ? bytesInFlight() : 0;
    return mayStart(job, { paused: this.pausedBy !== null, limits: this.limits, bytesInFlight: inFlight, bucket: this.bucket }, now).kind === 'ok';
  }

  started(job: AdmittedJob, now: number): void {
    if (this.limits.bytesPerSecond > 0) this.bucket = take(this.bucket, this.limits.bytesPerSecond, job.dataSize, now);
  }

  handedBack(job: AdmittedJob, now: number): void {
    if (this.limits.bytesPerSecond > 0) this.bucket = giveBack(this.bucket, this.limits.bytesPerSecond, job.dataSize, now);
  }

  view(): SteeringView {
    const now = this.now();
    const bytesInFlight = this.probe.bytesInFlight();
    const w = this.limits.windows.length > 0 ? windowState(this.limits.windows, wallClock(this.limits.timeZone, now)) : { open: true as const };
    const next = this.probe.nextJob();
    const decision = next ? mayStart(next, { paused: this.pausedBy !== null, limits: this.limits, bytesInFlight, bucket: this.bucket }, now) : null;
    return {
      paused: this.pausedBy,
      fields: { ...this.fields },
      timeZone: this.limits.timeZone,
      bytesInFlight,
      window: { open: w.open, until: w.open ? null : w.until },
      held: decision?.kind === 'held' ? decision.reason : null,
    };
  }

  /** Logs reportLine() (the Migrator's report step, beside the progress lines). */
  report(): void {
    const line = this.reportLine();
    if (line) this.o.log.info(line);
  }

  /** The line logged beside the progress lines while paused or holding jobs back; null otherwise. */
  reportLine(): string | null {
    const v = this.view();
    const running = this.probe.inFlightCount();
    if (v.paused)
      return `Sync paused since ${v.paused.since || 'unknown'} (by ${v.paused.by}): no new replication jobs or DDL; ${running} job(s) on the target finish; srsync resume continues`;
    if (v.held) return `Sync held: ${v.held.text}; ${running} job(s) on the target, ${v.bytesInFlight} bytes in flight`;
    return null;
  }

  private applyPause(record: PauseRecord): void {
    this.pausedBy = record;
    this.refresh();
    this.announce();
    this.o.log.info(
      `Paused by ${record.by}: no new replication jobs or DDL start; ${this.probe.inFlightCount()} job(s) on the target finish; the pause survives a restart`,
    );
  }

  private applyResume(by: string): void {
    this.pausedBy = null;
    this.refresh();
    this.announce();
    this.o.log.info(`Resumed by ${by}: replication jobs and DDL start again`);
    this.probe.requestRound();
  }

  /** `srsync pause` / `resume` without a status endpoint: the paused file appeared or went. */
  private pollFile(): void {
    const files = this.o.files;
    if (!files) return;
    const record = readPause(files.paused);
    if (record && !this.pausedBy) this.applyPause(record);
    else if (!record && this.pausedBy) this.applyResume('srsync resume');
  }

  private refresh(): void {
    this.active = this.pausedBy !== null || anyLimit(this.limits);
  }

  /** The presence file: this run's pid and the pause state it applied (what `srsync pause` waits for). */
  private announce(): void {
    const files = this.o.files;
    if (!files) return;
    try {
      writePresence(files.presence, {
        pid: process.pid,
        conf: this.o.confDir ?? '',
        paused: this.pausedBy !== null,
        at: new Date(this.now()).toISOString(),
      });
    } catch (e) {
      this.o.log.warn(
        `Cannot write ${files.presence}: ${(e as Error).message}; srsync pause / resume without the status endpoint will not find this run`,
      );
    }
  }
}

/** `key=value` of the steering keys `changed` (all when absent), as written in sync.properties. */
export function describeFields(f: SteeringFields, changed?: ReadonlyArray<keyof SteeringFields>): string {
  const all: Array<[keyof SteeringFields, string]> = [
    ['replicationMaxBytesInFlight', `replication_max_bytes_in_flight=${f.replicationMaxBytesInFlight}`],
    ['replicationBytesPerSecond', `replication_bytes_per_second=${f.replicationBytesPerSecond}`],
    ['replicationWindows', `replication_windows=${f.replicationWindows}`],
    ['replicationWindowTimeZone', `replication_window_time_zone=${f.replicationWindowTimeZone}`],
  ];
  return all
    .filter(([k]) => !changed || changed.includes(k))
    .map(([, t]) => t)
    .join(', ');
}
