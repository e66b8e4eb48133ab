// Expression (automatic) partitioning: which range a row's time value falls into and how StarRocks names the
// partition it creates for it (AnalyzerUtils.getAddPartitionClauseForRangePartition / ...ListPartition):
//   date_trunc('day', dt) → p20240105 [2024-01-05, 2024-01-06); month → p202401; year → p2024;
//   hour → p2024010512; minute → p202401051230. time_slice(dt, INTERVAL n unit) uses n units.
//   LIST: 'p' + getFormatPartitionValue(v) joined with '_'.
import { formatDate, formatDateTime, parseDateTime } from './values.js';

export type Granularity = 'minute' | 'hour' | 'day' | 'month' | 'year';

export interface RangeMeasure {
  fn: 'date_trunc' | 'time_slice';
  granularity: Granularity;
  interval: number;
  column: string;
}

/** Parses `date_trunc('day', dt)` / `time_slice(dt, interval 7 day)`; null for anything else. */
export function parseRangeMeasure(exprText: string | null): RangeMeasure | null {
  if (!exprText) return null;
  const t = exprText.trim();
  // A column is a bare word or a back-quoted name (which may hold spaces, Unicode and doubled backticks).
  const COL = '(`(?:[^`]|``)+`|[^\\s,()`]+)';
  let m = new RegExp(`^date_trunc\\s*\\(\\s*['"](\\w+)['"]\\s*,\\s*${COL}\\s*\\)$`, 'i').exec(t);
  if (m) return measure('date_trunc', m[1]!, 1, unquote(m[2]!));
  m = new RegExp(`^time_slice\\s*\\(\\s*${COL}\\s*,\\s*interval\\s+(\\d+)\\s+(\\w+)\\s*(?:,\\s*\\w+\\s*)?\\)$`, 'i').exec(t);
  if (m) return measure('time_slice', m[3]!, Number(m[2]), unquote(m[1]!));
  return null;
}

const unquote = (c: string) => (c.startsWith('`') ? c.slice(1, -1).replace(/``/g, '`') : c);

function measure(fn: RangeMeasure['fn'], unit: string, interval: number, column: string): RangeMeasure {
  const u = unit.toLowerCase();
  const granularity = (['minute', 'hour', 'day', 'month', 'year'] as const).find((g) => g === u);
  if (!granularity) throw new Error(`unsupported automatic partition granularity:${unit}`);
  return { fn, granularity, interval: Math.max(1, interval), column };
}

interface Parts {
  y: number;
  mo: number;
  d: number;
  h: number;
  mi: number;
  s: number;
}

const MS = { minute: 60_000, hour: 3_600_000, day: 86_400_000 } as const;
/** 0001-01-01 00:00:00 UTC, the origin time_slice counts from. */
const TIME_SLICE_ORIGIN = -62135596800000;

function toMs(p: Parts): number {
  const d = new Date(0);
  d.setUTCFullYear(p.y, p.mo - 1, p.d);
  d.setUTCHours(p.h, p.mi, p.s, 0);
  return d.getTime();
}

function fromMs(ms: number): Parts {
  const d = new Date(ms);
  return { y: d.getUTCFullYear(), mo: d.getUTCMonth() + 1, d: d.getUTCDate(), h: d.getUTCHours(), mi: d.getUTCMinutes(), s: d.getUTCSeconds() };
}

function addUnits(p: Parts, g: Granularity, n: number): Parts {
  if (g === 'month' || g === 'year') {
    const months = p.y * 12 + (p.mo - 1) + (g === 'year' ? 12 * n : n);
    return { ...p, y: Math.floor(months / 12), mo: (months % 12) + 1 };
  }
  return fromMs(toMs(p) + MS[g] * n);
}

/** Start of the range a time value falls into. */
function floorTo(p: Parts, m: RangeMeasure): Parts {
  const { granularity: g, interval: n } = m;
  if (g === 'month' || g === 'year') {
    const unitMonths = g === 'year' ? 12 : 1;
    let months = (p.y - (m.fn === 'time_slice' ? 1 : 0)) * 12 + (p.mo - 1);
    months = Math.floor(months / (unitMonths * n)) * unitMonths * n;
    const y = Math.floor(months / 12) + (m.fn === 'time_slice' ? 1 : 0);
    return { y, mo: (months % 12) + 1, d: 1, h: 0, mi: 0, s: 0 };
  }
  const origin = m.fn === 'time_slice' ? TIME_SLICE_ORIGIN : 0;
  const unit = MS[g] * n;
  const ms = toMs(p);
  return fromMs(origin + Math.floor((ms - origin) / unit) * unit);
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

function partitionName(p: Parts, g: Granularity): string {
  const ymd = `${pad(p.y, 4)}${pad(p.mo)}${pad(p.d)}`;
  switch (g) {
    case 'year':
      return `p${pad(p.y, 4)}`;
    case 'month':
      return `p${pad(p.y, 4)}${pad(p.mo)}`;
    case 'day':
      return `p${ymd}`;
    case 'hour':
      return `p${ymd}${pad(p.h)}`;
    case 'minute':
      return `p${ymd}${pad(p.h)}${pad(p.mi)}`;
  }
}

/** The automatic range partition for a time value of a DATE/DATETIME column; null when the value is not a date. */
export function autoRangePartition(
  value: string,
  m: RangeMeasure,
  columnIsDate: boolean,
): { name: string; lower: string; upper: string } | null {
  const p = parseDateTime(value);
  if (!p) return null;
  const begin = floorTo(p, m);
  const end = addUnits(begin, m.granularity, m.interval);
  const fmt = (x: Parts) => (columnIsDate ? formatDate(x) : formatDateTime(x));
  return { name: partitionName(begin, m.granularity), lower: fmt(begin), upper: fmt(end) };
}

/** AnalyzerUtils.getFormatPartitionValue */
export function formatPartitionValue(value: string): string {
  let out = value.startsWith('-') ? '_' : '';
  for (const ch of value) {
    if (/^[A-Za-z0-9]$/.test(ch)) out += ch;
    else if (ch === '-' || ch === ':' || ch === ' ') continue;
    else out += ch.codePointAt(0)!.toString(16);
  }
  return out;
}

/** java.lang.String.hashCode, as Integer.toHexString prints it. */
export function javaHashHex(s: string): string {
  let h = 0;
  for (let i = 0; i < s.length; i++) h = (Math.imul(h, 31) + s.charCodeAt(i)) | 0;
  return (h >>> 0).toString(16);
}

/** FeConstants.MAX_LIST_PARTITION_NAME_LENGTH */
export const MAX_LIST_PARTITION_NAME_LENGTH = 50;

/** Name of the automatic LIST partition for one value tuple; made unique (case-insensitively) against `existing`. */
export function autoListPartitionName(values: string[], existing: Iterable<string>): string {
  let name = `p${values.map(formatPartitionValue).join('_')}`;
  if (name.length > MAX_LIST_PARTITION_NAME_LENGTH) name = `${name.slice(0, MAX_LIST_PARTITION_NAME_LENGTH)}_${javaHashHex(name)}`;
  const taken = new Set([...existing].map((n) => n.toLowerCase()));
  if (!taken.has(name.toLowerCase())) return name;
  // AnalyzerUtils.calculateUniquePartitionName
  let diff = 0;
  for (let i = 0; i < name.length; i++) diff = (Math.imul(diff, 31) + name.charCodeAt(i)) | 0;
  let candidate = `${name}_${(diff >>> 0).toString(16)}`;
  for (let i = 0; i <= 100 && taken.has(candidate.toLowerCase()); i++) {
    diff = (diff + 1) | 0;
    candidate = `${name}_${(diff >>> 0).toString(16)}`;
  }
  return candidate;
}
