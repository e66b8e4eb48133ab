// Issue 10: reads done ahead run a few at a time, in order (src/engine/work-queue.ts).
import { describe, expect, it } from 'vitest';
import { WorkQueue } from '../../../src/engine/work-queue.js';

describe('WorkQueue', () => {
  it('runs at most `concurrency` tasks, in the order they were queued, past failures', async () => {
    const q = new WorkQueue(2);
    const started: number[] = [];
    const releases: Array<() => void> = [];
    let running = 0;
    let peak = 0;
    const done: number[] = [];
    for (let i = 0; i < 5; i++) {
      q.push(async () => {
        started.push(i);
        running++;
        peak = Math.max(peak, running);
        await new Promise<void>((r) => releases.push(r));
        running--;
        done.push(i);
        if (i === 1) throw new Error('a failed read');
      });
    }
    for (let k = 0; k < 5; k++) {
      await new Promise((r) => setImmediate(r));
      releases.shift()?.();
    }
    for (let k = 0; k < 5 && done.length < 5; k++) {
      await new Promise((r) => setImmediate(r));
      releases.shift()?.();
    }
    expect(started).toEqual([0, 1, 2, 3, 4]);
    expect(done.sort()).toEqual([0, 1, 2, 3, 4]);
    expect(peak).toBe(2);
    expect(q.waiting).toBe(0);
  });
});
