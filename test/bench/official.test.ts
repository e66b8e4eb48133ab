import { describe, it, expect } from 'vitest';
import {
  officialCreateTables,
  officialDefaults,
  officialLagQuantile,
  officialLoadedTables,
  officialSlotShare,
  sumOfUniformsQuantile,
} from '../../bench/lib/official.js';

describe("the official tool's schedule model (bench)", () => {
  const d = officialDefaults();

  it('takes the manual defaults from the config key table', () => {
    expect(d).toEqual({ metaIntervalS: 180, ddlIntervalS: 5, ddlBatch: 10, jobIntervalS: 10, jobBatch: 10, targetSlots: 100 });
  });

  it('creates 10,000 tables in ceil(10000/10) × 5 s', () => {
    expect(officialCreateTables(10_000, d)).toEqual({ brief: 5000, lowerBound: 4995 });
  });

  it('syncs 2,000 loaded tables no faster than its DDL and job rates allow', () => {
    expect(officialLoadedTables(2000, 1, d)).toEqual({ sequential: 1000 + 2000 + 1, pipelined: 5 + 1990 + 1 });
  });

  it('lag quantiles of U(0,180) + U(0,10) plus the job time', () => {
    expect(officialLagQuantile(0.5, 0, d)).toBeCloseTo(95, 6);
    expect(officialLagQuantile(0.95, 0.1, d)).toBeCloseTo(176.1, 6);
    // the quantile function is monotonic and ends at a + b
    expect(sumOfUniformsQuantile(0, 180, 10)).toBe(0);
    expect(sumOfUniformsQuantile(1, 180, 10)).toBeCloseTo(190, 6);
    expect(sumOfUniformsQuantile(0.01, 180, 10)).toBeLessThan(sumOfUniformsQuantile(0.02, 180, 10));
  });

  it("slot share by Little's law, capped at 1", () => {
    expect(officialSlotShare(0.14, d)).toBeCloseTo(0.0014, 6);
    expect(officialSlotShare(1000, d)).toBe(1);
  });
});
