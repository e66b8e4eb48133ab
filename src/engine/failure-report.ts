// Failed work is recorded in the retry book and reported once: the first failure of a kind is an ERROR (permanent,
// with the table, the statement or job, the target's message and the fix) or a WARN (transient); later failures
// of the same kind are INFO lines with the attempt and the next try.
import { classifyDdlError, describeFailure } from '../cluster/fe-answers.js';
import type { Failure } from '../cluster/fe-answers.js';
import type { DdlOutcome } from '../applier/ddl-applier.js';
import type { Logger } from '../log/logger.js';
import type { Plan } from '../planner/actions.js';
import { ddlObject, ddlSubject, isWaiting, jobSubject, recordFailure, recordSuccess } from './retry-book.js';
import type { RetryBook } from './retry-book.js';

const firstLine = (sql: string) => `${sql.split('\n')[0]}${sql.includes('\n') ? ' ...' : ''}`;
const retryIn = (nextAt: number, now: number) => `retrying in ${Math.round((nextAt - now) / 1000)} s`;

/** Times the identical statement may succeed, round after round, before it counts as failing (it changes nothing). */
export const MAX_REPEATED_SUCCESS = 3;

/**
 * Successes clear a statement's failures; each failure is classified and recorded. `applied` counts successes of
 * identical statements: one the target accepts round after round without the plan ever dropping it (e.g. "already
 * exists" for an object of another kind) would loop; it counts as a permanent failure instead.
 */
export function recordDdlOutcomes(book: RetryBook, outcomes: readonly DdlOutcome[], log: Logger, now: number, applied: Map<string, number>): void {
  for (const o of outcomes) {
    const subject = ddlSubject(o.action);
    const times = o.ok ? (applied.get(`${subject}\u0000${o.action.sql}`) ?? 0) + 1 : 0;
    if (o.ok) applied.set(`${subject}\u0000${o.action.sql}`, times);
    if (o.ok && times < MAX_REPEATED_SUCCESS) {
      recordSuccess(book, subject);
      continue;
    }
    const failure = o.ok
      ? {
          permanent: true,
          cause: 'semantic' as const,
          message: `the target accepted this statement ${times} times, but its catalog still differs from the source`,
          fix: 'compare the object on both clusters (SHOW CREATE ...; an object of another kind with the same name?) and fix the target by hand',
        }
      : classifyDdlError(o.error ?? '', o.errno, o.transient === true);
    const what = `${o.action.kind.replace(/_/g, ' ')} ${ddlObject(o.action)} (${firstLine(o.action.sql)})`;
    const { entry, report } = recordFailure(book, subject, what, ddlObject(o.action), failure, now);
    const retry = retryIn(entry.nextAt, now);
    if (report && failure.permanent) log.error(`DDL keeps failing on the target: ${what}: ${describeFailure(failure)}; ${retry}`);
    else if (report) log.warn(`DDL failed on the target: ${what}: ${failure.message}; ${retry}`);
    else log.info(`DDL failed again on the target (attempt ${entry.attempts}): ${what}: ${failure.message}; ${retry}`);
  }
}

/**
 * A table's replication given up by the scheduler: recorded at once (so it waits for its retry); the report is
 * written once `diagnosis` (e.g. the mirror volume's location against the source's) resolves.
 */
export async function recordJobGivenUp(
  book: RetryBook,
  tableKey: string,
  jobId: string,
  failure: Failure,
  log: Logger,
  now: number,
  diagnosis?: Promise<string>,
): Promise<void> {
  const { entry, report } = recordFailure(book, jobSubject(tableKey), `replication of ${tableKey} (job ${jobId})`, tableKey, failure, now);
  const retry = retryIn(entry.nextAt, now);
  if (!report) return log.info(`Replication failed again for ${tableKey} (attempt ${entry.attempts}): ${failure.message}; ${retry}`);
  const found = diagnosis ? await diagnosis : '';
  if (found) entry.failure = { ...failure, fix: `${found}; ${failure.fix}` };
  log.error(`Replication keeps failing for ${tableKey}: job ${jobId}: ${describeFailure(entry.failure)}; ${retry}`);
}

/** Failures (and repeated successes) of work the new plan no longer has (the source changed, the table is in sync) are forgotten. */
export function forgetStaleFailures(
  book: RetryBook,
  p: Plan,
  newTables: ReadonlyArray<{ db: string; name: string }>,
  applied: Map<string, number>,
): void {
  const ddl = new Set([...p.ddl.map(ddlSubject), ...newTables.map((t) => ddlSubject({ kind: 'create_table', db: t.db, table: t.name }))]);
  for (const k of [...applied.keys()]) if (!ddl.has(k.slice(0, k.indexOf('\u0000')))) applied.delete(k);
  const jobs = new Set(p.replication.map((w) => jobSubject(`${w.db}.${w.table}`)));
  for (const subject of [...book.keys()]) {
    if (subject.startsWith('ddl:') ? !ddl.has(subject) : !jobs.has(subject)) book.delete(subject);
  }
}

/** Work of plan `p` that has not failed (it is tried at once); failed work waits for its retry. */
export function actionableWork(book: RetryBook, p: Plan | null, now: number): number {
  if (!p) return 0;
  let n = 0;
  for (const a of p.ddl) if (!book.has(ddlSubject(a))) n++;
  for (const w of p.replication) {
    const s = jobSubject(`${w.db}.${w.table}`);
    if (!book.has(s) && !isWaiting(book, s, now)) n++;
  }
  return n;
}
