// Reads srsync's own log (log/sync.INFO.log) for a breakdown of a run: when DDL and jobs happened.
export interface LogEvent {
  at: number;
  text: string;
}

const LINE = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})\.(\d{3}) \w+ \[[^\]]*\] (.*)$/;

/** Lines with their time (the logger writes local time, millisecond resolution). */
export function parseLog(text: string): LogEvent[] {
  const out: LogEvent[] = [];
  for (const line of text.split('\n')) {
    const m = LINE.exec(line);
    if (!m) continue;
    const at = new Date(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!, +m[7]!).getTime();
    out.push({ at, text: m[8]! });
  }
  return out;
}

export interface RunBreakdown {
  /** Seconds from `t0` (null when the event never happened). */
  firstDdlS: number | null;
  lastDdlS: number | null;
  ddlCount: number;
  firstJobSentS: number | null;
  lastJobFinishedS: number | null;
  jobsSent: number;
  jobsFinished: number;
  /** Per-job send → finished as srsync saw it (includes its own 200 ms follow-up tick), seconds. */
  jobDurationsS: number[];
}

export function breakdown(events: LogEvent[], t0: number): RunBreakdown {
  const s = (at: number | undefined) => (at === undefined ? null : (at - t0) / 1000);
  const ddl = events.filter((e) => e.text.startsWith('DDL done on target') || e.text.startsWith('DDL already done on target'));
  const sent = new Map<string, number>();
  const durations: number[] = [];
  let lastFinished: number | undefined;
  let firstSent: number | undefined;
  let finished = 0;
  for (const e of events) {
    let m = /^Replication job (\S+) sent for /.exec(e.text);
    if (m) {
      sent.set(m[1]!, e.at);
      firstSent ??= e.at;
      continue;
    }
    m = /^Replication job (\S+) finished for /.exec(e.text);
    if (m) {
      finished++;
      lastFinished = e.at;
      const at = sent.get(m[1]!);
      if (at !== undefined) durations.push((e.at - at) / 1000);
    }
  }
  return {
    firstDdlS: s(ddl[0]?.at),
    lastDdlS: s(ddl[ddl.length - 1]?.at),
    ddlCount: ddl.length,
    firstJobSentS: s(firstSent),
    lastJobFinishedS: s(lastFinished),
    jobsSent: sent.size,
    jobsFinished: finished,
    jobDurationsS: durations,
  };
}

/**
 * Times (ms, as logged) of every "Replication job … sent" line and of the "… finished" lines of those jobs (a table
 * the target answered "No data need to replicate" for is logged finished without a job: left out).
 */
export function jobEventTimes(events: LogEvent[]): { sentAt: number[]; finishedAt: number[] } {
  const sent = new Set<string>();
  const sentAt: number[] = [];
  const finishedAt: number[] = [];
  for (const e of events) {
    let m = /^Replication job (\S+) sent for /.exec(e.text);
    if (m) {
      sent.add(m[1]!);
      sentAt.push(e.at);
      continue;
    }
    m = /^Replication job (\S+) finished for /.exec(e.text);
    if (m && sent.has(m[1]!)) finishedAt.push(e.at);
  }
  return { sentAt, finishedAt };
}
