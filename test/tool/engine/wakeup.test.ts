// The loop's tick sleep that events cut short (src/util/sleep.ts Wakeup): new work is taken at once.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Wakeup } from '../../../src/util/sleep.js';

describe('Wakeup', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  const settled = async (p: Promise<void>): Promise<boolean> => {
    let done = false;
    void p.then(() => (done = true));
    await vi.advanceTimersByTimeAsync(0);
    return done;
  };

  it('sleeps the whole tick when nothing wakes it', async () => {
    const w = new Wakeup();
    const p = w.sleep(100, new AbortController().signal);
    expect(await settled(p)).toBe(false);
    await vi.advanceTimersByTimeAsync(99);
    expect(await settled(p)).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(await settled(p)).toBe(true);
  });

  it('a wake() during the sleep ends it at once', async () => {
    const w = new Wakeup();
    const p = w.sleep(100, new AbortController().signal);
    w.wake();
    expect(await settled(p)).toBe(true);
  });

  it('a wake() between sleeps cuts only the next one short', async () => {
    const w = new Wakeup();
    w.wake();
    w.wake();
    expect(await settled(w.sleep(100, new AbortController().signal))).toBe(true);
    expect(await settled(w.sleep(100, new AbortController().signal))).toBe(false);
  });

  it('an abort ends it', async () => {
    const w = new Wakeup();
    const stop = new AbortController();
    const p = w.sleep(100, stop.signal);
    stop.abort();
    expect(await settled(p)).toBe(true);
    expect(await settled(w.sleep(100, stop.signal))).toBe(true);
  });
});
