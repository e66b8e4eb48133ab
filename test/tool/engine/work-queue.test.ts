// Issue 10: reads done ahead run a few at a time, in order (src/engine/work-queue.ts), and the copy figures.
import { describe, expect, it } from 'vitest';
import { WorkQueue } from '../../../src/engine/work-queue.js';
import { copyFigures } from '../../../src/engine/copy-figures.js';
import type { ClusterSnapshot } from '../../../src/model/snapshot.js';

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

describe('copyFigures', () => {
  it('sets the bytes copied against the selected tables of the catalog', () => {
    const table = (name: string, dataSize: number) => [name, { name, dataSize }] as const;
    const source = {
      databases: new Map([['d', { name: 'd', tables: new Map([table('a', 100), table('b', 50), table('c', 7)]) }]]),
    } as unknown as ClusterSnapshot;
    expect(copyFigures(180, source, new Set(['d.a', 'd.b']))).toEqual({ bytesCopied: 180, bytesInCatalog: 150 });
    expect(copyFigures(0, null, new Set())).toEqual({ bytesCopied: 0, bytesInCatalog: 0 });
  });
});
