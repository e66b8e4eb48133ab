import { describe, it, expect } from 'vitest';
import { parseRangeMeasure } from '../../../sim/lake/partition-expr.js';

describe('parseRangeMeasure', () => {
  it('reads date_trunc and time_slice over bare and back-quoted (hostile) columns', () => {
    expect(parseRangeMeasure("date_trunc('day', dt)")).toMatchObject({ fn: 'date_trunc', granularity: 'day', column: 'dt' });
    expect(parseRangeMeasure("date_trunc('month', `order date`)")?.column).toBe('order date');
    expect(parseRangeMeasure("date_trunc('day', `日``期`)")?.column).toBe('日`期');
    expect(parseRangeMeasure('time_slice(`t s`, interval 2 hour)')).toMatchObject({ fn: 'time_slice', column: 't s', interval: 2, granularity: 'hour' });
    expect(parseRangeMeasure('str2date(dt, "%Y")')).toBeNull();
  });
});
