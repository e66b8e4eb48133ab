// Checks on parsed values that the key's meaning adds to its type (issue 11, item 6): a duration or size must be
// positive at the resolution srsync uses it with (meta_job_interval_seconds=0.0000001 would be 0 ms), and a host
// name fits DNS (a 100 KB "host" is a mistake, not a host). Keyed by the manual's key names.

/** The longest host name DNS allows (RFC 1035: 253 characters written without the trailing dot). */
export const MAX_HOST_CHARS = 253;

/** Seconds used as milliseconds. */
const MS = { perUnit: 1000, smallest: '0.001 (1 ms)' };
/** GiB / MiB used as bytes. */
const GIB_BYTES = { perUnit: 1024 ** 3, smallest: '1 byte' };
const MIB_BYTES = { perUnit: 1024 ** 2, smallest: '1 byte' };

const RESOLUTION: Readonly<Record<string, { perUnit: number; smallest: string }>> = {
  meta_job_interval_seconds: MS,
  ddl_job_interval_seconds: MS,
  replication_job_interval_seconds: MS,
  report_interval_seconds: MS,
  max_replication_data_size_per_job_in_gb: GIB_BYTES,
  log_max_file_size_mb: MIB_BYTES,
};

const HOST_KEYS: ReadonlySet<string> = new Set(['source_fe_host', 'target_fe_host', 'status_http_host']);

/**
 * Why a parsed value of `key` is not usable, as the phrase following `<key> = '<value>'`; undefined when it is.
 * A value at or above the resolution is used rounded to it (0.0015 s → 2 ms).
 */
export function keyLimit(key: string, value: unknown): string | undefined {
  const res = RESOLUTION[key];
  if (res && typeof value === 'number' && value > 0 && value * res.perUnit < 1 - 1e-9) {
    return `is below ${res.smallest}, the resolution of this key`;
  }
  if (HOST_KEYS.has(key) && typeof value === 'string') return hostLimit(value);
  return undefined;
}

/** Why a host name is not usable, or undefined. */
export function hostLimit(host: string): string | undefined {
  if (host.length > MAX_HOST_CHARS) return `is longer than ${MAX_HOST_CHARS} characters, the longest host name`;
  return undefined;
}
