// What the rehearsal reads from the running srsync's GET /status: whether everything selected is in sync, and the
// `Sync job progress` line to show meanwhile.

/** The part of GET /status the rehearsal reads (src/status/document.ts has the whole document). */
export interface StatusView {
  /** The `Sync job progress` line as the log prints it; null before the first progress. */
  jobLine: string | null;
  /** Jobs finished in this run (grows with every replication job that arrived). */
  finishedJobs: number;
  /** Every selected table is in sync: job progress 100 %, no table behind or failing. */
  inSync: boolean;
}

const obj = (v: unknown): Record<string, unknown> => (typeof v === 'object' && v !== null ? (v as Record<string, unknown>) : {});

/** Pure: the view of one GET /status answer. */
export function statusView(doc: unknown): StatusView {
  const d = obj(doc);
  const progress = d['progress'] === null || d['progress'] === undefined ? null : obj(d['progress']);
  const job = obj(progress?.['job']);
  const line = obj(progress?.['lines'])['job'];
  const notInSync = obj(d['tables_not_in_sync'])['count'];
  const lagging = obj(d['target_lag'])['partitions'];
  return {
    jobLine: typeof line === 'string' ? line : null,
    finishedJobs: typeof job['finished'] === 'number' ? job['finished'] : 0,
    inSync: progress !== null && job['progress'] === '100.00%' && notInSync === 0 && lagging === 0,
  };
}

/** GET /status of the srsync listening on 127.0.0.1:`port`; null when it does not answer (yet). */
export async function fetchStatus(port: number, token: string): Promise<StatusView | null> {
  try {
    const res = await fetch(`http://127.0.0.1:${port}/status`, { headers: { authorization: `Bearer ${token}` }, signal: AbortSignal.timeout(5_000) });
    if (!res.ok) return null;
    return statusView(await res.json());
  } catch {
    return null;
  }
}
