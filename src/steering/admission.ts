// Whether the next replication job may start now: one pure decision over the pause state, the time windows, the
// bytes in flight on the target and the byte budget. The scheduler asks it before it sends a job (FIFO: the head of
// its queue waits, so a large job is never starved by smaller ones behind it).
import { mayTake, type Bucket } from './byte-budget.js';
import type { SteeringLimits } from './limits.js';
import { wallClock, windowState } from './window.js';

/** Why a job may not start now; `text` is what status shows after "held: ". */
export type HeldReason =
  | { kind: 'paused'; text: string }
  | { kind: 'window'; until: string; text: string }
  | { kind: 'bytes_in_flight'; text: string }
  | { kind: 'byte_budget'; text: string };

export type Admission = { kind: 'ok' } | { kind: 'held'; reason: HeldReason };

/** What the decision reads. */
export interface AdmissionState {
  readonly paused: boolean;
  readonly limits: SteeringLimits;
  /** Sum of the planned sizes of the jobs sent and not finished (not seen COMMITTED) on the target. */
  readonly bytesInFlight: number;
  /** The byte budget's bucket (ignored when replication_bytes_per_second is 0). */
  readonly bucket: Bucket;
}

/** The size the decision reads from a job. */
export interface SizedJob {
  readonly dataSize: number;
}

const OK: Admission = { kind: 'ok' };

/**
 * May `job` start at `now`? Held while paused, outside every window, when it would take the bytes in flight over
 * replication_max_bytes_in_flight (a job larger than the cap alone starts when nothing else is in flight), or when
 * the byte budget has not got its size yet (byte-budget.ts).
 */
export function mayStart(job: SizedJob, state: AdmissionState, now: number): Admission {
  if (state.paused) return { kind: 'held', reason: { kind: 'paused', text: 'paused' } };
  const l = state.limits;
  if (l.windows.length > 0) {
    const w = windowState(l.windows, wallClock(l.timeZone, now));
    if (!w.open) return { kind: 'held', reason: { kind: 'window', until: w.until, text: `outside window until ${w.until}` } };
  }
  if (l.maxBytesInFlight > 0 && state.bytesInFlight > 0 && state.bytesInFlight + job.dataSize > l.maxBytesInFlight)
    return { kind: 'held', reason: { kind: 'bytes_in_flight', text: 'bytes in flight' } };
  if (l.bytesPerSecond > 0 && !mayTake(state.bucket, l.bytesPerSecond, job.dataSize, now))
    return { kind: 'held', reason: { kind: 'byte_budget', text: 'byte budget' } };
  return OK;
}
