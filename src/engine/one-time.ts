// How a run ends: a one-time run's verdict (sync-ledger.ts decides, this turns it into an exit code and the lines
// the operator reads), and a one-time run stopped by SIGTERM before it finished.
import { describeFailure } from '../cluster/fe-answers.js';
import type { Plan } from '../planner/actions.js';
import type { UnsyncedTables } from '../status/model.js';
import { blockingNotes } from './plan-notes.js';
import type { RetryBook } from './retry-book.js';
import type { OneTimeFacts, OneTimeVerdict } from './sync-ledger.js';

/** Exit code of a one-time run that could not synchronize everything (ExitCode.sync). */
export const EXIT_NOT_SYNCED = 4;

export interface RunResult {
  exitCode: number;
  /** Why a one-time run could not finish everything, one line per table. */
  unsynced: string[];
}

/** What ends a run: its result, and the lines to log (INFO and ERROR). */
export interface RunEnd {
  result: RunResult;
  info: string[];
  errors: string[];
}

/** The verdict's facts: the retry book's failures and the plan's blocking notes. */
export function oneTimeFacts(busy: boolean, actionable: number, book: RetryBook, p: Plan): OneTimeFacts {
  return {
    busy,
    actionable,
    failures: [...book.values()].map((e) => ({
      object: e.object,
      attempts: e.attempts,
      permanent: e.failure.permanent,
      line: `${e.what}: ${describeFailure(e.failure)}`,
    })),
    blocks: blockingNotes(p.notes),
  };
}

/** A verdict as the run's end; null while the run goes on. */
export function verdictEnd(v: OneTimeVerdict): RunEnd | null {
  if (v.kind === 'continue') return null;
  if (v.kind === 'done')
    return { result: { exitCode: 0, unsynced: [] }, info: ['One-time synchronization finished: every selected table is in sync'], errors: [] };
  return { result: { exitCode: EXIT_NOT_SYNCED, unsynced: v.unsynced }, info: [], errors: v.unsynced.map((u) => `Not synchronized: ${u}`) };
}

/** A one-time run stopped (SIGTERM) before it finished: non-zero, with what was not in sync yet (null: no catalog read yet). */
export function stoppedEnd(u: UnsyncedTables | null): RunEnd {
  const lines = (u?.tables ?? []).map((t) => `${t.table}: ${t.reason}`);
  if (u && u.count > lines.length) lines.push(`and ${u.count - lines.length} more table(s)`);
  if (lines.length === 0 && !u) lines.push('stopped before the catalogs were read');
  if (lines.length === 0) return { result: { exitCode: 0, unsynced: [] }, info: [], errors: [] };
  return {
    result: { exitCode: EXIT_NOT_SYNCED, unsynced: lines.map((l) => `stopped before one-time synchronization finished: ${l}`) },
    info: [],
    errors: lines.map((l) => `Not synchronized (one-time run stopped): ${l}`),
  };
}
