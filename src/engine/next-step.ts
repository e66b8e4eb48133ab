// What the migration loop does next: one pure decision over plain facts, taken again after every step of a tick.
// A tick walks the steps in the order below (the manual's procedure: check → read and plan → replicate → report);
// `after` is the step just taken, so each step runs at most once per tick and never goes back.

export type StepKind =
  /** The manual's FE settings (and, every metadata interval, the target's slot count) read again. */
  | 'recheck_settings'
  /** The blocking conditions (volumes, FE settings) read while something waits for a DBA's fix. */
  | 'watch_conditions'
  /** Read both catalogs, plan, start the DDL, offer the replication. */
  | 'full_round'
  /** Poll the source's partition versions for new loads. */
  | 'poll_versions'
  /** Re-read the tables this run just created on the target and offer their replication. */
  | 'new_table_round'
  /** Re-plan the tables whose source moved on (a filtered re-read). */
  | 'scoped_round'
  /** Ask for a full round at the next tick (the metadata interval passed, idle with work to retry, a retry due). */
  | 'request_round'
  /** One-time mode: is everything done, or has something failed for good? */
  | 'verdict'
  /** The two progress lines in the log (and the status endpoint). */
  | 'report'
  /** The status endpoint's progress only. */
  | 'publish'
  /** Nothing more this tick. */
  | 'wait';

export type Step =
  | { kind: Exclude<StepKind, 'recheck_settings' | 'request_round'> }
  | { kind: 'recheck_settings'; slots: boolean }
  | { kind: 'request_round'; why: RoundReason };

export type RoundReason = 'meta_interval' | 'work_to_retry' | 'retry_due' | 'confirm';

/** The loop's facts at this moment (plain data: the Migrator fills it in). */
export interface LoopFacts {
  readonly now: number;
  readonly oneTimeRunMode: boolean;
  readonly metaIntervalMs: number;
  readonly reportIntervalMs: number;
  readonly versionPollMs: number;
  /** When each timed step last ran (epoch ms). */
  readonly last: Readonly<Record<TimedStep, number>>;
  /** The status endpoint is on. */
  readonly publishing: boolean;
  /** How often the status endpoint's progress is refreshed. */
  readonly publishMs: number;
  /** How often the manual's settings are re-checked for warnings. */
  readonly settingsCheckMs: number;
  /** How often blocking conditions are read while something waits on them. */
  readonly conditionCheckMs: number;
  /** A blocked table, a failure a DBA's change may cure, or a setting warned about. */
  readonly waitingOnConditions: boolean;
  readonly lastRoundAt: number;
  /** Least time between two full rounds now (longer after failed catalog reads). */
  readonly roundGapMs: number;
  readonly roundRequested: boolean;
  /** A full round is wanted once replication is idle: a check of everything after this run created tables. */
  readonly confirmWaiting: boolean;
  readonly ddlRunning: boolean;
  /** A full round has read the catalogs (nothing is reported before: no figure before then is true). */
  readonly planned: boolean;
  /** Tables created by this run waiting for their first plan. */
  readonly createdWaiting: number;
  /** Tables whose source moved on, waiting to be re-planned. */
  readonly replanWaiting: number;
  readonly schedulerIdle: boolean;
  /** Failed work a full round would take now (retry-book.ts). */
  readonly actionableWork: number;
  /** When the first held-back failure falls due; null when none. */
  readonly retryDueAt: number | null;
}

export type TimedStep = 'settings' | 'warnings' | 'conditions' | 'versions' | 'report' | 'publish';

const ORDER: readonly StepKind[] = [
  'recheck_settings',
  'watch_conditions',
  'full_round',
  'poll_versions',
  'new_table_round',
  'scoped_round',
  'request_round',
  'verdict',
  'report',
  'publish',
  'wait',
];

const elapsed = (f: LoopFacts, what: TimedStep, everyMs: number): boolean => f.now - f.last[what] >= everyMs;

/** The next step after `after` (null: the tick's first), or `wait`. */
export function nextStep(f: LoopFacts, after: StepKind | null = null): Step {
  for (const kind of ORDER.slice(after === null ? 0 : ORDER.indexOf(after) + 1)) {
    const step = stepIfDue(f, kind);
    if (step) return step;
  }
  return { kind: 'wait' };
}

function stepIfDue(f: LoopFacts, kind: StepKind): Step | null {
  switch (kind) {
    case 'recheck_settings':
      if (elapsed(f, 'settings', f.metaIntervalMs)) return { kind, slots: true };
      if (elapsed(f, 'warnings', Math.min(f.metaIntervalMs, f.settingsCheckMs))) return { kind, slots: false };
      return null;
    case 'watch_conditions':
      return f.waitingOnConditions && elapsed(f, 'conditions', f.conditionCheckMs) ? { kind } : null;
    case 'full_round':
      return f.roundRequested && !f.ddlRunning && f.now - f.lastRoundAt >= f.roundGapMs ? { kind } : null;
    case 'poll_versions':
      return elapsed(f, 'versions', f.versionPollMs) ? { kind } : null;
    case 'new_table_round':
      return f.createdWaiting > 0 ? { kind } : null;
    case 'scoped_round':
      return f.replanWaiting > 0 && !f.roundRequested && !metaIntervalPassed(f) ? { kind } : null;
    case 'request_round': {
      if (f.roundRequested) return null;
      if (metaIntervalPassed(f)) return { kind, why: 'meta_interval' };
      if (f.schedulerIdle && !f.ddlRunning && f.actionableWork > 0) return { kind, why: 'work_to_retry' };
      if (f.confirmWaiting && f.schedulerIdle && !f.ddlRunning && f.createdWaiting === 0) return { kind, why: 'confirm' };
      if (f.retryDueAt !== null && f.retryDueAt <= f.now && !f.ddlRunning) return { kind, why: 'retry_due' };
      return null;
    }
    case 'verdict':
      return f.oneTimeRunMode ? { kind } : null;
    case 'report':
      return f.planned && elapsed(f, 'report', f.reportIntervalMs) ? { kind } : null;
    case 'publish':
      return f.publishing && elapsed(f, 'publish', f.publishMs) ? { kind } : null;
    case 'wait':
      return null;
  }
}

/** Least time between full rounds: 0.5 s; after catalog reads failed, 1 s doubling to 30 s (a cluster down is not read hot). */
export function roundGapMs(readFailures: number): number {
  return readFailures === 0 ? 500 : Math.min(30_000, 1_000 * 2 ** Math.min(readFailures - 1, 5));
}

/** The full catalog re-read period has passed since the last full round. */
const metaIntervalPassed = (f: LoopFacts): boolean => f.now - f.lastRoundAt >= f.metaIntervalMs;

/** The timers a step restarts when taken (`last[t] = now`): a report also counts as a status refresh. */
export function timersOf(step: Step): TimedStep[] {
  switch (step.kind) {
    case 'recheck_settings':
      return [step.slots ? 'settings' : 'warnings'];
    case 'watch_conditions':
      return ['conditions'];
    case 'poll_versions':
      return ['versions'];
    case 'report':
      return ['report', 'publish'];
    case 'publish':
      return ['publish'];
    default:
      return [];
  }
}
