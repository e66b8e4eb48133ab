// The official tool's schedule, computed from its documented defaults for the same catalog (pure functions).
// The defaults are read from srsync's own key table (src/config: the manual's sync.properties), so the model and
// the run that srsync does use the same numbers. Every function is a LOWER bound of the official tool's time
// (it is assumed to do its work instantly at each tick and to pipeline DDL and jobs perfectly); where the
// brief's simpler formula differs, both are returned.
import { SPEC_BY_KEY } from '../../src/config/index.js';

export interface OfficialDefaults {
  /** meta_job_interval_seconds: catalog re-read period. */
  metaIntervalS: number;
  /** ddl_job_interval_seconds / ddl_job_batch_size: at most `ddlBatch` DDL statements every `ddlIntervalS`. */
  ddlIntervalS: number;
  ddlBatch: number;
  /** replication_job_interval_seconds / replication_job_batch_size: at most `jobBatch` jobs every `jobIntervalS`. */
  jobIntervalS: number;
  jobBatch: number;
  /** FE replication_max_parallel_table_count (manual, FE parameters): the target's replication slots. */
  targetSlots: number;
}

function defaultOf(key: string): number {
  const spec = SPEC_BY_KEY.get(key);
  if (!spec) throw new Error(`no such sync.properties key: ${key}`);
  return Number(spec.default);
}

export function officialDefaults(): OfficialDefaults {
  return {
    metaIntervalS: defaultOf('meta_job_interval_seconds'),
    ddlIntervalS: defaultOf('ddl_job_interval_seconds'),
    ddlBatch: defaultOf('ddl_job_batch_size'),
    jobIntervalS: defaultOf('replication_job_interval_seconds'),
    jobBatch: defaultOf('replication_job_batch_size'),
    targetSlots: 100,
  };
}

/** Batches of `batch` needed for `n` items. */
export const batches = (n: number, batch: number) => Math.ceil(n / batch);

/**
 * Creating `n` tables: one batch of `ddlBatch` statements every `ddlIntervalS`.
 * brief = ceil(n/B)·I (the arithmetic); lowerBound = (ceil(n/B) − 1)·I (the first batch runs at t = 0,
 * statements take no time).
 */
export function officialCreateTables(n: number, d: OfficialDefaults): { brief: number; lowerBound: number } {
  const k = batches(n, d.ddlBatch);
  return { brief: k * d.ddlIntervalS, lowerBound: Math.max(0, k - 1) * d.ddlIntervalS };
}

/**
 * `n` loaded tables from start to all in sync, with jobs that run `jobS` seconds each.
 * sequential (the brief's formula) = ceil(n/Bd)·Id + ceil(n/Bj)·Ij + jobS (all DDL, then all jobs);
 * pipelined lower bound = Id + (ceil(n/Bj) − 1)·Ij + jobS (jobs start one DDL tick after the start and then
 * go out at the job rate, which is the slower of the two rates at the defaults; the metadata refresh that
 * the official tool needs to see the new target tables is not counted).
 */
export function officialLoadedTables(n: number, jobS: number, d: OfficialDefaults): { sequential: number; pipelined: number } {
  const kd = batches(n, d.ddlBatch);
  const kj = batches(n, d.jobBatch);
  return {
    sequential: kd * d.ddlIntervalS + kj * d.jobIntervalS + jobS,
    pipelined: d.ddlIntervalS + Math.max(0, kj - 1) * d.jobIntervalS + jobS,
  };
}

/**
 * Lag from a source publish to target visibility: the load lands at a uniformly random moment, so it waits
 * U(0, M) for the next metadata refresh, then U(0, Ij) for the next job tick, then the job runs `jobS`.
 * Quantile q of U(0,M) + U(0,Ij) (M ≥ Ij), for Ij/(2M) ≤ q ≤ 1 − Ij/(2M): q·M + Ij/2.
 * p50 = M/2 + Ij/2 + jobS (= 95 s + jobS); p95 = 0.95·M + Ij/2 + jobS (= 176 s + jobS).
 */
export function officialLagQuantile(q: number, jobS: number, d: OfficialDefaults): number {
  const m = Math.max(d.metaIntervalS, d.jobIntervalS);
  const r = Math.min(d.metaIntervalS, d.jobIntervalS);
  return sumOfUniformsQuantile(q, m, r) + jobS;
}

/** Quantile of U(0,a) + U(0,b), a ≥ b > 0 (trapezoidal distribution). */
export function sumOfUniformsQuantile(q: number, a: number, b: number): number {
  if (b <= 0) return q * a;
  const lo = b / (2 * a);
  if (q <= lo) return Math.sqrt(2 * a * b * q);
  if (q >= 1 - lo) return a + b - Math.sqrt(2 * a * b * (1 - q));
  return q * a + b / 2;
}

/**
 * Share of the target's slots the official schedule can keep busy: jobs arrive at Bj/Ij per second and each
 * holds a slot for jobS, so on average Bj·jobS/Ij slots are in use (Little's law) out of min(pending, slots).
 * Upper bound, with pending ≥ slots: min(1, Bj·jobS / (Ij·slots)).
 */
export function officialSlotShare(jobS: number, d: OfficialDefaults): number {
  return Math.min(1, (d.jobBatch * jobS) / (d.jobIntervalS * d.targetSlots));
}

/**
 * Slot refill latency of the official schedule: jobs go out only at the job ticks, every Ij, so a slot freed at a
 * moment uniformly distributed over the tick period waits U(0, Ij) for the next admission: quantile q = q·Ij
 * (p50 = Ij/2 = 5 s). A model, not a bound: with equal job times all ends fall at the same phase of the tick
 * (wait Ij − J mod Ij each). It assumes the next tick's batch of Bj has room for every slot freed since the last
 * tick, which holds at the official rate (at most Bj jobs end per tick period).
 */
export function officialRefillQuantile(q: number, d: OfficialDefaults): number {
  return Math.min(1, Math.max(0, q)) * d.jobIntervalS;
}
