// The CN copy throttle: reservations are paid one after another at the rate, and a live rate that changes
// (including to unlimited) applies to a caller already waiting.
import { describe, expect, it } from 'vitest';
import { RateLimiter } from '../../../sim/lake/rate-limiter.js';

describe('RateLimiter', () => {
  it('refuses a fixed rate that is not positive', () => {
    expect(() => new RateLimiter(0)).toThrow(/bytesPerSec must be > 0/);
  });

  it('paces reservations one after another at a fixed rate', async () => {
    const limiter = new RateLimiter(10_000);
    const t0 = Date.now();
    await Promise.all([limiter.take(1000), limiter.take(1000)]);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(190);
  });

  it('lets a waiting caller go soon after a live rate becomes unlimited', async () => {
    let rate = 1; // 1 B/s: 4 KiB would take more than an hour
    const limiter = new RateLimiter(() => rate);
    const taken = limiter.take(4096);
    setTimeout(() => (rate = 0), 50);
    await taken; // at the old rate this would wait over an hour: the test's timeout is the failure
    expect(limiter.chunkBytes).toBe(1 << 20);
  }, 10_000);

  it('re-reserves what is unpaid at a faster live rate', async () => {
    let rate = 100;
    const limiter = new RateLimiter(() => rate);
    const taken = limiter.take(100_000); // over 16 minutes at 100 B/s
    setTimeout(() => (rate = 10_000_000), 50); // the rest: a few ms
    await taken; // the test's timeout is the failure
  }, 10_000);

  it('a rate set to unlimited and back to the same rate does not make new callers wait for old reservations', async () => {
    let rate = 100;
    const limiter = new RateLimiter(() => rate);
    const taken = limiter.take(4096); // 41 s at 100 B/s
    setTimeout(() => (rate = 0), 50);
    await taken;
    rate = 100;
    await limiter.take(10); // 100 ms; waiting out the old reservation would be 41 s: the test's timeout is the failure
  }, 10_000);

  it('an aborted caller gives back what it had not paid', async () => {
    const limiter = new RateLimiter(100);
    const ac = new AbortController();
    const taken = limiter.take(4096, ac.signal); // 41 s at 100 B/s
    setTimeout(() => ac.abort(new Error('job cancelled')), 50);
    await expect(taken).rejects.toThrow('job cancelled');
    await limiter.take(10); // 100 ms, not after the aborted reservation: the test's timeout is the failure
  }, 10_000);

  it('rejects with the caller’s reason when aborted while waiting', async () => {
    const limiter = new RateLimiter(1);
    const ac = new AbortController();
    const taken = limiter.take(4096, ac.signal);
    ac.abort(new Error('job cancelled'));
    await expect(taken).rejects.toThrow('job cancelled');
  });
});
