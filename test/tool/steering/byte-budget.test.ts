// The byte budget: a token bucket over planned job sizes, with a fake clock.
import { describe, expect, it } from 'vitest';
import { fullBucket, giveBack, mayTake, refill, take, waitMs } from '../../../src/steering/byte-budget.js';

const RATE = 1000; // bytes/s

describe('token bucket over job sizes', () => {
  it('admits up to one second of budget at once, then at the rate', () => {
    let b = fullBucket(RATE, 0);
    expect(mayTake(b, RATE, 600, 0)).toBe(true);
    b = take(b, RATE, 600, 0);
    expect(mayTake(b, RATE, 600, 0)).toBe(false);
    expect(waitMs(b, RATE, 600, 0)).toBe(200);
    expect(mayTake(b, RATE, 600, 199)).toBe(false);
    expect(mayTake(b, RATE, 600, 200)).toBe(true);
  });

  it('never holds more than one second of budget', () => {
    expect(refill({ tokens: 0, at: 0 }, RATE, 60_000)).toEqual({ tokens: RATE, at: 60_000 });
  });

  it('a job larger than the burst starts on a full bucket and leaves a debt the next jobs wait for', () => {
    let b = fullBucket(RATE, 0);
    expect(mayTake(b, RATE, 5000, 0)).toBe(true);
    b = take(b, RATE, 5000, 0);
    expect(b.tokens).toBe(-4000);
    expect(mayTake(b, RATE, 1, 3999)).toBe(false);
    expect(mayTake(b, RATE, 1, 4001)).toBe(true);
    expect(mayTake(b, RATE, 5000, 4001)).toBe(false); // needs a full bucket again: 5 s after the first
    expect(mayTake(b, RATE, 5000, 5000)).toBe(true);
  });

  it('over any interval the admitted bytes stay within rate × T + burst + one job', () => {
    let b = fullBucket(RATE, 0);
    let admitted = 0;
    for (let now = 0; now <= 20_000; now += 7) {
      const size = 100 + ((now * 37) % 900);
      if (mayTake(b, RATE, size, now)) {
        b = take(b, RATE, size, now);
        admitted += size;
        expect(admitted).toBeLessThanOrEqual((RATE * now) / 1000 + RATE + 1000);
      }
    }
    expect(admitted).toBeGreaterThan(RATE * 18);
  });

  it('a deferred job gives its bytes back', () => {
    const b = take(fullBucket(RATE, 0), RATE, 800, 0);
    expect(giveBack(b, RATE, 800, 0).tokens).toBe(RATE);
  });
});
