// What the two progress lines of the manual say, computed from plain counters (pure).
//   Sync job progress: total, ddlPending, jobPending, sent, running, finished, failed, unknown
//   Sync table progress: finishedTableRatio, expiredTableRatio, total table, finished table, unfinished table, expired table

export interface JobProgress {
  ddlPending: number;
  jobPending: number;
  sent: number;
  running: number;
  finished: number;
  failed: number;
  unknown: number;
}

export interface TableProgress {
  /** Tables in this migration run (in scope on the source). */
  total: number;
  /** Tables with at least one successful synchronization (or nothing to synchronize). */
  finished: number;
  /** Finished tables whose target data is behind the source right now. */
  expired: number;
}

/**
 * `n` of `d` as a percentage with two decimals, rounded toward the safe side: a share of work done rounds down (so
 * that one job left of 100,000 reads 99.99 %, never 100.00 %), a share of work behind rounds up (never 0.00 % while
 * a table is behind).
 */
function pct(n: number, d: number, round: 'down' | 'up' = 'down'): string {
  if (d === 0) return '100.00%';
  const hundredths = round === 'down' ? Math.floor((10_000 * n) / d) : Math.ceil((10_000 * n) / d);
  return `${(hundredths / 100).toFixed(2)}%`;
}

export function jobTotal(p: JobProgress): number {
  return p.ddlPending + p.jobPending + p.sent + p.running + p.finished + p.failed + p.unknown;
}

/** The job line's percentage: finished of total (`100.00%` when there are no jobs). */
export function jobProgressRatio(p: JobProgress): string {
  return pct(p.finished, jobTotal(p));
}

/** The table line's two ratios. */
export function tableProgressRatios(p: TableProgress): { finishedTableRatio: string; expiredTableRatio: string } {
  return { finishedTableRatio: pct(p.finished, p.total), expiredTableRatio: p.total === 0 ? '0.00%' : pct(p.expired, p.total, 'up') };
}

/** `Sync job progress: 100.00%, total: 3, ddlPending: 0, jobPending: 0, sent: 0, running: 0, finished: 3, failed: 0, unknown: 0` */
export function formatJobProgress(p: JobProgress): string {
  const total = jobTotal(p);
  return (
    `Sync job progress: ${jobProgressRatio(p)}, total: ${total}, ddlPending: ${p.ddlPending}, jobPending: ${p.jobPending}, ` +
    `sent: ${p.sent}, running: ${p.running}, finished: ${p.finished}, failed: ${p.failed}, unknown: ${p.unknown}`
  );
}

/** `Sync table progress: finishedTableRatio: 100.00%, expiredTableRatio: 0.00%, total table: 3, finished table: 3, unfinished table: 0, expired table: 0` */
export function formatTableProgress(p: TableProgress): string {
  const { finishedTableRatio, expiredTableRatio } = tableProgressRatios(p);
  return (
    `Sync table progress: finishedTableRatio: ${finishedTableRatio}, expiredTableRatio: ${expiredTableRatio}, ` +
    `total table: ${p.total}, finished table: ${p.finished}, unfinished table: ${p.total - p.finished}, expired table: ${p.expired}`
  );
}
