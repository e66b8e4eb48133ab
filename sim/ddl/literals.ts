// Partition-key literals: normalization by column type (what PartitionKey keeps and prints), comparison,
// MIN values (PartitionKey.createInfinityPartitionKey) and the date arithmetic partition generation needs.
import { semanticError } from './errors.js';
import { type ColType, isDateType, isIntegerType } from './types.js';

const INT_RANGE: Record<string, [bigint, bigint]> = {
  TINYINT: [-128n, 127n],
  SMALLINT: [-32768n, 32767n],
  INT: [-2147483648n, 2147483647n],
  BIGINT: [-9223372036854775808n, 9223372036854775807n],
  LARGEINT: [-(2n ** 127n), 2n ** 127n - 1n],
};

/** The smallest key of a type, as StarRocks prints it for an open lower bound. */
export function minValue(t: ColType): string {
  if (isIntegerType(t)) return String(INT_RANGE[t.primitive]![0]);
  if (t.primitive === 'DATE') return '0000-01-01';
  if (t.primitive === 'DATETIME') return '0000-01-01 00:00:00';
  if (t.primitive === 'BOOLEAN') return 'false';
  return '';
}

export interface DateTimeParts {
  y: number;
  mo: number;
  d: number;
  h: number;
  mi: number;
  s: number;
}

/** DateUtils.probeFormat + parseStringWithDefaultHSM: `yyyy-MM-dd[ HH:mm:ss]`, `yyyyMMdd[HHmmss]`. */
export function parseDateTime(text: string): DateTimeParts | null {
  const s = text.trim();
  let m = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T](\d{1,2}):(\d{1,2})(?::(\d{1,2})(?:\.\d+)?)?)?$/.exec(s);
  if (!m) m = /^(\d{4})(\d{2})(\d{2})(?:(\d{2})(\d{2})(\d{2}))?$/.exec(s);
  if (!m) return null;
  const p: DateTimeParts = {
    y: Number(m[1]),
    mo: Number(m[2]),
    d: Number(m[3]),
    h: Number(m[4] ?? 0),
    mi: Number(m[5] ?? 0),
    s: Number(m[6] ?? 0),
  };
  if (p.mo < 1 || p.mo > 12 || p.d < 1 || p.d > daysInMonth(p.y, p.mo) || p.h > 23 || p.mi > 59 || p.s > 59) return null;
  return p;
}

export const isLeap = (y: number) => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
export const daysInMonth = (y: number, mo: number) => [31, isLeap(y) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][mo - 1]!;

const p2 = (n: number) => String(n).padStart(2, '0');
const p4 = (n: number) => String(n).padStart(4, '0');
export const fmtDate = (p: DateTimeParts) => `${p4(p.y)}-${p2(p.mo)}-${p2(p.d)}`;
export const fmtDateTime = (p: DateTimeParts) => `${fmtDate(p)} ${p2(p.h)}:${p2(p.mi)}:${p2(p.s)}`;
/** A DateTimeFormatter pattern subset: yyyy, MM, dd, HH, mm, ss. */
export function fmtPattern(p: DateTimeParts, pattern: string): string {
  return pattern
    .replace('yyyy', p4(p.y))
    .replace('MM', p2(p.mo))
    .replace('dd', p2(p.d))
    .replace('HH', p2(p.h))
    .replace('mm', p2(p.mi))
    .replace('ss', p2(p.s));
}

/** Days since 1970-01-01 of a civil date (proleptic Gregorian). */
export function toEpochDay(y: number, mo: number, d: number): number {
  const yy = mo <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const doy = Math.floor((153 * (mo + (mo > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

export function fromEpochDay(z0: number): { y: number; mo: number; d: number } {
  const z = z0 + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const mo = mp + (mp < 10 ? 3 : -9);
  return { y: yoe + era * 400 + (mo <= 2 ? 1 : 0), mo, d };
}

/** Seconds since 1970-01-01 00:00:00 (no time zone: local civil time). */
export const toEpochSecond = (p: DateTimeParts) => toEpochDay(p.y, p.mo, p.d) * 86400 + p.h * 3600 + p.mi * 60 + p.s;
export function fromEpochSecond(sec: number): DateTimeParts {
  const day = Math.floor(sec / 86400);
  const rest = sec - day * 86400;
  const { y, mo, d } = fromEpochDay(day);
  return { y, mo, d, h: Math.floor(rest / 3600), mi: Math.floor((rest % 3600) / 60), s: rest % 60 };
}

export function plusMonths(p: DateTimeParts, n: number): DateTimeParts {
  const total = p.y * 12 + (p.mo - 1) + n;
  const y = Math.floor(total / 12);
  const mo = (total % 12) + 1;
  return { ...p, y, mo, d: Math.min(p.d, daysInMonth(y, mo)) };
}
export const plusSeconds = (p: DateTimeParts, n: number) => fromEpochSecond(toEpochSecond(p) + n);
export const dayOfWeek = (p: DateTimeParts) => (((toEpochDay(p.y, p.mo, p.d) % 7) + 7 + 3) % 7) + 1; // 1 = Monday
export const dayOfYear = (p: DateTimeParts) => toEpochDay(p.y, p.mo, p.d) - toEpochDay(p.y, 1, 1) + 1;

/**
 * How a LIST partition stores a `NULL` value (PartitionValue.STARROCKS_DEFAULT_PARTITION_VALUE: the parser turns
 * `VALUES IN (NULL)` into this string, PartitionValue.getValue turns it into a NullLiteral, whose getStringValue,
 * printed by SHOW CREATE TABLE / SHOW PARTITIONS / partitions_meta, is `NULL`).
 */
export const NULL_PARTITION_VALUE = '__STARROCKS_DEFAULT_PARTITION__';

/** LiteralExpr.getStringValue of a stored LIST value: `NULL` for the NULL value, the value otherwise. */
export const listValueText = (v: string): string => (v === NULL_PARTITION_VALUE ? 'NULL' : v);

/**
 * A partition value normalized for its column type (LiteralExpr of the partition column type), or an error
 * worded as PartitionKey.createPartitionKey reports an unparsable value.
 */
export function normalizeLiteral(t: ColType, raw: string): string {
  if (isIntegerType(t)) {
    const s = raw.trim();
    if (!/^[+-]?\d+$/.test(s)) throw semanticError(`Invalid number format: ${raw}`);
    const v = BigInt(s);
    const [lo, hi] = INT_RANGE[t.primitive]!;
    if (v < lo || v > hi) throw semanticError(`Number out of range[${raw}]. type: ${t.primitive}`);
    return String(v);
  }
  if (isDateType(t)) {
    const p = parseDateTime(raw);
    if (!p) throw semanticError(`Invalid date value: ${raw}`);
    return t.primitive === 'DATE' ? fmtDate(p) : fmtDateTime(p);
  }
  if (t.primitive === 'BOOLEAN') {
    const v = raw.trim().toLowerCase();
    if (v === 'true' || v === '1') return 'true';
    if (v === 'false' || v === '0') return 'false';
    throw semanticError(`Invalid BOOLEAN literal: ${raw}`);
  }
  return raw;
}

/** Compares two normalized literals of one type; null = MAXVALUE (greater than everything). */
export function compareLiterals(t: ColType, a: string | null, b: string | null): number {
  if (a === null || b === null) return a === b ? 0 : a === null ? 1 : -1;
  if (isIntegerType(t)) {
    const x = BigInt(a);
    const y = BigInt(b);
    return x < y ? -1 : x > y ? 1 : 0;
  }
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Lexicographic comparison of partition keys (one literal per partition column). */
export function compareKeys(types: ColType[], a: ReadonlyArray<string | null>, b: ReadonlyArray<string | null>): number {
  for (let i = 0; i < types.length; i++) {
    const x = a[i];
    const y = b[i];
    const c = compareLiterals(types[i]!, x === undefined ? minValue(types[i]!) : x, y === undefined ? minValue(types[i]!) : y);
    if (c !== 0) return c;
  }
  return 0;
}
