// VersionEpoch values. StarRocks draws a fresh epoch from its GtidGenerator (transaction/GtidGenerator.java):
//   |0|42-bit ms since 2020-01-01 UTC|8-bit cluster id (0)|13-bit sequence|
// so real epochs are ~4e17, beyond 2^53. The simulator keeps the same magnitude but leaves the sequence bits 0
// and advances the millisecond instead, so every epoch is (ms − EPOCH) × 2^21: exact as a JS number.
// Print epochs with `formatVersionEpoch` (String(n) would round the low digits).

export const GTID_EPOCH_MS = 1577836800000; // 2020-01-01 00:00:00 UTC
const TIMESTAMP_SHIFT = 2 ** 21;

let lastMs = 0;

/** A fresh, process-wide strictly increasing GTID-like epoch. */
export function nextVersionEpoch(now = Date.now()): number {
  const ms = Math.max(now - GTID_EPOCH_MS, lastMs + 1);
  lastMs = ms;
  return ms * TIMESTAMP_SHIFT;
}

/** Exact decimal text of an epoch (or any integral i64 held in a number). */
export function formatVersionEpoch(epoch: number): string {
  return BigInt(epoch).toString();
}
