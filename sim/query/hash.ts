// StarRocks' hash functions as the simulated CN computes them, over the UTF-8 bytes of each (VARCHAR) argument.
// murmur_hash3_32(s1, s2, ...): be/src/exprs/hash_functions.h: seed = HashUtil::MURMUR3_32_SEED (104729), then
// seed = murmur_hash3_x86_32(arg, seed) for each argument in turn; any NULL argument makes the result NULL; the
// uint32 result is stored in an INT column (printed signed).
import type { Value } from './eval.js';

export const MURMUR3_32_SEED = 104729;

/** MurmurHash3 x86_32 of `bytes` with `seed` (unsigned 32-bit result). */
export function murmur3x86_32(bytes: Uint8Array, seed: number): number {
  const c1 = 0xcc9e2d51;
  const c2 = 0x1b873593;
  let h = seed >>> 0;
  const len = bytes.length;
  const blocks = len - (len % 4);
  for (let i = 0; i < blocks; i += 4) {
    let k = bytes[i]! | (bytes[i + 1]! << 8) | (bytes[i + 2]! << 16) | (bytes[i + 3]! << 24);
    k = Math.imul(k, c1);
    k = (k << 15) | (k >>> 17);
    k = Math.imul(k, c2);
    h ^= k;
    h = (h << 13) | (h >>> 19);
    h = (Math.imul(h, 5) + 0xe6546b64) | 0;
  }
  let k = 0;
  switch (len & 3) {
    case 3:
      k ^= bytes[blocks + 2]! << 16;
    // falls through
    case 2:
      k ^= bytes[blocks + 1]! << 8;
    // falls through
    case 1:
      k ^= bytes[blocks]!;
      k = Math.imul(k, c1);
      k = (k << 15) | (k >>> 17);
      k = Math.imul(k, c2);
      h ^= k;
  }
  h ^= len;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** `murmur_hash3_32(args...)` as StarRocks answers it: a signed INT, or NULL when an argument is NULL. */
export function murmurHash3_32(args: readonly Value[]): Value {
  let seed = MURMUR3_32_SEED;
  for (const a of args) {
    if (a === null) return null;
    seed = murmur3x86_32(Buffer.from(a, 'utf8'), seed);
  }
  return String(seed | 0);
}

/** The hash functions by (lower-case) name; undefined for a name that is not one of them. */
export function hashFunction(name: string, args: readonly Value[]): Value | undefined {
  if (name === 'murmur_hash3_32') return args.length === 0 ? undefined : murmurHash3_32(args);
  return undefined;
}
