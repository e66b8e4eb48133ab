// mayStart: one pure decision over pause, windows, bytes in flight and the byte budget (fake clock).
import { describe, expect, it } from 'vitest';
import { mayStart, type AdmissionState } from '../../../src/steering/admission.js';
import { fullBucket, take } from '../../../src/steering/byte-budget.js';
import { NO_LIMITS } from '../../../src/steering/limits.js';
import { parseWindows } from '../../../src/steering/window.js';

const MONDAY_NOON = Date.UTC(2026, 11, 7, 12, 0, 0);
const state = (o: Partial<AdmissionState> = {}): AdmissionState => ({
  paused: false,
  limits: NO_LIMITS,
  bytesInFlight: 0,
  bucket: fullBucket(0, 0),
  ...o,
});
const job = (dataSize: number) => ({ dataSize });

describe('mayStart', () => {
  it('everything off: ok', () => {
    expect(mayStart(job(1e12), state({ bytesInFlight: 1e12 }), MONDAY_NOON)).toEqual({ kind: 'ok' });
  });

  it('paused holds every job, before any other reason', () => {
    const limits = { ...NO_LIMITS, windows: parseWindows('22:00-06:00') };
    expect(mayStart(job(1), state({ paused: true, limits }), MONDAY_NOON)).toMatchObject({
      kind: 'held',
      reason: { kind: 'paused', text: 'paused' },
    });
  });

  it('outside the windows: held until the next start, in the configured zone', () => {
    const limits = { ...NO_LIMITS, windows: parseWindows('22:00-06:00'), timeZone: 'UTC' };
    expect(mayStart(job(1), state({ limits }), MONDAY_NOON)).toEqual({
      kind: 'held',
      reason: { kind: 'window', until: '22:00', text: 'outside window until 22:00' },
    });
    expect(mayStart(job(1), state({ limits }), MONDAY_NOON + 10 * 3600_000)).toEqual({ kind: 'ok' });
    // 12:00 UTC is 20:00 in Shanghai: its window opens in two hours.
    expect(mayStart(job(1), state({ limits: { ...limits, timeZone: 'Asia/Shanghai' } }), MONDAY_NOON)).toMatchObject({ reason: { until: '22:00' } });
    expect(mayStart(job(1), state({ limits: { ...limits, timeZone: 'Asia/Shanghai' } }), MONDAY_NOON + 2 * 3600_000)).toEqual({ kind: 'ok' });
  });

  it('bytes in flight: a job that would go over the cap waits; one larger than the cap runs alone', () => {
    const limits = { ...NO_LIMITS, maxBytesInFlight: 100 };
    expect(mayStart(job(60), state({ limits, bytesInFlight: 40 }), 0)).toEqual({ kind: 'ok' });
    expect(mayStart(job(61), state({ limits, bytesInFlight: 40 }), 0)).toMatchObject({ kind: 'held', reason: { text: 'bytes in flight' } });
    expect(mayStart(job(500), state({ limits, bytesInFlight: 1 }), 0)).toMatchObject({ kind: 'held' });
    expect(mayStart(job(500), state({ limits, bytesInFlight: 0 }), 0)).toEqual({ kind: 'ok' });
  });

  it('byte budget: held until the bucket has the job again', () => {
    const limits = { ...NO_LIMITS, bytesPerSecond: 1000 };
    const bucket = take(fullBucket(1000, 0), 1000, 900, 0);
    expect(mayStart(job(500), state({ limits, bucket }), 0)).toMatchObject({ kind: 'held', reason: { kind: 'byte_budget', text: 'byte budget' } });
    expect(mayStart(job(500), state({ limits, bucket }), 400)).toEqual({ kind: 'ok' });
  });
});
