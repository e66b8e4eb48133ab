// The run state the status endpoint shows: the engine reports to it (SyncObserver), /status and /metrics read
// snapshots of it. Nothing here does I/O.
import type {
  ActivityCounters,
  CatalogReadKind,
  CatalogReadStats,
  DdlOutcomeKind,
  JobEvent,
  ProgressUpdate,
  RunPhase,
  StatusSnapshot,
  SyncObserver,
  TargetWriteDetection,
  TargetWriteEntry,
  TargetWriteEvent,
  TargetWrites,
  WarningEntry,
  WarningLevel,
} from './model.js';

/** Warnings kept for /status. */
export const RECENT_WARNINGS = 50;
/** Longest warning message kept (characters). */
const MAX_WARNING_CHARS = 1000;

export interface StatusRecorderOptions {
  now?: () => number;
  /** Called with each catalog read duration (the metrics histogram). */
  onCatalogRead?: (kind: CatalogReadKind, seconds: number) => void;
  recentWarnings?: number;
}

const emptyReads = (): CatalogReadStats => ({ count: 0, failed: 0, totalSeconds: 0, lastSeconds: null });

export class StatusRecorder implements SyncObserver {
  private currentPhase: RunPhase = 'starting';
  private progressAt: number | null = null;
  private last: ProgressUpdate | null = null;
  private readonly counters: ActivityCounters = {
    ddlApplied: 0,
    ddlFailed: 0,
    jobsSent: 0,
    jobsFinished: 0,
    jobsFailed: 0,
    jobsRetried: 0,
    backpressureDeferrals: 0,
    warnings: 0,
    errors: 0,
  };
  private readonly reads: Record<CatalogReadKind, CatalogReadStats> = { full: emptyReads(), scoped: emptyReads() };
  private readonly warnings: WarningEntry[] = [];
  private readonly fullReadListeners = new Set<() => void>();
  private readonly targetWrites: TargetWriteEntry[] = [];
  private readonly targetWriteCounts: Record<TargetWriteDetection, number> = { version_txn_type: 0, commit_guard: 0 };
  private readonly now: () => number;
  private readonly keep: number;

  constructor(private readonly options: StatusRecorderOptions = {}) {
    this.now = options.now ?? Date.now;
    this.keep = options.recentWarnings ?? RECENT_WARNINGS;
  }

  phase(phase: RunPhase): void {
    this.currentPhase = phase;
  }

  progress(update: ProgressUpdate): void {
    this.last = update;
    this.progressAt = this.now();
  }

  ddl(outcome: DdlOutcomeKind): void {
    if (outcome === 'applied') this.counters.ddlApplied++;
    else this.counters.ddlFailed++;
  }

  replicationJob(event: JobEvent): void {
    const c = this.counters;
    if (event === 'sent') c.jobsSent++;
    else if (event === 'finished') c.jobsFinished++;
    else if (event === 'failed') c.jobsFailed++;
    else if (event === 'retried') c.jobsRetried++;
    else c.backpressureDeferrals++;
  }

  catalogRead(kind: CatalogReadKind, seconds: number, ok: boolean): void {
    const r = this.reads[kind];
    r.count++;
    if (!ok) r.failed++;
    r.totalSeconds += seconds;
    r.lastSeconds = seconds;
    this.options.onCatalogRead?.(kind, seconds);
    if (kind === 'full' && ok)
      for (const l of [...this.fullReadListeners]) {
        try {
          l();
        } catch {
          // a listener's failure is not the engine's
        }
      }
  }

  onFullRead(listener: () => void): () => void {
    this.fullReadListeners.add(listener);
    return () => this.fullReadListeners.delete(listener);
  }

  warning(level: WarningLevel, message: string): void {
    if (level === 'ERROR') this.counters.errors++;
    else this.counters.warnings++;
    const text = message.length > MAX_WARNING_CHARS ? `${message.slice(0, MAX_WARNING_CHARS - 3)}...` : message;
    this.warnings.push({ at: this.now(), level, message: text });
    if (this.warnings.length > this.keep) this.warnings.splice(0, this.warnings.length - this.keep);
  }

  targetWrite(event: TargetWriteEvent): void {
    this.targetWriteCounts[event.detectedBy]++;
    const message = event.message.length > MAX_WARNING_CHARS ? `${event.message.slice(0, MAX_WARNING_CHARS - 3)}...` : event.message;
    this.targetWrites.push({ ...event, message, at: this.now() });
    if (this.targetWrites.length > this.keep) this.targetWrites.splice(0, this.targetWrites.length - this.keep);
  }

  private targetWriteSnapshot(): TargetWrites {
    const byDetection = { ...this.targetWriteCounts };
    return { count: byDetection.version_txn_type + byDetection.commit_guard, byDetection, recent: this.targetWrites.map((w) => ({ ...w })) };
  }

  /** A copy: later reports do not change it. */
  snapshot(): StatusSnapshot {
    return {
      phase: this.currentPhase,
      progressAt: this.progressAt,
      progress: this.last, // replaced, never mutated, by progress()
      counters: { ...this.counters },
      catalogReads: { full: { ...this.reads.full }, scoped: { ...this.reads.scoped } },
      recentWarnings: this.warnings.map((w) => ({ ...w })),
      ...(this.targetWrites.length > 0 ? { targetWrites: this.targetWriteSnapshot() } : {}),
    };
  }
}
