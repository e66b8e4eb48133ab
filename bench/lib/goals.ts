// Rows for figures measured against a goal of the issue (not against the official schedule): the goal goes in the
// table's "official schedule" column as `goal ≤ X`, the ratio column says value/goal and whether it is met. Pure.
import { fmtS } from './stats.js';

export interface GoalRow {
  figure: string;
  srsync: string;
  official: string;
  ratio: string;
  srsyncValue: number;
  officialValue: number;
  unit: 's' | 'MB' | 'share' | 'ratio';
  note?: string;
}

/** `0.85× goal (met)` / `1.30× goal (OVER)`; `n/a` when either side is not a positive finite number. */
export function goalRatio(value: number, goal: number): string {
  if (!Number.isFinite(value) || !Number.isFinite(goal) || goal <= 0) return 'n/a';
  const r = value / goal;
  return `${r.toFixed(2)}× goal (${r <= 1 ? 'met' : 'OVER'})`;
}

const fmtOf = (unit: GoalRow['unit']) => (unit === 's' ? fmtS : unit === 'MB' ? (x: number) => `${x.toFixed(0)} MB` : (x: number) => x.toFixed(2));

/** A figure whose goal is an upper bound (`value ≤ goal`). */
export function goalRow(figure: string, value: number, goal: number, unit: GoalRow['unit'], note?: string): GoalRow {
  const fmt = fmtOf(unit);
  return {
    figure,
    srsync: Number.isFinite(value) ? fmt(value) : 'n/a',
    official: `goal ≤ ${fmt(goal)}`,
    ratio: goalRatio(value, goal),
    srsyncValue: value,
    officialValue: goal,
    unit,
    ...(note ? { note } : {}),
  };
}

/** A plain figure with no goal (shown for context). */
export function infoRow(figure: string, value: number, unit: GoalRow['unit'], note?: string): GoalRow {
  return {
    figure,
    srsync: Number.isFinite(value) ? fmtOf(unit)(value) : 'n/a',
    official: 'n/a',
    ratio: 'n/a',
    srsyncValue: value,
    officialValue: NaN,
    unit,
    ...(note ? { note } : {}),
  };
}

/**
 * Growth of `ys` over `xs` (both ascending sizes): the exponent k of y ∝ x^k between the first and the last point
 * (1 = linear, < 1 = sub-linear), NaN with fewer than two usable points.
 */
export function growthExponent(xs: readonly number[], ys: readonly number[]): number {
  const n = Math.min(xs.length, ys.length);
  if (n < 2) return NaN;
  const [x0, x1, y0, y1] = [xs[0]!, xs[n - 1]!, ys[0]!, ys[n - 1]!];
  if (!(x0 > 0 && x1 > x0 && y0 > 0 && y1 > 0)) return NaN;
  return Math.log(y1 / y0) / Math.log(x1 / x0);
}
