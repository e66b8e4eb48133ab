// Partitions of automatic expression-partitioned tables (`PARTITION BY date_trunc('day', ts)`, `time_slice(ts,
// INTERVAL 1 day)`: partition type EXPR_RANGE). StarRocks refuses `ADD PARTITION p VALUES [..)` on them and accepts
// only `ADD PARTITIONS START (..) END (..) EVERY (INTERVAL 1 <unit>)` with the table's own granularity and a step of 1
// (PartitionDescAnalyzer.analyzeSingleRangePartitionDescWithExistsTable / analyzeMultiRangePartitionDescWithExists-
// Table). The partition then gets the automatic name (MultiRangePartitionDesc with autoPartitionTable: `p` +
// yyyyMMddHH / yyyyMMdd / yyyyMM / yyyy of its lower bound), which is the name the source's load gave it. A source
// partition whose bound is not exactly one such unit, or whose name is not that name (renamed, merged, a
// time_slice of N > 1 units), cannot be reproduced: the caller notes it.
import type { PartitionBound } from '../model/snapshot.js';
import type { BatchUnit } from './ddl.js';

interface DateTime {
  y: number;
  mo: number;
  d: number;
  h: number;
  mi: number;
  s: number;
  /** The text had a time part (DATETIME column). */
  time: boolean;
}

function parse(text: string): DateTime | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})(?: (\d{2}):(\d{2}):(\d{2}))?$/.exec(text.trim());
  if (!m) return null;
  return { y: +m[1]!, mo: +m[2]!, d: +m[3]!, h: +(m[4] ?? 0), mi: +(m[5] ?? 0), s: +(m[6] ?? 0), time: m[4] !== undefined };
}

const leap = (y: number) => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
const daysIn = (y: number, mo: number) => [31, leap(y) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][mo - 1]!;

function next(t: DateTime, unit: BatchUnit): DateTime {
  const n = { ...t };
  if (unit === 'YEAR') return { ...n, y: n.y + 1 };
  if (unit === 'MONTH') return n.mo === 12 ? { ...n, y: n.y + 1, mo: 1 } : { ...n, mo: n.mo + 1 };
  if (unit === 'HOUR' && n.h < 23) return { ...n, h: n.h + 1 };
  if (unit === 'HOUR') n.h = 0;
  if (n.d < daysIn(n.y, n.mo)) return { ...n, d: n.d + 1 };
  return n.mo === 12 ? { ...n, y: n.y + 1, mo: 1, d: 1 } : { ...n, mo: n.mo + 1, d: 1 };
}

const same = (a: DateTime, b: DateTime) => a.y === b.y && a.mo === b.mo && a.d === b.d && a.h === b.h && a.mi === b.mi && a.s === b.s;
const p2 = (n: number) => String(n).padStart(2, '0');

function aligned(t: DateTime, unit: BatchUnit): boolean {
  if (t.mi !== 0 || t.s !== 0) return false;
  if (unit === 'HOUR') return true;
  if (t.h !== 0) return false;
  if (unit === 'DAY') return true;
  if (t.d !== 1) return false;
  return unit === 'MONTH' || t.mo === 1;
}

/** The automatic partition name of a range starting at `t` (AnalyzerUtils / MultiRangePartitionDesc formats). */
function autoName(t: DateTime, unit: BatchUnit): string {
  const y = String(t.y).padStart(4, '0');
  switch (unit) {
    case 'YEAR':
      return `p${y}`;
    case 'MONTH':
      return `p${y}${p2(t.mo)}`;
    case 'DAY':
      return `p${y}${p2(t.mo)}${p2(t.d)}`;
    case 'HOUR':
      return `p${y}${p2(t.mo)}${p2(t.d)}${p2(t.h)}`;
  }
}

export interface AutoRangeBatch {
  start: string;
  end: string;
  unit: BatchUnit;
}

/**
 * The START/END/EVERY that re-creates `name` with `bound` on an automatic range table, or null when no such
 * statement gives that partition (see the file comment).
 */
export function autoRangeBatch(bound: PartitionBound, name: string): AutoRangeBatch | null {
  if (bound.kind !== 'range' || bound.lower.length !== 1 || bound.upper.length !== 1) return null;
  const lo = parse(bound.lower[0]!);
  const hi = parse(bound.upper[0]!);
  if (!lo || !hi) return null;
  const units: BatchUnit[] = lo.time ? ['HOUR', 'DAY', 'MONTH', 'YEAR'] : ['DAY', 'MONTH', 'YEAR'];
  for (const unit of units) {
    if (!aligned(lo, unit) || !same(next(lo, unit), hi)) continue;
    if (autoName(lo, unit).toLowerCase() !== name.toLowerCase()) return null;
    return { start: bound.lower[0]!, end: bound.upper[0]!, unit };
  }
  return null;
}
