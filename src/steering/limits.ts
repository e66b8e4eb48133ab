// The steering keys (srsync-only, all off by default, changeable while srsync runs): their value parsers, and the
// limits they make. Declared in src/config/sync-config.ts like every key; only these take effect without a restart.
import { z } from 'zod';
import type { SyncConfig } from '../config/sync-config.js';
import { canonicalZone, formatWindows, parseWindows, systemTimeZone, WindowSyntaxError, type TimeWindow } from './window.js';

/** The keys a running srsync applies when sync.properties changes or the status endpoint is told (POST /steering). */
export const STEERING_KEYS = [
  'replication_max_bytes_in_flight',
  'replication_bytes_per_second',
  'replication_windows',
  'replication_window_time_zone',
] as const;
export type SteeringKey = (typeof STEERING_KEYS)[number];

/** The SyncConfig fields of the steering keys. */
export type SteeringFields = Pick<
  SyncConfig,
  'replicationMaxBytesInFlight' | 'replicationBytesPerSecond' | 'replicationWindows' | 'replicationWindowTimeZone'
>;

const FIELD_OF: Readonly<Record<SteeringKey, keyof SteeringFields>> = {
  replication_max_bytes_in_flight: 'replicationMaxBytesInFlight',
  replication_bytes_per_second: 'replicationBytesPerSecond',
  replication_windows: 'replicationWindows',
  replication_window_time_zone: 'replicationWindowTimeZone',
};

export const fieldOf = (key: SteeringKey): keyof SteeringFields => FIELD_OF[key];

const UNITS: Readonly<Record<string, number>> = { '': 1, b: 1, kb: 1024, mb: 1024 ** 2, gb: 1024 ** 3, tb: 1024 ** 4 };
const SIZE_MESSAGE = 'is not a byte size (0 = off, or a number with an optional unit B, KB, MB, GB, TB; 1 KB = 1024 bytes)';

/** `0` (off), `1048576`, `500MB`, `1.5 GB` → whole bytes (units of 1024). */
export const byteSize = z.string().transform((s, ctx) => {
  const m = /^\s*(\d+(?:\.\d+)?)\s*([kmgt]?b)?\s*$/i.exec(s);
  const bytes = m ? Math.round(Number(m[1]) * UNITS[(m[2] ?? '').toLowerCase()]!) : NaN;
  if (!Number.isSafeInteger(bytes)) {
    ctx.addIssue({ code: z.ZodIssueCode.custom, message: SIZE_MESSAGE });
    return z.NEVER;
  }
  return bytes;
});

/** replication_windows: validated and written canonically ('' = no windows: always open). */
export const windowList = z.string().transform((s, ctx) => {
  try {
    return formatWindows(parseWindows(s));
  } catch (e) {
    if (!(e instanceof WindowSyntaxError)) throw e;
    ctx.addIssue({ code: z.ZodIssueCode.custom, message: `${e.message}; write e.g. 22:00-06:00 or Mon-Fri 20:00-06:00; Sat,Sun 00:00-24:00` });
    return z.NEVER;
  }
});

/** replication_window_time_zone: an IANA zone Intl knows, canonical; '' = the machine's zone. */
export const timeZone = z.string().transform((s, ctx) => {
  const t = s.trim();
  if (t === '') return '';
  const zone = canonicalZone(t);
  if (zone === null) {
    ctx.addIssue({ code: z.ZodIssueCode.custom, message: 'is not an IANA time zone (e.g. UTC, Europe/Berlin, Asia/Shanghai)' });
    return z.NEVER;
  }
  return zone;
});

/** What admission checks; 0 / no windows = that limit is off. */
export interface SteeringLimits {
  readonly maxBytesInFlight: number;
  readonly bytesPerSecond: number;
  readonly windows: readonly TimeWindow[];
  /** The IANA zone the windows are read in. */
  readonly timeZone: string;
}

export const NO_LIMITS: SteeringLimits = Object.freeze({ maxBytesInFlight: 0, bytesPerSecond: 0, windows: Object.freeze([]), timeZone: 'UTC' });

/** The steering keys' values of a config (nothing else: no secret travels with them). */
export function steeringFieldsOf(c: SteeringFields): SteeringFields {
  return {
    replicationMaxBytesInFlight: c.replicationMaxBytesInFlight,
    replicationBytesPerSecond: c.replicationBytesPerSecond,
    replicationWindows: c.replicationWindows,
    replicationWindowTimeZone: c.replicationWindowTimeZone,
  };
}

/** The limits of the steering keys' values. */
export function limitsOf(c: SteeringFields): SteeringLimits {
  return {
    maxBytesInFlight: c.replicationMaxBytesInFlight,
    bytesPerSecond: c.replicationBytesPerSecond,
    windows: parseWindows(c.replicationWindows),
    timeZone: c.replicationWindowTimeZone === '' ? systemTimeZone() : c.replicationWindowTimeZone,
  };
}

/** True when some limit can hold a job. */
export const anyLimit = (l: SteeringLimits): boolean => l.maxBytesInFlight > 0 || l.bytesPerSecond > 0 || l.windows.length > 0;

const PARSERS: Readonly<Record<SteeringKey, z.ZodType<unknown, z.ZodTypeDef, string>>> = {
  replication_max_bytes_in_flight: byteSize,
  replication_bytes_per_second: byteSize,
  replication_windows: windowList,
  replication_window_time_zone: timeZone,
};

/** A change of steering keys asked for (POST /steering): `{ "key": "value" }`, parsed like sync.properties. */
export type SteeringChange = Partial<SteeringFields>;

/** Parses `{ key: value }` (values as strings or numbers); a message naming the key for anything else. */
export function parseSteeringChange(body: unknown): { ok: true; change: SteeringChange } | { ok: false; message: string } {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return { ok: false, message: 'expected a JSON object {"key": "value"}' };
  const change: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(body)) {
    if (!(STEERING_KEYS as readonly string[]).includes(key))
      return { ok: false, message: `${key} cannot be changed while srsync runs (only ${STEERING_KEYS.join(', ')})` };
    if (typeof value !== 'string' && typeof value !== 'number') return { ok: false, message: `${key}: expected a string value` };
    const parsed = PARSERS[key as SteeringKey].safeParse(String(value));
    if (!parsed.success) return { ok: false, message: `${key} = '${String(value)}' ${parsed.error.issues[0]?.message ?? 'is not valid'}` };
    change[FIELD_OF[key as SteeringKey]] = parsed.data;
  }
  return { ok: true, change: change as SteeringChange };
}
