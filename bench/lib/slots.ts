// How busy the target's replication slots were, and how fast a freed slot was refilled (pure functions over the
// bench's samples of SHOW PROC '/replications' and of the tables still to sync).
import { mean } from './stats.js';

/** Target job states that hold a replication slot. */
export const RUNNING_STATES: ReadonlySet<string> = new Set(['INITIALIZING', 'SNAPSHOTING', 'REPLICATING']);

/** One sample: the target's job list and the work left, at `t` (ms). */
export interface JobSample {
  t: number;
  /** JobID → State, as SHOW PROC '/replications' listed them. */
  jobs: ReadonlyMap<string, string>;
  /** Source tables not yet in sync on the target. */
  pending: number;
  /** Of those, the ones that exist on the target (a job can be sent for them). */
  replicable: number;
  /** Of those, the ones without a job holding a slot or awaiting its publish: work waiting for a slot. */
  waiting: number;
}

/**
 * Tables waiting for a slot: `replicable` (target table ids of the tables not in sync that exist on the target)
 * minus those whose job is running or COMMITTED (the FE frees the slot at COMMITTED and makes the versions
 * visible at the publish after it, so a committed table still looks behind for a moment). For a source that does
 * not change during the run: a COMMITTED job then always covers the table's current versions.
 */
export function waitingTables(replicable: Iterable<string>, jobs: ReadonlyArray<{ tableId: string; state: string }>): number {
  const covered = new Set(jobs.filter((j) => RUNNING_STATES.has(j.state) || j.state === 'COMMITTED').map((j) => j.tableId));
  let n = 0;
  for (const id of replicable) if (!covered.has(id)) n++;
  return n;
}

/**
 * mean over samples with work(s) > 0 of min(1, running / min(work(s), slots)): of the slots the work left could
 * use, the share that was busy. NaN without such samples.
 */
export function busyShare<S extends { running: number }>(samples: readonly S[], slots: number, work: (s: S) => number): number {
  const shares = samples.filter((s) => work(s) > 0).map((s) => Math.min(1, s.running / Math.min(work(s), slots)));
  return mean(shares);
}

export function runningCount(jobs: ReadonlyMap<string, string>): number {
  let n = 0;
  for (const state of jobs.values()) if (RUNNING_STATES.has(state)) n++;
  return n;
}

/** What happened between one sample and the next: jobs first listed (admitted) and jobs that stopped running (ended). */
export interface SlotEvent {
  t: number;
  admitted: number;
  ended: number;
  /** JobSample.waiting: tables waiting for a slot after this sample's changes. */
  waiting: number;
}

/**
 * Admissions and ends seen from one sample to the next. A job is admitted when its id is first listed (whatever
 * its state: a job that started and committed between two samples counts as admitted and ended); it ended when it
 * was listed running and is now listed in another state or not listed at all (the FE keeps only the latest job
 * per table).
 */
export function slotEvents(samples: readonly JobSample[]): SlotEvent[] {
  const seen = new Set<string>();
  let wasRunning = new Set<string>();
  const out: SlotEvent[] = [];
  for (const s of samples) {
    let admitted = 0;
    let ended = 0;
    const running = new Set<string>();
    for (const [id, state] of s.jobs) {
      const isRunning = RUNNING_STATES.has(state);
      if (isRunning) running.add(id);
      if (!seen.has(id)) {
        seen.add(id);
        admitted++;
        if (!isRunning) ended++;
      }
    }
    for (const id of wasRunning) if (!running.has(id)) ended++;
    wasRunning = running;
    out.push({ t: s.t, admitted, ended, waiting: s.waiting });
  }
  return out;
}

export interface RefillResult {
  /** Per refilled end: time from the job's end to the admission that took its slot (ms). */
  latencies: number[];
  /** Ends that counted (work was waiting for a slot). */
  ends: number;
  /** Of those, ends no later admission took (the run ended first). */
  unmatched: number;
}

/**
 * Slot refill latency, FIFO: each job end at a moment when work was waiting for a slot is queued; each later
 * admission takes the oldest queued end (ends before admissions at equal times). Admissions with no queued end
 * filled slots that were free anyway (the ramp-up) and are not counted. `waitingAfter` = work that could use the
 * freed slot: tables waiting at this moment plus the ones admitted at this moment.
 */
export function refillLatencies(events: ReadonlyArray<{ t: number; admitted: number; ended: number; waitingAfter: number }>): RefillResult {
  const queue: number[] = [];
  const latencies: number[] = [];
  let ends = 0;
  for (const e of events) {
    if (e.ended > 0 && e.waitingAfter > 0) {
      const n = Math.min(e.ended, e.waitingAfter);
      for (let i = 0; i < n; i++) queue.push(e.t);
      ends += n;
    }
    for (let i = 0; i < e.admitted && queue.length > 0; i++) latencies.push(e.t - queue.shift()!);
  }
  return { latencies, ends, unmatched: queue.length };
}

/** Refill latency from the target's samples (see slotEvents, refillLatencies). */
export function sampledRefills(samples: readonly JobSample[]): RefillResult {
  return refillLatencies(slotEvents(samples).map((e) => ({ t: e.t, admitted: e.admitted, ended: e.ended, waitingAfter: e.waiting + e.admitted })));
}

/**
 * srsync's own reaction, from its log: each "finished" line is matched FIFO to the next "sent" lines when srsync
 * had `slots` jobs in flight (sent − finished lines) before the run of "finished" lines it belongs to (one poll
 * reports several ends at once) and more jobs were still to be sent. Times in ms.
 */
export function loggedRefills(sentAt: readonly number[], finishedAt: readonly number[], slots: number): RefillResult {
  const events = [...sentAt.map((t) => ({ t, kind: 'sent' as const })), ...finishedAt.map((t) => ({ t, kind: 'finished' as const }))].sort(
    (a, b) => a.t - b.t || (a.kind === 'finished' ? -1 : 1),
  );
  let inFlight = 0;
  let sentLeft = sentAt.length;
  let full = false;
  let previous: 'sent' | 'finished' = 'sent';
  const out: Array<{ t: number; admitted: number; ended: number; waitingAfter: number }> = [];
  for (const e of events) {
    if (e.kind === 'sent') {
      inFlight++;
      sentLeft--;
      out.push({ t: e.t, admitted: 1, ended: 0, waitingAfter: 0 });
    } else {
      if (previous === 'sent') full = inFlight >= slots;
      inFlight--;
      out.push({ t: e.t, admitted: 0, ended: 1, waitingAfter: full && sentLeft > 0 ? 1 : 0 });
    }
    previous = e.kind;
  }
  return refillLatencies(out);
}
