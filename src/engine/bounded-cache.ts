// A map that forgets its least recently used entries beyond a bound: the job sender's index and tablet caches
// (a long continuous run over a big catalog must not keep every table's layout forever).

export class BoundedCache<K, V> {
  private readonly entries = new Map<K, V>();

  constructor(readonly maxEntries: number) {
    if (!(maxEntries >= 1)) throw new Error(`a cache needs room for one entry at least (got ${maxEntries})`);
  }

  get size(): number {
    return this.entries.size;
  }

  /** The entry (now the most recently used), or undefined. */
  get(key: K): V | undefined {
    const v = this.entries.get(key);
    if (v === undefined) return undefined;
    this.entries.delete(key);
    this.entries.set(key, v);
    return v;
  }

  /** Stores `value` as the most recently used entry, evicting the least recently used ones beyond the bound. */
  set(key: K, value: V): void {
    this.entries.delete(key);
    this.entries.set(key, value);
    while (this.entries.size > this.maxEntries) this.entries.delete(this.entries.keys().next().value as K);
  }

  delete(key: K): void {
    this.entries.delete(key);
  }

  clear(): void {
    this.entries.clear();
  }

  /** The cached value, or the one `make` returns (stored; a rejected promise value is removed when it rejects). */
  getOrSet(key: K, make: () => V): V {
    const hit = this.get(key);
    if (hit !== undefined) return hit;
    const v = make();
    this.set(key, v);
    if (v instanceof Promise) {
      v.catch(() => {
        if (this.entries.get(key) === v) this.entries.delete(key);
      });
    }
    return v;
  }
}
