// Throughput over a sliding window and the ETA it gives (pure).

/** Bytes credited at a time (epoch ms). */
export interface TimedBytes {
  readonly at: number;
  readonly bytes: number;
}

/**
 * Bytes per second over the last `windowMs` (or since `since` when that is shorter): the bytes credited in
 * (now − window, now] over the window's length. null when no time has passed yet.
 */
export function throughput(credits: readonly TimedBytes[], now: number, windowMs: number, since: number): number | null {
  const from = Math.max(now - windowMs, since);
  const seconds = (now - from) / 1000;
  if (seconds <= 0) return null;
  let bytes = 0;
  for (const c of credits) if (c.at > from && c.at <= now) bytes += c.bytes;
  return bytes / seconds;
}

/**
 * Seconds until `remaining` bytes are copied at `bytesPerSecond`, rounded up: 0 when nothing remains, null when
 * it is not known (remaining unknown, throughput unknown or nothing copied in the window).
 */
export function etaSeconds(remaining: number | null, bytesPerSecond: number | null): number | null {
  if (remaining === null) return null;
  if (remaining <= 0) return 0;
  if (bytesPerSecond === null || bytesPerSecond <= 0) return null;
  return Math.ceil(remaining / bytesPerSecond);
}
