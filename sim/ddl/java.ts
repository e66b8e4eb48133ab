// Java behaviours StarRocks' output depends on: String.hashCode, HashMap iteration order, Map.toString.
// CREATE TABLE keeps partition name → id in a `HashMap` and creates the physical partitions (and their tablets)
// while iterating it, so physical partition and tablet ids follow HashMap order, not the order partitions were
// written in (OlapTableFactory.createTable).

/** java.lang.String.hashCode (UTF-16 code units, int32 overflow). */
export function javaStringHash(s: string): number {
  let h = 0;
  for (let i = 0; i < s.length; i++) h = (Math.imul(31, h) + s.charCodeAt(i)) | 0;
  return h;
}

/**
 * Iteration order of a `java.util.HashMap` (default capacity 16, load factor 0.75) after inserting `keys` in
 * order (duplicates ignored): by bucket index, then insertion order within a bucket (resizes keep that order).
 */
export function javaHashMapOrder<T>(keys: readonly T[], hash: (k: T) => number): T[] {
  const seen = new Set<T>();
  const distinct: T[] = [];
  for (const k of keys) {
    if (!seen.has(k)) {
      seen.add(k);
      distinct.push(k);
    }
  }
  let capacity = 16;
  while (distinct.length > capacity * 0.75) capacity *= 2;
  const mask = capacity - 1;
  const bucketed = distinct.map((k, i) => {
    const h = hash(k);
    return { k, i, b: (h ^ (h >>> 16)) & mask };
  });
  bucketed.sort((x, y) => x.b - y.b || x.i - y.i);
  return bucketed.map((e) => e.k);
}

export const javaStringHashMapOrder = (keys: readonly string[]): string[] => javaHashMapOrder(keys, javaStringHash);

/** `HashMap<String,String>.toString()`: `{k1=v1, k2=v2}` in HashMap order. */
export function javaMapToString(map: Record<string, string>): string {
  const keys = javaStringHashMapOrder(Object.keys(map));
  return `{${keys.map((k) => `${k}=${map[k]}`).join(', ')}}`;
}

/** Long.hashCode of a non-negative long below 2^53: low 32 bits ^ high 32 bits. */
export const javaLongHash = (n: number): number => ((n % 2 ** 32) | 0) ^ Math.floor(n / 2 ** 32);

/** Iteration order of a `HashMap<Long, ...>` / `HashSet<Long>` after inserting `ids` in order. */
export const javaLongHashMapOrder = (ids: readonly number[]): number[] => javaHashMapOrder(ids, javaLongHash);

/** `Set<Long>.toString()` of a HashSet of small positive longs: `[a, b]` (Long.hashCode = low 32 bits ^ high 32 bits). */
export function javaLongSetToString(ids: readonly number[]): string {
  return `[${javaLongHashMapOrder(ids).join(', ')}]`;
}

/** Integer.toHexString of an int32 (two's complement for negatives). */
export const javaIntToHex = (n: number): string => (n >>> 0).toString(16);
