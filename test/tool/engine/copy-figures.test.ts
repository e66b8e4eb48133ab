import { describe, expect, it } from 'vitest';
import { catalogBytes, memoCatalogBytes } from '../../../src/engine/copy-figures.js';
import type { ClusterSnapshot } from '../../../src/model/snapshot.js';

describe('catalogBytes', () => {
  const table = (name: string, dataSize: number) => [name, { name, dataSize }] as const;
  const snapshot = (...tables: Array<readonly [string, { name: string; dataSize: number }]>) =>
    ({ databases: new Map([['d', { name: 'd', tables: new Map(tables) }]]) }) as unknown as ClusterSnapshot;

  it('sums the data sizes of the selected tables only', () => {
    const source = snapshot(table('a', 100), table('b', 50), table('c', 7));
    expect(catalogBytes(source, new Set(['d.a', 'd.b']))).toBe(150);
    expect(catalogBytes(null, new Set(['d.a']))).toBe(0);
  });

  it('memo: computed again for another snapshot or selection, not for the same ones', () => {
    const memo = memoCatalogBytes();
    const scope = new Set(['d.a']);
    const first = snapshot(table('a', 100));
    expect(memo(first, scope)).toBe(100);
    (first.databases.get('d')!.tables.get('a') as { dataSize: number }).dataSize = 999; // never done to a real snapshot
    expect(memo(first, scope)).toBe(100);
    expect(memo(snapshot(table('a', 40)), scope)).toBe(40);
    expect(memo(snapshot(table('a', 40), table('b', 2)), new Set(['d.a', 'd.b']))).toBe(42);
  });
});
